// Text edits of a parsed item, as splices of the input bytes: set a key of a map, append
// an entry to a list, remove entries. Only the edited value's own text changes; every other
// byte of the item (comments, quoting, `0644`, `|+`, bytes that are not UTF-8) stays.
// Block and flow collections both; flow values are written as JSON, which is valid in JSON
// input and in flow-style YAML alike. A node that carries an anchor some alias refers to is
// not edited (the alias would change too): the edit says why instead.
import { isAlias, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import type { ItemTree } from './item.js';
import type { Splice } from './write.js';
import { emitEntry, emitKey, emitValue, flowJson } from './yaml-emit.js';

export interface EditContext {
  tree: ItemTree;
  /** Sequences under a key written indented (kpt's "wide" style). */
  wide: boolean;
}

/** Splices, or why the edit cannot be made in place. */
export type NodeEdit = { splices: Splice[] } | { error: string };

/** Block text in the item's own line breaks (CRLF when the item has them). */
function inItsLines(ctx: EditContext, text: string): string {
  return ctx.tree.text.src.includes('\r\n') ? text.replace(/\r?\n/g, '\r\n') : text;
}

const isBlank = (c: number | undefined) => c === 32 || c === 9 || c === 10 || c === 13;
const isNewline = (c: number | undefined) => c === 10 || c === 13;

/** The input byte range of a node's value, white space after it left out. */
function range(ctx: EditContext, node: Node): { start: number; end: number } {
  const r = node.range!;
  const start = ctx.tree.text.byteAt(r[0]);
  let end = ctx.tree.text.byteAt(r[1]);
  while (end > start && isBlank(ctx.tree.bytes[end - 1])) end--;
  return { start, end };
}

/**
 * Where a block node ends: the start of the line its value end is on (trailing blank lines
 * that are content, as a keep block scalar's, stay before it; the parser's end may point past
 * the indentation of the next key).
 */
function blockEnd(ctx: EditContext, node: Node): number {
  const bytes = ctx.tree.bytes;
  const end = ctx.tree.text.byteAt(node.range![1]);
  const start = lineStart(bytes, end);
  for (let p = start; p < end; p++) if (bytes[p] !== 32 && bytes[p] !== 9) return end;
  return start;
}

function lineStart(bytes: Buffer, at: number): number {
  let p = at;
  while (p > 0 && !isNewline(bytes[p - 1])) p--;
  return p;
}

function lineAfter(bytes: Buffer, at: number): number {
  let p = at;
  while (p < bytes.length && !isNewline(bytes[p])) p++;
  if (bytes[p] === 13 && bytes[p + 1] === 10) return p + 2;
  return p < bytes.length ? p + 1 : p;
}

function column(bytes: Buffer, at: number): number {
  return at - lineStart(bytes, at);
}

/** The `-` of a block sequence entry (before its node, past white space and an anchor or tag), or -1. */
function dashOf(bytes: Buffer, at: number): number {
  let p = at;
  for (;;) {
    while (p > 0 && isBlank(bytes[p - 1])) p--;
    const end = p;
    while (p > 0 && !isBlank(bytes[p - 1])) p--;
    const token = bytes.toString('latin1', p, end);
    if (token === '-') return p;
    if (!(token.startsWith('&') || token.startsWith('!')) || p === 0) return -1;
  }
}

/** Does an alias somewhere in the input refer to this node's anchor? */
function aliased(ctx: EditContext, node: Node | null | undefined): boolean {
  const anchor = node && (isMap(node) || isSeq(node) || isScalar(node)) ? node.anchor : undefined;
  if (!anchor) return false;
  const needle = Buffer.from(`*${anchor}`);
  for (let at = ctx.tree.bytes.indexOf(needle); at >= 0; at = ctx.tree.bytes.indexOf(needle, at + 1)) {
    const next = ctx.tree.bytes[at + needle.length];
    if (next === undefined || isBlank(next) || next === 44 || next === 93 || next === 125) return true;
  }
  return false;
}

/** Why these nodes cannot be edited in place, if they cannot. */
export function blocker(ctx: EditContext, path: string, nodes: (Node | null | undefined)[]): string | undefined {
  for (const n of nodes) {
    if (isAlias(n)) return `${path} is an alias (*${n.source}): write the value out to let the function edit it`;
    if (aliased(ctx, n))
      return `${path} carries the anchor &${(n as YAMLMap).anchor}, which an alias elsewhere repeats: editing it would change that too; write the value out`;
  }
  return undefined;
}

export function pairOf(map: YAMLMap, key: string): Pair<Node, Node | null> | undefined {
  return (map.items as Pair<Node, Node | null>[]).find((p) => isScalar(p.key) && p.key.value === key);
}

/** An edit the layout does not allow (an explicit `? key`, keys sharing lines...): the caller says why. */
export class CannotEdit extends Error {}

/**
 * The column of a block map's keys: of a plain key that starts its line (after its anchor or
 * tag, if any), or of the first key after a sequence dash.
 */
function keyColumn(ctx: EditContext, map: YAMLMap): number {
  const bytes = ctx.tree.bytes;
  for (const pair of map.items as Pair<Node>[]) {
    const key = pair.key;
    if (!isScalar(key) || !key.range) continue;
    let at = ctx.tree.text.byteAt(key.range[0]);
    // Back over `!tag` and `&anchor` tokens on the key's line.
    for (;;) {
      let p = at;
      while (p > 0 && (bytes[p - 1] === 32 || bytes[p - 1] === 9)) p--;
      const end = p;
      while (p > 0 && !isBlank(bytes[p - 1])) p--;
      if (p === end || !(bytes[p] === 33 || bytes[p] === 38)) break;
      at = p;
    }
    const before = bytes.toString('latin1', lineStart(bytes, at), at);
    if (/^[ ]*(?:- +)*$/.test(before)) return column(bytes, at);
  }
  throw new CannotEdit('its keys are not laid out one per line');
}

/** Sets `key` of a map to `value`: the old value's text replaced, or a new pair added at the end of the map. */
export function setPair(ctx: EditContext, map: YAMLMap, key: string, value: unknown): Splice[] {
  const pair = pairOf(map, key);
  if (map.flow) {
    const json = flowJson(value);
    if (pair) {
      if (pair.value?.range) {
        const v = range(ctx, pair.value);
        return [{ from: v.start, to: v.end, text: json }];
      }
      const k = range(ctx, pair.key);
      return [{ from: k.end, to: afterColon(ctx.tree.bytes, k.end), text: `: ${json}` }];
    }
    const m = range(ctx, map);
    const close = m.end - 1; // the `}`
    const last = map.items[map.items.length - 1] as Pair<Node, Node | null> | undefined;
    const entry = `${JSON.stringify(key)}: ${json}`;
    if (!last) return [{ from: close, to: close, text: entry }];
    const at = last.value?.range ? range(ctx, last.value).end : range(ctx, last.key).end;
    return [{ from: at, to: at, text: `, ${entry}` }];
  }
  const col = keyColumn(ctx, map);
  if (pair) {
    const k = range(ctx, pair.key);
    const colon = afterColon(ctx.tree.bytes, k.end);
    // The old value: its own range (block values end at a line start; keep that newline).
    let to = colon;
    if (pair.value?.range) {
      const v = range(ctx, pair.value);
      if (!(isScalar(pair.value) && pair.value.value === null && v.start === v.end)) to = v.end;
    }
    const text = emitValue(value, col, { wide: ctx.wide });
    return [{ from: colon, to, text: inItsLines(ctx, text.endsWith('\n') ? text.slice(0, -1) : text) }];
  }
  const at = blockEnd(ctx, map);
  const text = `${' '.repeat(col)}${emitKey(key)}:${emitValue(value, col, { wide: ctx.wide })}`;
  return [{ from: at, to: at, text: inItsLines(ctx, text), line: true }];
}

/** The position after a key's colon (the key ends at `at`). */
function afterColon(bytes: Buffer, at: number): number {
  let p = at;
  while (p < bytes.length && bytes[p] !== 58) p++;
  return p + 1;
}

/** Appends an entry to a (non-empty or flow) sequence. */
export function appendEntry(ctx: EditContext, seq: YAMLSeq, value: unknown): Splice[] {
  if (seq.flow) {
    const s = range(ctx, seq);
    const close = s.end - 1; // the `]`
    const last = seq.items[seq.items.length - 1] as Node | undefined;
    if (!last?.range) return [{ from: close, to: close, text: flowJson(value) }];
    const at = range(ctx, last).end;
    return [{ from: at, to: at, text: `, ${flowJson(value)}` }];
  }
  const dash = column(ctx.tree.bytes, range(ctx, seq).start);
  const at = blockEnd(ctx, seq);
  return [{ from: at, to: at, text: inItsLines(ctx, emitEntry(value, dash, { wide: ctx.wide })), line: true }];
}

/** Removes entries of a sequence (not all of them: the caller removes the key then), or undefined when it cannot. */
export function removeEntries(ctx: EditContext, seq: YAMLSeq, drop: ReadonlySet<number>): Splice[] | undefined {
  const nodes = seq.items as Node[];
  if (nodes.some((n) => !n?.range)) return undefined;
  const spans = nodes.map((n) => range(ctx, n));
  if (seq.flow) {
    const out: Splice[] = [];
    let lastKept = -1;
    for (let i = 0; i < nodes.length;) {
      if (!drop.has(i)) {
        lastKept = i++;
        continue;
      }
      let j = i;
      while (j + 1 < nodes.length && drop.has(j + 1)) j++;
      if (j + 1 < nodes.length) out.push({ from: spans[i]!.start, to: spans[j + 1]!.start, text: '' });
      else if (lastKept >= 0) out.push({ from: spans[lastKept]!.end, to: spans[j]!.end, text: '' });
      else return undefined;
      i = j + 1;
    }
    return out;
  }
  const out: Splice[] = [];
  for (const i of drop) {
    const dash = dashOf(ctx.tree.bytes, spans[i]!.start);
    if (dash < 0) return undefined;
    const from = lineStart(ctx.tree.bytes, dash);
    // The entry must start its line, and end before the next entry's line.
    if (ctx.tree.bytes.toString('latin1', from, dash).trim() !== '') return undefined;
    const to = lineAfter(ctx.tree.bytes, Math.max(spans[i]!.end - 1, dash));
    const next = spans[i + 1];
    if (next && to > lineStart(ctx.tree.bytes, dashOf(ctx.tree.bytes, next.start))) return undefined;
    out.push({ from, to, text: '' });
  }
  return out;
}

/** Removes a key and its value from a map. */
export function removePair(ctx: EditContext, map: YAMLMap, key: string): Splice[] | undefined {
  const pairs = map.items as Pair<Node, Node | null>[];
  const k = pairs.findIndex((p) => isScalar(p.key) && p.key.value === key);
  if (k < 0) return [];
  const pair = pairs[k]!;
  const keyRange = range(ctx, pair.key);
  const valueEnd = pair.value?.range ? range(ctx, pair.value).end : afterColon(ctx.tree.bytes, keyRange.end);
  if (map.flow) {
    if (k > 0) {
      const prev = pairs[k - 1]!;
      const prevEnd = prev.value?.range
        ? range(ctx, prev.value).end
        : afterColon(ctx.tree.bytes, range(ctx, prev.key).end);
      return [{ from: prevEnd, to: valueEnd, text: '' }];
    }
    const next = pairs[1];
    return [{ from: keyRange.start, to: next ? range(ctx, next.key).start : valueEnd, text: '' }];
  }
  const from = lineStart(ctx.tree.bytes, keyRange.start);
  if (ctx.tree.bytes.toString('latin1', from, keyRange.start).trim() !== '') return undefined;
  let to = lineAfter(ctx.tree.bytes, Math.max(valueEnd - 1, keyRange.end));
  // After a `|+` scalar, the blank lines that follow go too: they would join its value.
  if (k > 0 && endsKeeping(ctx, pairs[k - 1]!.value)) to = afterBlankLines(ctx.tree.bytes, to);
  return [{ from, to, text: '' }];
}

/** Does the node's text end with a block scalar that keeps its trailing lines (`|+`, `>+`)? */
function endsKeeping(ctx: EditContext, node: unknown): boolean {
  let n = node;
  for (;;) {
    if ((isMap(n) || isSeq(n)) && !n.flow) {
      const last = n.items[n.items.length - 1] as Pair<Node, Node | null> | Node | undefined;
      n = last !== undefined && isMap(n) ? (last as Pair<Node, Node | null>).value : last;
      continue;
    }
    if (!isScalar(n) || (n.type !== 'BLOCK_LITERAL' && n.type !== 'BLOCK_FOLDED') || !n.range) return false;
    const start = ctx.tree.text.byteAt(n.range[0]);
    const header = ctx.tree.bytes.toString('latin1', start, lineAfter(ctx.tree.bytes, start));
    return /^[|>][1-9]?\+|^[|>]\+/.test(header);
  }
}

/** The start of the first line from `at` on that is not spaces alone. */
function afterBlankLines(bytes: Buffer, at: number): number {
  let q = at;
  for (;;) {
    let p = q;
    while (p < bytes.length && bytes[p] === 32) p++;
    if (p >= bytes.length || !isNewline(bytes[p])) return q;
    q = bytes[p] === 13 && bytes[p + 1] === 10 ? p + 2 : p + 1;
  }
}
