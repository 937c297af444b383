// The per-user cache of compiled code (fn/compile-cache.ts): code read from it runs as the
// user, so only a file of the user's own, in a folder of the user's own that no one else can
// write, is ever read; and the bundle's output is the same with a cache, without, and with a
// bad one.
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheDir, FILE_MASK, FOLDER_MASK, ownedPrivate, readCache, writeCache } from '../../fn/compile-cache.js';
import { FN, ROOT } from '../helpers/run-fn.js';

const root = mkdtempSync(join(tmpdir(), 'itm-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
/** A new private folder (0700) under the test's root. */
const privateFolder = () => {
  const dir = join(root, `d${n++}`);
  mkdirSync(dir, { mode: 0o700 });
  return dir;
};
const DATA = Buffer.from('cached code');
const uid = process.getuid!();

describe('cacheDir: where the cache is, from the environment', () => {
  it.each([
    ['HOME', { HOME: '/home/u' }, '/home/u/.cache/image-tag-mirrors/compile-cache'],
    ['XDG_CACHE_HOME', { HOME: '/home/u', XDG_CACHE_HOME: '/x' }, '/x/image-tag-mirrors/compile-cache'],
    [
      'a relative XDG_CACHE_HOME (ignored, as the XDG spec says)',
      { HOME: '/h', XDG_CACHE_HOME: 'x' },
      '/h/.cache/image-tag-mirrors/compile-cache',
    ],
    ["node's NODE_COMPILE_CACHE", { HOME: '/h', NODE_COMPILE_CACHE: '/n' }, '/n/image-tag-mirrors'],
    [
      'a relative NODE_COMPILE_CACHE (from the working folder, as node reads it)',
      { NODE_COMPILE_CACHE: 'n' },
      join(process.cwd(), 'n', 'image-tag-mirrors'),
    ],
    [
      'NODE_DISABLE_COMPILE_CACHE',
      { HOME: '/h', NODE_COMPILE_CACHE: '/n', NODE_DISABLE_COMPILE_CACHE: '1' },
      undefined,
    ],
    ['no home', {}, undefined],
    ['a relative HOME', { HOME: 'h' }, undefined],
  ])('%s', (_, env, dir) => {
    expect(cacheDir(env)).toBe(dir);
  });
});

describe('ownedPrivate: the owner and permission check', () => {
  it.each([
    ['a 0700 folder of ours', { uid, mode: 0o40700 }, FOLDER_MASK, true],
    ['a 0750 folder of ours', { uid, mode: 0o40750 }, FOLDER_MASK, false],
    ['a 0777 folder of ours', { uid, mode: 0o40777 }, FOLDER_MASK, false],
    ['a 0700 folder of another user', { uid: uid + 1, mode: 0o40700 }, FOLDER_MASK, false],
    ['a 0600 file of ours', { uid, mode: 0o100600 }, FILE_MASK, true],
    ['a 0644 file of ours (others may read compiled code of a public file)', { uid, mode: 0o100644 }, FILE_MASK, true],
    ['a 0620 file of ours', { uid, mode: 0o100620 }, FILE_MASK, false],
    ['a 0602 file of ours', { uid, mode: 0o100602 }, FILE_MASK, false],
    ['a 0600 file of another user', { uid: uid + 1, mode: 0o100600 }, FILE_MASK, false],
  ])('%s: %s', (_, st, mask, ok) => {
    expect(ownedPrivate(st, mask)).toBe(ok);
  });
});

describe('readCache and writeCache', () => {
  it('write then read: the folder made 0700, the file 0600', () => {
    const dir = join(root, 'made', 'compile-cache');
    writeCache(dir, 'main.bin', DATA);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'main.bin')).mode & 0o777).toBe(0o600);
    expect(readCache(dir, 'main.bin')).toEqual(DATA);
    expect(readdirSync(dir)).toEqual(['main.bin']); // no temporary file left
  });
  it('nothing there: undefined', () => {
    expect(readCache(privateFolder(), 'main.bin')).toBeUndefined();
    expect(readCache(join(root, 'missing'), 'main.bin')).toBeUndefined();
  });
  it('a folder others may enter or write: neither read nor written', () => {
    for (const mode of [0o755, 0o770, 0o777]) {
      const dir = privateFolder();
      writeFileSync(join(dir, 'main.bin'), DATA, { mode: 0o600 });
      chmodSync(dir, mode);
      expect(readCache(dir, 'main.bin')).toBeUndefined();
      writeCache(dir, 'other.bin', DATA);
      expect(existsSync(join(dir, 'other.bin'))).toBe(false);
    }
  });
  it('a folder that is a symbolic link (to a private folder): neither read nor written', () => {
    const target = privateFolder();
    writeFileSync(join(target, 'main.bin'), DATA, { mode: 0o600 });
    const link = join(root, `link${n++}`);
    symlinkSync(target, link);
    expect(readCache(link, 'main.bin')).toBeUndefined();
    writeCache(link, 'other.bin', DATA);
    expect(existsSync(join(target, 'other.bin'))).toBe(false);
  });
  it('a file others may write: not read', () => {
    const dir = privateFolder();
    writeFileSync(join(dir, 'main.bin'), DATA);
    chmodSync(join(dir, 'main.bin'), 0o622);
    expect(readCache(dir, 'main.bin')).toBeUndefined();
  });
  it('a file that is a symbolic link (to a file of ours): not read', () => {
    const dir = privateFolder();
    writeFileSync(join(dir, 'real.bin'), DATA, { mode: 0o600 });
    symlinkSync(join(dir, 'real.bin'), join(dir, 'main.bin'));
    expect(readCache(dir, 'main.bin')).toBeUndefined();
  });
  it('a file with a second hard link: not read', () => {
    const dir = privateFolder();
    writeFileSync(join(dir, 'main.bin'), DATA, { mode: 0o600 });
    linkSync(join(dir, 'main.bin'), join(dir, 'elsewhere.bin'));
    expect(readCache(dir, 'main.bin')).toBeUndefined();
  });
  it("a folder in the file's place: not read", () => {
    const dir = privateFolder();
    mkdirSync(join(dir, 'main.bin'));
    expect(readCache(dir, 'main.bin')).toBeUndefined();
  });
  it('writing over a symbolic link replaces the link, never writes through it', () => {
    const dir = privateFolder();
    const victim = join(root, `victim${n++}`);
    writeFileSync(victim, 'untouched');
    symlinkSync(victim, join(dir, 'main.bin'));
    writeCache(dir, 'main.bin', DATA);
    expect(readFileSync(victim, 'utf8')).toBe('untouched');
    expect(readCache(dir, 'main.bin')).toEqual(DATA);
  });
  it('a folder that cannot be made: silent', () => {
    const file = join(root, `file${n++}`);
    writeFileSync(file, '');
    expect(() => writeCache(join(file, 'sub'), 'main.bin', DATA)).not.toThrow();
  });
});

describe('dist/fn.js with the cache', () => {
  const input = readFileSync(join(ROOT, 'testdata/function/seed/input.yaml'));
  const expected = readFileSync(join(ROOT, 'testdata/function/seed/expected.yaml'), 'utf8');
  const run = (home: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [FN, ...args], {
      input,
      encoding: 'utf8',
      env: { PATH: process.env.PATH, XDG_CACHE_HOME: home, ...env },
    });
  const cacheFiles = (home: string) => {
    const dir = join(home, 'image-tag-mirrors', 'compile-cache');
    return existsSync(dir) ? readdirSync(dir).map((f) => join(dir, f)) : [];
  };

  it('the first run writes it, the next runs use it (the file is not written again): same output', () => {
    const home = privateFolder();
    const first = run(home);
    expect([first.status, first.stderr, first.stdout]).toEqual([0, '', expected]);
    const files = cacheFiles(home);
    expect(files.map((f) => /main-[0-9a-f]{16}-[^/]+\.bin$/.test(f))).toEqual([true]);
    const written = statSync(files[0]!);
    for (let i = 0; i < 2; i++) {
      const next = run(home);
      expect([next.status, next.stderr, next.stdout]).toEqual([0, '', expected]);
      expect(statSync(files[0]!).ino).toBe(written.ino);
    }
  });
  it.each([
    ['garbage', () => Buffer.from('not V8 code cache at all'.repeat(100))],
    ['a valid cache cut short', (valid: Buffer) => valid.subarray(0, valid.length >> 1)],
    [
      'a valid cache with flipped bytes in its header',
      (valid: Buffer) => Buffer.concat([Buffer.alloc(16, 0xff), valid.subarray(16)]),
    ],
  ])('a bad cache file (%s): same output, and the file is written anew', (_, bad) => {
    const home = privateFolder();
    run(home);
    const [file] = cacheFiles(home);
    const broken = bad(readFileSync(file!));
    writeFileSync(file!, broken);
    const r = run(home);
    expect([r.status, r.stderr, r.stdout]).toEqual([0, '', expected]);
    expect(readFileSync(file!).equals(broken)).toBe(false);
  });
  it('NODE_DISABLE_COMPILE_CACHE: nothing written', () => {
    const home = privateFolder();
    const r = run(home, [], { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect([r.status, r.stdout]).toEqual([0, expected]);
    expect(existsSync(join(home, 'image-tag-mirrors'))).toBe(false);
  });
  it.each([[['--version']], [['explain', '--help']]])('%s (not the KRM function): nothing written', (args) => {
    const home = privateFolder();
    expect(run(home, args).status).toBe(0);
    expect(existsSync(join(home, 'image-tag-mirrors'))).toBe(false);
  });
});
