// A per-user cache of the code V8 compiled for dist/fn.js's units (units.ts), so that a run
// after the first skips compiling them. Code read back from it runs as ours: whoever can write
// it can run code as the user. So it is used only in a folder of the user's own that nobody else
// can write, only a file of the user's own that nobody else can write and that no link leads to
// is read, it is written by exclusive create and rename, and every failure is silent (the code
// is then compiled as without a cache). NODE_DISABLE_COMPILE_CACHE turns it off.
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/** A cache file larger than this is not ours (the function's is about 0.3 MB). */
const MAX_CACHE_BYTES = 32 * 1024 * 1024;

/**
 * The cache folder: under NODE_COMPILE_CACHE when set (node's own compile cache folder), else
 * $XDG_CACHE_HOME or ~/.cache. None when NODE_DISABLE_COMPILE_CACHE is set, or where there is no
 * owner to check (no getuid: Windows) or no home.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  if (typeof process.getuid !== 'function') return undefined;
  if (env.NODE_COMPILE_CACHE) return join(resolve(env.NODE_COMPILE_CACHE), 'image-tag-mirrors');
  const xdg = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : undefined;
  const base = xdg ?? (env.HOME && isAbsolute(env.HOME) ? join(env.HOME, '.cache') : undefined);
  return base && join(base, 'image-tag-mirrors', 'compile-cache');
}

/** Permission bits no one but the owner may have: on the folder none, on a file write. */
export const FOLDER_MASK = 0o077;
export const FILE_MASK = 0o022;

/** Ours alone: owned by this user, and none of the mask's permission bits set. */
export function ownedPrivate(st: Pick<Stats, 'uid' | 'mode'>, mask: number, uid = process.getuid!()): boolean {
  return st.uid === uid && (st.mode & mask) === 0;
}

/** The folder is a real folder (lstat: a symbolic link is refused, not followed), 0700 and ours. */
function privateDir(dir: string): boolean {
  const st = lstatSync(dir);
  return st.isDirectory() && ownedPrivate(st, FOLDER_MASK);
}

/** The cached data in dir/name, or undefined (none, or not safe to use, or any error). */
export function readCache(dir: string, name: string): Buffer | undefined {
  let fd: number | undefined;
  try {
    if (!privateDir(dir)) return undefined;
    // O_NOFOLLOW: the file itself is never a link; its fstat is the file we read, not a name.
    fd = openSync(join(dir, name), constants.O_RDONLY | constants.O_NOFOLLOW);
    const st = fstatSync(fd);
    if (!st.isFile() || !ownedPrivate(st, FILE_MASK) || st.nlink !== 1 || st.size > MAX_CACHE_BYTES) return undefined;
    const buf = Buffer.allocUnsafe(st.size);
    let n = 0;
    while (n < buf.length) {
      const r = readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
    }
    return n === buf.length ? buf : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Writes dir/name (the folder made 0700 if missing) by exclusive create and rename; silent on any failure. */
export function writeCache(dir: string, name: string, data: Uint8Array): void {
  const tmp = join(dir, `.${name}.${process.pid}.tmp`);
  let fd: number | undefined;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!privateDir(dir)) return;
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    let n = 0;
    while (n < data.length) n += writeSync(fd, data, n, data.length - n);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, join(dir, name));
  } catch {
    if (fd !== undefined) quietly(() => closeSync(fd!));
    quietly(() => unlinkSync(tmp)); // nothing may be left, or it is gone already
  }
}

function quietly(f: () => void): void {
  try {
    f();
  } catch {
    // the cache is an optimisation: its failures change nothing
  }
}
