// explain's pull plans map onto probe's: these plans are computed by explainNodePull, the
// code `explain` runs.
import { describe, expect, it } from 'vitest';
import { fromNodePull, fromPullPlan } from '../../src/probe/plan.js';
import type { Registry } from '../../src/registries/model.js';
import { explainNodePull } from '../../src/registries/pull.js';
import { validateHostedCluster } from '../../src/validate/hosted-cluster.js';

const RELEASE = 'quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64';
const D = `sha256:${'b'.repeat(64)}`;

function blocksFor(spec: Record<string, unknown>): Registry[] {
  const v = validateHostedCluster({ release: { image: RELEASE }, ...spec }, {});
  expect(v.results.filter((r) => r.severity === 'error')).toEqual([]);
  return v.registries ?? [];
}

describe('fromNodePull (explainNodePull -> probe plan)', () => {
  const blocks = blocksFor({
    imageContentSources: [{ source: 'src.example/team', mirrors: ['digests.example/team'] }],
    imageTagMirrorSet: [
      { source: 'src.example/team', mirrors: ['tags1.example/team', 'tags2.example/team'] },
      { source: 'locked.example/team', mirrors: ['tags1.example/locked'], mirrorSourcePolicy: 'NeverContactSource' },
      { source: 'open.example', mirrors: ['tags1.example/open'] },
    ],
  });

  it('a tag pull: digest-only mirror skipped, tag mirrors in order, then the source', () => {
    const p = fromNodePull(explainNodePull('src.example/team/app:v1', blocks));
    expect(p.error).toBeUndefined();
    expect(p.attempts.map((a) => [a.location, a.kind, a.disposition])).toEqual([
      ['digests.example/team/app:v1', 'mirror', 'skipped'],
      ['tags1.example/team/app:v1', 'mirror', 'try'],
      ['tags2.example/team/app:v1', 'mirror', 'try'],
      ['src.example/team/app:v1', 'source', 'try'],
    ]);
    expect(p.pullBy).toBe('tag');
  });

  it("NeverContactSource: the source is blocked, with containers/image's message", () => {
    const p = fromNodePull(explainNodePull('locked.example/team/app:v1', blocks));
    expect(p.attempts.map((a) => [a.location, a.disposition])).toEqual([
      ['tags1.example/locked/app:v1', 'try'],
      ['locked.example/team/app:v1', 'blocked'],
    ]);
    expect(p.attempts[1]!.reason).toContain('is blocked in');
  });

  it('a digest pull: the digest-only mirror, tag-only ones skipped', () => {
    const p = fromNodePull(explainNodePull(`src.example/team/app@${D}`, blocks));
    expect(p.attempts.map((a) => [a.location, a.disposition])).toEqual([
      [`digests.example/team/app@${D}`, 'try'],
      [`tags1.example/team/app@${D}`, 'skipped'],
      [`tags2.example/team/app@${D}`, 'skipped'],
      [`src.example/team/app@${D}`, 'try'],
    ]);
  });

  it('an image no block matches: the source alone', () => {
    const p = fromNodePull(explainNodePull('elsewhere.example/x:1', blocks));
    expect(p.attempts).toEqual([
      { location: 'elsewhere.example/x:1', kind: 'source', disposition: 'try', insecure: false },
    ]);
  });

  it('a short name under CRI-O enforcing mode fails before any request', () => {
    const p = fromNodePull(explainNodePull('nginx', blocks));
    expect(p.attempts).toEqual([]);
    expect(p.error).toContain('ambiguous');
  });

  it('an invalid reference fails before any request', () => {
    const p = fromNodePull(explainNodePull('UPPER/case:1', blocks));
    expect(p.error).toBeDefined();
  });

  it("insecure: each attempt's own, as explain computes it", () => {
    const plan = explainNodePull('open.example/x:1', blocks).plans[0]!;
    const flagged = { ...plan, attempts: plan.attempts.map((a) => ({ ...a, insecure: a.kind === 'source' })) };
    expect(fromPullPlan(flagged, 'x').attempts.map((a) => a.insecure)).toEqual([false, true]);
  });
});

// The registries.conf reference's worked examples 8, 9 and 11 (rendered by MCO): which
// endpoints carry `insecure = true`, and so which attempts probe makes insecure.
describe('insecure endpoints from the Image config (insecureRegistries)', () => {
  const rows: Array<{ example: string; spec: Record<string, unknown>; image: string; want: Array<[string, boolean]> }> =
    [
      {
        example: '8: an insecure mirror host',
        spec: {
          imageTagMirrorSet: [{ source: 'quay.io/acme', mirrors: ['registry.lab.internal:5000/acme'] }],
          configuration: { image: { registrySources: { insecureRegistries: ['registry.lab.internal:5000'] } } },
        },
        image: 'quay.io/acme/app:v1',
        want: [
          ['registry.lab.internal:5000/acme/app:v1', true],
          ['quay.io/acme/app:v1', false],
        ],
      },
      {
        example: '9: an insecure source path, its mirror not',
        spec: {
          imageTagMirrorSet: [{ source: 'ghcr.io/acme/tools', mirrors: ['cache.corp.example/ghcr/acme/tools'] }],
          configuration: {
            image: { registrySources: { insecureRegistries: ['old.corp.example', 'ghcr.io/acme/tools'] } },
          },
        },
        image: 'ghcr.io/acme/tools/x:1',
        want: [
          ['cache.corp.example/ghcr/acme/tools/x:1', false],
          ['ghcr.io/acme/tools/x:1', true],
        ],
      },
      {
        example: '9: an appended insecure block (no mirrors)',
        spec: {
          imageTagMirrorSet: [{ source: 'ghcr.io/acme/tools', mirrors: ['cache.corp.example/ghcr/acme/tools'] }],
          configuration: { image: { registrySources: { insecureRegistries: ['old.corp.example'] } } },
        },
        image: 'old.corp.example/team/app:1',
        want: [['old.corp.example/team/app:1', true]],
      },
      {
        example: '11: an insecure wildcard covers the source and the mirror',
        spec: {
          imageTagMirrorSet: [{ source: 'app.dev.acme.example/web', mirrors: ['cache.dev.acme.example/web'] }],
          configuration: { image: { registrySources: { insecureRegistries: ['*.dev.acme.example'] } } },
        },
        image: 'app.dev.acme.example/web/x:1',
        want: [
          ['cache.dev.acme.example/web/x:1', true],
          ['app.dev.acme.example/web/x:1', true],
        ],
      },
    ];
  for (const r of rows) {
    it(r.example, () => {
      const p = fromNodePull(explainNodePull(r.image, blocksFor(r.spec)));
      expect(p.attempts.map((a) => [a.location, a.insecure])).toEqual(r.want);
    });
  }
});

describe('blocked registries and policy.json from the Image config', () => {
  const spec = {
    imageTagMirrorSet: [{ source: 'quay.io/team', mirrors: ['mirror.example/team'] }],
    configuration: { image: { registrySources: { blockedRegistries: ['blocked.example', 'quay.io/team'] } } },
  };
  it('a location in a blocked scope is blocked, never asked', () => {
    const p = fromNodePull(explainNodePull('blocked.example/x/y:1', blocksFor(spec)));
    expect(p.attempts.map((a) => [a.location, a.disposition])).toEqual([['blocked.example/x/y:1', 'blocked']]);
  });
  it('policy.json rejecting the reference asked for: the plan says so (the pull fails after the first answer)', () => {
    const v = validateHostedCluster({ release: { image: RELEASE }, ...spec }, {});
    const node = v.node!;
    const p = fromNodePull(explainNodePull('quay.io/team/app:v1', v.registries!, { policy: node.policy }));
    expect(p.attempts.map((a) => [a.location, a.disposition])).toEqual([
      ['mirror.example/team/app:v1', 'try'],
      ['quay.io/team/app:v1', 'blocked'],
    ]);
    expect(p.policyRejects).toBe('quay.io/team');
    expect(
      fromNodePull(explainNodePull('other.example/x:1', v.registries!, { policy: node.policy })).policyRejects,
    ).toBeUndefined();
  });
});
