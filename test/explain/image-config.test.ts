// `explain` with a HostedCluster's Image config: per attempt insecure (plain HTTP allowed) and
// blocked (refused without a request), policy.json's verdict on the reference asked for, and
// containerRuntimeSearchRegistries for short names.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { explainInFiles } from '../../src/explain/cluster.js';
import type { NodePull } from '../../src/registries/pull.js';

const RELEASE = 'quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64';

function cluster(spec: Record<string, unknown>): { path: string; text: string }[] {
  const hc = {
    apiVersion: 'hypershift.openshift.io/v1beta1',
    kind: 'HostedCluster',
    metadata: { name: 'lab', namespace: 'clusters' },
    spec: { release: { image: RELEASE }, ...spec },
  };
  return [{ path: 'lab.yaml', text: stringify(hc) }];
}

const ITMS = [{ source: 'quay.io/acme', mirrors: ['registry.lab.internal:5000/acme'] }];
const sources = (registrySources: Record<string, string[]>) => ({ configuration: { image: { registrySources } } });

function text(spec: Record<string, unknown>, image: string) {
  const out = explainInFiles(cluster(spec), { image, format: 'text' });
  expect(out.exitCode, out.stderr).toBe(0);
  return out.stdout;
}
function json(spec: Record<string, unknown>, image: string) {
  const out = explainInFiles(cluster(spec), { image, format: 'json' });
  expect(out.exitCode, out.stderr).toBe(0);
  return JSON.parse(out.stdout) as { pull: NodePull; policy?: unknown; searchRegistries?: string[] };
}

describe('explain: the Image config', () => {
  it('insecureRegistries: the mirror attempt may use plain HTTP; the source keeps TLS', () => {
    const spec = { imageTagMirrorSet: ITMS, ...sources({ insecureRegistries: ['registry.lab.internal:5000'] }) };
    const doc = json(spec, 'quay.io/acme/app:v1');
    expect(doc.pull.plans[0]!.attempts.map((a) => [a.location, a.outcome, a.insecure])).toEqual([
      ['registry.lab.internal:5000/acme/app:v1', 'try', true],
      ['quay.io/acme/app:v1', 'try', false],
    ]);
    expect(text(spec, 'quay.io/acme/app:v1')).toMatch(
      /registry\.lab\.internal:5000\/acme\/app:v1 +mirror \(tag-only\) +try \(insecure: TLS not verified, plain HTTP allowed\)\n/,
    );
  });

  it('without insecureRegistries the same mirror is tried with TLS only', () => {
    const doc = json({ imageTagMirrorSet: ITMS }, 'quay.io/acme/app:v1');
    expect(doc.pull.plans[0]!.attempts.every((a) => !a.insecure)).toBe(true);
  });

  it('blockedRegistries on the mirror host: the mirror attempt is refused without a request', () => {
    const spec = { imageTagMirrorSet: ITMS, ...sources({ blockedRegistries: ['registry.lab.internal:5000'] }) };
    const doc = json(spec, 'quay.io/acme/app:v1');
    expect(doc.pull.plans[0]!.attempts.map((a) => [a.location, a.outcome, a.blockedBy])).toEqual([
      ['registry.lab.internal:5000/acme/app:v1', 'blocked', 'registry.lab.internal:5000'],
      ['quay.io/acme/app:v1', 'try', undefined],
    ]);
    expect(text(spec, 'quay.io/acme/app:v1')).toContain(
      'blocked: inside blocked "registry.lab.internal:5000", refused without a request',
    );
    // policy.json rejects the mirror host's own images, not quay.io's: the source is accepted.
    expect(doc.pull.plans[0]!.policy).toEqual({ verdict: 'accept' });
  });

  it('blockedRegistries on the source: the source attempt is refused and policy.json rejects the image', () => {
    // (Not all of quay.io: a blocked scope holding the release repository is dropped by MCO.)
    const spec = { imageTagMirrorSet: ITMS, ...sources({ blockedRegistries: ['quay.io/acme'] }) };
    const doc = json(spec, 'quay.io/acme/app:v1');
    expect(doc.pull.plans[0]!.attempts.map((a) => [a.location, a.outcome])).toEqual([
      ['registry.lab.internal:5000/acme/app:v1', 'try'],
      ['quay.io/acme/app:v1', 'blocked'],
    ]);
    expect(doc.pull.plans[0]!.policy).toEqual({ verdict: 'reject', scope: 'quay.io/acme' });
    expect(text(spec, 'quay.io/acme/app:v1')).toContain(
      'matched: [[registry]] location = "quay.io/acme" (longest matching prefix; blocked = true: inside blockedRegistries)',
    );
    expect(text(spec, 'quay.io/acme/app:v1')).toContain(
      'policy.json rejects quay.io/acme/app:v1 (scope "quay.io/acme"): whichever location answers first serves the manifest, then the pull fails ("Source image rejected: Running image docker://quay.io/acme/app:v1 is rejected by policy.")',
    );
  });

  it('allowedRegistries: the source decides, not the mirror', () => {
    const allowed = { imageTagMirrorSet: ITMS, ...sources({ allowedRegistries: ['quay.io', RELEASE.split(':')[0]!] }) };
    expect(json(allowed, 'quay.io/acme/app:v1').pull.plans[0]!.policy).toEqual({ verdict: 'accept', scope: 'quay.io' });
    expect(text(allowed, 'quay.io/acme/app:v1')).toContain('policy.json accepts quay.io/acme/app:v1 (scope "quay.io")');
    const other = json(allowed, 'docker.io/library/nginx:1');
    expect(other.pull.plans[0]!.policy).toEqual({ verdict: 'reject' });
    expect(other.policy).toEqual({
      default: 'reject',
      docker: { 'quay.io': 'accept', 'quay.io/openshift-release-dev/ocp-release': 'accept' },
    });
    expect(text(allowed, 'docker.io/library/nginx:1')).toContain(
      'policy.json rejects docker.io/library/nginx:1 (its default)',
    );
  });

  it('containerRuntimeSearchRegistries replace the default search list for short names', () => {
    const spec = { imageTagMirrorSet: ITMS, ...sources({ containerRuntimeSearchRegistries: ['quay.io'] }) };
    const doc = json(spec, 'acme/app:v1');
    expect(doc.searchRegistries).toEqual(['quay.io']);
    expect(doc.pull.shortName).toEqual({ candidates: ['quay.io/acme/app:v1'] });
    expect(doc.pull.plans[0]!.attempts.map((a) => a.location)).toEqual([
      'registry.lab.internal:5000/acme/app:v1',
      'quay.io/acme/app:v1',
    ]);
    expect(text(spec, 'acme/app:v1')).toContain(
      "unqualified-search-registries (quay.io: the Image config's containerRuntimeSearchRegistries, which replace registry.access.redhat.com, docker.io)",
    );
  });

  it('without an imageTagMirrorSet the Image config still applies (MCO renders it)', () => {
    const doc = json(sources({ insecureRegistries: ['quay.io'] }), 'quay.io/acme/app:v1');
    expect(doc.pull.plans[0]!.attempts).toEqual([
      { location: 'quay.io/acme/app:v1', kind: 'source', outcome: 'try', insecure: true },
    ]);
  });

  it('MCO refuses the Image config: nothing to explain, with the reason', () => {
    const out = explainInFiles(
      cluster({
        imageTagMirrorSet: [{ source: '*.acme.example', mirrors: ['mirror.corp.example/acme'] }],
        ...sources({ blockedRegistries: ['build.acme.example'] }),
      }),
      { image: 'build.acme.example/x:1', format: 'text' },
    );
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toContain('error[image-config-scope-in-wildcard-source]');
  });
});
