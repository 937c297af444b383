// examples/ci: the `probe` jobs' command lines, run as written, with the shells GitHub and GitLab
// use, in a repository of two clusters whose mirrors are a real registry on 127.0.0.1 (TLS with a
// CA made in the test, htpasswd Basic auth). What the CI system provides is provided the same
// way: GitHub expressions (${{ matrix.cluster }}, ${{ secrets.X }}) replaced per matrix value,
// $RUNNER_TEMP; GitLab's matrix variable and a File variable (a path to the secret's content);
// the mirrors' CA in the system trust store (SSL_CERT_FILE, as Go and probe read it).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { buildOciImage, pushImage } from '../helpers/oci-image.js';
import { htpasswdLine, makePki } from '../helpers/pki.js';
import { skipProbeSuite, runBundle, USER } from '../helpers/probe-world.js';
import { freePort, startRegistry, type Registry } from '../helpers/registry.js';
import { FN, ROOT } from '../helpers/run-fn.js';
import { makeSkopeoEnv, trustCa, type SkopeoEnv } from '../helpers/skopeo.js';
import { requireBundle } from '../helpers/tools.js';

const skip = skipProbeSuite();

const RELEASE = 'quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64';
const PASSWORD = `ci-${Math.random().toString(36).slice(2)}-secret`;

let dir: string;
let mirror: Registry;
let env: SkopeoEnv;
let caFile: string;
/** The clusters' sources: a port nothing listens on, so a fallback is never served. */
let source: string;
let authJson: string;

/** A repository like the examples expect: clusters/, the images list, the vendored bundle. */
function repo(name: string): string {
  const r = join(dir, name);
  mkdirSync(join(r, 'clusters'), { recursive: true });
  mkdirSync(join(r, 'tools'), { recursive: true });
  copyFileSync(FN, join(r, 'tools', 'image-tag-mirrors.js'));
  for (const cluster of ['east', 'west'])
    writeFileSync(
      join(r, 'clusters', `${cluster}.yaml`),
      stringify({
        apiVersion: 'hypershift.openshift.io/v1beta1',
        kind: 'HostedCluster',
        metadata: { name: cluster, namespace: 'clusters' },
        spec: {
          release: { image: RELEASE },
          pullSecret: { name: 'pull-secret' },
          platform: { type: 'None' },
          imageTagMirrorSet: [{ source: `${source}/team`, mirrors: [`${mirror.host}/${name}/${cluster}/team`] }],
        },
      }),
    );
  writeFileSync(join(r, 'clusters', 'images.txt'), `# what the teams run\n${source}/team/app:v1\n`);
  return r;
}

/** The environment of a CI job on a runner: its own HOME, node on PATH, the system CAs, and `extra`. */
const jobEnv = (extra: Record<string, string>) => ({
  HOME: mkdtempSync(join(dir, 'home-')),
  PATH: `${dirname(process.execPath)}${delimiter}/usr/bin${delimiter}/bin`,
  SSL_CERT_FILE: caFile,
  ...extra,
});

describe.skipIf(skip)('examples/ci: the probe jobs, run as written', () => {
  beforeAll(async () => {
    requireBundle();
    dir = mkdtempSync(join(tmpdir(), 'itm-probe-ci-'));
    const pki = makePki(join(dir, 'pki'));
    caFile = pki.caCert;
    const htpasswd = join(dir, 'htpasswd');
    writeFileSync(htpasswd, htpasswdLine(USER, PASSWORD) + '\n');
    mirror = await startRegistry({
      name: 'mirror',
      baseDir: dir,
      tls: { cert: pki.serverCert, key: pki.serverKey, caPem: pki.caPem },
      htpasswd: { path: htpasswd, realm: 'ci' },
    });
    source = `127.0.0.1:${await freePort()}`;
    env = makeSkopeoEnv(join(dir, 'skopeo'));
    trustCa(env, mirror.host, pki.caPem);
    const image = buildOciImage(join(dir, 'oci'), 'v1', 'ci-app');
    const push = (to: string) =>
      pushImage(image, to, env, { certDir: join(env.certsD, mirror.host), creds: `${USER}:${PASSWORD}` });
    // "clean": both clusters' mirrors hold the image; "broken": west's mirror lacks it.
    await push(`${mirror.host}/clean/east/team/app:v1`);
    await push(`${mirror.host}/clean/west/team/app:v1`);
    await push(`${mirror.host}/broken/east/team/app:v1`);
    authJson = JSON.stringify({
      auths: { [mirror.host]: { auth: Buffer.from(`${USER}:${PASSWORD}`).toString('base64') } },
    });
  }, 120_000);

  afterAll(async () => {
    await mirror?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('github-actions.yml', () => {
    const wf = parse(readFileSync(join(ROOT, 'examples/ci/github-actions.yml'), 'utf8')) as {
      jobs: Record<
        string,
        {
          'runs-on': unknown;
          strategy?: { matrix: { cluster: string[] } };
          steps: Array<{ run?: string; env?: Record<string, string> }>;
        }
      >;
    };
    const job = wf.jobs.probe!;
    const step = job.steps.find((s) => s.run?.includes('image-tag-mirrors.js probe'))!;

    /** GitHub replaces ${{ ... }} before the shell sees the script. */
    const expand = (text: string, values: Record<string, string>) =>
      text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => {
        if (!(expr in values)) throw new Error(`no value for \${{ ${expr} }}`);
        return values[expr]!;
      });
    async function runStep(repoDir: string, cluster: string) {
      const runnerTemp = mkdtempSync(join(dir, 'runner-temp-'));
      const values = { 'matrix.cluster': cluster, 'secrets.MIRROR_PULL_SECRET': authJson };
      const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, expand(v, values)]));
      // GitHub's default shell: bash -e {0}.
      return await runBundle([expand(step.run!, values)], {
        shell: ['bash', '-e', '-c'],
        cwd: repoDir,
        env: jobEnv({ ...stepEnv, RUNNER_TEMP: runnerTemp }),
      });
    }

    it('a matrix job per cluster on a runner in the mirrors network, with --require-mirror --format github', () => {
      expect(job['runs-on']).toContain('self-hosted');
      expect(job.strategy!.matrix.cluster).toEqual(['east', 'west']);
      expect(step.run).toContain('probe --cluster ${{ matrix.cluster }}');
      expect(step.run).toContain('--require-mirror --format github');
      expect(step.env).toEqual({ PULL_SECRET: '${{ secrets.MIRROR_PULL_SECRET }}' });
    });

    it('clean: every cluster passes; the pull secret is used and never printed', async () => {
      const r = repo('clean');
      for (const cluster of job.strategy!.matrix.cluster) {
        const out = await runStep(r, cluster);
        expect(out.stderr).toBe('');
        expect(out.code, out.stdout).toBe(0);
        expect(out.stdout).toBe(
          'image-tag-mirrors probe: 1 image: 1 served by a mirror, 0 fall back to the source, 0 fail\n',
        );
        expect(out.stdout).not.toContain(PASSWORD);
      }
    });

    it("broken: west's mirror lacks the image: an ::error annotation and a failed step; east passes", async () => {
      const r = repo('broken');
      expect((await runStep(r, 'east')).code).toBe(0);
      const west = await runStep(r, 'west');
      expect(west.code).toBe(1);
      const [annotation] = west.stdout.split('\n');
      expect(annotation).toMatch(/^::error title=image-tag-mirrors probe%3A pull fails::/);
      expect(annotation).toContain(`${mirror.host}/broken/west/team/app:v1: missing (HTTP 404`);
      expect(annotation).toContain(`${source}/team/app:v1: unreachable`);
    });
  });

  describe('gitlab-ci.yml', () => {
    const ci = parse(readFileSync(join(ROOT, 'examples/ci/gitlab-ci.yml'), 'utf8')) as Record<
      string,
      { image: string; tags?: string[]; parallel?: { matrix: Array<{ CLUSTER: string[] }> }; script: string[] }
    >;
    const job = ci['image-tag-mirrors-probe']!;
    const clusters = job.parallel!.matrix.flatMap((m) => m.CLUSTER);
    async function runJob(repoDir: string, cluster: string) {
      // A File variable: GitLab writes the value to a file and the variable holds its path.
      const secretFile = join(mkdtempSync(join(dir, 'gitlab-')), 'MIRROR_PULL_SECRET');
      writeFileSync(secretFile, authJson, { mode: 0o600 });
      return await runBundle([job.script.join('\n')], {
        shell: ['sh', '-e', '-c'],
        cwd: repoDir,
        env: jobEnv({ CLUSTER: cluster, MIRROR_PULL_SECRET: secretFile }),
      });
    }

    it('a Node 26 image on a tagged runner, one job per cluster, --require-mirror', () => {
      expect(job.image).toMatch(/^node:26/);
      expect(job.tags).toEqual(['mirror-network']);
      expect(clusters).toEqual(['east', 'west']);
      expect(job.script.join('\n')).toContain('--authfile "$MIRROR_PULL_SECRET" --require-mirror');
    });

    it('clean: the jobs pass with a text report', async () => {
      const r = repo('clean');
      for (const cluster of clusters) {
        const out = await runJob(r, cluster);
        expect(out.code, out.stdout + out.stderr).toBe(0);
        expect(out.stdout).toContain(`verdict: served by mirror ${mirror.host}/clean/${cluster}/team/app:v1`);
        expect(out.stdout).toContain('credentials: /');
        expect(out.stdout).not.toContain(PASSWORD);
      }
    });

    it('broken: the west job fails (exit 1) and says why', async () => {
      const out = await runJob(repo('broken'), 'west');
      expect(out.code).toBe(1);
      expect(out.stdout).toContain('verdict: fails: ');
      expect(out.stdout).toMatch(/summary: 1 image: 0 served by a mirror, 0 fall back to the source, 1 fails\n$/);
    });

    it('without the CA in the trust store, TLS fails: the system store is what probe trusts', async () => {
      const r = repo('clean');
      const secretFile = join(dir, 'auth-no-ca.json');
      writeFileSync(secretFile, authJson);
      const out = await runBundle([job.script.join('\n')], {
        shell: ['sh', '-e', '-c'],
        cwd: r,
        env: {
          ...jobEnv({ CLUSTER: 'east', MIRROR_PULL_SECRET: secretFile }),
          SSL_CERT_FILE: join(ROOT, 'package.json'),
        },
      });
      expect(out.code).toBe(1);
      expect(out.stdout).toMatch(/unreachable.*https: TLS: /);
    });
  });
});
