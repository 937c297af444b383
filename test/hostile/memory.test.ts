// Unbounded memory (issue 11, kind 6), through the bundle: stdin is read up to a size cap
// (IMAGE_TAG_MIRRORS_MAX_INPUT, default 256 MiB) and endless input ends with one line; JSON,
// CRLF and lone-CR input cost about what the same list costs as block YAML (run here with a
// small heap: the old full parse of such input died with a V8 heap trace).
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectBytesKept, expectNoStackTrace, HEADER, RELEASE_IMAGE } from '../helpers/hostile.js';
import { FN, ROOT } from '../helpers/run-fn.js';

const dir = mkdtempSync(join(tmpdir(), 'itm-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CAP = 'IMAGE_TAG_MIRRORS_MAX_INPUT';

interface Ran {
  status: number | null;
  stdout: Buffer;
  stderr: string;
}

/** The bundle with a heap cap and an input size cap, stdin from a file or a device. */
function runFrom(stdinPath: string, env: Record<string, string> = {}, heapMB = 256): Ran {
  const fd = openSync(stdinPath, 'r');
  try {
    const r = spawnSync(process.execPath, [`--max-old-space-size=${heapMB}`, FN], {
      stdio: [fd, 'pipe', 'pipe'],
      cwd: ROOT,
      env: { ...process.env, ...env },
      timeout: 120_000,
      killSignal: 'SIGKILL',
      maxBuffer: 1 << 30,
    });
    if (r.error) throw r.error;
    return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
  } finally {
    closeSync(fd);
  }
}

/** The bundle reading an endless stream through a pipe (`cat /dev/zero |`, a generator). */
function runFromPipe(command: string[], env: Record<string, string>): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const producer = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'pipe', 'ignore'] });
    const fn = spawn(process.execPath, ['--max-old-space-size=256', FN], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    producer.stdout.pipe(fn.stdin);
    fn.stdin.on('error', () => {}); // EPIPE once the function stops reading
    producer.stdout.on('error', () => {});
    const out: Buffer[] = [];
    let stderr = '';
    fn.stdout.on('data', (b: Buffer) => out.push(b));
    fn.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    const timer = setTimeout(() => {
      fn.kill('SIGKILL');
      producer.kill('SIGKILL');
      reject(new Error('the function did not stop reading an endless stream'));
    }, 60_000);
    fn.on('error', reject);
    fn.on('close', (status) => {
      clearTimeout(timer);
      producer.kill('SIGKILL');
      resolve({ status, stdout: Buffer.concat(out), stderr });
    });
  });
}

function expectTooLarge(run: Ran) {
  expectNoStackTrace(run.stderr);
  expect(run.status).toBe(1);
  expect(run.stdout.length).toBe(0);
  expect(run.stderr).toMatch(/^image-tag-mirrors: stdin is larger than [^\n]+ IMAGE_TAG_MIRRORS_MAX_INPUT[^\n]*\n$/);
}

describe('a cap on the input size', () => {
  it('/dev/zero on stdin: one line, exit 1, at the default cap', () => {
    expectTooLarge(runFrom('/dev/zero'));
  });

  it('/dev/zero on stdin with a smaller cap (IMAGE_TAG_MIRRORS_MAX_INPUT=8M): stops there', () => {
    const run = runFrom('/dev/zero', { [CAP]: '8M' });
    expectTooLarge(run);
    expect(run.stderr).toContain('larger than 8 MiB');
  });

  it('an endless pipe of NUL bytes (cat /dev/zero |): one line, exit 1', async () => {
    expectTooLarge(await runFromPipe(['cat', '/dev/zero'], { [CAP]: '16M' }));
  });

  it('an endless pipe of valid-looking items: one line, exit 1', async () => {
    const script = `process.stdout.write(${JSON.stringify(HEADER)} + 'items:\\n'); const item = '- apiVersion: v1\\n  kind: ConfigMap\\n  metadata:\\n    name: x\\n'.repeat(1000); (function more() { while (process.stdout.write(item)); process.stdout.once('drain', more); })();`;
    expectTooLarge(await runFromPipe([process.execPath, '-e', script], { [CAP]: '16M' }));
  });

  it('a regular file larger than the cap: refused before it is read', () => {
    const file = join(dir, 'small.yaml');
    writeFileSync(file, `${HEADER}items: []\n# ${'x'.repeat(4096)}\n`);
    expectTooLarge(runFrom(file, { [CAP]: '1K' }));
    expect(runFrom(file, { [CAP]: '8K' }).status).toBe(0);
  });

  it('a directory on stdin: one line, exit 1, not an internal error', () => {
    const run = runFrom(dir);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^image-tag-mirrors: cannot read stdin: is a directory\n$/);
  });

  it('a cap that does not parse: one line naming the variable, exit 1', () => {
    const file = join(dir, 'empty-list.yaml');
    writeFileSync(file, `${HEADER}items: []\n`);
    const run = runFrom(file, { [CAP]: 'lots' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^image-tag-mirrors: IMAGE_TAG_MIRRORS_MAX_INPUT must be [^\n]+\n$/);
  });
});

/** A ConfigMap per ~330 bytes up to `bytes`, then one HostedCluster, written as `write` formats them. */
function writeList(file: string, bytes: number, format: 'json' | 'json-pretty' | 'yaml'): void {
  const fd = openSync(file, 'w');
  const hc = {
    apiVersion: 'hypershift.openshift.io/v1beta1',
    kind: 'HostedCluster',
    metadata: { name: 'c1', namespace: 'clusters' },
    spec: {
      release: { image: RELEASE_IMAGE },
      imageTagMirrorSet: [{ source: 'quay.io/openshift', mirrors: ['mirror.example.com/openshift'] }],
    },
  };
  const cm = (i: number) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `cm-${i}`, namespace: 'apps' },
    data: { key: `value-${i}`, other: 'x'.repeat(200) },
  });
  const json = (o: unknown) =>
    format === 'json-pretty' ? JSON.stringify(o, null, 2).replace(/\n/g, '\n    ') : JSON.stringify(o);
  if (format === 'yaml') writeSync(fd, `${HEADER}items:\n`);
  else writeSync(fd, `{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": [`);
  let size = 0;
  let batch = '';
  for (let i = 0; size < bytes; i++) {
    const o = cm(i);
    const text =
      format === 'yaml'
        ? `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: cm-${i}\n    namespace: apps\n  data:\n    key: value-${i}\n    other: ${o.data.other}\n`
        : `${i ? ',' : ''}${format === 'json-pretty' ? '\n    ' : ''}${json(o)}`;
    batch += text;
    size += text.length;
    if (batch.length > 1 << 20) {
      writeSync(fd, batch);
      batch = '';
    }
  }
  writeSync(fd, batch);
  if (format === 'yaml')
    writeSync(
      fd,
      `- apiVersion: ${hc.apiVersion}\n  kind: HostedCluster\n  metadata:\n    name: c1\n    namespace: clusters\n  spec:\n    release:\n      image: ${RELEASE_IMAGE}\n    imageTagMirrorSet:\n    - source: quay.io/openshift\n      mirrors:\n      - mirror.example.com/openshift\n`,
    );
  else writeSync(fd, `,${json(hc)}]}\n`);
  closeSync(fd);
}

describe('JSON and CR input cost what block YAML costs (a 256 MB heap for 100 MB of input)', () => {
  const MB100 = 100 * 1024 * 1024;
  for (const format of ['json', 'json-pretty'] as const) {
    it(`a 100 MB ${format === 'json' ? 'one-line' : 'pretty-printed'} JSON list: generates, untouched items byte for byte`, () => {
      const file = join(dir, `${format}.json`);
      writeList(file, MB100, format);
      const run = runFrom(file);
      expectNoStackTrace(run.stderr);
      expect(run.status, run.stderr).toBe(0);
      const input = readFileSync(file);
      // The output is the input with the two generated objects added before the closing "]}".
      const end = input.lastIndexOf(']}');
      expect(run.stdout.subarray(0, end).equals(input.subarray(0, end))).toBe(true);
      const tail = run.stdout.subarray(end - 200).toString('utf8');
      expect(tail).toContain('"kind":"ConfigMap"');
    }, 180_000);
  }

  it('a 100 MB block list with one lone CR on the items line: generates, items byte for byte', () => {
    const file = join(dir, 'lone-cr.yaml');
    writeList(file, MB100, 'yaml');
    const text = readFileSync(file);
    // On the `items:` line itself, as an editor on an old Mac would leave it.
    const at = text.indexOf('items:\n') + 'items:'.length;
    const input = Buffer.concat([
      text.subarray(0, at),
      Buffer.from(' # the list\r# after a lone CR'),
      text.subarray(at),
    ]);
    writeFileSync(file, input);
    const run = runFrom(file);
    expect(run.status, run.stderr).toBe(0);
    expectBytesKept(input, run.stdout);
  }, 180_000);

  it('a 100 MB block list with CRLF line breaks: generates, items byte for byte', () => {
    const file = join(dir, 'crlf.yaml');
    writeList(file, MB100, 'yaml');
    const input = Buffer.from(readFileSync(file, 'latin1').replace(/\n/g, '\r\n'), 'latin1');
    writeFileSync(file, input);
    const run = runFrom(file);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.subarray(0, input.length - 300).equals(input.subarray(0, input.length - 300))).toBe(true);
  }, 180_000);
});

// `kustomize build | image-tag-mirrors check -` over a large stream of other objects: check
// kept every document's syntax tree until its results were placed (a 65 MB stream of ConfigMaps
// took 1.2 GB). Only documents with something to check keep theirs. Bounded, not timed: 30,000
// ConfigMaps (9 MB) ran out of a 128 MB heap before and fit in it now.
describe('check: a large stream of objects it does not check', () => {
  it('reads 30,000 ConfigMaps and a HostedCluster within --max-old-space-size=128', () => {
    const docs: string[] = [];
    for (let i = 0; i < 30_000; i++)
      docs.push(
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${i}\n  namespace: apps\ndata:\n  key: value-${i}\n  other: ${'x'.repeat(200)}\n`,
      );
    docs.push(
      `apiVersion: hypershift.openshift.io/v1beta1\nkind: HostedCluster\nmetadata:\n  name: c1\n  namespace: clusters\nspec:\n  release:\n    image: ${RELEASE_IMAGE}\n  imageTagMirrorSet:\n  - source: quay.io/a\n    mirrors: [quay.io/a]\n`,
    );
    const file = join(dir, 'stream.yaml');
    writeFileSync(file, docs.join('---\n'));
    const r = spawnSync(process.execPath, ['--max-old-space-size=128', FN, 'check', '-'], {
      input: readFileSync(file),
      encoding: 'utf8',
      timeout: 120_000,
      maxBuffer: 1 << 26,
    });
    expectNoStackTrace(r.stderr);
    expect(r.stderr).not.toMatch(/heap out of memory/i);
    // The one cluster's mistake is found and placed: its line in the stream.
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/mirror-is-source/);
    expect(r.stdout).toContain(`<stdin>:${30_000 * 9 + 11}:15: error[mirror-is-source]`);
  });
});
