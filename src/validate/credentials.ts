// The pull secret against the mirrors, without any network (a cross-object rule: the
// HostedCluster and its pull secret Secret, when that is in the input): a mirror the nodes'
// auth file has no credentials for is pulled from anonymously. Warnings, not errors: many
// mirrors serve anonymous pulls, and a Secret in a repository may be a placeholder. The lookup
// is containers/image's (registries/credentials.ts), for the mirror's own name, as each pull
// attempt looks up its own reference.
import { CODE } from '../constants.js';
import { findPullSecret, pullSecretName } from '../hypershift/pull-secret.js';
import { isObject } from '../krm/kube.js';
import { result, type Result, type Target } from '../krm/result.js';
import { lookupCredentials, parseAuthFile, type AuthFile, type Lookup } from '../registries/credentials.js';
import { parseNamed } from '../registries/reference.js';

const LISTS = ['imageTagMirrorSet', 'imageContentSources'] as const;

/**
 * A key containers/image can ever look up (pkg/docker/config authKeysForKey): a reference's
 * name (docker/reference, canonical: lower case, no tag, digest or trailing "/") or one of its
 * parent namespaces. Anything else in the file is never read.
 */
export function isLookupKey(key: string): boolean {
  const plain = (r: ReturnType<typeof parseNamed>) => r.ok && r.value.tag === undefined && r.value.digest === undefined;
  // A parent namespace need not be a name itself ("docker.io/acme" of "docker.io/acme/app").
  return plain(parseNamed(key)) || plain(parseNamed(`${key}/x`));
}

/** Keys below `mirror` that give credentials to the pulls of some repositories through it. */
function keysBelow(file: AuthFile, mirror: string): { covering: boolean; neverRead: string[] } {
  const neverRead: string[] = [];
  // A .dockercfg is looked up by host only.
  if (file.legacyFormat) return { covering: false, neverRead };
  for (const key of file.entries.keys()) {
    if (!key.startsWith(`${mirror}/`)) continue;
    if (!isLookupKey(key)) neverRead.push(key);
    // Its own lookup decides what a pull of that repository gets (an empty entry: nothing).
    else if (lookupCredentials(file, key).kind === 'found') return { covering: true, neverRead };
  }
  return { covering: false, neverRead };
}

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
    case 'none': {
      // Credentials for some repositories below the mirror cover the pulls from those.
      const below = keysBelow(file, mirror);
      if (below.covering) return undefined;
      const never = below.neverRead.map((k) => JSON.stringify(k)).join(', ');
      return `no auths entry matches it${never ? ` (containers/image never looks up ${never}: no repository name)` : ''}`;
    }
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

/**
 * The pull secret rule for a HostedCluster's spec in `namespace`, given the other objects of the
 * input: nothing when it names no pull secret or the Secret is not there; else an
 * invalid-pull-secret warning when it cannot be read, or mirrorsWithoutCredentials.
 */
export function pullSecretResults(
  spec: unknown,
  namespace: string,
  objects: readonly unknown[],
  target: Target,
): Result[] {
  const name = pullSecretName(spec);
  if (name === undefined) return [];
  const secret = findPullSecret(objects, name, namespace);
  if (secret.kind === 'none') return [];
  const label = `${namespace ? `${namespace}/` : ''}${name}`;
  const invalid = (why: string) => [
    result(
      'warning',
      CODE.invalidPullSecret,
      `the pull secret ${label} cannot be read: ${why}`,
      target,
      'spec.pullSecret.name',
    ),
  ];
  if (secret.kind === 'invalid') return invalid(secret.why);
  const parsed = parseAuthFile(secret.text);
  if (!parsed.ok) return invalid(parsed.error);
  return mirrorsWithoutCredentials(spec, parsed.file, label, target);
}
