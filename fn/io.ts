// All input and output: stdin, stdout and stderr writes, and the files and folders `check`,
// `explain`, `registries-conf` and `probe` read (each real directory once). Every command reads
// within one input size limit (InputBudget).
import {
  closeSync,
  existsSync,
  fstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  realpathSync,
  statSync,
  writevSync,
  type Dirent,
  type Stats,
} from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { isatty } from 'node:tty';
import { isIgnored, matchesEntry, parseKrmignore, type Krmignore } from '../src/check/krmignore.js';
import type { InputFile } from '../src/check/subjects.js';
import { CODE, FUNCTION_NAME } from '../src/constants.js';
import type { Result } from '../src/krm/result.js';
import { byteOrder } from '../src/order.js';
import { stepRunsFunction } from '../src/check/render.js';
import { isObject } from '../src/krm/kube.js';
import { parse as parseYaml } from 'yaml';

const SKIP_DIRS = new Set(['node_modules', '.git']);
const YAML_FILE = /\.ya?ml$/i;
/** kpt's package file: YAML without the extension, read so check knows the package and its pipeline. */
const KPTFILE = 'Kptfile';
/** kpt's ignore file: which files of a package kpt leaves out (gitignore patterns). */
const KRMIGNORE = '.krmignore';

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

/** The real path, to read each file once however many links lead there. */
function realOf(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}

/** The file system calls the walk makes: one readdir and one stat per directory, one stat per link. */
export interface WalkFs {
  readdir(dir: string): Dirent[];
  stat(p: string): Stats;
}
const NODE_FS: WalkFs = {
  readdir: (dir) => readdirSync(dir, { withFileTypes: true }),
  stat: (p) => statSync(p),
};

/** How deep below a path given the walk goes: deeper folders are a problem, not searched. */
export const MAX_DEPTH = 1024;

/** kpt reads these in a package (kyaml kio.MatchAll and the Kptfile), by Go's case-sensitive glob. */
const KRM_FILE = /\.(ya?ml|json)$/;
const JSON_FILE = /\.json$/i;

/** A kpt package the walk is in: its folder (as walked) and its .krmignore. */
interface PackageCtx {
  dir: string;
  ignore: Krmignore;
}

/**
 * Where a folder is, for the walk: outside kpt packages (check's own choice of files), in a
 * package (kpt's: what kyaml's LocalPackageReader reads), or in a folder of a package that its
 * .krmignore leaves out (only subpackages are looked for there, as kpt's Subpackages does).
 */
interface Frame {
  dir: string;
  depth: number;
  pkg?: PackageCtx;
  ignored?: boolean;
}

interface Walk {
  /** Directories entered, by device and inode: a link back up (a loop) is not entered again. */
  dirs: Set<string>;
  found: string[];
  /** JSON files outside kpt packages: taken only when they look like Kubernetes objects. */
  maybe: Set<string>;
  ignores: InputFile[];
  problems: Result[];
  budget: InputBudget;
  fs: WalkFs;
}

function readIgnore(dir: string, w: Walk): Krmignore {
  const p = join(dir, KRMIGNORE);
  try {
    const text = readInputFile(p, w.budget);
    w.ignores.push({ path: show(p), text });
    return parseKrmignore(text);
  } catch (e) {
    if (e instanceof InputError) throw e;
    return parseKrmignore(''); // none (an unreadable one: kpt fails; the package is checked without it)
  }
}

/** "/"-separated path of p below dir. */
const below = (dir: string, p: string) => show(relative(dir, p));

/**
 * The files below root, sorted for a stable report: depth first, in name order, an explicit
 * stack (no recursion to overflow). Each directory costs one readdir and one stat (its device
 * and inode, so link loops end), whatever its depth: linear in the length of the paths.
 * Outside kpt packages: *.yaml, *.yml, Kptfile and *.json, following links, skipping
 * node_modules and .git. In a package (a folder with a Kptfile), what kpt reads: *.yaml,
 * *.yml, *.json and the Kptfile everywhere but what its .krmignore leaves out, not following
 * links to folders (kpt walks with lstat); each subpackage with its own .krmignore.
 */
function walk(root: string, w: Walk): void {
  // Folders and the files found in them, in the order kpt's filepath.Walk takes them.
  const stack: (Frame | string)[] = [{ dir: root, depth: 0 }];
  while (stack.length > 0) {
    const f = stack.pop()!;
    if (typeof f === 'string') {
      w.found.push(f);
      continue;
    }
    let id: string;
    try {
      const st = w.fs.stat(f.dir);
      id = `${st.dev}:${st.ino}`;
    } catch {
      continue;
    }
    if (w.dirs.has(id)) continue;
    w.dirs.add(id);
    if (f.depth > MAX_DEPTH) {
      w.problems.push(
        problem(show(f.dir), `${show(root)}: folders nested more than ${MAX_DEPTH} levels deep are not searched`),
      );
      continue;
    }
    const entries = w.fs.readdir(f.dir).sort((a, b) => byteOrder(a.name, b.name));
    // A Kptfile makes the folder a package (a subpackage has its own .krmignore).
    let pkg = f.pkg;
    let ignored = f.ignored ?? false;
    if (entries.some((e) => e.name === KPTFILE && !e.isDirectory())) {
      pkg = { dir: f.dir, ignore: readIgnore(f.dir, w) };
      ignored = false;
    }
    const next: (Frame | string)[] = [];
    for (const e of entries) {
      const p = join(f.dir, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const s = w.fs.stat(p);
          isDir = s.isDirectory();
          isFile = s.isFile();
        } catch {
          continue; // a dangling link, or a loop of links
        }
        if (isDir && pkg) continue; // kpt does not follow links to folders
      }
      if (isDir) {
        if (!pkg) {
          if (!SKIP_DIRS.has(e.name)) next.push({ dir: p, depth: f.depth + 1 });
        } else if (ignored || matchesEntry(pkg.ignore, below(pkg.dir, p), true)) {
          if (e.name !== '.git') next.push({ dir: p, depth: f.depth + 1, pkg, ignored: true });
        } else next.push({ dir: p, depth: f.depth + 1, pkg });
        continue;
      }
      if (!isFile || ignored) continue;
      if (pkg) {
        if ((KRM_FILE.test(e.name) || e.name === KPTFILE) && !matchesEntry(pkg.ignore, below(pkg.dir, p), false))
          next.push(p);
      } else if (YAML_FILE.test(e.name) || e.name === KPTFILE) next.push(p);
      else if (JSON_FILE.test(e.name)) {
        next.push(p);
        w.maybe.add(p);
      }
    }
    // Depth first, in name order (files and folders as they come): the stack takes the last pushed first.
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!);
  }
}

/** Whether `rel` (below the package folder `dir`) is in the package: its .krmignore does not leave it out. */
function packageHolds(dir: string, rel: string, isDir: boolean): boolean {
  if (rel === '') return true;
  let k: Krmignore;
  try {
    k = parseKrmignore(readFileSync(join(dir, KRMIGNORE), 'utf8'));
  } catch {
    k = parseKrmignore('');
  }
  return !isIgnored(k, rel, isDir);
}

/** Whether the Kptfile in `dir` has a pipeline mutator that runs this function. */
function pipelineRunsFunction(dir: string): boolean {
  let value: unknown;
  try {
    value = parseYaml(readFileSync(join(dir, KPTFILE), 'utf8'));
  } catch {
    return false;
  }
  const pipeline = isObject(value) && isObject(value.pipeline) ? value.pipeline : undefined;
  const mutators = pipeline?.mutators;
  return Array.isArray(mutators) && mutators.some(stepRunsFunction);
}

/**
 * The kpt package a path is checked in, as `kpt fn render` reads it: the nearest folder with a
 * Kptfile, looking up from the path to the git root (a folder with .git) or the file system
 * root, whichever comes first; widened to the outermost package up there whose pipeline runs
 * this function too (`kpt fn render` of it renders the inner package again, and its own
 * generated objects from the inner files must be checked as well). An enclosing package with
 * no such step does not widen (a test fixture under testdata/ with its own Kptfile stays
 * alone). A path the package's .krmignore leaves out is in no package.
 */
export function packageRootOf(
  p: string,
  isDir: boolean,
  exists: (p: string) => boolean = existsSync,
): string | undefined {
  const abs = resolve(p);
  let nearest: string | undefined;
  let outer: string | undefined;
  for (let dir = isDir ? abs : dirname(abs); ;) {
    if (exists(join(dir, KPTFILE))) {
      const rel = below(dir, abs);
      if (nearest === undefined) {
        if (!packageHolds(dir, rel, isDir)) return undefined;
        nearest = dir;
      } else if (pipelineRunsFunction(dir) && packageHolds(dir, rel, isDir)) outer = dir;
    }
    if (exists(join(dir, '.git'))) break;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return outer ?? nearest;
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

/** A JSON file outside kpt packages is taken when it names an apiVersion (not package.json, tsconfig.json). */
const KRM_JSON = /"apiVersion"\s*:/;

/**
 * Reads files and directories within the budget. With `packages` (check), a path in a kpt
 * package reads the package as kpt renders it (packageRootOf: its nearest Kptfile up); a folder outside packages is
 * searched recursively (walk). A path that cannot be read is a problem; a file reached twice
 * (links, two paths) is read once.
 */
export function collectFiles(
  paths: readonly string[],
  budget = new InputBudget(),
  opts: { packages?: boolean; fs?: WalkFs } = {},
): CollectedFiles {
  const fs = opts.fs ?? NODE_FS;
  const out: CollectedFiles = { files: [], problems: [], ignores: [] };
  const seen = new Set<string>();
  const read = (p: string, onlyKrmJson = false) => {
    const shown = show(p);
    const key = realOf(p) ?? shown;
    if (seen.has(key)) return;
    try {
      const text = readInputFile(p, budget, shown);
      if (onlyKrmJson && !KRM_JSON.test(text)) return;
      seen.add(key);
      out.files.push({ path: shown, text });
    } catch (e) {
      if (e instanceof InputError) throw e;
      seen.add(key);
      out.problems.push(problem(shown, `cannot read ${shown}: ${reason(e)}`));
    }
  };
  const walked = new Set<string>();
  const w: Walk = {
    dirs: new Set(),
    found: [],
    maybe: new Set(),
    ignores: out.ignores,
    problems: out.problems,
    budget,
    fs,
  };
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (e) {
      out.problems.push(problem(show(p), `cannot read ${show(p)}: ${reason(e)}`));
      continue;
    }
    const pkgRoot = opts.packages ? packageRootOf(p, isDir) : undefined;
    // The package as kpt renders it, shown from where the command runs (absolute if p was).
    const root =
      pkgRoot === undefined
        ? isDir
          ? p
          : undefined
        : isAbsolute(p)
          ? pkgRoot
          : relative(process.cwd(), pkgRoot) || '.';
    const given = !isDir || pkgRoot !== undefined ? p : undefined;
    if (root !== undefined && !walked.has(resolve(root))) {
      walked.add(resolve(root));
      w.dirs = new Set();
      w.found = [];
      w.maybe = new Set();
      try {
        walk(root, w);
      } catch (e) {
        if (e instanceof InputError) throw e;
        out.problems.push(problem(show(root), `cannot read ${show(root)}: ${reason(e)}`));
        continue;
      }
      const before = out.files.length;
      for (const f of w.found) read(f, w.maybe.has(f));
      if (isDir && pkgRoot === undefined && out.files.length === before && w.found.length === 0)
        out.problems.push(problem(show(p), `no .yaml or .yml files under ${show(p)}`));
    }
    // A file given by name is read whatever its name, even one its package leaves out.
    if (given !== undefined && !isDir) read(given);
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

/** Ignition's gunzip (Go's multistream compress/gzip), for a committed `compression: gzip` file. */
export { gunzip } from './gzip.js';
