// The pull secret against the mirrors, without any network: a mirror the nodes' auth file has
// no credentials for is pulled from anonymously. A warning, not an error: many mirrors serve
// anonymous pulls. The lookup is containers/image's (registries/credentials.ts), for the
// mirror's own name, as each pull attempt looks up its own reference.
import { CODE } from '../constants.js';
import { isObject } from '../krm/kube.js';
import { result, type Result, type Target } from '../krm/result.js';
import { lookupCredentials, type AuthFile, type Lookup } from '../registries/credentials.js';

const LISTS = ['imageTagMirrorSet', 'imageContentSources'] as const;

/** Why a lookup gave no credentials, in words; undefined when it did (or may, through a helper). */
function missing(file: AuthFile, mirror: string, lookup: Lookup): string | undefined {
  switch (lookup.kind) {
    case 'found':
    case 'helper':
      return undefined;
    case 'empty':
      return `its entry "${lookup.key}" holds no credentials`;
    case 'error':
      return `its entry "${lookup.key}" cannot be read (${lookup.error})`;
    case 'none':
      // Credentials for some repositories below the mirror cover the pulls from those.
      for (const key of file.entries.keys()) if (key.startsWith(`${mirror}/`)) return undefined;
      return 'no auths entry matches it';
  }
}

/**
 * A warning for each mirror of spec.imageTagMirrorSet and spec.imageContentSources with no
 * credentials in `file` (the pull secret `secret`, "ns/name").
 */
export function mirrorsWithoutCredentials(spec: unknown, file: AuthFile, secret: string, target: Target): Result[] {
  const out: Result[] = [];
  if (!isObject(spec)) return out;
  for (const list of LISTS) {
    const entries = spec[list];
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry, i) => {
      const mirrors = isObject(entry) ? entry.mirrors : undefined;
      if (!Array.isArray(mirrors)) return;
      mirrors.forEach((mirror, j) => {
        if (typeof mirror !== 'string') return;
        const why = missing(file, mirror, lookupCredentials(file, mirror));
        if (why === undefined) return;
        const message = `no credentials for mirror ${mirror} in the pull secret ${secret}: ${why}, so nodes pull from it anonymously`;
        out.push(result('warning', CODE.mirrorWithoutCredentials, message, target, `spec.${list}[${i}].mirrors[${j}]`));
      });
    });
  }
  return out;
}
