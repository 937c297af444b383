// NEL (U+0085), LINE SEPARATOR (U+2028) and PARAGRAPH SEPARATOR (U+2029) written raw inside a
// flow scalar: line breaks to go-yaml (YAML 1.1, so to kpt and kustomize), content to the
// `yaml` package (YAML 1.2). go-yaml writes a string holding U+2028 in single quotes with the
// character raw and the next line's indentation after it ('a<LS>        b' for "a<LS>b"): kpt
// hands a package folder named so to the function that way, and read as YAML 1.2 it is
// another folder. These scalars are read again here as go-yaml reads them (scannerc.go
// yaml_parser_scan_flow_scalar and scan_plain_scalar: blanks around a break dropped; a first
// break that is a newline (NEL reads as one) folds to a space, or to the breaks after it;
// U+2028/U+2029 stay, with the breaks after them).

/** A raw character go-yaml reads as a line break and YAML 1.2 as content. */
export const GO_ONLY_BREAK = /[\u0085\u2028\u2029]/;

const isBlank = (c: string) => c === ' ' || c === '\t';
const isBreak = (c: string) => c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';

const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_LENGTH: Record<string, number> = { x: 2, u: 4, U: 8 };

/** One line break as go-yaml reads it: CR LF, CR, LF and NEL are "\n"; U+2028/U+2029 themselves. */
function readBreak(src: string, i: number): { text: string; next: number } {
  const c = src[i]!;
  if (c === '\r' && src[i + 1] === '\n') return { text: '\n', next: i + 2 };
  return { text: c === '\u2028' || c === '\u2029' ? c : '\n', next: i + 1 };
}

/**
 * The value go-yaml reads from the source text of a quoted or plain flow scalar (quotes
 * included for quoted ones), or undefined when it would not read it (go-yaml fails, the
 * `yaml` package's value stays).
 */
export function goFlowScalar(source: string, style: 'single' | 'double' | 'plain'): string | undefined {
  const quote = style === 'single' ? "'" : style === 'double' ? '"' : undefined;
  let i = quote ? 1 : 0;
  const end = quote ? source.length - 1 : source.length;
  if (quote && source[end] !== quote) return undefined;
  let out = '';
  while (i < end) {
    let leadingBlanks = false;
    // Non-blank characters.
    while (i < end && !isBlank(source[i]!) && !isBreak(source[i]!)) {
      const c = source[i]!;
      if (style === 'single' && c === "'") {
        if (source[i + 1] !== "'") return undefined;
        out += "'";
        i += 2;
      } else if (style === 'double' && c === '\\') {
        const e = source[i + 1];
        if (e === undefined) return undefined;
        if (isBreak(e)) {
          // An escaped line break: the line goes on without it.
          i = readBreak(source, i + 1).next;
          leadingBlanks = true;
          break;
        }
        const len = HEX_LENGTH[e];
        if (len !== undefined) {
          const hex = source.slice(i + 2, i + 2 + len);
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) return undefined;
          const cp = parseInt(hex, 16);
          if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return undefined;
          out += String.fromCodePoint(cp);
          i += 2 + len;
        } else {
          const v = ESCAPES[e];
          if (v === undefined) return undefined;
          out += v;
          i += 2;
        }
      } else {
        out += c;
        i++;
      }
    }
    if (i >= end) break;
    // Blanks and breaks, then join or fold them.
    let whitespace = '';
    let leadingBreak = '';
    let trailingBreaks = '';
    while (i < end && (isBlank(source[i]!) || isBreak(source[i]!))) {
      const c = source[i]!;
      if (isBlank(c)) {
        if (!leadingBlanks) whitespace += c;
        i++;
      } else {
        const b = readBreak(source, i);
        if (!leadingBlanks) {
          whitespace = '';
          leadingBreak = b.text;
          leadingBlanks = true;
        } else trailingBreaks += b.text;
        i = b.next;
      }
    }
    // A plain scalar joins blanks and breaks only before more of its text: those at its end
    // are not part of it (scan_plain_scalar; a quoted scalar keeps them, folded).
    if (style === 'plain' && i >= end) break;
    if (!leadingBlanks) out += whitespace;
    else if (leadingBreak === '\n') out += trailingBreaks === '' ? ' ' : trailingBreaks;
    else out += leadingBreak + trailingBreaks;
  }
  return out;
}
