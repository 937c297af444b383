// The writer decides plain / quoted / literal with native searches and writes a sequence
// entry's dash in place; the previous writer did it with the `yaml` package's own patterns and
// cut the entry's first indentation off. Both must write the same bytes for every value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyPlain, Plain } from '../../src/krm/plain-scalar.js';
import { emitYaml } from '../../src/krm/yaml-emit.js';
import '../helpers/property-seed.js';

// The previous writer, as it was (the oracle).
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const LITERAL_TEXT = /^[\x20-\x7e\n]*$/;
const TRAILING_SPACE = / \n| $/;
const NEXT_LINE = /\n(?=[^\n])/g;
const ESCAPE_MORE = /[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;
const hex4 = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
const doubleQuoted = (s: string) => JSON.stringify(s).replace(ESCAPE_MORE, hex4);
const plainSafe = (s: string) =>
  s !== '' && PRINTABLE_ASCII.test(s) && !NOT_PLAIN.test(s) && classifyPlain(s) === Plain.String;
function scalarString(s: string): string {
  if (plainSafe(s)) return s;
  if (!PRINTABLE_ASCII.test(s)) return doubleQuoted(s);
  const hasDouble = s.includes('"');
  if (hasDouble && !s.includes("'")) return `'${s}'`;
  if (hasDouble || s.includes('\\')) return doubleQuoted(s);
  return `"${s}"`;
}
const key = (k: string) => (k.length <= 1024 ? scalarString(k) : doubleQuoted(k));
function literal(s: string, indent: string): string | undefined {
  let trailing = 0;
  while (trailing < s.length && s.charCodeAt(s.length - 1 - trailing) === 10) trailing++;
  if (trailing > 1 || s.startsWith(' ') || s.startsWith('\n') || !LITERAL_TEXT.test(s)) return undefined;
  const body = trailing ? s.slice(0, -1) : s;
  if (TRAILING_SPACE.test(body)) return undefined;
  return `${trailing ? '|' : '|-'}\n${indent}${body.replace(NEXT_LINE, `\n${indent}`)}\n`;
}
const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
function scalar(v: unknown): string {
  if (typeof v === 'string') return scalarString(v);
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return String(v);
  return 'null';
}
function mapping(obj: Record<string, unknown>, indent: string): string {
  let out = '';
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (v === undefined) continue;
    out += indent + key(k) + ':' + value(v, indent);
  }
  return out;
}
function value(v: unknown, indent: string): string {
  if (Array.isArray(v)) return v.length === 0 ? ' []\n' : '\n' + sequence(v, indent);
  if (isMap(v)) return Object.keys(v).length === 0 ? ' {}\n' : '\n' + mapping(v, indent + '  ');
  if (typeof v === 'string' && v.includes('\n')) {
    const block = literal(v, indent + '  ');
    if (block !== undefined) return ' ' + block;
  }
  return ' ' + scalar(v) + '\n';
}
function sequence(list: readonly unknown[], indent: string): string {
  let out = '';
  for (const item of list) {
    if (isMap(item) && Object.keys(item).length > 0)
      out += indent + '- ' + mapping(item, indent + '  ').slice(indent.length + 2);
    else if (Array.isArray(item) && item.length > 0)
      out += indent + '- ' + sequence(item, indent + '  ').slice(indent.length + 2);
    else out += indent + '-' + value(item, indent);
  }
  return out;
}
const previous = (obj: Record<string, unknown>) => (Object.keys(obj).length === 0 ? '{}\n' : mapping(obj, ''));

// Strings dense in what the decisions look at: indicators first, ": ", " #", trailing space
// or colon, line breaks (leading, inner, doubled, final), tabs, DEL and non-ASCII.
const piece = fc.constantFrom(
  'a',
  'Z',
  '0',
  '1.5',
  ' ',
  ':',
  '#',
  '-',
  '?',
  '\n',
  '\t',
  '"',
  "'",
  '\\',
  '\u007f',
  'é',
  ',',
  '[',
  '|',
  'data:',
  'yes',
  '~',
  '.',
);
const text = fc.array(piece, { maxLength: 8 }).map((xs) => xs.join(''));
const valueArb = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer(),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(text, tie('value'), { maxKeys: 3 }),
  ),
})).value;

describe('emitYaml against the previous writer', () => {
  it('writes the same bytes for every value (undefined values included)', () => {
    fc.assert(
      fc.property(fc.dictionary(text, valueArb, { maxKeys: 4 }), (obj) => {
        expect(emitYaml(obj)).toBe(previous(obj));
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    ['a data URL', 'data:text/plain;charset=utf-8;base64,' + 'QUJD'.repeat(500) + '=='],
    ['a long literal', 'line one\n\nline: three\n' + 'x'.repeat(3000) + '\n'],
    ['a literal ending in a space', 'a\nb '],
    ['a literal with a line ending in a space', 'a \nb'],
    ['two final line breaks', 'a\nb\n\n'],
    ['a sequence of maps without values', [{ a: undefined }, { b: undefined, c: 1 }]],
    ['nested sequences', [[[{ a: 1 }, []], [{}]], [[1, 2]]]],
  ])('%s', (_, v) => {
    expect(emitYaml({ k: v, l: [v] })).toBe(previous({ k: v, l: [v] }));
  });
});
