// Helpers for the hostile-input suites (test/hostile/): building hostile ResourceLists, running the bundle
// with a bounded heap, and checking that a run ended cleanly and kept every item.
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { expect } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { firstMissingItem, itemSpans } from '../../bench/lib/items.mjs';
import type { Result } from '../../src/krm/result.js';
import { isGenerated, type KubeObject } from './objects.js';
import { FN, ROOT, type Run } from './run-fn.js';

export const HEADER = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';
export const RELEASE_IMAGE = 'quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64';

/** Heap cap for the hostile runs: an input that makes the function balloon dies instead of eating the machine. */
export const HEAP_MB = 256;
/** Hang guard for one small run; no test asserts on time. */
export const HANG_MS = 30_000;

/**
 * Like runFn (run-fn.ts), but node runs with --max-old-space-size so that
 * memory is bounded too. A timeout or a spawn failure throws (the test fails saying so).
 */
export function runBounded(input: string | Buffer, opts: { timeout?: number; heapMB?: number } = {}): Run {
  if (!existsSync(FN)) throw new Error(`${FN} is missing: run "npm run build" first`);
  const r = spawnSync(process.execPath, [`--max-old-space-size=${opts.heapMB ?? HEAP_MB}`, FN], {
    input,
    cwd: ROOT,
    encoding: 'utf8',
    timeout: opts.timeout ?? HANG_MS,
    killSignal: 'SIGKILL',
    maxBuffer: 1 << 30,
  });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

export interface StreamRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: string;
}

/** Streams a file into `node dist/fn.js` through a pipe (as kpt does); stdout is collected as bytes. */
export function runStreaming(file: string, opts: { timeout: number; heapMB?: number }): Promise<StreamRun> {
  return new Promise((resolve, reject) => {
    const args = opts.heapMB ? [`--max-old-space-size=${opts.heapMB}`, FN] : [FN];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => {
      if (stderr.length < 1 << 20) stderr += b.toString('utf8');
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`node dist/fn.js did not finish within ${opts.timeout} ms`));
    }, opts.timeout);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout: Buffer.concat(out), stderr });
    });
    const input = createReadStream(file);
    input.on('error', reject);
    child.stdin.on('error', () => {}); // EPIPE if the function exits early: its status says why
    input.pipe(child.stdin);
  });
}

// ---- building inputs -------------------------------------------------------------------------

/** A ResourceList from item texts, each a block mapping at column 0 (indented under "- " here). */
export function listOf(items: string[], extra = ''): string {
  const body = items
    .map((i) =>
      i
        .trimEnd()
        .split('\n')
        .map((l, k) => (k === 0 ? '- ' : '  ') + l)
        .join('\n'),
    )
    .join('\n');
  return `${HEADER}${extra}items:${items.length ? `\n${body}\n` : ' []\n'}`;
}

export const configMap = (name: string, data = '  a: b\n') =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: team\ndata:\n${data}`;

/** A valid HostedCluster (release 4.21) whose spec gets `specExtra` (block lines indented by 2). */
export function hostedCluster(
  name: string,
  specExtra = '  imageTagMirrorSet:\n  - source: quay.io/openshift\n    mirrors:\n    - mirror.example.com/openshift\n',
): string {
  return `apiVersion: hypershift.openshift.io/v1beta1\nkind: HostedCluster\nmetadata:\n  name: ${name}\n  namespace: clusters\nspec:\n  release:\n    image: ${RELEASE_IMAGE}\n${specExtra}`;
}

export const nodePool = (name: string, cluster: string) =>
  `apiVersion: hypershift.openshift.io/v1beta1\nkind: NodePool\nmetadata:\n  name: ${name}\n  namespace: clusters\nspec:\n  clusterName: ${cluster}\n  replicas: 2\n`;

/** A HostedCluster as an object, for lists built with yaml's stringify. */
export function hostedClusterObject(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: 'hypershift.openshift.io/v1beta1',
    kind: 'HostedCluster',
    metadata: { name, namespace: 'clusters' },
    spec: { release: { image: RELEASE_IMAGE }, ...spec },
  };
}

export const listFromObjects = (items: unknown[]) =>
  stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items });

/**
 * "Billion laughs": `levels` anchors, each a list of ten aliases of the one before, as
 * block-map lines at `indent` spaces. Expanded, the last one holds 10^levels strings.
 */
export function aliasBomb(indent: number, levels = 9): string {
  const pad = ' '.repeat(indent);
  const lines = [`${pad}l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]`];
  for (let i = 1; i <= levels; i++)
    lines.push(
      `${pad}l${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return lines.join('\n') + '\n';
}

// ---- reading outputs -------------------------------------------------------------------------

/**
 * Parses a whole ResourceList (duplicate keys and aliases allowed: an untouched item may
 * hold them). When the whole text is too deep for the parser's stack, falls back to the
 * header, the results section and each item on its own (an item that is itself too deep
 * reads as `{ unparsed: true }`).
 */
export function parseList(text: string): { items: KubeObject[]; results: Result[]; kind: unknown } {
  try {
    const v = parseOne(text) as { items?: KubeObject[] | null; results?: Result[]; kind?: unknown } | null;
    return { items: v?.items ?? [], results: v?.results ?? [], kind: v?.kind };
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
  }
  const buf = Buffer.from(text, 'utf8');
  const spans = itemSpans(buf);
  if (!spans) throw new Error('too deep to parse, and no items section');
  const items = spans.starts.map((start, i) => {
    const end = i + 1 < spans.starts.length ? spans.starts[i + 1]! : spans.end;
    const own = buf.toString('utf8', start, end).replace(/^(\s*)-/, '$1 ');
    try {
      return parseOne(own) as KubeObject;
    } catch (e) {
      if (e instanceof RangeError) return { unparsed: true } as KubeObject;
      throw e;
    }
  });
  const rest = `${buf.toString('utf8', 0, buf.indexOf('\nitems:') + 1)}${buf.toString('utf8', spans.end)}`;
  const v = parseOne(rest) as { results?: Result[]; kind?: unknown } | null;
  return { items, results: v?.results ?? [], kind: v?.kind };
}

function parseOne(text: string): unknown {
  const docs = parseAllDocuments(text, { uniqueKeys: false });
  const list = Array.isArray(docs) ? docs.filter((d) => d.contents !== null) : [];
  if (list.length !== 1) throw new Error(`expected one YAML document, got ${list.length}`);
  const doc = list[0]!;
  const error = doc.errors[0];
  if (error)
    throw new (/Maximum call stack/.test(error.message) ? RangeError : Error)(`not valid YAML: ${error.message}`);
  return doc.toJS({ maxAliasCount: -1 });
}

export const errorsOf = (results: Result[]) => results.filter((r) => r.severity === 'error');
export const codesOf = (results: Result[]) => [...new Set(results.map((r) => r.tags?.code))].sort();

/** A stack trace or a Node.js internal frame anywhere in stderr. */
export function expectNoStackTrace(stderr: string): void {
  expect(stderr, 'stderr has a stack trace').not.toMatch(/^ {4}at /m);
  expect(stderr).not.toContain('node:internal');
  expect(stderr).not.toMatch(/^(TypeError|RangeError|Error|SyntaxError|ReferenceError)\b/m);
}

/**
 * The contract for any input: exit 0 or 1, no stack trace, and either a ResourceList on
 * stdout, or (exit 1) nothing on stdout and one line `image-tag-mirrors: ...` on stderr.
 * Returns the parsed output list when there is one.
 */
export function expectCleanEnd(run: Run): ReturnType<typeof parseList> | undefined {
  expectNoStackTrace(run.stderr);
  expect([0, 1]).toContain(run.status);
  if (run.stdout === '') {
    expect(run.status, 'no output but exit 0').toBe(1);
    expect(run.stderr).toMatch(/^image-tag-mirrors: [^\n]+\n$/);
    expect(run.stderr).not.toContain('internal error');
    return undefined;
  }
  const list = parseList(run.stdout);
  expect(list.kind).toBe('ResourceList');
  expect(Array.isArray(list.items)).toBe(true);
  for (const r of list.results) expect(r.tags?.code, `result without a code: ${r.message}`).toBeTruthy();
  if (run.status === 1) expect(errorsOf(list.results).length, 'exit 1 without an error result').toBeGreaterThan(0);
  if (run.status === 0) expect(errorsOf(list.results)).toEqual([]);
  // Every stderr line is the function's own.
  for (const line of run.stderr.split('\n').filter(Boolean)) expect(line).toMatch(/^image-tag-mirrors: /);
  return list;
}

/** Exit 1 with one line `image-tag-mirrors: <message>` on stderr matching `re`, and nothing on stdout. */
export function expectFatal(run: Run, re: RegExp): void {
  expectNoStackTrace(run.stderr);
  expect(run.status).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^image-tag-mirrors: [^\n]+\n$/);
  expect(run.stderr).toMatch(re);
}

// ---- items kept --------------------------------------------------------------------------------

// The same line-start checks as the benchmark's (one home: bench/lib/items.mjs).
export { countItems, firstMissingItem, itemSpans } from '../../bench/lib/items.mjs';

/** Every input item's bytes appear in the output, in order (the fast path's promise). */
export function expectBytesKept(
  input: string | Buffer,
  output: string | Buffer,
  skip?: (item: Buffer) => boolean,
): void {
  const inBuf = Buffer.isBuffer(input) ? input : Buffer.from(input, 'utf8');
  const outBuf = Buffer.isBuffer(output) ? output : Buffer.from(output, 'utf8');
  const n = itemSpans(inBuf)?.starts.length ?? 0;
  expect(n, 'no items found in the input').toBeGreaterThan(0);
  expect(firstMissingItem(inBuf, outBuf, skip), 'index of the first input item missing from the output').toBe(-1);
}

/** The output's items begin with the input's items, equal as parsed values (not generated ones). */
export function expectParsedKept(inputItems: unknown[], outputItems: KubeObject[]): void {
  const kept = outputItems.filter((o) => !isGenerated(o));
  expect(kept.length).toBe(inputItems.length);
  inputItems.forEach((item, i) => {
    if (!isDeepStrictEqual(kept[i], item)) expect(kept[i], `item ${i}`).toEqual(item);
  });
}

/**
 * The part of the contract that holds even for input the function cannot make sense of:
 * exit 0 or 1, no stack trace, every stderr line the function's own, and when stdout is
 * empty, exactly one line on stderr.
 */
export function expectNoCrash(run: Run): void {
  expectNoStackTrace(run.stderr);
  expect([0, 1]).toContain(run.status);
  for (const line of run.stderr.split('\n').filter(Boolean)) expect(line).toMatch(/^image-tag-mirrors: /);
  if (run.stdout === '') {
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^image-tag-mirrors: [^\n]+\n$/);
  }
}

export const generatedOf = (items: KubeObject[]) => items.filter(isGenerated);
export const withKind = (items: KubeObject[], kind: string) => items.filter((i) => i.kind === kind);

/** A list with one valid HostedCluster, ends with exit 0 and generates its two objects. */
export function expectGenerates(run: ReturnType<typeof runBounded>, clusters = 1) {
  const list = expectCleanEnd(run)!;
  expect(run.status, run.stderr).toBe(0);
  expect(withKind(generatedOf(list.items), 'ImageTagMirrorSet')).toHaveLength(clusters);
  expect(withKind(generatedOf(list.items), 'ConfigMap')).toHaveLength(clusters);
  return list;
}

/** Exit 1 with error results carrying one of `codes`, and nothing generated. */
export function expectRejected(run: ReturnType<typeof runBounded>, codes: string[]) {
  const list = expectCleanEnd(run)!;
  expect(list, `no ResourceList on stdout; stderr: ${run.stderr}`).toBeDefined();
  expect(run.status).toBe(1);
  const errors = errorsOf(list.results);
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) expect(codes, e.message).toContain(e.tags?.code);
  expect(generatedOf(list.items)).toEqual([]);
  return list;
}

/** Like runBounded, keeping stdout as bytes. */
export function spawnBytes(input: Buffer) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=256', FN], {
    input,
    timeout: 30_000,
    killSignal: 'SIGKILL',
    maxBuffer: 1 << 30,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}
