// Reads YAML files (or a kustomize build stream) for the command-line modes: finds the
// subjects, the HostedClusters, HyperShift CLI mirror list files and function configs in
// them, each able to place a result's field path at its line and column (locate.ts).
// Pure: the caller reads the files.
import { isScalar, isSeq, LineCounter, type Document } from 'yaml';
import { CODE, FN_CONFIG_API_VERSION, FN_CONFIG_KIND } from '../constants.js';
import { configuredCluster } from '../function/config.js';
import { isHostedCluster } from '../hypershift/cluster.js';
import { fileAnnotation, isObject, refOf, sameValue, type JsonObject } from '../krm/kube.js';
import type { Position, ResourceRef, Result } from '../krm/result.js';
import type { ValidateOptions } from '../validate/hosted-cluster.js';
import type { Version } from '../validate/release-version.js';
import { documentsOf, fastDocuments } from './documents.js';
import { formatSegments, locateIn, pairFor, parseFieldPath, type Located, type Segment } from './locate.js';

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

export interface Loaded {
  subjects: Subject[];
  /** What is wrong with the input itself (YAML that does not parse): invalid-yaml errors. */
  problems: Result[];
  files: number;
  /** Documents with content (not empty, not only comments), over every file. */
  documents: number;
  /** Releases the documents' trees once results are placed (a later result parses its document again). */
  forget(): void;
}

/** One document as read, for a caller that looks at every document (the render check). */
export interface DocumentSeen {
  file: InputFile;
  index: number;
  /** Its value, when it could be read (any YAML value). */
  value: unknown;
  start: number;
  end: number;
  lines: LineCounter;
}

export interface LoadOptions {
  /** Called for every document with content, in order, before the next is built. */
  onDocument?(d: DocumentSeen): void;
  /**
   * Read files of plain block YAML maps without building their trees (documents.ts
   * fastDocuments), for a caller that places few results: each is placed in its document
   * parsed again.
   */
  fast?: boolean;
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

/** A document as loaded: enough to parse it again (its tree is not kept) and check the copy. */
interface Place {
  file: InputFile;
  document: number;
  start: number;
  end: number;
  /** The file's lines. */
  lines: LineCounter;
  /** Its value as loaded: a copy parsed again must give the same. */
  value: unknown;
  /** Its tree, until the loader forgets it. */
  doc?: Document.Parsed;
  /** Read by fastDocuments: plain block YAML between `---` lines, the same alone. */
  plain?: true;
}

/** A document parsed again; `shift` lines to add to its positions to get the file's. */
interface Reparsed {
  doc: Document.Parsed;
  lines: LineCounter;
  shift: number;
}

/** The first readable document of `text` whose value is `value`, parsed with kubectl's meaning. */
function parsedAgain(text: string, index: number | undefined, value: unknown, check = true): Reparsed | undefined {
  const lines = new LineCounter();
  let i = 0;
  for (const d of documentsOf(text, lines)) {
    if (index !== undefined && i++ !== index) continue;
    if (d.problem || d.unread) return undefined;
    if (!check) return { doc: d.doc, lines, shift: 0 };
    let again: unknown;
    try {
      again = d.doc.toJS({ maxAliasCount: 100 });
    } catch {
      return undefined;
    }
    return sameValue(again, value) ? { doc: d.doc, lines, shift: 0 } : undefined;
  }
  return undefined;
}

/**
 * The trees results are placed in. Loading keeps each document's tree until `forget` (check
 * places every result first); then it is released (a 9 MB HostedCluster's tree is about 200
 * MB, and the render that follows needs the memory), and a result placed later parses its
 * document again, kept until another is asked for (the subjects of a List share it).
 */
class Reparser {
  private readonly loaded: Place[] = [];
  private key?: Place;
  private last?: Reparsed;

  keep(place: Place, doc: Document.Parsed): void {
    place.doc = doc;
    this.loaded.push(place);
  }

  get(place: Place): Reparsed | undefined {
    if (place.doc) return { doc: place.doc, lines: place.lines, shift: 0 };
    if (this.key === place) return this.last;
    this.last = undefined;
    // Its own lines (from the start of the line it starts on, so columns stay the file's),
    // unless they read differently alone (a %TAG or %YAML directive before it): then the file.
    const at = place.lines.linePos(place.start);
    const from = place.start - (at.col - 1);
    // A document read by fastDocuments reads the same alone: nothing to check.
    const alone = parsedAgain(place.file.text.slice(from, place.end), 0, place.value, !place.plain);
    const out = alone ? { ...alone, shift: at.line - 1 } : parsedAgain(place.file.text, place.document, place.value);
    this.key = place;
    if (out) this.last = out;
    return out;
  }

  forget(): void {
    for (const p of this.loaded) delete p.doc;
    this.loaded.length = 0;
    this.key = undefined;
    this.last = undefined;
  }
}

/** Where nothing can be found (the document no longer reads as it did): the document's start. */
function documentStart(place: Place): Located {
  const at = place.lines.linePos(place.start);
  return {
    line: at.line,
    column: at.col,
    endLine: at.line,
    endColumn: at.col,
    segments: [],
    atKey: false,
    value: undefined,
  };
}

/** The node a subject is, in a parse of its document: the root, or an item of a List's items. */
type BaseOf = (doc: Document) => unknown;
const rootOf: BaseOf = (doc) => doc.contents;
const listItemOf =
  (i: number): BaseOf =>
  (doc) => {
    const items = pairFor(doc, doc.contents, 'items')?.value;
    return isSeq(items) ? items.items[i] : undefined;
  };

function makeSubject(
  place: Place,
  reparser: Reparser,
  baseOf: BaseOf,
  obj: JsonObject | unknown[],
): Subject | undefined {
  // Segments stay relative to the object, so that they can be found again in its own file.
  const locateFor =
    (map: (segs: Segment[]) => Segment[]) =>
    (fieldPath: string | undefined, code?: string): Located => {
      const again = reparser.get(place);
      if (!again) return documentStart(place);
      const at = locateIn(
        again.doc,
        again.lines,
        baseOf(again.doc),
        map(fieldPath ? parseFieldPath(fieldPath) : []),
        code === CODE.unknownField,
      );
      return again.shift === 0 ? at : { ...at, line: at.line + again.shift, endLine: at.endLine + again.shift };
    };
  const common = { file: place.file.path, document: place.document };
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

/**
 * Reads every file, one document at a time (only subjects are kept); YAML that does not parse
 * is a problem (exit 2), the rest is searched.
 */
export function loadInputs(files: readonly InputFile[], opts: LoadOptions = {}): Loaded {
  const reparser = new Reparser();
  const out: Loaded = {
    subjects: [],
    problems: [],
    files: files.length,
    documents: 0,
    forget: () => reparser.forget(),
  };
  /** A document read: its subjects; whether it has any (only then is its tree worth keeping). */
  const take = (place: Place): boolean => {
    const { value } = place;
    opts.onDocument?.({
      file: place.file,
      index: place.document,
      value,
      start: place.start,
      end: place.end,
      lines: place.lines,
    });
    const before = out.subjects.length;
    const add = (s: Subject | undefined) => {
      if (s) out.subjects.push(s);
    };
    if (isMirrorList(value)) add(makeSubject(place, reparser, rootOf, value));
    else if (isObject(value) && isList(value))
      (value.items as unknown[]).forEach((item, i) => {
        if (isObject(item)) add(makeSubject(place, reparser, listItemOf(i), item));
      });
    else if (isObject(value)) add(makeSubject(place, reparser, rootOf, value));
    return out.subjects.length > before;
  };
  for (const f of files) {
    const lines = new LineCounter();
    const fast = opts.fast ? fastDocuments(f.text, lines) : undefined;
    if (fast) {
      for (const d of fast) {
        if (d.value === undefined) continue;
        out.documents++;
        take({ file: f, document: d.index, start: d.start, end: d.end, lines, value: d.value, plain: true });
      }
      continue;
    }
    for (const d of documentsOf(f.text, lines)) {
      const { doc, index: document } = d;
      if (d.unread) {
        out.documents++;
        continue;
      }
      if (d.problem) {
        out.problems.push(invalidYaml(f.path, document, d.problem.message, d.problem.position));
        out.documents++;
        continue;
      }
      const root = doc.contents;
      if (!root || (isScalar(root) && root.value === null)) continue;
      out.documents++;
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
        continue;
      }
      const place: Place = { file: f, document, start: d.start, end: d.end, lines, value };
      // Only a document with subjects keeps its tree: a stream of other objects (65 MB of
      // ConfigMaps) would otherwise hold every tree until the results are placed.
      if (take(place)) reparser.keep(place, doc);
    }
  }
  return out;
}
