// How containers/image picks the [[registry]] for a reference (sysregistriesv2):
// the longest matching prefix wins; a match must end at "/", ":", "@" or the end;
// "*.x.com" matches host names ending in ".x.com" (not "x.com" itself).
import { byteOrder } from '../order.js';
import { tick } from '../work.js';
import { registryScope, type Registry } from './model.js';
import { nodeAt, trieNode, walkLabelsFromEnd, walkSegments, type TrieNode } from './trie.js';

/** refMatchingPrefix / refMatchingSubdomainPrefix: the length of ref matched by prefix, or -1. */
export function refMatchingPrefix(ref: string, prefix: string): number {
  if (prefix.startsWith('*.')) {
    const suffix = prefix.slice(1);
    const at = ref.indexOf(suffix);
    if (at < 0 || ref.slice(0, at).includes('/')) return -1;
    const end = at + suffix.length;
    return end === ref.length || ':/@'.includes(ref[end]!) ? end : -1;
  }
  if (!ref.startsWith(prefix)) return -1;
  if (ref.length === prefix.length) return prefix.length;
  return ':/@'.includes(ref[prefix.length]!) ? prefix.length : -1;
}

export interface RegistryMatch {
  registry: Registry;
  /** How much of the reference the registry's scope matched (what a rewrite replaces). */
  length: number;
}

/** Whether `scope` beats the best match so far: a longer prefix *string*, or the byte-smaller of equals. */
const better = (scope: string, best: RegistryMatch | undefined): boolean => {
  if (!best) return true;
  const bestScope = registryScope(best.registry);
  return scope.length > bestScope.length || (scope.length === bestScope.length && byteOrder(scope, bestScope) < 0);
};

/**
 * FindRegistry: containers/image sorts the registries by prefix, keeps the first of equal
 * prefixes, and takes the longest matching prefix *string* ("*.x.com" counts 7), so on a tie
 * the byte-smallest prefix wins. One pass over the registries; for many lookups use RegistryIndex.
 */
export function findRegistry(ref: string, registries: readonly Registry[]): RegistryMatch | undefined {
  let best: RegistryMatch | undefined;
  for (const registry of registries) {
    tick();
    const scope = registryScope(registry);
    const length = refMatchingPrefix(ref, scope);
    if (length >= 0 && better(scope, best)) best = { registry, length };
  }
  return best;
}

/** Up to this many registries, RegistryIndex scans them (each query is then bounded by it). */
const FEW = 16;

/** Z-array maximum over i >= 1: the longest prefix of s that occurs again at a later start. */
function maxRepeatOfPrefix(s: string): number {
  const n = s.length;
  const z = new Int32Array(n);
  let best = 0;
  for (let i = 1, l = 0, r = 0; i < n; i++) {
    let k = i < r ? Math.min(r - i, z[i - l]!) : 0;
    while (i + k < n && s.charCodeAt(k) === s.charCodeAt(i + k)) k++;
    z[i] = k;
    if (i + k > r) {
      l = i;
      r = i + k;
    }
    if (k > best) best = k;
  }
  tick(n);
  return best;
}

/**
 * FindRegistry over a prepared index, for a name without tag or digest (what each pull
 * attempt looks up): a query costs time linear in the name, whatever the number of registries.
 *
 * A plain prefix must be followed by ":", "/", "@" or the end (so "example.com" matches
 * "example.com:5000/x"): a trie over "/" segments, plus the host cut at each ":". "*.D" looks at
 * the FIRST occurrence of ".D" in the name, which must have no "/" before it and be followed by
 * ":", "/", "@" or the end; a valid "*.D" has no "/", ":" or "@", so ".D" can only end where
 * the host name ends, and only if it does not occur earlier in the host (a Z-array decides).
 */
export class RegistryIndex {
  private readonly plain = trieNode<Registry>();
  private readonly wildcards = trieNode<Registry>();
  private readonly hasWildcards: boolean;
  /** A few registries (a cluster's own blocks, mostly): FindRegistry's one pass costs less than the tries. */
  private readonly few?: readonly Registry[];

  constructor(registries: readonly Registry[]) {
    if (registries.length <= FEW) {
      this.few = registries.filter((r) => !/^\*\..*[/:@]/.test(registryScope(r)));
      this.hasWildcards = false;
      return;
    }
    let wild = false;
    for (const r of registries) {
      const scope = registryScope(r);
      if (scope.startsWith('*.')) {
        if (/[/:@]/.test(scope)) continue; // containers/image refuses such a file; never produced for valid input
        wild = true;
        this.put(this.wildcards, scope.slice(2).split('.').reverse(), r);
      } else this.put(this.plain, scope.split('/'), r);
    }
    this.hasWildcards = wild;
  }

  private put(root: TrieNode<Registry>, parts: readonly string[], r: Registry): void {
    nodeAt(root, parts).value ??= r; // the first of equal scopes
  }

  find(name: string): RegistryMatch | undefined {
    if (this.few) return findRegistry(name, this.few);
    let best: RegistryMatch | undefined;
    const consider = (registry: Registry, length: number) => {
      if (better(registryScope(registry), best)) best = { registry, length };
    };
    const firstSlash = name.indexOf('/');
    const host = firstSlash < 0 ? name : name.slice(0, firstSlash);
    // Plain prefixes ending at "/" or the end: walk the segments.
    walkSegments(this.plain, name, (n, end) => {
      if (n.value) consider(n.value, end);
    });
    // Plain prefixes ending at ":" inside the host ("example.com" for "example.com:5000/x").
    for (let c = host.indexOf(':'); c >= 0; c = host.indexOf(':', c + 1)) {
      tick();
      const r = this.plain.children.get(host.slice(0, c))?.value;
      if (r) consider(r, c);
    }
    if (this.hasWildcards) {
      const colon = host.indexOf(':');
      const h = colon < 0 ? host : host.slice(0, colon);
      // ".D" (length L) first occurs at the end of h iff it occurs nowhere earlier: reversed,
      // iff the length-L prefix of reverse(h) does not start again later, i.e. L > maxRepeat.
      const maxRepeat = maxRepeatOfPrefix([...h].reverse().join(''));
      walkLabelsFromEnd(this.wildcards, h, (w, dot) => {
        if (w.value && h.length - dot > maxRepeat) consider(w.value, h.length);
      });
    }
    return best;
  }
}
