// Input and output of every mode: stdin, stdout and stderr writes, one file read within the
// input size limit (InputBudget). The KRM function loads only this; what the commands read from
// files and folders is in files.ts, loaded with the commands.
import { closeSync, fstatSync, openSync, readSync, writevSync } from 'node:fs';
import type * as Tty from 'node:tty';
import { FUNCTION_NAME } from '../src/constants.js';

// ---- the input size limit ------------------------------------------------------------

/**
 * The most input any command reads, unless IMAGE_TAG_MIRRORS_MAX_INPUT (every command) or
 * --max-input-size (check, explain, registries-conf, probe) says otherwise: the function's stdin,
 * or everything a command reads in all (files, stdin, lists, auth file). Endless input
 * (/dev/zero, a pipe that never ends) stops there with one line.
 */
export const DEFAULT_MAX_INPUT = 256 * 1024 * 1024;
/** The environment variable that sets the limit for every command: bytes, or with a K, M or G suffix. */
export const MAX_INPUT_ENV = 'IMAGE_TAG_MIRRORS_MAX_INPUT';

/** Input that cannot be taken (past the limit, a terminal, nothing piped in): one line, and the run stops. */
export class InputError extends Error {}

const SIZE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

/** A byte count: 1000000, 64K, 128M, 1G (binary units; "KiB", "MB" and "b" suffixes read the same); undefined when it is none. */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+)\s*([kmg]?)(?:i?b)?$/i.exec(text.trim());
  const n = m ? Number(m[1]) * SIZE_UNITS[m[2]!.toLowerCase()]! : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** The limit the environment sets (the default without it); a value that is no size is a mistake worth a message. */
export function maxInputBytes(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[MAX_INPUT_ENV];
  if (raw === undefined || raw.trim() === '') return DEFAULT_MAX_INPUT;
  const n = parseSize(raw);
  if (n === undefined)
    throw new InputError(`${MAX_INPUT_ENV} must be a positive number of bytes (like 512M), not ${JSON.stringify(raw)}`);
  return n;
}

/**
 * How much input a run may still read, over every file and stdin. `option`: the command's
 * --max-input-size; without it, the environment's limit. The message past the limit names the
 * knob the run has: the option for the commands, the variable for the KRM function (kpt and
 * kustomize pass it no arguments).
 */
export class InputBudget {
  private used = 0;
  readonly limit: number;
  constructor(
    option?: number,
    private readonly knob: 'option' | 'variable' = 'option',
  ) {
    this.limit = option ?? maxInputBytes();
  }
  /** Counts n more bytes of `what`; past the limit, stops the run. */
  take(n: number, what: string): void {
    this.used += n;
    if (this.used <= this.limit) return;
    throw new InputError(
      this.knob === 'option'
        ? `${what}: input larger than ${formatSize(this.limit)} in all, the limit: raise it with --max-input-size (e.g. --max-input-size 1G)`
        : `${what} is larger than ${formatSize(this.limit)}, the input size limit: set ${MAX_INPUT_ENV} (bytes, or like 512M) to allow more`,
    );
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

const CHUNK = 1 << 20;

/**
 * Reads an open file to its end within the budget: a regular file into one buffer of its size
 * (counted before it is read), anything else (a device, a pipe) in chunks, stopping once past
 * the limit (/dev/zero never ends). `partial` when the descriptor is non-blocking and has
 * nothing yet (EAGAIN): the caller reads the rest as a stream.
 */
function readFdCapped(fd: number, budget: InputBudget, what: string): Buffer | { partial: Buffer[]; total: number } {
  let size = -1;
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (st.isFile()) size = st.size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EISDIR') throw e;
    // not stat-able: read it as a stream of unknown length
  }
  if (size >= 0) budget.take(size, what);
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    // One buffer of the file's size (plus one byte to see growth), else chunks.
    const length = size >= 0 && chunks.length === 0 ? size + 1 : Math.min(CHUNK, budget.left + 1);
    const buf = Buffer.allocUnsafe(length);
    let n = 0;
    try {
      while (n < buf.length) {
        const r = readSync(fd, buf, n, buf.length - n, null);
        if (r === 0) break;
        n += r;
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') {
        if (n > 0) {
          budget.take(n, what);
          chunks.push(buf.subarray(0, n));
        }
        return { partial: chunks, total: total + n };
      }
      if ((e as NodeJS.ErrnoException).code !== 'EOF') throw e; // (Windows pipes end with EOF)
    }
    // A regular file's bytes are counted already, but for what it grew by.
    budget.take(size >= 0 && chunks.length === 0 ? Math.max(0, n - size) : n, what);
    total += n;
    if (n > 0) chunks.push(n === buf.length ? buf : buf.subarray(0, n));
    if (n < buf.length) break; // end of input
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

/** Why a path could not be read, in a few words. */
export function reason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === 'ENOENT') return 'no such file or directory';
  if (err?.code === 'EACCES') return 'permission denied';
  if (err?.code === 'EISDIR') return 'is a directory';
  if (err?.code === 'ELOOP') return 'too many levels of symbolic links';
  return err?.message ?? String(e);
}

/** Shown paths use "/" and no "./", as the user would type them from the working directory. */
export const show = (p: string) => p.replace(/\\/g, '/').replace(/^\.\//, '');

/** Reads one file of the input within the budget. */
export function readInputFile(path: string, budget: InputBudget, shown = show(path)): string {
  const fd = openSync(path, 'r');
  try {
    const got = readFdCapped(fd, budget, shown);
    return (Buffer.isBuffer(got) ? got : Buffer.concat(got.partial, got.total)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** stdin is a terminal: nothing is piped in, and reading would wait for typing. */
export function stdinIsTerminal(): boolean {
  // A terminal is a character device: for a file or a pipe (every kpt and kustomize run) one
  // fstat answers, and node:tty (which loads node:net) is not loaded at all.
  try {
    if (!fstatSync(0).isCharacterDevice()) return false;
  } catch {
    return false; // no stdin at all: not a terminal (reading it reports the problem)
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only for a character device
  return (require('node:tty') as typeof Tty).isatty(0);
}

/**
 * stdin whole, within the budget (the KRM function's, or a command's "-"): a file on stdin
 * (`< list.yaml`) into one buffer of its size, a pipe read as it comes. Anything that cannot
 * be read (a directory) is one line.
 */
export async function readStdinBytes(budget: InputBudget): Promise<Buffer> {
  let got: ReturnType<typeof readFdCapped>;
  try {
    got = readFdCapped(0, budget, 'stdin');
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`cannot read stdin: ${reason(e)}`);
  }
  if (Buffer.isBuffer(got)) return got;
  // A non-blocking pipe: the rest as a stream, counted as it comes.
  const chunks = got.partial;
  let total = got.total;
  for await (const chunk of process.stdin) {
    try {
      budget.take((chunk as Buffer).length, 'stdin');
    } catch (e) {
      process.stdin.destroy();
      throw e;
    }
    total += (chunk as Buffer).length;
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

/**
 * stdin for check, explain, registries-conf and probe, within the budget. A terminal is a
 * mistake (reading would wait for typing): one line, exit 2.
 */
export async function readInputStdin(command: string, budget: InputBudget): Promise<string> {
  if (stdinIsTerminal())
    throw new InputError(
      `stdin is a terminal: pipe YAML in (kustomize build DIR | ${FUNCTION_NAME} ${command} -), or give files and directories instead of -`,
    );
  return (await readStdinBytes(budget)).toString('utf8');
}

/** stdin held no YAML document: most likely the command before the pipe failed (exit 2). */
export function noDocumentError(): InputError {
  return new InputError('stdin holds no YAML document (did the command before the pipe fail?)');
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

/** Where the output is put together before it is written: one buffer, reused after each write. */
const STAGE = 1 << 20;
/** Views of the input up to this size are copied into the stage (fewer, larger writes); longer ones go out as they are. */
const COPY_MAX = 1 << 14;

/**
 * Writes the pieces to a file descriptor as they are made, synchronously (no stream to set
 * up: the function's output is all it writes). Text and short views of the input are copied
 * into one reused 1 MiB buffer (no string joins, no buffer per piece: a fleet's output is
 * thousands of pieces); long views of the input go out without a copy; one writev per
 * 1 MiB or 1,024 pieces. Nothing is kept once written.
 */
export function writePiecesSync(fd: number, pieces: Iterable<string | Uint8Array>): void {
  const stage = Buffer.allocUnsafe(STAGE);
  let used = 0; // bytes of the stage in use
  let mark = 0; // the stage before it is in `out` already
  let out: Uint8Array[] = [];
  let viewBytes = 0;
  const cut = () => {
    if (used > mark) out.push(stage.subarray(mark, used));
    mark = used;
  };
  const flush = () => {
    cut();
    if (out.length) writevAll(fd, out);
    out = [];
    viewBytes = 0;
    used = mark = 0;
  };
  for (const p of pieces) {
    if (typeof p === 'string') {
      // At most 3 bytes of UTF-8 per UTF-16 unit: what surely fits is written in place.
      if (p.length * 3 > STAGE - used) {
        flush();
        if (p.length * 3 > STAGE) {
          writevAll(fd, [Buffer.from(p, 'utf8')]);
          continue;
        }
      }
      used += stage.write(p, used, 'utf8');
    } else if (p.length <= COPY_MAX) {
      if (p.length > STAGE - used) flush();
      stage.set(p, used);
      used += p.length;
    } else {
      cut();
      out.push(p);
      viewBytes += p.length;
      if (viewBytes >= STAGE || out.length >= IOV_MAX - 1) flush();
    }
  }
  flush();
}
