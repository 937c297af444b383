// Runs the built bundle the way kpt and kustomize do: ResourceList on stdin.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const FN = join(ROOT, 'dist', 'fn.js');

export interface Run {
  stdout: string;
  stderr: string;
  status: number | null;
}

export function runFn(input: string | Buffer, args: string[] = [], opts: { cwd?: string; timeout?: number } = {}): Run {
  if (!existsSync(FN)) throw new Error(`${FN} is missing: run "npm run build" first`);
  const r = spawnSync(process.execPath, [FN, ...args], {
    input,
    cwd: opts.cwd ?? ROOT,
    encoding: 'utf8',
    timeout: opts.timeout ?? 60_000,
    maxBuffer: 1 << 30,
  });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}
