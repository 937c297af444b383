// The fast path: find the top-level sections and the item spans of a ResourceList by
// looking at line starts only, so that items we do not need are never parsed.
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

export interface ItemSpan extends Span {
  /** End of the item's own lines; [contentEnd, end) holds trailing blank and comment lines. */
  contentEnd: number;
}

export interface Scan {
  sections: Section[];
  /** undefined when there is no `items:` key. */
  items?: { section: Section; indent: number; spans: ItemSpan[] };
}

const KEY = /^([A-Za-z_][A-Za-z0-9_]*):(?:[ \t]+(.*))?$/;

const isBlankOrComment = (line: string) => {
  const t = line.trimStart();
  return t === '' || t.startsWith('#');
};
const indentOf = (line: string) => {
  let i = 0;
  while (i < line.length && line.charCodeAt(i) === 32) i++;
  return i;
};
const isDashAt = (line: string, indent: number) =>
  line.length > indent && line.charCodeAt(indent) === 45 && (line.length === indent + 1 || line.charCodeAt(indent + 1) === 32);

export function scan(text: string): Scan | undefined {
  const sections: Section[] = [];
  let items: Scan['items'];
  let current: Section | undefined;
  let indent = -1; // the items' dash column, once known
  let item: ItemSpan | undefined;
  let ended = false; // after "..."

  const closeItem = (at: number) => {
    if (item) {
      item.end = at;
      item.contentEnd = Math.max(item.contentEnd, item.start);
      items!.spans.push(item);
      item = undefined;
    }
  };

  let pos = 0;
  while (pos < text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    const line = text.slice(pos, nl);
    const next = nl + 1;
    const c0 = line.charCodeAt(0);
    if (c0 === 9) return undefined; // a tab where indentation belongs: the parser will say so
    if (line === '' || c0 === 35 /* # */ || (c0 === 32 && isBlankOrComment(line))) {
      pos = next;
      continue;
    }
    if (ended) return undefined;
    if (c0 === 32) {
      // Inside the current section.
      if (!current) return undefined;
      if (current === items?.section) {
        const n = indentOf(line);
        if (indent < 0) {
          if (!isDashAt(line, n)) return undefined; // items is not a block sequence
          indent = n;
        }
        if (n < indent) return undefined;
        if (n === indent) {
          if (!isDashAt(line, n)) return undefined;
          closeItem(pos);
          item = { start: pos, end: pos, contentEnd: pos };
        }
        if (item) item.contentEnd = Math.min(next, text.length);
      }
      pos = next;
      continue;
    }
    if (c0 === 45 /* - */) {
      if (line === '---' || line.startsWith('--- ')) {
        if (sections.length > 0 || line !== '---') return undefined;
        pos = next;
        continue;
      }
      if (current !== items?.section || !current || !isDashAt(line, 0) || (indent !== 0 && indent !== -1)) return undefined;
      indent = 0;
      closeItem(pos);
      item = { start: pos, end: pos, contentEnd: Math.min(next, text.length) };
      pos = next;
      continue;
    }
    if (line === '...') {
      ended = true;
      pos = next;
      continue;
    }
    const m = KEY.exec(line);
    if (!m) return undefined;
    const key = m[1]!;
    if (sections.some((s) => s.key === key)) return undefined; // duplicate keys: let the parser report them
    closeItem(pos);
    if (current) current.end = pos;
    current = { key, inline: (m[2] ?? '').trim(), start: pos, end: text.length };
    sections.push(current);
    if (key === 'items') {
      const v = current.inline;
      if (!(v === '' || v.startsWith('#') || v === '[]' || v === 'null' || v === '~')) return undefined;
      items = { section: current, indent: -1, spans: [] };
      indent = -1;
    }
    pos = next;
  }
  closeItem(text.length);
  if (items) {
    items.indent = indent < 0 ? 0 : indent;
    if (items.spans.length > 0 && items.section.inline !== '' && !items.section.inline.startsWith('#')) return undefined;
  }
  return { sections, items };
}
