// Edits a NodePool's spec.config in its own text, so that the rest of the item (comments,
// spacing, quoting) stays byte for byte as the user wrote it. Offsets come from the
// parsed document of the item's text. Each function returns undefined for a layout it
// does not handle (flow style, entries sharing lines...): the caller then re-serialises.
import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';

const lineStart = (s: string, at: number) => s.lastIndexOf('\n', at - 1) + 1;
const lineEnd = (s: string, at: number) => {
  const i = s.indexOf('\n', at);
  return i < 0 ? s.length : i;
};
const column = (s: string, at: number) => at - lineStart(s, at);
/** Where a node's text ends: its range end, which may already be past its line's newline. */
const endOfLine = (s: string, node: Node) => lineEnd(s, Math.max(node.range![1] - 1, node.range![0]));

function blockSpec(doc: Document): YAMLMap | undefined {
  const spec = doc.get('spec', true);
  return isMap(spec) && !spec.flow && spec.range ? (spec as YAMLMap) : undefined;
}

function configPair(spec: YAMLMap): Pair<Node, unknown> | undefined {
  return (spec.items as Pair<Node, unknown>[]).find((p) => isScalar(p.key) && p.key.value === 'config');
}

const SAFE_NAME = /^[a-z0-9][a-z0-9.-]*$/;

/** Appends `- name: NAME` to spec.config (creating the key after spec's last field if absent). */
export function withConfigEntry(source: string, doc: Document, name: string, wide: boolean): string | undefined {
  const spec = blockSpec(doc);
  if (!spec || !SAFE_NAME.test(name)) return undefined;
  const pair = configPair(spec);
  if (pair) {
    const seq = pair.value;
    if (!isSeq(seq) || seq.flow || !seq.range || seq.items.length === 0) return undefined;
    const last = seq.items[seq.items.length - 1] as Node | undefined;
    if (!last?.range) return undefined;
    const at = endOfLine(source, last);
    return `${source.slice(0, at)}\n${' '.repeat(column(source, seq.range[0]))}- name: ${name}${source.slice(at)}`;
  }
  const firstKey = (spec.items[0] as Pair<Node, unknown> | undefined)?.key;
  if (!firstKey?.range) return undefined;
  const keyColumn = column(source, firstKey.range[0]);
  const at = endOfLine(source, spec as unknown as Node);
  const dash = ' '.repeat(keyColumn + (wide ? 2 : 0));
  return `${source.slice(0, at)}\n${' '.repeat(keyColumn)}config:\n${dash}- name: ${name}${source.slice(at)}`;
}

/** Removes entry `index` of spec.config, and the key itself when it was the only entry. */
export function withoutConfigEntry(source: string, doc: Document, index: number): string | undefined {
  const spec = blockSpec(doc);
  const pair = spec && configPair(spec);
  const seq = pair?.value as YAMLSeq | undefined;
  if (!pair || !isSeq(seq) || seq.flow || !seq.range) return undefined;
  const item = seq.items[index] as Node | undefined;
  if (!item?.range) return undefined;
  if (seq.items.length > 1) {
    const from = lineStart(source, item.range[0]);
    // The entry must start its own line and end on it, or before another entry's line.
    if (source.slice(from, item.range[0]).trim() !== '-') return undefined;
    const next = seq.items[index + 1] as Node | undefined;
    const to = endOfLine(source, item) + 1;
    if (next?.range && to > lineStart(source, next.range[0])) return undefined;
    return source.slice(0, from) + source.slice(to);
  }
  const key = pair.key;
  if (!key.range) return undefined;
  const from = lineStart(source, key.range[0]);
  if (source.slice(from, key.range[0]).trim() !== '') return undefined;
  return source.slice(0, from) + source.slice(endOfLine(source, seq as unknown as Node) + 1);
}
