// All input and output: stdin, stdout and stderr writes, and the files and folders `check`,
// `explain` and `registries-conf` read (within a size limit, each real directory once).
import { closeSync, fstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isatty } from 'node:tty';
import type { InputFile } from '../src/check/subjects.js';
import { CODE, FUNCTION_NAME } from '../src/constants.js';
import type { Result } from '../src/krm/result.js';
import { byteOrder } from '../src/order.js';

const SKIP_DIRS = new Set(['node_modules', '.git']);
const YAML_FILE = /\.ya?ml$/i;
/** kpt's package file: YAML without the extension, read so check knows the package and its pipeline. */
const KPTFILE = 'Kptfile';
/** kpt's ignore file: which files of a package kpt leaves out (gitignore patterns). */
const KRMIGNORE = '.krmignore';

/** The most `check`, `explain` and `registries-conf` read in all, unless --max-input-size says otherwise. */
export const DEFAULT_MAX_INPUT = 128 * 1024 * 1024;

/** Input that cannot be taken (past the limit, a terminal, nothing piped in): one line, exit 2. */
export class InputError extends Error {}

/** How much input the command may still read, over every file and stdin. */
export class InputBudget {
  private used = 0;
  constructor(readonly limit: number = DEFAULT_MAX_INPUT) {}
  /** Counts n more bytes of `what`; past the limit, stops the command. */
  take(n: number, what: string): void {
    this.used += n;
    if (this.used > this.limit) {
      throw new InputError(
        `${what}: input larger than ${formatSize(this.limit)} in all, the limit: raise it with --max-input-size (e.g. --max-input-size 1G)`,
      );
    }
  }
  get left(): number {
    return Math.max(0, this.limit - this.used);
  }
}

export function formatSize(n: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
    ['KiB', 1024],
  ] as const) {
    if (n >= size && n % size === 0) return `${n / size} ${unit}`;
  }
  return `${n} bytes`;
}

export interface CollectedFiles {
  files: InputFile[];
  /** Paths that could not be read: unreadable errors. */
  problems: Result[];
  /** The .krmignore files found beside a Kptfile (kpt packages), by their shown path. */
  ignores: InputFile[];
}

function problem(file: string, message: string): Result {
  return { severity: 'error', message, file: { path: file }, tags: { code: CODE.unreadable } };
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return 'no such file or directory';
  if (err?.code === 'EACCES') return 'permission denied';
  if (err?.code === 'EISDIR') return 'is a directory';
  if (err?.code === 'ELOOP') return 'too many levels of symbolic links';
  return err?.message ?? String(e);
}

/** Shown paths use "/" and no "./", as the user would type them from the working directory. */
const show = (p: string) => p.replace(/\\/g, '/').replace(/^\.\//, '');

/** The real path, to visit each directory and read each file once however many links lead there. */
function realOf(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

interface Walk {
  /** Real paths of the directories entered: a link back up (a loop) is not entered again. */
  dirs: Set<string>;
  found: string[];
  ignores: string[];
}

/**
 * *.yaml, *.yml and Kptfile files below dir, skipping node_modules and .git, sorted for a stable
 * report. Each real directory is entered once, so symbolic link loops end; the walk is an
 * explicit stack (no recursion to overflow on deep trees).
 */
function walk(root: string, w: Walk): void {
  const stack = [root];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    const real = realOf(dir);
    if (real === undefined || w.dirs.has(real)) continue;
    w.dirs.add(real);
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => byteOrder(a.name, b.name));
    const below: string[] = [];
    const names = new Set(entries.map((e) => e.name));
    for (const e of entries) {
      const p = join(dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const s = statSync(p);
          isDir = s.isDirectory();
          isFile = s.isFile();
        } catch {
          continue; // a dangling link, or a loop of links
        }
      }
      if (isDir) {
        if (!SKIP_DIRS.has(e.name)) below.push(p);
      } else if (isFile && (YAML_FILE.test(e.name) || e.name === KPTFILE)) w.found.push(p);
      else if (isFile && e.name === KRMIGNORE && names.has(KPTFILE)) w.ignores.push(p);
    }
    // Depth first, in name order: the stack takes the last pushed first.
    for (let i = below.length - 1; i >= 0; i--) stack.push(below[i]!);
  }
}

/**
 * Reads an open file within the budget: a regular file by its size, anything else (a device,
 * a pipe) in chunks, stopping once past the limit (/dev/zero never ends).
 */
function readFd(fd: number, budget: InputBudget, shown: string): string {
  const stat = fstatSync(fd);
  if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  if (stat.isFile()) {
    budget.take(stat.size, shown);
    return readFileSync(fd, 'utf8');
  }
  const chunks: Buffer[] = [];
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(1 << 20, budget.left + 1));
    const n = readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    budget.take(n, shown);
    chunks.push(chunk.subarray(0, n));
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads one file of the input within the budget. */
export function readInputFile(path: string, budget: InputBudget, shown = show(path)): string {
  const fd = openSync(path, 'r');
  try {
    return readFd(fd, budget, shown);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads files and directories (recursively: *.yaml, *.yml, Kptfile) within the budget. A path
 * that cannot be read is a problem; a file reached twice (links) is read once.
 */
export function collectFiles(paths: readonly string[], budget = new InputBudget()): CollectedFiles {
  const out: CollectedFiles = { files: [], problems: [], ignores: [] };
  const seen = new Set<string>();
  const read = (p: string) => {
    const shown = show(p);
    const key = realOf(p) ?? shown;
    if (seen.has(key)) return;
    seen.add(key);
    try {
      out.files.push({ path: shown, text: readInputFile(p, budget, shown) });
    } catch (e) {
      if (e instanceof InputError) throw e;
      out.problems.push(problem(shown, `cannot read ${shown}: ${reason(e)}`));
    }
  };
  const ignores: string[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (e) {
      out.problems.push(problem(show(p), `cannot read ${show(p)}: ${reason(e)}`));
      continue;
    }
    if (!isDir) {
      read(p);
      continue;
    }
    // Each walk enters a real directory once (loops end); a file found again is read once.
    const w: Walk = { dirs: new Set(), found: [], ignores };
    try {
      walk(p, w);
    } catch (e) {
      out.problems.push(problem(show(p), `cannot read ${show(p)}: ${reason(e)}`));
      continue;
    }
    if (w.found.length === 0) out.problems.push(problem(show(p), `no .yaml or .yml files under ${show(p)}`));
    for (const f of w.found) read(f);
  }
  for (const p of [...new Set(ignores)]) {
    try {
      out.ignores.push({ path: show(p), text: readInputFile(p, budget) });
    } catch (e) {
      if (e instanceof InputError) throw e;
      // An unreadable .krmignore: kpt would fail; the package is checked without it.
    }
  }
  return out;
}

/** The files that exist among paths (relative to the working directory); the others are left out. */
export function readExisting(paths: readonly string[], budget = new InputBudget()): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of paths) {
    try {
      if (statSync(p).isFile()) out.set(p, readInputFile(p, budget));
    } catch (e) {
      if (e instanceof InputError) throw e;
      // Not there: the stream position stays.
    }
  }
  return out;
}

/** stdin is a terminal: nothing is piped in, and reading would wait for typing. */
export function stdinIsTerminal(): boolean {
  return isatty(0);
}

/**
 * stdin for check, explain and registries-conf, within the budget. A terminal is a mistake
 * (reading would wait for typing): one line, exit 2.
 */
export async function readInputStdin(command: string, budget: InputBudget): Promise<string> {
  if (stdinIsTerminal())
    throw new InputError(
      `stdin is a terminal: pipe YAML in (kustomize build DIR | ${FUNCTION_NAME} ${command} -), or give files and directories instead of -`,
    );
  let isFile = false;
  try {
    isFile = fstatSync(0).isFile();
  } catch {
    // no stdin at all: read it as a stream, which ends at once
  }
  if (isFile) return readFd(0, budget, 'stdin');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    try {
      budget.take((chunk as Buffer).length, 'stdin');
    } catch (e) {
      process.stdin.destroy();
      throw e;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function readStdinBytes(): Promise<Buffer> {
  // A file on stdin (`< list.yaml`): read it into one buffer of its size, no second copy.
  let isFile = false;
  try {
    isFile = fstatSync(0).isFile();
  } catch {
    // no stdin at all: read it as a stream, which ends at once
  }
  if (isFile) {
    const stat = fstatSync(0);
    const buf = Buffer.allocUnsafe(stat.size);
    let n = 0;
    while (n < buf.length) {
      const r = readSync(0, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
    }
    return n === buf.length ? buf : buf.subarray(0, n);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

export async function readStdin(): Promise<string> {
  return (await readStdinBytes()).toString('utf8');
}

export function write(stream: NodeJS.WriteStream, data: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => stream.write(data, (err) => (err ? reject(err) : resolve())));
}

/**
 * Writes the pieces in order. Untouched input goes out as views of the input bytes (no
 * copy); small pieces are gathered so a list with many edits is not many tiny writes.
 */
export async function writePieces(stream: NodeJS.WriteStream, pieces: readonly (string | Uint8Array)[]): Promise<void> {
  let small: string[] = [];
  const flush = async () => {
    if (small.length) await write(stream, small.join(''));
    small = [];
  };
  for (const p of pieces) {
    if (typeof p === 'string' && p.length < 1 << 16) small.push(p);
    else {
      await flush();
      await write(stream, p);
    }
  }
  await flush();
}
