// Reading the ResourceList. Two readers share one interface: the fast one keeps every
// item's original bytes and parses only items the function asks for; the full one parses
// the whole document, for layouts the fast one does not recognise. Each hands its layout
// to the matching writer of write.ts.
import { type Document, isMap, isScalar, isSeq, parseAllDocuments, YAMLSeq, type YAMLMap } from 'yaml';
import { RESOURCE_LIST_API_VERSIONS, RESOURCE_LIST_KIND } from '../constants.js';
import { isObject, type JsonObject } from './kube.js';
import { firstLine, MAX_ALIAS_COUNT, NodeItem, SpanItem, type SourceItem } from './item.js';
import type { Result } from './result.js';
import { scan, type ItemSpans, type Scan, type Section } from './scan.js';
import { writeDocument, writeSpans, type ItemEdit, type ItemValue, type Piece } from './write.js';

export interface ResourceList {
  apiVersion: string;
  /** How many items the list has. */
  count: number;
  /** The items that may mention one of the needles (a cheap, conservative test), in order. */
  candidates(needles: readonly string[]): SourceItem[];
  functionConfig?: JsonObject;
  /** Why the functionConfig could not be read, if it could not. */
  functionConfigError?: string;
  /**
   * The output as pieces to write in order: untouched items are slices of the input, so
   * a large list is never copied into one more big string.
   */
  write(edits: ReadonlyMap<number, ItemEdit>, added: readonly ItemValue[], results: readonly Result[]): Piece[];
}

/** Input that is no ResourceList: the run stops with this one-line message. */
export class ResourceListError extends Error {}

function normalise(input: Buffer | string): Buffer {
  let bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3); // BOM
  // CRLF: rare enough to pay for a copy; everything downstream sees LF.
  if (bytes.indexOf(13) >= 0) bytes = Buffer.from(bytes.toString('utf8').replace(/\r\n/g, '\n'), 'utf8');
  return bytes;
}

export function readResourceList(input: Buffer | string): ResourceList {
  const bytes = normalise(input);
  const s = scan(bytes);
  return s?.items || s?.sections.length ? fromScan(bytes, s) : fromDocument(bytes.toString('utf8'));
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

// ---- fast path ----------------------------------------------------------------------

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
      const step = Buffer.byteLength(needle);
      for (let at = this.text.indexOf(needle); at >= 0; at = this.text.indexOf(needle, at + step)) found.push(at);
      this.cache.set(needle, found);
    }
    return found;
  }
  /** The items (by index) whose own lines hold an occurrence of a needle. */
  items(needles: readonly string[], spans: ItemSpans): number[] {
    const found = new Set<number>();
    for (const needle of needles) {
      for (const at of this.positions(needle)) {
        const i = lastAtOrBefore(spans.starts, at);
        if (i >= 0 && at < spans.contentEnds[i]!) found.add(i);
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

/** An alias whose anchor is nowhere in the input (a cut inside `*name`), as an error. */
function unresolvableAlias(item: SourceItem, text: Buffer): string | undefined {
  const loaded = item.load();
  if (loaded.ok) return undefined;
  const m = /^Unresolved alias.*: (\S+)$/.exec(loaded.error);
  if (!m) return undefined;
  const anchor = `&${m[1]}`;
  for (let at = text.indexOf(anchor); at >= 0; at = text.indexOf(anchor, at + 1)) {
    const next = text[at + anchor.length];
    if (next === undefined || next === 32 || next === 10 || next === 9) return undefined;
  }
  return loaded.error;
}

/** `key: value` on one line with a plain or simply quoted value: no parser needed. */
const SIMPLE_SCALAR = /^(?:([A-Za-z0-9][A-Za-z0-9._/-]*)|"([A-Za-z0-9._/-]*)"|'([A-Za-z0-9._/-]*)')(?:\s+#.*)?$/;

function sectionValue(text: Buffer, section: Section): unknown {
  try {
    return readSection(text, section);
  } catch (e) {
    if (e instanceof ResourceListError || e instanceof SectionValueError) throw e;
    throw new ResourceListError(
      `cannot read the ResourceList's ${section.key}: ${e instanceof RangeError ? 'nested too deeply' : firstLine(String(e))}`,
    );
  }
}

function readSection(text: Buffer, section: Section): unknown {
  if (section.end - section.start <= 256 && text.indexOf(10, section.start) >= section.end - 1) {
    const m = SIMPLE_SCALAR.exec(section.inline);
    if (m) return m[1] ?? m[2] ?? m[3];
  }
  const doc = parseAllDocuments(text.toString('utf8', section.start, section.end));
  const first = Array.isArray(doc) ? doc[0] : undefined;
  if (!first || first.errors.length) {
    const msg = first?.errors[0]?.message ?? 'not YAML';
    throw new ResourceListError(`cannot read the ResourceList's ${section.key}: ${firstLine(msg)}`);
  }
  let v: unknown;
  try {
    v = first.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    // Valid YAML whose value cannot be built (an alias bomb): the section's own problem.
    throw new SectionValueError(firstLine(String((e as Error)?.message ?? e)));
  }
  return isObject(v) ? v[section.key] : undefined;
}

class SectionValueError extends Error {}

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
  const occurrences = new Occurrences(text);
  const made = new Map<number, SpanItem>();
  const itemAt = (i: number) => {
    let item = made.get(i);
    if (!item) made.set(i, (item = new SpanItem(i, text, list!)));
    return item;
  };
  const candidates = (needles: readonly string[]) => (list ? occurrences.items(needles, list).map(itemAt) : []);
  // Only the last item can have been cut short by a truncated input; untouched items are
  // never parsed, so read that one to refuse broken input instead of passing it on. (A
  // broken HostedCluster elsewhere in the list gets an invalid-yaml result.)
  const last = list && list.starts.length > 0 ? itemAt(list.starts.length - 1) : undefined;
  if (last) {
    const error = last.syntaxError() ?? unresolvableAlias(last, text);
    if (error)
      throw new ResourceListError(
        `the input is not valid YAML: item ${last.index} (the last): ${error} (truncated input?)`,
      );
  }
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

  const write: ResourceList['write'] = (edits, added, results) =>
    writeSpans({ text, scan: s, sourceOf: (i) => itemAt(i).source }, edits, added, results);
  return { apiVersion, count: list?.starts.length ?? 0, candidates, ...config, write };
}

// ---- full-parse path ------------------------------------------------------------------

function fromDocument(text: string): ResourceList {
  if (text.trim() === '') throw new ResourceListError('empty input: expected a ResourceList on stdin');
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(text);
  } catch (e) {
    throw new ResourceListError(
      e instanceof RangeError
        ? 'the input is nested too deeply to read'
        : `the input is not valid YAML: ${firstLine(String(e))}`,
    );
  }
  if (!Array.isArray(docs) || docs.length === 0)
    throw new ResourceListError('no YAML document on stdin: expected a ResourceList');
  const withContent = docs.filter((d) => d.contents !== null);
  if (withContent.length > 1) {
    throw new ResourceListError(
      `found ${withContent.length} YAML documents: the input must be one ResourceList, not a stream of objects`,
    );
  }
  const doc = withContent[0] ?? docs[0]!;
  if (doc.errors.length)
    throw new ResourceListError(`the input is not valid YAML: ${firstLine(doc.errors[0]!.message)}`);
  const root = doc.contents as unknown;
  if (!isMap<unknown, unknown>(root))
    throw new ResourceListError('the input is not a YAML mapping: expected a ResourceList');
  const scalar = (key: string) => {
    const n = root.get(key, true);
    return isScalar(n) ? n.value : n;
  };
  const apiVersion = checkHeader(scalar('apiVersion'), scalar('kind'));
  const rawItems = root.get('items', true);
  let seq: YAMLSeq;
  if (isSeq(rawItems)) seq = rawItems;
  else if (rawItems === undefined || rawItems === null || (isScalar(rawItems) && rawItems.value === null))
    seq = new YAMLSeq();
  else throw new ResourceListError('items must be a list of objects');
  const items = seq.items.map((n, i) => new NodeItem(i, isMap<unknown, unknown>(n) ? (n as YAMLMap) : null, doc));
  const candidates = () => items;
  const fcNode = root.get('functionConfig', true);
  const config =
    fcNode !== undefined && fcNode !== null
      ? functionConfigOf(
          () => (fcNode as { toJS: (d: Document, o: object) => unknown }).toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT }),
          (e) => firstLine((e as Error).message),
        )
      : {};
  const write: ResourceList['write'] = (edits, added, results) => writeDocument(doc, root, seq, edits, added, results);
  return { apiVersion, count: items.length, candidates, ...config, write };
}
