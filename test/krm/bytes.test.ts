// lineEnd looks at four bytes at a time through a word view of the buffer: held to a byte-by-byte
// search at every start and end, at every alignment of the buffer in its memory, with bytes that
// differ from LF in one bit around it, and with lines longer than the word loop's reach.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineEnd } from '../../src/krm/bytes.js';
import '../helpers/property-seed.js';

const plain = (b: Buffer, p: number, end: number) => {
  for (let q = p; q < end; q++) if (b[q] === 10) return q;
  return end;
};

/** The bytes at an offset of 0-3 in their memory (a pooled Buffer's offset is any). */
function placed(bytes: number[], offset: number): Buffer {
  const memory = Buffer.alloc(bytes.length + 8);
  const b = memory.subarray(offset, offset + bytes.length);
  b.set(bytes);
  return b;
}

// LF, bytes one bit away from it (0x0b, 0x0e, 0x02, 0x8a), a space, and letters.
const BYTE = fc.constantFrom(10, 11, 14, 2, 0x8a, 0x20, 0x41, 0x7a, 0xff, 0);

describe('lineEnd', () => {
  it('finds the first LF of b[p, end) as a byte-by-byte search does, every start and end', () => {
    fc.assert(
      fc.property(fc.array(BYTE, { maxLength: 40 }), fc.integer({ min: 0, max: 3 }), (bytes, offset) => {
        const b = placed(bytes, offset);
        for (let p = 0; p <= b.length; p++)
          for (let end = p; end <= b.length; end++) expect(lineEnd(b, p, end)).toBe(plain(b, p, end));
      }),
      { numRuns: 300 },
    );
  });

  it('on long lines (a data URL): an LF far in, at the end, or none', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 3 }),
        fc.option(fc.nat({ max: 3000 })),
        fc.nat({ max: 3000 }),
        (length, offset, lf, from) => {
          const bytes = Array.from({ length }, (_, i) => 0x41 + (i % 26));
          if (lf !== null && lf < length) bytes[lf] = 10;
          const b = placed(bytes, offset);
          const p = Math.min(from, length);
          expect(lineEnd(b, p, length)).toBe(plain(b, p, length));
          expect(lineEnd(b, p, Math.max(p, length - 1))).toBe(plain(b, p, Math.max(p, length - 1)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('alternating between buffers (its view follows the one asked about)', () => {
    const a = placed([0x41, 0x41, 10, 0x41, 0x41, 0x41, 0x41, 10], 1);
    const b = placed([0x41, 0x41, 0x41, 0x41, 0x41, 10], 3);
    for (let i = 0; i < 3; i++) {
      expect(lineEnd(a, 0, a.length)).toBe(2);
      expect(lineEnd(b, 0, b.length)).toBe(5);
      expect(lineEnd(a, 3, a.length)).toBe(7);
    }
  });
});
