// The line scanner skips the lines of an item at column 0 by their first bytes (scan.ts); it
// must find what it finds line by line. A list with CRLF line breaks takes the line-by-line
// path: its spans, mapped back to the LF text, must be the same.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../helpers/property-seed.js';
import { scan, type Scan } from '../../src/krm/scan.js';

const LINES = [
  '- a: 1',
  '- b: [x]',
  '-',
  '  c: 2',
  '    d: e',
  '  # deeper comment',
  '# comment at the dash column',
  '',
  '  ',
  ' \t',
  '\t',
  '  \t# tab then comment',
  '   - nested',
  '  e: f  ',
  '  g: h\t',
  `  data: ${'x'.repeat(300)}`,
  'results:',
  'functionConfig: {}',
  '...',
];

/** Offsets in the CRLF text, as offsets of the LF text. */
function mapBack(crlf: Buffer): (at: number) => number {
  const shift: number[] = [];
  let crs = 0;
  for (let i = 0; i <= crlf.length; i++) {
    shift.push(crs);
    if (crlf[i] === 13) crs++;
  }
  return (at) => at - shift[at]!;
}

function normal(s: Scan | undefined, at: (n: number) => number) {
  if (!s) return undefined;
  return {
    sections: s.sections.map((x) => ({ key: x.key, inline: x.inline, start: at(x.start), end: at(x.end) })),
    items: s.items && {
      indent: s.items.indent,
      starts: s.items.starts.map(at),
      ends: s.items.ends.map(at),
      contentEnds: s.items.contentEnds.map(at),
    },
    docEnd: at(s.docEnd),
  };
}

describe('scan: skipping an item by its lines first bytes finds what the line-by-line scan does', () => {
  it('random lists (LF against CRLF)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...LINES), { maxLength: 40 }), fc.boolean(), (lines, finalBreak) => {
        const body = ['apiVersion: v1', 'kind: ResourceList', 'items:', ...lines].join('\n') + (finalBreak ? '\n' : '');
        const lf = Buffer.from(body);
        const crlf = Buffer.from(body.replace(/\n/g, '\r\n'));
        expect(normal(scan(lf), (n) => n)).toEqual(normal(scan(crlf), mapBack(crlf)));
      }),
      { numRuns: 2000 },
    );
  });

  it('an item whose last lines are blank or white space: its text ends at its last content line', () => {
    const text = Buffer.from('items:\n- a: 1\n  b: 2\n  \n \t\n\n- c: 3\n  # deeper\n   \n');
    const s = scan(text)!;
    expect(s.items!.contentEnds.map((e) => text.toString('latin1', 0, e).split('\n').length - 1)).toEqual([3, 8]);
  });
});
