// Writing the ResourceList: the fast path's output as slices of the input with the edited
// and added items in between, or the full-parse path's document re-serialised; and the
// YAML text of the items we write (generated objects and edited documents).
import { Document, stringify, visit, YAMLSeq, type YAMLMap } from 'yaml';
import type { JsonObject } from './kube.js';
import type { Result } from './result.js';
import type { Scan, Section } from './scan.js';
import { emitYaml, YAML_STYLE } from './yaml-emit.js';

/** An item to write: a plain object (generated) or an edited document (comments kept). */
export type ItemValue = Document | JsonObject;

/** replace: write this object or document; text: the item's new text, as its input text (dash included); remove. */
export type ItemEdit = { replace: ItemValue } | { text: string } | { remove: true };

/** Output: bytes of the input passed through as they are, or text we wrote. */
export type Piece = string | Uint8Array;

/** "wide" when the item's own text indents sequence entries under their key, else "compact". */
export function sequenceStyle(source: string): 'wide' | 'compact' {
  const m = /\n( *)[^ \n#-][^\n]*:\n( *)- /.exec(source);
  return m && m[2]!.length > m[1]!.length ? 'wide' : 'compact';
}

export function itemYaml(v: ItemValue, style: 'wide' | 'compact' = 'compact'): string {
  if (!(v instanceof Document) && style === 'compact') return emitYaml(v);
  const opts = { ...YAML_STYLE, indentSeq: style === 'wide' };
  return v instanceof Document ? v.toString(opts) : stringify(v, opts);
}

/** Writes a mapping as an entry of a block sequence whose dashes are at column `indent`. */
export function asSequenceEntry(yaml: string, indent: number): string {
  const pad = ' '.repeat(indent);
  const lines = yaml.endsWith('\n') ? yaml.slice(0, -1).split('\n') : yaml.split('\n');
  return lines.map((l, i) => (i === 0 ? `${pad}- ${l}` : l === '' ? '' : `${pad}  ${l}`)).join('\n') + '\n';
}

function resultsYaml(results: readonly Result[]): string {
  return results.length ? emitYaml({ results }) : '';
}

/** The fast path's input: its bytes, where the scan found its sections and items, and an item's text. */
export interface SpanLayout {
  text: Buffer;
  scan: Scan;
  sourceOf(index: number): string;
}

/** The output of the fast path: pieces of the input, in order, with the edits and additions. */
export function writeSpans(
  layout: SpanLayout,
  edits: ReadonlyMap<number, ItemEdit>,
  added: readonly ItemValue[],
  results: readonly Result[],
): Piece[] {
  const { text, scan: s } = layout;
  const list = s.items;
  const indent = list?.indent ?? 0;
  const out: Piece[] = [];
  let endsWithNewline = true; // of what was written so far
  const put = (piece: Piece) => {
    if (piece.length === 0) return;
    out.push(piece);
    endsWithNewline = typeof piece === 'string' ? piece.endsWith('\n') : piece[piece.length - 1] === 10;
  };
  const ensureNewline = () => {
    if (!endsWithNewline) put('\n');
  };
  put(text.subarray(0, s.sections[0]?.start ?? text.length));
  let wroteItems = false;
  const writeItems = (section?: Section) => {
    wroteItems = true;
    if (edits.size === 0 && added.length === 0) {
      if (section) put(text.subarray(section.start, section.end));
      return;
    }
    const starts = list?.starts ?? [];
    const kept = starts.length - [...edits.values()].filter((e) => 'remove' in e).length;
    if (section && starts.length > 0) put(text.subarray(section.start, starts[0]));
    else {
      // `items: []`, `items: null`, or no items key at all.
      ensureNewline();
      put(kept + added.length > 0 ? 'items:\n' : 'items: []\n');
    }
    // Runs of untouched items go out as one slice.
    let from = starts[0] ?? 0;
    for (const i of [...edits.keys()].sort((a, b) => a - b)) {
      const edit = edits.get(i)!;
      put(text.subarray(from, list!.starts[i]));
      if ('replace' in edit) put(asSequenceEntry(itemYaml(edit.replace, sequenceStyle(layout.sourceOf(i))), indent));
      else if ('text' in edit) put(edit.text);
      from = list!.contentEnds[i]!;
    }
    if (starts.length) put(text.subarray(from, list!.ends[starts.length - 1]));
    ensureNewline();
    for (const v of added) put(asSequenceEntry(itemYaml(v), indent));
  };
  for (const section of s.sections) {
    if (section.key === 'results') continue;
    if (section.key === 'items') writeItems(section);
    else put(text.subarray(section.start, section.end));
  }
  if (!wroteItems) writeItems();
  ensureNewline();
  put(resultsYaml(results));
  return out;
}

/** The output of the full-parse path: the document with its items edited and added, re-serialised. */
export function writeDocument(
  doc: Document,
  root: YAMLMap<unknown, unknown>,
  seq: YAMLSeq,
  edits: ReadonlyMap<number, ItemEdit>,
  added: readonly ItemValue[],
  results: readonly Result[],
): Piece[] {
  const next = new YAMLSeq();
  seq.items.forEach((n, i) => {
    const edit = edits.get(i);
    if (!edit || 'text' in edit)
      next.items.push(n); // text edits come from the fast path only
    else if ('replace' in edit)
      next.items.push(
        edit.replace instanceof Document ? edit.replace.contents : doc.createNode(edit.replace, YAML_STYLE),
      );
  });
  for (const v of added) next.items.push(v instanceof Document ? v.contents : doc.createNode(v, YAML_STYLE));
  root.set('items', next);
  // JSON in, block YAML out: a flow document cannot hold the block scalars we write.
  if (root.flow) visit(doc, { Map: (_, n) => void (n.flow = false), Seq: (_, n) => void (n.flow = false) });
  root.delete('results');
  if (results.length) root.set('results', doc.createNode(results, YAML_STYLE));
  return [doc.toString(YAML_STYLE)];
}
