// End to end with the real kpt client (1.0), run as the READMEs say: from the
// repository root, where every Kptfile's `exec: ./dist/fn.js` resolves.
//  - the root package (Kptfile, .krmignore, clusters/): `kpt fn render
//    --allow-exec`, which also renders the subpackage examples/kpt-package, and
//    `kpt fn eval . --exec ./dist/fn.js`;
//  - examples/kpt-package: `kpt fn render examples/kpt-package --allow-exec`
//    and `kpt fn eval examples/kpt-package --exec ./dist/fn.js`;
//  - examples/kpt-invalid (no Kptfile, so that it does not fail the root
//    render): `kpt fn eval`, and `kpt fn render` with a Kptfile added in the copy.
// The rendered files are committed, so every test works on a fresh copy of the
// repository layout (kpt writes back), and the tests that prove generation
// first delete the generated files and the NodePool references in the copy.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  EXAMPLES,
  FN,
  REPO_ROOT,
  TOOLS,
  copyRepo,
  describeRun,
  readTree,
  requireBundle,
  requireTool,
  run,
  treeDiff,
} from '../helpers/tools.js';
import {
  ITMS_API,
  find,
  machineConfigOf,
  parseObjects,
  registriesConfOf,
  toolAnnotations,
  type KubeObject,
} from '../helpers/objects.js';
import { SEED_MIRRORS } from '../helpers/seed.js';

const SAMPLE_MIRRORS = [
  { source: 'quay.io/openshift', mirrors: ['mirror.example.com/openshift'] },
  {
    source: 'docker.io/library',
    mirrors: ['internal.registry.example.com/docker-library'],
    mirrorSourcePolicy: 'NeverContactSource',
  },
];

const PKG = 'examples/kpt-package';
const INVALID = 'examples/kpt-invalid';
/** The generated files and the files holding the NodePools they are wired into. */
const GENERATED = `${PKG}/clusters/my-cluster-image-tag-mirrors.yaml`;
const HC_FILE = `${PKG}/clusters/hosted-cluster.yaml`;
/** `kpt fn eval` of examples/kpt-package with the bundle, from the repository root. */
const EVAL_PKG = ['fn', 'eval', PKG, '--exec', './dist/fn.js'];
const ROOT_GENERATED = 'clusters/sample-image-tag-mirrors.yaml';
const ROOT_FILE = 'clusters/sample.yaml';

/** The NodePool reference the function adds, as kpt writes it. */
const wiring = (cluster: string) => `  config:\n  - name: ${cluster}-image-tag-mirrors\n`;

/** A Kptfile for the temporary copy of examples/kpt-invalid (the example has none). */
const INVALID_KPTFILE = `apiVersion: kpt.dev/v1
kind: Kptfile
metadata:
  name: kpt-invalid
  annotations:
    config.kubernetes.io/local-config: "true"
pipeline:
  mutators:
  - exec: ./dist/fn.js
`;

const kptTool = requireTool(TOOLS.kpt);
const KPT = kptTool.path;

describe.skipIf(kptTool.skip)(kptTool.title('kpt'), () => {
  const kpt = (cwd: string, ...args: string[]) => run(KPT!, args, { cwd });
  /** kpt with args in cwd fails, its output says `says`, and no file of the copy at root changed. */
  const expectRefused = (root: string, cwd: string, args: string[], says: string | RegExp) => {
    const before = readTree(root);
    const r = kpt(cwd, ...args);
    expect(r.status, describeRun(r)).not.toBe(0);
    expect(r.output).toMatch(says);
    expect(treeDiff(before, readTree(root))).toEqual([]);
  };
  const cleanups: (() => void)[] = [];
  /** A fresh copy of the repository layout with the named examples; returns its root. */
  const repo = (...examples: string[]): string => {
    const c = copyRepo(...examples);
    cleanups.push(c.cleanup);
    return c.root;
  };
  const read = (root: string, path: string) => readFileSync(join(root, path), 'utf8');
  /** An empty directory outside the copy, for --results-dir. */
  const resultsDir = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'itm-e2e-results-'));
    cleanups.push(() => rmSync(d, { recursive: true, force: true }));
    return d;
  };

  beforeAll(requireBundle);
  afterEach(() => {
    while (cleanups.length) cleanups.pop()!();
  });

  /**
   * Undoes a render in the copy: deletes the generated file and the NodePool
   * reference, after checking that the committed files hold both.
   */
  function unrender(root: string, generated: string, nodePoolFile: string, cluster: string): void {
    expect(existsSync(join(root, generated)), `${generated} is not committed: render and commit it`).toBe(true);
    rmSync(join(root, generated));
    const text = read(root, nodePoolFile);
    expect(text, `${nodePoolFile} has no committed NodePool reference`).toContain(wiring(cluster));
    writeFileSync(join(root, nodePoolFile), text.replace(wiring(cluster), ''));
  }
  const unrenderPackage = (root: string) => unrender(root, GENERATED, HC_FILE, 'my-cluster');
  const unrenderRoot = (root: string) => unrender(root, ROOT_GENERATED, ROOT_FILE, 'sample');

  function generatedObjects(root: string, path = GENERATED): KubeObject[] {
    expect(existsSync(join(root, path)), `${path} was not written`).toBe(true);
    return parseObjects(read(root, path));
  }

  function expectGenerated(objects: KubeObject[], mirrors: unknown, role = 'worker', cluster = 'my-cluster'): void {
    expect(objects.map((o) => `${o.apiVersion} ${o.kind}`)).toEqual([`${ITMS_API} ImageTagMirrorSet`, 'v1 ConfigMap']);
    const [itms, cm] = objects as [KubeObject, KubeObject];
    expect(itms.metadata?.name).toBe(`${cluster}-image-tag-mirrors`);
    expect(itms.metadata?.namespace).toBeUndefined();
    expect(itms.spec?.imageTagMirrors).toEqual(mirrors);
    expect(cm.metadata).toMatchObject({ name: `${cluster}-image-tag-mirrors`, namespace: 'clusters' });
    for (const o of objects) {
      expect(o.metadata?.annotations?.['image-tag-mirrors.dev/hosted-cluster']).toBe(`clusters/${cluster}`);
    }
    // kpt strips its own path/index annotations when it writes the file.
    expect(toolAnnotations(objects)).toEqual([]);
    const mc = machineConfigOf(cm);
    expect(mc.apiVersion).toBe('machineconfiguration.openshift.io/v1');
    expect(mc.kind).toBe('MachineConfig');
    expect(mc.metadata?.name).toBe(`99-${role}-image-tag-mirrors-${cluster}`);
    const conf = registriesConfOf(mc);
    expect(conf).toContain('pull-from-mirror = "tag-only"');
  }

  /** my-cluster's list in the package is `mirrors`, and the generated objects follow it. */
  function expectListAndGenerated(root: string, mirrors: unknown): void {
    const hc = find(parseObjects(read(root, HC_FILE)), 'HostedCluster', 'my-cluster');
    expect(hc?.spec?.imageTagMirrorSet).toEqual(mirrors);
    expectGenerated(generatedObjects(root), mirrors);
  }

  describe('the repository root package: kpt fn render --allow-exec at the root', () => {
    it('renders clusters/ and the subpackage examples/kpt-package from scratch, to exactly the committed files', () => {
      const root = repo('kpt-package', 'kpt-invalid');
      const committed = readTree(root);
      // The copy holds the root's non-KRM files that .krmignore must keep out.
      for (const f of ['package.json', 'package-lock.json', 'tsconfig.json']) expect(committed.has(f), f).toBe(true);
      unrenderRoot(root);
      unrenderPackage(root);

      const r = kpt(root, 'fn', 'render', '--allow-exec');
      expect(r.status, describeRun(r)).toBe(0);
      // Subpackage first, then the root; examples/kpt-invalid has no Kptfile.
      expect(r.output).toMatch(
        /Package "[^"]*\/examples\/kpt-package":\s*\n\[RUNNING\] "\.\/dist\/fn\.js"\n\[PASS\] "\.\/dist\/fn\.js"/,
      );
      expect(r.output).toContain('Successfully executed 2 function(s) in 2 package(s).');
      expect(r.output).not.toContain('kpt-invalid');

      // Every file, generated ones and wired NodePools included, byte for byte as committed.
      expect(treeDiff(committed, readTree(root))).toEqual([]);
      expectGenerated(generatedObjects(root, ROOT_GENERATED), SAMPLE_MIRRORS, 'worker', 'sample');
      const sample = parseObjects(read(root, ROOT_FILE));
      expect(find(sample, 'HostedCluster', 'sample')?.spec?.imageTagMirrorSet).toEqual(SAMPLE_MIRRORS);
      expect(find(sample, 'NodePool', 'sample-workers')?.spec?.config).toEqual([{ name: 'sample-image-tag-mirrors' }]);
      expectGenerated(generatedObjects(root), SEED_MIRRORS);
      expect(readdirSync(join(root, 'clusters')).sort()).toEqual(['sample-image-tag-mirrors.yaml', 'sample.yaml']);
    });

    it('changes nothing on the committed files, nor on a second render (every file byte for byte)', () => {
      const root = repo('kpt-package', 'kpt-invalid');
      const committed = readTree(root);
      const first = kpt(root, 'fn', 'render', '--allow-exec');
      expect(first.status, describeRun(first)).toBe(0);
      expect(treeDiff(committed, readTree(root))).toEqual([]);
      const second = kpt(root, 'fn', 'render', '--allow-exec');
      expect(second.status, describeRun(second)).toBe(0);
      expect(treeDiff(committed, readTree(root))).toEqual([]);
    });

    it('kpt fn eval . --exec ./dist/fn.js: generates clusters/ only (.krmignore keeps examples/ out of eval, subpackage included), then changes nothing', () => {
      const root = repo('kpt-package', 'kpt-invalid');
      const committed = readTree(root);
      unrenderRoot(root);
      unrenderPackage(root);
      const unrendered = readTree(root);

      const r = kpt(root, 'fn', 'eval', '.', '--exec', './dist/fn.js');
      expect(r.status, describeRun(r)).toBe(0);
      const after = readTree(root);
      for (const f of [ROOT_GENERATED, ROOT_FILE]) expect(after.get(f)?.equals(committed.get(f)!), f).toBe(true);
      expect(after.has(GENERATED)).toBe(false);
      expect(after.get(HC_FILE)?.equals(unrendered.get(HC_FILE)!)).toBe(true);
      expect(treeDiff(unrendered, after).sort()).toEqual([
        `added ${ROOT_GENERATED}`,
        expect.stringMatching(`^changed ${ROOT_FILE}:`),
      ]);

      const again = kpt(root, 'fn', 'eval', '.', '--exec', './dist/fn.js');
      expect(again.status, describeRun(again)).toBe(0);
      expect(treeDiff(after, readTree(root))).toEqual([]);
    });

    it('refuses to run an exec function without --allow-exec and writes nothing', () => {
      const root = repo('kpt-package');
      unrenderRoot(root);
      unrenderPackage(root);
      expectRefused(root, root, ['fn', 'render'], /allow-exec/);
    });
  });

  describe('examples/kpt-package: kpt fn render examples/kpt-package --allow-exec from the root', () => {
    it('writes the ImageTagMirrorSet and the ConfigMap beside the HostedCluster and wires the NodePool', () => {
      const root = repo('kpt-package');
      const committed = readTree(root);
      unrenderPackage(root);
      const r = kpt(root, 'fn', 'render', PKG, '--allow-exec');
      expect(r.status, describeRun(r)).toBe(0);
      expect(r.output).toContain('[PASS] "./dist/fn.js"');
      expect(r.output).toContain('Successfully executed 1 function(s) in 1 package(s).');

      const objects = generatedObjects(root);
      expectGenerated(objects, SEED_MIRRORS);
      const conf = registriesConfOf(machineConfigOf(objects[1]!));
      // NeverContactSource blocks the source registry.
      expect(conf).toMatch(/location = "docker\.io\/library"\s*\n\s*blocked = true/);
      for (const m of [
        'mirror.example.com/openshift',
        'backup.mirror.com/ubi8',
        'internal.registry.com/docker-library',
      ]) {
        expect(conf).toContain(`location = "${m}"`);
      }

      // Nothing else is added; the HostedCluster keeps its own file.
      expect(readdirSync(join(root, PKG, 'clusters')).sort()).toEqual([
        'hosted-cluster.yaml',
        'my-cluster-image-tag-mirrors.yaml',
      ]);
      const after = read(root, HC_FILE);
      const original = readFileSync(join(EXAMPLES, 'kpt-package/clusters/hosted-cluster.yaml'), 'utf8');
      // The HostedCluster document, comments included, is untouched byte for byte.
      expect(after.split('\n---\n')[0]).toBe(original.split('\n---\n')[0]);
      const inFile = parseObjects(after);
      expect(find(inFile, 'HostedCluster', 'my-cluster')?.spec?.imageTagMirrorSet).toEqual(SEED_MIRRORS);
      // The NodePool of the cluster points at the generated ConfigMap.
      expect(find(inFile, 'NodePool', 'my-cluster-workers')?.spec?.config).toEqual([
        { name: 'my-cluster-image-tag-mirrors' },
      ]);
      // The generated file and the wired NodePool are the committed ones, and
      // the root package (not named on the command line) is left alone.
      expect(treeDiff(committed, readTree(root))).toEqual([]);
    });

    it('changes nothing on a second render (every file byte for byte)', () => {
      const root = repo('kpt-package');
      unrenderPackage(root);
      const first = kpt(root, 'fn', 'render', PKG, '--allow-exec');
      expect(first.status, describeRun(first)).toBe(0);
      const before = readTree(root);
      const second = kpt(root, 'fn', 'render', PKG, '--allow-exec');
      expect(second.status, describeRun(second)).toBe(0);
      expect(treeDiff(before, readTree(root))).toEqual([]);
    });

    it('follows edits: a shorter list updates the generated file, no list removes it and the NodePool reference', () => {
      const root = repo('kpt-package');
      const hcFile = join(root, HC_FILE);
      const original = readFileSync(hcFile, 'utf8');
      expect(original).toContain(wiring('my-cluster'));

      // Drop the docker.io/library entry.
      const shorter = original.replace(
        / {2}- source: docker\.io\/library\n {4}mirrors:\n {4}- internal\.registry\.com\/docker-library\n {4}mirrorSourcePolicy: NeverContactSource\n/,
        '',
      );
      expect(shorter).not.toContain('docker.io/library');
      writeFileSync(hcFile, shorter);
      const r1 = kpt(root, 'fn', 'render', PKG, '--allow-exec');
      expect(r1.status, describeRun(r1)).toBe(0);
      expectGenerated(generatedObjects(root), SEED_MIRRORS.slice(0, 2));
      expect(readFileSync(hcFile, 'utf8')).toBe(shorter);

      // Drop the whole list (and its comment): the generated file goes away and
      // the NodePool loses its reference.
      const none = readFileSync(hcFile, 'utf8').replace(/ {2}# Tag-based mirrors[^]*?(?=---\n)/, '');
      expect(none).not.toContain('imageTagMirrorSet');
      writeFileSync(hcFile, none);
      const r2 = kpt(root, 'fn', 'render', PKG, '--allow-exec');
      expect(r2.status, describeRun(r2)).toBe(0);
      expect(existsSync(join(root, GENERATED))).toBe(false);
      expect(readFileSync(hcFile, 'utf8')).toBe(none.replace(wiring('my-cluster'), ''));
    });

    it('refuses to run an exec function without --allow-exec and writes nothing', () => {
      const root = repo('kpt-package');
      unrenderPackage(root);
      expectRefused(root, root, ['fn', 'render', PKG], /allow-exec/);
    });

    it('resolves the Kptfile exec path against the working directory, not the Kptfile', () => {
      // This is why the examples tell you to run kpt from the repository root.
      const root = repo('kpt-package');
      unrenderPackage(root);
      expectRefused(
        root,
        join(root, PKG),
        ['fn', 'render', '.', '--allow-exec'],
        './dist/fn.js: no such file or directory',
      );
    });
  });

  describe('examples/kpt-invalid', () => {
    function expectResultsFile(dir: string): void {
      // kpt's console output has no file; the results file has all fields.
      const resultFiles = readdirSync(dir);
      expect(resultFiles).toHaveLength(1);
      const [list] = parseObjects(readFileSync(join(dir, resultFiles[0]!), 'utf8'));
      const items = (list as { items?: { exitCode?: number; results?: Record<string, unknown>[] }[] }).items ?? [];
      expect(items[0]?.exitCode).toBe(1);
      const results = items[0]?.results ?? [];
      expect(results).toContainEqual(
        expect.objectContaining({
          severity: 'error',
          resourceRef: expect.objectContaining({
            kind: 'HostedCluster',
            name: 'broken-cluster',
            namespace: 'clusters',
          }),
          field: expect.objectContaining({ path: 'spec.imageTagMirrorSet[1].mirrorSourcePolicy' }),
          file: expect.objectContaining({ path: 'clusters/hosted-cluster.yaml' }),
        }),
      );
    }

    function expectPrintedResults(output: string): void {
      // kpt prints each result as `[severity] group/version/Kind/namespace/name field: message`.
      expect(output).toMatch(
        /\[error\] hypershift\.openshift\.io\/v1beta1\/HostedCluster\/clusters\/broken-cluster spec\.imageTagMirrorSet\[1\]\.mirrorSourcePolicy: .*SometimesContactSource/,
      );
      // Our own stderr line, relayed by kpt.
      expect(output).toMatch(
        /image-tag-mirrors: error\[[a-z0-9-]+\] [^\n]*clusters\/broken-cluster spec\.imageTagMirrorSet\[1\]\.mirrorSourcePolicy\b/,
      );
    }

    it('has no Kptfile, so that a render at the root does not run it', () => {
      expect(existsSync(join(REPO_ROOT, INVALID, 'Kptfile'))).toBe(false);
    });

    it('kpt fn eval --exec: exits 1, prints our results (severity, resource, field; file in --results-dir) and writes nothing', () => {
      const root = repo('kpt-invalid');
      const before = readTree(root);
      const results = resultsDir();
      const r = kpt(root, 'fn', 'eval', INVALID, '--exec', './dist/fn.js', '--results-dir', results);
      expect(r.status, describeRun(r)).toBe(1);
      expect(r.output).toContain('[FAIL] "./dist/fn.js"');
      expectPrintedResults(r.output);
      expect(treeDiff(before, readTree(root))).toEqual([]);
      expectResultsFile(results);
    });

    it('kpt fn render --allow-exec (Kptfile added in the copy): fails, prints our results and leaves the package unchanged', () => {
      const root = repo('kpt-package', 'kpt-invalid');
      writeFileSync(join(root, INVALID, 'Kptfile'), INVALID_KPTFILE);
      const before = readTree(root);
      const results = resultsDir();
      const r = kpt(root, 'fn', 'render', INVALID, '--allow-exec', '--results-dir', results);
      expect(r.status, describeRun(r)).not.toBe(0);
      expect(r.output).toContain('[FAIL] "./dist/fn.js"');
      expectPrintedResults(r.output);
      expect(treeDiff(before, readTree(root))).toEqual([]);
      expectResultsFile(results);

      // With that Kptfile, a render at the root fails too (and writes nothing):
      // why the example has none.
      const atRoot = kpt(root, 'fn', 'render', '--allow-exec');
      expect(atRoot.status, describeRun(atRoot)).not.toBe(0);
      expect(atRoot.output).toMatch(/Package "[^"]*\/examples\/kpt-invalid":/);
      expect(treeDiff(before, readTree(root))).toEqual([]);
    });

    it('kpt fn eval -- validateOnly=true: fails and writes nothing', () => {
      const root = repo('kpt-invalid');
      const args = ['fn', 'eval', INVALID, '--exec', './dist/fn.js', '--', 'validateOnly=true'];
      expectRefused(root, root, args, 'spec.imageTagMirrorSet[1].mirrorSourcePolicy');
    });
  });

  describe('kpt fn eval examples/kpt-package --exec ./dist/fn.js', () => {
    it('without a function config: generates the same files as render (the committed ones)', () => {
      const root = repo('kpt-package');
      const committed = readTree(root);
      unrenderPackage(root);
      const r = kpt(root, ...EVAL_PKG);
      expect(r.status, describeRun(r)).toBe(0);
      expect(treeDiff(committed, readTree(root))).toEqual([]);
    });

    it('an absolute exec path works from any directory', () => {
      const root = repo('kpt-package');
      const committed = readTree(root);
      unrenderPackage(root);
      const r = kpt(join(root, PKG), 'fn', 'eval', '.', '--exec', FN);
      expect(r.status, describeRun(r)).toBe(0);
      expect(treeDiff(committed, readTree(root))).toEqual([]);
    });

    it('with --output unwrap: prints the objects and writes nothing', () => {
      const root = repo('kpt-package');
      unrenderPackage(root);
      const before = readTree(root);
      const r = kpt(root, ...EVAL_PKG, '--output', 'unwrap');
      expect(r.status, describeRun(r)).toBe(0);
      expect(treeDiff(before, readTree(root))).toEqual([]);
      const objects = parseObjects(r.stdout);
      expect(find(objects, 'ImageTagMirrorSet', 'my-cluster-image-tag-mirrors')).toBeDefined();
      expect(find(objects, 'ConfigMap', 'my-cluster-image-tag-mirrors')).toBeDefined();
      expect(find(objects, 'HostedCluster', 'my-cluster')).toBeDefined();
      expect(find(objects, 'NodePool', 'my-cluster-workers')?.spec?.config).toEqual([
        { name: 'my-cluster-image-tag-mirrors' },
      ]);
    });

    it("with --fn-config (typed ImageTagMirrors): replaces the named cluster's list and regenerates", () => {
      const root = repo('kpt-package');
      const r = kpt(root, ...EVAL_PKG, '--fn-config', `${PKG}/fn-config/replace-mirrors.yaml`);
      expect(r.status, describeRun(r)).toBe(0);
      const replaced = [
        { source: 'quay.io/openshift', mirrors: ['registry.corp.example.com/openshift'] },
        {
          source: 'registry.redhat.io',
          mirrors: ['registry.corp.example.com/redhat'],
          mirrorSourcePolicy: 'NeverContactSource',
        },
      ];
      expectListAndGenerated(root, replaced);
      // .krmignore keeps the config itself out of the package.
      expect(read(root, `${PKG}/fn-config/replace-mirrors.yaml`)).toContain('kind: ImageTagMirrors');
    });

    it('with -- role=infra: refused (99-infra-… would sort before MCO’s file), and nothing is written', () => {
      const root = repo('kpt-package');
      const args = [...EVAL_PKG, '--', 'role=infra'];
      expectRefused(root, root, args, '99-worker-generated-registries');
    });

    it('with -- generate=ConfigMap: the ImageTagMirrorSet is left out (and removed), the NodePool stays wired', () => {
      const root = repo('kpt-package');
      const r = kpt(root, ...EVAL_PKG, '--', 'generate=ConfigMap');
      expect(r.status, describeRun(r)).toBe(0);
      const objects = generatedObjects(root);
      expect(objects.map((o) => o.kind)).toEqual(['ConfigMap']);
      expect(machineConfigOf(objects[0]!).metadata?.name).toBe('99-worker-image-tag-mirrors-my-cluster');
      expect(read(root, HC_FILE)).toContain(wiring('my-cluster'));
    });

    it('with -- key=value (ConfigMap config): a list for a named cluster', () => {
      const root = repo('kpt-package');
      const r = kpt(
        root,
        ...EVAL_PKG,
        '--',
        'clusterName=my-cluster',
        'clusterNamespace=clusters',
        'imageTagMirrorSet=[{source: quay.io/openshift, mirrors: [registry.corp.example.com/openshift]}]',
      );
      expect(r.status, describeRun(r)).toBe(0);
      const list = [{ source: 'quay.io/openshift', mirrors: ['registry.corp.example.com/openshift'] }];
      expectListAndGenerated(root, list);
    });
  });

  // A Kptfile step with selectors hides the generated file from every render: the first
  // render adds the objects (with a warning), later ones see the NodePool wired to the
  // ConfigMap and add no copy.
  it('a pipeline step with selectors [HostedCluster, NodePool]: renders after the first change nothing', () => {
    const root = repo('kpt-package');
    unrenderPackage(root);
    const kptfile = join(root, PKG, 'Kptfile');
    writeFileSync(
      kptfile,
      read(root, `${PKG}/Kptfile`).replace(
        '  - exec: ./dist/fn.js\n',
        '  - exec: ./dist/fn.js\n    selectors:\n    - kind: HostedCluster\n    - kind: NodePool\n',
      ),
    );
    const first = kpt(root, 'fn', 'render', PKG, '--allow-exec');
    expect(first.status, describeRun(first)).toBe(0);
    expect(first.stdout + first.stderr).toMatch(
      /added for HostedCluster clusters\/my-cluster: kpt handed this step a selection/,
    );
    expect(parseObjects(read(root, GENERATED))).toHaveLength(2);
    const after = readTree(root);
    for (let i = 0; i < 2; i++) {
      const again = kpt(root, 'fn', 'render', PKG, '--allow-exec');
      expect(again.status, describeRun(again)).toBe(0);
      expect(again.stdout + again.stderr).toMatch(/not added/);
      expect(treeDiff(after, readTree(root))).toEqual([]);
    }
  });

  // A selection by name hides the NodePool and the generated file: kpt would append whatever
  // the function adds beside the hidden copy on every render. The generated file sorts after
  // the HostedCluster's, so nothing shows it absent: nothing is added, every render warns with
  // the selectors that work, and those selectors then render as a full render does.
  it('a pipeline step with selectors [{name: my-cluster}]: no copies, and the advised selectors render the package', () => {
    const reference = repo('kpt-package');
    unrenderPackage(reference);
    const full = kpt(reference, 'fn', 'render', PKG, '--allow-exec');
    expect(full.status, describeRun(full)).toBe(0);

    const root = repo('kpt-package');
    unrenderPackage(root);
    const kptfile = join(root, PKG, 'Kptfile');
    const step = (selectors: string) =>
      writeFileSync(
        kptfile,
        read(reference, `${PKG}/Kptfile`).replace(
          '  - exec: ./dist/fn.js\n',
          `  - exec: ./dist/fn.js\n    selectors: ${selectors}\n`,
        ),
      );
    step('[{name: my-cluster}]');
    const before = readTree(root);
    let advice = '';
    for (let i = 0; i < 3; i++) {
      const r = kpt(root, 'fn', 'render', PKG, '--allow-exec');
      expect(r.status, describeRun(r)).toBe(0);
      const said =
        /not added for HostedCluster clusters\/my-cluster.*use the selectors (\[.*?\]) in the Kptfile step/s.exec(
          r.stdout + r.stderr,
        );
      expect(said, describeRun(r)).not.toBeNull();
      advice = said![1]!;
      expect(treeDiff(before, readTree(root)).filter((d) => !d.includes('Kptfile'))).toEqual([]);
    }
    step(advice);
    for (let i = 0; i < 2; i++) {
      const r = kpt(root, 'fn', 'render', PKG, '--allow-exec');
      expect(r.status, describeRun(r)).toBe(0);
    }
    const diff = treeDiff(readTree(reference), readTree(root)).filter((d) => !d.startsWith(`changed ${PKG}/Kptfile`));
    expect(diff).toEqual([]);
  });

  // kpt fn eval --match-name on a folder of resources (no Kptfile: with one, the Kptfile is
  // kpt's hidden item 0 under eval too, and nothing tells it from a generated file): the
  // function's file sorts before the HostedCluster's, which is kpt's item 0, so the first eval
  // proves the file absent and adds it; later evals hide it (items 0 and 1) and add no copy.
  it('kpt fn eval --match-name three times: the generated objects once', () => {
    const root = repo('kpt-package');
    unrenderPackage(root);
    const moved = `${PKG}/clusters/z-hosted-cluster.yaml`;
    writeFileSync(join(root, moved), read(root, HC_FILE));
    rmSync(join(root, HC_FILE));
    rmSync(join(root, PKG, 'Kptfile'));
    rmSync(join(root, PKG, 'fn-config'), { recursive: true });
    const runs = [0, 1, 2].map(() => {
      const r = kpt(root, ...EVAL_PKG, '--match-name', 'my-cluster');
      expect(r.status, describeRun(r)).toBe(0);
      return { out: r.stdout + r.stderr, tree: readTree(root) };
    });
    expect(parseObjects(read(root, GENERATED)).map((o) => o.kind)).toEqual(['ImageTagMirrorSet', 'ConfigMap']);
    expect(runs[0]!.out).toMatch(/added for HostedCluster clusters\/my-cluster, but none of its NodePools/);
    expect(runs[1]!.out).toMatch(/not added for HostedCluster clusters\/my-cluster/);
    expect(treeDiff(runs[0]!.tree, runs[2]!.tree)).toEqual([]);
  });

  // kpt's selectors hand the function part of the package. Whatever a selector run does, a
  // full render after it must write exactly what a full render alone writes, on the committed
  // package and after an edit of the mirror list; the NodePool and ConfigMap runs must not
  // change a file at all.
  describe('selector runs, then a full render: exactly the files of a full render alone', () => {
    const SELECTORS: [string, string][] = [
      ['--match-kind', 'NodePool'],
      ['--match-kind', 'ConfigMap'],
      ['--match-kind', 'ImageTagMirrorSet'],
      ['--match-kind', 'HostedCluster'],
      ['--match-namespace', 'clusters'],
    ];
    /** Drops docker.io/library from my-cluster's list: the generated objects must change. */
    const edit = (root: string) => {
      const text = read(root, HC_FILE);
      const shorter = text.replace(
        / {2}- source: docker\.io\/library\n {4}mirrors:\n {4}- internal\.registry\.com\/docker-library\n {4}mirrorSourcePolicy: NeverContactSource\n/,
        '',
      );
      expect(shorter).not.toBe(text);
      writeFileSync(join(root, HC_FILE), shorter);
    };
    const render = (root: string) => {
      const r = kpt(root, ...EVAL_PKG);
      expect(r.status, describeRun(r)).toBe(0);
    };

    for (const [flag, value] of SELECTORS) {
      for (const edited of [false, true]) {
        it(`${flag} ${value}${edited ? ', after an edit of the mirror list' : ''}`, () => {
          const reference = repo('kpt-package');
          if (edited) edit(reference);
          render(reference);
          const expected = readTree(reference);

          const root = repo('kpt-package');
          if (edited) edit(root);
          const before = readTree(root);
          const sel = kpt(root, ...EVAL_PKG, flag, value);
          expect(sel.status, describeRun(sel)).toBe(0);
          if (value === 'NodePool' || value === 'ConfigMap' || value === 'ImageTagMirrorSet')
            expect(treeDiff(before, readTree(root)), 'the selector run changes no file').toEqual([]);
          render(root);
          expect(treeDiff(expected, readTree(root))).toEqual([]);
        });
      }
    }
  });
});
