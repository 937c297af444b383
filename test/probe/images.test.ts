// The images probe asks for: image lists, and the pod specs of workloads as probe keeps them
// while the input loads (top-level objects and the items of a List or ResourceList).
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadInputs } from '../../src/check/subjects.js';
import { objectsOf as objectsInDocument } from '../../src/krm/kube.js';
import { isWorkload, mergeImages, parseImageList, workloadImages, type InputObject } from '../../src/probe/images.js';

/** The workloads of YAML documents written as values, as probe keeps them while loading. */
function objectsOf(...files: Array<{ path: string; docs: unknown[] }>): InputObject[] {
  const out: InputObject[] = [];
  loadInputs(
    files.map((f) => ({ path: f.path, text: f.docs.map((d) => stringify(d)).join('---\n') })),
    {
      onDocument: (d) => {
        for (const value of objectsInDocument(d.value))
          if (isWorkload(value)) out.push({ value, file: d.file.path, document: d.index });
      },
    },
  );
  return out;
}

const podSpec = (containers: unknown[], init: unknown[] = [], ephemeral: unknown[] = []) => ({
  containers,
  ...(init.length ? { initContainers: init } : {}),
  ...(ephemeral.length ? { ephemeralContainers: ephemeral } : {}),
});
const c = (name: string, image?: unknown) => ({ name, ...(image !== undefined ? { image } : {}) });
const tmpl = (spec: unknown) => ({ template: { spec } });

describe('workloadImages', () => {
  const rows: Array<{ name: string; obj: unknown; images: string[] }> = [
    {
      name: 'Pod: containers, initContainers, ephemeralContainers',
      obj: {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: podSpec([c('a', 'r/a:1')], [c('i', 'r/init:1')], [c('e', 'r/debug:1')]),
      },
      images: ['r/init:1', 'r/a:1', 'r/debug:1'],
    },
    {
      name: 'Deployment',
      obj: { apiVersion: 'apps/v1', kind: 'Deployment', spec: tmpl(podSpec([c('a', 'r/dep:1')])) },
      images: ['r/dep:1'],
    },
    {
      name: 'StatefulSet',
      obj: { apiVersion: 'apps/v1', kind: 'StatefulSet', spec: tmpl(podSpec([c('a', 'r/sts:1')])) },
      images: ['r/sts:1'],
    },
    {
      name: 'DaemonSet',
      obj: { apiVersion: 'apps/v1', kind: 'DaemonSet', spec: tmpl(podSpec([c('a', 'r/ds:1')])) },
      images: ['r/ds:1'],
    },
    {
      name: 'ReplicaSet',
      obj: { apiVersion: 'apps/v1', kind: 'ReplicaSet', spec: tmpl(podSpec([c('a', 'r/rs:1')])) },
      images: ['r/rs:1'],
    },
    {
      name: 'Job',
      obj: { apiVersion: 'batch/v1', kind: 'Job', spec: tmpl(podSpec([c('a', 'r/job:1')])) },
      images: ['r/job:1'],
    },
    {
      name: 'CronJob',
      obj: {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        spec: { jobTemplate: { spec: tmpl(podSpec([c('a', 'r/cron:1')], [c('i', 'r/cron-init:1')])) } },
      },
      images: ['r/cron-init:1', 'r/cron:1'],
    },
    {
      name: 'a Deployment of another API group is not a workload',
      obj: { apiVersion: 'example.com/v1', kind: 'Deployment', spec: tmpl(podSpec([c('a', 'r/x:1')])) },
      images: [],
    },
    {
      name: 'a ConfigMap is ignored',
      obj: { apiVersion: 'v1', kind: 'ConfigMap', data: { image: 'r/x:1' } },
      images: [],
    },
    {
      name: 'a List of workloads',
      obj: {
        apiVersion: 'v1',
        kind: 'List',
        items: [{ apiVersion: 'v1', kind: 'Pod', spec: podSpec([c('a', 'r/in-list:1')]) }],
      },
      images: ['r/in-list:1'],
    },
    {
      name: 'a ResourceList (KRM)',
      obj: {
        apiVersion: 'config.kubernetes.io/v1',
        kind: 'ResourceList',
        items: [{ apiVersion: 'apps/v1', kind: 'Deployment', spec: tmpl(podSpec([c('a', 'r/krm:1')])) }],
      },
      images: ['r/krm:1'],
    },
  ];
  for (const r of rows)
    it(r.name, () =>
      expect(workloadImages(objectsOf({ path: 'f.yaml', docs: [r.obj] })).images.map((i) => i.image)).toEqual(r.images),
    );

  it('dedups in first-seen order and keeps every origin', () => {
    const docs = objectsOf(
      {
        path: 'one.yaml',
        docs: [
          {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: { name: 'web', namespace: 'team' },
            spec: tmpl(podSpec([c('app', 'r/b:1'), c('side', 'r/a:1')])),
          },
        ],
      },
      {
        path: 'two.yaml',
        docs: [
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
          { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: podSpec([c('x', 'r/a:1'), c('y', 'r/c:1')]) },
        ],
      },
    );
    const w = workloadImages(docs);
    expect(w.images.map((i) => i.image)).toEqual(['r/b:1', 'r/a:1', 'r/c:1']);
    expect(w.images[1]!.origins).toEqual([
      'Deployment team/web containers[side] (one.yaml)',
      'Pod p containers[x] (two.yaml#1)',
    ]);
  });

  it('a container without an image is a problem', () => {
    const w = workloadImages(
      objectsOf({
        path: 'f',
        docs: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: podSpec([c('x'), c('y', 3)]) }],
      }),
    );
    expect(w.problems.map((p) => p.message)).toEqual(['no image', 'no image']);
  });

  it('a List inside a List is not searched (one level, as check reads Lists)', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', spec: podSpec([c('a', 'r/deep:1')]) };
    const nested = { apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'v1', kind: 'List', items: [pod] }] };
    expect(workloadImages(objectsOf({ path: 'f', docs: [nested] })).images).toEqual([]);
  });
});

describe('parseImageList', () => {
  it('one reference a line, comments and blanks skipped', () => {
    const r = parseImageList('# images\nquay.io/a:1\n\n  quay.io/b:2  # trailing\nquay.io/a:1\n', 'list.txt');
    expect(r.images.map((i) => [i.image, i.origins])).toEqual([
      ['quay.io/a:1', ['list.txt:2']],
      ['quay.io/b:2', ['list.txt:4']],
      ['quay.io/a:1', ['list.txt:5']],
    ]);
    expect(mergeImages([r.images]).map((i) => [i.image, i.origins])).toEqual([
      ['quay.io/a:1', ['list.txt:2', 'list.txt:5']],
      ['quay.io/b:2', ['list.txt:4']],
    ]);
  });
  it('two words on a line is a problem', () => {
    expect(parseImageList('a:1 b:2\n', 'l').problems).toEqual([
      { where: 'l:1', message: 'more than one word on the line: one image reference a line' },
    ]);
  });
});
