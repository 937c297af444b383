// examples/ci: the registries.conf review jobs, run as written in a git repository with a
// base branch and a pull request on top (origin is a bare clone), with the shells GitHub and
// GitLab use. The diff they write must show the registries.conf lines that change.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FN, ROOT } from '../helpers/run-fn.js';
import { TOOLS, requireTool } from '../helpers/tools.js';

const tmp = mkdtempSync(join(tmpdir(), 'itm-ci-conf-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ENV = {
  ...process.env,
  PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  HOME: tmp,
};

function sh(shell: string[], command: string, cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(shell[0]!, [...shell.slice(1), command], {
    cwd,
    encoding: 'utf8',
    env: { ...ENV, ...env },
    timeout: 60_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const gitOut = (cwd: string, ...args: string[]) =>
  spawnSync('git', args, { cwd, env: ENV, encoding: 'utf8' }).stdout.trim();

/**
 * A checkout of a pull request: `main` holds testdata/check/ci-repo (pushed to origin), the
 * checked-out branch changes `change` on top. The tool is vendored at tools/ on both.
 */
function pullRequest(name: string, change: (dir: string) => void): string {
  const origin = join(tmp, `${name}-origin.git`);
  const work = join(tmp, name);
  mkdirSync(work);
  const run = (...args: string[]) => {
    const r = spawnSync('git', args, { cwd: work, env: ENV, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  };
  cpSync(join(ROOT, 'testdata/check/ci-repo'), work, { recursive: true });
  mkdirSync(join(work, 'tools'));
  copyFileSync(FN, join(work, 'tools', 'image-tag-mirrors.js'));
  run('init', '-q', '-b', 'main');
  run('add', '-A');
  run('commit', '-qm', 'base');
  run('clone', '-q', '--bare', work, origin);
  run('remote', 'add', 'origin', origin);
  run('fetch', '-q', 'origin');
  run('checkout', '-q', '-b', 'pr');
  change(work);
  run('add', '-A');
  run('commit', '-qm', 'pull request');
  return work;
}

const editWest = (dir: string) => {
  const f = join(dir, 'clusters', 'west.yaml');
  writeFileSync(f, readFileSync(f, 'utf8').replace('mirror-west.example.com', 'mirror-new.example.com'));
};

const git = requireTool(TOOLS.git);

describe.skipIf(git.skip)(git.title('examples/ci/github-actions.yml: the registries-conf job'), () => {
  const wf = parse(readFileSync(join(ROOT, 'examples/ci/github-actions.yml'), 'utf8')) as {
    jobs: Record<string, { steps: { run?: string; shell?: string; uses?: string; with?: Record<string, unknown> }[] }>;
  };
  const job = wf.jobs['registries-conf']!;
  const step = job.steps.find((s) => s.run?.includes('registries-conf'))!;
  const bash = ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '-c'];
  const runStep = (dir: string) => {
    const summary = join(tmp, `${dir.split('/').pop()}-summary.md`);
    const runnerTemp = mkdtempSync(join(tmp, 'runner-'));
    const r = sh(bash, step.run!, dir, {
      GITHUB_BASE_REF: 'main',
      GITHUB_STEP_SUMMARY: summary,
      RUNNER_TEMP: runnerTemp,
    });
    return { ...r, summary: existsSync(summary) ? readFileSync(summary, 'utf8') : '' };
  };

  it('checks out the whole history (the base is needed) and runs with shell: bash', () => {
    expect(job.steps[0]).toMatchObject({ uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } });
    expect(step.shell).toBe('bash');
  });
  it('a pull request that changes a mirror: the summary shows the registries.conf lines that change', () => {
    const r = runStep(pullRequest('gh-change', editWest));
    expect(r.stderr).not.toMatch(/error|fatal/i);
    expect(r.status).toBe(0);
    expect(r.summary).toContain('### registries.conf on the nodes\n```diff\n--- base (main)\n+++ head\n');
    expect(r.summary).toContain(
      '\n-    location = "mirror-west.example.com/openshift"\n+    location = "mirror-new.example.com/openshift"\n',
    );
    // the hunk header names the cluster
    expect(r.summary).toMatch(/\n@@ -\d+,\d+ \+\d+,\d+ @@ # ==> clusters\/west \(from spec\) <==\n/);
  });
  it('a pull request that changes no cluster: "No change."', () => {
    const r = runStep(pullRequest('gh-same', (d) => writeFileSync(join(d, 'README.md'), 'docs only\n')));
    expect(r.status).toBe(0);
    expect(r.summary).toBe('### registries.conf on the nodes\nNo change.\n');
  });
});

describe.skipIf(git.skip)(git.title('examples/ci/gitlab-ci.yml: the registries-conf job'), () => {
  const ci = parse(readFileSync(join(ROOT, 'examples/ci/gitlab-ci.yml'), 'utf8')) as Record<
    string,
    { script: string[]; before_script?: string[]; artifacts?: { paths: string[] }; variables?: Record<string, unknown> }
  >;
  const job = ci['image-tag-mirrors-registries-conf']!;
  it('fetches the whole history and keeps the diff as an artifact', () => {
    expect(job.variables).toEqual({ GIT_DEPTH: 0 });
    expect(job.before_script).toEqual(['apk add --no-cache git diffutils']); // the image's package manager: not run here
    expect(job.artifacts?.paths).toEqual(['registries-conf.diff']);
  });
  it('a merge request that changes a mirror: the log and the artifact show the change', () => {
    const dir = pullRequest('gl-change', editWest);
    const base = gitOut(dir, 'rev-parse', 'main');
    expect(base).toMatch(/^[0-9a-f]{40}$/);
    const r = sh(['sh', '-e', '-c'], job.script.join('\n'), dir, { CI_MERGE_REQUEST_DIFF_BASE_SHA: base });
    expect(r.status).toBe(0);
    const diff = readFileSync(join(dir, 'registries-conf.diff'), 'utf8');
    expect(diff).toContain(
      '\n-    location = "mirror-west.example.com/openshift"\n+    location = "mirror-new.example.com/openshift"\n',
    );
    expect(r.stdout).toContain(diff); // after git's "HEAD is now at ..."
    expect(diff).toMatch(/\n@@ -\d+,\d+ \+\d+,\d+ @@ # ==> clusters\/west \(from spec\) <==\n/);
  });
});
