// A mirror that falls under a NeverContactSource scope can never serve a pull:
// containers/image matches each attempt's own name again, and a blocked match fails it.
// The registries here are the mirror sets' own (before the Image config): this rule is about
// imageTagMirrorSet alone; mirrors inside blockedRegistries are image-config-effects.ts's.
import { CODE, POLICY } from '../constants.js';
import type { Registry, MirrorInput } from '../registries/model.js';
import { RegistryIndex } from '../registries/match.js';
import { tick } from '../work.js';
import type { Checker } from './rules.js';

export function checkBlockedMirrors(c: Checker, input: MirrorInput, registries: readonly Registry[]): void {
  if (!registries.some((b) => b.blocked)) return;
  // One index, one lookup per mirror: linear in the entries, not mirrors x registries.
  const index = new RegistryIndex(registries);
  const lists: [string, { source: string; mirrors: string[] }[]][] = [
    ['spec.imageContentSources', input.imageContentSources],
    ['spec.imageTagMirrorSet', input.imageTagMirrorSet],
  ];
  for (const [field, entries] of lists) {
    entries.forEach((e, i) =>
      e.mirrors.forEach((m, j) => {
        tick();
        if (m === e.source) return;
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
