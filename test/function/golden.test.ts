// Golden cases: testdata/function/<case>/input.yaml through dist/fn.js must give expected.yaml
// byte for byte, the exit code in `exit-code` (0 when absent), and, run again on its
// own output, the same bytes. UPDATE_GOLDEN=1 rewrites the expected files.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runFn } from '../helpers/run-fn.js';

const dir = join(ROOT, 'testdata', 'function');
const cases = readdirSync(dir).filter((c) => existsSync(join(dir, c, 'input.yaml')));
const update = process.env.UPDATE_GOLDEN === '1';

describe('golden cases through dist/fn.js', () => {
  it('has cases', () => expect(cases.length).toBeGreaterThanOrEqual(10));
  for (const name of cases) {
    describe(name, () => {
      const input = readFileSync(join(dir, name, 'input.yaml'), 'utf8');
      const expectedPath = join(dir, name, 'expected.yaml');
      const exitPath = join(dir, name, 'exit-code');
      const run = runFn(input);
      if (update) {
        writeFileSync(expectedPath, run.stdout);
        if (run.status !== 0) writeFileSync(exitPath, `${run.status}\n`);
      }
      const wantExit = existsSync(exitPath) ? Number(readFileSync(exitPath, 'utf8').trim()) : 0;

      it('writes the expected ResourceList', () => {
        expect(run.stdout).toBe(readFileSync(expectedPath, 'utf8'));
      });
      it(`exits ${wantExit}`, () => {
        expect(run.status).toBe(wantExit);
        if (wantExit !== 0) expect(run.stderr).toMatch(/^image-tag-mirrors: error\[/m);
        // Warnings (and the node-pool-wiring info) are shown too, one line each, then a count.
        else
          expect(
            run.stderr
              .split('\n')
              .filter((l) => l !== '')
              .filter((l) => !/^image-tag-mirrors: ((warning|info)\[|[0-9]+ (warning|info)\(s\))/.test(l)),
          ).toEqual([]);
      });
      it('is idempotent: its own output comes back unchanged', () => {
        const again = runFn(run.stdout);
        expect(again.stdout).toBe(run.stdout);
        expect(again.status).toBe(run.status);
      });
    });
  }
});
