// End to end with the real kpt client (1.0): `kpt fn render --allow-exec` on
// examples/kpt-package and examples/kpt-invalid, and `kpt fn eval --exec`.
// Every test works on a fresh copy of the example (kpt writes back).
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  EXAMPLES,
  FN,
  ITMS_API,
  KPT,
  copyExample,
  describeRun,
  find,
  machineConfigOf,
  parseObjects,
  readTree,
  registriesConfOf,
  requireTools,
  run,
  skipWithout,
  toolAnnotations,
  treeDiff,
  type KObject,
} from './helpers';

const SEED_MIRRORS = [
  { source: 'quay.io/openshift', mirrors: ['mirror.example.com/openshift'] },
  {
    source: 'registry.redhat.io/ubi8',
    mirrors: ['mirror.example.com/ubi8', 'backup.mirror.com/ubi8'],
    mirrorSourcePolicy: 'AllowContactingSource',
  },
  {
    source: 'docker.io/library',
    mirrors: ['internal.registry.com/docker-library'],
    mirrorSourcePolicy: 'NeverContactSource',
  },
];
const GENERATED = 'clusters/my-cluster-image-tag-mirrors.yaml';

describe.skipIf(skipWithout(KPT))('kpt', () => {
  const kpt = (dir: string, ...args: string[]) => run(KPT!, args, { cwd: dir });
  const cleanups: (() => void)[] = [];
  const example = (name: string) => {
    const c = copyExample(name);
    cleanups.push(c.cleanup);
    return c;
  };

  beforeAll(() => requireTools({ kpt: KPT }));
  afterEach(() => {
    while (cleanups.length) cleanups.pop()!();
  });

  function generatedObjects(dir: string): KObject[] {
    const path = join(dir, GENERATED);
    expect(existsSync(path), `${GENERATED} was not written`).toBe(true);
    return parseObjects(readFileSync(path, 'utf8'));
  }

  function expectGenerated(objects: KObject[], mirrors: unknown, role = 'worker'): void {
    expect(objects.map((o) => `${o.apiVersion} ${o.kind}`)).toEqual([`${ITMS_API} ImageTagMirrorSet`, 'v1 ConfigMap']);
    const [itms, cm] = objects as [KObject, KObject];
    expect(itms.metadata?.name).toBe('my-cluster-image-tag-mirrors');
    expect(itms.metadata?.namespace).toBeUndefined();
    expect(itms.spec?.imageTagMirrors).toEqual(mirrors);
    expect(cm.metadata).toMatchObject({ name: 'my-cluster-image-tag-mirrors', namespace: 'clusters' });
    for (const o of objects) {
      expect(o.metadata?.annotations?.['image-tag-mirrors.dev/hosted-cluster']).toBe('clusters/my-cluster');
    }
    // kpt strips its own path/index annotations when it writes the file.
    expect(toolAnnotations(objects)).toEqual([]);
    const mc = machineConfigOf(cm);
    expect(mc.apiVersion).toBe('machineconfiguration.openshift.io/v1');
    expect(mc.kind).toBe('MachineConfig');
    expect(mc.metadata?.name).toBe(`99-${role}-image-tag-mirrors-my-cluster`);
    const conf = registriesConfOf(mc);
    expect(conf).toContain('pull-from-mirror = "tag-only"');
  }

  describe('fn render --allow-exec (examples/kpt-package)', () => {
    it('writes the ImageTagMirrorSet and the ConfigMap beside the HostedCluster', () => {
      const { dir } = example('kpt-package');
      const r = kpt(dir, 'fn', 'render', '.', '--allow-exec');
      expect(r.status, describeRun(r)).toBe(0);
      expect(r.output).toContain('[PASS] "../../dist/fn.js"');

      const objects = generatedObjects(dir);
      expectGenerated(objects, SEED_MIRRORS);
      const conf = registriesConfOf(machineConfigOf(objects[1]!));
      // NeverContactSource blocks the source registry.
      expect(conf).toMatch(/location = "docker\.io\/library"\s*\n\s*blocked = true/);
      for (const m of ['mirror.example.com/openshift', 'backup.mirror.com/ubi8', 'internal.registry.com/docker-library']) {
        expect(conf).toContain(`location = "${m}"`);
      }

      // Nothing else is added; the HostedCluster keeps its own file.
      expect(readdirSync(join(dir, 'clusters')).sort()).toEqual(['hosted-cluster.yaml', 'my-cluster-image-tag-mirrors.yaml']);
      const after = readFileSync(join(dir, 'clusters/hosted-cluster.yaml'), 'utf8');
      const original = readFileSync(join(EXAMPLES, 'kpt-package/clusters/hosted-cluster.yaml'), 'utf8');
      // The HostedCluster document, comments included, is untouched byte for byte.
      expect(after.split('\n---\n')[0]).toBe(original.split('\n---\n')[0]);
      const inFile = parseObjects(after);
      expect(find(inFile, 'HostedCluster', 'my-cluster')?.spec?.imageTagMirrorSet).toEqual(SEED_MIRRORS);
      // The NodePool of the cluster points at the generated ConfigMap.
      expect(find(inFile, 'NodePool', 'my-cluster-workers')?.spec?.config).toEqual([{ name: 'my-cluster-image-tag-mirrors' }]);
    });

    it('changes nothing on a second render (every file byte for byte)', () => {
      const { dir } = example('kpt-package');
      const first = kpt(dir, 'fn', 'render', '.', '--allow-exec');
      expect(first.status, describeRun(first)).toBe(0);
      const before = readTree(dir);
      const second = kpt(dir, 'fn', 'render', '.', '--allow-exec');
      expect(second.status, describeRun(second)).toBe(0);
      expect(treeDiff(before, readTree(dir))).toEqual([]);
    });

    it('follows edits: a shorter list updates the generated file, no list removes it and the NodePool reference', () => {
      const { dir } = example('kpt-package');
      const hcFile = join(dir, 'clusters/hosted-cluster.yaml');
      const original = readFileSync(hcFile, 'utf8');
      expect(kpt(dir, 'fn', 'render', '.', '--allow-exec').status).toBe(0);

      // Drop the docker.io/library entry.
      const shorter = readFileSync(hcFile, 'utf8').replace(
        /  - source: docker\.io\/library\n    mirrors:\n    - internal\.registry\.com\/docker-library\n    mirrorSourcePolicy: NeverContactSource\n/,
        '',
      );
      expect(shorter).not.toContain('docker.io/library');
      writeFileSync(hcFile, shorter);
      const r1 = kpt(dir, 'fn', 'render', '.', '--allow-exec');
      expect(r1.status, describeRun(r1)).toBe(0);
      expectGenerated(generatedObjects(dir), SEED_MIRRORS.slice(0, 2));

      // Drop the whole list (and its comment): the generated file goes away and
      // the HostedCluster file is back to its original NodePool.
      const none = readFileSync(hcFile, 'utf8').replace(/  # Tag-based mirrors[^]*?(?=---\n)/, '');
      expect(none).not.toContain('imageTagMirrorSet');
      writeFileSync(hcFile, none);
      const r2 = kpt(dir, 'fn', 'render', '.', '--allow-exec');
      expect(r2.status, describeRun(r2)).toBe(0);
      expect(existsSync(join(dir, GENERATED))).toBe(false);
      expect(readFileSync(hcFile, 'utf8')).toBe(original.replace(/  # Tag-based mirrors[^]*?(?=---\n)/, ''));
    });

    it('refuses to run an exec function without --allow-exec and writes nothing', () => {
      const { dir } = example('kpt-package');
      const before = readTree(dir);
      const r = kpt(dir, 'fn', 'render', '.');
      expect(r.status).not.toBe(0);
      expect(r.output).toMatch(/allow-exec/);
      expect(treeDiff(before, readTree(dir))).toEqual([]);
    });

    it('resolves the Kptfile exec path against the working directory, not the Kptfile', () => {
      // This is why the examples tell you to run kpt from the package directory.
      const { dir, root } = example('kpt-package');
      const before = readTree(dir);
      const r = kpt(root, 'fn', 'render', 'examples/kpt-package', '--allow-exec');
      expect(r.status).not.toBe(0);
      expect(r.output).toContain('../../dist/fn.js: no such file or directory');
      expect(treeDiff(before, readTree(dir))).toEqual([]);
    });
  });

  describe('fn render --allow-exec (examples/kpt-invalid)', () => {
    it('fails, prints our results (severity, resource, field; file in --results-dir) and leaves the package unchanged', () => {
      const { dir, root } = example('kpt-invalid');
      const before = readTree(dir);
      const resultsDir = join(root, 'results');
      const r = kpt(dir, 'fn', 'render', '.', '--allow-exec', '--results-dir', resultsDir);
      expect(r.status, describeRun(r)).not.toBe(0);
      expect(r.output).toContain('[FAIL] "../../dist/fn.js"');
      // kpt prints each result as `[severity] group/version/Kind/namespace/name field: message`.
      expect(r.output).toMatch(
        /\[error\] hypershift\.openshift\.io\/v1beta1\/HostedCluster\/clusters\/broken-cluster spec\.imageTagMirrorSet\[1\]\.mirrorSourcePolicy: .*SometimesContactSource/,
      );
      // Our own stderr line, relayed by kpt.
      expect(r.output).toMatch(/image-tag-mirrors: error\[[a-z0-9-]+\] [^\n]*clusters\/broken-cluster spec\.imageTagMirrorSet\[1\]\.mirrorSourcePolicy\b/);
      expect(treeDiff(before, readTree(dir))).toEqual([]);

      // kpt's console output has no file; the results file has all fields.
      const resultFiles = readdirSync(resultsDir);
      expect(resultFiles).toHaveLength(1);
      const [list] = parseObjects(readFileSync(join(resultsDir, resultFiles[0]!), 'utf8'));
      const items = (list as { items?: { exitCode?: number; results?: Record<string, unknown>[] }[] }).items ?? [];
      expect(items[0]?.exitCode).toBe(1);
      const results = items[0]?.results ?? [];
      expect(results).toContainEqual(
        expect.objectContaining({
          severity: 'error',
          resourceRef: expect.objectContaining({ kind: 'HostedCluster', name: 'broken-cluster', namespace: 'clusters' }),
          field: expect.objectContaining({ path: 'spec.imageTagMirrorSet[1].mirrorSourcePolicy' }),
          file: expect.objectContaining({ path: 'clusters/hosted-cluster.yaml' }),
        }),
      );
    });
  });

  describe('fn eval --exec', () => {
    it('without a function config: generates the same files as render', () => {
      const rendered = example('kpt-package');
      const r1 = kpt(rendered.dir, 'fn', 'render', '.', '--allow-exec');
      expect(r1.status, describeRun(r1)).toBe(0);

      const { dir, root } = example('kpt-package');
      // An absolute path works from any directory.
      const r = kpt(root, 'fn', 'eval', dir, '--exec', FN);
      expect(r.status, describeRun(r)).toBe(0);
      expect(treeDiff(readTree(rendered.dir), readTree(dir))).toEqual([]);
    });

    it('with --output unwrap: prints the objects and writes nothing', () => {
      const { dir } = example('kpt-package');
      const before = readTree(dir);
      const r = kpt(dir, 'fn', 'eval', '.', '--exec', '../../dist/fn.js', '--output', 'unwrap');
      expect(r.status, describeRun(r)).toBe(0);
      expect(treeDiff(before, readTree(dir))).toEqual([]);
      const objects = parseObjects(r.stdout);
      expect(find(objects, 'ImageTagMirrorSet', 'my-cluster-image-tag-mirrors')).toBeDefined();
      expect(find(objects, 'ConfigMap', 'my-cluster-image-tag-mirrors')).toBeDefined();
      expect(find(objects, 'HostedCluster', 'my-cluster')).toBeDefined();
    });

    it('with --fn-config (typed ImageTagMirrors): replaces the named cluster\'s list and regenerates', () => {
      const { dir } = example('kpt-package');
      const r = kpt(dir, 'fn', 'eval', '.', '--exec', '../../dist/fn.js', '--fn-config', 'fn-config/replace-mirrors.yaml');
      expect(r.status, describeRun(r)).toBe(0);
      const replaced = [
        { source: 'quay.io/openshift', mirrors: ['registry.corp.example.com/openshift'] },
        { source: 'registry.redhat.io', mirrors: ['registry.corp.example.com/redhat'], mirrorSourcePolicy: 'NeverContactSource' },
      ];
      const hc = find(parseObjects(readFileSync(join(dir, 'clusters/hosted-cluster.yaml'), 'utf8')), 'HostedCluster', 'my-cluster');
      expect(hc?.spec?.imageTagMirrorSet).toEqual(replaced);
      expectGenerated(generatedObjects(dir), replaced);
      // .krmignore keeps the config itself out of the package.
      expect(readFileSync(join(dir, 'fn-config/replace-mirrors.yaml'), 'utf8')).toContain('kind: ImageTagMirrors');
    });

    it('with -- key=value (ConfigMap config): role', () => {
      const { dir } = example('kpt-package');
      const r = kpt(dir, 'fn', 'eval', '.', '--exec', '../../dist/fn.js', '--', 'role=infra');
      expect(r.status, describeRun(r)).toBe(0);
      const objects = generatedObjects(dir);
      expectGenerated(objects, SEED_MIRRORS, 'infra');
      expect(machineConfigOf(objects[1]!).metadata?.labels?.['machineconfiguration.openshift.io/role']).toBe('infra');
    });

    it('with -- key=value (ConfigMap config): a list for a named cluster', () => {
      const { dir } = example('kpt-package');
      const r = kpt(
        dir,
        'fn',
        'eval',
        '.',
        '--exec',
        '../../dist/fn.js',
        '--',
        'clusterName=my-cluster',
        'clusterNamespace=clusters',
        'imageTagMirrorSet=[{source: quay.io/openshift, mirrors: [registry.corp.example.com/openshift]}]',
      );
      expect(r.status, describeRun(r)).toBe(0);
      const list = [{ source: 'quay.io/openshift', mirrors: ['registry.corp.example.com/openshift'] }];
      const hc = find(parseObjects(readFileSync(join(dir, 'clusters/hosted-cluster.yaml'), 'utf8')), 'HostedCluster', 'my-cluster');
      expect(hc?.spec?.imageTagMirrorSet).toEqual(list);
      expectGenerated(generatedObjects(dir), list);
    });

    it('with -- validateOnly=true on an invalid package: fails and writes nothing', () => {
      const { dir } = example('kpt-invalid');
      const before = readTree(dir);
      const r = kpt(dir, 'fn', 'eval', '.', '--exec', '../../dist/fn.js', '--', 'validateOnly=true');
      expect(r.status).not.toBe(0);
      expect(r.output).toContain('spec.imageTagMirrorSet[1].mirrorSourcePolicy');
      expect(treeDiff(before, readTree(dir))).toEqual([]);
    });
  });
});
