// A mirror that falls under a NeverContactSource scope can never serve a pull:
// containers/image matches each attempt's own name again, and a blocked match fails it.
// The registries here are the mirror sets' own (before the Image config): this rule is about
// imageTagMirrorSet alone; mirrors inside blockedRegistries are image-config-effects.ts's.
import { CODE, POLICY } from '../constants.js';
import { registryScope, type Registry, type MirrorInput } from '../registries/model.js';
import { refMatchingPrefix, RegistryIndex } from '../registries/match.js';
import { tick } from '../work.js';
import type { Checker } from './rules.js';

function insideAny(name: string, registries: readonly Registry[]): boolean {
  for (let i = 0; i < registries.length; i++)
    if (refMatchingPrefix(name, registryScope(registries[i]!)) >= 0) return true;
  return false;
}

export function checkBlockedMirrors(c: Checker, input: MirrorInput, registries: readonly Registry[]): void {
  const blocked = registries.filter((b) => b.blocked);
  if (blocked.length === 0) return;
  // One index, one lookup per mirror: linear in the entries, not mirrors x registries. Built
  // only when a mirror lies in a blocked scope at all (a blocked match, or none, is needed for
  // the best match to be blocked); most mirrors lie in none.
  let index: RegistryIndex | undefined;
  const few = blocked.length <= 4;
  const lists: [string, { source: string; mirrors: string[] }[]][] = [
    ['spec.imageContentSources', input.imageContentSources],
    ['spec.imageTagMirrorSet', input.imageTagMirrorSet],
  ];
  for (const [field, entries] of lists) {
    entries.forEach((e, i) =>
      e.mirrors.forEach((m, j) => {
        tick();
        if (m === e.source) return;
        if (few && !insideAny(m, blocked)) return;
        index ??= new RegistryIndex(registries);
        const match = index.find(m);
        if (!match?.registry.blocked) return;
        const scope = match.registry.prefix || match.registry.location;
        c.error(
          CODE.blockedSourceIsMirror,
          `${field}[${i}].mirrors[${j}]`,
          `mirror "${m}" lies inside source "${scope}", which is set to ${POLICY.never}: every pull through this mirror would be blocked; use ${POLICY.allow} for "${scope}" or a mirror outside it`,
        );
      }),
    );
  }
}
