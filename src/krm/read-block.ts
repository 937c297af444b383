// The fast path: block YAML as kpt, kustomize and the function write it, split by line starts
// (scan.ts); items read only when the function asks, by the fast reader where their layout
// allows, else parsed alone (or with the whole document, for an alias into another item).
import { isMap, isSeq, type Document, type Node, type YAMLSeq } from 'yaml';
import { fail, ok, type Outcome } from '../outcome.js';
import { DQ, SQ, lineEnd } from './bytes.js';
import { MAX_ALIAS_COUNT, NodeItem, SpanItem, type WholeDocument } from './item.js';
import { isObject } from './kube.js';
import { parseKube } from './kube-yaml.js';
import {
  checkHeader,
  checkLast,
  FULL_PARSE_MAX_BYTES,
  functionConfigOf,
  lineAfter,
  Occurrences,
  problemOf,
  ResourceListError,
  type ResourceList,
} from './list.js';
import { parseDocumentText } from './read-document.js';
import type { Scan, Section } from './scan.js';
import { applySplices, blockItemSplices, lineBreakOf, resultsBlock, type Splice } from './write.js';
import { pushAll } from '../arrays.js';

/** `key: value` on one line with a plain or simply quoted value: no parser needed. */
const SIMPLE_SCALAR = /^(?:([A-Za-z][A-Za-z0-9._/-]*)|"([A-Za-z0-9._/-]*)"|'([A-Za-z0-9._/-]*)')(?:\s+#.*)?$/;

class SectionValueError extends Error {}

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

export function fromScan(text: Buffer, s: Scan): ResourceList {
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
  const occurrences = list ? new Occurrences(text, list.starts, list.contentEnds) : undefined;
  const made = new Map<number, SpanItem>();
  const itemAt = (i: number) => {
    let item = made.get(i);
    if (!item) made.set(i, (item = new SpanItem(i, text, list!, wholeDocument)));
    return item;
  };
  const candidates: ResourceList['candidates'] = (needles, opts) =>
    occurrences ? occurrences.items(needles, opts).map(itemAt) : [];
  const startingWith: ResourceList['startingWith'] = (heads, tail) => {
    if (!list || !occurrences) return [];
    const wanted = heads(list.indent).map((h) => Buffer.from(h, 'latin1'));
    const end = Buffer.from(tail, 'latin1');
    const { starts, contentEnds } = list;
    const out: SpanItem[] = [];
    // Only the items that hold the tail are looked at: the candidates' search for it, which a
    // later call for the same needle does not repeat (a list of thousands of ConfigMaps and none
    // of ours costs that one search).
    for (const i of occurrences.items([tail])) {
      const from = starts[i]!;
      const to = contentEnds[i]!;
      for (const h of wanted)
        if (startsWithBytes(text, from, to, h)) {
          if (lineEndsWith(text, lineEnd(text, from + h.length, to), from + h.length, end)) out.push(itemAt(i));
          break;
        }
    }
    return out;
  };
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
      pushAll(
        splices,
        blockItemSplices(
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
      pushAll(
        splices,
        blockItemSplices(
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
    return applySplices(text, splices, lineBreakOf(text));
  };
  return { apiVersion, count: list?.starts.length ?? 0, candidates, startingWith, ...config, write };
}

/** Whether the line that ends at `eol` (and goes back to `from` at least) ends with `tail`, or with it and a closing quote. */
function lineEndsWith(text: Buffer, eol: number, from: number, tail: Uint8Array): boolean {
  let e = eol;
  if (e > from && (text[e - 1] === DQ || text[e - 1] === SQ)) e--;
  const n = tail.length;
  if (e - n < from) return false;
  for (let i = 0; i < n; i++) if (text[e - n + i] !== tail[i]) return false;
  return true;
}

/**
 * Whether text[from, to) starts with `head`. From its end back: another apiVersion or kind
 * shifts the lines after it, so an item of another kind differs there first, after a shared
 * "- apiVersion: ".
 */
function startsWithBytes(text: Buffer, from: number, to: number, head: Uint8Array): boolean {
  const n = head.length;
  if (from + n > to) return false;
  for (let i = n - 1; i >= 0; i--) if (text[from + i] !== head[i]) return false;
  return true;
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

function itemsSeq(doc: Document): YAMLSeq | undefined {
  const root = doc.contents;
  if (!isMap(root)) return undefined;
  const items = root.get('items', true);
  return isSeq(items) ? (items as YAMLSeq) : undefined;
}
