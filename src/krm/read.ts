// Reading the ResourceList. Three readers share one interface; each keeps every item's
// original bytes and knows where they are, so the output is the input with splices
// (write.ts) on every path:
// - the fast path (scan.ts): block YAML as kpt, kustomize and the function write it, split
//   by line starts; items are read only when the function asks, by the fast reader where
//   their layout allows, else parsed alone;
// - JSON (json-scan.ts): split over the bytes, items read with JSON.parse;
// - the full parse: anything else (flow-style YAML, unusual top-level layouts), parsed
//   whole by the `yaml` package, up to a size limit.
import { isMap, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { RESOURCE_LIST_API_VERSIONS, RESOURCE_LIST_KIND } from '../constants.js';
import { fail, ok, type Outcome } from '../outcome.js';
import { isObject, type JsonObject } from './kube.js';
import {
  firstLine,
  MAX_ALIAS_COUNT,
  NodeItem,
  parsedTree,
  SourceItem,
  SpanItem,
  unresolvedAlias,
  type ItemTree,
  type LoadResult,
  type WholeDocument,
} from './item.js';
import { parseKube } from './kube-yaml.js';
import { scanJson, type JsonScan } from './json-scan.js';
import type { Result } from './result.js';
import { scan, type Scan, type Section } from './scan.js';
import { fixStrings, sourceText, type SourceText } from './source-text.js';
import { flowJson } from './yaml-emit.js';
import {
  applySplices,
  blockItemSplices,
  flowItemSplices,
  resultsBlock,
  resultsJson,
  type BlockItems,
  type FlowItems,
  type ItemEdit,
  type NewItem,
  type Piece,
  type Splice,
} from './write.js';

export interface ResourceList {
  apiVersion: string;
  /** How many items the list has. */
  count: number;
  /**
   * The items that may mention one of the needles (a cheap, conservative test), in order.
   * Items whose kind or keys may be written in disguise (escapes, aliases, `!!binary`) are
   * always among them.
   */
  candidates(needles: readonly string[]): SourceItem[];
  functionConfig?: JsonObject;
  /** Why the functionConfig could not be read, if it could not. */
  functionConfigError?: string;
  /**
   * The output as pieces to write in order, made as they are consumed: untouched items are
   * slices of the input, so a large list is never copied into one more big string, and a
   * generated item's text exists only while it is written.
   */
  write(edits: ReadonlyMap<number, ItemEdit>, added: readonly NewItem[], results: readonly Result[]): Iterable<Piece>;
}

/** Input that is no ResourceList: the run stops with this one-line message. */
export class ResourceListError extends Error {}

/**
 * The most input the full parse takes (flow-style YAML, unusual top-level layouts, anchors
 * shared across items): the `yaml` package needs about 100 times the input in memory.
 */
export const FULL_PARSE_MAX_BYTES = 16 * 1024 * 1024;

const fullParseTooLarge = (why: string) =>
  `${why}, which is read with the full YAML parser, up to ${FULL_PARSE_MAX_BYTES >> 20} MiB; write the list in block style (as kpt and kustomize do) or split it`;

export function readResourceList(input: Buffer | string): ResourceList {
  let bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3); // BOM
  let first = 0;
  while (
    first < bytes.length &&
    (bytes[first] === 32 || bytes[first] === 9 || bytes[first] === 10 || bytes[first] === 13)
  )
    first++;
  if (bytes[first] === 0x7b) {
    const j = scanJson(bytes);
    if (j) return fromJson(bytes, j);
  }
  const s = scan(bytes);
  if (s && (s.items || s.sections.length)) return fromScan(bytes, s);
  return fromDocument(bytes);
}

function checkHeader(apiVersion: unknown, kind: unknown): string {
  if (kind !== RESOURCE_LIST_KIND) {
    throw new ResourceListError(
      `expected kind ${RESOURCE_LIST_KIND}, got ${JSON.stringify(kind) ?? 'none'}: the input must be a KRM ResourceList`,
    );
  }
  if (typeof apiVersion !== 'string' || !(RESOURCE_LIST_API_VERSIONS as readonly string[]).includes(apiVersion)) {
    throw new ResourceListError(
      `unsupported ResourceList apiVersion ${JSON.stringify(apiVersion) ?? 'none'}: expected ${RESOURCE_LIST_API_VERSIONS.join(' or ')}`,
    );
  }
  return apiVersion;
}

// ---- candidates -----------------------------------------------------------------------

/** Bytes before an alias `*name` in YAML: white space or a flow indicator. */
const BEFORE_ALIAS = new Set([0x20, 0x09, 0x5b, 0x7b, 0x2c]);
/** Bytes that cannot start an anchor name after `*`. */
const NOT_ANCHOR = new Set([0x20, 0x09, 0x0a, 0x0d, 0x2c, 0x5b, 0x5d, 0x7b, 0x7d, 0x22, 0x27]);
/**
 * Marks of an item whose kind or keys may be written in disguise, so that no byte search
 * for a kind finds it: an escape in a double-quoted scalar, `!!binary`, an alias (to an
 * anchor elsewhere, or the whole item).
 */
const DISGUISES = ['\\', '!!binary', '2002:binary', '*'];

/**
 * Where each needle occurs in the whole text, found in one pass per needle: asking
 * every item to search from its own start would rescan the rest of the input for a
 * needle that is rare, which is quadratic.
 */
class Occurrences {
  private readonly cache = new Map<string, number[]>();
  constructor(private readonly text: Buffer) {}
  private positions(needle: string): number[] {
    let found = this.cache.get(needle);
    if (!found) {
      found = [];
      const t = this.text;
      const step = Buffer.byteLength(needle);
      for (let at = t.indexOf(needle); at >= 0; at = t.indexOf(needle, at + step)) {
        // `*` counts only where it can be an alias.
        if (needle === '*' && (!BEFORE_ALIAS.has(t[at - 1]!) || NOT_ANCHOR.has(t[at + 1]!))) continue;
        found.push(at);
      }
      this.cache.set(needle, found);
    }
    return found;
  }
  /** The items (by index) whose own text holds an occurrence of a needle. */
  items(needles: readonly string[], starts: readonly number[], ends: readonly number[]): number[] {
    const found = new Set<number>();
    for (const needle of [...needles, ...DISGUISES]) {
      for (const at of this.positions(needle)) {
        const i = lastAtOrBefore(starts, at);
        if (i >= 0 && at < ends[i]!) found.add(i);
      }
    }
    return [...found].sort((a, b) => a - b);
  }
}

/** The last index i with sorted[i] <= x, or -1. */
function lastAtOrBefore(sorted: readonly number[], x: number): number {
  let lo = 0,
    hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

// ---- top-level values ---------------------------------------------------------------------

/** `key: value` on one line with a plain or simply quoted value: no parser needed. */
const SIMPLE_SCALAR = /^(?:([A-Za-z][A-Za-z0-9._/-]*)|"([A-Za-z0-9._/-]*)"|'([A-Za-z0-9._/-]*)')(?:\s+#.*)?$/;

class SectionValueError extends Error {}

function problemOf(e: unknown): string {
  const m = firstLine(String((e as Error)?.message ?? e));
  return e instanceof RangeError || /call stack/i.test(m) ? 'nested too deeply' : m;
}

/** A top-level section's value (its whole text parsed), or a ResourceListError; SectionValueError when its value cannot be built. */
function sectionValue(text: Buffer, section: Section): unknown {
  if (section.end - section.start <= 256 && text.indexOf(10, section.start) >= section.end - 1) {
    const m = SIMPLE_SCALAR.exec(section.inline);
    if (m) return m[1] ?? m[2] ?? m[3];
  }
  let docs;
  try {
    docs = parseKube(text.toString('utf8', section.start, section.end));
  } catch (e) {
    throw new ResourceListError(`cannot read the ResourceList's ${section.key}: ${problemOf(e)}`);
  }
  const first = docs[0];
  if (!first || first.errors.length) {
    const msg = first?.errors[0]?.message ?? 'not YAML';
    throw new ResourceListError(`cannot read the ResourceList's ${section.key}: ${problemOf(new Error(msg))}`);
  }
  let v: unknown;
  try {
    v = first.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // Valid YAML whose value cannot be built (an alias bomb): the section's own problem.
    throw new SectionValueError(problemOf(e));
  }
  return isObject(v) ? v[section.key] : undefined;
}

/** The functionConfig's value: a map, or why it is not one (`problem` says why it could not be built). */
function functionConfigOf(
  build: () => unknown,
  problem: (e: unknown) => string,
): Pick<ResourceList, 'functionConfig' | 'functionConfigError'> {
  try {
    const v = build();
    if (isObject(v)) return { functionConfig: v };
    return v === null || v === undefined ? {} : { functionConfigError: 'functionConfig must be a map' };
  } catch (e) {
    return { functionConfigError: problem(e) };
  }
}

/** The last item is the one a truncated input damages: refuse it when it does not read. */
function checkLast(last: SourceItem | undefined): void {
  if (!last) return;
  if (last.fast({}) !== undefined) return; // the fast reader accepts only what parses
  // A syntax error, or an alias whose anchor is nowhere (a cut inside `*name`).
  const loaded = last.load();
  const error =
    last.syntaxError() ?? (!loaded.ok && unresolvedAlias(loaded.error) !== undefined ? loaded.error : undefined);
  if (!error) return;
  if (error.startsWith('nested too deeply'))
    throw new ResourceListError(`item ${last.index} (the last) is nested too deeply to read`);
  throw new ResourceListError(
    `the input is not valid YAML: item ${last.index} (the last): ${error} (truncated input?)`,
  );
}

// ---- fast path ----------------------------------------------------------------------------

function fromScan(text: Buffer, s: Scan): ResourceList {
  const get = (key: string) => s.sections.find((x) => x.key === key);
  const sec = (key: string) => {
    const x = get(key);
    try {
      return x ? sectionValue(text, x) : undefined;
    } catch (e) {
      throw e instanceof SectionValueError
        ? new ResourceListError(`cannot read the ResourceList's ${key}: ${e.message}`)
        : e;
    }
  };
  const apiVersion = checkHeader(sec('apiVersion'), sec('kind'));
  const list = s.items;
  let whole: Outcome<WholeDocument> | undefined;
  const wholeDocument = () => (whole ??= parseWhole(text, list?.starts.length ?? 0));
  const occurrences = new Occurrences(text);
  const made = new Map<number, SpanItem>();
  const itemAt = (i: number) => {
    let item = made.get(i);
    if (!item) made.set(i, (item = new SpanItem(i, text, list!, wholeDocument)));
    return item;
  };
  const candidates = (needles: readonly string[]) =>
    list ? occurrences.items(needles, list.starts, list.contentEnds).map(itemAt) : [];
  // Only the last item can have been cut short by a truncated input; untouched items are
  // never parsed, so read that one to refuse broken input instead of passing it on. (A
  // broken HostedCluster elsewhere in the list gets an invalid-yaml result.)
  checkLast(list && list.starts.length > 0 ? itemAt(list.starts.length - 1) : undefined);
  const fc = get('functionConfig');
  // Not YAML is a broken input document, refused like any other (sectionValue throws);
  // YAML whose value cannot be built is the config's problem, reported as a result.
  const config = fc
    ? functionConfigOf(
        () => sectionValue(text, fc),
        (e) => {
          if (!(e instanceof SectionValueError)) throw e;
          return e.message;
        },
      )
    : {};

  const write: ResourceList['write'] = (edits, added, results) => {
    const splices: Splice[] = [];
    const items = get('items');
    if (list && items) {
      splices.push(
        ...blockItemSplices(
          {
            ...list,
            header: { start: items.start, end: lineAfter(text, items.start) },
            sourceOf: (i) => itemAt(i).source,
          },
          edits,
          added,
        ),
      );
    } else if (added.length > 0) {
      splices.push(
        ...blockItemSplices(
          {
            indent: 0,
            starts: [],
            contentEnds: [],
            ends: [],
            header: { insertAt: s.docEnd },
            sourceOf: () => '',
          },
          edits,
          added,
        ),
      );
    }
    const old = get('results');
    if (old) splices.push({ from: old.start, to: old.end, text: '' });
    if (results.length) splices.push({ from: s.docEnd, to: s.docEnd, text: resultsBlock(results), line: true });
    return applySplices(text, splices);
  };
  return { apiVersion, count: list?.starts.length ?? 0, candidates, ...config, write };
}

/** The start of the line after the one holding `at`. */
function lineAfter(text: Buffer, at: number): number {
  let p = at;
  while (p < text.length && text[p] !== 10 && text[p] !== 13) p++;
  if (text[p] === 13 && text[p + 1] === 10) return p + 2;
  return p < text.length ? p + 1 : p;
}

/** The whole input parsed, for items whose aliases reach into other items. */
function parseWhole(text: Buffer, count: number): Outcome<WholeDocument> {
  if (text.length > FULL_PARSE_MAX_BYTES)
    return fail(`anchors across items are read with the full YAML parser, up to ${FULL_PARSE_MAX_BYTES >> 20} MiB`);
  const parsed = parseDocumentText(text);
  if (!parsed.ok) return parsed;
  const { doc, src } = parsed.value;
  const seq = itemsSeq(doc);
  if (!seq || seq.items.length !== count) return fail('the items list does not read the same whole');
  const items = seq.items.map((n, i) => new NodeItem(i, n as Node, doc, src, text));
  return ok({ item: (i) => items[i] });
}

function parseDocumentText(text: Buffer): Outcome<{ doc: Document.Parsed; src: SourceText }> {
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

function itemsSeq(doc: Document): YAMLSeq | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const items = root.get('items', true);
  return isSeq(items) ? (items as YAMLSeq) : undefined;
}

// ---- JSON -------------------------------------------------------------------------------------

/** An element of a JSON items array: read with JSON.parse, parsed as YAML only for text edits. */
class JsonItem extends SourceItem {
  private value?: LoadResult;
  constructor(
    index: number,
    private readonly bytes: Buffer,
    private readonly start: number,
    private readonly end: number,
  ) {
    super(index);
  }
  get source(): string {
    return this.bytes.toString('utf8', this.start, this.end);
  }
  looksLike(kind: string): boolean {
    return new RegExp(`"kind"\\s*:\\s*"${kind}"`).test(this.source);
  }
  override load(): LoadResult {
    if (this.value) return this.value;
    try {
      const v: unknown = JSON.parse(this.source);
      this.value = isObject(v) ? ok({ obj: v }) : fail('the item is not a map');
    } catch (e) {
      this.value = fail(problemOf(e));
    }
    return this.value;
  }
  protected parse(): Outcome<ItemTree> {
    return parsedTree(sourceText(this.bytes, this.start, this.end), this.bytes);
  }
  protected ownText() {
    return { bytes: this.bytes, start: this.start, end: this.end, prefix: '' };
  }
  override sameAs(obj: JsonObject): boolean {
    const text = Buffer.from(flowJson(obj), 'utf8');
    return (
      text.length === this.end - this.start && this.bytes.compare(text, 0, text.length, this.start, this.end) === 0
    );
  }
}

function fromJson(text: Buffer, j: JsonScan): ResourceList {
  const member = (key: string) => j.members.find((m) => m.key === key);
  const value = (key: string): unknown => {
    const m = member(key);
    return m ? JSON.parse(text.toString('utf8', m.valueStart, m.valueEnd)) : undefined;
  };
  const apiVersion = checkHeader(value('apiVersion'), value('kind'));
  const list = j.items;
  const itemsMember = member('items');
  if (itemsMember && !list && !/^null$/.test(text.toString('latin1', itemsMember.valueStart, itemsMember.valueEnd)))
    throw new ResourceListError('items must be a list of objects');
  const made = new Map<number, JsonItem>();
  const itemAt = (i: number) => {
    let item = made.get(i);
    if (!item) made.set(i, (item = new JsonItem(i, text, list!.starts[i]!, list!.ends[i]!)));
    return item;
  };
  const occurrences = new Occurrences(text);
  const candidates = (needles: readonly string[]) =>
    list ? occurrences.items(needles, list.starts, list.ends).map(itemAt) : [];
  const config = member('functionConfig') ? functionConfigOf(() => value('functionConfig'), problemOf) : {};

  const write: ResourceList['write'] = (edits, added, results) => {
    const splices: Splice[] = [];
    const sep = memberSeparator(text, j);
    if (list) splices.push(...flowItemSplices(text, list, edits, added));
    else if (added.length > 0) {
      const items = () => `[${added.map((a) => flowJson(typeof a === 'function' ? a() : a)).join(', ')}]`;
      if (itemsMember) splices.push({ from: itemsMember.valueStart, to: itemsMember.valueEnd, text: items });
      else splices.push(memberInsert(j, sep, `"items": ${items()}`));
    }
    const old = member('results');
    if (old) {
      if (results.length) splices.push({ from: old.valueStart, to: old.valueEnd, text: resultsJson(results) });
      else splices.push(memberRemoval(j, j.members.indexOf(old)));
    } else if (results.length) splices.push(memberInsert(j, sep, `"results": ${resultsJson(results)}`));
    return applySplices(text, splices);
  };
  return { apiVersion, count: list?.starts.length ?? 0, candidates, ...config, write };
}

/** What separates the root's members: a comma and the first member's line indentation, or ", ". */
function memberSeparator(text: Buffer, j: JsonScan): string {
  const first = j.members[0]?.keyStart ?? j.close;
  const gap = text.toString('latin1', j.open + 1, first);
  const nl = gap.lastIndexOf('\n');
  return nl >= 0 ? `,\n${gap.slice(nl + 1).replace(/[^ \t]/g, '')}` : ', ';
}

function memberInsert(j: { members: { valueEnd: number }[]; open: number }, sep: string, text: string): Splice {
  const last = j.members[j.members.length - 1];
  return last
    ? { from: last.valueEnd, to: last.valueEnd, text: sep + text }
    : { from: j.open + 1, to: j.open + 1, text };
}

function memberRemoval(j: { members: { keyStart: number; valueEnd: number }[] }, k: number): Splice {
  const m = j.members;
  if (k > 0) return { from: m[k - 1]!.valueEnd, to: m[k]!.valueEnd, text: '' };
  return { from: m[0]!.keyStart, to: m.length > 1 ? m[1]!.keyStart : m[0]!.valueEnd, text: '' };
}

// ---- full-parse path ------------------------------------------------------------------------

function fromDocument(bytes: Buffer): ResourceList {
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
    applySplices(bytes, [...layout.items(edits, added), ...layout.results(results)]);
  return { apiVersion, count: items.length, candidates: () => items, ...config, write };
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
        const json = `[${added.map((a) => flowJson(typeof a === 'function' ? a() : a)).join(', ')}]`;
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
