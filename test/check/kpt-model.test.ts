// check models `kpt fn render` (fn/io.ts collectFiles, src/check/render.ts): which files kpt
// reads, the enclosing package of a path, subpackages rendered by their parent's pipeline,
// documents kpt refuses, the function's own errors without a comparison, and a walk whose cost
// is one readdir and one stat per folder. Each case writes a small repository to a temp folder
// (with a .git, so that the look for an enclosing Kptfile stops there).
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { collectFiles, MAX_DEPTH, packageRootOf, type WalkFs } from '../../fn/files.js';
import { notKrmReason } from '../../src/check/render.js';
import { hostedCluster } from '../helpers/hostile.js';
import { FN, runFn } from '../helpers/run-fn.js';

const TMP = mkdtempSync(join(tmpdir(), 'itm-kpt-model-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));
let n = 0;

/**
 * What the function generates for one HostedCluster, as a user commits it: the objects but the
 * cluster, without kpt's config.kubernetes.io annotations, one YAML document each.
 */
function committedGenerated(hostedClusterYaml: string): string {
  const list = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- ${hostedClusterYaml.replace(/\n(?=.)/g, '\n  ')}`;
  const out = parse(runFn(list).stdout) as {
    items: { kind: string; metadata: { annotations?: Record<string, string> } }[];
  };
  const generated = out.items.filter((o) => o.kind !== 'HostedCluster');
  for (const o of generated)
    for (const k of Object.keys(o.metadata.annotations ?? {}))
      if (k.includes('config.kubernetes.io')) delete o.metadata.annotations![k];
  return generated.map((o) => stringify(o)).join('---\n');
}

function repo(files: Record<string, string>): string {
  const dir = join(TMP, `r${n++}`);
  mkdirSync(join(dir, '.git'), { recursive: true });
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text.replace(/\$FN/g, FN));
  }
  return dir;
}

const HC = (name: string, mirror = 'mirror.example.com/openshift') =>
  hostedCluster(name, `  imageTagMirrorSet:\n  - source: quay.io/openshift\n    mirrors:\n    - ${mirror}\n`);
const NP = (name: string, cluster: string, config = '') => `apiVersion: hypershift.openshift.io/v1beta1
kind: NodePool
metadata:
  name: ${name}
  namespace: clusters
spec:
  clusterName: ${cluster}
  replicas: 2
${config}`;
const KPTFILE = (name: string, step = '') => `apiVersion: kpt.dev/v1
kind: Kptfile
metadata:
  name: ${name}
${step ? `pipeline:\n  mutators:\n  - exec: $FN\n${step}` : ''}`;

interface Json {
  exitCode: number;
  summary: { errors: number; files: number };
  results: { code: string; file: string; severity: string; message: string; subject?: string }[];
}
function check(cwd: string, ...args: string[]): Json {
  const r = runFn('', ['check', '--format', 'json', ...args], { cwd });
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Json;
}
const codes = (j: Json) => j.results.map((r) => `${r.file} ${r.severity}[${r.code}]`);

describe('check reads what kpt reads', () => {
  it('a HostedCluster in a .json file is checked (kpt reads *.json)', () => {
    const d = repo({ 'clusters/hc.json': JSON.stringify(parse(HC('c1', 'https://bad')), null, 2) });
    const j = check(d, 'clusters');
    expect(j.summary.errors).toBeGreaterThan(0);
    expect(j.results.every((r) => r.file === 'clusters/hc.json')).toBe(true);
  });
  it('outside kpt packages, JSON files that are no Kubernetes objects are not read (package.json, tsconfig.json)', () => {
    const d = repo({ 'package.json': '{"name": "x"}', 'tsconfig.json': '{ // comments\n}', 'hc.yaml': HC('c1') });
    const j = check(d, '.');
    expect(j.exitCode).toBe(0);
    expect(j.summary.files).toBe(1);
  });
  it('a folder in a package checks the package with its Kptfile config (generate: ConfigMap): no ImageTagMirrorSet asked for', () => {
    const d = repo({
      'pkg/Kptfile': KPTFILE('pkg', '    configMap:\n      generate: ConfigMap\n'),
      'pkg/clusters/hc.yaml': HC('c1'),
    });
    const j = check(d, 'pkg/clusters');
    expect(codes(j)).toEqual(['pkg/clusters/hc.yaml error[missing-generated]']);
    expect(j.results[0]!.subject).toBe('ConfigMap clusters/c1-image-tag-mirrors');
    expect(j.results[0]!.message).toContain('kpt fn render pkg --allow-exec');
  });
  it('a subpackage is rendered by its parent: an unwired NodePool there is found', () => {
    const d = repo({
      'pkg/Kptfile': KPTFILE('pkg', '    configMap:\n      generate: ConfigMap\n'),
      'pkg/hc.yaml': HC('c1'),
      'pkg/sub/Kptfile': KPTFILE('sub'),
      'pkg/sub/np.yaml': NP('np1', 'c1'),
    });
    const j = check(d, 'pkg');
    expect(codes(j)).toContain('pkg/sub/np.yaml error[node-pool-not-wired]');
  });
  it('files its .krmignore leaves out are not read; a subpackage below an ignored folder still is', () => {
    const d = repo({
      'pkg/Kptfile': KPTFILE('pkg'),
      'pkg/.krmignore': 'sub/*\nvendor/\n',
      'pkg/x/sub/bad.yaml': 'foo: bar\n',
      'pkg/vendor/deep/Kptfile': KPTFILE('deep'),
      'pkg/vendor/deep/bad.yaml': 'foo: bar\n',
    });
    const j = check(d, 'pkg');
    expect(codes(j)).toEqual(['pkg/vendor/deep/bad.yaml error[not-krm]']);
  });
  it('non-KRM YAML in a package is an error, as kpt fn render fails on it; outside packages it is not', () => {
    const files = { '.github/workflows/ci.yml': 'on: push\njobs: {}\n', 'clusters/hc.yaml': HC('c1') };
    const inPkg = repo({ ...files, Kptfile: KPTFILE('root') });
    const j = check(inPkg, '.');
    expect(codes(j)).toEqual(['.github/workflows/ci.yml error[not-krm]']);
    expect(j.results[0]!.message).toMatch(
      /^input resource list must contain only KRM resources: \.github\/workflows\/ci\.yml: resource must have `apiVersion`: .*\.krmignore/,
    );
    expect(j.exitCode).toBe(1);
    expect(check(repo(files), '.').exitCode).toBe(0);
  });
  it('links to folders are not followed in a package (kpt walks with lstat)', () => {
    const d = repo({ 'pkg/Kptfile': KPTFILE('pkg'), 'other/bad.yaml': 'foo: 1\n' });
    symlinkSync(join(d, 'other'), join(d, 'pkg/link'));
    expect(check(d, 'pkg').exitCode).toBe(0);
  });
});

describe('a generated file the .krmignore leaves out', () => {
  it('kpt writes it whole from the render: clean when it holds exactly the objects, missing when it differs', () => {
    const d = repo({
      'pkg/Kptfile': KPTFILE('pkg', ' '),
      'pkg/.krmignore': '*-image-tag-mirrors.yaml\n',
      'pkg/hc.yaml': HC('c1'),
    });
    const missing = check(d, 'pkg');
    expect(codes(missing)).toEqual(['pkg/hc.yaml error[missing-generated]', 'pkg/hc.yaml error[missing-generated]']);
    const text = committedGenerated(HC('c1'));
    writeFileSync(join(d, 'pkg/c1-image-tag-mirrors.yaml'), text);
    expect(check(d, 'pkg').exitCode).toBe(0);
    writeFileSync(join(d, 'pkg/c1-image-tag-mirrors.yaml'), text.replace('mirror.example.com', 'old.example.com'));
    expect(codes(check(d, 'pkg'))).toEqual(codes(missing));
  });
});

describe('check renders even when it compares nothing (--generated auto)', () => {
  it("reports the function's own errors: a NodePool with 10 spec.config entries cannot be wired", () => {
    const config = `  config:\n${Array.from({ length: 10 }, (_, i) => `  - name: cm${i}\n`).join('')}`;
    const d = repo({ 'ten/hc.yaml': HC('c1'), 'ten/np.yaml': NP('np1', 'c1', config) });
    const j = check(d, 'ten');
    expect(codes(j)).toEqual(['ten/np.yaml error[node-pool-config-limit]']);
    expect(check(d, '--generated', 'ignore', 'ten').exitCode).toBe(0);
  });
});

describe('outside packages, folders rendered apart join by cluster', () => {
  it('generated objects in gen/ for the HostedCluster in clusters/: stale, not orphaned', () => {
    const d = repo({ 'clusters/hc.yaml': HC('c1') });
    // The function's output but the HostedCluster, committed in gen/; then the mirror changes.
    const text = committedGenerated(HC('c1'));
    expect([...text.matchAll(/^kind: (\S+)$/gm)].map((m) => m[1])).toEqual(['ImageTagMirrorSet', 'ConfigMap']);
    mkdirSync(join(d, 'gen'));
    writeFileSync(join(d, 'gen/c1.yaml'), text);
    expect(check(d, '.').exitCode).toBe(0);
    writeFileSync(join(d, 'clusters/hc.yaml'), HC('c1', 'other.example.com/openshift'));
    const j = check(d, '.');
    expect(j.results.map((r) => r.code)).not.toContain('orphaned-generated');
    expect(j.results.map((r) => r.code)).toContain('stale-generated');
    // The cluster in two other folders (sources and build output): no join, and the orphan
    // warning says where the cluster is instead of "not in the input".
    mkdirSync(join(d, 'copy'));
    writeFileSync(join(d, 'copy/hc.yaml'), HC('c1', 'other.example.com/openshift'));
    const two = check(d, '.');
    const orphans = two.results.filter((r) => r.code === 'orphaned-generated');
    expect(orphans).toHaveLength(2);
    for (const o of orphans) {
      expect(o.message).toContain('which is in clusters/hc.yaml, copy/hc.yaml, rendered apart');
      expect(o.message).not.toContain('not in the input');
    }
  });
});

describe('the walk', () => {
  const counting = () => {
    const calls = { readdir: 0, stat: 0 };
    const fs: WalkFs = {
      readdir: (d) => (calls.readdir++, readdirSync(d, { withFileTypes: true })),
      stat: (p) => (calls.stat++, statSync(p)),
    };
    return { calls, fs };
  };
  it('costs one readdir and one stat per folder, however deep (no realpath per folder)', () => {
    for (const depth of [50, 200]) {
      const d = repo({
        [`${Array(depth).fill('a').join('/')}/cm.yaml`]: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n',
      });
      const { calls, fs } = counting();
      const got = collectFiles([join(d, 'a')], undefined, { fs });
      expect(got.files).toHaveLength(1);
      expect(calls.readdir).toBe(depth);
      expect(calls.stat).toBe(depth);
    }
  });
  it(`stops below ${MAX_DEPTH} levels with one problem`, () => {
    const d = repo({
      [`${Array(MAX_DEPTH + 3)
        .fill('a')
        .join('/')}/cm.yaml`]: 'x: 1\n',
    });
    const got = collectFiles([join(d, 'a')]);
    expect(got.files).toHaveLength(0);
    expect(got.problems.map((p) => p.message)).toContain(
      `${join(d, 'a')}: folders nested more than ${MAX_DEPTH} levels deep are not searched`,
    );
  });
  it('a link loop ends', () => {
    const d = repo({ 'x/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n' });
    symlinkSync(join(d, 'x'), join(d, 'x/loop'));
    expect(collectFiles([join(d, 'x')]).files).toHaveLength(1);
  });
});

describe('packageRootOf', () => {
  it('the nearest Kptfile up to the git root; not past it; not for a path its .krmignore leaves out', () => {
    const d = repo({
      Kptfile: KPTFILE('root'),
      '.krmignore': '/testdata/\n',
      'a/b/x.yaml': '',
      'testdata/c/x.yaml': '',
    });
    expect(packageRootOf(join(d, 'a/b'), true)).toBe(d);
    expect(packageRootOf(join(d, 'a/b/x.yaml'), false)).toBe(d);
    expect(packageRootOf(join(d, 'testdata/c'), true)).toBeUndefined();
    const inner = repo({ 'sub/x.yaml': '' });
    writeFileSync(join(dirname(inner), 'Kptfile'), KPTFILE('above-git-root'));
    expect(packageRootOf(join(inner, 'sub'), true)).toBeUndefined();
    rmSync(join(dirname(inner), 'Kptfile'));
  });
});

describe('packageRootOf widens to the outermost package whose pipeline runs the function', () => {
  // kpt fn render of an outer package renders its subpackages too: when its own pipeline runs
  // the function, the inner files feed its objects, so check of the inner path checks it.
  it.each([
    { what: 'outer runs the function: outer', outer: KPTFILE('pkg', ' '), ignore: '', want: 'pkg' },
    { what: 'outer Kptfile without the step: the inner package', outer: KPTFILE('pkg'), ignore: '', want: 'pkg/a/sub' },
    {
      what: 'outer runs it but its .krmignore leaves the inner package out: the inner package',
      outer: KPTFILE('pkg', ' '),
      ignore: 'a/\n',
      want: 'pkg/a/sub',
    },
  ])('$what', ({ outer, ignore, want }) => {
    const d = repo({
      'pkg/Kptfile': outer,
      ...(ignore ? { 'pkg/.krmignore': ignore } : {}),
      'pkg/a/Kptfile': KPTFILE('a'),
      'pkg/a/sub/Kptfile': KPTFILE('sub', ' '),
      'pkg/a/sub/x/hc.yaml': '',
    });
    expect(packageRootOf(join(d, 'pkg/a/sub/x'), true)).toBe(join(d, want));
    expect(packageRootOf(join(d, 'pkg/a/sub/x/hc.yaml'), false)).toBe(join(d, want));
  });
  it('not past the git root', () => {
    const inner = repo({ Kptfile: KPTFILE('inner', ' '), 'x.yaml': '' });
    writeFileSync(join(dirname(inner), 'Kptfile'), KPTFILE('above-git-root', ' ').replace(/\$FN/g, FN));
    try {
      expect(packageRootOf(join(inner, 'x.yaml'), false)).toBe(inner);
    } finally {
      rmSync(join(dirname(inner), 'Kptfile'));
    }
  });
  it('check of a subpackage finds what the enclosing render writes from it, and names that render', () => {
    const d = repo({
      'pkg/Kptfile': KPTFILE('pkg', ' '),
      'pkg/sub/Kptfile': KPTFILE('sub', '    configMap:\n      generate: ConfigMap\n'),
      'pkg/sub/hc.yaml': HC('c2'),
    });
    const j = check(d, 'pkg/sub');
    const itms = j.results.find((r) => r.subject === 'ImageTagMirrorSet c2-image-tag-mirrors');
    expect(itms?.code).toBe('missing-generated');
    expect(itms?.message).toContain('kpt fn render pkg --allow-exec');
  });
});

describe("notKrmReason (kpt's IsKRM)", () => {
  it.each([
    [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }, 'a.yaml', undefined],
    [{ on: 'push' }, 'ci.yml', 'resource must have `apiVersion`'],
    [[{ source: 'a', mirrors: ['b'] }], 'list.yaml', 'resource must have `apiVersion`'],
    [{ apiVersion: 'v1' }, 'a.yaml', 'resource must have `kind`'],
    [{ apiVersion: 'v1', kind: 'ConfigMap' }, 'a.yaml', 'resource must have `metadata.name`'],
    [{ resources: ['a.yaml'] }, 'kustomization.yaml', undefined],
    [{ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization' }, 'k.yaml', undefined],
    [{ kind: 'Kustomization' }, 'k.yaml', undefined],
  ])('%j in %s -> %s', (value, file, want) => {
    expect(notKrmReason(value, file)).toBe(want);
  });
});
