// What the three readers of a ResourceList share (read.ts picks one): the interface they
// implement, the one-line refusal, the header check, which items may matter (candidates), the
// functionConfig's value, and the check of the last item a truncated input damages.
import { RESOURCE_LIST_API_VERSIONS, RESOURCE_LIST_KIND } from '../constants.js';
import { firstLine, unresolvedAlias, type SourceItem } from './item.js';
import { TAG_MISMATCH } from './kube-yaml.js';
import { NESTED_TOO_DEEPLY } from './nesting.js';
import { isObject, type JsonObject } from './kube.js';
import type { Result } from './result.js';
import type { ItemEdit, NewItem, Piece } from './write.js';

export interface ResourceList {
  apiVersion: string;
  /** How many items the list has. */
  count: number;
  /**
   * The items that may mention one of the needles (a cheap, conservative test), in order.
   * Items whose kind or keys may be written in disguise (escapes, aliases, `!!binary`) are
   * always among them.
   */
  candidates(needles: readonly string[], opts?: CandidateOptions): SourceItem[];
  /**
   * The items whose text starts with one of `heads(column)` (`column`: the column of the list's
   * dashes) and whose line the head ends in ends with `tail` (a closing quote after it allowed),
   * in order. Looked for among the candidates for `tail` (that search is not repeated for a later
   * candidates call), each told by its first lines. None for a list that is not block YAML at
   * one dash column (JSON, flow style, the full parse).
   */
  startingWith(heads: (column: number) => readonly string[], tail: string): SourceItem[];
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

export interface CandidateOptions {
  /**
   * A needle counts only where no ASCII letter comes right before it: `Secret` finds
   * `kind: Secret` (however quoted or folded) but not `pullSecret:`, which every HostedCluster has.
   */
  word?: boolean;
  /**
   * Items known not to matter (an earlier run's output known by its text; a ConfigMap by its
   * kind line): not searched. A hint: a reader may still give them.
   */
  skip?: readonly number[];
}

/** Input that is no ResourceList: the run stops with this one-line message. */
export class ResourceListError extends Error {}

/**
 * The most input the full parse takes (flow-style YAML, unusual top-level layouts, anchors
 * shared across items): the `yaml` package needs about 100 times the input in memory.
 */
export const FULL_PARSE_MAX_BYTES = 16 * 1024 * 1024;

export const fullParseTooLarge = (why: string) =>
  `${why}, which is read with the full YAML parser, up to ${FULL_PARSE_MAX_BYTES >> 20} MiB; write the list in block style (as kpt and kustomize do) or split it`;

export function checkHeader(apiVersion: unknown, kind: unknown): string {
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
 * for a kind finds it: an escape in a double-quoted scalar, a tag (`!!binary`), an alias (to an
 * anchor elsewhere, or the whole item).
 */
// Every tag starts with `!` (`!!binary`, `!<tag:yaml.org,2002:binary>`): one search for all, and
// a fast one (`!` is rare; `2002:binary` starts with a common byte).
const DISGUISES = ['\\', '!', '*'];

/**
 * Which items hold a needle, found by byte searches over the whole text: asking every item to
 * search from its own start would rescan the rest of the input for a needle that is rare, which
 * is quadratic. An item found is not searched again, neither for the rest of that needle nor for
 * the needles after it (a second run's generated objects name the function a dozen times each,
 * and are three times the bytes of the clusters they are for).
 */
export class Occurrences {
  private readonly disguises = new Map<string, number[]>();
  /** Item i's own text is [starts[i], ends[i]). */
  constructor(
    private readonly text: Buffer,
    private readonly starts: readonly number[],
    private readonly ends: readonly number[],
  ) {}
  /** The items holding a disguise mark, each found once for every call: one byte, the fastest search there is. */
  private disguised(mark: string): number[] {
    let found = this.disguises.get(mark);
    if (!found) {
      found = [];
      const { text: t, starts, ends } = this;
      let at = t.indexOf(mark);
      while (at >= 0) {
        let from = at + 1;
        // `*` counts only where it can be an alias.
        if (!(mark === '*' && (!BEFORE_ALIAS.has(t[at - 1]!) || NOT_ANCHOR.has(t[at + 1]!)))) {
          const i = lastAtOrBefore(starts, at);
          if (i >= 0 && at < ends[i]!) {
            found.push(i);
            from = Math.max(from, ends[i]!);
          }
        }
        at = t.indexOf(mark, from);
      }
      this.disguises.set(mark, found);
    }
    return found;
  }
  /**
   * Marks the items that hold `needle`, searching only between the long items marked already
   * (a short one is searched through: one search costs more than its bytes).
   */
  private search(needle: string, word: boolean, marked: Uint8Array, out: number[], skipped: readonly number[]): void {
    const { text, starts, ends } = this;
    // Its bytes, once: a string needle is encoded again at every call of indexOf.
    const bytes = Buffer.from(needle, 'utf8');
    const long = (i: number) => ends[i]! - starts[i]! > SEARCH_THROUGH;
    const skip = [...out.filter(long), ...skipped.filter(long)].sort((a, b) => a - b);
    let lo = 0;
    for (const i of skip) {
      if (starts[i]! > lo) this.searchIn(bytes, word, marked, out, lo, starts[i]!);
      lo = Math.max(lo, ends[i]!);
    }
    if (text.length > lo) this.searchIn(bytes, word, marked, out, lo, text.length);
  }
  /** Marks the items that hold `needle` in text[lo, hi). */
  private searchIn(needle: Uint8Array, word: boolean, marked: Uint8Array, out: number[], lo: number, hi: number): void {
    const { text: t, starts, ends } = this;
    const run = lo === 0 && hi === t.length ? t : t.subarray(lo, hi);
    const step = needle.length;
    let at = run.indexOf(needle);
    while (at >= 0) {
      const p = lo + at;
      let from = at + step;
      const k = lastAtOrBefore(starts, p);
      if (k >= 0 && p < ends[k]!) {
        if (!marked[k] && !(word && p > 0 && isLetter(t[p - 1]!))) {
          marked[k] = 1;
          out.push(k);
        }
        if (marked[k]) from = Math.max(from, ends[k]! - lo);
      }
      at = from < run.length ? run.indexOf(needle, from) : -1;
    }
  }
  /** The items (by index) whose own text holds an occurrence of a needle (or a disguise). */
  items(needles: readonly string[], opts: CandidateOptions = {}): number[] {
    const word = opts.word === true;
    const skipped = opts.skip ?? [];
    const marked = new Uint8Array(this.starts.length);
    for (const i of skipped) marked[i] = 2;
    const out: number[] = [];
    const mark = (found: readonly number[]) => {
      for (const i of found)
        if (!marked[i]) {
          marked[i] = 1;
          out.push(i);
        }
    };
    for (const n of DISGUISES) mark(this.disguised(n));
    for (const n of needles) {
      // A needle asked about alone before: those items (and the disguised), not searched again.
      const known = this.alone.get(aloneKey(n, word));
      if (known) mark(known);
      else this.search(n, word, marked, out, skipped);
    }
    out.sort((a, b) => a - b);
    if (needles.length === 1 && skipped.length === 0) this.alone.set(aloneKey(needles[0]!, word), out);
    return out;
  }
  /** The answers for one needle asked about alone (the disguised items included). */
  private readonly alone = new Map<string, number[]>();
}

const aloneKey = (needle: string, word: boolean) => (word ? `word:${needle}` : needle);

/**
 * A marked item this short is searched through rather than around: one more search costs about
 * as much (a NodePool is searched through; a generated ImageTagMirrorSet or ConfigMap is not).
 */
const SEARCH_THROUGH = 1024;

const isLetter = (b: number) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);

/** The last index i with sorted[i] <= x, or -1. */
export function lastAtOrBefore(sorted: readonly number[], x: number): number {
  let lo = 0,
    hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export function problemOf(e: unknown): string {
  const m = firstLine(String((e as Error)?.message ?? e));
  return e instanceof RangeError || /call stack/i.test(m) ? 'nested too deeply' : m;
}

/** The functionConfig's value: a map, or why it is not one (`problem` says why it could not be built). */
export function functionConfigOf(
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
export function checkLast(last: SourceItem | undefined): void {
  if (!last) return;
  if (last.fast({}) !== undefined) return; // the fast reader accepts only what parses
  // A syntax error, or an alias whose anchor is nowhere (a cut inside `*name`).
  const loaded = last.load();
  let error =
    last.syntaxError() ?? (!loaded.ok && unresolvedAlias(loaded.error) !== undefined ? loaded.error : undefined);
  // A tag kubectl refuses (`!!null text`) is no cut: the item's own error result, as anywhere.
  if (!error || error.startsWith(TAG_MISMATCH)) return;
  // Too deep to build: what the syntax tree shows decides, as no other item is ever built
  // unless needed (a needed one gets NESTED_TOO_DEEPLY as its result, wherever it is).
  if (error === NESTED_TOO_DEEPLY) {
    const shown = last.unbuiltSyntaxError();
    if (shown === undefined) return;
    error = shown;
  }
  throw new ResourceListError(
    `the input is not valid YAML: item ${last.index} (the last): ${error} (truncated input?)`,
  );
}

/** The start of the line after the one holding `at`. */
export function lineAfter(text: Buffer, at: number): number {
  let p = at;
  while (p < text.length && text[p] !== 10 && text[p] !== 13) p++;
  if (text[p] === 13 && text[p + 1] === 10) return p + 2;
  return p < text.length ? p + 1 : p;
}
