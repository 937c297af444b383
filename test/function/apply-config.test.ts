// mergeConfigMirrors (src/function/apply-config.ts): how the function config's imageTagMirrorSet goes into the
// named HostedCluster. "replace" sets the list; "merge" replaces entries of the same source in
// place and appends the others in their order.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { MergeStrategy } from '../../src/function/config.js';
import { mergeConfigMirrors } from '../../src/function/apply-config.js';
import { processResourceList } from '../../src/function/process.js';

const entry = (source: unknown, mirror: string, extra: Record<string, unknown> = {}) => ({
  source,
  mirrors: [mirror],
  ...extra,
});
const A = entry('quay.io/openshift', 'old.example.com/openshift');
const B = entry('docker.io/library', 'old.example.com/library', { mirrorSourcePolicy: 'NeverContactSource' });
const C = entry('registry.redhat.io/ubi9', 'old.example.com/ubi9');
const A2 = entry('quay.io/openshift', 'new.example.com/openshift');
const B2 = entry('docker.io/library', 'new.example.com/library');
const C2 = entry('registry.redhat.io/ubi9', 'new.example.com/ubi9');
const D = entry('ghcr.io/team', 'new.example.com/team');
const E = entry('*.example.org', 'new.example.com/org');

describe('mergeConfigMirrors', () => {
  // [name, existing, incoming, expected with "merge", expected with "replace"]
  const TABLE: [string, unknown, unknown[], unknown[], unknown[]][] = [
    // what the HostedCluster has is not a list: both set the list
    ['no list yet (undefined)', undefined, [A2, D], [A2, D], [A2, D]],
    ['list null', null, [A2], [A2], [A2]],
    ['list a map (invalid; validation of the incoming list decides)', { source: 'x' }, [A2], [A2], [A2]],
    ['list a string', 'quay.io/openshift', [A2], [A2], [A2]],
    ['empty list', [], [A2, D], [A2, D], [A2, D]],
    // merge
    ['nothing incoming', [A, B], [], [A, B], []],
    ['no source in common: appended in order', [A, B], [D, E], [A, B, D, E], [D, E]],
    ['same source: replaced in place', [A, B, C], [B2], [A, B2, C], [B2]],
    ['every source in common: the existing order is kept', [A, B, C], [C2, A2, B2], [A2, B2, C2], [C2, A2, B2]],
    ['replaced and appended', [A, B, C], [D, C2, E, A2], [A2, B, C2, D, E], [D, C2, E, A2]],
    ['the entry is replaced whole: fields the incoming entry leaves out are gone', [B], [B2], [B2], [B2]],
    [
      'sources are compared exactly (case)',
      [A],
      [entry('Quay.io/openshift', 'n.example.com/o')],
      [A, entry('Quay.io/openshift', 'n.example.com/o')],
      [entry('Quay.io/openshift', 'n.example.com/o')],
    ],
    [
      'sources are compared exactly (no prefix matching)',
      [entry('quay.io', 'm.example.com/q')],
      [A2],
      [entry('quay.io', 'm.example.com/q'), A2],
      [A2],
    ],
    ['wildcard sources are compared as strings', [entry('*.example.org', 'old.example.com/org')], [E], [E], [E]],
    // entries without a string source (validation reports them) are kept or appended, never matched
    [
      'existing entries without a string source are kept',
      [A, 'junk', entry(7, 'm.example.com/x'), null],
      [A2],
      [A2, 'junk', entry(7, 'm.example.com/x'), null],
      [A2],
    ],
    [
      'incoming entries without a string source are appended',
      [A],
      [{ mirrors: ['m.example.com/x'] }, 5],
      [A, { mirrors: ['m.example.com/x'] }, 5],
      [{ mirrors: ['m.example.com/x'] }, 5],
    ],
    [
      'entries without a source do not match each other',
      [{ mirrors: ['a.example.com/x'] }],
      [{ mirrors: ['b.example.com/x'] }],
      [{ mirrors: ['a.example.com/x'] }, { mirrors: ['b.example.com/x'] }],
      [{ mirrors: ['b.example.com/x'] }],
    ],
    // duplicates stay visible to the duplicate-source rule
    [
      'a source twice in the existing list: the first is replaced, the second kept',
      [A, B, entry('quay.io/openshift', 'x.example.com/o')],
      [A2],
      [A2, B, entry('quay.io/openshift', 'x.example.com/o')],
      [A2],
    ],
    [
      'a new source twice in the incoming list: both appended',
      [B],
      [D, entry('ghcr.io/team', 'x.example.com/team')],
      [B, D, entry('ghcr.io/team', 'x.example.com/team')],
      [D, entry('ghcr.io/team', 'x.example.com/team')],
    ],
  ];

  describe.each(['merge', 'replace'] as MergeStrategy[])('%s', (strategy) => {
    it.each(TABLE)('%s', (_, existing, incoming, merged, replaced) => {
      const before = structuredClone({ existing, incoming });
      const out = mergeConfigMirrors(existing, incoming, strategy);
      expect(out).toEqual(strategy === 'merge' ? merged : replaced);
      // a new list; the inputs are left alone
      expect(out).not.toBe(incoming);
      expect(out).not.toBe(existing);
      expect({ existing, incoming }).toEqual(before);
    });
  });

  it('merge keeps the entry objects themselves (no copies, no deep merge)', () => {
    const out = mergeConfigMirrors([A, B], [B2, D], 'merge');
    expect(out[0]).toBe(A);
    expect(out[1]).toBe(B2);
    expect(out[2]).toBe(D);
  });

  it('merge is idempotent', () => {
    const once = mergeConfigMirrors([A, B, C], [D, B2], 'merge');
    expect(mergeConfigMirrors(once, [D, B2], 'merge')).toEqual(once);
  });

  it('merge keeps both incoming entries of a source the list already has', () => {
    // replace (or merge into a list without the source) keeps both, and validation reports
    // duplicate-source; merge into [A] keeps only the last one, silently.
    const A3 = entry('quay.io/openshift', 'x.example.com/openshift');
    const out = mergeConfigMirrors([A, B], [A2, A3], 'merge');
    expect(out).toContainEqual(A2);
    expect(out).toContainEqual(A3);
    expect(out).not.toContainEqual(A);
  });
});

describe('mergeStrategy through processResourceList', () => {
  const run = (mergeStrategy?: string) => {
    const input = `apiVersion: config.kubernetes.io/v1
kind: ResourceList
functionConfig:
  apiVersion: v1
  kind: ConfigMap
  metadata: {name: fn}
  data:
    clusterName: my-cluster
    clusterNamespace: clusters
${mergeStrategy === undefined ? '' : `    mergeStrategy: ${mergeStrategy}\n`}    imageTagMirrorSet: |
      - source: docker.io/library
        mirrors: [new.example.com/library]
      - source: ghcr.io/team
        mirrors: [new.example.com/team]
items:
- apiVersion: hypershift.openshift.io/v1beta1
  kind: HostedCluster
  metadata: {name: my-cluster, namespace: clusters}
  spec:
    release: {image: "quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64"}
    imageTagMirrorSet:
    - source: quay.io/openshift
      mirrors: [old.example.com/openshift]
    - source: docker.io/library
      mirrors: [old.example.com/library]
`;
    const outcome = processResourceList(input);
    const text = [...outcome.output].map((p) => (typeof p === 'string' ? p : Buffer.from(p).toString('utf8'))).join('');
    const items = (
      parse(text) as { items: { kind: string; spec: { imageTagMirrorSet?: unknown; imageTagMirrors?: unknown } }[] }
    ).items;
    return {
      results: outcome.results.map((r) => [r.severity, r.tags.code, r.field?.path]),
      hostedCluster: items.find((i) => i.kind === 'HostedCluster')!.spec.imageTagMirrorSet,
      itms: items.find((i) => i.kind === 'ImageTagMirrorSet')?.spec.imageTagMirrors,
    };
  };
  const MERGED = [
    { source: 'quay.io/openshift', mirrors: ['old.example.com/openshift'] },
    { source: 'docker.io/library', mirrors: ['new.example.com/library'] },
    { source: 'ghcr.io/team', mirrors: ['new.example.com/team'] },
  ];
  const REPLACED = [
    { source: 'docker.io/library', mirrors: ['new.example.com/library'] },
    { source: 'ghcr.io/team', mirrors: ['new.example.com/team'] },
  ];
  // [name, mergeStrategy in the ConfigMap, the HostedCluster's list afterwards]
  const TABLE: [string, string | undefined, unknown[]][] = [
    ['not set: replace', undefined, REPLACED],
    ['replace', 'replace', REPLACED],
    ['merge', 'merge', MERGED],
  ];
  it.each(TABLE)('%s', (_, strategy, expected) => {
    const out = run(strategy);
    expect(out.results).toEqual([]);
    expect(out.hostedCluster).toEqual(expected);
    expect(out.itms).toEqual(expected);
  });

  it('an invalid mergeStrategy is an invalid-config error and leaves the HostedCluster alone', () => {
    const out = run('union');
    expect(out.results).toEqual([['error', 'invalid-config', 'data.mergeStrategy']]);
    expect(out.hostedCluster).toEqual([
      { source: 'quay.io/openshift', mirrors: ['old.example.com/openshift'] },
      { source: 'docker.io/library', mirrors: ['old.example.com/library'] },
    ]);
  });
});
