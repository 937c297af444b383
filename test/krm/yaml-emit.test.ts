// The YAML writer writes what the `yaml` package writes with YAML_STYLE, except that it also
// quotes every string YAML 1.1 or go-yaml (kubectl) would read as something else; everything
// it writes reads back as the same data in YAML 1.2 and with kubectl's meaning.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument, stringify } from 'yaml';
import { KUBE_YAML } from '../../src/krm/kube-yaml.js';
import { classifyPlain, Plain } from '../../src/krm/plain-scalar.js';
import { emitYaml, flowJson, YAML_STYLE } from '../../src/krm/yaml-emit.js';

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

/** Strings the writer quotes where the `yaml` package (YAML 1.2 only) writes them plain. */
function quotedForKubectl(v: unknown): boolean {
  if (typeof v === 'string') {
    if (!/^[\x20-\x7e\n]*$/.test(v)) return true; // non-ASCII: always double-quoted
    if (v.includes('\n')) {
      // Only the simple literal block (`|` or `|-`, no indentation indicator) is written as yaml does.
      const simple = !/\n\n$/.test(v) && !/^[ \n]/.test(v) && !/ (\n|$)/.test(v);
      return !simple;
    }
    const plain12 = stringify({ k: v }, YAML_STYLE) === `k: ${v}\n`;
    return plain12 && classifyPlain(v) !== Plain.String;
  }
  if (Array.isArray(v)) return v.some(quotedForKubectl);
  if (typeof v === 'object' && v !== null)
    return Object.entries(v).some(([k, x]) => quotedForKubectl(k) || quotedForKubectl(x));
  return false;
}
const kubeRead = (text: string) => parseDocument(text, KUBE_YAML).toJS();

describe('emitYaml', () => {
  it('writes byte for byte what yaml.stringify writes, for data without strings kubectl would misread', () => {
    let compared = 0;
    fc.assert(
      fc.property(fc.dictionary(keyArb, valueArb, { maxKeys: 5 }), (obj) => {
        if (quotedForKubectl(obj)) return;
        compared++;
        expect(emitYaml(obj)).toBe(stringify(obj, YAML_STYLE));
      }),
      { numRuns: 3000 },
    );
    expect(compared).toBeGreaterThan(500);
  });

  it("reads back as the same data, in YAML 1.2 and with kubectl's meaning (YAML 1.1)", () => {
    fc.assert(
      fc.property(fc.dictionary(keyArb, valueArb, { maxKeys: 5 }), (obj) => {
        const text = emitYaml(obj);
        expect(parse(text)).toEqual(obj);
        expect(kubeRead(text)).toEqual(obj);
      }),
      { numRuns: 2000 },
    );
  });

  it("flow JSON reads back as the same data with kubectl's meaning", () => {
    fc.assert(
      fc.property(fc.dictionary(keyArb, valueArb, { maxKeys: 5 }), (obj) => {
        expect(kubeRead(`v: ${flowJson(obj)}\n`).v).toEqual(obj);
      }),
      { numRuns: 1000 },
    );
  });

  // Every class of code point (red team 2 #1): what go-yaml (kpt, kustomize) refuses raw (C0
  // but TAB/LF/CR, DEL, C1, U+FFFE/U+FFFF) or reads raw as a line break (NEL, U+2028/U+2029),
  // bidi controls, the BOM, astral characters, lone surrogates. Real kpt reads the same:
  // test/e2e/kpt-strings.test.ts.
  const CODE_POINT_CLASSES = [
    [0x00, 0x1f],
    [0x7f, 0x9f],
    [0x2028, 0x2029],
    [0x202a, 0x202e],
    [0x2066, 0x2069],
    [0xd800, 0xdfff],
    [0xfeff, 0xfeff],
    [0xfffe, 0xffff],
    [0x20, 0x7e],
    [0xa0, 0xff],
  ] as const;
  const unit = fc.oneof(
    ...CODE_POINT_CLASSES.map(([a, b]) => fc.integer({ min: a, max: b }).map((c) => String.fromCharCode(c))),
    fc.constantFrom('😀', '\u{10ffff}', ': ', ' #', "'", '"', '\\'),
  );
  /** Raw in the text: what go-yaml refuses or reads as a break, and \u escapes of surrogates (refused too). */
  const GO_YAML_TROUBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/;
  const SURROGATE_ESCAPE = /\\ud[89a-f][0-9a-f]{2}/i;

  it('every code point class: reads back the same (YAML 1.2, YAML 1.1), nothing raw that go-yaml refuses or breaks at', () => {
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 12 }), fc.string({ unit, maxLength: 6 }), (v, k) => {
        for (const obj of [{ v }, { [k]: v }, { l: [v, { [k]: v }] }]) {
          const text = emitYaml(obj);
          expect(parse(text)).toEqual(obj);
          expect(kubeRead(text)).toEqual(obj);
          expect(text).not.toMatch(GO_YAML_TROUBLE);
          // Well-formed strings (all kpt can send) never get a surrogate escape go-yaml refuses.
          if ([v, k].every((x) => Buffer.from(x).toString() === x)) expect(text).not.toMatch(SURROGATE_ESCAPE);
          const json = flowJson(obj);
          expect(kubeRead(`x: ${json}\n`).x).toEqual(obj);
          expect(json).not.toMatch(GO_YAML_TROUBLE);
        }
      }),
      { numRuns: 3000 },
    );
  });

  // Issue 11 kind 7: a namespace "no" must stay a string for kubectl.
  const quoted: [string, string][] = [
    ['no', '"no"'],
    ['on', '"on"'],
    ['off', '"off"'],
    ['y', '"y"'],
    ['Yes', '"Yes"'],
    ['0b11', '"0b11"'],
    ['0644', '"0644"'],
    ['0o755', '"0o755"'],
    ['1_000', '"1_000"'],
    ['+1', '"+1"'],
    ['.5', '".5"'],
    ['2001-12-14', '"2001-12-14"'],
    ['190:20:30', '"190:20:30"'],
    ['<<', '"<<"'],
    ['e5', '"e5"'],
    ['café', '"café"'],
    ['line\u2028separator', '"line\\u2028separator"'],
  ];
  for (const [s, want] of quoted)
    it(`quotes ${JSON.stringify(s)} as a value and as a key`, () => {
      expect(emitYaml({ namespace: s })).toBe(`namespace: ${want}\n`);
      expect(emitYaml({ [s]: 'x' })).toBe(`${want}: x\n`);
      expect(kubeRead(emitYaml({ [s]: s }))).toEqual({ [s]: s });
    });
  const plain = ['noon', 'clusters', 'mirror.example.com:5000/a', '10.0.0.1:5000/x', '4.21.0', '99-worker-x', 'v1'];
  for (const s of plain) it(`writes ${s} plain`, () => expect(emitYaml({ a: s })).toBe(`a: ${s}\n`));

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
