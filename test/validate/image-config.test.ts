// The Image config's results (src/validate/image-config.ts, image-config-effects.ts): the
// hand-derived cases' expected results, and a table that makes every code appear.
import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/krm/result.js';
import { validateDigestMirrors, validateHostedCluster } from '../../src/validate/hosted-cluster.js';
import { CASES, type Spec } from '../helpers/image-config-cases.js';

const RELEASE = 'quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64';

/** The function's rules for a cluster with an imageTagMirrorSet; explain's for one without. */
function validate(spec: Spec): Result[] {
  const full = { ...spec, release: spec.release ?? { image: RELEASE } };
  return (spec.imageTagMirrorSet?.length ? validateHostedCluster(full, {}) : validateDigestMirrors(full)).results;
}
const problems = (spec: Spec) =>
  validate(spec)
    .map((r) => `${r.severity} ${r.tags.code}`)
    .sort();

describe('the Image config cases: results', () => {
  for (const c of CASES.filter((x) => x.expect.problems !== undefined)) {
    it(c.name, () => expect(problems(c.spec)).toEqual([...c.expect.problems!].sort()));
  }
});
