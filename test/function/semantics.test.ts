// What the function does with what it can and cannot see, through dist/fn.js: objects of a
// HostedCluster out of sight (kpt selectors, split files) are never removed or unwired; one
// object per identity (copies merged, another owner's name refused); names across namespaces;
// the objects it generates; and inputs it must not process. Every case also runs again on its
// own output, which must come back unchanged.
import { describe, expect, it } from 'vitest';
import { RELEASE_IMAGE, codesOf, errorsOf, hostedCluster, listOf, nodePool, parseList } from '../helpers/hostile.js';
import { isGenerated, type KubeObject } from '../helpers/objects.js';
import { runFn, type Run } from '../helpers/run-fn.js';
import type { Result } from '../../src/krm/result.js';

/** An item as listOf writes it: the exact text an untouched item must keep in the output. */
const asListed = (item: string) =>
  item
    .trimEnd()
    .split('\n')
    .map((l, k) => (k === 0 ? '- ' : '  ') + l)
    .join('\n');

/** The items of an output list as texts, each as listOf takes it (dash and list indent removed). */
function itemTexts(output: string): string[] {
  const body = output.slice(output.indexOf('\nitems:\n') + 8);
  const end = body.search(/^[^\s-]/m);
  const lines = (end < 0 ? body : body.slice(0, end)).split('\n').filter((l) => l !== '');
  const items: string[][] = [];
  for (const l of lines) {
    if (l.startsWith('- ')) items.push([l.slice(2)]);
    else items[items.length - 1]!.push(l.slice(2));
  }
  return items.map((i) => `${i.join('\n')}\n`);
}

/** What a render of this HostedCluster generates, as item texts (ITMS, then ConfigMap). */
function rendered(cluster: string, spec?: string): string[] {
  const run = runFn(listOf([hostedCluster(cluster, spec)]));
  expect(run.status).toBe(0);
  return itemTexts(run.stdout).slice(1);
}

interface Outcome {
  run: Run;
  items: KubeObject[];
  results: Result[];
  codes: string[];
}

/** Results that report a repair the run made: a second run has nothing left to repair. */
const REPAIRS = new Set(['duplicate-generated', 'duplicate-config-entry']);
const withoutResults = (output: string) => output.replace(/^results:\n[\s\S]*$/m, '');

/**
 * Runs the list, and again on its own output: the items come back byte for byte, and so do
 * the results but the repairs the first run made.
 */
function render(input: string): Outcome {
  const run = runFn(input);
  expect(run.stdout, run.stderr).toMatch(/^apiVersion: config\.kubernetes\.io\/v1/);
  const { items, results } = parseList(run.stdout);
  const again = runFn(run.stdout);
  expect(withoutResults(again.stdout), 'a second run changes nothing').toBe(withoutResults(run.stdout));
  expect(parseList(again.stdout).results).toEqual(results.filter((r) => !REPAIRS.has(r.tags.code)));
  expect(again.status).toBe(run.status);
  return { run, items, results, codes: codesOf(results) };
}

const generatedIn = (items: KubeObject[]) =>
  items.filter(isGenerated).map((o) => `${o.kind}/${o.metadata?.namespace ?? ''}/${o.metadata?.name}`);

const configOf = (items: KubeObject[], pool: string) =>
  (items.find((o) => o.kind === 'NodePool' && o.metadata?.name === pool)?.spec?.config as { name: string }[]) ?? [];

const wiredPool = (name: string, cluster: string, entries: string[], namespace = 'clusters') =>
  `apiVersion: hypershift.openshift.io/v1beta1\nkind: NodePool\nmetadata:\n  name: ${name}\n${namespace ? `  namespace: ${namespace}\n` : ''}spec:\n  clusterName: ${cluster}\n  replicas: 2\n  config:\n${entries.map((e) => `  - name: ${e}\n`).join('')}`;

const NO_MIRRORS = '';

describe('owner out of sight: nothing of a HostedCluster the run cannot see is removed or unwired', () => {
  const [itms2, cm2] = rendered('c2');
  // [case, items, the input items (by index) that must come out byte for byte]
  const KEPT: [string, string[], number[]][] = [
    ["c2's generated objects next to c1 (c2 rendered in another run)", [hostedCluster('c1'), itms2!, cm2!], [1, 2]],
    ['the generated ConfigMap alone (kpt --match-kind ConfigMap)', [cm2!], [0]],
    ['the generated ImageTagMirrorSet alone (kpt --match-kind ImageTagMirrorSet)', [itms2!], [0]],
    [
      'wired NodePools without their HostedCluster (kpt --match-kind NodePool)',
      [wiredPool('np1', 'c2', ['c2-image-tag-mirrors']), wiredPool('np2', 'c2', ['tuning', 'c2-image-tag-mirrors'])],
      [0, 1],
    ],
    [
      'a NodePool entry typed by hand for a cluster not in the input',
      [hostedCluster('c1'), wiredPool('np', 'c2', ['c2-image-tag-mirrors'])],
      [1],
    ],
    [
      'a NodePool without namespace (set later by kustomize) next to clusters/c1',
      [hostedCluster('c1'), wiredPool('np', 'c1', ['c1-image-tag-mirrors'], '')],
      [1],
    ],
    [
      'a NodePool in another namespace naming c1',
      [hostedCluster('c1'), wiredPool('np', 'c1', ['c1-image-tag-mirrors'], 'other')],
      [1],
    ],
    ['two copies of an absent cluster: never removed', [itms2!, itms2!, cm2!, cm2!], [0, 1, 2, 3]],
  ];
  it.each(KEPT)('%s', (_, items, kept) => {
    const { run, codes } = render(listOf(items));
    expect(run.status).toBe(0);
    for (const i of kept) expect(run.stdout).toContain(asListed(items[i]!));
    expect(codes).not.toContain('duplicate-generated');
  });

  it('an orphan gets a warning naming its cluster and its file, once per object', () => {
    const annotated = (text: string, index: number) =>
      text.replace(
        '    image-tag-mirrors.dev/hosted-cluster: clusters/c2\n',
        `    image-tag-mirrors.dev/hosted-cluster: clusters/c2\n    internal.config.kubernetes.io/path: clusters/c2-image-tag-mirrors.yaml\n    internal.config.kubernetes.io/index: "${index}"\n`,
      );
    const { results } = render(listOf([annotated(itms2!, 0), annotated(cm2!, 1)]));
    const orphans = results.filter((r) => r.tags.code === 'orphaned-generated');
    expect(orphans.map((r) => [r.severity, r.resourceRef?.kind]).sort()).toEqual([
      ['warning', 'ConfigMap'],
      ['warning', 'ImageTagMirrorSet'],
    ]);
    for (const r of orphans) {
      expect(r.message).toContain('clusters/c2');
      expect(r.message).toContain('not in the input');
      expect(r.message).toContain('clusters/c2-image-tag-mirrors.yaml');
    }
  });

  it('the owner present, valid, without mirrors: its objects are pruned and its NodePools unwired', () => {
    const { run, items, results } = render(
      listOf([hostedCluster('c2', NO_MIRRORS), itms2!, cm2!, wiredPool('np', 'c2', ['a', 'c2-image-tag-mirrors'])]),
    );
    expect(run.status).toBe(0);
    expect(generatedIn(items)).toEqual([]);
    expect(configOf(items, 'np')).toEqual([{ name: 'a' }]);
    expect(results).toEqual([]);
  });

  it('the owner present with errors: everything of it stays as it is', () => {
    const broken = hostedCluster('c2', '  imageTagMirrorSet:\n  - source: quay.io/x\n    mirrors: []\n');
    const pool = wiredPool('np', 'c2', ['c2-image-tag-mirrors']);
    const { run } = render(listOf([broken, itms2!, cm2!, pool]));
    expect(run.status).toBe(1);
    for (const item of [itms2!, cm2!, pool]) expect(run.stdout).toContain(asListed(item));
  });

  it('the owner of an API version the function does not read: its objects stay, without an orphan warning', () => {
    const v9 = hostedCluster('c2').replace('hypershift.openshift.io/v1beta1', 'hypershift.openshift.io/v9');
    const { run, codes } = render(listOf([v9, itms2!, cm2!]));
    expect(run.status).toBe(0);
    expect(codes).toEqual(['unsupported-api-version']);
    for (const item of [v9, itms2!, cm2!]) expect(run.stdout).toContain(asListed(item));
  });
});

describe('one object per identity', () => {
  const [itms, cm] = rendered('c1');
  const stale = itms!.replace('mirror.example.com/openshift', 'old.example.com/openshift');

  it('copies of our objects are merged into the first, with one warning per object naming the removed copies', () => {
    const { run, items, results } = render(listOf([hostedCluster('c1'), stale, cm!, itms!, cm!, nodePool('np', 'c1')]));
    expect(run.status).toBe(0);
    expect(generatedIn(items)).toEqual([
      'ImageTagMirrorSet//c1-image-tag-mirrors',
      'ConfigMap/clusters/c1-image-tag-mirrors',
    ]);
    // the first copy is kept, brought up to date
    expect(run.stdout).not.toContain('old.example.com');
    const dups = results.filter((r) => r.tags.code === 'duplicate-generated');
    expect(dups.map((r) => [r.severity, r.resourceRef?.kind]).sort()).toEqual([
      ['warning', 'ConfigMap'],
      ['warning', 'ImageTagMirrorSet'],
    ]);
    expect(dups.find((r) => r.resourceRef?.kind === 'ImageTagMirrorSet')!.message).toContain(
      '2 copies of ImageTagMirrorSet c1-image-tag-mirrors generated for clusters/c1: kept item 1, removed item 3',
    );
    expect(configOf(items, 'np')).toEqual([{ name: 'c1-image-tag-mirrors' }]);
  });

  it('a copy without namespace (kustomize namespace transformer) of the cluster-scoped ImageTagMirrorSet is the same object', () => {
    const namespaced = itms!.replace(
      '  name: c1-image-tag-mirrors\n',
      '  name: c1-image-tag-mirrors\n  namespace: clusters\n',
    );
    const { items, codes } = render(listOf([hostedCluster('c1'), itms!, namespaced, cm!]));
    expect(codes).toEqual(['duplicate-generated']);
    expect(items.filter((o) => o.kind === 'ImageTagMirrorSet')).toHaveLength(1);
  });

  // [case, the other object's text, kind and name of the refused object]
  const TAKEN: [string, string, string][] = [
    [
      'a ConfigMap of ours without our annotation',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c1-image-tag-mirrors\n  namespace: clusters\ndata:\n  a: b\n',
      'ConfigMap c1-image-tag-mirrors',
    ],
    [
      'an ImageTagMirrorSet of that name written by hand',
      'apiVersion: config.openshift.io/v1\nkind: ImageTagMirrorSet\nmetadata:\n  name: c1-image-tag-mirrors\nspec:\n  imageTagMirrors: []\n',
      'ImageTagMirrorSet c1-image-tag-mirrors',
    ],
    [
      'the ImageTagMirrorSet generated for other/c1 (not in the input)',
      itms!.replace('hosted-cluster: clusters/c1', 'hosted-cluster: other/c1'),
      'ImageTagMirrorSet c1-image-tag-mirrors',
    ],
  ];
  it.each(TAKEN)('%s: an error naming both, nothing doubled, nothing wired', (_, other, refused) => {
    const pool = nodePool('np', 'c1');
    const { run, items, results } = render(listOf([hostedCluster('c1'), other, pool]));
    expect(run.status).toBe(1);
    const errors = errorsOf(results);
    expect(errors.map((r) => r.tags.code)).toEqual(['name-taken']);
    expect(errors[0]!.message).toContain(`cannot generate ${refused} for HostedCluster clusters/c1`);
    expect(errors[0]!.message).toContain('item 1');
    if (refused.startsWith('ImageTagMirrorSet')) expect(errors[0]!.message).toContain('namespacedNames: true');
    expect(items).toHaveLength(3);
    expect(run.stdout).toContain(asListed(other));
    expect(run.stdout).toContain(asListed(pool));
  });

  it('NodePool entries of our ConfigMap: copies removed in one pass, with a warning', () => {
    const pool = wiredPool('np', 'c1', ['c1-image-tag-mirrors', 'a', 'c1-image-tag-mirrors', 'c1-image-tag-mirrors']);
    const { items, results } = render(listOf([hostedCluster('c1'), pool]));
    expect(configOf(items, 'np')).toEqual([{ name: 'c1-image-tag-mirrors' }, { name: 'a' }]);
    expect(results.filter((r) => r.tags.code === 'duplicate-config-entry').map((r) => r.message)).toEqual([
      'NodePool np had 3 spec.config entries for ConfigMap c1-image-tag-mirrors: kept the first, removed the others',
    ]);
  });

  it('all copies of the entry go when the cluster has no mirrors any more', () => {
    const pool = wiredPool('np', 'c1', ['c1-image-tag-mirrors', 'c1-image-tag-mirrors']);
    const { run, items } = render(listOf([hostedCluster('c1', NO_MIRRORS), pool]));
    expect(configOf(items, 'np')).toEqual([]);
    expect(run.stdout).not.toContain('config:');
  });
});

describe('a kpt selection (pipeline selectors, --match-*)', () => {
  interface Kpt {
    id: number;
    path: string;
    index?: number;
    /** kpt fn render sets the package path; kpt fn eval does not. */
    rendered?: boolean;
  }
  // kpt numbers the whole package in the order it read it and hands over the selected items,
  // with its path and index annotations in both forms.
  const at = (item: string, k: Kpt) => {
    const i = String(k.index ?? 0);
    const lines = [
      `internal.config.k8s.io/kpt-resource-id: '${k.id}'`,
      `config.kubernetes.io/path: '${k.path}'`,
      `internal.config.kubernetes.io/path: '${k.path}'`,
      `config.kubernetes.io/index: '${i}'`,
      `internal.config.kubernetes.io/index: '${i}'`,
      ...(k.rendered ? [`internal.config.kubernetes.io/package-path: '/pkg'`] : []),
    ];
    return item.replace(/^metadata:\n/m, `metadata:\n  annotations:\n${lines.map((l) => `    ${l}\n`).join('')}`);
  };
  const pool = (wired: boolean) => (wired ? wiredPool('np', 'c1', ['c1-image-tag-mirrors']) : nodePool('np', 'c1'));
  /** One run: under kpt the added items carry no number, so a second run is no kpt selection. */
  const once = (items: string[]) => {
    const run = runFn(listOf(items));
    const { items: out, results } = parseList(run.stdout);
    return { run, items: out, results, codes: codesOf(results) };
  };

  it.each([
    // [what, items, added, wired after, message]
    {
      what: 'NodePool wired, numbers before the HostedCluster hidden (they may be the generated file): not added',
      items: [
        at(hostedCluster('c1'), { id: 3, path: 'hc.yaml' }),
        at(pool(true), { id: 4, path: 'hc.yaml', index: 1 }),
      ],
      added: false,
      wired: true,
      message: /not added.*a NodePool is wired/,
    },
    {
      what: 'NodePool shown and not wired (the first render of a HostedCluster+NodePool selection): added and wired',
      items: [
        at(hostedCluster('c1'), { id: 1, path: 'hc.yaml' }),
        at(pool(false), { id: 2, path: 'hc.yaml', index: 1 }),
      ],
      added: true,
      wired: true,
      message: /added.*should they exist among the items left out/,
    },
    {
      what: 'selection by name, first eval: nothing precedes the HostedCluster, so c1-image-tag-mirrors.yaml does not exist: added, NodePools hidden',
      items: [at(hostedCluster('c1'), { id: 0, path: 'hc.yaml' })],
      added: true,
      wired: false,
      message: /added for HostedCluster clusters\/c1, but none of its NodePools/,
    },
    {
      what: 'selection by name, later eval: numbers 0 and 1 (where c1-image-tag-mirrors.yaml sorts) hidden: not added',
      items: [at(hostedCluster('c1'), { id: 2, path: 'hc.yaml' })],
      added: false,
      wired: false,
      message: /not added for HostedCluster clusters\/c1, and its NodePools not wired/,
    },
    {
      what: 'selection by name, first render: the one hidden number before is the root Kptfile: added',
      items: [at(hostedCluster('c1'), { id: 1, path: 'hc.yaml', rendered: true })],
      added: true,
      wired: false,
      message: /but none of its NodePools/,
    },
    {
      what: 'the same hidden number under eval (no package path, so no Kptfile known): not added',
      items: [at(hostedCluster('c1'), { id: 1, path: 'hc.yaml' })],
      added: false,
      wired: false,
      message: /not added/,
    },
    {
      what: 'render, Kptfile plus the generated file hidden before the HostedCluster: not added',
      items: [at(hostedCluster('c1'), { id: 3, path: 'hc.yaml', rendered: true })],
      added: false,
      wired: false,
      message: /not added/,
    },
    {
      what: 'the generated file sorts after every shown item (hidden items after the last leave no trace): not added',
      items: [at(hostedCluster('c1'), { id: 0, path: 'a.yaml' })],
      added: false,
      wired: false,
      message: /not added/,
    },
    {
      what: 'NodePool wired but the file provably absent: added, so the NodePool names a ConfigMap that exists',
      items: [
        at(hostedCluster('c1'), { id: 0, path: 'hc.yaml' }),
        at(pool(true), { id: 1, path: 'hc.yaml', index: 1 }),
      ],
      added: true,
      wired: true,
      message: undefined,
    },
    {
      what: 'shown items out of walk order (a subpackage appended after its parent): nothing proven, not added',
      items: [
        at(hostedCluster('c1'), { id: 0, path: 'z.yaml' }),
        at(hostedCluster('c2'), { id: 1, path: 'sub/hc.yaml' }),
      ],
      added: false,
      wired: false,
      message: /not added/,
    },
  ])('$what', ({ items, added, wired, message }) => {
    const { run, items: out, results, codes } = once(items);
    expect(run.status, run.stderr).toBe(0);
    const generated = generatedIn(out).filter((g) => g.includes('c1-'));
    expect(generated).toHaveLength(added ? 2 : 0);
    if (out.some((o) => o.kind === 'NodePool'))
      expect(configOf(out, 'np')).toEqual(wired ? [{ name: 'c1-image-tag-mirrors' }] : []);
    if (message) {
      const warning = results.find((r) => r.tags.code === 'out-of-sight' && r.message.includes('clusters/c1'));
      expect(warning?.message).toMatch(message);
      expect(warning?.severity).toBe('warning');
    } else expect(codes).not.toContain('out-of-sight');
  });

  it('the warnings name selectors that select everything the step reads and writes for the cluster', () => {
    const { results } = once([at(hostedCluster('c1'), { id: 2, path: 'hc.yaml' })]);
    expect(results[0]!.message).toContain(
      'use the selectors [{kind: HostedCluster, name: c1}, {kind: NodePool}, {kind: ImageTagMirrorSet, name: c1-image-tag-mirrors}, {kind: ConfigMap, name: c1-image-tag-mirrors}] in the Kptfile step',
    );
  });

  it('numbers without gaps, the generated file provably absent: as without a selection, no warning', () => {
    const { results, items } = once([
      at(hostedCluster('c1'), { id: 0, path: 'hc.yaml' }),
      at(pool(false), { id: 1, path: 'hc.yaml', index: 1 }),
    ]);
    expect(generatedIn(items)).toHaveLength(2);
    expect(results).toEqual([]);
  });

  // Numbers kpt did not set (kustomize passes annotations through; a file may carry them) prove
  // no selection: the function generates as it would without them.
  const id = (item: string, n: number) =>
    item.replace(/^metadata:\n/m, `metadata:\n  annotations:\n    internal.config.k8s.io/kpt-resource-id: '${n}'\n`);
  it.each([
    { what: 'numbers only (no kpt path annotations)', items: [id(hostedCluster('c1'), 0), id(pool(true), 5)] },
    {
      what: 'a number on one item only',
      items: [at(hostedCluster('c1'), { id: 3, path: 'hc.yaml' }), pool(true)],
    },
    {
      what: 'path annotations that disagree',
      items: [
        at(hostedCluster('c1'), { id: 3, path: 'hc.yaml' }).replace(
          "config.kubernetes.io/path: 'hc.yaml'",
          "config.kubernetes.io/path: 'x.yaml'",
        ),
        at(pool(true), { id: 5, path: 'hc.yaml', index: 1 }),
      ],
    },
    {
      what: 'one number twice',
      items: [
        at(hostedCluster('c1'), { id: 3, path: 'hc.yaml' }),
        at(pool(true), { id: 3, path: 'hc.yaml', index: 1 }),
      ],
    },
  ])('forged kpt numbers ($what): generated and wired as without a selection', ({ items }) => {
    const { run, items: out, codes } = once(items);
    expect(run.status).toBe(0);
    expect(generatedIn(out)).toHaveLength(2);
    expect(configOf(out, 'np')).toEqual([{ name: 'c1-image-tag-mirrors' }]);
    expect(codes).not.toContain('out-of-sight');
  });
});

describe('names across namespaces', () => {
  const app = (ns: string) => hostedCluster('app').replace('namespace: clusters', `namespace: ${ns}`);
  const namespaced = (v: string) =>
    `functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: fn\n  data:\n    namespacedNames: "${v}"\n`;

  it('without namespacedNames: the second cluster gets name-collision, and the error names the option', () => {
    const { run, results } = render(listOf([app('team-a'), app('team-b')]));
    expect(run.status).toBe(1);
    const [error] = errorsOf(results);
    expect(error!.tags.code).toBe('name-collision');
    expect(error!.message).toContain('namespacedNames: true');
    expect(error!.message).not.toContain('rename');
  });

  it('with namespacedNames: true, each cluster gets <namespace>-<cluster>-image-tag-mirrors', () => {
    const { run, items } = render(listOf([app('team-a'), app('team-b')], namespaced('true')));
    expect(run.status).toBe(0);
    expect(generatedIn(items).sort()).toEqual([
      'ConfigMap/team-a/app-image-tag-mirrors',
      'ConfigMap/team-b/app-image-tag-mirrors',
      'ImageTagMirrorSet//team-a-app-image-tag-mirrors',
      'ImageTagMirrorSet//team-b-app-image-tag-mirrors',
    ]);
  });

  it('turning it on replaces the old ImageTagMirrorSet (its owner is in the input)', () => {
    const [oldItms, cm] = rendered('c1');
    const { items } = render(listOf([hostedCluster('c1'), oldItms!, cm!], namespaced('true')));
    expect(generatedIn(items)).toEqual([
      'ConfigMap/clusters/c1-image-tag-mirrors',
      'ImageTagMirrorSet//clusters-c1-image-tag-mirrors',
    ]);
  });

  const configMapOnly = (namespacedNames: boolean) =>
    `functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: fn\n  data:\n    generate: ConfigMap\n${namespacedNames ? '    namespacedNames: "true"\n' : ''}`;
  const cluster = (ns: string, name: string) => hostedCluster(name).replace('namespace: clusters', `namespace: ${ns}`);

  it.each([false, true])(
    'generate: [ConfigMap] (namespacedNames %s): no ImageTagMirrorSet, so no collision; each cluster gets its ConfigMap',
    (nsNames) => {
      const pools = [wiredPool('np-a', 'c1', [], 'team-a'), wiredPool('np-b', 'c1', [], 'team-b')].map((p) =>
        p.replace('  config:\n', ''),
      );
      const { run, items, codes } = render(
        listOf([cluster('team-a', 'c1'), cluster('team-b', 'c1'), ...pools], configMapOnly(nsNames)),
      );
      expect(codes).toEqual([]);
      expect(run.status).toBe(0);
      expect(generatedIn(items).sort()).toEqual([
        'ConfigMap/team-a/c1-image-tag-mirrors',
        'ConfigMap/team-b/c1-image-tag-mirrors',
      ]);
      expect(configOf(items, 'np-a')).toEqual([{ name: 'c1-image-tag-mirrors' }]);
      expect(configOf(items, 'np-b')).toEqual([{ name: 'c1-image-tag-mirrors' }]);
    },
  );

  it('namespacedNames: a/b-c and a-b/c both make a-b-c-image-tag-mirrors: the error names the ways out, and one of them works', () => {
    const input = listOf([cluster('a', 'b-c'), cluster('a-b', 'c')], namespaced('true'));
    const { run, results } = render(input);
    expect(run.status).toBe(1);
    const [error] = errorsOf(results);
    expect(error!.tags.code).toBe('name-collision');
    expect(error!.message).toContain('a-b-c-image-tag-mirrors');
    expect(error!.message).toContain('generate: [ConfigMap]');
    const out = render(listOf([cluster('a', 'b-c'), cluster('a-b', 'c')], configMapOnly(true)));
    expect(out.codes).toEqual([]);
    expect(generatedIn(out.items).sort()).toEqual([
      'ConfigMap/a-b/c-image-tag-mirrors',
      'ConfigMap/a/b-c-image-tag-mirrors',
    ]);
  });

  it('a ConfigMap name another object of that namespace holds is refused; the same name in another namespace is not', () => {
    const foreign = (ns: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c1-image-tag-mirrors\n  namespace: ${ns}\ndata: {}\n`;
    const elsewhere = render(listOf([cluster('team-a', 'c1'), foreign('team-b')], configMapOnly(false)));
    expect(elsewhere.codes).toEqual([]);
    const same = render(listOf([cluster('team-a', 'c1'), foreign('team-a')], configMapOnly(false)));
    expect(same.codes).toEqual(['name-taken']);
  });

  it('the longest namespace and cluster names still fit', () => {
    const long = hostedCluster('c1').replace('namespace: clusters', `namespace: ${'n'.repeat(63)}`);
    const name = `${'c'.repeat(53)}`;
    const { run, codes } = render(listOf([long.replace('name: c1', `name: ${name}`)], namespaced('true')));
    expect(run.status).toBe(0); // 63 + 53 + 19 characters fit
    expect(codes).toEqual([]);
    expect(run.stdout).toContain(`name: ${'n'.repeat(63)}-${name}-image-tag-mirrors`);
  });
});

describe('generate: which objects', () => {
  const only = (v: string) =>
    `functionConfig:\n  apiVersion: fn.image-tag-mirrors.dev/v1alpha1\n  kind: ImageTagMirrors\n  metadata:\n    name: fn\n  spec:\n    generate:\n    - ${v}\n`;
  const path = (text: string) =>
    text.replace(
      '  namespace: clusters\n',
      "  namespace: clusters\n  annotations:\n    internal.config.kubernetes.io/path: 'clusters/c1.yaml'\n",
    );

  it('[ConfigMap] leaves the ImageTagMirrorSet out; the ConfigMap is document 0 of its file', () => {
    const { run, items } = render(listOf([path(hostedCluster('c1')), nodePool('np', 'c1')], only('ConfigMap')));
    expect(run.status).toBe(0);
    expect(generatedIn(items)).toEqual(['ConfigMap/clusters/c1-image-tag-mirrors']);
    const cm = items.find(isGenerated)!;
    expect(cm.metadata?.annotations?.['internal.config.kubernetes.io/index']).toBe('0');
    expect(configOf(items, 'np')).toEqual([{ name: 'c1-image-tag-mirrors' }]);
  });

  it('[ConfigMap] removes an ImageTagMirrorSet generated before (its owner is in the input)', () => {
    const [itms, cm] = rendered('c1');
    const { items } = render(listOf([hostedCluster('c1'), itms!, cm!], only('ConfigMap')));
    expect(generatedIn(items)).toEqual(['ConfigMap/clusters/c1-image-tag-mirrors']);
  });

  it('[ImageTagMirrorSet] alone is an invalid config: nothing is generated', () => {
    const input = listOf([hostedCluster('c1')], only('ImageTagMirrorSet'));
    const { run, items, codes } = render(input);
    expect(run.status).toBe(1);
    expect(codes).toEqual(['invalid-config']);
    expect(items).toHaveLength(1);
  });
});

describe('inputs the function must not process', () => {
  const [itms, cm] = rendered('c1');
  // [case, HostedCluster text, code, field path, severity]
  type Row = [string, string, string, string, string];
  const hc = hostedCluster('c1');
  const apiVersion = (v: string): Row => [
    `hypershift.openshift.io/${v}`,
    hc.replace('/v1beta1', `/${v}`),
    'unsupported-api-version',
    'apiVersion',
    'warning',
  ];
  const invalidType = (name: string, from: string, to: string, path: string): Row => [
    name,
    hc.replace(from, to),
    'invalid-type',
    path,
    'error',
  ];
  const invalidRelease = (name: string, image: string): Row => [
    name,
    hc.replace(RELEASE_IMAGE, image),
    'invalid-release-image',
    'spec.release.image',
    'error',
  ];
  const NOT_PROCESSED: Row[] = [
    apiVersion('v9'),
    apiVersion('v1'),
    apiVersion('v1beta1/extra'),
    invalidType('namespace: 123', 'namespace: clusters', 'namespace: 123', 'metadata.namespace'),
    invalidType('namespace: 0.5', 'namespace: clusters', 'namespace: 0.5', 'metadata.namespace'),
    invalidType(
      'namespace: yes (a boolean for kubectl)',
      'namespace: clusters',
      'namespace: yes',
      'metadata.namespace',
    ),
    invalidType('name: on (a boolean for kubectl)', 'name: c1', 'name: on', 'metadata.name'),
    invalidRelease('release image with a trailing space', `"${RELEASE_IMAGE} "`),
    invalidRelease('release image with a leading space', `" ${RELEASE_IMAGE}"`),
    invalidRelease('release image with a space inside', `"quay.io/ocp-release:4.21.0 x86_64"`),
    invalidRelease('release image without repository', `":4.21.0"`),
    invalidRelease('release image with an uppercase repository', 'quay.io/OpenShift/ocp-release:4.21.0'),
  ];
  it.each(NOT_PROCESSED)('%s: nothing generated, the item untouched', (_, hc, code, path, severity) => {
    const { run, items, results } = render(listOf([hc, nodePool('np', 'c1')]));
    expect(results.map((r) => [r.tags.code, r.field?.path, r.severity])).toEqual([[code, path, severity]]);
    expect(run.status).toBe(severity === 'error' ? 1 : 0);
    expect(items).toHaveLength(2);
    expect(run.stdout).toContain(asListed(hc));
  });

  it('a quoted "yes" namespace is the string yes', () => {
    const { run, items } = render(listOf([hostedCluster('c1').replace('namespace: clusters', 'namespace: "yes"')]));
    expect(run.status).toBe(0);
    expect(generatedIn(items)).toContain('ConfigMap/yes/c1-image-tag-mirrors');
  });

  it('v1alpha1 is read', () => {
    const { items } = render(listOf([hostedCluster('c1').replace('/v1beta1', '/v1alpha1')]));
    expect(generatedIn(items)).toHaveLength(2);
  });

  const config = (data: string) =>
    `functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: fn\n  data:\n${data}`;
  // [case, functionConfig section]
  const INVALID_CONFIG: [string, string][] = [
    ['role infra', config('    role: infra\n')],
    ['validateOnly "yes" (the user asked for no change)', config('    validateOnly: "yes"\n')],
    ['a misspelt key', config('    validateonly: "true"\n')],
    [
      'an unsupported kind',
      'functionConfig:\n  apiVersion: v1\n  kind: Secret\n  metadata:\n    name: fn\n  data:\n    a: b\n',
    ],
    [
      'a typed config with an invalid mergeStrategy and a cluster target',
      'functionConfig:\n  apiVersion: fn.image-tag-mirrors.dev/v1alpha1\n  kind: ImageTagMirrors\n  metadata:\n    name: fn\n  spec:\n    mergeStrategy: append\n    cluster:\n      name: c1\n      namespace: clusters\n    imageTagMirrorSet:\n    - source: quay.io/a\n      mirrors:\n      - m.example.com/a\n',
    ],
  ];
  it.each(INVALID_CONFIG)('an invalid function config (%s) generates nothing: only its errors', (_, fc) => {
    const items = [
      hostedCluster('c1'),
      itms!.replace('mirror.example.com', 'old.example.com'),
      cm!,
      nodePool('np', 'c1'),
    ];
    const { run, results } = render(listOf(items, fc));
    expect(run.status).toBe(1);
    expect(codesOf(results)).toEqual(['invalid-config']);
    for (const item of items) expect(run.stdout).toContain(asListed(item));
    expect(parseList(run.stdout).items).toHaveLength(items.length);
  });

  it('functionConfig: {} is no config', () => {
    const { run, items, results } = render(listOf([hostedCluster('c1')], 'functionConfig: {}\n'));
    expect(run.status).toBe(0);
    expect(results).toEqual([]);
    expect(generatedIn(items)).toHaveLength(2);
  });

  it('a config without apiVersion/kind says so, without "undefined"', () => {
    const { run, results } = render(listOf([hostedCluster('c1')], 'functionConfig:\n  data:\n    a: b\n'));
    expect(run.status).toBe(1);
    expect(results.map((r) => r.message)).toEqual([
      'functionConfig has no apiVersion/kind: use a v1 ConfigMap or fn.image-tag-mirrors.dev/v1alpha1 ImageTagMirrors',
    ]);
    expect(run.stderr).not.toContain('undefined');
  });
});

describe('where new objects are written', () => {
  const at = (path: string) =>
    hostedCluster('c1').replace(
      '  namespace: clusters\n',
      `  namespace: clusters\n  annotations:\n    internal.config.kubernetes.io/path: '${path}'\n`,
    );
  // [HostedCluster's path, the generated file]
  const PATHS: [string, string][] = [
    ['clusters/c1.yaml', 'clusters/c1-image-tag-mirrors.yaml'],
    ['c1.yaml', 'c1-image-tag-mirrors.yaml'],
    ['./a/./b/c1.yaml', 'a/b/c1-image-tag-mirrors.yaml'],
    ['a/../b/c1.yaml', 'b/c1-image-tag-mirrors.yaml'],
    ['/etc/hc.yaml', 'c1-image-tag-mirrors.yaml'],
    ['../../etc/hc.yaml', 'c1-image-tag-mirrors.yaml'],
    ['a/../../hc.yaml', 'c1-image-tag-mirrors.yaml'],
  ];
  it.each(PATHS)('beside %s: %s, inside the package', (path, file) => {
    const { items } = render(listOf([at(path)]));
    for (const o of items.filter(isGenerated)) {
      expect(o.metadata?.annotations?.['internal.config.kubernetes.io/path']).toBe(file);
      expect(o.metadata?.annotations?.['config.kubernetes.io/path']).toBe(file);
    }
  });

  it('a document the input does not show, in the file a new object would go to, is not doubled', () => {
    // kpt --match-namespace clusters: the ConfigMap (document 1) is sent, the cluster-scoped
    // ImageTagMirrorSet (document 0 of the same file) is not.
    const [, cm] = rendered('c1');
    const shown = cm!.replace(
      '    image-tag-mirrors.dev/hosted-cluster: clusters/c1\n',
      "    image-tag-mirrors.dev/hosted-cluster: clusters/c1\n    internal.config.kubernetes.io/path: 'clusters/c1-image-tag-mirrors.yaml'\n    internal.config.kubernetes.io/index: '1'\n",
    );
    const { run, items, results } = render(listOf([at('clusters/c1.yaml'), shown]));
    expect(run.status).toBe(0);
    expect(generatedIn(items)).toEqual(['ConfigMap/clusters/c1-image-tag-mirrors']);
    expect(results.map((r) => [r.severity, r.tags.code, r.file?.path])).toEqual([
      ['info', 'out-of-sight', 'clusters/c1-image-tag-mirrors.yaml'],
    ]);
    // The same file with the ConfigMap as its only document (the ImageTagMirrorSet was deleted): added.
    const alone = render(listOf([at('clusters/c1.yaml'), shown.replace("index: '1'", "index: '0'")]));
    expect(generatedIn(alone.items)).toHaveLength(2);
    // kpt refuses two documents with one path and index: the new one goes after the file's last.
    const places = alone.items
      .filter(isGenerated)
      .map((o) => [o.kind, o.metadata?.annotations?.['internal.config.kubernetes.io/index']]);
    expect(places).toEqual([
      ['ConfigMap', '0'],
      ['ImageTagMirrorSet', '1'],
    ]);
  });
});

describe('generator mode', () => {
  const generator = `functionConfig:
  apiVersion: fn.image-tag-mirrors.dev/v1alpha1
  kind: ImageTagMirrors
  metadata:
    name: fn
  spec:
    cluster:
      name: c1
      namespace: clusters
      version: "4.21"
    imageTagMirrorSet:
    - source: quay.io/a
      mirrors:
      - m.example.com/a
`;
  it('says the NodePools need the entry, when it sees none', () => {
    const { run, results } = render(listOf([], generator));
    expect(run.status).toBe(0);
    expect(results.map((r) => [r.severity, r.tags.code])).toEqual([['info', 'node-pool-wiring']]);
    expect(results[0]!.message).toContain('- name: c1-image-tag-mirrors');
  });
  it('says nothing when it wires the NodePools itself', () => {
    const { items, results } = render(listOf([nodePool('np', 'c1')], generator));
    expect(results).toEqual([]);
    expect(configOf(items, 'np')).toEqual([{ name: 'c1-image-tag-mirrors' }]);
  });
});
