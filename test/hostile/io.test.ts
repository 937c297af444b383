// The bundle's input and output (fn/io.ts) under load: a 100 MB list through a pipe, and a
// reader that goes away before the output is written.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeBigList } from '../helpers/big-list.js';
import {
  runStreaming,
  listOf,
  configMap,
  hostedCluster,
  expectNoStackTrace,
  countItems,
  expectBytesKept,
} from '../helpers/hostile.js';
import { FN } from '../helpers/run-fn.js';

describe('a 100 MB input, streamed through a pipe', () => {
  const dir = mkdtempSync(join(tmpdir(), 'itm-hostile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exit 0, every item out (input + 2 per HostedCluster), untouched items byte for byte', async () => {
    const file = join(dir, 'big.yaml');
    const big = writeBigList(file, 100 * 1024 * 1024);
    expect(big.bytes).toBeGreaterThanOrEqual(100 * 1024 * 1024);
    const run = await runStreaming(file, { timeout: 240_000, heapMB: 2048 });
    expectNoStackTrace(run.stderr);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(countItems(run.stdout)).toBe(big.items + 2 * big.clusters);
    // NodePools are wired to the generated ConfigMap, so only they may change.
    expectBytesKept(readFileSync(file), run.stdout, (item) => item.includes('kind: NodePool'));
  }, 300_000);
});

describe('the reader goes away', () => {
  // Once a bug: EPIPE printed node's unhandled 'error' event with a stack trace.
  it('stdout closed early: no stack trace', async () => {
    const input = listOf(Array.from({ length: 3000 }, (_, i) => configMap(`c${i}`)).concat([hostedCluster('epipe')]));
    const { stderr } = await new Promise<{ status: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [FN], { stdio: ['pipe', 'pipe', 'pipe'] });
      let err = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('error', reject);
      child.on('close', (status) => {
        clearTimeout(timer);
        resolve({ status, stderr: err });
      });
      child.stdin.on('error', () => {});
      child.stdin.end(input);
    });
    expectNoStackTrace(stderr);
  });
});
