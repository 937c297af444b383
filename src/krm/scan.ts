// The fast path: find the top-level sections and the item spans of a ResourceList by
// looking at line starts only, over the raw bytes, so that items we do not need are
// never decoded nor parsed. Offsets are byte offsets.
//
// It accepts the block layout kpt and kustomize write and what people and the function
// itself add to it: top-level keys at column 0 (plain, or quoted without escapes, a space
// before the colon allowed), `items:` followed by `- ` entries at one indentation, other
// sections holding block lists at column 0 (the function's own `results:`), a leading
// `%YAML` directive and `---` (also `--- !!map`), a final `...`, and LF, CRLF or lone CR
// line breaks. It gives up, returning undefined, on anything else (flow style, JSON, tags
// and anchors on the list itself, `%TAG`, several documents...): the caller then takes
// another path. Giving up is always safe; guessing is not.
import { COLON, CR, DASH, DOT, DQ, HASH, LF, PERCENT, SPACE, SQ, TAB, lineEnd } from './bytes.js';

export interface Span {
  start: number;
  end: number;
}

export interface Section extends Span {
  key: string;
  /** The text after "key:" on the key's own line, trimmed. */
  inline: string;
}

/**
 * The items of the list, item i spanning [starts[i], ends[i]): its dash line up to the next
 * item or section. [starts[i], contentEnds[i]) is its text: its lines up to the last one
 * that is neither blank nor a comment at or left of the dash column (a deeper `#` line may
 * be block scalar content, so it counts as the item's); the lines after it (blank lines,
 * comments about what follows) stay where they are when the item is edited. Flat arrays,
 * not an object per item: a list of 50,000 items costs three arrays of numbers.
 */
export interface ItemSpans {
  section: Section;
  /** The column of the items' dashes. */
  indent: number;
  starts: number[];
  ends: number[];
  contentEnds: number[];
}

export interface Scan {
  sections: Section[];
  /** undefined when there is no `items:` key. */
  items?: ItemSpans;
  /** Where the document ends: a `...` line (written back after everything), or the input's end. */
  docEnd: number;
  /** The input has CR line breaks (CRLF or lone CR). */
  cr: boolean;
}

/** Characters of a plain top-level key. */
const KEY_CHAR = new Uint8Array(256);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_./-') KEY_CHAR[c.charCodeAt(0)] = 1;

/** What may follow `---` on the document start line: nothing, a comment, or the map tag. */
const DOC_START = /^---(?:[ \t]+(?:!!map|!<tag:yaml\.org,2002:map>))?(?:[ \t]+#.*)?[ \t]*$/;
const DOC_END = /^\.\.\.(?:[ \t]+#.*)?[ \t]*$/;
const YAML_DIRECTIVE = /^%YAML[ \t]+1\.[0-9]+(?:[ \t]+#.*)?[ \t]*$/;

/** A top-level key line: the key's value and the text after the colon, or undefined. */
function keyLine(text: Buffer, pos: number, eol: number): { key: string; inline: string } | undefined {
  const c = text[pos]!;
  let key: string;
  let p: number;
  if (c === DQ || c === SQ) {
    const close = text.indexOf(c, pos + 1);
    if (close < 0 || close >= eol) return undefined;
    key = text.toString('latin1', pos + 1, close);
    // Escapes, '' and anything not printable ASCII: the parser knows better.
    if (!/^[\x20-\x7e]*$/.test(key) || (c === DQ && key.includes('\\')) || (c === SQ && text[close + 1] === SQ))
      return undefined;
    p = close + 1;
  } else {
    p = pos;
    while (p < eol && KEY_CHAR[text[p]!]) p++;
    if (p === pos) return undefined;
    key = text.toString('latin1', pos, p);
    if (key === '---' || key === '...') return undefined;
  }
  while (p < eol && (text[p] === SPACE || text[p] === TAB)) p++;
  if (text[p] !== COLON) return undefined;
  p++;
  if (p < eol && text[p] !== SPACE && text[p] !== TAB) return undefined;
  return { key, inline: text.toString('utf8', p, eol).trim() };
}

/** Uint8Array's own indexOf (a V8 builtin): Buffer's goes through a JavaScript wrapper first. */
const indexOfByte = Uint8Array.prototype.indexOf;

/**
 * Where the last line of [from, to) that is not white space alone ends (after its line
 * break), or `from` when there is none. The lines end in LF; `to` is a line start or the end.
 */
function lastContentEnd(text: Buffer, from: number, to: number): number {
  let end = to;
  while (end > from) {
    // The line before `end`, from its end back: its last byte that is not white space makes it
    // content (a data URL's line is not walked back to its start); an LF first, white space alone.
    let q = end < text.length || text[end - 1] === LF ? end - 1 : end;
    while (q > from && text[q - 1] !== LF) {
      const c = text[q - 1];
      if (c !== SPACE && c !== TAB) return end;
      q--;
    }
    end = q;
  }
  return from;
}

export function scan(text: Buffer): Scan | undefined {
  const len = text.length;
  let nextCr = indexOfByte.call(text, CR);
  const cr = nextCr >= 0;

  const sections: Section[] = [];
  const keys = new Set<string>();
  let items: ItemSpans | undefined;
  let current: Section | undefined;
  let indent = -1; // the items' dash column, once known
  let open = false; // an item is being read
  let docStarted = false;
  let docEnd = len;

  const closeItem = (at: number) => {
    if (open) items!.ends.push(at);
    open = false;
  };
  const openItem = (at: number, contentEnd: number) => {
    closeItem(at);
    items!.starts.push(at);
    items!.contentEnds.push(contentEnd);
    open = true;
  };
  const itemContent = (next: number) => {
    if (open) items!.contentEnds[items!.contentEnds.length - 1] = next;
  };
  // A dash at `at`, followed by a space, a tab or the line end.
  const dashAt = (at: number, eol: number) =>
    text[at] === DASH && (at + 1 === eol || text[at + 1] === SPACE || text[at + 1] === TAB);

  let pos = 0;
  while (pos < len) {
    // The line [pos, eol) and where the next one starts: LF, CRLF and a lone CR end a line.
    let eol = lineEnd(text, pos, len);
    let next = eol + 1;
    if (cr) {
      if (nextCr >= 0 && nextCr < pos) nextCr = indexOfByte.call(text, CR, pos);
      if (nextCr >= 0 && nextCr < eol) {
        next = text[nextCr + 1] === LF ? nextCr + 2 : nextCr + 1;
        eol = nextCr;
      }
    }
    if (next > len) next = len;
    const c0 = text[pos];
    if (pos === eol || c0 === HASH) {
      pos = next;
      continue;
    }
    if (c0 === SPACE && indent === 0 && open && !cr && current === items!.section) {
      // Inside an item of a list at column 0 every line that starts with a space is the
      // item's (content, a deeper comment, or blank): skip the run of them by their first
      // bytes, then find where its last line that is not white space alone ends.
      let p = pos;
      while (p < len && text[p] === SPACE) {
        const nl = lineEnd(text, p, len);
        p = nl < len ? nl + 1 : len;
      }
      const content = lastContentEnd(text, pos, p);
      if (content > pos) itemContent(content);
      pos = p;
      continue;
    }
    if (c0 === SPACE || c0 === TAB) {
      let j = pos;
      while (j < eol && text[j] === SPACE) j++;
      const n = j - pos; // the indentation: spaces only
      let k = j;
      while (k < eol && (text[k] === SPACE || text[k] === TAB)) k++;
      if (k === eol) {
        pos = next; // blank line
        continue;
      }
      if (text[k] === HASH) {
        // A comment line: the open item's when deeper than its dash (it may be block scalar content).
        if (indent >= 0 && n > indent && current === items?.section) itemContent(next);
        pos = next;
        continue;
      }
      if (!current) return undefined;
      if (current === items?.section) {
        if (k !== j && n <= Math.max(indent, 0)) return undefined; // a tab where indentation belongs
        if (indent < 0) {
          if (!dashAt(j, eol)) return undefined; // items is not a block sequence
          indent = n;
        }
        if (n < indent) return undefined;
        if (n === indent) {
          if (!dashAt(j, eol)) return undefined;
          openItem(pos, next);
        } else itemContent(next);
      }
      pos = next;
      continue;
    }
    if (c0 === DASH && text[pos + 1] === DASH && text[pos + 2] === DASH) {
      if (!DOC_START.test(text.toString('latin1', pos, eol)) || sections.length > 0) return undefined;
      docStarted = true;
      pos = next;
      continue;
    }
    if (c0 === DASH && dashAt(pos, eol)) {
      if (!current) return undefined;
      if (current === items?.section) {
        if (indent > 0) return undefined;
        indent = 0;
        openItem(pos, next);
      } else if (current.inline !== '' && !current.inline.startsWith('#')) return undefined;
      pos = next;
      continue;
    }
    if (c0 === DOT && text[pos + 1] === DOT && text[pos + 2] === DOT) {
      if (!DOC_END.test(text.toString('latin1', pos, eol))) return undefined;
      // The document ends here; after it only blank and comment lines.
      for (let p = next; p < len; p++) {
        const c = text[p];
        if (c === SPACE || c === TAB || c === LF || c === CR) continue;
        if (c !== HASH) return undefined;
        while (p < len && text[p] !== LF && text[p] !== CR) p++;
      }
      docEnd = pos;
      break;
    }
    if (c0 === PERCENT) {
      if (docStarted || sections.length > 0 || !YAML_DIRECTIVE.test(text.toString('latin1', pos, eol)))
        return undefined;
      pos = next;
      continue;
    }
    const kl = keyLine(text, pos, eol);
    if (!kl || keys.has(kl.key)) return undefined; // duplicate keys: let the parser report them
    keys.add(kl.key);
    closeItem(pos);
    if (current) current.end = pos;
    current = { key: kl.key, inline: kl.inline, start: pos, end: len };
    sections.push(current);
    if (kl.key === 'items') {
      const v = kl.inline;
      if (!(v === '' || v.startsWith('#') || v === '[]' || v === 'null' || v === '~')) return undefined;
      items = { section: current, indent: -1, starts: [], ends: [], contentEnds: [] };
      indent = -1;
    }
    pos = next;
  }
  closeItem(docEnd);
  if (current) current.end = docEnd;
  if (items) {
    items.indent = indent < 0 ? 0 : indent;
    if (items.starts.length > 0 && items.section.inline !== '' && !items.section.inline.startsWith('#'))
      return undefined;
  }
  return { sections, items, docEnd, cr };
}
