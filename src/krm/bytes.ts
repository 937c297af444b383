// The byte codes the raw-input readers (scan.ts, block-read.ts, json-scan.ts) compare with,
// named once.
export const TAB = 9,
  LF = 10,
  CR = 13,
  SPACE = 32,
  DQ = 34,
  HASH = 35,
  PERCENT = 37,
  SQ = 39,
  COMMA = 44,
  DASH = 45,
  DOT = 46,
  COLON = 58,
  LBRACKET = 0x5b,
  BACKSLASH = 0x5c,
  RBRACKET = 0x5d,
  LBRACE = 0x7b,
  RBRACE = 0x7d;

/**
 * The first LF in b[p, end), or end. Four bytes at a time through a word view of the buffer
 * (a word holds an LF when (x ^ 0x0a0a0a0a) has a zero byte): a fleet's input is hundreds of
 * thousands of short lines, and the first run of this loop is cold code. A long line (a data
 * URL) takes the same loop: a branch of its own, first taken after the code was optimized on
 * short lines, threw the scanner back to slower code in the middle of a second run's input.
 */
export function lineEnd(b: Buffer, p: number, end: number): number {
  if (b !== viewed) view(b);
  let q = p;
  // To a word boundary of the view, byte by byte.
  while (q < end && ((q - base) & 3) !== 0) {
    if (b[q] === LF) return q;
    q++;
  }
  if (q >= end) return end;
  let w = (q - base) >> 2;
  const last = (end - base) >> 2; // words wholly before `end`
  while (w < last) {
    const x = words[w]! ^ 0x0a0a0a0a;
    if (((x - 0x01010101) & ~x & 0x80808080) !== 0) break;
    w++;
  }
  for (q = base + (w << 2); q < end; q++) if (b[q] === LF) return q;
  return end;
}

/**
 * The buffer lineEnd last looked at (kept until another one is: the run's input), its words, and
 * the byte offset of its first word.
 */
let viewed: Buffer | undefined;
let words: Int32Array<ArrayBufferLike> = new Int32Array(0);
let base = 0;

function view(b: Buffer): void {
  viewed = b;
  base = (4 - (b.byteOffset & 3)) & 3;
  const n = b.length > base ? (b.length - base) >> 2 : 0;
  words = new Int32Array(b.buffer, b.byteOffset + base, n);
}
