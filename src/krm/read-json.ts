// The JSON path: a ResourceList written as JSON split over its bytes (json-scan.ts); items read
// with JSON.parse, parsed as YAML only for text edits; the output stays JSON.
import { fail, ok, type Outcome } from '../outcome.js';
import { parsedTree, SourceItem, type ItemTree, type LoadResult } from './item.js';
import { isObject, type JsonObject } from './kube.js';
import type { JsonScan } from './json-scan.js';
import { checkHeader, functionConfigOf, Occurrences, problemOf, ResourceListError, type ResourceList } from './list.js';
import { sourceText } from './source-text.js';
import { applySplices, flowItemSplices, made as madeItem, resultsJson, type Splice } from './write.js';
import { flowJson } from './yaml-emit.js';
import { pushAll } from '../arrays.js';

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
  /** The item after an edit, read as load() reads it (JSON), while the edit keeps it JSON. */
  override valueAfter(splices: readonly Splice[]): Outcome<JsonObject> | undefined {
    const shifted = splices.map((s) => ({ ...s, from: s.from - this.start, to: s.to - this.start }));
    if (shifted.every((s) => s.from >= 0 && s.to <= this.end - this.start)) {
      const pieces = [...applySplices(this.bytes.subarray(this.start, this.end), shifted)];
      try {
        const v: unknown = JSON.parse(Buffer.concat(pieces.map((p) => Buffer.from(p))).toString('utf8'));
        return isObject(v) ? ok(v) : fail('the item is not a map');
      } catch {
        // not JSON any more (a YAML edit): read it as YAML
      }
    }
    return super.valueAfter(splices);
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

export function fromJson(text: Buffer, j: JsonScan): ResourceList {
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
  const occurrences = list ? new Occurrences(text, list.starts, list.ends) : undefined;
  const candidates: ResourceList['candidates'] = (needles, opts) =>
    occurrences ? occurrences.items(needles, opts).map(itemAt) : [];
  const config = member('functionConfig') ? functionConfigOf(() => value('functionConfig'), problemOf) : {};

  const write: ResourceList['write'] = (edits, added, results) => {
    const splices: Splice[] = [];
    const sep = memberSeparator(text, j);
    if (list) pushAll(splices, flowItemSplices(text, list, edits, added));
    else if (added.length > 0) {
      const items = () => `[${added.map((a) => flowJson(madeItem(a))).join(', ')}]`;
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
  // JSON has no dash lines: no item starts as a block entry does.
  return { apiVersion, count: list?.starts.length ?? 0, candidates, startingWith: () => [], ...config, write };
}

/** What separates the root's members: a comma and the first member's line indentation, or ", ". */
function memberSeparator(text: Buffer, j: JsonScan): string {
  const first = j.members[0]?.keyStart ?? j.close;
  const gap = text.toString('latin1', j.open + 1, first);
  const nl = gap.lastIndexOf('\n');
  return nl >= 0 ? `,\n${gap.slice(nl + 1).replace(/[^ \t]/g, '')}` : ', ';
}

export function memberInsert(j: { members: { valueEnd: number }[]; open: number }, sep: string, text: string): Splice {
  const last = j.members[j.members.length - 1];
  return last
    ? { from: last.valueEnd, to: last.valueEnd, text: sep + text }
    : { from: j.open + 1, to: j.open + 1, text };
}

export function memberRemoval(j: { members: { keyStart: number; valueEnd: number }[] }, k: number): Splice {
  const m = j.members;
  if (k > 0) return { from: m[k - 1]!.valueEnd, to: m[k]!.valueEnd, text: '' };
  return { from: m[0]!.keyStart, to: m.length > 1 ? m[1]!.keyStart : m[0]!.valueEnd, text: '' };
}
