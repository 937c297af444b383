// A NodePool whose own release image changes MCO's release-payload rule (src/validate/node-pool.ts).
import { describe, expect, it } from 'vitest';
import { validateHostedCluster } from '../../src/validate/hosted-cluster.js';
import { checkNodePoolRelease } from '../../src/validate/node-pool.js';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;
const REPO = 'quay.io/openshift-release-dev/ocp-release';
const spec = (release: string, blocked = ['quay.io']) => ({
  release: { image: release },
  imageContentSources: [{ source: 'quay.io/openshift-release-dev', mirrors: ['mirror.corp.example/ocp'] }],
  imageTagMirrorSet: [{ source: 'quay.io/acme', mirrors: ['mirror.corp.example/acme'] }],
  configuration: { image: { registrySources: { blockedRegistries: blocked } } },
});
const pool = {
  resourceRef: { apiVersion: 'hypershift.openshift.io/v1beta1', kind: 'NodePool', name: 'p', namespace: 'c' },
};

describe('checkNodePoolRelease', () => {
  const byDigest = validateHostedCluster(spec(`${REPO}@${DIGEST}`), {});
  it('the same release, or none: nothing to say', () => {
    expect(checkNodePoolRelease(byDigest, { release: { image: `${REPO}@${DIGEST}` } }, pool)).toBeUndefined();
    expect(checkNodePoolRelease(byDigest, {}, pool)).toBeUndefined();
  });
  it('a release by tag drops the blocked scope the cluster keeps: a warning on the NodePool', () => {
    const r = checkNodePoolRelease(byDigest, { release: { image: `${REPO}:4.21.0-x86_64` } }, pool)!;
    expect(r).toMatchObject({
      severity: 'warning',
      tags: { code: 'node-pool-release-payload' },
      field: { path: 'spec.release.image' },
    });
    expect(r.resourceRef?.kind).toBe('NodePool');
    expect(r.message).toContain('are "quay.io" dropped here, but "quay.io" kept for the cluster\'s release');
  });
  it('another tag in the same repository gives the same file: nothing to say', () => {
    const byTag = validateHostedCluster(spec(`${REPO}:4.21.0-x86_64`), {});
    expect(checkNodePoolRelease(byTag, { release: { image: `${REPO}:4.21.1-x86_64` } }, pool)).toBeUndefined();
  });
  it('without blocked scopes the release does not matter', () => {
    const none = validateHostedCluster({ ...spec(`${REPO}@${DIGEST}`), configuration: undefined }, {});
    expect(
      checkNodePoolRelease(none, { release: { image: 'registry.example.com/other/release:1' } }, pool),
    ).toBeUndefined();
  });
  it('a NodePool release MCO cannot parse: a warning that MCO renders nothing for it', () => {
    const r = checkNodePoolRelease(byDigest, { release: { image: 'not a reference' } }, pool)!;
    expect(r.message).toContain('renders nothing (MCO: error parsing reference of release image)');
  });
});
