// Reading and writing the ResourceList. Two readers share one interface: the fast one
// keeps every item's original bytes and parses only items the function asks for; the
// full one parses the whole document, for layouts the fast one does not recognise.
import { Document, isMap, isScalar, isSeq, parseAllDocuments, stringify, visit, YAMLSeq } from 'yaml';
import { RESOURCE_LIST_API_VERSIONS, RESOURCE_LIST_KIND } from '../constants.js';
import { isObject, type JsonObject, type Result } from '../types.js';
import { firstLine, MAX_ALIAS_COUNT, NodeItem, SourceItem } from './item.js';
import { scan, type ItemSpan, type Scan, type Section } from './scan.js';
import { asSequenceEntry, itemYaml, sequenceStyle, type ItemValue } from './serialize.js';
import { YAML_STYLE } from '../yaml-style.js';

export type { ItemValue } from './serialize.js';
export { SourceItem } from './item.js';

export type ItemEdit = { replace: ItemValue } | { remove: true };

export interface ResourceList {
  apiVersion: string;
  items: SourceItem[];
  functionConfig?: JsonObject;
  /** Why the functionConfig could not be read, if it could not. */
  functionConfigError?: string;
  write(edits: ReadonlyMap<number, ItemEdit>, added: readonly ItemValue[], results: readonly Result[]): string;
}

export class ResourceListError extends Error {}

function normalise(text: string): string {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return text.includes('\r') ? text.replace(/\r\n/g, '\n') : text;
}

export function readResourceList(input: string): ResourceList {
  const text = normalise(input);
  if (text.trim() === '') throw new ResourceListError('empty input: expected a ResourceList on stdin');
  const s = scan(text);
  return s?.items || s?.sections.length ? fromScan(text, s) : fromDocument(text);
}

function checkHeader(apiVersion: unknown, kind: unknown): string {
  if (kind !== RESOURCE_LIST_KIND) {
    throw new ResourceListError(`expected kind ${RESOURCE_LIST_KIND}, got ${JSON.stringify(kind) ?? 'none'}: the input must be a KRM ResourceList`);
  }
  if (typeof apiVersion !== 'string' || !(RESOURCE_LIST_API_VERSIONS as readonly string[]).includes(apiVersion)) {
    throw new ResourceListError(`unsupported ResourceList apiVersion ${JSON.stringify(apiVersion) ?? 'none'}: expected ${RESOURCE_LIST_API_VERSIONS.join(' or ')}`);
  }
  return apiVersion;
}

function resultsYaml(results: readonly Result[]): string {
  return results.length ? stringify({ results }, YAML_STYLE) : '';
}

// ---- fast path ----------------------------------------------------------------------

class SpanItem extends SourceItem {
  constructor(index: number, private readonly text: string, readonly span: ItemSpan, private readonly indent: number) {
    super(index);
  }
  get source(): string {
    return this.text.slice(this.span.start, this.span.contentEnd);
  }
  mentions(needles: readonly string[]): boolean {
    const { text, span } = this;
    for (const n of needles) {
      const at = text.indexOf(n, span.start);
      if (at >= 0 && at < span.contentEnd) return true;
    }
    return false;
  }
  protected parse() {
    // The item's lines with its dash blanked out: a mapping indented as before.
    const dash = this.span.start + this.indent;
    const own = ' '.repeat(this.indent + 1) + this.text.slice(dash + 1, this.span.contentEnd);
    const doc = parseAllDocuments(own);
    const first = Array.isArray(doc) ? doc[0] : undefined;
    if (!first || (Array.isArray(doc) && doc.length > 1)) return { error: 'the item is not a single YAML mapping' };
    if (first.errors.length) return { error: firstLine(first.errors[0]!.message) };
    return { doc: first, toJS: () => first.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  }
}

function sectionValue(text: string, section: Section): unknown {
  const doc = parseAllDocuments(text.slice(section.start, section.end));
  const first = Array.isArray(doc) ? doc[0] : undefined;
  if (!first || first.errors.length) {
    const msg = first?.errors[0]?.message ?? 'not YAML';
    throw new ResourceListError(`cannot read the ResourceList's ${section.key}: ${firstLine(msg)}`);
  }
  const v = first.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) as unknown;
  return isObject(v) ? v[section.key] : undefined;
}

function fromScan(text: string, s: Scan): ResourceList {
  const get = (key: string) => s.sections.find((x) => x.key === key);
  const sec = (key: string) => {
    const x = get(key);
    return x ? sectionValue(text, x) : undefined;
  };
  const apiVersion = checkHeader(sec('apiVersion'), sec('kind'));
  const list = s.items;
  const items = list ? list.spans.map((span, i) => new SpanItem(i, text, span, list.indent)) : [];
  let functionConfig: JsonObject | undefined;
  let functionConfigError: string | undefined;
  const fc = get('functionConfig');
  if (fc) {
    try {
      const v = sectionValue(text, fc);
      if (isObject(v)) functionConfig = v;
      else if (v !== null && v !== undefined) functionConfigError = 'functionConfig must be a map';
    } catch (e) {
      functionConfigError = (e as Error).message;
    }
  }

  const write: ResourceList['write'] = (edits, added, results) => {
    const indent = list?.indent ?? 0;
    let out = '';
    const ensureNewline = () => {
      if (out !== '' && !out.endsWith('\n')) out += '\n';
    };
    out += text.slice(0, s.sections[0]?.start ?? text.length);
    let wroteItems = false;
    const writeItems = (section?: Section) => {
      wroteItems = true;
      if (edits.size === 0 && added.length === 0) {
        if (section) out += text.slice(section.start, section.end);
        return;
      }
      const spans = list?.spans ?? [];
      const kept = spans.length - [...edits.values()].filter((e) => 'remove' in e).length;
      if (section && spans.length > 0) {
        out += text.slice(section.start, spans[0]!.start);
      } else {
        // `items: []`, `items: null`, or no items key at all.
        ensureNewline();
        out += kept + added.length > 0 ? 'items:\n' : 'items: []\n';
      }
      spans.forEach((span, i) => {
        const edit = edits.get(i);
        if (!edit) out += text.slice(span.start, span.end);
        else if ('replace' in edit) {
          out += asSequenceEntry(itemYaml(edit.replace, sequenceStyle(items[i]!.source)), indent);
          out += text.slice(span.contentEnd, span.end);
        } else out += text.slice(span.contentEnd, span.end);
      });
      ensureNewline();
      for (const v of added) out += asSequenceEntry(itemYaml(v), indent);
    };
    for (const section of s.sections) {
      if (section.key === 'results') continue;
      if (section.key === 'items') writeItems(section);
      else out += text.slice(section.start, section.end);
    }
    if (!wroteItems) writeItems();
    ensureNewline();
    return out + resultsYaml(results);
  };
  return { apiVersion, items, functionConfig, functionConfigError, write };
}

// ---- full-parse path ------------------------------------------------------------------

function fromDocument(text: string): ResourceList {
  const docs = parseAllDocuments(text);
  if (!Array.isArray(docs) || docs.length === 0) throw new ResourceListError('no YAML document on stdin: expected a ResourceList');
  const withContent = docs.filter((d) => d.contents !== null);
  if (withContent.length > 1) {
    throw new ResourceListError(`found ${withContent.length} YAML documents: the input must be one ResourceList, not a stream of objects`);
  }
  const doc = withContent[0] ?? docs[0]!;
  if (doc.errors.length) throw new ResourceListError(`the input is not valid YAML: ${firstLine(doc.errors[0]!.message)}`);
  const root = doc.contents as unknown;
  if (!isMap<unknown, unknown>(root)) throw new ResourceListError('the input is not a YAML mapping: expected a ResourceList');
  const scalar = (key: string) => {
    const n = root.get(key, true);
    return isScalar(n) ? n.value : n;
  };
  const apiVersion = checkHeader(scalar('apiVersion'), scalar('kind'));
  const rawItems = root.get('items', true);
  let seq: YAMLSeq;
  if (isSeq(rawItems)) seq = rawItems;
  else if (rawItems === undefined || rawItems === null || (isScalar(rawItems) && rawItems.value === null)) seq = new YAMLSeq();
  else throw new ResourceListError('items must be a list of objects');
  const items = seq.items.map((n, i) => new NodeItem(i, isMap(n) ? n : null, doc));
  let functionConfig: JsonObject | undefined;
  let functionConfigError: string | undefined;
  const fcNode = root.get('functionConfig', true);
  if (fcNode !== undefined && fcNode !== null) {
    try {
      const v = (fcNode as { toJS: (d: Document, o: object) => unknown }).toJS(doc, { maxAliasCount: MAX_ALIAS_COUNT });
      if (isObject(v)) functionConfig = v;
      else if (v !== null && v !== undefined) functionConfigError = 'functionConfig must be a map';
    } catch (e) {
      functionConfigError = firstLine((e as Error).message);
    }
  }
  const write: ResourceList['write'] = (edits, added, results) => {
    const next = new YAMLSeq();
    seq.items.forEach((n, i) => {
      const edit = edits.get(i);
      if (!edit) next.items.push(n);
      else if ('replace' in edit) next.items.push(edit.replace instanceof Document ? edit.replace.contents : doc.createNode(edit.replace, YAML_STYLE));
    });
    for (const v of added) next.items.push(v instanceof Document ? v.contents : doc.createNode(v, YAML_STYLE));
    root.set('items', next);
    // JSON in, block YAML out: a flow document cannot hold the block scalars we write.
    if (root.flow) visit(doc, { Map: (_, n) => void (n.flow = false), Seq: (_, n) => void (n.flow = false) });
    root.delete('results');
    if (results.length) root.set('results', doc.createNode(results, YAML_STYLE));
    return doc.toString(YAML_STYLE);
  };
  return { apiVersion, items, functionConfig, functionConfigError, write };
}

