// fn/main.ts leaves TurboFan out of a run whose input makes a short run (SHORT_RUN): V8's trace
// of its compiles tells. A fleet of 1 MB compiles with Maglev only; one of 11 MB, past the range,
// with TurboFan too; and the output is the same either way (the golden tests hold the bytes).
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { asItem, hostedCluster, nodePool } from '../../bench/lib/workload.mjs';
import { FN, runFn } from '../helpers/run-fn.js';

function fleet(clusters: number): string {
  const items: string[] = [];
  for (let c = 0; c < clusters; c++) items.push(asItem(hostedCluster(c, 6)), asItem(nodePool(c, 0)));
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items.join('\n')}\n`;
}

/** Which tiers V8 compiled to in a run of the bundle on `input` (--trace-opt, on stdout with the list). */
function tiers(input: string): { maglev: boolean; turbofan: boolean; status: number | null } {
  const r = spawnSync(process.execPath, ['--trace-opt', FN], {
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return {
    maglev: /completed compiling .*MAGLEV/.test(r.stdout),
    turbofan: /completed compiling .*TURBOFAN/.test(r.stdout),
    status: r.status,
  };
}

describe('TurboFan is left out of short runs', () => {
  it('a fleet of 1 MB: Maglev only, and the output is whole', () => {
    const input = fleet(350);
    expect(input.length).toBeGreaterThan(128 * 1024);
    expect(input.length).toBeLessThan(10 * 1024 * 1024);
    expect(tiers(input)).toEqual({ maglev: true, turbofan: false, status: 0 });
    const out = runFn(input);
    expect(out.status).toBe(0);
    expect(out.stdout.match(/^- /gm)?.length).toBe(350 * 4);
  });

  it('a fleet of 11 MB: TurboFan too', () => {
    const input = fleet(4200);
    expect(input.length).toBeGreaterThan(10 * 1024 * 1024);
    expect(tiers(input)).toEqual({ maglev: true, turbofan: true, status: 0 });
  }, 120_000);
});
