#!/usr/bin/env node
// Installs Node.js binaries from the npm registry (the node-<platform>-<arch> packages carry
// the official builds) into .cache/node/<version>/, without touching the machine's own node,
// and prints one line per request: "<major> <version> <bin-dir>". The test suite then runs
// the bundle under each (see .ci/run). Idempotent: a version already in the cache whose
// bin/node answers `--version` correctly is not fetched again.
//
//   node scripts/node-versions.mjs              # latest 22.x, 24.x and 26.x
//   node scripts/node-versions.mjs 24 22.23.5   # a major (resolved to its latest) or an exact version
//
// Why not the `node` package: its preinstall script runs a second `npm install` of the
// platform package, which is slower and harder to bound. Why not `npm install --prefix`: it
// writes a package.json and lock file into the cache for no gain; `npm pack` fetches the same
// tarball and checks its integrity against the registry's.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = process.env.NODE_VERSIONS_CACHE ?? join(ROOT, '.cache', 'node');
const DEFAULT = ['22', '24', '26'];
const PKG = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPM_TIMEOUT_MS = 5 * 60_000; // one tarball is ~30 MB; a stuck registry must not hang CI
const VERSION = /^\d+\.\d+\.\d+$/;

function fail(message) {
  process.stderr.write(`node-versions: ${message}\n`);
  process.exit(1);
}

// npm runs outside the project: package.json's devEngines would make npm refuse to work
// under an old node, which is exactly when this script is needed.
function npm(args) {
  const r = spawnSync(NPM, args, {
    cwd: tmpdir(),
    encoding: 'utf8',
    timeout: NPM_TIMEOUT_MS,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.error) return { ok: false, out: '', err: r.error.message };
  return { ok: r.status === 0, out: r.stdout, err: r.stderr.trim() };
}

const byVersion = (a, b) => {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
};

/** The versions of `major` in the cache, oldest first. */
function cached(major) {
  if (!existsSync(CACHE)) return [];
  return readdirSync(CACHE)
    .filter((v) => VERSION.test(v) && v.split('.')[0] === major && works(v))
    .sort(byVersion);
}

const binDir = (version) => join(CACHE, version, 'bin');

function works(version) {
  const r = spawnSync(join(binDir(version), 'node'), ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return r.status === 0 && r.stdout.trim() === `v${version}`;
}

/** A major to its latest release version on the registry; the newest cached one when offline. */
function resolveMajor(major) {
  const r = npm(['view', `${PKG}@${major}`, 'version', '--json']);
  if (r.ok && r.out.trim()) {
    const v = JSON.parse(r.out);
    const list = (Array.isArray(v) ? v : [v]).filter((x) => VERSION.test(x)).sort(byVersion);
    if (list.length) return list[list.length - 1];
  }
  const local = cached(major);
  if (local.length) {
    process.stderr.write(
      `node-versions: ${PKG}@${major} not resolved (${r.err.split('\n')[0] || 'no answer'}); using cached ${local.at(-1)}\n`,
    );
    return local.at(-1);
  }
  fail(`${PKG}@${major}: no such version on the registry (${r.err.split('\n')[0] || 'empty answer'})`);
}

function install(version) {
  if (works(version)) return;
  mkdirSync(CACHE, { recursive: true });
  const tmp = mkdtempSync(join(CACHE, `.tmp-${version}-`));
  try {
    const packed = npm(['pack', `${PKG}@${version}`, '--pack-destination', tmp, '--json', '--silent']);
    if (!packed.ok) fail(`npm pack ${PKG}@${version} failed: ${packed.err.split('\n')[0]}`);
    const [{ filename }] = JSON.parse(packed.out);
    const into = join(tmp, 'package');
    mkdirSync(into);
    // Only the binary and its licence: the headers in include/ are 65 MB no test needs.
    const tar = spawnSync(
      'tar',
      ['-xzf', join(tmp, filename), '-C', into, '--strip-components=1', 'package/bin/node', 'package/LICENSE'],
      {
        encoding: 'utf8',
        timeout: NPM_TIMEOUT_MS,
      },
    );
    if (tar.status !== 0) fail(`cannot unpack ${filename}: ${tar.stderr || tar.error?.message}`);
    rmSync(join(CACHE, version), { recursive: true, force: true });
    renameSync(into, join(CACHE, version)); // atomic: a half-unpacked version is never seen
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (!works(version)) fail(`${join(binDir(version), 'node')} does not run or is not v${version}`);
}

const wanted = process.argv.slice(2).length ? process.argv.slice(2) : DEFAULT;
for (const w of wanted) {
  if (!/^\d+$/.test(w) && !VERSION.test(w)) fail(`"${w}" is neither a major (22) nor a version (22.23.5)`);
}
for (const w of wanted) {
  const version = VERSION.test(w) ? w : resolveMajor(w);
  install(version);
  process.stdout.write(`${version.split('.')[0]} ${version} ${binDir(version)}\n`);
}
