// The readers the fast reader (src/krm/block-read.ts) must agree with, for its tests: the
// projection of a parsed value onto a selection, deep equality, and go-yaml v2's scalar
// resolution (what kubectl reads through sigs.k8s.io/yaml), written here from its documented
// behaviour for the tests only.
import { isMap, isPair, isScalar, isSeq, Scalar, type Node } from 'yaml';
import type { Selection, Value } from '../../src/krm/block-read.js';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Map) && !(v instanceof Set);

/** The selected fields of a parsed value, as the reader promises to return them. */
export function project(v: unknown, sel: Selection): unknown {
  if (sel === true || !isPlainObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(sel)) if (Object.hasOwn(v, k)) out[k] = project(v[k], sel[k]!);
  return out;
}

/** Deep equality of JSON-like values, key order ignored; Dates, Maps, Uint8Arrays never equal. */
export function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (
    isPlainObject(a) &&
    isPlainObject(b) &&
    Object.getPrototypeOf(a) === Object.prototype &&
    Object.getPrototypeOf(b) === Object.prototype
  ) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && same(a[k], b[k]));
  }
  return false;
}

// ---- go-yaml v2 (sigs.k8s.io/yaml/goyaml.v2) plain scalar resolution ----------------------

export type GoKind = 'str' | 'null' | 'bool' | 'int' | 'float' | 'timestamp' | 'merge';

const GO_MAP: Record<string, GoKind> = {};
for (const w of [
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'true',
  'True',
  'TRUE',
  'on',
  'On',
  'ON',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'false',
  'False',
  'FALSE',
  'off',
  'Off',
  'OFF',
])
  GO_MAP[w] = 'bool';
for (const w of ['', '~', 'null', 'Null', 'NULL']) GO_MAP[w] = 'null';
for (const w of ['.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF'])
  GO_MAP[w] = 'float';
GO_MAP['<<'] = 'merge';

// Go's strconv.ParseInt/ParseUint with base 0, after go-yaml removed every "_".
const GO_INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;
const GO_YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
// Go's ParseFloat on a string starting with ".": decimal forms only.
const GO_DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
// time.Parse with go-yaml's formats; conservative: anything of that shape counts.
const GO_TIMESTAMP =
  /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(?:\.[0-9]*)?(?:Z|[-+][0-9]{1,2}:[0-9]{2})?)?$/;

/** What go-yaml v2 makes of a plain scalar (only whether and how it is a string matters here). */
export function goResolve(s: string): GoKind {
  const hit = GO_MAP[s];
  if (hit) return hit;
  const c = s[0]!;
  if ('yYnNtTfFoO~'.includes(c)) return 'str';
  if (c === '.') return GO_DOT_FLOAT.test(s) ? 'float' : 'str';
  if ('+-0123456789'.includes(c)) {
    if (GO_TIMESTAMP.test(s)) return 'timestamp';
    const plain = s.replaceAll('_', '');
    if (GO_INT.test(plain)) return 'int';
    if (GO_YAML_FLOAT.test(plain)) return 'float';
    if (/^-?0b[01]+$/.test(plain)) return 'int';
    return 'str';
  }
  return 'str';
}

/**
 * Every scalar (and map key) of the parsed document that the reader returned, checked
 * against go-yaml's reading: a plain scalar must resolve to the same string (or null).
 * Returns a description of the first disagreement, or undefined.
 */
export function goYamlDisagreement(root: Node | null, sel: Selection): string | undefined {
  const scalar = (n: Scalar, asKey: boolean): string | undefined => {
    if (n.type !== Scalar.PLAIN) return undefined; // quoted and block scalars are strings to every reader
    const src = (n.source ?? String(n.value)) as string;
    const kind = goResolve(src);
    const want = n.value === null ? 'null' : typeof n.value === 'string' ? 'str' : 'other';
    if (asKey && want !== 'str') return `key ${JSON.stringify(src)} is not a string`;
    if (kind !== want) return `${JSON.stringify(src)}: go-yaml ${kind}, yaml ${want}`;
    return undefined;
  };
  const walk = (n: unknown, s: Selection): string | undefined => {
    if (n === null || n === undefined) return undefined;
    if (isScalar(n)) return scalar(n, false);
    if (isSeq(n)) {
      for (const it of n.items) {
        const w = walk(it, true);
        if (w) return w;
      }
      return undefined;
    }
    if (isMap(n)) {
      for (const p of n.items) {
        if (!isPair(p) || !isScalar(p.key)) return 'odd key';
        const k = String(p.key.value);
        const child = s === true ? true : s[k];
        if (child === undefined) continue;
        const w = scalar(p.key, true) ?? walk(p.value, child);
        if (w) return w;
      }
      return undefined;
    }
    return `unexpected node ${(n as Node).constructor?.name}`;
  };
  return walk(root, sel);
}

/** A reader result value, checked for the types it may hold. */
export function onlyPlainValues(v: Value): boolean {
  if (v === null || typeof v === 'string') return true;
  if (Array.isArray(v)) return v.every(onlyPlainValues);
  return Object.getPrototypeOf(v) === Object.prototype && Object.values(v).every(onlyPlainValues);
}
