import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { gunzip } from '../../fn/gzip.js';
import { GZIP_CASES } from '../helpers/gzip-cases.js';

describe('gunzip reads what Go’s multistream compress/gzip (Ignition) reads', () => {
  it.each(GZIP_CASES)('$name', ({ data, want }) => {
    const got = gunzip(data, 1 << 20);
    if ('text' in want) expect(got).toEqual({ ok: true, value: Buffer.from(want.text) });
    else {
      expect(got.ok).toBe(false);
      if (!got.ok) expect(got.error).toContain(`not valid gzip data: ${want.error}`);
    }
  });
});

describe('gunzip output is bounded', () => {
  const big = 'x'.repeat(4000);
  it('one member over the cap', () => {
    expect(gunzip(gzipSync(big), 1000)).toEqual({ ok: false, error: 'more than 1000 bytes once decompressed' });
  });
  it('members each under the cap, together over it', () => {
    const m = gzipSync('y'.repeat(600));
    expect(gunzip(Buffer.concat([m, m]), 1000)).toEqual({ ok: false, error: 'more than 1000 bytes once decompressed' });
  });
  it('exactly the cap', () => {
    expect(gunzip(gzipSync('z'.repeat(1000)), 1000)).toEqual({ ok: true, value: Buffer.from('z'.repeat(1000)) });
  });
  it('a later empty member after output at the cap', () => {
    const got = gunzip(Buffer.concat([gzipSync('z'.repeat(1000)), gzipSync('')]), 1000);
    expect(got).toEqual({ ok: true, value: Buffer.from('z'.repeat(1000)) });
  });
});
