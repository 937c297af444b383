// The full-parse path: anything the block and JSON readers do not split (flow-style YAML,
// unusual top-level layouts), parsed whole by the `yaml` package up to a size limit; the output
// is still the input with splices, found from the parsed nodes' ranges.
import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { fail, ok, type Outcome } from '../outcome.js';
import { MAX_ALIAS_COUNT, NodeItem } from './item.js';
import { parseKube } from './kube-yaml.js';
import {
  checkHeader,
  FULL_PARSE_MAX_BYTES,
  fullParseTooLarge,
  functionConfigOf,
  lineAfter,
  problemOf,
  ResourceListError,
  type ResourceList,
} from './list.js';
import { memberInsert, memberRemoval } from './read-json.js';
import type { Result } from './result.js';
import { fixStrings, sourceText, type SourceText } from './source-text.js';
import {
  applySplices,
  blockItemSplices,
  flowItemSplices,
  lineBreakOf,
  made,
  resultsBlock,
  resultsJson,
  type BlockItems,
  type FlowItems,
  type ItemEdit,
  type NewItem,
  type Splice,
} from './write.js';
import { flowJson } from './yaml-emit.js';

export function parseDocumentText(text: Buffer): Outcome<{ doc: Document.Parsed; src: SourceText }> {
  const src = sourceText(text, 0, text.length);
  let docs;
  try {
    docs = parseKube(src.src);
  } catch (e) {
    return fail(problemOf(e));
  }
  const withContent = docs.filter((d) => d.contents !== null);
  if (withContent.length > 1)
    return fail(
      `found ${withContent.length} YAML documents: the input must be one ResourceList, not a stream of objects`,
    );
  const doc = withContent[0] ?? docs[0];
  if (!doc) return fail('no YAML document on stdin: expected a ResourceList');
  if (doc.errors.length) return fail(`the input is not valid YAML: ${problemOf(new Error(doc.errors[0]!.message))}`);
  return ok({ doc, src });
}

export function fromDocument(bytes: Buffer): ResourceList {
  const blank = bytes.toString('latin1').trim() === '';
  if (blank) throw new ResourceListError('empty input: expected a ResourceList on stdin');
  if (bytes.length > FULL_PARSE_MAX_BYTES)
    throw new ResourceListError(fullParseTooLarge('the input is not in the block layout kpt and kustomize write'));
  let parsed;
  try {
    parsed = parseDocumentText(bytes);
  } catch (e) {
    throw new ResourceListError(
      e instanceof RangeError
        ? 'the input is nested too deeply to read'
        : `the input is not valid YAML: ${problemOf(e)}`,
    );
  }
  if (!parsed.ok) throw new ResourceListError(parsed.error);
  const { doc, src } = parsed.value;
  const root = doc.contents as unknown;
  if (!isMap<unknown, unknown>(root))
    throw new ResourceListError('the input is not a YAML mapping: expected a ResourceList');
  const scalar = (key: string) => {
    const n = root.get(key, true);
    return isScalar(n) ? n.value : n;
  };
  const apiVersion = checkHeader(scalar('apiVersion'), scalar('kind'));
  const itemsPair = pairOf(root, 'items');
  const rawItems = itemsPair?.value;
  let seq: YAMLSeq | undefined;
  if (isSeq(rawItems)) seq = rawItems;
  else if (!(rawItems === undefined || rawItems === null || (isScalar(rawItems) && rawItems.value === null)))
    throw new ResourceListError('items must be a list of objects');
  const items = (seq?.items ?? []).map((n, i) => new NodeItem(i, n as Node, doc, src, bytes));
  const fcNode = root.get('functionConfig', true);
  const config =
    fcNode !== undefined && fcNode !== null
      ? functionConfigOf(
          () => fixStrings((fcNode as Node).toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT }), src.fix),
          problemOf,
        )
      : {};
  const layout = documentLayout(bytes, src, root as YAMLMap, itemsPair, seq, items);
  const write: ResourceList['write'] = (edits, added, results) =>
    applySplices(bytes, [...layout.items(edits, added), ...layout.results(results)], lineBreakOf(bytes));
  // Items of the full parse have no dash column of their own (dashColumn): none starts as a block entry is known to.
  return { apiVersion, count: items.length, candidates: () => items, startingWith: () => [], ...config, write };
}

function pairOf(map: YAMLMap<unknown, unknown>, key: string): Pair<Node, Node | null> | undefined {
  return (map.items as Pair<Node, Node | null>[]).find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
}

interface DocumentLayout {
  items(edits: ReadonlyMap<number, ItemEdit>, added: readonly NewItem[]): Splice[];
  results(results: readonly Result[]): Splice[];
}

const isBlank = (c: number | undefined) => c === 32 || c === 9 || c === 10 || c === 13;

/** The input byte range of a node's value, white space around it left out. */
function nodeBytes(src: SourceText, text: Buffer, node: Node): { start: number; end: number } {
  const r = node.range!;
  let end = src.byteAt(r[1]);
  const start = src.byteAt(r[0]);
  while (end > start && isBlank(text[end - 1])) end--;
  return { start, end };
}

function lineStartOf(text: Buffer, at: number): number {
  let p = at;
  while (p > 0 && text[p - 1] !== 10 && text[p - 1] !== 13) p--;
  return p;
}

/** The `-` before a block sequence entry's node (past white space and its anchor or tag), or -1. */
function dashBefore(text: Buffer, at: number): number {
  let p = at;
  for (;;) {
    while (p > 0 && isBlank(text[p - 1])) p--;
    const end = p;
    while (p > 0 && !isBlank(text[p - 1])) p--;
    const token = text.toString('latin1', p, end);
    if (token === '-') return p;
    if (!(token.startsWith('&') || token.startsWith('!')) || p === 0) return -1;
  }
}

/** Where the parsed document's items and results are, for splices. */
function documentLayout(
  text: Buffer,
  src: SourceText,
  root: YAMLMap,
  itemsPair: Pair<Node, Node | null> | undefined,
  seq: YAMLSeq | undefined,
  items: NodeItem[],
): DocumentLayout {
  const unusual = (what: string) =>
    new ResourceListError(
      `the input's ${what} cannot be edited in place: write the list in block style (as kpt and kustomize do)`,
    );
  const rootEnd = nodeBytes(src, text, root).end;
  const pairs = (root.items as Pair<Node, Node | null>[]).map((p) => ({
    key: isScalar(p.key) ? p.key.value : p.key,
    keyStart: src.byteAt(p.key.range![0]),
    valueEnd: p.value?.range ? nodeBytes(src, text, p.value).end : src.byteAt(p.key.range![1]),
  }));
  const flowRoot = Boolean(root.flow);
  const rootColumn = flowRoot ? 0 : pairs[0] ? pairs[0].keyStart - lineStartOf(text, pairs[0].keyStart) : 0;

  const results = (rs: readonly Result[]): Splice[] => {
    const out: Splice[] = [];
    const k = pairs.findIndex((p) => p.key === 'results');
    if (flowRoot) {
      const members = pairs.map((p) => ({ keyStart: p.keyStart, valueEnd: p.valueEnd }));
      const close = rootEnd - 1; // the `}`
      const sep = pairs.length > 1 ? separatorBetween(text, pairs[0]!.valueEnd, pairs[1]!.keyStart) : ', ';
      if (k >= 0) out.push(memberRemoval({ members }, k));
      if (rs.length) {
        const kept = members.filter((_, i) => i !== k);
        out.push(memberInsert({ members: kept, open: close - 1 }, sep, `results: ${resultsJson(rs)}`));
      }
      return out;
    }
    if (k >= 0) {
      const from = lineStartOf(text, pairs[k]!.keyStart);
      out.push({ from, to: lineAfter(text, Math.max(pairs[k]!.valueEnd - 1, from)), text: '' });
    }
    if (rs.length) {
      const pad = ' '.repeat(rootColumn);
      const block = resultsBlock(rs).replace(/^(?=.)/gm, pad);
      const at = lineAfter(text, Math.max(rootEnd - 1, 0));
      out.push({ from: Math.min(at, text.length), to: Math.min(at, text.length), text: block, line: true });
    }
    return out;
  };

  if (seq?.flow) {
    const range = nodeBytes(src, text, seq);
    const list: FlowItems = {
      open: range.start,
      close: range.end - 1,
      starts: seq.items.map((n) => nodeBytes(src, text, n as Node).start),
      ends: seq.items.map((n) => nodeBytes(src, text, n as Node).end),
    };
    return { items: (edits, added) => flowItemSplices(text, list, edits, added), results };
  }
  if (flowRoot) {
    // A flow root without a flow items list: items null or missing.
    return {
      items: (edits, added) => {
        if (added.length === 0) return [];
        const json = `[${added.map((a) => flowJson(made(a))).join(', ')}]`;
        if (itemsPair?.value?.range) {
          const v = nodeBytes(src, text, itemsPair.value);
          return [{ from: v.start, to: v.end, text: json }];
        }
        const members = pairs.map((p) => ({ keyStart: p.keyStart, valueEnd: p.valueEnd }));
        return [memberInsert({ members, open: rootEnd - 2 }, ', ', `items: ${json}`)];
      },
      results,
    };
  }
  // A block root: a block list (or none), its entries found from their nodes.
  const starts: number[] = [];
  const contentEnds: number[] = [];
  let indent = rootColumn;
  for (const n of seq?.items ?? []) {
    const node = n as Node;
    if (!node?.range) throw unusual('items list');
    const dash = dashBefore(text, src.byteAt(node.range[0]));
    if (dash < 0) throw unusual('items list');
    indent = dash - lineStartOf(text, dash);
    starts.push(lineStartOf(text, dash));
    contentEnds.push(lineAfter(text, Math.max(nodeBytes(src, text, node).end - 1, dash)));
  }
  const ends = starts.map((_, i) => (i + 1 < starts.length ? starts[i + 1]! : contentEnds[i]!));
  let header: BlockItems['header'];
  if (itemsPair && !seq) {
    const from = lineStartOf(text, src.byteAt(itemsPair.key.range![0]));
    const end = itemsPair.value?.range
      ? nodeBytes(src, text, itemsPair.value).end
      : src.byteAt(itemsPair.key.range![1]);
    header = { start: from, end: lineAfter(text, Math.max(end - 1, from)) };
  } else header = { insertAt: lineAfter(text, Math.max(rootEnd - 1, 0)) };
  const block: BlockItems = {
    indent,
    starts,
    contentEnds,
    ends,
    header,
    sourceOf: (i) => items[i]?.source ?? '',
  };
  return { items: (edits, added) => blockItemSplices(block, edits, added), results };
}

function separatorBetween(text: Buffer, from: number, to: number): string {
  const gap = text.toString('latin1', from, to);
  const nl = gap.lastIndexOf('\n');
  return nl >= 0 ? `,\n${gap.slice(nl + 1).replace(/[^ \t]/g, '')}` : ', ';
}
