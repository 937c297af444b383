// What the function says on stderr: kustomize (and Argo CD, Flux) shows no results, so errors,
// warnings and the node-pool-wiring info go there, one line each, with a count line; under kpt,
// which prints the results and the function's stderr both, only errors (no double noise).
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { hostedCluster, listOf } from '../helpers/hostile.js';
import { runFn } from '../helpers/run-fn.js';

// A blocked registry that covers the mirror: a warning, nothing refused.
const BLOCKED =
  '  imageTagMirrorSet:\n  - source: quay.io/openshift\n    mirrors:\n    - mirror.example.com/openshift\n  configuration:\n    image:\n      registrySources:\n        blockedRegistries:\n        - mirror.example.com\n';
const underKpt = (item: string) =>
  item.replace(
    '  namespace: clusters\n',
    "  namespace: clusters\n  annotations:\n    internal.config.kubernetes.io/package-path: '/pkg'\n",
  );
const generator =
  'functionConfig:\n  apiVersion: fn.image-tag-mirrors.dev/v1alpha1\n  kind: ImageTagMirrors\n  metadata:\n    name: fn\n  spec:\n    cluster:\n      name: c9\n      namespace: clusters\n      releaseImage: quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64\n    imageTagMirrorSet:\n    - source: quay.io/openshift\n      mirrors:\n      - mirror.example.com/openshift\n';

const lines = (stderr: string) => stderr.split('\n').filter((l) => l !== '');

describe('stderr of the function', () => {
  it('a warning: one line, then the count (kustomize shows nothing else)', () => {
    const r = runFn(listOf([hostedCluster('c1', BLOCKED)]));
    expect(r.status).toBe(0);
    const out = lines(r.stderr);
    expect(out.length).toBeGreaterThanOrEqual(2);
    expect(
      out.slice(0, -1).every((l) => /^image-tag-mirrors: warning\[[a-z-]+\] HostedCluster clusters\/c1/.test(l)),
    ).toBe(true);
    expect(out.at(-1)).toBe(`image-tag-mirrors: ${out.length - 1} warning(s)`);
  });

  it('generator mode: the node-pool-wiring info is shown', () => {
    const r = runFn(listOf([], generator));
    expect(r.status).toBe(0);
    expect(lines(r.stderr)).toEqual([
      expect.stringMatching(/^image-tag-mirrors: info\[node-pool-wiring\] .*add "- name: c9-image-tag-mirrors"/),
      'image-tag-mirrors: 1 info(s)',
    ]);
  });

  it('errors and warnings together: both counted', () => {
    const bad = hostedCluster('c2', BLOCKED).replace('- mirror.example.com/openshift\n', '- https://x.example.com/a\n');
    const r = runFn(listOf([hostedCluster('c1', BLOCKED), bad]));
    expect(r.status).toBe(1);
    expect(lines(r.stderr).at(-1)).toMatch(/^image-tag-mirrors: [0-9]+ error\(s\), [0-9]+ warning\(s\)$/);
  });

  it('under kpt (items carry its package-path): warnings are left to kpt, which prints the results', () => {
    const r = runFn(listOf([underKpt(hostedCluster('c1', BLOCKED))]));
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/severity: warning/);
    expect(r.stderr).toBe('');
  });

  it.each([
    [
      'the annotation only named in a comment',
      listOf([
        hostedCluster('c1', BLOCKED).replace(
          '  namespace: clusters\n',
          '  namespace: clusters # not internal.config.kubernetes.io/package-path\n',
        ),
      ]),
    ],
    // A list the fast path does not read (flow style): the reader gives every item as a candidate.
    [
      'a flow-style list',
      `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: [${JSON.stringify(parse(hostedCluster('c1', BLOCKED)))}]\n`,
    ],
  ])('not under kpt (%s): the warnings are on stderr', (_, list) => {
    const r = runFn(list);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/severity: warning/);
    expect(lines(r.stderr).at(-1)).toMatch(/^image-tag-mirrors: [0-9]+ warning\(s\)$/);
  });

  it('nothing to say: nothing on stderr', () => {
    expect(runFn(listOf([hostedCluster('c1')])).stderr).toBe('');
  });
});
