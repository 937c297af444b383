// fn/v8-tuning.ts leaves TurboFan out of a run whose input makes a short run (SHORT_RUN) when
// Maglev is there to take its place: V8's trace of its compiles tells. A fleet of 1 MB compiles
// with Maglev only; with `--no-maglev` (as on Node.js 22) and at 11 MB, past the range, with
// TurboFan too; and the output is the same either way.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { asItem, hostedCluster, nodePool } from '../../bench/lib/workload.mjs';
import { maglevOn } from '../../fn/v8-tuning.js';
import { FN } from '../helpers/run-fn.js';

function fleet(clusters: number): string {
  const items: string[] = [];
  for (let c = 0; c < clusters; c++) items.push(asItem(hostedCluster(c, 6)), asItem(nodePool(c, 0)));
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items.join('\n')}\n`;
}

function run(input: string, nodeArgs: string[]) {
  const r = spawnSync(process.execPath, [...nodeArgs, FN], {
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return r;
}

/** Which tiers V8 compiled to in a run of the bundle on `input` (--trace-opt, on stdout with the list). */
function tiers(input: string, nodeArgs: string[] = []) {
  const r = run(input, ['--trace-opt', ...nodeArgs]);
  return {
    maglev: /completed compiling .*MAGLEV/.test(r.stdout),
    turbofan: /completed compiling .*TURBOFAN/.test(r.stdout),
    status: r.status,
  };
}

describe('maglevOn: V8 13 (Node.js 24) and later, unless node was told otherwise', () => {
  const TABLE: [string[], string, boolean][] = [
    [[], '14.6.202.34-node.40', true],
    [[], '13.6.233.17-node.63', true],
    [[], '12.4.254.21-node.57', false],
    [['--maglev'], '12.4.254.21-node.57', true],
    [['--no-maglev'], '14.6.202.34-node.40', false],
    [['--no-maglev', '--maglev'], '12.4.254.21-node.57', true],
    [['--maglev', '--no-maglev'], '14.6.202.34-node.40', false],
    [['--stack-size=2000'], '14.6.202.34-node.40', true],
  ];
  it.each(TABLE)('%j on V8 %s: %s', (args, v8, on) => expect(maglevOn(args, v8)).toBe(on));
});

describe('TurboFan is left out of short runs', () => {
  const input = fleet(350);
  const on = maglevOn([]);

  it('a fleet of 1 MB: Maglev only (where V8 runs Maglev)', () => {
    expect(input.length).toBeGreaterThan(128 * 1024);
    expect(input.length).toBeLessThan(10 * 1024 * 1024);
    expect(tiers(input)).toEqual({ maglev: on, turbofan: !on, status: 0 });
  });

  it('the same with --no-maglev: TurboFan, and the same output', () => {
    expect(tiers(input, ['--no-maglev'])).toEqual({ maglev: false, turbofan: true, status: 0 });
    const tuned = run(input, []);
    const untuned = run(input, ['--no-maglev']);
    expect(tuned.status).toBe(0);
    expect(tuned.stdout.match(/^- /gm)?.length).toBe(350 * 4);
    expect(tuned.stdout).toBe(untuned.stdout);
    expect(tuned.stderr).toBe(untuned.stderr);
  });

  it('a fleet of 11 MB: TurboFan too', () => {
    const big = fleet(4200);
    expect(big.length).toBeGreaterThan(10 * 1024 * 1024);
    expect(tiers(big).turbofan).toBe(true);
  }, 120_000);
});
