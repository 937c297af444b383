// Input bytes as text for the `yaml` parser, with the way back from the parser's offsets to
// byte offsets: edits are made on the input bytes, so that bytes we do not touch (invalid
// UTF-8 in a comment, a lone CR) come out exactly as they came in.
import { isUtf8 } from 'node:buffer';

export interface SourceText {
  /** The text to parse: lone CRs read as LFs (YAML line breaks the `yaml` package misses), same length. */
  src: string;
  /** Byte offset in the input of an offset into src. */
  byteAt(offset: number): number;
  /**
   * Fixes a string read from src: the identity for valid UTF-8 input; for input that is not
   * valid UTF-8 (decoded byte by byte so that offsets stay exact), its UTF-8 meaning.
   */
  fix(s: string): string;
}

const LONE_CR = /\r(?!\n)/g;

/** The text of bytes[start, end), after `prefix` (ASCII, standing in for the bytes before start). */
export function sourceText(bytes: Buffer, start: number, end: number, prefix = ''): SourceText {
  const view = bytes.subarray(start, end);
  const base = start - prefix.length;
  if (!isUtf8(view)) {
    // Byte by byte: offsets are bytes; strings read from it are turned back into UTF-8.
    const src = prefix + crToLf(view.toString('latin1'));
    return { src, byteAt: (o) => base + o, fix: (s) => Buffer.from(s, 'latin1').toString('utf8') };
  }
  const src = prefix + crToLf(view.toString('utf8'));
  return { src, byteAt: byteMapper(src, base), fix: (s) => s };
}

function crToLf(s: string): string {
  return s.includes('\r') ? s.replace(LONE_CR, '\n') : s;
}

/**
 * offset -> base + UTF-8 byte length of src[0, offset): ASCII text maps by addition; for
 * the rest, a table of the extra bytes after each non-ASCII character, built once, searched.
 */
function byteMapper(src: string, base: number): (offset: number) => number {
  const at: number[] = [];
  const extra: number[] = [];
  let more = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c < 0x80) continue;
    // UTF-16 units to UTF-8 bytes: 2 or 3 bytes for one unit, 4 for a surrogate pair (2 each).
    more += c < 0x800 ? 1 : c >= 0xd800 && c <= 0xdfff ? 1 : 2;
    at.push(i + 1);
    extra.push(more);
  }
  if (at.length === 0) return (o) => base + o;
  return (o) => {
    let lo = 0,
      hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at[mid]! <= o) lo = mid + 1;
      else hi = mid;
    }
    return base + o + (lo > 0 ? extra[lo - 1]! : 0);
  };
}

/** Every string of a parsed value (keys too) through fix. */
export function fixStrings(v: unknown, fix: (s: string) => string): unknown {
  if (typeof v === 'string') return fix(v);
  if (Array.isArray(v)) return v.map((x) => fixStrings(x, fix));
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[fix(k)] = fixStrings(x, fix);
    return out;
  }
  return v;
}
