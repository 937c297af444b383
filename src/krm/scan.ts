// The fast path: find the top-level sections and the item spans of a ResourceList by
// looking at line starts only, over the raw bytes, so that items we do not need are
// never decoded nor parsed. Offsets are byte offsets.
//
// It accepts the block layout kpt and kustomize write (top-level keys at column 0,
// `items:` followed by `- ` entries at one indentation) and gives up, returning
// undefined, on anything else (flow style, JSON, directives, quoted keys...): the
// caller then takes the full-parse path. Giving up is always safe; guessing is not.

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
 * The items of the list, item i spanning [starts[i], ends[i]); [contentEnds[i], ends[i])
 * holds its trailing blank and comment lines. Flat arrays, not an object per item: a
 * list of 50,000 items costs three arrays of numbers.
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
}

const KEY = /^([A-Za-z_][A-Za-z0-9_]*):(?:[ \t]+(.*))?$/;
const SPACE = 32,
  HASH = 35,
  DASH = 45,
  TAB = 9;

export function scan(text: Buffer): Scan | undefined {
  const sections: Section[] = [];
  let items: Scan['items'];
  let current: Section | undefined;
  let indent = -1; // the items' dash column, once known
  let open = false; // an item is being read

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
  // A dash at column `col` of the line starting at `pos`, followed by a space or the line end.
  const dashAt = (pos: number, col: number, nl: number) =>
    text[pos + col] === DASH && (pos + col + 1 === nl || text[pos + col + 1] === SPACE);

  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf(10, pos);
    if (nl < 0) nl = text.length;
    const next = nl + 1;
    const c0 = text[pos];
    if (pos === nl || c0 === HASH) {
      pos = next;
      continue;
    }
    if (c0 === TAB) return undefined; // a tab where indentation belongs: the parser will say so
    if (c0 === SPACE) {
      let j = pos + 1;
      while (j < nl && text[j] === SPACE) j++;
      if (j === nl || text[j] === HASH) {
        pos = next; // blank or comment line
        continue;
      }
      if (!current) return undefined;
      if (current === items?.section) {
        const n = j - pos;
        if (indent < 0) {
          if (!dashAt(pos, n, nl)) return undefined; // items is not a block sequence
          indent = n;
        }
        if (n < indent) return undefined;
        if (n === indent) {
          if (!dashAt(pos, n, nl)) return undefined;
          openItem(pos, pos);
        }
        if (open) items.contentEnds[items.contentEnds.length - 1] = Math.min(next, text.length);
      }
      pos = next;
      continue;
    }
    const line = text.toString('utf8', pos, nl);
    if (c0 === DASH) {
      if (line === '---') {
        if (sections.length > 0) return undefined;
        pos = next;
        continue;
      }
      if (!current || current !== items?.section || !dashAt(pos, 0, nl) || indent > 0) return undefined;
      indent = 0;
      openItem(pos, Math.min(next, text.length));
      pos = next;
      continue;
    }
    if (line === '...') return undefined; // a document end marker: the full parser places what follows
    const m = KEY.exec(line);
    if (!m) return undefined;
    const key = m[1]!;
    if (sections.some((x) => x.key === key)) return undefined; // duplicate keys: let the parser report them
    closeItem(pos);
    if (current) current.end = pos;
    current = { key, inline: (m[2] ?? '').trim(), start: pos, end: text.length };
    sections.push(current);
    if (key === 'items') {
      const v = current.inline;
      if (!(v === '' || v.startsWith('#') || v === '[]' || v === 'null' || v === '~')) return undefined;
      items = { section: current, indent: -1, starts: [], ends: [], contentEnds: [] };
      indent = -1;
    }
    pos = next;
  }
  closeItem(text.length);
  if (items) {
    items.indent = indent < 0 ? 0 : indent;
    if (items.starts.length > 0 && items.section.inline !== '' && !items.section.inline.startsWith('#'))
      return undefined;
  }
  return { sections, items };
}
