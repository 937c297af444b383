// How containers/image picks the [[registry]] for a reference (sysregistriesv2):
// the longest matching prefix wins; a match must end at "/", ":", "@" or the end;
// "*.x.com" matches host names ending in ".x.com" (not "x.com" itself).
import { byteOrder } from '../order.js';
import { registryScope, type Registry } from './model.js';

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

/**
 * FindRegistry: containers/image sorts the registries by prefix, keeps the first of equal
 * prefixes, and takes the longest matching prefix *string* ("*.x.com" counts 7), so on a tie
 * the byte-smallest prefix wins.
 */
export function findRegistry(ref: string, registries: readonly Registry[]): RegistryMatch | undefined {
  const sorted = [...registries].sort((a, b) => byteOrder(registryScope(a), registryScope(b)));
  let best: RegistryMatch | undefined;
  let bestPrefix = -1;
  let previous: string | undefined;
  for (const registry of sorted) {
    const scope = registryScope(registry);
    if (scope === previous) continue;
    previous = scope;
    const length = refMatchingPrefix(ref, scope);
    if (length >= 0 && scope.length > bestPrefix) {
      best = { registry, length };
      bestPrefix = scope.length;
    }
  }
  return best;
}
