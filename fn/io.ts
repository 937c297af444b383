// All input and output: stdin, stdout and stderr writes, and the files and folders `check`
// and `explain` read.
import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync, writevSync } from 'node:fs';
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
      out.files.push({ path: shown, text: readFileCapped(p).toString('utf8') });
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
      if (statSync(p).isFile()) out.set(p, readFileCapped(p).toString('utf8'));
    } catch {
      // Not there: the stream position stays.
    }
  }
  return out;
}

// ---- input size cap -------------------------------------------------------------------

/** Default cap on the bytes read from stdin or from one file: endless input ends with a message. */
export const DEFAULT_MAX_INPUT_BYTES = 256 * 1024 * 1024;
/** Environment variable that changes the cap: a number of bytes, or with a K, M or G suffix (KiB, MiB, GiB). */
export const MAX_INPUT_ENV = 'IMAGE_TAG_MIRRORS_MAX_INPUT';

/** Input that cannot be read (past the size cap, a directory on stdin): one line for stderr, the run stops. */
export class InputError extends Error {}

const UNIT: Record<string, number> = { '': 1, K: 1 << 10, M: 1 << 20, G: 1 << 30 };

/** The cap in bytes from the environment (a value that does not parse is a mistake worth a message). */
export function maxInputBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[MAX_INPUT_ENV];
  if (raw === undefined || raw.trim() === '') return DEFAULT_MAX_INPUT_BYTES;
  const m = /^\s*([0-9]+)\s*([KMG]?)(?:i?B)?\s*$/i.exec(raw);
  const n = m ? Number(m[1]) * UNIT[m[2]!.toUpperCase()]! : NaN;
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new InputError(`${MAX_INPUT_ENV} must be a positive number of bytes (like 512M), not ${JSON.stringify(raw)}`);
  return n;
}

const mib = (n: number) => (n >= 1 << 20 ? `${Math.floor(n / (1 << 20))} MiB` : `${n} bytes`);

function tooLarge(what: string, limit: number): InputError {
  return new InputError(
    `${what} is larger than ${mib(limit)}, the input size limit: set ${MAX_INPUT_ENV} (bytes, or like 512M) to allow more`,
  );
}

const CHUNK = 1 << 20;

/**
 * Reads a file descriptor to its end, or to `limit` bytes: past that it stops reading and
 * throws, so /dev/zero or an endless pipe never grows memory past the cap. A regular file
 * is read into one buffer of its size. Undefined when the descriptor is non-blocking and has
 * nothing yet (EAGAIN): the caller reads it as a stream instead.
 */
function readFdCapped(fd: number, what: string, limit: number): Buffer | { partial: Buffer[]; total: number } {
  let size = -1;
  try {
    const st = fstatSync(fd);
    if (st.isFile()) size = st.size;
  } catch {
    // not stat-able: read it as a stream of unknown length
  }
  if (size > limit) throw tooLarge(what, limit);
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    // One buffer of the file's size (plus one byte to see growth), else chunks.
    const buf = Buffer.allocUnsafe(size >= 0 && chunks.length === 0 ? size + 1 : CHUNK);
    let n = 0;
    try {
      while (n < buf.length) {
        const r = readSync(fd, buf, n, buf.length - n, null);
        if (r === 0) break;
        n += r;
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
        if (n > 0) chunks.push(buf.subarray(0, n));
        return { partial: chunks, total: total + n };
      }
      if ((e as NodeJS.ErrnoException).code === 'EOF') {
        /* Windows pipes end this way */
      } else throw e;
    }
    total += n;
    if (total > limit) throw tooLarge(what, limit);
    if (n > 0) chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    if (n < buf.length) break; // end of input
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

/** Reads stdin whole, up to the size cap (see maxInputBytes). */
export async function readStdinBytes(limit = maxInputBytes()): Promise<Buffer> {
  let got: ReturnType<typeof readFdCapped>;
  try {
    got = readFdCapped(0, 'stdin', limit);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read stdin: ${reason(e)}`);
  }
  if (Buffer.isBuffer(got)) return got;
  // A non-blocking pipe: the rest as a stream, counted as it comes.
  const chunks = got.partial;
  let total = got.total;
  for await (const chunk of process.stdin) {
    total += (chunk as Buffer).length;
    if (total > limit) {
      process.stdin.destroy();
      throw tooLarge('stdin', limit);
    }
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

/**
 * Reads one file given by path, up to the size cap: a device, FIFO or socket is refused
 * (reading /dev/zero would never end), a larger file too.
 */
export function readFileCapped(path: string, limit = maxInputBytes()): Buffer {
  const st = statSync(path);
  if (!st.isFile()) throw new InputError(`${path} is not a regular file`);
  if (st.size > limit) throw tooLarge(path, limit);
  const fd = openSync(path, 'r');
  try {
    const got = readFdCapped(fd, path, limit);
    return Buffer.isBuffer(got) ? got : Buffer.concat(got.partial, got.total);
  } finally {
    closeSync(fd);
  }
}

export async function readStdin(): Promise<string> {
  return (await readStdinBytes()).toString('utf8');
}

export function write(stream: NodeJS.WriteStream, data: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => stream.write(data, (err) => (err ? reject(err) : resolve())));
}

const IOV_MAX = 1024;
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Writes every byte of bufs to fd: writev, again after a partial write, and after a short wait when the pipe is full. */
function writevAll(fd: number, bufs: Uint8Array[]): void {
  let first = 0;
  while (first < bufs.length) {
    let n: number;
    try {
      n = writevSync(fd, first === 0 ? bufs : bufs.slice(first));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      Atomics.wait(sleepCell, 0, 0, 1); // a non-blocking pipe that is full: let the reader catch up
      continue;
    }
    while (n > 0 && first < bufs.length) {
      const b = bufs[first]!;
      if (b.length <= n) {
        n -= b.length;
        first++;
      } else {
        bufs[first] = b.subarray(n);
        n = 0;
      }
    }
  }
}

/**
 * Writes the pieces to a file descriptor as they are made, synchronously (no stream to set
 * up: the function's output is all it writes). Views of the input go out without a copy;
 * runs of text are joined up to 64 KiB; one writev per 1 MiB or 1,024 pieces.
 */
export function writePiecesSync(fd: number, pieces: Iterable<string | Uint8Array>): void {
  const TEXT = 1 << 16;
  const BATCH = 1 << 20;
  let bufs: Uint8Array[] = [];
  let size = 0;
  let text: string[] = [];
  let textSize = 0;
  const endText = () => {
    if (text.length === 0) return;
    const b = Buffer.from(text.length === 1 ? text[0]! : text.join(''), 'utf8');
    text = [];
    textSize = 0;
    bufs.push(b);
    size += b.length;
  };
  const flush = () => {
    endText();
    if (bufs.length) writevAll(fd, bufs);
    bufs = [];
    size = 0;
  };
  for (const p of pieces) {
    if (typeof p === 'string') {
      text.push(p);
      textSize += p.length;
      if (textSize >= TEXT) endText();
    } else if (p.length > 0) {
      endText();
      bufs.push(p);
      size += p.length;
    }
    if (size >= BATCH || bufs.length >= IOV_MAX - 1) flush();
  }
  flush();
}
