// A mirror that falls under a NeverContactSource scope can never serve a pull:
// containers/image matches each attempt's own name again, and a blocked match fails it.
import { CODE, POLICY } from '../constants.js';
import type { Registry, MirrorInput } from '../registries/model.js';
import { findRegistry } from '../registries/match.js';
import type { Checker } from './rules.js';

export function checkBlockedMirrors(c: Checker, input: MirrorInput, registries: readonly Registry[]): void {
  if (!registries.some((b) => b.blocked)) return;
  const lists: [string, { source: string; mirrors: string[] }[]][] = [
    ['spec.imageContentSources', input.imageContentSources],
    ['spec.imageTagMirrorSet', input.imageTagMirrorSet],
  ];
  for (const [field, entries] of lists) {
    entries.forEach((e, i) =>
      e.mirrors.forEach((m, j) => {
        const match = findRegistry(m, registries);
        if (!match?.registry.blocked || m === e.source) return;
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
