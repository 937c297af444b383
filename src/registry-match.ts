// How containers/image picks the [[registry]] block for a reference (sysregistriesv2):
// the longest matching prefix wins; a match must end at "/", ":", "@" or the end;
// "*.x.com" matches host names ending in ".x.com" (not "x.com" itself).
import { blockScope, type RegistryBlock } from './generate/registries-conf.js';

/** Length of ref matched by prefix, or -1. */
export function matchLength(ref: string, prefix: string): number {
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

export interface BlockMatch {
  block: RegistryBlock;
  /** How much of the reference the block's scope matched (what a rewrite replaces). */
  length: number;
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * sysregistriesv2.FindRegistry: containers/image sorts the blocks by prefix, keeps the first
 * of equal prefixes, and takes the longest matching prefix *string* ("*.x.com" counts 7),
 * so on a tie the byte-smallest prefix wins.
 */
export function findBlock(ref: string, blocks: readonly RegistryBlock[]): BlockMatch | undefined {
  const sorted = [...blocks].sort((a, b) => byteOrder(blockScope(a), blockScope(b)));
  let best: BlockMatch | undefined;
  let bestPrefix = -1;
  let previous: string | undefined;
  for (const block of sorted) {
    const scope = blockScope(block);
    if (scope === previous) continue;
    previous = scope;
    const length = matchLength(ref, scope);
    if (length >= 0 && scope.length > bestPrefix) {
      best = { block, length };
      bestPrefix = scope.length;
    }
  }
  return best;
}
