// The package a user gets: `npm pack` of this checkout, installed from the tarball into empty
// folders with the registry out of reach (the package has no dependencies: the bundle is the
// whole program), then run the way the README says: `npx image-tag-mirrors`, and the kpt,
// kustomize and CI snippets of its "Use it in your own repository: The npm package" section,
// read from the README itself. Every command has a time limit; the temporary folder is removed
// afterwards.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FN, ROOT, runFn } from '../helpers/run-fn.js';
import { TOOLS, requireTool } from '../helpers/tools.js';
import { parseObjects } from '../helpers/objects.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  bin: Record<string, string>;
};
const example = readFileSync(join(ROOT, 'examples', 'resource-list.yaml'), 'utf8');
const BROKEN = `apiVersion: hypershift.openshift.io/v1beta1
kind: HostedCluster
metadata: {name: bad, namespace: clusters}
spec:
  release: {image: "quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64"}
  imageTagMirrorSet:
  - source: quay.io/x:v1
    mirrors: [mirror.example.com/x]
`;

/**
 * The yaml and text blocks of the README's "### The npm package" section: those whose first
 * line is `# PATH` are files to write there; the one without is the CI steps.
 */
function readmeSnippets(): { files: Map<string, string>; ciSteps: { run?: string }[] } {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n### The npm package\n');
  const section = readme.slice(start, readme.indexOf('\n### ', start + 1));
  const files = new Map<string, string>();
  let ciSteps: { run?: string }[] = [];
  for (const m of section.matchAll(/^( *)```(?:yaml|text)\n([\s\S]*?)^\1```$/gm)) {
    const text = m[2]!
      .split('\n')
      .map((l) => l.slice(m[1]!.length))
      .join('\n');
    const path = /^# (\S+)\n/.exec(text)?.[1];
    if (path !== undefined) files.set(path, text);
    else ciSteps = parse(text) as { run?: string }[];
  }
  return { files, ciSteps };
}

function sh(cmd: string, args: string[], cwd: string, input = ''): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, {
    cwd,
    input,
    encoding: 'utf8',
    timeout: 120_000,
    // No registry: installing the tarball must not need one.
    env: {
      ...process.env,
      npm_config_registry: 'http://127.0.0.1:9/',
      npm_config_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    },
  });
  if (r.error) throw r.error;
  return r;
}
const show = (r: SpawnSyncReturns<string>) => `exit ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

describe('npm pack, installed from the tarball into an empty folder', () => {
  let tmp = '';
  let tarball = '';
  let files: string[] = [];
  let app = '';
  const npx = (args: string[], input = '', cwd = app) => sh('npx', [pkg.name, ...args], cwd, input);
  /**
   * An empty folder with the tarball committed under vendor/ and installed from there, as the
   * README says (`npm install --save-dev --save-exact ./vendor/FILE`), so `npm ci` finds it.
   */
  const install = (name: string): string => {
    const dir = join(tmp, name);
    mkdirSync(join(dir, 'vendor'), { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
    copyFileSync(tarball, join(dir, 'vendor', basename(tarball)));
    const r = sh(
      'npm',
      ['install', '--save-dev', '--save-exact', '--ignore-scripts', `./vendor/${basename(tarball)}`],
      dir,
    );
    expect(r.status, show(r)).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).devDependencies[pkg.name]).toBe(
      `file:vendor/${basename(tarball)}`,
    );
    return dir;
  };
  /** Writes the README's files for one tool into dir, with the sample cluster. */
  const writeSnippets = (dir: string, paths: string[]) => {
    const { files: snippets } = readmeSnippets();
    for (const p of paths) {
      expect(snippets.has(p), `README "The npm package" has a \`# ${p}\` block`).toBe(true);
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), snippets.get(p)!);
    }
    mkdirSync(join(dir, 'clusters'), { recursive: true });
    copyFileSync(join(ROOT, 'clusters', 'sample.yaml'), join(dir, 'clusters', 'sample.yaml'));
  };

  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'itm-pack-'));
    // --ignore-scripts: pack the dist/ this test run built (npm test builds first), not a rebuild.
    const packed = sh('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], ROOT);
    expect(packed.status, show(packed)).toBe(0);
    const [info] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
    files = info.files.map((f) => f.path).sort();
    tarball = join(tmp, info.filename);
    app = install('app');
  });
  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('holds the bundle, its third-party notices, the licence, the README and the example, nothing else', () => {
    expect(files).toEqual([
      'LICENSE',
      'README.md',
      'dist/THIRD_PARTY_NOTICES.txt',
      'dist/fn.js',
      'examples/resource-list.yaml',
      'package.json',
    ]);
  });
  it('installs no other package', () => {
    const lock = JSON.parse(readFileSync(join(app, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, unknown>;
    };
    expect(Object.keys(lock.packages).filter((p) => p !== '')).toEqual([`node_modules/${pkg.name}`]);
  });
  it("the installed bin is the checkout's bundle, byte for byte", () => {
    const installed = join(app, 'node_modules', pkg.name, pkg.bin[pkg.name]!);
    expect(readFileSync(installed).equals(readFileSync(FN))).toBe(true);
  });
  it('npx image-tag-mirrors --version prints the package version', () => {
    const r = npx(['--version']);
    expect(r.status, show(r)).toBe(0);
    expect(r.stdout).toBe(`${pkg.name} ${pkg.version}\n`);
  });
  it('renders the example as the checkout does', () => {
    const r = npx([], example);
    expect(r.status, show(r)).toBe(0);
    expect(r.stdout).toBe(runFn(example).stdout);
    expect(r.stdout).toContain('kind: ImageTagMirrorSet');
  });
  it('check passes the packaged example and fails a broken HostedCluster', () => {
    const ok = npx(['check', `node_modules/${pkg.name}/examples/resource-list.yaml`]);
    expect(ok.status, show(ok)).toBe(0);
    writeFileSync(join(app, 'bad.yaml'), BROKEN);
    const bad = npx(['check', 'bad.yaml']);
    expect(bad.status, show(bad)).toBe(1);
    expect(bad.stdout).toMatch(/^bad\.yaml:7:\d+: error\[invalid-source\]/m);
  });

  it("the README's CI steps pass on the sample cluster", () => {
    const dir = install('ci');
    writeSnippets(dir, []);
    const runs = readmeSnippets().ciSteps.flatMap((s) => (s.run ? [s.run] : []));
    expect(runs).toEqual(['npm ci', 'npx image-tag-mirrors check --format github clusters/']);
    for (const run of runs) {
      const r = sh('bash', ['-e', '-c', run], dir);
      expect(r.status, `${run}\n${show(r)}`).toBe(0);
    }
  });

  const kpt = requireTool(TOOLS.kpt);
  it.skipIf(kpt.skip)(
    kpt.title("the README's clusters/Kptfile: kpt fn render clusters generates the ConfigMap, beside CI files"),
    () => {
      const dir = install('kpt');
      writeSnippets(dir, ['clusters/Kptfile']);
      // What such a repository also holds, none of it KRM: outside the package, kpt never reads it.
      mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
      copyFileSync(join(ROOT, 'examples/ci/github-actions.yml'), join(dir, '.github/workflows/image-tag-mirrors.yml'));
      copyFileSync(join(ROOT, 'examples/ci/gitlab-ci.yml'), join(dir, '.gitlab-ci.yml'));
      const r = sh(kpt.path!, ['fn', 'render', 'clusters', '--allow-exec'], dir);
      expect(r.status, show(r)).toBe(0);
      const generated = parseObjects(readFileSync(join(dir, 'clusters', 'sample-image-tag-mirrors.yaml'), 'utf8'));
      const committed = parseObjects(readFileSync(join(ROOT, 'clusters', 'sample-image-tag-mirrors.yaml'), 'utf8'));
      expect(generated).toEqual(committed.filter((o) => o.kind === 'ConfigMap'));
      // check reads the same Kptfile (generate: ConfigMap): the render is clean
      const c = npx(['check', 'clusters/'], '', dir);
      expect(c.status, show(c)).toBe(0);
      expect(c.stdout).toMatch(/1 render compared/);
    },
  );

  const kustomize = requireTool(TOOLS.kustomize);
  it.skipIf(kustomize.skip)(
    kustomize.title("the README's kustomization and function config: kustomize build generates the objects"),
    () => {
      const dir = install('kustomize');
      writeSnippets(dir, ['clusters/kustomization.yaml', 'clusters/image-tag-mirrors.yaml']);
      const r = sh(kustomize.path!, ['build', '--enable-alpha-plugins', '--enable-exec', 'clusters'], dir);
      expect(r.status, show(r)).toBe(0);
      expect(
        parseObjects(r.stdout)
          .map((o) => `${o.kind}/${o.metadata?.name}`)
          .sort(),
      ).toEqual(['ConfigMap/sample-image-tag-mirrors', 'HostedCluster/sample', 'NodePool/sample-workers']);
    },
  );
});
