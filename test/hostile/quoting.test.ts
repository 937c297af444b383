// Generated YAML reads the same to every reader (issue 11, kind 7): a namespace "no" or a
// mirror "0b101" must not be written plain, or kubectl (YAML 1.1) reads a boolean or a number.
// Through the bundle: the generated objects, and the MachineConfig inside their ConfigMap, read
// with kubectl's meaning equal what a YAML 1.2 reader sees.
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { KUBE_YAML } from '../../src/krm/kube-yaml.js';
import { HEADER, RELEASE_IMAGE, expectGenerates, runBounded } from '../helpers/hostile.js';
import { isGenerated, type KubeObject } from '../helpers/objects.js';

const kubectl = (text: string) => parseAllDocuments(text, KUBE_YAML)[0]!.toJS() as Record<string, unknown>;

/** Every generated object (and the MachineConfig text in the ConfigMap) read by both. */
function expectSameToEveryReader(out: string) {
  const v12 = (parse(out) as { items: KubeObject[] }).items.filter(isGenerated);
  const v11 = (kubectl(out) as { items: KubeObject[] }).items.filter(isGenerated);
  expect(v12.length).toBe(2);
  expect(v11).toEqual(v12);
  for (const o of v12)
    if (typeof o.data?.config === 'string') expect(kubectl(o.data.config)).toEqual(parse(o.data.config));
}

const cluster = (
  namespace: string,
  entry = '- source: quay.io/openshift\n      mirrors:\n      - mirror.example.com/x',
) =>
  `${HEADER}items:\n- apiVersion: hypershift.openshift.io/v1beta1\n  kind: HostedCluster\n  metadata:\n    name: c1\n    namespace: "${namespace}"\n  spec:\n    release:\n      image: ${RELEASE_IMAGE}\n    imageTagMirrorSet:\n    ${entry}\n`;

describe('generated objects are quoted for YAML 1.1 readers (kubectl) too', () => {
  for (const ns of ['no', 'on', 'off', 'y', 'yes', 'n', '0b11', '0644', '1e3', 'true'])
    it(`namespace "${ns}"`, () => {
      const run = runBounded(cluster(ns));
      expectGenerates(run);
      expectSameToEveryReader(run.stdout);
      expect(run.stdout).toMatch(new RegExp(`namespace: "${ns}"\\n`));
    });

  it('a source "on" and a mirror "yes" (host names without a dot)', () => {
    const run = runBounded(cluster('clusters', '- source: "on"\n      mirrors:\n      - "yes"'));
    expectGenerates(run);
    expectSameToEveryReader(run.stdout);
  });

  it('a mirror "0b101"', () => {
    const run = runBounded(cluster('clusters', '- source: quay.io/x\n      mirrors:\n      - "0b101"'));
    expectGenerates(run);
    expectSameToEveryReader(run.stdout);
  });

  // (The MachineConfig's role is always worker: the owner annotation is what a user's name reaches there.)
  it('an owner "no": a HostedCluster named "no" without a namespace (inside the MachineConfig too)', () => {
    const run = runBounded(cluster('').replace('name: c1', 'name: "no"'));
    expectGenerates(run);
    expectSameToEveryReader(run.stdout);
    expect(run.stdout).toContain('image-tag-mirrors.dev/hosted-cluster: "no"');
    // The ImageTagMirrorSet, the ConfigMap, and the MachineConfig in its data.
    expect(run.stdout.match(/hosted-cluster: "no"/g)?.length).toBe(3);
  });
});
