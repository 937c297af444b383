// `check`'s credentials rule: when a HostedCluster's pull secret is in the input, each mirror
// it holds no credentials for is a warning (validate/credentials.ts); a pull secret that
// cannot be read is one too. No network.
import { CODE } from '../constants.js';
import { findPullSecret, pullSecretName } from '../hypershift/pull-secret.js';
import { result, type Result } from '../krm/result.js';
import { parseAuthFile } from '../registries/credentials.js';
import { mirrorsWithoutCredentials } from '../validate/credentials.js';
import type { InputObject, Subject } from './subjects.js';

/** The results for one subject (validation results: place them with placeResult). */
export function pullSecretResults(s: Subject, objects: readonly InputObject[]): Result[] {
  if (s.kind !== 'HostedCluster') return [];
  const name = pullSecretName(s.spec);
  if (name === undefined) return [];
  const secret = findPullSecret(
    objects.map((o) => o.value),
    name,
    s.namespace,
  );
  if (secret.kind === 'none') return [];
  const label = `${s.namespace ? `${s.namespace}/` : ''}${name}`;
  const invalid = (why: string) => [
    result(
      'warning',
      CODE.invalidPullSecret,
      `the pull secret ${label} cannot be read: ${why}`,
      {},
      'spec.pullSecret.name',
    ),
  ];
  if (secret.kind === 'invalid') return invalid(secret.why);
  const parsed = parseAuthFile(secret.text);
  if (!parsed.ok) return invalid(parsed.error);
  return mirrorsWithoutCredentials(s.spec, parsed.file, label, {});
}
