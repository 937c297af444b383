// A mirror that falls under a NeverContactSource scope can never serve a pull:
// containers/image matches each attempt's own name again, and a blocked match fails it.
import { CODE, POLICY } from '../constants.js';
import type { RegistryBlock } from '../generate/registries-conf.js';
import type { MirrorInput } from '../mirror-sets.js';
import { findBlock } from '../registry-match.js';
import type { Checker } from './rules.js';

export function checkBlockedMirrors(c: Checker, input: MirrorInput, blocks: readonly RegistryBlock[]): void {
  if (!blocks.some((b) => b.blocked)) return;
  const lists: [string, { source: string; mirrors: string[] }[]][] = [
    ['spec.imageContentSources', input.imageContentSources],
    ['spec.imageTagMirrorSet', input.imageTagMirrorSet],
  ];
  for (const [field, entries] of lists) {
    entries.forEach((e, i) =>
      e.mirrors.forEach((m, j) => {
        const match = findBlock(m, blocks);
        if (!match?.block.blocked || m === e.source) return;
        const scope = match.block.prefix || match.block.location;
        c.error(
          CODE.blockedSourceIsMirror,
          `${field}[${i}].mirrors[${j}]`,
          `mirror "${m}" lies inside source "${scope}", which is set to ${POLICY.never}: every pull through this mirror would be blocked; use ${POLICY.allow} for "${scope}" or a mirror outside it`,
        );
      }),
    );
  }
}
