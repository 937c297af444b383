// What probe works out before the first request: the cluster (as explain chooses it), the
// images, their plans (explainNodePull) and the credentials; and every reason not to start.
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { prepareProbe, type ProbeRequest } from '../../src/probe/inputs.js';

const RELEASE = 'quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const AUTH = JSON.stringify({ auths: { 'mirror.example': { auth: b64('u:p') } } });

const cluster = (spec: Record<string, unknown> = {}, name = 'a') => ({
  apiVersion: 'hypershift.openshift.io/v1beta1',
  kind: 'HostedCluster',
  metadata: { name, namespace: 'clusters' },
  spec: {
    release: { image: RELEASE },
    pullSecret: { name: 'ps' },
    imageTagMirrorSet: [{ source: 'quay.io/team', mirrors: ['mirror.example/team'] }],
    ...spec,
  },
});
const secret = (data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  type: 'kubernetes.io/dockerconfigjson',
  metadata: { name: 'ps', namespace: 'clusters' },
  data,
});
const deployment = (...images: string[]) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'team' },
  spec: { template: { spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) } } },
});
const file = (path: string, ...docs: unknown[]) => ({ path, text: docs.map((d) => stringify(d)).join('---\n') });
const req = (r: Partial<ProbeRequest> = {}): ProbeRequest => ({ images: [], imageLists: [], ...r });

describe('prepareProbe', () => {
  it('the workloads in the input, the plans explain computes, the pull secret from the input', () => {
    const p = prepareProbe(
      [file('c.yaml', cluster(), secret({ '.dockerconfigjson': b64(AUTH) }), deployment('quay.io/team/app:v1'))],
      req(),
    );
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.value.cluster).toEqual({
      kind: 'HostedCluster',
      name: 'a',
      namespace: 'clusters',
      file: 'c.yaml',
      document: 0,
    });
    expect(p.value.credentials).toBe('Secret clusters/ps');
    expect([...p.value.auth!.entries.keys()]).toEqual(['mirror.example']);
    expect(p.value.plans).toEqual([
      {
        image: 'quay.io/team/app:v1',
        reference: 'quay.io/team/app:v1',
        pullBy: 'tag',
        origins: ['Deployment team/web containers[c0] (c.yaml#2)'],
        attempts: [
          { location: 'mirror.example/team/app:v1', kind: 'mirror', disposition: 'try', insecure: false },
          { location: 'quay.io/team/app:v1', kind: 'source', disposition: 'try', insecure: false },
        ],
      },
    ]);
  });

  it('--image and --images replace the workloads; each image once, every origin kept', () => {
    const p = prepareProbe([file('c.yaml', cluster(), deployment('quay.io/team/ignored:1'))], {
      images: ['quay.io/team/a:1'],
      imageLists: [{ path: 'list.txt', text: 'quay.io/team/b:1\n# c\nquay.io/team/a:1\n' }],
    });
    expect(p.ok && p.value.plans.map((x) => [x.image, x.origins])).toEqual([
      ['quay.io/team/a:1', ['--image', 'list.txt:3']],
      ['quay.io/team/b:1', ['list.txt:1']],
    ]);
  });

  it('--authfile wins over the pull secret; its warnings become notes', () => {
    const authFile = {
      path: 'auth.json',
      text: JSON.stringify({ auths: { 'mirror.example': { username: 'u', password: 'p' } } }),
    };
    const p = prepareProbe(
      [file('c.yaml', cluster(), secret({ '.dockerconfigjson': b64(AUTH) }))],
      req({ images: ['x.example/a:1'], authFile }),
    );
    expect(p.ok && p.value.credentials).toBe('auth.json');
    expect(p.ok && p.value.notes).toEqual([
      'auth.json: auth entry "mirror.example" has username/password fields but no "auth": containers/image (CRI-O, podman, skopeo) ignores those fields',
    ]);
  });

  it('no pull secret in the input: anonymous, with a note', () => {
    const p = prepareProbe([file('c.yaml', cluster())], req({ images: ['x.example/a:1'] }));
    expect(p.ok && p.value.auth).toBeUndefined();
    expect(p.ok && p.value.notes).toEqual([
      'Secret clusters/ps (spec.pullSecret) is not in the input: probing without credentials (give --authfile)',
    ]);
  });

  it('insecure endpoints: from the Image config (insecureRegistries)', () => {
    const spec = { configuration: { image: { registrySources: { insecureRegistries: ['mirror.example'] } } } };
    const p = prepareProbe([file('c.yaml', cluster(spec))], req({ images: ['quay.io/team/app:v1'] }));
    expect(p.ok && p.value.plans[0]!.attempts.map((a) => [a.location, a.insecure])).toEqual([
      ['mirror.example/team/app:v1', true],
      ['quay.io/team/app:v1', false],
    ]);
  });

  it('an image that cannot be pulled is a plan that fails, not a reason to stop', () => {
    const p = prepareProbe([file('c.yaml', cluster())], req({ images: ['nginx', 'Bad/Name:1'] }));
    expect(p.ok && p.value.plans.map((x) => [x.image, x.attempts.length, x.error !== undefined])).toEqual([
      ['nginx', 0, true],
      ['Bad/Name:1', 0, true],
    ]);
  });

  const SECRET_TEXT = 'hunter2-not-to-be-shown';
  it.each<[string, Parameters<typeof prepareProbe>[0], ProbeRequest, string]>([
    ['YAML that does not parse', [{ path: 'bad.yaml', text: 'a: [' }], req({ images: ['x/y:1'] }), 'bad.yaml:'],
    [
      'no cluster',
      [file('d.yaml', deployment('x.example/a:1'))],
      req(),
      'no HostedCluster, function config or mirror list found',
    ],
    [
      'a cluster not there',
      [file('c.yaml', cluster())],
      req({ cluster: 'b', images: ['x/y:1'] }),
      'no HostedCluster named "b"',
    ],
    [
      'two clusters, none chosen',
      [
        file(
          'c.yaml',
          cluster(),
          cluster({ imageTagMirrorSet: [{ source: 'quay.io/x', mirrors: ['m.example/x'] }] }, 'b'),
        ),
      ],
      req({ images: ['x/y:1'] }),
      '2 candidates with different mirror lists',
    ],
    [
      'a cluster with errors',
      [
        file(
          'c.yaml',
          cluster({ imageTagMirrorSet: [{ source: 'quay.io/team', mirrors: ['mirror.example/team:v1'] }] }),
        ),
      ],
      req({ images: ['x/y:1'] }),
      'HostedCluster clusters/a (c.yaml) has errors; the function generates nothing',
    ],
    ['no images', [file('c.yaml', cluster())], req(), 'no images to probe'],
    [
      'a list line with two words',
      [file('c.yaml', cluster())],
      req({ imageLists: [{ path: 'l', text: 'a:1 b:1' }] }),
      'l:1: more than one word',
    ],
    [
      'a workload container without an image',
      [
        file('c.yaml', cluster(), {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'p' },
          spec: { containers: [{ name: 'x' }] },
        }),
      ],
      req(),
      'Pod p containers[x] (c.yaml#1): no image',
    ],
    [
      'a pull secret without .dockerconfigjson',
      [file('c.yaml', cluster(), secret({ other: b64('x') }))],
      req({ images: ['x/y:1'] }),
      'Secret clusters/ps: expected .dockerconfigjson key in pull secret',
    ],
    [
      'a pull secret that is not JSON (its text is never shown)',
      [file('c.yaml', cluster(), secret({ '.dockerconfigjson': b64(`{"auths": ${SECRET_TEXT}`) }))],
      req({ images: ['x/y:1'] }),
      'Secret clusters/ps: not valid JSON',
    ],
    [
      'an auth file of the wrong shape',
      [file('c.yaml', cluster())],
      req({ images: ['x/y:1'], authFile: { path: 'a.json', text: '{"auths": {"x": {"auth": 5}}}' } }),
      'a.json: json: cannot unmarshal number',
    ],
  ])('stops: %s', (_name, files, r, message) => {
    const p = prepareProbe(files, r);
    expect(p.ok).toBe(false);
    expect(!p.ok && p.error).toContain(message);
    expect(!p.ok && p.error).not.toContain(SECRET_TEXT);
  });
});
