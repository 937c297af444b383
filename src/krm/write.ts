// Writing the ResourceList: the input bytes with splices. Untouched items (and everything
// else the function does not change) go out as views of the input, byte for byte, on every
// path; an edited item gets its own splices (a field replaced, a list entry added), a
// generated item is written in full (block YAML, or JSON in a flow list), the results
// replace the old ones. The layouts say where things are: the block list of the fast path
// (or of the full parse), or a flow list (JSON, flow-style YAML).
import type { JsonObject } from './kube.js';
import type { Result } from './result.js';
import { escapeText } from './escape.js';
import { emitEntry, emitYaml, flowJson, type EmitOptions } from './yaml-emit.js';
import { pushAll } from '../arrays.js';

/**
 * Replace input bytes [from, to) with text. `line`: the text starts a line (a newline is
 * added when needed). A function is called when the output reaches it: a generated item's
 * text exists only while it is written.
 */
export interface Splice {
  from: number;
  to: number;
  text: string | Uint8Array | (() => string | readonly Piece[]);
  line?: boolean;
}

/** replace: write this object instead; splices: the item's own text edits; remove. */
export type ItemEdit = { replace: JsonObject } | { splices: Splice[] } | { remove: true };

/**
 * A new item that writes its own text in a block list: what blockEntry(make(), column) writes,
 * from a template (a fleet writes thousands of them).
 */
export abstract class WrittenItem {
  abstract make(): JsonObject;
  /** The text, or its pieces in order (a long text need not be joined to be written). */
  abstract block(column: number): string | readonly Piece[];
}

/** A new item: an object, or how to make it (or write it) when the output reaches it. */
export type NewItem = JsonObject | (() => JsonObject) | WrittenItem;
export const made = (v: NewItem): JsonObject =>
  v instanceof WrittenItem ? v.make() : typeof v === 'function' ? v() : v;
const blockOf = (v: NewItem, column: number): string | readonly Piece[] =>
  v instanceof WrittenItem ? v.block(column) : blockEntry(made(v), column);

/** Output: bytes of the input passed through as they are, or text we wrote. */
export type Piece = string | Uint8Array;

/** "wide" when the item's own text indents sequence entries under their key, else "compact". */
export function sequenceStyle(source: string): 'wide' | 'compact' {
  const m = /\n( *)[^ \n#-][^\n]*:\r?\n( *)- /.exec(source);
  return m && m[2]!.length > m[1]!.length ? 'wide' : 'compact';
}

/** Writes a mapping as an entry of a block sequence whose dashes are at column `indent`. */
export function asSequenceEntry(yaml: string, indent: number): string {
  const pad = ' '.repeat(indent);
  const lines = yaml.endsWith('\n') ? yaml.slice(0, -1).split('\n') : yaml.split('\n');
  return lines.map((l, i) => (i === 0 ? `${pad}- ${l}` : l === '' ? '' : `${pad}  ${l}`)).join('\n') + '\n';
}

/** An object as a block sequence entry. */
export function blockEntry(obj: JsonObject, indent: number, opts: EmitOptions = {}): string {
  return emitEntry(obj, indent, opts);
}

/**
 * The input with the splices applied, in pieces, produced as they are consumed (sorted by
 * position; at one position, insertions first, then in the order given).
 */
/**
 * The line break a list's text uses: CRLF when its first line ends so (a list written on
 * Windows, or by a tool that keeps CRLF), else LF.
 */
export function lineBreakOf(text: Buffer): '\r\n' | '\n' {
  const nl = text.indexOf(10);
  return nl > 0 && text[nl - 1] === 13 ? '\r\n' : '\n';
}

const textOf = (p: Piece): string =>
  typeof p === 'string' ? p : Buffer.from(p.buffer, p.byteOffset, p.byteLength).toString('utf8');

/** Text the writer made (LF) with the list's line break; CRLF already there stays one. */
const withBreak = (piece: string, eol: '\r\n' | '\n') => (eol === '\n' ? piece : piece.replace(/\r?\n/g, eol));

export function applySplices(text: Buffer, splices: readonly Splice[], eol: '\r\n' | '\n' = '\n'): Generator<Piece> {
  // Array#sort is stable: at one position, insertions (empty ranges) first, then in the order
  // given. The splices mostly come in order already (items in list order, new items at the end).
  const sorted: (Splice | undefined)[] = splices.slice();
  if (!inOrder(sorted as Splice[])) sorted.sort((a, b) => a!.from - b!.from || a!.to - a!.from - (b!.to - b!.from));
  return spliced(text, sorted, eol);
}

const before = (a: Splice, b: Splice) => a.from < b.from || (a.from === b.from && a.to - a.from <= b.to - b.from);

function inOrder(splices: readonly Splice[]): boolean {
  for (let i = 1; i < splices.length; i++) if (!before(splices[i - 1]!, splices[i]!)) return false;
  return true;
}

/** The pieces of the spliced text; each splice is let go once written (a fleet's new items with it). */
function* spliced(text: Buffer, sorted: (Splice | undefined)[], eol: '\r\n' | '\n'): Generator<Piece> {
  let endsWithNewline = true;
  const last = (p: Piece) =>
    typeof p === 'string' ? p.endsWith('\n') : p[p.length - 1] === 10 || p[p.length - 1] === 13;
  let at = 0;
  for (let k = 0; k < sorted.length; k++) {
    const s = sorted[k]!;
    sorted[k] = undefined;
    if (s.from < at) throw new Error(`overlapping edits at byte ${s.from}`);
    if (s.from > at) {
      const piece = text.subarray(at, s.from);
      yield piece;
      endsWithNewline = last(piece);
    }
    // New and rewritten items follow the list's line breaks (in block scalars too: YAML reads
    // any line break there as LF, so the values stay the same).
    const made = typeof s.text === 'function' ? s.text() : s.text;
    if (typeof made === 'string' || made instanceof Uint8Array) {
      const piece = typeof made === 'string' ? withBreak(made, eol) : made;
      if (piece.length) {
        if (s.line && !endsWithNewline) yield eol;
        yield piece;
        endsWithNewline = last(piece);
      }
    } else {
      let first = true;
      for (const p of made) {
        if (!p.length) continue;
        if (first && s.line && !endsWithNewline) yield eol;
        first = false;
        // (Bytes a writer made are UTF-8 text: with CRLF breaks, written as text.)
        const piece = typeof p === 'string' || eol !== '\n' ? withBreak(textOf(p), eol) : p;
        yield piece;
        endsWithNewline = last(piece);
      }
    }
    at = Math.max(at, Math.min(s.to, text.length));
  }
  if (at < text.length) yield text.subarray(at);
}

// ---- block lists ----------------------------------------------------------------------

/** Where a block list's items are: the fast path's scan, or the same found from a parse. */
export interface BlockItems {
  indent: number;
  starts: readonly number[];
  contentEnds: readonly number[];
  ends: readonly number[];
  /** Where new items go when there are none: the `items:` line (replaced) or where to add one. */
  header: { start: number; end: number } | { insertAt: number };
  sourceOf(index: number): string;
}

/** The splices that apply item edits and add items to a block list. */
export function blockItemSplices(
  layout: BlockItems,
  edits: ReadonlyMap<number, ItemEdit>,
  added: readonly NewItem[],
): Splice[] {
  const out: Splice[] = [];
  const { starts, contentEnds, ends, indent } = layout;
  for (const [i, edit] of edits) {
    if ('splices' in edit) pushAll(out, edit.splices);
    else if ('remove' in edit) out.push({ from: starts[i]!, to: contentEnds[i]!, text: '' });
    else {
      const obj = edit.replace;
      const wide = sequenceStyle(layout.sourceOf(i)) === 'wide';
      out.push({ from: starts[i]!, to: contentEnds[i]!, text: () => blockEntry(obj, indent, { wide }) });
    }
  }
  if (added.length > 0) {
    // One splice per new item: its text is written when the output reaches it.
    const n = starts.length;
    const { header } = layout;
    let at: number;
    if (n > 0) at = ends[n - 1]!;
    else if ('insertAt' in header) {
      at = header.insertAt;
      out.push({ from: at, to: at, text: 'items:\n', line: true });
    } else {
      out.push({ from: header.start, to: header.end, text: 'items:\n', line: true });
      at = header.end;
    }
    added.forEach((obj, k) => out.push({ from: at, to: at, text: () => blockOf(obj, indent), line: k === 0 }));
  }
  return out;
}

// ---- flow lists (JSON, flow-style YAML) -------------------------------------------------

export interface FlowItems {
  /** The list's `[` and `]`. */
  open: number;
  close: number;
  starts: readonly number[];
  ends: readonly number[];
}

/** The separator the list uses between elements: a comma and the first element's line indentation, or ", ". */
function flowSeparator(text: Buffer, list: FlowItems): string {
  const first = list.starts[0] ?? list.close;
  const gap = text.toString('latin1', list.open + 1, first);
  const nl = gap.lastIndexOf('\n');
  return nl >= 0 ? `,\n${gap.slice(nl + 1).replace(/[^ \t]/g, '')}` : ', ';
}

/** The splices that apply item edits, remove and add items in a flow list. */
export function flowItemSplices(
  text: Buffer,
  list: FlowItems,
  edits: ReadonlyMap<number, ItemEdit>,
  added: readonly NewItem[],
): Splice[] {
  const out: Splice[] = [];
  const { starts, ends } = list;
  const n = starts.length;
  const removed = (i: number) => {
    const e = edits.get(i);
    return e !== undefined && 'remove' in e;
  };
  for (const [i, edit] of edits) {
    if ('splices' in edit) pushAll(out, edit.splices);
    else if ('replace' in edit) {
      const obj = edit.replace;
      out.push({ from: starts[i]!, to: ends[i]!, text: () => flowJson(obj) });
    }
  }
  // Runs of removed elements go with one comma: the one after them, or before the last run.
  let lastKept = -1;
  for (let i = 0; i < n;) {
    if (!removed(i)) {
      lastKept = i++;
      continue;
    }
    let j = i;
    while (j + 1 < n && removed(j + 1)) j++;
    if (j + 1 < n) out.push({ from: starts[i]!, to: starts[j + 1]!, text: '' });
    else if (lastKept >= 0) out.push({ from: ends[lastKept]!, to: ends[j]!, text: '' });
    else out.push({ from: starts[i]!, to: ends[j]!, text: '' });
    i = j + 1;
  }
  if (added.length > 0) {
    const sep = flowSeparator(text, list);
    // After the last kept element, or inside the brackets of an empty list (or one emptied).
    const at = lastKept >= 0 ? ends[lastKept]! : n > 0 ? starts[0]! : list.close;
    added.forEach((obj, k) =>
      out.push({ from: at, to: at, text: () => (k > 0 || lastKept >= 0 ? sep : '') + flowJson(made(obj)) }),
    );
  }
  return out;
}

// ---- results ------------------------------------------------------------------------------

/**
 * The results as written: each message one line with its control, line-separator and bidi
 * characters escaped as on stderr (escapeText). kpt prints results messages on the terminal
 * (an ESC or U+202E there would drive it or reorder what the reader sees), and the message
 * quotes input values.
 */
const written = (results: readonly Result[]) => results.map((r) => ({ ...r, message: escapeText(r.message) }));

/** The results as a top-level block section. */
export function resultsBlock(results: readonly Result[]): string {
  return results.length ? emitYaml({ results: written(results) }) : '';
}

/** The results as the value of a flow map member. */
export function resultsJson(results: readonly Result[]): string {
  return flowJson(written(results));
}
