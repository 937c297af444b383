// All input and output: stdin, stdout and stderr writes, and the files and folders `check`
// and `explain` read.
import { fstatSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { InputFile } from '../src/check/subjects.js';
import { CODE } from '../src/constants.js';
import type { Result } from '../src/krm/result.js';
import { byteOrder } from '../src/order.js';

const SKIP_DIRS = new Set(['node_modules', '.git']);
const YAML_FILE = /\.ya?ml$/i;

export interface CollectedFiles {
  files: InputFile[];
  /** Paths that could not be read: unreadable errors. */
  problems: Result[];
}

function problem(file: string, message: string): Result {
  return { severity: 'error', message, file: { path: file }, tags: { code: CODE.unreadable } };
}

function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return 'no such file or directory';
  if (err?.code === 'EACCES') return 'permission denied';
  if (err?.code === 'EISDIR') return 'is a directory';
  return err?.message ?? String(e);
}

/** Shown paths use "/" and no "./", as the user would type them from the working directory. */
const show = (p: string) => p.replace(/\\/g, '/').replace(/^\.\//, '');

/** *.yaml and *.yml files below dir, skipping node_modules and .git, sorted for a stable report. */
function walk(dir: string, out: string[]): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => byteOrder(a.name, b.name));
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
        continue; // a dangling link
      }
    }
    if (isDir) {
      if (!SKIP_DIRS.has(e.name)) walk(p, out);
    } else if (isFile && YAML_FILE.test(e.name)) out.push(p);
  }
}

/** Reads files and directories (recursively: *.yaml, *.yml). A path that cannot be read is a problem. */
export function collectFiles(paths: readonly string[]): CollectedFiles {
  const out: CollectedFiles = { files: [], problems: [] };
  const seen = new Set<string>();
  const read = (p: string) => {
    const shown = show(p);
    if (seen.has(shown)) return;
    seen.add(shown);
    try {
      out.files.push({ path: shown, text: readFileSync(p, 'utf8') });
    } catch (e) {
      out.problems.push(problem(shown, `cannot read ${shown}: ${reason(e)}`));
    }
  };
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
    const found: string[] = [];
    try {
      walk(p, found);
    } catch (e) {
      out.problems.push(problem(show(p), `cannot read ${show(p)}: ${reason(e)}`));
      continue;
    }
    if (found.length === 0) out.problems.push(problem(show(p), `no .yaml or .yml files under ${show(p)}`));
    for (const f of found) read(f);
  }
  return out;
}

/** The files that exist among paths (relative to the working directory); the others are left out. */
export function readExisting(paths: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of paths) {
    try {
      if (statSync(p).isFile()) out.set(p, readFileSync(p, 'utf8'));
    } catch {
      // Not there: the stream position stays.
    }
  }
  return out;
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
