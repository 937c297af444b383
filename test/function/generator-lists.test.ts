// Generator mode (the cluster and its mirrors in the function config, no HostedCluster in the
// list) in every list layout the function reads: the objects it adds are whole objects, the
// same in each (a new item is written from a template in block lists, made as an object for
// JSON and flow lists).
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { processResourceList } from '../../src/function/process.js';

const CONFIG = {
  apiVersion: 'fn.image-tag-mirrors.dev/v1alpha1',
  kind: 'ImageTagMirrors',
  spec: {
    cluster: {
      name: 'c1',
      namespace: 'clusters',
      releaseImage: 'quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64',
    },
    imageTagMirrorSet: [{ source: 'quay.io/a', mirrors: ['m.example.com/a'] }],
  },
};
const HEADER = { apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList' };
const blockConfig = `functionConfig:\n${JSON.stringify(CONFIG).replace(/^/, '  ').replace(/\n/g, '\n  ')}\n`;

const LISTS: [string, string][] = [
  ['JSON without items', JSON.stringify({ ...HEADER, functionConfig: CONFIG })],
  ['JSON with items: []', JSON.stringify({ ...HEADER, items: [], functionConfig: CONFIG })],
  ['block YAML without items', `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n${blockConfig}`],
  ['block YAML with items: []', `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: []\n${blockConfig}`],
  ['flow YAML items', `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems: [ ]\n${blockConfig}`],
];

const run = (text: string) =>
  Buffer.concat([...processResourceList(text).output].map((x) => Buffer.from(x))).toString('utf8');

describe('generator mode in every list layout', () => {
  const outputs = LISTS.map(
    ([name, text]) => [name, parse(run(text)) as { items: Record<string, unknown>[] }] as const,
  );
  it.each(outputs)('%s: the ImageTagMirrorSet and the ConfigMap, whole', (_, out) => {
    expect(out.items.map((i) => i.kind)).toEqual(['ImageTagMirrorSet', 'ConfigMap']);
    type Obj = { metadata: Record<string, unknown>; spec: { imageTagMirrors: unknown }; data: { config: string } };
    const [itms, cm] = out.items as unknown as [Obj, Obj];
    expect(itms.metadata.name).toBe('c1-image-tag-mirrors');
    expect(itms.spec.imageTagMirrors).toEqual([{ source: 'quay.io/a', mirrors: ['m.example.com/a'] }]);
    expect(cm.metadata).toMatchObject({ name: 'c1-image-tag-mirrors', namespace: 'clusters' });
    expect(cm.data.config).toMatch(/^apiVersion: machineconfiguration.openshift.io\/v1\nkind: MachineConfig\n/);
  });
  it('the same objects in each layout', () => {
    for (const [, out] of outputs) expect(out.items).toEqual(outputs[0]![1].items);
  });
});
