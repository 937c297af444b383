// The JSON path: a ResourceList written as JSON (`kubectl ... -o json`, tools that write
// JSON) split into its top-level members and the elements of its items array, over the raw
// bytes and without building anything, so that a 100 MB list costs about what the same list
// costs as block YAML. Offsets are byte offsets. Only the structure is checked (strings,
// brackets, commas, colons); values are read with JSON.parse when the function needs them.
// Anything that is not this shape (YAML flow with unquoted keys, comments, duplicate
// top-level keys, text after the root) gives up, returning undefined: the caller then
// parses the input with the full YAML parser.
import { BACKSLASH, COLON, COMMA, DQ, LBRACE, LBRACKET, RBRACE, RBRACKET } from './bytes.js';

export interface JsonMember {
  key: string;
  keyStart: number;
  valueStart: number;
  valueEnd: number;
}

export interface JsonScan {
  /** The root object's `{` and `}`. */
  open: number;
  close: number;
  members: JsonMember[];
  /** The items array, when items is one: its brackets and each element's range. */
  items?: { open: number; close: number; starts: number[]; ends: number[] };
}

const WS = new Uint8Array(256);
for (const c of [0x20, 0x09, 0x0a, 0x0d]) WS[c] = 1;
/** Bytes a number or a literal (true, false, null) is made of. */
const SCALAR = new Uint8Array(256);
for (const c of '0123456789+-.eEtruefalsn') SCALAR[c.charCodeAt(0)] = 1;
const LITERAL = /^(?:true|false|null|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)$/;

class NotJson {}
const NOT_JSON = new NotJson();

function ws(b: Buffer, p: number): number {
  while (p < b.length && WS[b[p]!]) p++;
  return p;
}

/** The end of the string starting at p (its opening quote), after the closing quote. */
function stringEnd(b: Buffer, p: number): number {
  let q = p + 1;
  for (;;) {
    q = b.indexOf(DQ, q);
    if (q < 0) throw NOT_JSON;
    // Escaped when preceded by an odd number of backslashes.
    let n = 0;
    while (b[q - 1 - n] === BACKSLASH) n++;
    if (n % 2 === 0) return q + 1;
    q++;
  }
}

/** The end of the value starting at p (no leading white space). Iterative: nesting depth costs no stack. */
function valueEnd(b: Buffer, p: number): number {
  const stack: number[] = []; // the closing bracket expected at each open level
  for (;;) {
    // A value.
    const c = b[p];
    if (c === DQ) p = stringEnd(b, p);
    else if (c === LBRACE || c === LBRACKET) {
      const close = c === LBRACE ? RBRACE : RBRACKET;
      p = ws(b, p + 1);
      if (b[p] === close) p++;
      else {
        stack.push(close);
        if (close === RBRACE) p = member(b, p);
        continue;
      }
    } else {
      const s = p;
      while (p < b.length && SCALAR[b[p]!]) p++;
      if (p === s || !LITERAL.test(b.toString('latin1', s, p))) throw NOT_JSON;
    }
    // After a value: a comma and the next value, or closing brackets.
    for (;;) {
      if (stack.length === 0) return p;
      p = ws(b, p);
      const top = stack[stack.length - 1]!;
      if (b[p] === COMMA) {
        p = ws(b, p + 1);
        if (top === RBRACE) p = member(b, p);
        break;
      }
      if (b[p] !== top) throw NOT_JSON;
      stack.pop();
      p++;
    }
  }
}

/** A member's key and colon at p: where its value starts. */
function member(b: Buffer, p: number): number {
  if (b[p] !== DQ) throw NOT_JSON;
  p = ws(b, stringEnd(b, p));
  if (b[p] !== COLON) throw NOT_JSON;
  return ws(b, p + 1);
}

export function scanJson(b: Buffer): JsonScan | undefined {
  try {
    const open = ws(b, 0);
    if (b[open] !== LBRACE) return undefined;
    const members: JsonMember[] = [];
    const keys = new Set<string>();
    let items: JsonScan['items'];
    let p = ws(b, open + 1);
    if (b[p] !== RBRACE) {
      for (;;) {
        if (b[p] !== DQ) return undefined;
        const keyStart = p;
        const keyEnd = stringEnd(b, p);
        const key = JSON.parse(b.toString('utf8', keyStart, keyEnd)) as string;
        if (keys.has(key)) return undefined; // duplicate keys: let the parser report them
        keys.add(key);
        p = ws(b, keyEnd);
        if (b[p] !== COLON) return undefined;
        const valueStart = ws(b, p + 1);
        p =
          key === 'items' && b[valueStart] === LBRACKET
            ? elements(b, valueStart, (x) => (items = x))
            : valueEnd(b, valueStart);
        members.push({ key, keyStart, valueStart, valueEnd: p });
        p = ws(b, p);
        if (b[p] === COMMA) {
          p = ws(b, p + 1);
          continue;
        }
        if (b[p] !== RBRACE) return undefined;
        break;
      }
    }
    const close = p;
    if (ws(b, close + 1) !== b.length) return undefined;
    return { open, close, members, items };
  } catch (e) {
    if (e === NOT_JSON || e instanceof SyntaxError) return undefined;
    throw e;
  }
}

/** The items array at p: each element's range; returns the end of the array. */
function elements(b: Buffer, p: number, found: (items: NonNullable<JsonScan['items']>) => void): number {
  const starts: number[] = [];
  const ends: number[] = [];
  const open = p;
  p = ws(b, p + 1);
  if (b[p] !== RBRACKET) {
    for (;;) {
      starts.push(p);
      p = valueEnd(b, p);
      ends.push(p);
      p = ws(b, p);
      if (b[p] === COMMA) {
        p = ws(b, p + 1);
        continue;
      }
      if (b[p] !== RBRACKET) throw NOT_JSON;
      break;
    }
  }
  found({ open, close: p, starts, ends });
  return p + 1;
}
