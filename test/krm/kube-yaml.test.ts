// Every plain scalar's meaning to kubectl, checked against go-yaml v2's own answers
// (test/helpers/go-yaml-table.ts).
import { parseAllDocuments } from 'yaml';
import { describe, expect, it, vi } from 'vitest';
import { goScalar, KUBE_YAML, parseKube } from '../../src/krm/kube-yaml.js';
import { GO_YAML, type Row } from '../helpers/go-yaml-table.js';

/** kubectl's value of the scalar (a string's value is the form itself). */
const expected = ([form, kind, value]: Row) => (kind === 'str' ? form : value);

const readValue = (text: string): unknown => {
  const [doc] = parseKube(text);
  expect(doc!.errors.map((e) => e.message)).toEqual([]);
  return (doc!.toJS() as { v: unknown }).v;
};

const sameValue = (got: unknown, want: unknown) =>
  typeof want === 'number' && typeof got === 'number' ? expect(got).toBe(want) : expect(got).toEqual(want);

describe('plain scalars mean what they mean to go-yaml v2 (kubectl)', () => {
  it.each(GO_YAML)('%j is %s', (form, kind, value) => {
    const g = goScalar(form);
    expect(g.kind).toBe(kind);
    if (value !== undefined || kind === 'str') sameValue(g.value, expected([form, kind, value]));
    else expect(Number.isFinite(g.value)).toBe(false);
  });

  it.each(GO_YAML)('%j read from a document: the same value', (...row) => {
    const [form, kind] = row;
    const v = readValue(`v: ${form}\n`);
    if (kind === 'float' && row[2] === undefined) expect(Number.isFinite(v)).toBe(false);
    else sameValue(v, expected(row));
    // In a block list, and (where the form has no flow indicator) in a flow list.
    const inBlock = readValue(`v:\n- ${form}\n`) as unknown[];
    expect(inBlock).toHaveLength(1);
    expect(typeof inBlock[0]).toBe(typeof v);
    if (!/[,[\]{}#:]/.test(form) && form !== '') {
      const inFlow = readValue(`v: [${form}]\n`) as unknown[];
      expect(typeof inFlow[0]).toBe(typeof v);
    }
  });

  it.each(GO_YAML)('%j quoted is always the string', (form) => {
    expect(readValue(`v: "${form}"\n`)).toBe(form);
    expect(readValue(`v: '${form}'\n`)).toBe(form);
  });

  // go-yaml's map of words: exactly these spellings, no other casing.
  const BOOLS = new Set(
    'y Y yes Yes YES true True TRUE on On ON n N no No NO false False FALSE off Off OFF'.split(' '),
  );
  const NULLS = new Set(['~', 'null', 'Null', 'NULL']);
  const casings = (w: string): string[] =>
    w === '' ? [''] : casings(w.slice(1)).flatMap((rest) => [w[0]!.toLowerCase() + rest, w[0]!.toUpperCase() + rest]);
  const WORDS = ['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null'].flatMap(casings);

  it.each(WORDS)('%s: a boolean or null only in go-yaml spellings', (w) => {
    const v = readValue(`v: ${w}\n`);
    if (BOOLS.has(w)) expect(typeof v).toBe('boolean');
    else if (NULLS.has(w)) expect(v).toBeNull();
    else expect(v).toBe(w);
  });

  it('an empty value and ~ are null', () => {
    expect(readValue('v:\n')).toBeNull();
    expect(readValue('v: ~\n')).toBeNull();
  });

  it.each([
    ['!!str 0b1', '0b1'],
    ['!!str yes', 'yes'],
    ['! yes', 'yes'],
    ['!!binary YWJj', 'abc'],
    ['!!binary |\n  YWJj\n  ZGVm', 'abcdef'],
    ['!!timestamp 2024-01-01', '2024-01-01'],
    ['!!int "12"', 12],
    ['!!float 1', 1],
    ['!!bool "true"', true],
  ])('explicit tag %j: %j', (form, want) => {
    expect(readValue(`v: ${form}\n`)).toEqual(want);
  });

  // Recorded with kubectl (`kubectl annotate --local -f F a=b -o json`): go-yaml's resolve()
  // fails when the explicit tag is not the kind the text resolves to (an int is a float too).
  it.each([
    ['!!null mirror.example.com/x', 'cannot decode !!str `mirror.example.com/x` as a !!null'],
    ['!!int 1.5', 'cannot decode !!float `1.5` as a !!int'],
    ['!!int 1e400', 'cannot decode !!str `1e400` as a !!int'],
    ['!!int 2001-01-01', 'cannot decode !!str `2001-01-01` as a !!int'],
    ['!!float yes', 'cannot decode !!bool `yes` as a !!float'],
    ['!!bool 1', 'cannot decode !!int `1` as a !!bool'],
    ['!!null "0"', 'cannot decode !!int `0` as a !!null'],
    ['!!timestamp foo', 'cannot decode !!str `foo` as a !!timestamp'],
    ['!!timestamp 2001-02-30', 'cannot decode !!str `2001-02-30` as a !!timestamp'],
  ])('explicit tag %j: refused as kubectl refuses it', (form, message) => {
    expect(parseKube(`v: ${form}\n`)[0]!.errors.map((e) => e.message.split('\n')[0])).toEqual([message]);
  });

  it.each([
    ['!!null ""', null],
    ['!!null ~', null],
    ['!!int 0x10', 16],
    ['!!float "1e3"', 1000],
    ['!!float .5', 0.5],
    ['!!timestamp 2001-2-3T1:2:3.5Z', '2001-2-3T1:2:3.5Z'],
    ['!!timestamp 2001-2-3 1:2:3', '2001-2-3 1:2:3'],
    ['!!timestamp 2001-02-03t01:02:03+01:00', '2001-02-03t01:02:03+01:00'],
  ])('explicit tag %j kubectl accepts: %j', (form, want) => {
    expect(readValue(`v: ${form}\n`)).toEqual(want);
  });

  it.each(['!!binary YWI', '!!binary YW Jj', '!!binary YWJjZA'])(
    '%s: invalid base64 (unpadded, spaces) is an error, as for go-yaml',
    (form) => {
      expect(parseKube(`v: ${form}\n`)[0]!.errors.length).toBeGreaterThan(0);
    },
  );

  // Once a bug: the yaml package printed "Keys with collection values will be stringified" as
  // a Node process warning on stderr.
  it('a complex key is read without a process warning', () => {
    const warn = vi.spyOn(process, 'emitWarning');
    try {
      expect(readValue('v:\n  ? [x, y]\n  : z\n')).toEqual({ '[ x, y ]': 'z' });
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });

  it('merge keys are merged; << as a value is the string', () => {
    expect(readValue('a: &a {x: 1}\nv: {<<: *a, z: 2}\n')).toEqual({ x: 1, z: 2 });
    expect(readValue('v: <<\n')).toBe('<<');
  });

  it('KUBE_YAML is what parseKube reads with', () => {
    expect(parseAllDocuments('v: 0o17\n', KUBE_YAML)[0]!.toJS()).toEqual({ v: 15 });
  });
});
