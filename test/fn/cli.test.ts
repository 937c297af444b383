// The command-line modes through the bundle: input limits, symbolic link loops, stdin mistakes,
// usage texts, and escaping of every line that leaves the tool (issues 11 and 14).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FN, runFn } from '../helpers/run-fn.js';
import { TOOLS, requireTool } from '../helpers/tools.js';
import { CHECK_USAGE } from '../../fn/check.js';
import { EXPLAIN_USAGE } from '../../fn/explain.js';
import { REGISTRIES_CONF_USAGE } from '../../fn/registries-conf.js';

const tmp = mkdtempSync(join(tmpdir(), 'itm-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const HC = (
  name: string,
  mirror = 'mirror.example.com/openshift',
  namespace = 'clusters',
) => `apiVersion: hypershift.openshift.io/v1beta1
kind: HostedCluster
metadata:
  name: ${JSON.stringify(name)}
  namespace: ${JSON.stringify(namespace)}
spec:
  release:
    image: quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64
  imageTagMirrorSet:
  - source: quay.io/openshift
    mirrors:
    - ${JSON.stringify(mirror)}
`;

function dir(name: string, files: Record<string, string>): string {
  const d = join(tmp, name);
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(join(d, f, '..'), { recursive: true });
    writeFileSync(join(d, f), text);
  }
  return d;
}

const oneLine = (s: string) => s.split('\n').filter(Boolean);
/** No control character but the line breaks: nothing can forge a line or drive a terminal. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/;

describe('input limits (--max-input-size)', () => {
  const d = dir('limits', { 'a.yaml': HC('a'), 'b.yaml': HC('b') });
  it.each([
    ['check', ['check', '--max-input-size', '300', d]],
    ['explain', ['explain', 'quay.io/openshift/app:v1', '--max-input-size', '300', d]],
    ['registries-conf', ['registries-conf', '--max-input-size', '300', d]],
  ])('%s: past the limit over several files, one line and exit 2', (cmd, args) => {
    const r = runFn('', args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(oneLine(r.stderr)).toEqual([
      `image-tag-mirrors ${cmd}: ${d}/b.yaml: input larger than 300 bytes in all, the limit: raise it with --max-input-size (e.g. --max-input-size 1G)`,
    ]);
  });
  it('within the limit: read as usual', () => {
    expect(runFn('', ['check', '--max-input-size', '1K', d]).status).toBe(0);
  });
  it('/dev/zero as a path and on stdin: stops at the limit', () => {
    const path = runFn('', ['check', '--max-input-size', '1M', '/dev/zero']);
    expect(path.status).toBe(2);
    expect(oneLine(path.stderr)).toEqual([
      'image-tag-mirrors check: /dev/zero: input larger than 1 MiB in all, the limit: raise it with --max-input-size (e.g. --max-input-size 1G)',
    ]);
    const stdin = spawnSync(
      'sh',
      ['-c', `head -c 3000000 /dev/zero | "${process.execPath}" "${FN}" check --max-input-size 1M -`],
      {
        encoding: 'utf8',
      },
    );
    expect(stdin.status).toBe(2);
    expect(oneLine(stdin.stderr)).toEqual([
      'image-tag-mirrors check: stdin: input larger than 1 MiB in all, the limit: raise it with --max-input-size (e.g. --max-input-size 1G)',
    ]);
  });
  it.each(['0', '-1', '1T', 'lots', '1.5M'])('--max-input-size %s: a usage error', (v) => {
    const r = runFn('', ['check', `--max-input-size=${v}`, d]);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      `image-tag-mirrors check: --max-input-size must be a size such as 64M or 1G, not "${v}"`,
    );
  });
});

describe('one input limit for every command (IMAGE_TAG_MIRRORS_MAX_INPUT, --max-input-size)', () => {
  const d = dir('limits-env', { 'a.yaml': HC('a'), 'b.yaml': HC('b') });
  const withEnv = (value: string, args: string[], input = '') =>
    spawnSync(process.execPath, [FN, ...args], {
      input,
      encoding: 'utf8',
      env: { ...process.env, IMAGE_TAG_MIRRORS_MAX_INPUT: value },
    });
  it.each([
    ['check', ['check', d]],
    ['explain', ['explain', 'quay.io/openshift/app:v1', d]],
    ['registries-conf', ['registries-conf', d]],
  ])('%s: the variable sets the limit when no option is given', (cmd, args) => {
    const r = withEnv('300', args);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toEqual([
      `image-tag-mirrors ${cmd}: ${d}/b.yaml: input larger than 300 bytes in all, the limit: raise it with --max-input-size (e.g. --max-input-size 1G)`,
    ]);
  });
  it('--max-input-size wins over the variable', () => {
    expect(withEnv('300', ['check', '--max-input-size', '1K', d]).status).toBe(0);
    expect(withEnv('1G', ['check', '--max-input-size', '300', d]).status).toBe(2);
  });
  it('the KRM function takes the same variable: stdin past it is one line, exit 1', () => {
    const list = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n- ${HC('a').replace(/\n(?=.)/g, '\n  ')}`;
    expect(withEnv('1K', [], list).status).toBe(0);
    const r = withEnv('300', [], list);
    expect(r.status).toBe(1);
    expect(oneLine(r.stderr)).toEqual([
      'image-tag-mirrors: stdin is larger than 300 bytes, the input size limit: set IMAGE_TAG_MIRRORS_MAX_INPUT (bytes, or like 512M) to allow more',
    ]);
  });
  it('a variable that is no size: one line naming it, exit 2 for a command', () => {
    const r = withEnv('lots', ['check', d]);
    expect(r.status).toBe(2);
    expect(oneLine(r.stderr)).toEqual([
      'image-tag-mirrors check: IMAGE_TAG_MIRRORS_MAX_INPUT must be a positive number of bytes (like 512M), not "lots"',
    ]);
  });
});

describe('check DIR with symbolic links', () => {
  const count = (d: string) =>
    JSON.parse(runFn('', ['check', '--format', 'json', d], { timeout: 20_000 }).stdout).summary;
  it('a link to "." inside: each real directory once', () => {
    const d = dir('self', { 'a.yaml': HC('a') });
    symlinkSync('.', join(d, 'loop'));
    expect(count(d)).toMatchObject({ files: 1, hostedClusters: 1 });
  });
  it('two directories linking to each other: bounded, each file once', () => {
    const d = dir('mutual', { 'x/a.yaml': HC('a'), 'y/b.yaml': HC('b') });
    symlinkSync('../y', join(d, 'x', 'to-y'));
    symlinkSync('../x', join(d, 'y', 'to-x'));
    expect(count(d)).toMatchObject({ files: 2, hostedClusters: 2 });
  });
  it('a link to a file: the file once', () => {
    const d = dir('same', { 'a.yaml': HC('a') });
    symlinkSync('a.yaml', join(d, 'b.yaml'));
    expect(count(d)).toMatchObject({ files: 1, hostedClusters: 1 });
  });
  it('a dangling link and a link loop of files: skipped', () => {
    const d = dir('dangling', { 'a.yaml': HC('a') });
    symlinkSync('nowhere.yaml', join(d, 'gone.yaml'));
    symlinkSync('l2.yaml', join(d, 'l1.yaml'));
    symlinkSync('l1.yaml', join(d, 'l2.yaml'));
    expect(count(d)).toMatchObject({ files: 1, hostedClusters: 1 });
  });
});

describe('stdin mistakes', () => {
  it.each([
    ['check', ['check', '-']],
    ['explain', ['explain', 'quay.io/a/b:v1', '-']],
    ['registries-conf', ['registries-conf', '-']],
  ])('%s - with nothing on stdin: exit 2, one line', (cmd, args) => {
    const r = runFn('', args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(oneLine(r.stderr)).toEqual([
      `image-tag-mirrors ${cmd}: stdin holds no YAML document (did the command before the pipe fail?)`,
    ]);
  });

  const script = requireTool(TOOLS.script);
  describe.skipIf(script.skip)(script.title('a terminal as stdin: a hint at once, exit 2'), () => {
    it.each([
      ['the function', [], 'image-tag-mirrors: stdin is a terminal: pipe a ResourceList in'],
      ['check -', ['check', '-'], 'image-tag-mirrors check: stdin is a terminal: pipe YAML in'],
      ['explain IMAGE -', ['explain', 'quay.io/a/b:v1', '-'], 'image-tag-mirrors explain: stdin is a terminal'],
    ])('%s', (_, args, hint) => {
      // script gives the command a pseudo-terminal as stdin; a command that read it would get
      // an empty input (or wait), not answer with the hint.
      const cmd = [process.execPath, FN, ...args].map((a) => `'${a}'`).join(' ');
      const r = spawnSync('script', ['-qefc', cmd, '/dev/null'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        encoding: 'utf8',
        timeout: 8_000,
      });
      expect(r.signal).toBeNull();
      expect(r.status).toBe(2);
      expect(r.stdout.replace(/\r/g, '')).toContain(hint);
    });
  });
});

describe('explain: a forgotten IMAGE', () => {
  const d = dir('forgot', { 'clusters/sample.yaml': HC('sample') });
  it.each([
    [`${d}/clusters/`, 'a directory'],
    [`${d}/clusters`, 'a directory'],
    [`${d}/clusters/sample.yaml`, 'a file'],
    ['missing/', 'a directory'],
    ['missing.yaml', 'a file'],
  ])('explain --cluster sample %s: "no IMAGE", exit 2', (path, what) => {
    const r = runFn('', ['explain', '--cluster', 'sample', path]);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(
      `image-tag-mirrors explain: no IMAGE: "${path}" is ${what}; give the image reference to explain first`,
    );
  });
  it('an image and a path: explained', () => {
    expect(runFn('', ['explain', 'quay.io/openshift/app:v1', `${d}/clusters/`]).status).toBe(0);
  });
});

describe('usage texts', () => {
  const top = runFn('', ['--help']).stdout;
  it.each([
    ['check', CHECK_USAGE],
    ['explain', EXPLAIN_USAGE],
    ['registries-conf', REGISTRIES_CONF_USAGE],
  ])("%s: the top-level usage shows the synopsis of the command's own usage", (cmd, usage) => {
    const synopsis = usage.split('\n')[0]!.replace(/^usage: /, '');
    expect(top).toContain(`  ${synopsis}\n`);
    expect(runFn('', [cmd, '--help']).stdout).toBe(usage);
  });
  it('explain: --cluster is optional in both', () => {
    expect(top).toContain('explain IMAGE [--cluster NAME]');
    expect(EXPLAIN_USAGE).toContain('explain IMAGE [--cluster NAME]');
  });
});

describe('escaping: names and file names cannot forge lines or drive a terminal', () => {
  const evil = 'c1\n::error file=README.md::FORGED\u001b[2K\u009b31m';
  const d = dir('evil', {
    [`x\n::error file=a::FORGED\u001b[31m.yaml`]: HC(evil, 'https://bad'),
  });
  it.each([
    ['check text', ['check', d], 2],
    ['check github', ['check', '--format', 'github', d], 2],
    ['check json', ['check', '--format', 'json', d], 0],
  ])('%s', (_, args, lines) => {
    const r = runFn('', args);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toMatch(CONTROL);
    if (lines) {
      expect(oneLine(r.stdout)).toHaveLength(lines); // one finding, one summary
      expect(oneLine(r.stdout).filter((l) => l.startsWith('::error')).length).toBeLessThanOrEqual(1);
    } else {
      const doc = JSON.parse(r.stdout);
      expect(doc.results[0].subject).toBe(`HostedCluster clusters/${evil}`); // the value itself, escaped as JSON
    }
  });
  it('explain: the cluster line and the not-found list', () => {
    const found = runFn('', ['explain', 'quay.io/a/b:v1', '--cluster', 'nope', d]);
    expect(found.status).toBe(1);
    expect(oneLine(found.stderr)).toHaveLength(1);
    expect(found.stderr).not.toMatch(CONTROL);
    const ok = dir('evil-ok', { 'a.yaml': HC(evil) });
    const r = runFn('', ['explain', 'quay.io/openshift/app:v1', ok]);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(CONTROL);
    expect(r.stdout.split('\n')[0]).toBe(
      `HostedCluster clusters/c1\\n::error file=README.md::FORGED\\u001b[2K\\u009b31m (${ok}/a.yaml)`,
    );
  });
  it('the KRM function: one stderr line per error result', () => {
    const list = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${HC(evil, 'https://bad')
      .split('\n')
      .map((l, i) => (i === 0 ? `- ${l}` : l ? `  ${l}` : l))
      .join('\n')}`;
    const r = runFn(list);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(CONTROL);
    expect(oneLine(r.stderr)).toHaveLength(2); // the result, the count
    expect(oneLine(r.stderr).every((l) => l.startsWith('image-tag-mirrors: '))).toBe(true);
  });
  it('an unknown command and an unknown option: escaped', () => {
    const r = runFn('', ['che\u001bck']);
    expect(r.stderr.split('\n')[0]).toBe('image-tag-mirrors: unknown command "che\\u001bck"');
    const o = runFn('', ['check', '--x\u001b', d]);
    expect(o.stderr.split('\n')[0]).toBe('image-tag-mirrors check: unknown option --x\\u001b');
  });
});

describe('nesting deeper than the limit', () => {
  const deep = `apiVersion: hypershift.openshift.io/v1beta1
kind: HostedCluster
metadata: {name: deep, namespace: clusters}
spec:
  release: {image: "quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64"}
  extra: ${'['.repeat(5000)}${']'.repeat(5000)}
`;
  const d = dir('deep', { 'deep.yaml': deep });
  it('check: an invalid-yaml result at the place, exit 2, no engine message', () => {
    const r = runFn('', ['check', d]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe(
      `${d}/deep.yaml:6:264: error[invalid-yaml] nesting deeper than 256 levels: not supported\n1 error, 0 warnings in 1 file (0 HostedClusters)\n`,
    );
  });
  it('explain: the same line, exit 2', () => {
    const r = runFn('', ['explain', 'quay.io/a/b:v1', d]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(
      `image-tag-mirrors explain: ${d}/deep.yaml:6:264: error[invalid-yaml] nesting deeper than 256 levels: not supported\n`,
    );
  });
});
