// Where a field of a YAML document is: a result's field path ("spec.imageTagMirrorSet[0].
// mirrors[1]") as a line and column in the file it was read from, and the same place found
// again in another copy of the object (its own file, for a stream built by kustomize).
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
import { sameValue } from '../krm/kube.js';
import { QUIET_YAML } from '../krm/kube-yaml.js';
import type { Position } from '../krm/result.js';
import { pushAll } from '../arrays.js';

export type Segment = string | number;

/** A node found for a field path: where it is, and enough to find it again in another copy. */
export interface Located extends Position {
  /** The path actually found (a prefix of the one asked for when a field is missing). */
  segments: Segment[];
  /** The key rather than the value was pointed at. */
  atKey: boolean;
  value: unknown;
}

/** "spec.imageTagMirrorSet[0].mirrors[1]" -> ["spec", "imageTagMirrorSet", 0, "mirrors", 1]. */
export function parseFieldPath(path: string): Segment[] {
  const out: Segment[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]/g;
  for (let m = re.exec(path); m; m = re.exec(path)) out.push(m[2] !== undefined ? Number(m[2]) : m[1]!);
  return out;
}

export const formatSegments = (segs: readonly Segment[]) =>
  segs.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');

/** A parsed YAML stream with its line counter. */
export interface YamlStream {
  docs: Document.Parsed[];
  lines: LineCounter;
}

export function parseStream(text: string): YamlStream {
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { ...QUIET_YAML, lineCounter: lines });
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

export function pairFor(doc: Document, map: unknown, key: string): Pair | undefined {
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
        pushAll(found, segments.slice(i, i + used));
        node = undefined;
        break;
      }
    }
    if (next === undefined || next === null) break;
    pushAll(found, segments.slice(i, i + used));
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
