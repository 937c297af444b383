// Reads YAML files (or a kustomize build stream) for the command-line modes: finds the
// subjects, the HostedClusters, HyperShift CLI mirror list files and function configs in
// them, each able to place a result's field path at its line and column (locate.ts).
// Pure: the caller reads the files.
import { isScalar, isSeq, type Document, type LineCounter } from 'yaml';
import { CODE, FN_CONFIG_API_VERSION, FN_CONFIG_KIND } from '../constants.js';
import { configuredCluster } from '../function/config.js';
import { isHostedCluster } from '../hypershift/cluster.js';
import { fileAnnotation, isObject, refOf, type JsonObject } from '../krm/kube.js';
import type { Position, ResourceRef, Result } from '../krm/result.js';
import type { ValidateOptions } from '../validate/hosted-cluster.js';
import type { Version } from '../validate/release-version.js';
import {
  formatSegments,
  locateIn,
  pairFor,
  parseFieldPath,
  parseStream,
  type Located,
  type Segment,
} from './locate.js';

export interface InputFile {
  /** As shown in reports: relative to where the command runs, or "<stdin>". */
  path: string;
  text: string;
}

export const STDIN_PATH = '<stdin>';

/** The version a HyperShift CLI mirror list is checked against: it names no release, so the gate passes. */
export const CLI_LIST_VERSION: Version = { major: 4, minor: 21, patch: 0 };

export type SubjectKind = 'HostedCluster' | 'MirrorList' | 'ImageTagMirrors';

/** One thing to validate: a HostedCluster, a mirror list file, or a function config. */
export interface Subject {
  kind: SubjectKind;
  file: string;
  /** Document index within the file (0-based). */
  document: number;
  name: string;
  namespace: string;
  resourceRef?: ResourceRef;
  /** The input for validateHostedCluster. */
  spec: unknown;
  options: ValidateOptions;
  /** The raw object (function configs: for readConfig). */
  obj: unknown;
  /** The file the object came from, per kpt/kustomize annotations (config.kubernetes.io/path). */
  origin?: { path: string; index: number };
  /** A result's field path (relative to the validated spec's object) as a position in the file. */
  locate(fieldPath: string | undefined, code?: string): Located;
  /** The field path as the user sees it in this file ("[0].mirrors[1]" for a mirror list). */
  displayPath(fieldPath: string | undefined): string | undefined;
  /** A result message with the field paths it names as they are in this file. */
  displayMessage(message: string): string;
}

/** Another object of the input that a mode asked to keep (a pull Secret, a workload). */
export interface InputObject {
  value: JsonObject;
  file: string;
  /** Document index within the file (0-based). */
  document: number;
}

export interface LoadOptions {
  /** Which other objects to keep (top-level, and items of a List); none by default. */
  keep?: (o: JsonObject) => boolean;
}

export interface Loaded {
  subjects: Subject[];
  /** The objects `keep` chose, in input order. */
  objects: InputObject[];
  /** What is wrong with the input itself (YAML that does not parse): invalid-yaml errors. */
  problems: Result[];
  files: number;
}

function invalidYaml(file: string, document: number, message: string, position: Position): Result {
  return {
    severity: 'error',
    message,
    file: { path: file, index: document },
    position,
    tags: { code: CODE.invalidYaml },
  };
}

/** A document whose root is a list of {source, mirrors} maps: `hypershift create cluster --image-tag-mirror-set FILE`. */
function isMirrorList(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.some((e) => isObject(e) && ('source' in e || 'mirrors' in e));
}

const isFnConfig = (o: JsonObject) => o.apiVersion === FN_CONFIG_API_VERSION && o.kind === FN_CONFIG_KIND;
const isList = (o: JsonObject) => typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items);

interface Place {
  file: string;
  document: number;
  doc: Document;
  lines: LineCounter;
}

function makeSubject(place: Place, base: unknown, obj: JsonObject | unknown[]): Subject | undefined {
  // Segments stay relative to the object, so that they can be found again in its own file.
  const locateFor =
    (map: (segs: Segment[]) => Segment[]) =>
    (fieldPath: string | undefined, code?: string): Located =>
      locateIn(
        place.doc,
        place.lines,
        base,
        map(fieldPath ? parseFieldPath(fieldPath) : []),
        code === CODE.unknownField,
      );
  const common = { file: place.file, document: place.document };
  if (Array.isArray(obj)) {
    // spec.imageTagMirrorSet[i]... -> [i]...
    const map = (segs: Segment[]) => (segs[0] === 'spec' && segs[1] === 'imageTagMirrorSet' ? segs.slice(2) : []);
    return {
      ...common,
      kind: 'MirrorList',
      name: '',
      namespace: '',
      spec: { imageTagMirrorSet: obj },
      options: { version: CLI_LIST_VERSION },
      obj,
      locate: locateFor(map),
      displayPath: (p) => (p === undefined ? undefined : formatSegments(map(parseFieldPath(p))) || '(the list)'),
      displayMessage: (m) => m.replace(/spec\.imageTagMirrorSet\[(\d+)\]/g, 'entry [$1]'),
    };
  }
  const ref = refOf(obj);
  const origin = fileAnnotation(obj);
  const withOrigin = origin ? { origin } : {};
  if (isHostedCluster(obj)) {
    return {
      ...common,
      ...withOrigin,
      kind: 'HostedCluster',
      name: ref.name,
      namespace: ref.namespace ?? '',
      resourceRef: ref,
      spec: obj.spec,
      options: {},
      obj,
      locate: locateFor((s) => s),
      displayPath: (p) => p,
      displayMessage: (m) => m,
    };
  }
  if (isFnConfig(obj)) {
    const configured = configuredCluster(isObject(obj.spec) ? obj.spec : {});
    // The checked spec has release.image where the config has cluster.releaseImage.
    const map = (segs: Segment[]) =>
      segs[0] === 'spec' && segs[1] === 'release' ? ['spec', 'cluster', 'releaseImage'] : segs;
    return {
      ...common,
      ...withOrigin,
      kind: 'ImageTagMirrors',
      name: configured.id.name,
      namespace: configured.id.namespace,
      resourceRef: ref,
      spec: configured.spec,
      options: configured.version ? { version: configured.version } : {},
      obj,
      locate: locateFor(map),
      displayPath: (p) => (p === undefined ? undefined : formatSegments(map(parseFieldPath(p)))),
      displayMessage: (m) => m.replace(/spec\.release\.image/g, 'spec.cluster.releaseImage'),
    };
  }
  return undefined;
}

/** Reads every file; YAML that does not parse is a problem (exit 2), the rest is searched. */
export function loadInputs(files: readonly InputFile[], opts: LoadOptions = {}): Loaded {
  const out: Loaded = { subjects: [], objects: [], problems: [], files: files.length };
  const keep = (value: JsonObject, file: string, document: number) => {
    if (opts.keep?.(value)) out.objects.push({ value, file, document });
  };
  for (const f of files) {
    const { docs, lines } = parseStream(f.text);
    docs.forEach((doc, document) => {
      if (doc.errors.length > 0) {
        for (const e of doc.errors.slice(0, 1)) {
          const at = e.linePos?.[0] ?? { line: 1, col: 1 };
          const end = e.linePos?.[1] ?? at;
          out.problems.push(
            invalidYaml(
              f.path,
              document,
              `not valid YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
              { line: at.line, column: at.col, endLine: end.line, endColumn: end.col },
            ),
          );
        }
        return;
      }
      const root = doc.contents;
      if (!root || (isScalar(root) && root.value === null)) return;
      let value: unknown;
      try {
        value = doc.toJS({ maxAliasCount: 100 });
      } catch (e) {
        const at = lines.linePos(root.range?.[0] ?? 0);
        out.problems.push(
          invalidYaml(f.path, document, `cannot read: ${(e as Error).message}`, {
            line: at.line,
            column: at.col,
            endLine: at.line,
            endColumn: at.col,
          }),
        );
        return;
      }
      const place: Place = { file: f.path, document, doc, lines };
      if (isMirrorList(value)) {
        const s = makeSubject(place, root, value);
        if (s) out.subjects.push(s);
        return;
      }
      if (!isObject(value)) return;
      if (isList(value)) {
        (value.items as unknown[]).forEach((item, i) => {
          if (!isObject(item)) return;
          keep(item, f.path, document);
          const itemsNode = pairFor(doc, root, 'items')?.value;
          const node = isSeq(itemsNode) ? itemsNode.items[i] : undefined;
          const s = node ? makeSubject(place, node, item) : undefined;
          if (s) out.subjects.push(s);
        });
        return;
      }
      keep(value, f.path, document);
      const s = makeSubject(place, root, value);
      if (s) out.subjects.push(s);
    });
  }
  return out;
}
