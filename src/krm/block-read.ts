// The fast reader: the fields the function needs from one ResourceList item, read from
// the item's bytes without building a YAML document.
//
// It accepts a strict subset of block YAML (the layout kpt, kustomize and people write
// for Kubernetes objects) and validates every line of the item against it, needed or not;
// anything outside the subset (anchors, aliases, tags, merge keys, flow collections of
// anything but agreed scalars, escapes, multi-line plain or quoted scalars, tabs, CR, non-ASCII outside
// comments, duplicate keys, odd indentation...) makes it give up: it returns undefined
// and the caller parses the item with the full parser. Giving up is always safe;
// guessing is not. Values it returns mean the same to YAML 1.2 (`yaml`), YAML 1.1 and
// go-yaml v2 (kubectl): only strings, null, [] and {} are returned; a scalar that is
// anything else, or might be to one of them, makes it give up.
//
// Subtrees nobody asked for are checked line by line (so that an item the full parser
// would refuse is never accepted) but nothing of them is built: no objects, no strings.
import { BOOL_NULL_WORDS, classifyPlain, Plain } from './plain-scalar.js';
import { COLON, DASH, DQ, HASH, LF, SPACE, SQ, TAB, lineEnd } from './bytes.js';

/** Which fields to build: `true` for a whole value, an object for some keys of a map. */
export type Selection = true | { readonly [key: string]: Selection };

export type Value = null | string | Value[] | { [key: string]: Value };

/** Where NodePool spec.config is in the item's bytes (absolute offsets), for text edits. */
export interface SpecLayout {
  /** Column of spec's own keys. */
  keyColumn: number;
  /** The item writes lists indented under their key (its first list does). */
  wide?: boolean;
  /**
   * Offset of the newline that ends spec's last content line: new keys go before it.
   * undefined when spec ends in a block scalar that keeps its trailing lines (`|+`):
   * nothing can be appended after it without changing its value.
   */
  end?: number;
  config?: ConfigLayout;
}

export interface ConfigLayout {
  /** Start of the `config:` key's line. */
  keyLineStart: number;
  /** `block`: a block sequence (the only one text edits handle); `other`: anything else. */
  style: 'block' | 'other';
  /** Column of the entries' dashes (block only). */
  dashColumn: number;
  /** Each entry: start of its dash line, and the newline ending its last content line. */
  entries: { start: number; end: number }[];
  /** Newline ending the value's last content line (or the key's line when empty/flow). */
  end: number;
  /**
   * Set when the text before the key ends a block scalar: where the lines after the value that
   * would join that scalar once the key is gone end. Removing the key must take them too: the
   * blank lines after a `|+` scalar, and comment lines indented deeper than spec's keys (text
   * to a block scalar once they follow it).
   */
  blankEnd?: number;
}

export interface ItemRead {
  /** The item's value, keeping only the selected fields (as `yaml`'s toJS gives them). */
  value: { [key: string]: Value };
  /** Set when the item has a block map `spec` at its top level. */
  spec?: SpecLayout;
}

/** Why the last call gave up (for tests and statistics only). */
export let lastGiveUp = '';

class GiveUp {}
const GIVE_UP = new GiveUp();
function giveUp(why: string): never {
  lastGiveUp = why;
  throw GIVE_UP;
}

// Compiled selection: keys as bytes, so that unselected keys are matched without strings.
interface Compiled {
  all: boolean;
  names: string[];
  bytes: Uint8Array[];
  children: Compiled[];
}
const ALL: Compiled = { all: true, names: [], bytes: [], children: [] };
const compiledCache = new WeakMap<object, Compiled>();

/** pickKey when the selection takes every key (ALL), and when it takes none of this one. */
const ANY_KEY = -2;
const NO_KEY = -1;

/** The entry of `sel` the key b[ks, ke) picks: its index, ANY_KEY or NO_KEY (also without a selection). */
function pickKey(sel: Compiled | null, b: Buffer, ks: number, ke: number): number {
  if (!sel) return NO_KEY;
  if (sel.all) return ANY_KEY;
  for (let i = 0; i < sel.bytes.length; i++) if (sameBytes(b, ks, ke, sel.bytes[i]!)) return i;
  return NO_KEY;
}

/** What to read the picked key's value with: null reads it only to check it. */
function childAt(sel: Compiled | null, picked: number): Compiled | null {
  return picked === ANY_KEY ? ALL : picked >= 0 ? sel!.children[picked]! : null;
}
function compile(sel: Selection): Compiled {
  if (sel === true) return ALL;
  let c = compiledCache.get(sel);
  if (!c) {
    const names = Object.keys(sel);
    c = {
      all: false,
      names,
      bytes: names.map((n) => Buffer.from(n, 'latin1')),
      children: names.map((n) => compile(sel[n]!)),
    };
    compiledCache.set(sel, c);
  }
  return c;
}

const MAX_DEPTH = 64;

/** The key hashes of the block maps being read (see Reader.map): at most 16 for each of MAX_DEPTH maps. */
const HASHES = new Int32Array(MAX_DEPTH * 16 + 16);
let hashTop = 0;

/** Printable ASCII: what the lexed parts of a line may hold. */
const printable = (c: number) => c >= 32 && c <= 126;

/**
 * The closing quote of the quoted scalar opening at p, on its line (before le): printable
 * characters only, `''` inside single quotes, no escapes (the parser reads those).
 */
function quotedEnd(b: Buffer, p: number, le: number): number {
  const c = b[p]!;
  for (let q = p + 1; ; q++) {
    if (q >= le) giveUp('quoted scalar not closed on its line');
    const d = b[q]!;
    if (d === c) {
      if (c !== SQ || b[q + 1] !== SQ) return q;
      q++; // '' is one quote
      continue;
    }
    if (!printable(d)) giveUp('odd character in a quoted scalar');
    if (d === 92 && c === DQ) giveUp('escape in a double-quoted scalar');
  }
}

/** The value of the quoted scalar from p to its closing quote q (quotedEnd). */
function quotedValue(b: Buffer, p: number, q: number): string {
  const s = text(b, p + 1, q);
  // Inside single quotes '' can only be an escaped quote (a lone ' would have closed it).
  return b[p] === SQ && s.includes("''") ? s.replaceAll("''", "'") : s;
}

// Characters of plain keys (Kubernetes field names, label and annotation keys).
const KEY_CHAR = new Uint8Array(256);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/-') KEY_CHAR[c.charCodeAt(0)] = 1;

// First characters a plain scalar may not start with in block context (YAML indicators),
// besides `-`, `?` and `:`, which may when not followed by a space.
const INDICATOR = new Uint8Array(256);
for (const c of ',[]{}#&*!|>\'"%@`') INDICATOR[c.charCodeAt(0)] = 1;

enum Role {
  None,
  Root,
  Spec,
}

class Reader {
  // The current content line. For the first line of an entry of a block sequence, `col`
  // and `cs` are those of the entry's content after its dash.
  ls = 0; // line start
  cs = 0; // content start
  col = 0; // column of cs
  le = 0; // line end: the newline, or `end`
  eof = false;
  /** Line end of the last content line consumed. */
  lastEnd = 0;
  /** The last value consumed was a block scalar keeping its trailing lines. */
  lastKeep = false;
  /** lastKeep as it was before spec's `config:` key. */
  keepBeforeConfig = false;
  /** The last value consumed ended in a block scalar (of any chomping). */
  lastScalar = false;
  /** lastScalar as it was before spec's `config:` key. */
  scalarBeforeConfig = false;
  depth = 0;
  spec: SpecLayout | undefined;
  wide: boolean | undefined;

  constructor(
    readonly b: Buffer,
    readonly end: number,
  ) {}

  // ---- lines -------------------------------------------------------------------------

  /** Moves to the next content line after position `from` (skipping blank and comment lines). */
  seek(from: number): void {
    const b = this.b,
      end = this.end;
    let p = from;
    while (p < end) {
      let q = p;
      while (q < end && b[q] === SPACE) q++;
      const nl = lineEnd(b, q, end);
      if (q === nl) {
        p = nl + 1;
        continue;
      }
      const c = b[q]!;
      if (c === HASH) {
        this.checkComment(q + 1, nl);
        p = nl + 1;
        continue;
      }
      if (c === TAB) giveUp('tab in indentation');
      this.ls = p;
      this.cs = q;
      this.col = q - p;
      this.le = nl;
      return;
    }
    this.eof = true;
    this.ls = this.cs = this.le = end;
    this.col = -1;
  }

  /** The next content line after the current one. */
  next(): void {
    this.lastEnd = this.le;
    this.seek(this.le + 1);
  }

  /**
   * Comment text may hold anything but what go-yaml reads as a line break (NEL, LS, PS),
   * a byte order mark, CR or other control characters.
   */
  checkComment(p: number, le: number): void {
    const b = this.b;
    for (; p < le; p++) {
      const c = b[p]!;
      if (c < 128) {
        if (c < 32 ? c !== TAB : c === 127) giveUp('control character in a comment');
      } else if (
        (c === 0xc2 && b[p + 1] === 0x85) ||
        (c === 0xe2 && b[p + 1] === 0x80 && (b[p + 2] === 0xa8 || b[p + 2] === 0xa9)) ||
        (c === 0xef && b[p + 1] === 0xbb && b[p + 2] === 0xbf)
      ) {
        giveUp('line break or BOM in a comment');
      }
    }
  }

  /** What may follow a value on its line: spaces, then a comment or nothing. */
  rest(p: number): void {
    const b = this.b,
      le = this.le;
    if (p < le && b[p] !== SPACE) giveUp('text right after a value');
    while (p < le && b[p] === SPACE) p++;
    if (p === le) return;
    if (b[p] === HASH) return this.checkComment(p + 1, le);
    giveUp(b[p] === TAB ? 'tab' : 'text after a value');
  }

  /** A dash line: `-` then a space or the line end. */
  isDash(): boolean {
    const b = this.b,
      p = this.cs;
    return b[p] === DASH && (p + 1 === this.le || b[p + 1] === SPACE);
  }

  // ---- nodes -------------------------------------------------------------------------

  /** A block node starting on the current line at column `col`. */
  node(sel: Compiled | null, role: Role): Value | undefined {
    if (++this.depth > MAX_DEPTH) giveUp('nested too deeply');
    const v = this.isDash() ? this.seq(sel) : this.map(sel, role);
    this.depth--;
    return v;
  }

  /** A block mapping whose first key is at the current content start. */
  map(sel: Compiled | null, role: Role): Value | undefined {
    const b = this.b;
    const col = this.col;
    const obj: { [key: string]: Value } | undefined = sel ? {} : undefined;
    // Key hashes: HASHES[first, hashTop) for the first 16 keys (a map nested in a value puts
    // its own after them and takes them back when done: no list per map), then a set, so that
    // a map of many keys stays linear.
    const first = hashTop;
    let many: Set<number> | undefined;
    for (;;) {
      // The key: plain (Kubernetes key characters) or quoted without escapes.
      let p = this.cs;
      const le = this.le;
      let ks: number, ke: number;
      const q = b[p]!;
      if (q === DQ || q === SQ) {
        ks = ++p;
        while (p < le && b[p] !== q) {
          if (!printable(b[p]!) || b[p] === 92 /* \ */) giveUp('escape or odd character in a quoted key');
          p++;
        }
        if (p === le) giveUp('unclosed quoted key');
        ke = p++;
        if (q === SQ && b[p] === SQ) giveUp("'' in a quoted key");
        if (b[p] !== COLON) giveUp('quoted key without a colon');
      } else {
        ks = p;
        while (p < le && KEY_CHAR[b[p]!]) p++;
        ke = p;
        if (b[p] !== COLON || ke === ks) giveUp('not a key');
      }
      p++; // the colon
      if (p < le && b[p] !== SPACE) giveUp(b[p] === TAB ? 'tab after a key' : 'no space after a key');
      // Keys must be strings to every reader, and unique (by their text: `a` and `"a"`
      // are the same key; `1` and `01` would be too, but are not strings).
      if (q !== DQ && q !== SQ && !plainKeyIsString(b, ks, ke)) giveUp('key not surely a string');
      const h = hashKey(b, ks, ke);
      if (many) {
        if (many.has(h)) giveUp('duplicate key (or a hash collision)');
        many.add(h);
      } else {
        for (let i = first; i < hashTop; i++) if (HASHES[i] === h) giveUp('duplicate key (or a hash collision)');
        if (hashTop - first < 16 && hashTop < HASHES.length) HASHES[hashTop++] = h;
        else {
          many = new Set(HASHES.subarray(first, hashTop));
          many.add(h);
          hashTop = first;
        }
      }
      const picked = pickKey(sel, b, ks, ke);
      const child = childAt(sel, picked);
      const keyLineStart = this.ls;
      const childRole = role === Role.Root && sameBytes(b, ks, ke, SPEC) ? Role.Spec : Role.None;
      const configHere = role === Role.Spec && sameBytes(b, ks, ke, CONFIG);
      if (configHere) {
        this.keepBeforeConfig = this.lastKeep;
        this.scalarBeforeConfig = this.lastScalar;
      }
      const v = this.value(p, col, child, childRole, configHere ? keyLineStart : -1);
      if (childRole === Role.Spec && this.spec) {
        this.spec.end = this.lastKeep ? undefined : this.lastEnd;
      }
      if (obj && child) {
        const key = picked >= 0 ? sel!.names[picked]! : internedKey(b, ks, ke, h);
        if (key === '__proto__') giveUp('__proto__ key');
        obj[key] = v!;
      }
      if (this.eof || this.col < col) {
        hashTop = first;
        return obj;
      }
      if (this.col > col) giveUp('more indented line after a value');
      if (this.isDash()) giveUp('sequence entry inside a mapping');
    }
  }

  /** A block sequence whose first dash is on the current line. */
  seq(sel: Compiled | null): Value | undefined {
    // A list where some keys of a map were asked for: the caller would get the whole
    // list; rare enough to leave to the full parser.
    if (sel && !sel.all) giveUp('list where a map was selected');
    const col = this.col;
    const arr: Value[] | undefined = sel ? [] : undefined;
    for (;;) {
      const v = this.seqEntry(sel, col);
      if (arr) arr.push(v!);
      if (this.eof || this.col < col) return exact(arr);
      if (this.col > col) giveUp('more indented line after an entry');
      if (!this.isDash()) return exact(arr); // a compact sequence under a key: the key's map goes on
    }
  }

  /**
   * The value after `key:` (p just after the colon): inline on this line, or a block node
   * on the following lines. parentCol: the key's column.
   */
  value(p: number, parentCol: number, sel: Compiled | null, role: Role, configKeyLine: number): Value | undefined {
    const b = this.b;
    const le = this.le;
    while (p < le && b[p] === SPACE) p++;
    let v: Value | undefined;
    if (p === le || b[p] === HASH) {
      if (p < le) this.checkComment(p + 1, le);
      this.next();
      this.lastKeep = this.lastScalar = false;
      if (!this.eof && (this.col > parentCol || (this.col === parentCol && this.isDash()))) {
        const isSeq = this.isDash();
        // The item's sequence style, from its first list under a key: indented under the key
        // ("wide", kpt's seqindent) or at the key's column ("compact").
        if (isSeq && this.wide === undefined) this.wide = this.col > parentCol;
        if (role === Role.Spec && !isSeq) this.spec = { keyColumn: this.col };
        if (configKeyLine >= 0 && isSeq && this.spec) return this.configSeq(sel, configKeyLine);
        v = this.node(sel, role);
      } else v = null;
    } else v = this.inline(p, parentCol, sel);
    // config present in another form: the text edits must leave it to the full parser.
    if (configKeyLine >= 0 && this.spec)
      this.spec.config = {
        keyLineStart: configKeyLine,
        style: 'other',
        dashColumn: -1,
        entries: [],
        end: this.lastEnd,
      };
    return v;
  }

  /** spec.config as a block sequence, with the place of each entry. */
  configSeq(sel: Compiled | null, keyLineStart: number): Value | undefined {
    if (sel && !sel.all) giveUp('list where a map was selected');
    const col = this.col;
    const layout: ConfigLayout = { keyLineStart, style: 'block', dashColumn: col, entries: [], end: 0 };
    const arr: Value[] | undefined = sel ? [] : undefined;
    if (++this.depth > MAX_DEPTH) giveUp('nested too deeply');
    for (;;) {
      const start = this.ls;
      const v = this.seqEntry(sel, col);
      if (arr) arr.push(v!);
      layout.entries.push({ start, end: this.lastEnd });
      if (this.eof || this.col < col) break;
      if (this.col > col) giveUp('more indented line after an entry');
      if (!this.isDash()) break;
    }
    this.depth--;
    layout.entries = exact(layout.entries)!; // kept with every NodePool
    layout.end = this.lastEnd;
    if (this.scalarBeforeConfig) {
      // The lines that would join the scalar once the key is gone: comment lines deeper than
      // spec's keys (content to it when as deep as its text; its indentation is not known
      // here, so all of them) with the blank lines between, and after `|+` any blank line.
      const b = this.b;
      const keyColumn = this.spec!.keyColumn;
      let q = layout.end + 1;
      let joined = q;
      while (q < this.end) {
        let s = q;
        while (s < this.end && b[s] === SPACE) s++;
        const nl = lineEnd(b, s, this.end);
        if (s !== nl) {
          if (b[s] !== HASH || s - q <= keyColumn) break;
          joined = nl + 1;
        }
        q = nl + 1;
      }
      const blankEnd = this.keepBeforeConfig ? q : joined;
      if (blankEnd > layout.end + 1) layout.blankEnd = Math.min(blankEnd, this.end);
    }
    this.spec!.config = layout;
    return exact(arr);
  }

  /** One entry of a block sequence (the current line is its dash line). */
  seqEntry(sel: Compiled | null, col: number): Value | undefined {
    const b = this.b;
    let p = this.cs + 1;
    while (p < this.le && b[p] === SPACE) p++;
    if (p === this.le || b[p] === HASH) {
      this.rest(this.cs + 1);
      this.next();
      return !this.eof && this.col > col ? this.node(sel, Role.None) : null;
    }
    if (b[p] === TAB) giveUp('tab after a dash');
    this.cs = p;
    this.col = p - this.ls;
    if (this.isDash()) giveUp('nested compact sequence');
    if (looksLikeKey(b, p, this.le)) return this.map(sel, Role.None);
    return this.inline(p, col, sel);
  }

  /**
   * A value that starts on its key's or dash's line at p: a scalar, `[]`, `{}` or a block
   * scalar. Moves to the next content line, which must not be more indented than parentCol.
   */
  inline(p: number, parentCol: number, sel: Compiled | null): Value | undefined {
    const b = this.b;
    const le = this.le;
    const c = b[p]!;
    let v: Value | undefined;
    this.lastKeep = this.lastScalar = false;
    if (c === DQ || c === SQ) {
      const q = quotedEnd(b, p, le);
      if (sel) v = quotedValue(b, p, q);
      this.rest(q + 1);
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      this.fp = p;
      v = this.flowNode(sel, parentCol);
      this.rest(this.fp);
    } else if (c === 124 /* | */ || c === 62 /* > */) {
      return this.blockScalar(p, parentCol, sel);
    } else {
      if (INDICATOR[c]) giveUp(`indicator ${String.fromCharCode(c)}`);
      if ((c === DASH || c === 63 /* ? */ || c === COLON) && (p + 1 === le || b[p + 1] === SPACE)) giveUp('indicator');
      if (c === TAB) giveUp('tab');
      // Up to " #" or the line end; ": " or a final ":" would make it a key.
      let q = p;
      let last = p; // end of the last non-space character
      for (; q < le; q++) {
        const d = b[q]!;
        if (d === SPACE) {
          if (b[q + 1] === HASH) break;
          continue;
        }
        if (!printable(d)) giveUp(d === TAB ? 'tab in a plain scalar' : 'odd character in a plain scalar');
        if (d === COLON && (q + 1 === le || b[q + 1] === SPACE)) giveUp('": " in a plain scalar');
        last = q + 1;
      }
      if (q < le) this.checkComment(q + 2, le);
      if (sel) {
        const s = text(b, p, last);
        const k = classifyPlain(s);
        if (k === Plain.Unsure) giveUp(`not surely a string: ${s.slice(0, 40)}`);
        v = k === Plain.String ? s : null;
      }
    }
    this.next();
    if (!this.eof && this.col > parentCol) giveUp('more indented line after a scalar');
    return v;
  }

  // ---- flow collections -------------------------------------------------------------
  //
  // `[a, "b", {name: c}]`, on one line or over several. Entries are flow collections and
  // scalars every reader agrees on: quoted scalars closed on their line without escapes, and
  // plain scalars of one line that hold none of `?`, `#`, `\` or a `:` ending a key. Anything
  // else (empty entries, trailing commas, `key: value` pairs inside a sequence, comments or
  // blank lines inside, anchors, aliases, tags, implicit nulls in maps) gives up. Each byte is
  // looked at a bounded number of times; nesting counts towards MAX_DEPTH.

  /** Position inside a flow collection (the current line is [ls, le)). */
  fp = 0;

  /**
   * Skips spaces and line breaks from fp; returns the byte there. Continuation lines must be
   * more indented than parentCol (the `yaml` package requires it, and so no `---` can start
   * one); a blank line gives up.
   */
  flowSpace(parentCol: number): number {
    const b = this.b;
    let p = this.fp;
    for (;;) {
      while (p < this.le && b[p] === SPACE) p++;
      if (p < this.le) {
        this.fp = p;
        return b[p]!;
      }
      if (this.le >= this.end) giveUp('flow collection not closed');
      const ls = this.le + 1;
      let q = ls;
      while (q < this.end && b[q] === SPACE) q++;
      const nl = lineEnd(b, q, this.end);
      if (q === nl) giveUp('blank line in a flow collection');
      if (q - ls <= parentCol) giveUp('flow continuation line not indented enough');
      this.ls = ls;
      this.le = nl;
      p = q;
    }
  }

  /** A flow sequence or mapping at fp; leaves fp after its closing bracket. */
  flowNode(sel: Compiled | null, parentCol: number): Value | undefined {
    if (++this.depth > MAX_DEPTH) giveUp('nested too deeply');
    const v = this.b[this.fp] === 91 ? this.flowSeq(sel, parentCol) : this.flowMap(sel, parentCol);
    this.depth--;
    return v;
  }

  flowSeq(sel: Compiled | null, parentCol: number): Value | undefined {
    const arr: Value[] | undefined = sel ? [] : undefined;
    this.fp++;
    let c = this.flowSpace(parentCol);
    // (`[]` where a map was selected: the caller gets [], as from the full parse.)
    if (c !== 93 && sel && !sel.all) giveUp('list where a map was selected');
    while (c !== 93 /* ] */) {
      const v = this.flowEntry(sel, parentCol);
      if (arr) arr.push(v!);
      c = this.flowSpace(parentCol);
      if (c === 93) break;
      if (c !== 44 /* , */) giveUp('no , or ] after a flow sequence entry');
      this.fp++;
      c = this.flowSpace(parentCol);
      if (c === 93) giveUp('trailing comma in a flow sequence');
    }
    this.fp++;
    return exact(arr);
  }

  flowMap(sel: Compiled | null, parentCol: number): Value | undefined {
    const b = this.b;
    const obj: { [key: string]: Value } | undefined = sel ? {} : undefined;
    const seen = new Set<number>();
    this.fp++;
    let c = this.flowSpace(parentCol);
    while (c !== 125 /* } */) {
      // The key: quoted without escapes, or plain; then `: ` on its line.
      let ks: number, ke: number;
      const quoted = c === DQ || c === SQ;
      if (quoted) {
        let p = this.fp + 1;
        ks = p;
        while (p < this.le && b[p] !== c) {
          if (!printable(b[p]!) || b[p] === 92) giveUp('escape or odd character in a quoted key');
          p++;
        }
        if (p === this.le) giveUp('unclosed quoted key');
        ke = p;
        this.fp = p + 1;
      } else {
        ks = this.fp;
        ke = this.flowPlain();
      }
      const p = this.fp;
      if (b[p] !== COLON || b[p + 1] !== SPACE) giveUp('flow mapping key without ": "');
      if (ke === ks && !quoted) giveUp('empty key');
      if (!quoted && !plainKeyIsString(b, ks, ke)) giveUp('key not surely a string');
      const h = hashKey(b, ks, ke);
      if (seen.has(h)) giveUp('duplicate key (or a hash collision)');
      seen.add(h);
      // The value starts on the key's line.
      let q = p + 2;
      while (q < this.le && b[q] === SPACE) q++;
      if (q === this.le) giveUp('flow mapping value on the next line');
      this.fp = q;
      const picked = pickKey(sel, b, ks, ke);
      const child = childAt(sel, picked);
      const v = this.flowEntry(child, parentCol);
      if (obj && child) {
        const key = picked >= 0 ? sel!.names[picked]! : internedKey(b, ks, ke, h);
        if (key === '__proto__') giveUp('__proto__ key');
        obj[key] = v!;
      }
      c = this.flowSpace(parentCol);
      if (c === 125) break;
      if (c !== 44) giveUp('no , or } after a flow mapping entry');
      this.fp++;
      c = this.flowSpace(parentCol);
      if (c === 125) giveUp('trailing comma in a flow mapping');
    }
    this.fp++;
    return obj;
  }

  /** A flow collection or a scalar at fp (not a space); leaves fp after it. */
  flowEntry(sel: Compiled | null, parentCol: number): Value | undefined {
    const b = this.b;
    const p = this.fp;
    const c = b[p]!;
    if (c === 91 || c === 123) return this.flowNode(sel, parentCol);
    if (c === DQ || c === SQ) {
      const q = quotedEnd(b, p, this.le);
      this.fp = q + 1;
      return sel ? quotedValue(b, p, q) : undefined;
    }
    const e = this.flowPlain();
    if (e === p) giveUp(`no flow entry at ${String.fromCharCode(c)}`);
    if (!sel) return undefined;
    const s = text(b, p, e);
    const k = classifyPlain(s);
    if (k === Plain.Unsure) giveUp(`not surely a string: ${s.slice(0, 40)}`);
    return k === Plain.String ? s : null;
  }

  /**
   * A plain scalar at fp, on one line: returns its end (trailing spaces excluded) and leaves
   * fp where it stops (a flow indicator, `: `, or the line end). Gives up on what readers
   * read differently in flow context: `?` (go-yaml v2 ends the scalar there), `#`, `\`, a
   * first character that is an indicator.
   */
  flowPlain(): number {
    const b = this.b,
      le = this.le;
    const p = this.fp;
    const c = b[p]!;
    if (INDICATOR[c] || c === 63 /* ? */ || c === COLON) return p;
    if (c === DASH && (p + 1 === le || b[p + 1] === SPACE || FLOW_END[b[p + 1]!])) return p;
    let q = p;
    let last = p;
    for (; q < le; q++) {
      const d = b[q]!;
      if (d === SPACE) continue;
      if (FLOW_END[d]) break;
      if (d === COLON) {
        const e = b[q + 1];
        if (q + 1 === le || e === SPACE || FLOW_END[e!]) break;
      }
      if (!printable(d) || d === 63 || d === HASH || d === 92)
        giveUp(`${String.fromCharCode(d)} in a plain scalar in a flow collection`);
      last = q + 1;
    }
    this.fp = q;
    return last;
  }

  /**
   * A block scalar (`|` or `>`, optional chomping, no indentation indicator). Its lines
   * are content, not checked as YAML. Built only for literal style without `+`.
   */
  blockScalar(p: number, parentCol: number, sel: Compiled | null): Value | undefined {
    const b = this.b,
      end = this.end;
    const literal = b[p] === 124;
    let chomp = 0; // -1 strip, 0 clip, 1 keep
    let q = p + 1;
    if (b[q] === DASH) {
      chomp = -1;
      q++;
    } else if (b[q] === 43 /* + */) {
      chomp = 1;
      q++;
    }
    if (b[q]! >= 48 && b[q]! <= 57) giveUp('indentation indicator');
    this.rest(q);
    if (sel && (!literal || chomp === 1)) giveUp('folded or keep block scalar in a needed field');
    // Lines: find the content indentation (the first non-blank line), then take lines
    // until one less indented and not blank.
    let indent = -1;
    let maxLeadingBlank = 0;
    const lines: number[] = []; // start, end pairs (content), or -1, -1 for blank lines
    let lastContentEnd = this.le; // for an empty scalar: its header line
    let firstContent = -1;
    let pos = this.le + 1;
    let stop = end; // where the next line after the scalar starts
    while (pos < end) {
      let s = pos;
      while (s < end && b[s] === SPACE) s++;
      const nl = lineEnd(b, s, end);
      const n = s - pos;
      if (s === nl) {
        // A blank line: content if more spaces than the indentation (then keep it exact).
        if (indent < 0) maxLeadingBlank = Math.max(maxLeadingBlank, n);
        else if (n > indent && sel) giveUp('spaces-only line in a block scalar');
        if (sel) lines.push(-1, -1);
        pos = nl + 1;
        continue;
      }
      if (sel && b[s] === TAB) {
        // Spaces, then a tab: readers differ on a line of white space alone (YAML 1.2's
        // content " \t", the yaml package's empty line); a tab before text is content to all.
        let t = s;
        while (t < nl && (b[t] === TAB || b[t] === SPACE)) t++;
        if (t === nl) giveUp('a line of white space with a tab in a block scalar');
      }
      if (indent < 0) {
        if (n <= parentCol) {
          stop = pos;
          break;
        }
        if (maxLeadingBlank > n) giveUp('leading blank line more indented than the block scalar');
        indent = n;
      } else if (n < indent) {
        stop = pos;
        break;
      }
      if (firstContent < 0) firstContent = s;
      if (sel) lines.push(pos + indent, nl);
      lastContentEnd = nl;
      pos = nl + 1;
    }
    if (pos >= end) stop = end;
    // The content, checked in one pass: printable ASCII and tabs (else not sure of its meaning).
    if (firstContent >= 0 && !contentBytes(b, firstContent, lastContentEnd)) giveUp('odd character in a block scalar');
    let v: Value | undefined;
    if (sel) {
      const content = firstContent < 0 ? '' : b.toString('latin1', firstContent, lastContentEnd);
      // Drop trailing blank lines (clip and strip), join, and clip keeps one newline.
      let n = lines.length;
      while (n > 0 && lines[n - 2] === -1) n -= 2;
      const parts: string[] = [];
      for (let i = 0; i < n; i += 2)
        parts.push(lines[i] === -1 ? '' : content.slice(lines[i]! - firstContent, lines[i + 1]! - firstContent));
      const s = parts.join('\n');
      v = chomp === 0 && n > 0 ? s + '\n' : s;
    }
    this.lastKeep = chomp === 1;
    this.lastScalar = true;
    this.le = lastContentEnd;
    this.lastEnd = lastContentEnd;
    this.seek(stop);
    if (!this.eof && this.col > parentCol) giveUp('more indented line after a block scalar');
    return v;
  }
}

/** Flow indicators that end a plain scalar in a flow collection. */
const FLOW_END = new Uint8Array(256);
for (const c of ',[]{}') FLOW_END[c.charCodeAt(0)] = 1;

/** Block scalar content: printable ASCII and tabs (anything else: not sure of its meaning). */
/** What block scalar content lines (and the line breaks and indentation between them) may not hold. */
/** Bytes a block scalar's text may hold: printable ASCII, tab and line feed. */
const CONTENT_BYTE = new Uint8Array(256);
for (let c = 0x20; c <= 0x7e; c++) CONTENT_BYTE[c] = 1;
CONTENT_BYTE[TAB] = CONTENT_BYTE[LF] = 1;

/** Whether b[s, e) holds only CONTENT_BYTEs (a loop: a data URL line is kilobytes long). */
function contentBytes(b: Buffer, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (CONTENT_BYTE[b[i]!] === 0) return false;
  return true;
}

/** `key:` followed by a space or the line end, with a plain or quoted key. */
function looksLikeKey(b: Buffer, p: number, le: number): boolean {
  const q = b[p];
  if (q === DQ || q === SQ) {
    let close = p + 1;
    while (close < le && b[close] !== q) close++;
    return close < le && b[close + 1] === COLON;
  }
  while (p < le && KEY_CHAR[b[p]!]) p++;
  return b[p] === COLON && (p + 1 === le || b[p + 1] === SPACE || b[p + 1] === TAB);
}

function sameBytes(b: Buffer, s: number, e: number, want: Uint8Array): boolean {
  if (e - s !== want.length) return false;
  for (let i = 0; i < want.length; i++) if (b[s + i] !== want[i]) return false;
  return true;
}

const SPEC = Buffer.from('spec'),
  CONFIG = Buffer.from('config');

/**
 * A plain key (of KEY_CHAR characters) that every reader takes as a string: the common
 * case, a key starting with a letter and longer than any boolean or null word, needs no
 * string; the rest asks classifyPlain.
 */
function plainKeyIsString(b: Buffer, s: number, e: number): boolean {
  const c = b[s]!;
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  if (letter && e - s > 5) return true;
  // A short key starting with a letter and no exponent (e5): a string unless it is one of the
  // boolean and null words of YAML 1.1 and 1.2, which start with y n t f o N Y T F O. Told by
  // its bytes, no string made (`name` and `type` are on every item).
  if (letter && c !== 101 && c !== 69) return !MAYBE_WORD[c] || !isWord(b, s, e);
  return classifyPlain(latin1(b, s, e)) === Plain.String;
}

/** First letters of the YAML 1.1 and 1.2 boolean and null words. */
const MAYBE_WORD = new Uint8Array(128);
for (const ch of 'yYnNtTfFoO') MAYBE_WORD[ch.charCodeAt(0)] = 1;

/** The words of BOOL_NULL_WORDS by length, as bytes. */
const WORDS_BY_LENGTH: Uint8Array[][] = [[], [], [], [], [], []];
for (const w of BOOL_NULL_WORDS) if (w.length <= 5) WORDS_BY_LENGTH[w.length]!.push(Buffer.from(w, 'latin1'));

/** Whether b[s, e) (at most 5 bytes) is a YAML 1.1 or 1.2 boolean or null word. */
function isWord(b: Buffer, s: number, e: number): boolean {
  const words = WORDS_BY_LENGTH[e - s];
  if (words === undefined) return false;
  for (const w of words) if (sameBytes(b, s, e, w)) return true;
  return false;
}

/** Node's Buffer has latin1Slice (toString('latin1') calls it); @types/node does not say so. */
interface Latin1Slicer {
  latin1Slice(start: number, end: number): string;
}
/** b[s, e) as latin1 text: Buffer's own method, without toString's checks and dispatch (where there is one). */
const latin1: (b: Buffer, s: number, e: number) => string =
  typeof (Buffer.prototype as Partial<Latin1Slicer>).latin1Slice === 'function'
    ? (b, s, e) => (b as unknown as Latin1Slicer).latin1Slice(s, e)
    : (b, s, e) => b.toString('latin1', s, e);

/**
 * A list of its own length: a list grown by push keeps room for 17 or more entries, and the
 * function keeps what it read of every NodePool and HostedCluster until it writes.
 */
function exact<T>(arr: T[] | undefined): T[] | undefined {
  return arr && arr.length < 17 ? arr.slice() : arr;
}

// Short values repeat from item to item (apiVersion, kind, namespace, policies): one string
// per text, as for keys, so that 10,000 NodePools do not hold 10,000 copies of each. A
// direct-mapped table by hash (the last text of each slot): no map to grow or rehash, and a
// value that does not repeat only costs its slot.
const VALUES: (string | undefined)[] = new Array<string | undefined>(8192).fill(undefined);

function text(b: Buffer, s: number, e: number): string {
  if (e - s > 48) return latin1(b, s, e);
  return interned(VALUES, b, s, e, hashKey(b, s, e));
}

// Keys repeat from item to item: one string per key text, so that building an object does
// not allocate (and internalise) the same key again every time.
const KEYS: (string | undefined)[] = new Array<string | undefined>(4096).fill(undefined);

function internedKey(b: Buffer, s: number, e: number, h: number): string {
  return interned(KEYS, b, s, e, h);
}

// Each slot's full hash: a slot holding another text of the same length (a fleet's mirrors
// differ in one character) is told apart without comparing the text.
const VALUE_HASHES = new Int32Array(VALUES.length);
const KEY_HASHES = new Int32Array(KEYS.length);

/** The latin1 text of [s, e) (hash h): the string in its slot of `table` when it is that text, else a new one put there. */
function interned(table: (string | undefined)[], b: Buffer, s: number, e: number, h: number): string {
  const slot = h & (table.length - 1);
  const hashes = table === VALUES ? VALUE_HASHES : KEY_HASHES;
  const known = table[slot];
  if (known !== undefined && hashes[slot] === (h | 0) && known.length === e - s) {
    let same = true;
    for (let i = 0; i < known.length; i++) {
      if (known.charCodeAt(i) !== b[s + i]) {
        same = false;
        break;
      }
    }
    if (same) return known;
  }
  const v = latin1(b, s, e);
  table[slot] = v;
  hashes[slot] = h;
  return v;
}

function hashKey(b: Buffer, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h;
}

/**
 * Reads one item of a ResourceList: its lines are [start, end) of `text`, and its first
 * line starts with a dash at column `dashColumn` (as the line scanner finds items).
 * Returns undefined when the item is outside the subset: parse it with `yaml` instead.
 */
export function readItem(
  text: Buffer,
  start: number,
  end: number,
  dashColumn: number,
  selection: Selection,
): ItemRead | undefined {
  const r = new Reader(text, end);
  hashTop = 0; // (a read that gave up may have left some)
  try {
    r.seek(start);
    if (r.eof || r.ls !== start || r.col !== dashColumn || !r.isDash()) giveUp('not a dash line');
    let p = r.cs + 1;
    while (p < r.le && text[p] === SPACE) p++;
    if (p === r.le || !looksLikeKey(text, p, r.le)) giveUp('item does not start with a key on its dash line');
    r.cs = p;
    r.col = p - r.ls;
    const value = r.map(compile(selection), Role.Root) as { [key: string]: Value };
    if (!r.eof) giveUp('a line outside the item mapping');
    if (r.spec) r.spec.wide = r.wide === true;
    return r.spec ? { value, spec: r.spec } : { value };
  } catch (e) {
    if (e === GIVE_UP) return undefined;
    if (e instanceof RangeError) {
      lastGiveUp = 'stack';
      return undefined;
    }
    throw e;
  }
}
