import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { editRegistriesConfig, mergeMirrorLists } from '../../src/registries/merge.js';
import { renderRegistriesConf, tomlString } from '../../src/registries/render.js';
import type { MirrorInput } from '../../src/registries/model.js';
import { ROOT } from '../helpers/run-fn.js';

const dir = join(ROOT, 'testdata', 'registries-conf');
// Examples 1-7 have mirror lists only; 8-12 add the Image config (test/registries/bootstrap.test.ts).
const cases = readdirSync(dir)
  .filter((f) => f.endsWith('.input.yaml') && Number(f.split('-')[0]) <= 7)
  .map((f) => f.replace('.input.yaml', ''));

function input(name: string): MirrorInput {
  const spec = parse(readFileSync(join(dir, `${name}.input.yaml`), 'utf8')) ?? {};
  return { imageContentSources: spec.imageContentSources ?? [], imageTagMirrorSet: spec.imageTagMirrorSet ?? [] };
}

describe('registries.conf: the reference worked examples, byte for byte', () => {
  it('has all seven examples', () => expect(cases).toHaveLength(7));
  for (const name of cases.filter((c) => c !== '2-no-mirrors')) {
    it(name, () => {
      expect(renderRegistriesConf(input(name))).toBe(readFileSync(join(dir, `${name}.expected.conf`), 'utf8'));
    });
  }
  it('2-no-mirrors: no blocks at all (the function generates nothing then)', () => {
    expect(editRegistriesConfig(input('2-no-mirrors'))).toEqual([]);
  });
});

describe('mergeMirrorLists (topological merge)', () => {
  const table: [string, string[][], string[]][] = [
    ['one list keeps its order', [['b', 'a']], ['b', 'a']],
    [
      '(b,c)+(a,b) -> a,b,c',
      [
        ['b', 'c'],
        ['a', 'b'],
      ],
      ['a', 'b', 'c'],
    ],
    [
      'a cycle is broken at the smallest node',
      [
        ['m2', 'm1'],
        ['m1', 'm2'],
      ],
      ['m1', 'm2'],
    ],
    ['the source listed first stays where it landed', [['src', 'm1']], ['src', 'm1']],
    ['the source listed last is dropped', [['m1', 'src']], ['m1']],
    [
      'the same list twice',
      [
        ['x', 'y'],
        ['x', 'y'],
      ],
      ['x', 'y'],
    ],
    ['disjoint lists merge in byte order', [['z'], ['a']], ['a', 'z']],
  ];
  for (const [name, lists, want] of table) it(name, () => expect(mergeMirrorLists('src', lists)).toEqual(want));
});

describe('registries.conf rules', () => {
  it('skips entries whose only mirror is the source, and entries without mirrors', () => {
    const blocks = editRegistriesConfig({
      imageContentSources: [
        { source: 'a.io/x', mirrors: ['a.io/x'] },
        { source: 'b.io/x', mirrors: [] },
      ],
      imageTagMirrorSet: [],
    });
    expect(blocks).toEqual([]);
  });
  it('a source in both lists gets one block: digest mirrors, then tag mirrors', () => {
    const blocks = editRegistriesConfig({
      imageContentSources: [{ source: 'q.io/r', mirrors: ['m.io/r'] }],
      imageTagMirrorSet: [{ source: 'q.io/r', mirrors: ['m.io/r'], mirrorSourcePolicy: 'NeverContactSource' }],
    });
    expect(blocks).toEqual([
      {
        prefix: '',
        location: 'q.io/r',
        insecure: false,
        blocked: true,
        mirrors: [
          { location: 'm.io/r', insecure: false, pullFromMirror: 'digest-only' },
          { location: 'm.io/r', insecure: false, pullFromMirror: 'tag-only' },
        ],
      },
    ]);
  });
});

describe('tomlString', () => {
  const table: [string, string][] = [
    ['plain', '"plain"'],
    ['a"b', '"a\\"b"'],
    ['a\\b', '"a\\\\b"'],
    ['a\nb\tc', '"a\\nb\\tc"'],
    ['\u0001\u007f', '"\\u0001\\u007f"'],
    ['é', '"é"'],
  ];
  for (const [raw, want] of table) it(JSON.stringify(raw), () => expect(tomlString(raw)).toBe(want));
});
