// The one YAML writer for everything we write (generated objects, edited values, results):
// block YAML in the style kpt and kustomize write (compact sequences, no line folding, no
// anchors), the layout the `yaml` package writes with YAML_STYLE. Scalars are quoted for
// every reader, not only YAML 1.2: a string that YAML 1.1 or go-yaml v2 (kubectl) would
// read as something else (`no`, `on`, `y`, `0b11`, `0644`, `1_000`, `2001-12-14`, `<<`) is
// written in quotes, so a namespace "no" stays a string for kubectl. Also a JSON writer for
// values that go into flow collections (JSON input, flow-style YAML).
import { classifyPlain, Plain } from './plain-scalar.js';
import { isObject } from './kube.js';

/**
 * The `yaml` package options of the same style, for the code that still asks it to write
 * (no line folding: long base64 data URLs and messages stay on one line).
 */
export const YAML_STYLE = {
  lineWidth: 0,
  minContentWidth: 0,
  indentSeq: false,
  aliasDuplicateObjects: false,
} as const;

export interface EmitOptions {
  /** Sequences under a key indented by two more spaces (kpt's "wide" style); compact by default. */
  wide?: boolean;
}

/**
 * First characters after which the `yaml` package never writes a string plain (its test
 * `^[\n\t ,[\]{}#&*!|>'"%@\`]`, for the printable ASCII strings that reach it).
 */
const NOT_PLAIN_FIRST = new Uint8Array(128);
for (const ch of ' ,[]{}#&*!|>\'"%@`') NOT_PLAIN_FIRST[ch.charCodeAt(0)] = 1;

const SPACE = 32,
  COLON = 58,
  NEWLINE = 10;

/** How a string can be written: plain, quoted (printable ASCII), or double-quoted with escapes. */
const enum Form {
  Plain,
  Quoted,
  Escaped,
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/** What a literal block scalar can carry as it is: printable ASCII lines. */
const LITERAL_TEXT = /^[\x20-\x7e\n]*$/;

/**
 * The `yaml` package's plain test (`^[\n\t ,[\]{}#&*!|>'"%@\`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|
 * [ \t]\n|[\n\t ]#|[\n\t :]$`) for one printable ASCII line (no tab, no line break), as native
 * searches: the strings are long (a data URL) and the pattern's alternatives each scan them.
 * Then the meaning every reader gives it (classifyPlain).
 */
function formOf(s: string): Form {
  const n = s.length;
  if (n === 0) return Form.Quoted;
  if (!PRINTABLE_ASCII.test(s)) return Form.Escaped;
  const first = s.charCodeAt(0);
  const last = s.charCodeAt(n - 1);
  if (NOT_PLAIN_FIRST[first] === 1 || last === SPACE || last === COLON) return Form.Quoted;
  if ((first === 63 || first === 45) && (n === 1 || s.charCodeAt(1) === SPACE)) return Form.Quoted; // ? -
  if (s.includes(': ') || s.includes(' #')) return Form.Quoted;
  return classifyPlain(s) === Plain.String ? Form.Plain : Form.Quoted;
}

/**
 * Characters a double-quoted scalar must escape beyond what JSON escapes: DEL, C1 controls,
 * NEL and the Unicode line and paragraph separators (line breaks to YAML 1.1), the BOM and
 * the non-characters U+FFFE/U+FFFF (not printable to YAML).
 */
const ESCAPE_MORE = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;

const hex4 = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** A double-quoted scalar every YAML reader reads back as s (JSON escapes are YAML escapes). */
export function doubleQuoted(s: string): string {
  return JSON.stringify(s).replace(ESCAPE_MORE, hex4);
}

// Keys repeat (apiVersion, kind, metadata...): remember their written form.
const keyCache = new Map<string, string>();

/** Plain when one printable ASCII line that every reader takes for this string; else quoted. */
function scalarString(s: string): string {
  const form = formOf(s);
  if (form === Form.Plain) return s;
  if (form === Form.Escaped) return doubleQuoted(s);
  const hasDouble = s.includes('"');
  if (hasDouble && !s.includes("'")) return `'${s}'`;
  if (hasDouble || s.includes('\\')) return doubleQuoted(s);
  return `"${s}"`;
}

function key(k: string): string {
  let out = keyCache.get(k);
  if (out === undefined) {
    // A plain implicit key may not be longer than 1024 characters.
    out = k.length <= 1024 ? scalarString(k) : doubleQuoted(k);
    if (keyCache.size < 4096) keyCache.set(k, out);
  }
  return out;
}

/**
 * A multi-line string as a literal block scalar, or undefined when it needs more than the
 * simple form: printable ASCII lines, no leading space or line break, at most one final line
 * break, no line ending in a space. Native searches only (the text is long: a MachineConfig).
 */
function literal(s: string, indent: string): string | undefined {
  const n = s.length;
  const first = s.charCodeAt(0);
  if (first === SPACE || first === NEWLINE || !LITERAL_TEXT.test(s)) return undefined;
  const trailing = s.charCodeAt(n - 1) === NEWLINE;
  const end = trailing ? n - 1 : n;
  // A line ending in a space would need quoting; so would a second final line break.
  if (s.charCodeAt(end - 1) === SPACE || (trailing && s.charCodeAt(end - 1) === NEWLINE) || s.includes(' \n'))
    return undefined;
  // Each line after a break gets the indentation; empty lines stay empty.
  let out = (trailing ? '|\n' : '|-\n') + indent;
  let from = 0;
  for (let nl = s.indexOf('\n'); nl >= 0 && nl < end; nl = s.indexOf('\n', from)) {
    out += s.slice(from, nl + 1);
    from = nl + 1;
    if (s.charCodeAt(from) !== NEWLINE) out += indent;
  }
  return out + s.slice(from, end) + '\n';
}

function scalar(v: unknown): string {
  if (typeof v === 'string') return scalarString(v);
  if (typeof v === 'number')
    return Number.isFinite(v) ? String(v) : Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf';
  if (typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  return doubleQuoted(String(v));
}

/**
 * `key: value` lines of a mapping at the given indentation; the first line starts with
 * `first` instead (a sequence entry's dash), which is all there is when no key has a value.
 */
function mapping(obj: Record<string, unknown>, indent: string, opts: EmitOptions, first = indent): string {
  let out = '';
  let lead = first;
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (v === undefined) continue;
    out += lead + key(k) + ':' + value(v, indent, opts);
    lead = indent;
  }
  return out === '' && first !== indent ? first : out;
}

/** What follows "key:" for a value whose key is at `indent`: the rest of the line and any lines below. */
function value(v: unknown, indent: string, opts: EmitOptions): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return ' []\n';
    return '\n' + sequence(v, opts.wide ? indent + '  ' : indent, opts);
  }
  if (isObject(v)) {
    if (Object.keys(v).length === 0) return ' {}\n';
    return '\n' + mapping(v, indent + '  ', opts);
  }
  if (typeof v === 'string') {
    if (v.includes('\n')) {
      const block = literal(v, indent + '  ');
      if (block !== undefined) return ' ' + block;
    }
  }
  return ' ' + scalar(v) + '\n';
}

/**
 * Sequence entries ("- ") at `indent`; the first line of an entry's content goes on its dash
 * line (written there, not cut off a longer text: a generated item is long). `first` starts
 * the first line instead of `indent` (the dash of an enclosing entry).
 */
function sequence(list: readonly unknown[], indent: string, opts: EmitOptions, first = indent): string {
  let out = '';
  let lead = first;
  for (const item of list) {
    if (isObject(item) && Object.keys(item).length > 0) {
      out += mapping(item, indent + '  ', opts, lead + '- ');
    } else if (Array.isArray(item) && item.length > 0) {
      out += sequence(item, indent + '  ', opts, lead + '- ');
    } else out += lead + '-' + value(item, indent, opts);
    lead = indent;
  }
  return out;
}

/** Block YAML for a plain object (what `yaml` writes with YAML_STYLE, but quoted for every reader). */
export function emitYaml(obj: Record<string, unknown>, opts: EmitOptions = {}): string {
  return Object.keys(obj).length === 0 ? '{}\n' : mapping(obj, '', opts);
}

/**
 * What to write after `key:` for a value whose key stands at column `column`: ` scalar\n`,
 * ` []\n`, or a newline and the block lines below.
 */
export function emitValue(v: unknown, column: number, opts: EmitOptions = {}): string {
  return value(v, ' '.repeat(column), opts);
}

/**
 * How the writer writes a string without a line break as a value (after `key: ` or `- `), at
 * any column: plain, or quoted for every reader. (No memo: a fleet's values are mostly its own,
 * and for a short one the native searches cost what a look-up by the string does.)
 */
export function scalarText(s: string): string {
  return scalarString(s);
}

/** One sequence entry (`- ...` lines) with its dash at column `column`. */
export function emitEntry(v: unknown, column: number, opts: EmitOptions = {}): string {
  return sequence([v], ' '.repeat(column), opts);
}

/** A key as written in block or flow style (quoted when some reader would read it otherwise). */
export function emitKey(k: string): string {
  return key(k);
}

/** JSON text of a value for a flow collection (JSON input, flow YAML): escaped for every YAML reader. */
export function flowJson(v: unknown): string {
  return JSON.stringify(v).replace(ESCAPE_MORE, hex4);
}
