// One input item: where it is in the input, its fields read without a parser when its
// layout allows (block-read.ts), and, on demand, its parsed tree (kubectl's meaning,
// kube-yaml.ts) with the way back to input bytes for text edits. Parsing is the expensive
// step, so it happens only for items the function needs, and at most once.
import { isAlias, isMap, isSeq, type Document, type Node } from 'yaml';
import { fail, ok, type Outcome } from '../outcome.js';
import { readItem, type ItemRead, type Selection } from './block-read.js';
import { isObject, type JsonObject } from './kube.js';
import { MAX_ALIAS_COUNT, parseKube } from './kube-yaml.js';
import type { ItemSpans } from './scan.js';
import { applySplices, blockEntry, type Piece, type Splice } from './write.js';
import { fixStrings, sourceText, type SourceText } from './source-text.js';
import { tick } from '../work.js';
import { unbuiltSyntaxError } from './nesting.js';
import { lineEnd } from './bytes.js';

export { MAX_ALIAS_COUNT };

/** The item's value, as kubectl reads it. */
export interface LoadedItem {
  obj: JsonObject;
}

/** The item's value, or why it cannot be read. */
export type LoadResult = Outcome<LoadedItem>;

/** The parsed item, for text edits: node ranges are offsets into text.src. */
export interface ItemTree {
  node: Node;
  doc: Document;
  text: SourceText;
  /** The whole input: text.byteAt gives offsets into it. */
  bytes: Buffer;
}

export const NOT_A_MAP = 'the item is not a map';

export function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

/** The anchor an "Unresolved alias" message names, if it is one. */
export function unresolvedAlias(message: string): string | undefined {
  return /^Unresolved alias.*: (\S+)$/.exec(message)?.[1];
}

function problem(e: unknown): string {
  // The parser recurses: nesting thousands deep overflows the stack.
  const m = firstLine(String((e as Error)?.message ?? e));
  return e instanceof RangeError || /call stack size/i.test(m) ? 'nested too deeply to read' : m;
}

export abstract class SourceItem {
  private tried?: Outcome<ItemTree>;
  private loaded?: LoadResult;
  constructor(readonly index: number) {}

  /** The item's YAML as it came in (for messages and style). */
  abstract get source(): string;
  /** Is this item of that kind? A guess from its text when it does not parse. */
  abstract looksLike(kind: string): boolean;
  /**
   * The item's first `lines` lines as written, each with its LF (undefined when it has fewer,
   * they are long, or its text is not the input's own lines): a look at its layout, no read.
   */
  head(_lines: number): string | undefined {
    return undefined;
  }
  /** The column of its dash, when its text is the input's own lines (a block list). */
  get dashColumn(): number | undefined {
    return undefined;
  }
  /** The fields `sel` asks for, read without a parser; undefined when the item's layout needs the parser. */
  fast(_sel: Selection): ItemRead | undefined {
    return undefined;
  }
  /** Its value (the fields `sel` asks for): by the fast reader where it can, else parsed whole; undefined when it does not read. */
  read(sel: Selection): JsonObject | undefined {
    const fast = this.fast(sel);
    if (fast) return fast.value as JsonObject;
    const loaded = this.load();
    return loaded.ok ? loaded.value.obj : undefined;
  }
  protected abstract parse(): Outcome<ItemTree>;

  /** The parsed item (kubectl's meaning), for text edits and full values. */
  tree(): Outcome<ItemTree> {
    if (!this.tried) {
      try {
        this.tried = this.parse();
      } catch (e) {
        this.tried = fail(problem(e));
      }
    }
    return this.tried;
  }

  /** Is the item's text exactly how the writer would write this object in its place? */
  sameAs(_obj: JsonObject): boolean {
    return false;
  }

  /** sameAs for the text `write(column)` gives (what blockEntry writes at the list's column), or its pieces. */
  sameText(_write: (column: number) => string | readonly Piece[]): boolean {
    return false;
  }

  /** The YAML syntax error of this item, if any. */
  syntaxError(): string | undefined {
    const t = this.tree();
    return t.ok ? undefined : t.error;
  }

  /**
   * A syntax error of an item nested too deeply to build, from the parser's syntax tree alone
   * (nesting.ts): undefined when none shows or the item has no text of its own.
   */
  unbuiltSyntaxError(): string | undefined {
    const own = this.ownText();
    if (!own) return undefined;
    return unbuiltSyntaxError(sourceText(own.bytes, own.start, own.end, own.prefix).src);
  }

  /** Where the item's own text is: bytes [start, end), parsed after `prefix` (standing in for what is before start). */
  protected abstract ownText(): { bytes: Buffer; start: number; end: number; prefix: string } | undefined;

  /**
   * The item's value once these splices (input byte offsets inside its own text) are made:
   * how an edit from node ranges is checked before it is written. Undefined when the item
   * cannot be read alone (an alias to another item).
   */
  valueAfter(splices: readonly Splice[]): Outcome<JsonObject> | undefined {
    const own = this.ownText();
    if (!own) return undefined;
    const { bytes, start, end, prefix } = own;
    if (splices.some((s) => s.from < start || s.to > end)) return fail('the edit reaches outside the item');
    const shifted = splices.map((s) => ({ ...s, from: s.from - start, to: s.to - start }));
    const text = Buffer.concat([...applySplices(bytes.subarray(start, end), shifted)].map((p) => Buffer.from(p)));
    const tree = parsedTree(sourceText(text, 0, text.length, prefix), text);
    if (!tree.ok) return /Unresolved alias|Merge sources/.test(tree.error) ? undefined : fail(tree.error);
    try {
      const v = fixStrings(
        tree.value.node.toJS(tree.value.doc, { maxAliasCount: MAX_ALIAS_COUNT }),
        tree.value.text.fix,
      );
      return isObject(v) ? ok(v) : fail(NOT_A_MAP);
    } catch (e) {
      const m = problem(e);
      return unresolvedAlias(m) !== undefined || m.startsWith('Merge sources') ? undefined : fail(m);
    }
  }

  load(): LoadResult {
    if (this.loaded) return this.loaded;
    const t = this.tree();
    if (!t.ok) return (this.loaded = fail(t.error));
    try {
      const { node, doc, text } = t.value;
      const obj = fixStrings(node.toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT }), text.fix);
      this.loaded = isObject(obj) && isMap(node) ? ok({ obj }) : fail(NOT_A_MAP);
    } catch (e) {
      this.loaded = fail(problem(e));
    }
    return this.loaded;
  }
}

/** One document parsed from text: its root node, or the first error. */
export function parsedTree(text: SourceText, bytes: Buffer): Outcome<ItemTree> {
  const docs = parseKube(text.src);
  const withContent = docs.filter((d) => d.contents !== null || d.errors.length > 0);
  if (withContent.length !== 1) return fail('the item is not a single YAML mapping');
  const doc = withContent[0]!;
  if (doc.errors.length) return fail(problem(new Error(doc.errors[0]!.message)));
  return ok({ node: doc.contents as Node, doc, text, bytes });
}

/** An item of a document parsed whole (aliases resolved across items): a node of its items list. */
export class NodeItem extends SourceItem {
  constructor(
    index: number,
    private readonly node: Node | null,
    private readonly doc: Document,
    private readonly text: SourceText,
    private readonly bytes: Buffer,
  ) {
    super(index);
  }
  get source(): string {
    const r = this.node?.range;
    return r ? this.text.src.slice(r[0], r[1]) : '';
  }
  looksLike(kind: string): boolean {
    const t = this.tree();
    return t.ok && isMap(t.value.node) && t.value.node.get('kind') === kind;
  }
  protected ownText() {
    const r = this.node?.range;
    if (!r || isAlias(this.node)) return undefined;
    const start = this.text.byteAt(r[0]);
    let line = start;
    while (line > 0 && this.bytes[line - 1] !== 10 && this.bytes[line - 1] !== 13) line--;
    return { bytes: this.bytes, start, end: this.text.byteAt(r[1]), prefix: ' '.repeat(start - line) };
  }
  protected parse(): Outcome<ItemTree> {
    // An item that is an alias (`- *hc`) is the anchored node: kubectl reads it twice.
    const node = isAlias(this.node) ? this.node.resolve(this.doc) : this.node;
    return node ? ok({ node, doc: this.doc, text: this.text, bytes: this.bytes }) : fail(NOT_A_MAP);
  }
}

/** The whole input parsed once, for items whose aliases reach into other items. */
export interface WholeDocument {
  item(index: number): NodeItem | undefined;
}

/** The most bytes head() looks at: a few lines of metadata. */
const HEAD_BYTES = 1024;

/** Where sameText encodes a text that is not ASCII (grown when a longer one comes). */
let scratch = Buffer.allocUnsafe(1 << 16);

/** The end of `piece` when bytes[p, end) starts with it, or -1. */
function sameBytes(bytes: Buffer, p: number, end: number, piece: Uint8Array): number {
  const n = piece.length;
  if (p + n > end) return -1;
  // Buffer's compare validates its four offsets first: worth it only for a longer piece.
  if (n > 128) return bytes.compare(piece, 0, n, p, p + n) === 0 ? p + n : -1;
  for (let i = 0; i < n; i++) if (bytes[p + i] !== piece[i]) return -1;
  return p + n;
}

/** The end of the UTF-8 of `s` when bytes[p, end) starts with it, or -1. */
function sameString(bytes: Buffer, p: number, end: number, s: string): number {
  const n = s.length;
  if (p + n > end) return -1;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80) {
      // Not ASCII: its bytes, encoded.
      if (scratch.length < n * 3) scratch = Buffer.allocUnsafe(n * 3);
      return sameBytes(bytes, p, end, scratch.subarray(0, scratch.write(s, 0, 'utf8')));
    }
    if (bytes[p + i] !== c) return -1;
  }
  return p + n;
}

/** An item of the fast path: its own lines of the input, read or parsed alone when asked. */
export class SpanItem extends SourceItem {
  constructor(
    index: number,
    private readonly bytes: Buffer,
    private readonly spans: ItemSpans,
    /** The whole input parsed, for an item with an alias to another item's anchor. */
    private readonly whole: () => Outcome<WholeDocument>,
  ) {
    super(index);
  }
  get start(): number {
    return this.spans.starts[this.index]!;
  }
  /** End of the item's text (trailing blank lines and outdented comments not included). */
  get contentEnd(): number {
    return this.spans.contentEnds[this.index]!;
  }
  /** End of its span: the next item or section. */
  get end(): number {
    return this.spans.ends[this.index]!;
  }
  get source(): string {
    return this.bytes.toString('utf8', this.start, this.contentEnd);
  }
  looksLike(kind: string): boolean {
    return kindLine(kind).test(this.source);
  }
  override get dashColumn(): number {
    return this.spans.indent;
  }
  override head(lines: number): string | undefined {
    const { bytes, start, contentEnd } = this;
    const last = Math.min(contentEnd, start + HEAD_BYTES);
    let p = start;
    for (let n = 0; n < lines; n++) {
      const lf = lineEnd(bytes, p, last);
      if (lf >= last) return undefined;
      p = lf + 1;
    }
    return bytes.toString('latin1', start, p);
  }
  protected ownText() {
    const { indent } = this.spans;
    return { bytes: this.bytes, start: this.start + indent + 1, end: this.end, prefix: ' '.repeat(indent + 1) };
  }
  override sameAs(obj: JsonObject): boolean {
    return this.sameText((column) => blockEntry(obj, column));
  }
  override sameText(write: (column: number) => string | readonly Piece[]): boolean {
    const made = write(this.spans.indent);
    const { bytes, contentEnd } = this;
    // Piece by piece against the input, nothing copied: a second run compares every object it
    // generated (megabytes), and most pieces are a template's bytes or short ASCII values.
    let p = this.start;
    for (const piece of typeof made === 'string' ? [made] : made) {
      p = typeof piece === 'string' ? sameString(bytes, p, contentEnd, piece) : sameBytes(bytes, p, contentEnd, piece);
      if (p < 0) return false;
    }
    return p === contentEnd;
  }

  override fast(sel: Selection): ItemRead | undefined {
    return readItem(this.bytes, this.start, this.end, this.spans.indent, sel);
  }
  protected parse(): Outcome<ItemTree> {
    // The item's lines with its dash blanked out: a mapping indented as before. The whole
    // span: a `#` line or blank lines after its last field may be block scalar content.
    const { indent } = this.spans;
    const own = sourceText(this.bytes, this.start + indent + 1, this.end, ' '.repeat(indent + 1));
    const tree = parsedTree(own, this.bytes);
    if (!own.src.includes('*') || !this.anchorElsewhere(own.src)) return tree;
    // An alias to an anchor of another item (or the whole item an alias: `- *hc`) cannot be
    // read alone (a merge `<<: *base` does not even parse): read it from the whole document.
    if (!tree.ok) {
      const whole = this.fromWhole(tree.error);
      return whole.ok ? whole : tree;
    }
    try {
      tree.value.node.toJS(tree.value.doc, { maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      const m = problem(e);
      if (unresolvedAlias(m) !== undefined || m.startsWith('Merge sources')) {
        const whole = this.fromWhole(m);
        if (whole.ok) return whole;
      }
    }
    return tree;
  }
  /** Does an alias of this text name an anchor that only another part of the input sets? */
  private anchorElsewhere(src: string): boolean {
    // Linear: each name set is made once (the input's once for all items); a search of the
    // input per alias was quadratic in random bytes, where `*` after a space is common.
    let own: Set<string> | undefined;
    for (const m of src.matchAll(ALIAS)) {
      tick();
      own ??= anchorsOf(src);
      if (!own.has(m[1]!) && anchorsIn(this.bytes).has(m[1]!)) return true;
    }
    return false;
  }
  private fromWhole(error: string): Outcome<ItemTree> {
    const whole = this.whole();
    if (!whole.ok) return fail(`${error} (${whole.error})`);
    const item = whole.value.item(this.index);
    return item ? item.tree() : fail(error);
  }
}

/** An alias (`*name`) where one can start: at a line start, after a space or a flow indicator. */
const ALIAS = /(?:^|[\s[{,])\*([^\s,[\]{}]+)/g;
/** `&name`, wherever the character is (as a substring search would find it): a name set is a superset. */
const ANCHOR = /&([^\s,[\]{}]+)/g;
const NAME = /^[^\s,[\]{}]+/;

function anchorsOf(src: string): Set<string> {
  tick(src.length);
  const out = new Set<string>();
  for (const m of src.matchAll(ANCHOR)) out.add(m[1]!);
  return out;
}

/** The anchor names of the whole input, read once per input (from its bytes: no string of it all). */
const inputAnchors = new WeakMap<Buffer, Set<string>>();

function anchorsIn(bytes: Buffer): Set<string> {
  let names = inputAnchors.get(bytes);
  if (names) return names;
  names = new Set();
  tick(bytes.length);
  for (let p = bytes.indexOf(0x26); p >= 0; p = bytes.indexOf(0x26, p + 1)) {
    let q = p + 1;
    // ASCII ends here; a Unicode space inside is cut by NAME, as the regexes cut it.
    while (q < bytes.length && !NAME_END[bytes[q]!]) q++;
    const name = NAME.exec(bytes.toString('utf8', p + 1, q))?.[0];
    if (name !== undefined) names.add(name);
  }
  inputAnchors.set(bytes, names);
  return names;
}

/** The ASCII bytes that end an anchor name: white space and flow indicators. */
const NAME_END: boolean[] = Array.from(
  { length: 256 },
  (_, b) => /[\s,[\]{}]/.test(String.fromCharCode(b)) && b < 0x80,
);

/** A `kind: X` line, with the item's dash or not, quoted or not (linear: no nested repeats). */
const kindLine = (kind: string) => new RegExp(`^[ \\t-]*kind:[ \\t]*["']?${kind}["']?[ \\t]*(#.*)?$`, 'm');

/** The items list of a parsed ResourceList document, or undefined. */
export function itemsOf(doc: Document): Node[] | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const items = root.get('items', true);
  return isSeq(items) ? (items.items as Node[]) : undefined;
}
