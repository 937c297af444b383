// Raw NEL, U+2028 and U+2029 in flow scalars, read as go-yaml (so kpt) reads them. The
// expected values are what kpt 1.0 read (it writes them back double-quoted, escaped).
import { describe, expect, it } from 'vitest';
import { goFlowScalar } from '../../src/krm/go-line-breaks.js';
import { parseKube } from '../../src/krm/kube-yaml.js';
import { resultsBlock, resultsJson } from '../../src/krm/write.js';
import { result, type Result } from '../../src/krm/result.js';
import { escapeText } from '../../src/krm/escape.js';
import { LineCounter, parse } from 'yaml';
import { documentsOf } from '../../src/check/documents.js';

const LS = '\u2028';
const PS = '\u2029';
const NEL = '\u0085';

describe('goFlowScalar: the value go-yaml reads', () => {
  it.each([
    ['single: the indentation go-yaml writes after U+2028 is not content', `'a${LS}        b'`, 'single', `a${LS}b`],
    ['double, raw: the same', `"a${LS}        b"`, 'double', `a${LS}b`],
    ['blanks on both sides go', `"a ${LS} b"`, 'double', `a${LS}b`],
    ['an escaped newline after it stays', `"a${LS}\\nb"`, 'double', `a${LS}\nb`],
    ['NEL is a newline: folded to a space', `"a${NEL}b"`, 'double', 'a b'],
    ['NEL then U+2028: the breaks after the first newline', `'a${NEL}${LS}b'`, 'single', `a${LS}b`],
    ['two separators in a row stay', `'a${LS}  ${PS}  b'`, 'single', `a${LS}${PS}b`],
    ["'' in single quotes", `'it''s${LS} x'`, 'single', `it's${LS}x`],
    ['escapes in double quotes', `"\\t\\u00e9\\U0001F600\\L\\N\\x41${PS} z"`, 'double', `\té😀${LS}${NEL}A${PS}z`],
    ['plain', `a${LS}  b`, 'plain', `a${LS}b`],
    // kpt 1.0 (go-yaml) reads `{a: x\n  y <LS>\n  , b: p<LS>, c: q <NEL> , d: "r <LS> "}` as
    // {a: x y, b: p, c: q, d: "r\L"}: blanks and breaks end a plain scalar, a quoted one keeps them.
    ['plain: a break at the end is not part of it', `a${LS}`, 'plain', 'a'],
    ['plain: nor blanks and a break', `a ${PS}`, 'plain', 'a'],
    ['plain: nor NEL', `q ${NEL}`, 'plain', 'q'],
    ['plain, over lines: folded, then the blanks and the break at its end go', `x\n    y ${LS}`, 'plain', 'x y'],
    ['plain: blanks and breaks inside stay joined', `s ${LS}  t`, 'plain', `s${LS}t`],
    ['double: the break before the closing quote stays', `"r ${LS} "`, 'double', `r${LS}`],
    ['at the ends', `'${LS}a${PS}'`, 'single', `${LS}a${PS}`],
  ] as const)('%s', (_, source, style, want) => {
    expect(goFlowScalar(source, style)).toBe(want);
  });

  it.each([
    ['a bad escape', `"a\\qb${LS}"`, 'double'],
    ['an escaped surrogate', `"\\ud800${LS}"`, 'double'],
    ['a short \\u escape', `"\\u12${LS}"`, 'double'],
    ['unclosed', `'a${LS}`, 'single'],
    ['a lone quote inside', `'a'b${LS}'`, 'single'],
  ] as const)('%s: undefined (go-yaml fails; the value stays)', (_, source, style) => {
    expect(goFlowScalar(source, style)).toBeUndefined();
  });
});

describe('parseKube: raw separators read as kpt reads them', () => {
  it('a path annotation kpt wrote in single quotes: the folder kpt means', () => {
    const [doc] = parseKube(
      `metadata:\n  annotations:\n    config.kubernetes.io/path: 'a${LS}        b/hc.yaml'\n    other: "x\\u2028  y"\n    key${LS}  k: v\n`,
    );
    expect(doc!.toJS()).toEqual({
      metadata: {
        annotations: { 'config.kubernetes.io/path': `a${LS}b/hc.yaml`, other: `x${LS}  y`, [`key${LS}k`]: 'v' },
      },
    });
  });

  it('text without them: values as the `yaml` package reads them', () => {
    const [doc] = parseKube(`a: 'x  y'\nb: "p\\u2028  q"\n`);
    expect(doc!.toJS()).toEqual({ a: 'x  y', b: `p${LS}  q` });
  });
});

describe('check reads streams the same way (check/documents.ts)', () => {
  it('documentsOf: each document, raw separators as kpt reads them', () => {
    const text = `a: 'x${LS}    y'\n---\nb: "p\\u2028  q"\n---\nc: '${PS}  z'\n`;
    const docs = [...documentsOf(text, new LineCounter())].map((d) => d.doc.toJS() as unknown);
    expect(docs).toEqual([{ a: `x${LS}y` }, { b: `p${LS}  q` }, { c: `${PS}z` }]);
  });
});

describe('results as written: messages escaped as on stderr', () => {
  const r = result('error', 'invalid-source', `invalid source "quay.io/\u202eexe.txt\u009b\u007f${LS}\n\ud800"`, {});
  const want = 'invalid source "quay.io/\\u202eexe.txt\\u009b\\u007f\\u2028\\n\\ud800"';
  it.each([
    ['block', parse(resultsBlock([r])) as { results: Result[] }],
    ['flow', { results: parse(resultsJson([r])) as Result[] }],
  ])('%s', (_, doc) => {
    expect(doc.results[0]!.message).toBe(want);
    expect(doc.results[0]!.message).toBe(escapeText(r.message));
  });
});
