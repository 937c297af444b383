// Nothing altered (issue 11, kinds 1, 3 and 4), through the bundle: an item the function does
// not change keeps its bytes on every path (its own output with a `results:` block, a list
// ending in `...`, odd top-level keys, CR line breaks, JSON); an item it changes keeps every
// field it does not own (`0644`, `+1`, `|+`...); wiring a NodePool never cuts into its last
// block scalar and removes every entry of ours in one pass; valid YAML (aliases across items,
// merge keys, escaped kinds, `!!binary`) is read with kubectl's meaning or refused in one line.
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { KUBE_YAML } from '../../src/krm/kube-yaml.js';
import {
  HEADER,
  RELEASE_IMAGE,
  codesOf,
  errorsOf,
  expectBytesKept,
  expectCleanEnd,
  expectGenerates,
  expectNoCrash,
  generatedOf,
  runBounded,
  spawnBytes,
  withKind,
} from '../helpers/hostile.js';

type Obj = Record<string, unknown> & { kind?: string; metadata?: { name?: string }; spec?: Record<string, unknown> };

/** The list as kubectl reads it (YAML 1.1: `0644` is 420, merge keys merged; a lone CR is a line break). */
function kubectl(text: string): { items: Obj[]; results?: { tags?: { code?: string } }[] } {
  const docs = parseAllDocuments(text.replace(/\r(?!\n)/g, '\n'), KUBE_YAML);
  if (!Array.isArray(docs) || docs.length !== 1 || docs[0]!.errors.length)
    throw new Error(`not one valid YAML document: ${Array.isArray(docs) ? docs[0]?.errors[0]?.message : ''}`);
  return docs[0]!.toJS({ maxAliasCount: -1 }) as { items: Obj[] };
}

const HC = `- apiVersion: hypershift.openshift.io/v1beta1
  kind: HostedCluster
  metadata:
    name: c1
    namespace: clusters
  spec:
    release:
      image: ${RELEASE_IMAGE}
    imageTagMirrorSet:
    - source: quay.io/openshift
      mirrors:
      - mirror.example.com/openshift
`;

/** An untouched item full of values YAML 1.2 writes differently (kubectl reads them as YAML 1.1). */
const TRAPS = `- apiVersion: v1
  kind: Secret
  metadata:
    name: traps
    namespace: team
  data:
    blob: !!binary aGVsbG8=
  stringData:
    octal: 0644
    plus: +1
    dot: .5
    hex: 0x1E
    octal-o: 0o755
    huge: 1e400
    big: 9007199254740993
    0644: rw-r--r--
    indented: |2-
        two spaces kept
    folded: >+
      kept

  type: Opaque
`;

const list = (...items: string[]) => `${HEADER}items:\n${items.join('')}`;

describe('untouched items keep their bytes on every path (kind 1)', () => {
  const inputs: [string, string][] = [
    [
      "the function's own output (a results: block after the items)",
      `${list(TRAPS, HC)}results:\n- message: old\n  severity: warning\n  tags:\n    code: unknown-field\n`,
    ],
    ['a results: block before the items', `${HEADER}results:\n- message: old\n  severity: info\nitems:\n${TRAPS}${HC}`],
    ['a list ending with "..."', `${list(TRAPS, HC)}...\n`],
    ['a quoted top-level key', list(TRAPS, HC).replace('kind: ResourceList', '"kind": ResourceList')],
    ['a space before a top-level colon', list(TRAPS, HC).replace('kind: ResourceList', 'kind : ResourceList')],
    ['a top-level key with a dash', `${list(TRAPS, HC)}x-note: kept\n`],
    ['a %YAML directive', `%YAML 1.1\n---\n${list(TRAPS, HC)}`],
    ['a "--- !!map" start', `--- !!map\n${list(TRAPS, HC)}`],
  ];
  for (const [name, input] of inputs) {
    it(`${name}: generates, every input item byte for byte`, () => {
      const run = runBounded(input);
      expectGenerates(run);
      expectBytesKept(input, run.stdout);
      expect(run.stdout).toContain('    octal: 0644\n    plus: +1\n');
      // kubectl reads the same values before and after.
      const before = kubectl(input).items.find((i) => i.kind === 'Secret');
      const after = kubectl(run.stdout).items.find((i) => i.kind === 'Secret');
      expect(after).toEqual(before);
    });
  }

  it('a list ending with "...": the generated items and the results stay inside the document', () => {
    const run = runBounded(`${list(HC)}...\n# trailing comment\n`);
    expectGenerates(run);
    expect(run.stdout).toMatch(/\n\.\.\.\n# trailing comment\n$/);
  });

  it('its own output, run again: the same bytes, however many times', () => {
    const first = runBounded(`${list(TRAPS, HC)}results:\n- message: stale\n  severity: info\n`);
    expectGenerates(first);
    const second = runBounded(first.stdout);
    expect(second.stdout).toBe(first.stdout);
    expect(runBounded(second.stdout).stdout).toBe(first.stdout);
  });

  it('CRLF and a Latin-1 byte in an untouched item: its bytes kept, CRs and all', () => {
    const input = Buffer.concat([
      Buffer.from(`${HEADER}items:\n`.replace(/\n/g, '\r\n')),
      Buffer.from('- apiVersion: v1\r\n  kind: ConfigMap\r\n  metadata:\r\n    name: latin\r\n  data:\r\n    a: caf'),
      Buffer.from([0xe9]),
      Buffer.from('\r\n'),
      Buffer.from(HC.replace(/\n/g, '\r\n')),
    ]);
    const run = spawnBytes(input);
    expect(run.status, run.stderr).toBe(0);
    expect(
      run.stdout.indexOf(input.subarray(input.indexOf('- apiVersion: v1'), input.indexOf('- apiVersion: hyper'))),
    ).toBeGreaterThan(0);
  });

  it('a lone CR (a line break to YAML) and a Latin-1 byte in untouched items: bytes kept', () => {
    const input = Buffer.concat([
      Buffer.from(
        `${HEADER}items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: cr\n  # one\r  # two\n  data:\n    a: b\n`,
      ),
      Buffer.from('- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: latin\n  data:\n    a: caf'),
      Buffer.from([0xe9, 0x0a]),
      Buffer.from(HC),
    ]);
    const run = spawnBytes(input);
    expect(run.status, run.stderr).toBe(0);
    const untouched = input.subarray(input.indexOf('- apiVersion: v1'), input.indexOf('- apiVersion: hyper'));
    expect(run.stdout.indexOf(untouched)).toBeGreaterThan(0);
  });

  it('JSON input: untouched items keep their bytes (an int64 beyond 2^53 stays exact); the output stays JSON', () => {
    const input = `{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": [{"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"}, "spec": {"activeDeadlineSeconds": 9007199254740993, "note": "on"}}, ${JSON.stringify(kubectl(list(HC)).items[0])}]}`;
    const run = runBounded(input);
    expectGenerates(run);
    expect(run.stdout).toContain('"activeDeadlineSeconds": 9007199254740993, "note": "on"');
    expect(JSON.parse(run.stdout).items).toHaveLength(4);
  });
});

describe('an item the function changes keeps what it does not own (kind 1)', () => {
  const NP = (spec: string) =>
    `- apiVersion: hypershift.openshift.io/v1beta1\n  kind: NodePool\n  metadata:\n    name: np1\n    namespace: clusters\n  spec:\n    clusterName: c1\n${spec}`;
  const cases: [string, string][] = [
    ['config: [] (flow, empty)', '    replicas: 010\n    config: []\n    perm: 0644\n'],
    ['config: with no value', '    config:\n    replicas: 010\n    perm: 0644\n'],
    ['config in flow style', '    config: [{name: other}]\n    replicas: 010\n'],
  ];
  for (const [name, spec] of cases) {
    it(`a NodePool with ${name}: wired, its other fields' text kept`, () => {
      const input = list(HC, NP(spec));
      const run = runBounded(input);
      expectGenerates(run);
      expect(run.stdout).toContain('    replicas: 010\n');
      const before = kubectl(input).items[1]!;
      const after = kubectl(run.stdout).items[1]!;
      const config = after.spec!.config as { name: string }[];
      expect(config.filter((e) => e.name === 'c1-image-tag-mirrors')).toHaveLength(1);
      expect({ ...after.spec, config: undefined }).toEqual({ ...before.spec, config: undefined });
    });
  }

  it('the function config merged into a HostedCluster: its other fields keep their text and meaning', () => {
    const hc = HC.replace(
      '    imageTagMirrorSet:',
      '    configuration:\n      apiServer:\n        audit:\n          mode: 0755\n    replicas: +1\n    imageTagMirrorSet:',
    ).concat('    notes: |\n      set by CI\n      # keep this line\n');
    const config = `functionConfig:\n  apiVersion: fn.image-tag-mirrors.dev/v1alpha1\n  kind: ImageTagMirrors\n  metadata:\n    name: cfg\n  spec:\n    mergeStrategy: merge\n    cluster:\n      name: c1\n      namespace: clusters\n    imageTagMirrorSet:\n    - source: docker.io/library\n      mirrors:\n      - mirror.example.com/library\n`;
    const input = `${list(hc)}${config}`;
    const run = runBounded(input);
    expectGenerates(run);
    expect(run.stdout).toContain('          mode: 0755\n    replicas: +1\n');
    expect(run.stdout).toContain('    notes: |\n      set by CI\n      # keep this line\n');
    const before = kubectl(input).items[0]!.spec!;
    const after = kubectl(run.stdout).items[0]!.spec!;
    expect((after.imageTagMirrorSet as unknown[]).length).toBe(2);
    expect({ ...after, imageTagMirrorSet: undefined }).toEqual({ ...before, imageTagMirrorSet: undefined });
  });
});

describe('wiring a NodePool never corrupts it (kind 3)', () => {
  const NP = (last: string) =>
    `- apiVersion: hypershift.openshift.io/v1beta1\n  kind: NodePool\n  metadata:\n    name: np1\n    namespace: clusters\n  spec:\n    clusterName: c1\n${last}`;
  const lasts: [string, string][] = [
    [
      'a literal block whose last line starts with #',
      '    userData: |\n      #!/bin/sh\n      echo hi\n      # final line\n',
    ],
    ['a folded block with a # line', '    note: >\n      first\n      # not a comment\n'],
    ['an indentation indicator', '    script: |2\n         indented\n        # hash\n'],
    ['a keep block with trailing blank lines', '    userData: |+\n      echo hi\n\n\n'],
    ['a strip block continued after a blank line by a # line', '    script: |-\n      echo a\n\n      # trailing\n'],
    ['a double-quoted string continued on a # line', '    note: "first\n      # not a comment"\n'],
    ['a flow list over lines', '    taints: [a,\n      b]\n'],
    ['comment lines indented as fields', '    replicas: 2\n    # trailing comment\n    # another\n'],
  ];
  for (const [name, last] of lasts) {
    for (const where of ['middle', 'end'] as const) {
      it(`ending with ${name} (${where} of the list): wired once, the value kept, idempotent`, () => {
        const items = where === 'end' ? [HC, NP(last)] : [NP(last), HC];
        const input = list(...items);
        const run = runBounded(input);
        expectGenerates(run);
        const pool = (t: string) => kubectl(t).items.find((i) => i.kind === 'NodePool')!;
        const before = pool(input);
        const after = pool(run.stdout);
        expect(after.spec!.config).toEqual([{ name: 'c1-image-tag-mirrors' }]);
        expect({ ...after.spec, config: undefined }).toEqual({ ...before.spec, config: undefined });
        expect(runBounded(run.stdout).stdout).toBe(run.stdout);
      });
    }
  }

  it('the config list whose last entry ends with a block scalar and a # line: appended after it, the value kept', () => {
    const input = list(HC, NP('    config:\n    - name: other\n      note: |\n        keep\n        # me\n'));
    const run = runBounded(input);
    expectGenerates(run);
    const after = kubectl(run.stdout).items[1]!.spec!.config;
    expect(after).toEqual([{ name: 'other', note: 'keep\n# me\n' }, { name: 'c1-image-tag-mirrors' }]);
  });

  for (const copies of [2, 3]) {
    it(`our entry ${copies} times and no mirrors any more: every copy goes in one pass`, () => {
      const hc = HC.replace(/ {4}imageTagMirrorSet:[\s\S]*$/, '');
      const entries = Array.from({ length: copies }, () => '    - name: c1-image-tag-mirrors\n').join('');
      const input = list(hc, NP(`    config:\n    - name: other\n${entries}`));
      const run = runBounded(input);
      expectCleanEnd(run);
      expect(run.status).toBe(0);
      expect(kubectl(run.stdout).items[1]!.spec!.config).toEqual([{ name: 'other' }]);
      expect(runBounded(run.stdout).stdout).toBe(run.stdout);
    });
  }
});

describe("valid YAML is read with kubectl's meaning, or refused in one line (kind 4)", () => {
  const ours = (out: string) => generatedOf(kubectl(out).items as never);
  const generatesFor = (input: string) => {
    const run = runBounded(input);
    const listOut = expectCleanEnd(run);
    expect(listOut, run.stderr).toBeDefined();
    expect(run.status, run.stderr).toBe(0);
    expect(withKind(ours(run.stdout), 'ImageTagMirrorSet')).toHaveLength(1);
    expect(withKind(ours(run.stdout), 'ConfigMap')).toHaveLength(1);
    expectBytesKept(input, run.stdout, (item) => item.includes('NodePool'));
    return run;
  };
  const kinds: [string, string][] = [
    ['a \\x escape', '"Hosted\\x43luster"'],
    ['a \\u escape', '"Hosted\\u0043luster"'],
    ['a \\U escape', '"\\U00000048ostedCluster"'],
    ['an escaped line break', '"Hosted\\\n    Cluster"'],
    ['a verbatim tag', '!<tag:yaml.org,2002:str> HostedCluster'],
    ['!!binary', '!!binary SG9zdGVkQ2x1c3Rlcg=='],
  ];
  for (const [name, kind] of kinds) {
    it(`a HostedCluster whose kind is written with ${name}: generates`, () => {
      generatesFor(list(HC.replace('kind: HostedCluster', `kind: ${kind}`)));
    });
  }

  it('kind: *k, the anchor set in an earlier item: generates', () => {
    generatesFor(
      list(
        `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: kinds\n  data:\n    k: &k HostedCluster\n`,
        HC.replace('kind: HostedCluster', 'kind: *k'),
      ),
    );
  });

  it('spec.imageTagMirrorSet: *list, the anchor in an earlier item: generates from it', () => {
    const run = generatesFor(
      list(
        `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: lists\n  data:\n    x: &list\n    - source: quay.io/openshift\n      mirrors:\n      - mirror.example.com/openshift\n`,
        HC.replace(/ {4}imageTagMirrorSet:[\s\S]*$/, '    imageTagMirrorSet: *list\n'),
      ),
    );
    expect(run.stdout).toContain('mirror.example.com/openshift');
  });

  it('a merge key in an entry (<<: *e): the merged mirrors are read', () => {
    const hc = HC.replace(
      /( {4}imageTagMirrorSet:\n)[\s\S]*$/,
      '$1    - &e\n      source: quay.io/a\n      mirrors:\n      - mirror.example.com/a\n    - <<: *e\n      source: quay.io/b\n',
    );
    const run = generatesFor(list(hc));
    const itms = withKind(ours(run.stdout), 'ImageTagMirrorSet')[0]!;
    expect(itms.spec!.imageTagMirrors).toEqual([
      { source: 'quay.io/a', mirrors: ['mirror.example.com/a'] },
      { source: 'quay.io/b', mirrors: ['mirror.example.com/a'] },
    ]);
  });

  it('spec merging a template from another item that pins 4.20: unsupported-version, nothing generated', () => {
    const template = `- apiVersion: example.com/v1\n  kind: Template\n  metadata:\n    name: base\n  spec:\n    base: &base\n      release:\n        image: quay.io/openshift-release-dev/ocp-release:4.20.0-x86_64\n`;
    const hc = HC.replace(/ {4}release:\n {6}image: .*\n/, '    <<: *base\n');
    const run = runBounded(list(template, hc));
    const out = expectCleanEnd(run)!;
    expect(codesOf(errorsOf(out.results))).toEqual(['unsupported-version']);
    expect(generatedOf(out.items)).toEqual([]);
  });

  it('a NodePool whose spec merges its clusterName from a template: wired', () => {
    const template = `- apiVersion: example.com/v1\n  kind: Template\n  metadata:\n    name: pool\n  spec:\n    pool: &pool\n      clusterName: c1\n      replicas: 2\n`;
    const np = `- apiVersion: hypershift.openshift.io/v1beta1\n  kind: NodePool\n  metadata:\n    name: np1\n    namespace: clusters\n  spec:\n    <<: *pool\n`;
    const run = generatesFor(list(template, HC, np));
    expect(kubectl(run.stdout).items[2]!.spec!.config).toEqual([{ name: 'c1-image-tag-mirrors' }]);
  });

  it('a NodePool written kind: "Node\\x50ool": wired', () => {
    const np = `- apiVersion: hypershift.openshift.io/v1beta1\n  kind: "Node\\x50ool"\n  metadata:\n    name: np1\n    namespace: clusters\n  spec:\n    clusterName: c1\n`;
    const run = generatesFor(list(HC, np));
    expect(kubectl(run.stdout).items[1]!.spec!.config).toEqual([{ name: 'c1-image-tag-mirrors' }]);
  });

  it("an earlier run's objects whose owner annotation key is escaped: found, updated, not added twice", () => {
    const first = runBounded(list(HC));
    expectGenerates(first);
    const escaped = first.stdout.replaceAll(
      'image-tag-mirrors.dev/hosted-cluster: clusters/c1',
      '"image-tag-mirrors.dev/hosted\\x2dcluster": clusters/c1',
    );
    const again = runBounded(escaped);
    expect(again.status).toBe(0);
    expect(withKind(ours(again.stdout), 'ConfigMap')).toHaveLength(1);
    expect(withKind(ours(again.stdout), 'ImageTagMirrorSet')).toHaveLength(1);
  });

  it('a flow-style HostedCluster with an escaped kind: generates', () => {
    const flow = `- {apiVersion: hypershift.openshift.io/v1beta1, kind: "Hosted\\x43luster", metadata: {name: c1, namespace: clusters}, spec: {release: {image: "${RELEASE_IMAGE}"}, imageTagMirrorSet: [{source: quay.io/openshift, mirrors: [mirror.example.com/openshift]}]}}\n`;
    generatesFor(list(flow));
  });

  it('an item that is an alias of a HostedCluster (- *hc): kubectl sees it twice, a name collision', () => {
    const run = runBounded(list(HC.replace('- apiVersion', '- &hc\n  apiVersion'), '- *hc\n'));
    const out = expectCleanEnd(run)!;
    expect(codesOf(errorsOf(out.results))).toContain('name-collision');
  });

  it('a NodePool whose spec is an alias: a cannot-edit error, nothing lost, nothing else changed', () => {
    const np = `- apiVersion: hypershift.openshift.io/v1beta1\n  kind: NodePool\n  metadata:\n    name: np1\n    namespace: clusters\n    labels: &s {clusterName: c1}\n  spec: *s\n`;
    const input = list(HC, np);
    const run = runBounded(input);
    const out = expectCleanEnd(run)!;
    expect(codesOf(errorsOf(out.results))).toEqual(['cannot-edit']);
    expect(errorsOf(out.results)[0]!.message).toMatch(/np1.*alias/);
    expectBytesKept(input, run.stdout);
  });

  it('a NodePool whose spec is an alias of another item: wired with the list written out, or refused with a result', () => {
    const base = `- apiVersion: example.com/v1\n  kind: Template\n  metadata:\n    name: s\n  spec: &s\n    clusterName: c1\n`;
    const np = `- apiVersion: hypershift.openshift.io/v1beta1\n  kind: NodePool\n  metadata:\n    name: np1\n    namespace: clusters\n  spec: *s\n`;
    const run = runBounded(list(base, HC, np));
    const out = expectCleanEnd(run)!;
    expect(
      errorsOf(out.results)
        .map((r) => r.message)
        .join(),
    ).toMatch(/np1/);
  });

  it('!!binary in an untouched item of a list ending with "...": kept as kubectl reads it', () => {
    const input = `${list(TRAPS, HC)}...\n`;
    const run = runBounded(input);
    expectGenerates(run);
    expect(kubectl(run.stdout).items[0]).toEqual(kubectl(input).items[0]);
  });

  it('a last item nested 2,000 block maps deep: passed through as in any other place, not "truncated"', () => {
    let nested = '';
    for (let i = 0; i < 2000; i++) nested += `${' '.repeat(4 + 2 * i)}k:\n`;
    const run = runBounded(
      list(HC, `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: deep\n  data:\n${nested}`),
    );
    expectNoCrash(run);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(nested);
    expect(run.stderr).not.toMatch(/truncat/);
  });

  it('the last item with a double-quoted value continued on a # line: read, not refused as truncated', () => {
    const input = list(
      HC,
      `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: quoted\n  data:\n    a: "first\n      # not a comment"\n`,
    );
    const run = runBounded(input);
    expectGenerates(run);
    expectBytesKept(input, run.stdout);
  });
});
