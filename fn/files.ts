// The files and folders `check`, `explain`, `registries-conf` and `probe` read (each real
// directory once), as kpt reads a package where there is one, within the input size limit.
import { existsSync, readdirSync, readFileSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { isIgnored, matchesEntry, parseKrmignore, type Krmignore } from '../src/check/krmignore.js';
import { stepRunsFunction } from '../src/check/render.js';
import type { InputFile } from '../src/check/subjects.js';
import { CODE } from '../src/constants.js';
import { isObject } from '../src/krm/kube.js';
import type { Result } from '../src/krm/result.js';
import { byteOrder } from '../src/order.js';
import { InputBudget, InputError, readInputFile, reason, show } from './io.js';

const SKIP_DIRS = new Set(['node_modules', '.git']);
const YAML_FILE = /\.ya?ml$/i;
/** kpt's package file: YAML without the extension, read so check knows the package and its pipeline. */
const KPTFILE = 'Kptfile';
/** kpt's ignore file: which files of a package kpt leaves out (gitignore patterns). */
const KRMIGNORE = '.krmignore';

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
