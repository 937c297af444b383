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
 * The first LF in b[p, end), or end. Most lines of a Kubernetes object are short: a loop
 * finds their end sooner than a call of a builtin; a long line (a data URL, a certificate)
 * goes to Buffer's indexOf (faster on Node.js 22+ than Uint8Array's, called through .call).
 */
export function lineEnd(b: Buffer, p: number, end: number): number {
  const stop = p + 96 < end ? p + 96 : end;
  for (let q = p; q < stop; q++) if (b[q] === LF) return q;
  if (stop === end) return end;
  const nl = b.indexOf(LF, stop);
  return nl < 0 || nl > end ? end : nl;
}
