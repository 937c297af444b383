// File system and stdin access for the command-line modes (check, explain).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { InputFile, InputProblem } from '../src/cli/load.js';
import { byteOrder } from '../src/order.js';

const SKIP_DIRS = new Set(['node_modules', '.git']);
const YAML_FILE = /\.ya?ml$/i;

export interface Collected {
  files: InputFile[];
  problems: InputProblem[];
}

const NO_POSITION = { line: 0, column: 0, endLine: 0, endColumn: 0 };

function problem(file: string, message: string): InputProblem {
  return { severity: 'error', code: 'unreadable', message, file, position: NO_POSITION };
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
export function collectFiles(paths: readonly string[]): Collected {
  const out: Collected = { files: [], problems: [] };
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

export async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (err) => (err ? reject(err) : resolve())));
}
