// Reads YAML files (or a kustomize build stream) for the command-line modes: finds the
// HostedClusters, HyperShift CLI mirror list files and function configs in them, keeping
// every node's position so that a result's field path can be shown at its line and column.
// Pure: the caller reads the files.
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  type Document,
  type Node,
  type Pair,
} from 'yaml';
import { ANNOTATION, FN_CONFIG_API_VERSION, FN_CONFIG_KIND } from '../constants.js';
import { configuredCluster } from '../function/config.js';
import { isHostedCluster } from '../hypershift/cluster.js';
import { refOf, sameValue, isObject, type JsonObject } from '../krm/kube.js';
import type { Version } from '../validate/release-version.js';
import type { ResourceRef, Severity } from '../krm/result.js';
import type { ValidateOptions } from '../validate/hosted-cluster.js';

export interface InputFile {
  /** As shown in reports: relative to where the command runs, or "<stdin>". */
  path: string;
  text: string;
}

export const STDIN_PATH = '<stdin>';

/** The version a HyperShift CLI mirror list is checked against: it names no release, so the gate passes. */
export const CLI_LIST_VERSION: Version = { major: 4, minor: 21, patch: 0 };

export type SubjectKind = 'HostedCluster' | 'MirrorList' | 'ImageTagMirrors';

export interface Position {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

type Segment = string | number;

/** A node found for a field path: where it is, and enough to find it again in another copy. */
export interface Located extends Position {
  /** The path actually found (a prefix of the one asked for when a field is missing). */
  segments: Segment[];
  /** The key rather than the value was pointed at. */
  atKey: boolean;
  value: unknown;
}

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

/** Something wrong with the input itself (unreadable, not YAML). */
export interface InputProblem {
  severity: Severity;
  code: string;
  message: string;
  file: string;
  document?: number;
  position: Position;
}

export interface Loaded {
  subjects: Subject[];
  problems: InputProblem[];
  files: number;
}

/** "spec.imageTagMirrorSet[0].mirrors[1]" -> ["spec", "imageTagMirrorSet", 0, "mirrors", 1]. */
export function parseFieldPath(path: string): Segment[] {
  const out: Segment[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]/g;
  for (let m = re.exec(path); m; m = re.exec(path)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

const formatSegments = (segs: readonly Segment[]) =>
  segs.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');

/** A parsed YAML stream with its line counter. */
export interface YamlStream {
  docs: Document.Parsed[];
  lines: LineCounter;
}

export function parseStream(text: string): YamlStream {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines });
  return { docs: Array.isArray(docs) ? docs : [], lines };
}

function position(lines: LineCounter, start: number, end: number): Position {
  const a = lines.linePos(start);
  const b = lines.linePos(Math.max(start, end));
  return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
}

function resolve(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function pairFor(doc: Document, map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  for (const p of map.items) {
    const k = resolve(doc, p.key);
    const name = isScalar(k) ? String(k.value) : typeof k === 'string' ? k : undefined;
    if (name === key) return p;
  }
  return undefined;
}

const toJS = (doc: Document, node: unknown): unknown => {
  if (node === undefined || node === null) return node;
  try {
    return (node as Node).toJS(doc, { maxAliasCount: 100 });
  } catch {
    return undefined;
  }
};

/**
 * Finds the node at `segments` below `base`; a missing field points at its nearest existing
 * parent. A key whose value is empty (or an unknown field) points at the key.
 */
export function locateIn(
  doc: Document,
  lines: LineCounter,
  base: unknown,
  segments: readonly Segment[],
  preferKey = false,
): Located {
  let node: unknown = resolve(doc, base);
  let pair: Pair | undefined;
  const found: Segment[] = [];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    let next: unknown;
    let nextPair: Pair | undefined;
    let used = 1;
    if (typeof seg === 'number') {
      if (isSeq(node) && seg < node.items.length) next = node.items[seg];
    } else if (isMap(node)) {
      nextPair = pairFor(doc, node, seg);
      // A key with dots in it ("a.b") arrives split: try the longer keys too.
      for (let j = i + 1; !nextPair && j < segments.length && typeof segments[j] === 'string'; j++) {
        nextPair = pairFor(doc, node, segments.slice(i, j + 1).join('.'));
        if (nextPair) used = j - i + 1;
      }
      next = nextPair?.value ?? undefined;
      if (nextPair && next === undefined) {
        // "key:" with nothing after it: the key is the place.
        pair = nextPair;
        found.push(...segments.slice(i, i + used));
        node = undefined;
        break;
      }
    }
    if (next === undefined || next === null) break;
    found.push(...segments.slice(i, i + used));
    i += used - 1;
    pair = nextPair;
    node = resolve(doc, next);
  }
  const complete = found.length === segments.length;
  const valueNode = node as Node | undefined;
  const range = valueNode?.range;
  const emptyValue = !range || range[0] === range[1];
  const keyNode = pair ? (resolve(doc, pair.key) as Node | undefined) : undefined;
  // The key when the value is empty, when asked (an unknown field), or when a field below the
  // value is missing ("spec:" for a missing spec.release).
  const useKey = pair !== undefined && keyNode?.range !== undefined && (emptyValue || !complete || preferKey);
  const r = useKey ? keyNode!.range! : (range ?? [0, 0]);
  return {
    ...position(lines, r[0], r[1]),
    segments: found,
    atKey: useKey,
    value: useKey ? toJS(doc, pair!.value) : toJS(doc, valueNode),
  };
}

function annotation(obj: JsonObject, ...keys: string[]): string | undefined {
  const md = isObject(obj.metadata) ? obj.metadata : undefined;
  const a = md && isObject(md.annotations) ? md.annotations : undefined;
  if (!a) return undefined;
  for (const k of keys) if (typeof a[k] === 'string' && a[k]) return a[k] as string;
  return undefined;
}

function originOf(obj: JsonObject): Subject['origin'] {
  const path = annotation(obj, ANNOTATION.path, ANNOTATION.legacyPath);
  if (!path) return undefined;
  const index = Number(annotation(obj, ANNOTATION.index, ANNOTATION.legacyIndex) ?? 0);
  return { path, index: Number.isInteger(index) && index >= 0 ? index : 0 };
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
      locateIn(place.doc, place.lines, base, map(fieldPath ? parseFieldPath(fieldPath) : []), code === 'unknown-field');
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
  const origin = originOf(obj);
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
export function loadInputs(files: readonly InputFile[]): Loaded {
  const out: Loaded = { subjects: [], problems: [], files: files.length };
  for (const f of files) {
    const { docs, lines } = parseStream(f.text);
    docs.forEach((doc, document) => {
      if (doc.errors.length > 0) {
        for (const e of doc.errors.slice(0, 1)) {
          const at = e.linePos?.[0] ?? { line: 1, col: 1 };
          const end = e.linePos?.[1] ?? at;
          out.problems.push({
            severity: 'error',
            code: 'invalid-yaml',
            message: `not valid YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
            file: f.path,
            document,
            position: { line: at.line, column: at.col, endLine: end.line, endColumn: end.col },
          });
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
        out.problems.push({
          severity: 'error',
          code: 'invalid-yaml',
          message: `cannot read: ${(e as Error).message}`,
          file: f.path,
          document,
          position: { line: at.line, column: at.col, endLine: at.line, endColumn: at.col },
        });
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
          const itemsNode = pairFor(doc, root, 'items')?.value;
          const node = isSeq(itemsNode) ? itemsNode.items[i] : undefined;
          const s = node ? makeSubject(place, node, item) : undefined;
          if (s) out.subjects.push(s);
        });
        return;
      }
      const s = makeSubject(place, root, value);
      if (s) out.subjects.push(s);
    });
  }
  return out;
}

/**
 * Finds a located node again in the file an object came from (kpt/kustomize path annotation):
 * the same path in the document at `index`, holding the same value. Undefined when the file
 * differs there (an overlay patched it, or the annotation is stale).
 */
export function locateInOriginal(original: string | YamlStream, index: number, located: Located): Position | undefined {
  const { docs, lines } = typeof original === 'string' ? parseStream(original) : original;
  const doc = docs[index];
  if (!doc || doc.errors.length > 0 || !doc.contents) return undefined;
  const again = locateIn(doc, lines, doc.contents, located.segments, located.atKey);
  if (again.segments.length !== located.segments.length || again.atKey !== located.atKey) return undefined;
  if (!sameValue(again.value, located.value)) return undefined;
  const { line, column, endLine, endColumn } = again;
  return { line, column, endLine, endColumn };
}
