// The [[registry]] blocks the Machine Config Operator builds from ImageDigestMirrorSets
// (HyperShift maps spec.imageContentSources to one) and ImageTagMirrorSets: runtime-utils'
// EditRegistriesConfig, as MCO calls it. render.ts writes them; byte for byte what MCO writes.
// The Image config's insecure and blocked scopes come after (sources.ts).
import { POLICY } from '../constants.js';
import { byteOrder } from '../order.js';
import { countedOrder, tick } from '../work.js';
import { pushAll } from '../arrays.js';
import { newRegistry, type Endpoint, type MirrorInput, type PullFromMirror, type Registry } from './model.js';

const order = countedOrder(byteOrder);

/**
 * Merges several preference lists of one source into one order (runtime-utils'
 * topological merge): edges between consecutive mirrors and from the last mirror to the
 * source; Kahn's algorithm in byte order; a cycle is broken at its smallest node.
 * O((nodes + edges) log nodes): a FIFO with a head index, and the cycle breaker walks one
 * byte-ordered list of all nodes once (the smallest node not yet emitted only moves forward).
 */
export function mergeMirrorLists(source: string, lists: readonly string[][]): string[] {
  if (lists.length === 1) {
    const chain = oneChain(source, lists[0]!);
    if (chain) return chain;
  }
  const out = new Map<string, Set<string>>();
  const indegree = new Map<string, number>();
  const node = (n: string) => {
    if (!out.has(n)) {
      out.set(n, new Set());
      indegree.set(n, 0);
    }
  };
  const edge = (from: string, to: string) => {
    tick();
    node(from);
    node(to);
    const targets = out.get(from)!;
    if (!targets.has(to)) {
      targets.add(to);
      indegree.set(to, indegree.get(to)! + 1);
    }
  };
  for (const list of lists) {
    for (let i = 0; i + 1 < list.length; i++) edge(list[i]!, list[i + 1]!);
    if (!list.includes(source)) edge(list[list.length - 1]!, source);
    tick(list.length);
  }
  const all = [...out.keys()].sort(order);
  let smallest = 0;
  const emitted = new Set<string>();
  const sorted: string[] = [];
  const queue = all.filter((n) => indegree.get(n) === 0);
  let head = 0;
  const emit = (n: string) => {
    emitted.add(n);
    sorted.push(n);
    const freed: string[] = [];
    for (const t of out.get(n)!) {
      tick();
      const d = indegree.get(t)! - 1;
      indegree.set(t, d);
      if (d === 0 && !emitted.has(t)) freed.push(t);
    }
    for (const f of freed.sort(order)) queue.push(f);
  };
  while (sorted.length < all.length) {
    tick();
    if (head < queue.length) {
      const next = queue[head++]!;
      if (!emitted.has(next)) emit(next);
      continue;
    }
    // A cycle: nothing is free, so take the smallest node not yet emitted.
    while (emitted.has(all[smallest]!)) smallest++;
    emit(all[smallest]!);
  }
  if (sorted[sorted.length - 1] === source) sorted.pop();
  return sorted;
}

/**
 * The merge of one list without repeats (nearly every source): its edges form one chain
 * (l0 -> l1 -> ... -> source), which Kahn's algorithm emits as it is, and the source, when
 * it is the last node, is dropped. Undefined when the list repeats a mirror (a cycle).
 */
function oneChain(source: string, list: readonly string[]): string[] | undefined {
  const n = list.length;
  if (n === 0) return undefined;
  tick(2 * n);
  if (n > 8) {
    if (new Set(list).size !== n) return undefined;
  } else {
    for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) if (list[i] === list[j]) return undefined;
  }
  // The source inside the list (not last) gets no edge from the end: still one chain.
  const keep = list[n - 1] === source ? n - 1 : n;
  const out = new Array<string>(keep);
  for (let i = 0; i < keep; i++) out[i] = list[i]!;
  return out;
}

/** One pass's entries, grouped by exact source. */
interface SourceLists {
  lists: Map<string, string[][]>;
  blocked: Set<string>;
}

function hasOtherMirror(source: string, mirrors: readonly string[]): boolean {
  for (let i = 0; i < mirrors.length; i++) if (mirrors[i] !== source) return true;
  return false;
}

/** Groups entries by exact source, skipping those without a mirror other than the source. */
function collect(entries: readonly { source: string; mirrors: string[]; mirrorSourcePolicy?: string }[]): SourceLists {
  const lists = new Map<string, string[][]>();
  const blocked = new Set<string>();
  for (const e of entries) {
    tick();
    if (!hasOtherMirror(e.source, e.mirrors)) continue;
    const l = lists.get(e.source) ?? [];
    l.push(e.mirrors);
    lists.set(e.source, l);
    if (e.mirrorSourcePolicy === POLICY.never) blocked.add(e.source);
  }
  return { lists, blocked };
}

/** The [[registry]] blocks of the mirror sets, in MCO's order: digest sources, then the other tag sources. */
export function editRegistriesConfig(input: MirrorInput): Registry[] {
  const blocks: Registry[] = [];
  const byScope = new Map<string, Registry>();
  const blockFor = (source: string) => {
    let b = byScope.get(source);
    if (!b) {
      b = newRegistry(source);
      byScope.set(source, b);
      blocks.push(b);
    }
    return b;
  };
  const passes: [SourceLists, PullFromMirror][] = [
    [collect(input.imageContentSources), 'digest-only'],
    [collect(input.imageTagMirrorSet), 'tag-only'],
  ];
  for (const [{ lists, blocked }, pullFromMirror] of passes) {
    for (const source of [...lists.keys()].sort(order)) {
      const b = blockFor(source);
      if (blocked.has(source)) b.blocked = true;
      const merged = mergeMirrorLists(source, lists.get(source)!);
      // A new block's list is made at its length (it is kept until the output is written).
      const endpoints = merged.map((location): Endpoint => ({ location, insecure: false, pullFromMirror }));
      if (b.mirrors.length === 0) b.mirrors = endpoints;
      else pushAll(b.mirrors, endpoints);
    }
  }
  return blocks;
}
