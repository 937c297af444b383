// More results than V8 takes call arguments (red team 2, #2): `results.push(...found)` threw
// "Maximum call stack size exceeded" past ~125k results, and the run ended with an internal
// error and no output. The lint config now forbids call spreads in src/ and fn/
// (eslint.config.mjs); this runs one such input through the bundle.
import { describe, expect, it } from 'vitest';
import { HEADER } from '../helpers/hostile.js';
import { runFn } from '../helpers/run-fn.js';
import { pushAll, maxOf } from '../../src/arrays.js';

/** Over V8's limit on call arguments (~125k on 64-bit, less with a smaller stack). */
const N = 130_000;

describe('more results than call arguments', () => {
  it('130k NodePools of an unknown apiVersion: 130k warnings, every item out, no internal error', () => {
    let input = `${HEADER}items:\n`;
    for (let i = 0; i < N; i++)
      input += `- apiVersion: hypershift.openshift.io/v9\n  kind: NodePool\n  metadata:\n    name: np${i}\n    namespace: clusters\n`;
    const r = runFn(input, [], { timeout: 120_000 });
    expect(r.stderr).not.toMatch(/internal error|call stack/i);
    expect(r.status).toBe(0);
    expect(r.stdout.match(/^ {2}kind: NodePool$/gm)).toHaveLength(N);
    expect(r.stdout.match(/^ {4}code: unsupported-api-version$/gm)).toHaveLength(N);
  });

  it('pushAll and maxOf take arrays longer than any call may spread', () => {
    const long = Array.from({ length: 300_000 }, (_, i) => i);
    expect(() => Math.max(...long)).toThrow(RangeError); // what they replace
    expect(pushAll([-1], long)).toHaveLength(300_001);
    expect(maxOf(long)).toBe(299_999);
    expect(maxOf([], 0)).toBe(0);
    expect(maxOf(new Set([3, 7, 5]))).toBe(7);
  });
});
