// The fast writer must write exactly what the `yaml` package writes with YAML_STYLE.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { emitYaml, YAML_STYLE } from '../../src/krm/yaml-emit.js';

const tricky = fc.constantFrom(
  '',
  ' ',
  '0',
  '1.0',
  '-1',
  '0x1F',
  '.inf',
  'true',
  'False',
  'null',
  '~',
  'yes',
  'on',
  'no',
  '0755',
  'a: b',
  'a #b',
  'a#b',
  '#a',
  '- a',
  '-',
  '?',
  ':',
  'a:',
  'key: "v"',
  "it's",
  `"both" 'quotes'`,
  'back\\slash',
  '*.example.com',
  '&anchor',
  '!tag',
  '%x',
  '@x',
  '`x`',
  '---',
  '...',
  'data:text/plain;base64,AB+/=',
  'multi\nline\n',
  'multi\nline',
  'trailing\n\n',
  ' leading',
  'tab\there',
  'café',
  'line\n  indented\n',
);
const text = fc.oneof(tricky, fc.string({ maxLength: 12 }), fc.stringMatching(/^[a-z0-9.:/ "'#-]{0,16}$/));
const keyArb = fc.oneof(
  fc.constantFrom('apiVersion', 'kind', 'metadata', 'a/b.c', 'x-y', '0', 'true', 'k: v'),
  fc.stringMatching(/^[a-z][a-z0-9./-]{0,10}$/),
);
const valueArb = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(keyArb, tie('value'), { maxKeys: 4 }),
  ),
})).value;

describe('emitYaml', () => {
  it('writes byte for byte what yaml.stringify writes, for any plain data', () => {
    fc.assert(
      fc.property(fc.dictionary(keyArb, valueArb, { maxKeys: 5 }), (obj) => {
        expect(emitYaml(obj)).toBe(stringify(obj, YAML_STYLE));
      }),
      { numRuns: 3000 },
    );
  });

  it('reads back as the same data', () => {
    fc.assert(
      fc.property(fc.dictionary(keyArb, valueArb, { maxKeys: 5 }), (obj) => {
        expect(parse(emitYaml(obj))).toEqual(obj);
      }),
      { numRuns: 1000 },
    );
  });

  const table: [string, Record<string, unknown>][] = [
    [
      'a generated MachineConfig in a ConfigMap',
      { data: { config: 'apiVersion: v1\nkind: MachineConfig\nspec:\n  a: 1\n' } },
    ],
    [
      'results with quotes and colons',
      { results: [{ message: 'invalid format for source "a": use x', severity: 'error', tags: { code: 'x' } }] },
    ],
    ['numbers-as-strings are quoted', { annotations: { index: '0', path: 'a/b.yaml' } }],
    ['a wildcard source is quoted', { spec: { imageTagMirrors: [{ source: '*.example.com', mirrors: ['m.io/x'] }] } }],
    ['empty list and map', { a: [], b: {} }],
  ];
  for (const [name, obj] of table) it(name, () => expect(emitYaml(obj)).toBe(stringify(obj, YAML_STYLE)));
});
