// ResourceList.startingWith: the items whose first lines are one of the heads at the list's dash
// column, the line the head ends in ending with a tail (a closing quote after it allowed), told
// without searching their bytes; against the same question asked of each item's own text.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readResourceList } from '../../src/krm/read.js';
import '../helpers/property-seed.js';

const HEADER = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
const heads = (column: number) => {
  const pad = ' '.repeat(column);
  return [
    `${pad}- apiVersion: v1\n${pad}  kind: ConfigMap\n${pad}  metadata:\n${pad}    name: `,
    `${pad}- apiVersion: x/v1\n${pad}  kind: Thing\n${pad}  metadata:\n${pad}    name: `,
  ];
};
const TAIL = '-mine';

/** A block list of these item texts (each a mapping at column 0), its dashes at `column`. */
function listOf(texts: string[], column = 0): string {
  const pad = ' '.repeat(column);
  return HEADER + texts.map((t) => `${pad}- ${t.replace(/\n(?=.)/g, `\n${pad}  `)}`).join('');
}

/** The same question of each item's text alone. */
function expected(texts: string[], column: number): number[] {
  const out: number[] = [];
  const pad = ' '.repeat(column);
  texts.forEach((t, i) => {
    const own = `${pad}- ${t.replace(/\n(?=.)/g, `\n${pad}  `)}`;
    const head = heads(column).find((h) => own.startsWith(h));
    if (head === undefined) return;
    const line = own.slice(head.length).split('\n')[0]!;
    if (line.replace(/["']$/, '').endsWith(TAIL)) out.push(i);
  });
  return out;
}

const indexes = (text: string) =>
  readResourceList(text)
    .startingWith(heads, TAIL)
    .map((i) => i.index);

const configMap = (name: string, more = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${more}`;

describe('startingWith', () => {
  it.each([
    ['a head and a name ending in the tail', [configMap('a-mine')], [0]],
    ['the name quoted', [configMap('"a-mine"'), configMap("'b-mine'")], [0, 1]],
    ['a list of its own ConfigMaps', [configMap('a'), configMap('b-mine-not')], []],
    ['the tail elsewhere in the item', [configMap('a', 'data:\n  k: x-mine\n')], []],
    ['the tail alone is no name', [configMap('mine')], []],
    ['another kind on the second line', ['apiVersion: v1\nkind: Secret\nmetadata:\n  name: a-mine\n'], []],
    ['the kind first', ['kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: a-mine\n'], []],
    ['the namespace first', [`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  namespace: x\n  name: a-mine\n`], []],
    ['the last item, its name the list last line without a line break', [configMap('a-mine').trimEnd()], [0]],
  ] as [string, string[], number[]][])('%s', (_, texts, want) => {
    expect(indexes(listOf(texts))).toEqual(want);
  });

  it('at the list dash column, wherever it is', () => {
    expect(indexes(listOf([configMap('a-mine')], 2))).toEqual([0]);
    expect(indexes(listOf([configMap('a-mine')], 4))).toEqual([0]);
  });

  it('none for JSON and for the full parse', () => {
    const json = JSON.stringify({
      apiVersion: 'config.kubernetes.io/v1',
      kind: 'ResourceList',
      items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a-mine' } }],
    });
    expect(readResourceList(json).startingWith(heads, TAIL)).toEqual([]);
    const flow = `${HEADER.replace('items:\n', '')}items: [{apiVersion: v1, kind: ConfigMap, metadata: {name: a-mine}}]\n`;
    expect(readResourceList(flow).startingWith(heads, TAIL)).toEqual([]);
  });

  it('agrees with each item asked alone (heads, names, quotes, columns)', () => {
    const item = fc.record({
      first: fc.constantFrom(
        'apiVersion: v1\nkind: ConfigMap\n',
        'apiVersion: x/v1\nkind: Thing\n',
        'apiVersion: v1\nkind: Secret\n',
        'kind: ConfigMap\napiVersion: v1\n',
      ),
      name: fc.constantFrom('a', 'a-mine', '"a-mine"', "'a-mine'", '-mine', 'mine', 'a-mine"x', 'a-min', ''),
      more: fc.constantFrom('', '  namespace: x-mine\n', 'data:\n  k: -mine\n'),
    });
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 4 }), (items, column) => {
        const texts = items.map((i) => `${i.first}metadata:\n  name: ${i.name}\n${i.more}`);
        expect(indexes(listOf(texts, column))).toEqual(expected(texts, column));
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 300) },
    );
  });
});
