// ResourceList.startingWith: the items whose first lines are one of the heads at the list's dash
// column and that hold the needle in their first bytes, told without searching the rest of
// their bytes; against the same question asked of each item's own text.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readResourceList } from '../../src/krm/read.js';
import '../helpers/property-seed.js';

const HEADER = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
const heads = (column: number) => {
  const pad = ' '.repeat(column);
  return [`${pad}- apiVersion: v1\n${pad}  kind: ConfigMap\n`, `${pad}- apiVersion: x/v1\n${pad}  kind: Thing\n`];
};
const NEEDLE = 'needle';

/** A block list of these item texts (each a mapping at column 0), its dashes at `column`. */
function listOf(texts: string[], column = 0): string {
  const pad = ' '.repeat(column);
  return HEADER + texts.map((t) => `${pad}- ${t.replace(/\n(?=.)/g, `\n${pad}  `)}`).join('');
}

/** The same question of each item's text alone. */
function expected(texts: string[], column: number, within: number): number[] {
  const out: number[] = [];
  const pad = ' '.repeat(column);
  texts.forEach((t, i) => {
    const own = `${pad}- ${t.replace(/\n(?=.)/g, `\n${pad}  `)}`.replace(/\n+$/, '\n');
    const head = heads(column).find((h) => own.startsWith(h));
    if (head && Buffer.from(own).subarray(0, within).includes(NEEDLE)) out.push(i);
  });
  return out;
}

const indexes = (text: string, within: number) =>
  readResourceList(text)
    .startingWith(heads, NEEDLE, within)
    .map((i) => i.index);

describe('startingWith', () => {
  const configMap = (name: string, more = '') => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${more}`;
  it.each([
    ['a head and the needle on its name line', [configMap('a-needle')], [0]],
    ['a head without the needle (a list of its own ConfigMaps)', [configMap('a'), configMap('b')], []],
    ['the needle past the first bytes', [configMap('a', `data:\n  k: "${'x'.repeat(200)} needle"\n`)], []],
    [
      'the needle in another item only',
      [configMap('a'), 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: needle\n'],
      [],
    ],
    ['another kind on the second line', ['apiVersion: v1\nkind: Secret\nmetadata:\n  name: needle\n'], []],
    ['the kind first', ['kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: needle\n'], []],
    [
      'many items, the needle only at the end (one search serves all)',
      [...Array.from({ length: 50 }, (_, i) => configMap(`c${i}`)), configMap('last-needle')],
      [50],
    ],
  ] as [string, string[], number[]][])('%s', (_, texts, want) => {
    expect(indexes(listOf(texts), 100)).toEqual(want);
  });

  it('at the list dash column, wherever it is', () => {
    expect(indexes(listOf([configMap('needle')], 2), 100)).toEqual([0]);
    expect(indexes(listOf([configMap('needle')], 4), 100)).toEqual([0]);
  });

  it('none for JSON and for the full parse', () => {
    const json = JSON.stringify({
      apiVersion: 'config.kubernetes.io/v1',
      kind: 'ResourceList',
      items: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'needle' } }],
    });
    expect(readResourceList(json).startingWith(heads, NEEDLE, 100)).toEqual([]);
    const flow = `${HEADER.replace('items:\n', '')}items: [{apiVersion: v1, kind: ConfigMap, metadata: {name: needle}}]\n`;
    expect(readResourceList(flow).startingWith(heads, NEEDLE, 100)).toEqual([]);
  });

  it('agrees with each item asked alone (heads, the needle anywhere, windows, columns)', () => {
    // Values only: each line gets a key of its own (a duplicate key is a broken list).
    const line = fc.constantFrom('a', 'needle', 'needleneedle', 'nee', 'dle', '"q"');
    const item = fc.record({
      first: fc.constantFrom(
        'apiVersion: v1\nkind: ConfigMap\n',
        'apiVersion: x/v1\nkind: Thing\n',
        'apiVersion: v1\nkind: Secret\n',
        'kind: ConfigMap\napiVersion: v1\n',
      ),
      lines: fc.array(line, { maxLength: 6 }),
    });
    fc.assert(
      fc.property(
        fc.array(item, { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 1, max: 120 }),
        (items, column, within) => {
          const texts = items.map((i) => `${i.first}metadata:\n${i.lines.map((l, k) => `  k${k}: ${l}\n`).join('')}`);
          expect(indexes(listOf(texts, column), within)).toEqual(expected(texts, column, within));
        },
      ),
      { numRuns: Number(process.env.PROP_RUNS ?? 300) },
    );
  });
});
