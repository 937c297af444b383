// The outer code of dist/fn.js, its entry point in the bundle. The file is one executable, but
// its code is split in units compiled only when first required: the KRM function's own code
// ("main", fn/main.ts), the command-line modes ("commands") and `yaml`, which the function's
// fast reader rarely needs. V8 compiles a script before running any of it, which for the whole
// 0.5 MB bundle cost more than the function's work on a small list. "main" is a string literal
// (a scan, not a compile); the others are lines of a comment at the end of the file (a cheaper
// scan still), read from the file when first required. scripts/build.mjs makes the units; from
// the sources (tests) there are none, and main.ts is the entry.
//
// A KRM function run (no argument) keeps the code V8 compiled for its units in a per-user
// cache (compile-cache.ts), and later runs start from it.
import { readFileSync } from 'node:fs';
import { Script } from 'node:vm';
import { cacheDir, readCache, writeCache } from './compile-cache.js';

/** One unit: its code as a CommonJS function expression (or none: in the comment), a hash of it. */
interface Unit {
  source?: string;
  hash: string;
}
declare const __UNITS__: Readonly<Record<string, Unit>>;

/** How a unit requires another: "unit:NAME" (scripts/build.mjs writes these). */
const UNIT = 'unit:';
/** Starts the line of a unit in the comment (scripts/build.mjs UNIT_LINE). */
const UNIT_LINE = '@image-tag-mirrors-unit ';

interface Module {
  exports: unknown;
}
type Wrapper = (
  exports: unknown,
  require: (id: string) => unknown,
  module: Module,
  filename: string,
  dirname: string,
) => void;

const loaded = new Map<string, Module>();
/** Units compiled without cached code this run: the cache to write at exit. */
const compiled: { file: string; script: Script }[] = [];
// Only the KRM function (no argument) reads and writes the cache: it is what kpt and kustomize
// run again and again, and its runs are alike; `--version` or a command would cache less of it.
const cache = process.argv.length <= 2 ? cacheDir() : undefined;

let ownText: string | undefined;
/**
 * A unit of the comment at the end of this file. Its line names the hash of its code: a file
 * replaced by another build while this one ran (an update) is found, not run half and half.
 */
function sourceFromComment(name: string, hash: string): string {
  // The file is ASCII (esbuild's output; JSON escapes the rest): latin1 is the cheapest decoding.
  ownText ??= readFileSync(__filename, 'latin1');
  const key = `\n${UNIT_LINE}${name} ${hash} `;
  const at = ownText.indexOf(key);
  const end = at < 0 ? -1 : ownText.indexOf('\n', at + key.length);
  let source: unknown;
  try {
    source = end < 0 ? undefined : JSON.parse(ownText.slice(at + key.length, end));
  } catch {
    // not JSON: as if missing
  }
  if (typeof source !== 'string')
    throw new Error(`${__filename} changed while it ran (its ${name} code is not there): run it again`);
  return source;
}

function requireUnit(id: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- node built-ins, as a bundle requires them
  if (!id.startsWith(UNIT)) return require(id);
  const name = id.slice(UNIT.length);
  const known = loaded.get(name);
  if (known) return known.exports;
  const unit = __UNITS__[name]!;
  const source = unit.source ?? sourceFromComment(name, unit.hash);
  const module: Module = { exports: {} };
  loaded.set(name, module);
  // The V8 version in the name: code cached by another node is never offered to this one.
  const cacheFile = `${name}-${unit.hash}-${process.arch}-${process.versions.v8}.bin`;
  const cachedData = cache === undefined ? undefined : readCache(cache, cacheFile);
  const script = new Script(source, { filename: `${__filename}#${name}`, cachedData });
  if (cache !== undefined && (cachedData === undefined || script.cachedDataRejected))
    compiled.push({ file: cacheFile, script });
  (script.runInThisContext() as Wrapper)(module.exports, requireUnit, module, __filename, __dirname);
  return module.exports;
}

if (cache !== undefined)
  process.once('exit', () => {
    // After the run: the cached code then holds the functions the run compiled, not only the top level.
    for (const { file, script } of compiled) {
      try {
        writeCache(cache, file, script.createCachedData());
      } catch {
        // no cache this time: the next run compiles again
      }
    }
  });

requireUnit(`${UNIT}main`);
