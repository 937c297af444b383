// ResourceList.candidates: the items that may mention a needle, found by a byte search, on
// the block and JSON paths; `word` leaves out occurrences inside longer names (pullSecret), and
// an item whose text may hide the needle (escapes, aliases, !!binary) is always among them.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Occurrences } from '../../src/krm/list.js';
import { readResourceList } from '../../src/krm/read.js';
import '../helpers/property-seed.js';

const HEADER = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';
const items = (...texts: string[]) => HEADER + texts.map((t) => `- ${t.replace(/\n(?=.)/g, '\n  ')}`).join('');

const hostedCluster =
  'apiVersion: x/v1\nkind: HostedCluster\nmetadata:\n  name: a\nspec:\n  pullSecret:\n    name: p\n';
const secret = (kind: string) => `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: p\n`;

describe('candidates with word: true', () => {
  // [case, the second item's text, is it a candidate for "Secret"?]
  const TABLE: [string, string, boolean][] = [
    ['kind: Secret', secret('Secret'), true],
    ['kind: "Secret"', secret('"Secret"'), true],
    ["kind: 'Secret'", secret("'Secret'"), true],
    ['kind folded onto the next line', 'apiVersion: v1\nkind:\n  Secret\nmetadata:\n  name: p\n', true],
    ['flow style', '{apiVersion: v1, kind: Secret, metadata: {name: p}}\n', true],
    ['kind escaped (a disguise)', secret('"Secr\\x65t"'), true],
    ['only inside a longer name (clientSecret)', 'apiVersion: v1\nkind: ConfigMap\ndata:\n  clientSecret: x\n', false],
    ['no Secret at all', secret('ConfigMap'), false],
  ];
  it.each(TABLE)('%s', (_, text, found) => {
    const list = readResourceList(items(hostedCluster, text));
    expect(list.candidates(['Secret'], { word: true }).map((i) => i.index)).toEqual(found ? [1] : []);
    // Without word, the HostedCluster's pullSecret counts too.
    expect(list.candidates(['Secret']).map((i) => i.index)).toContain(0);
  });

  it('JSON: "kind":"Secret" counts, "pullSecret" does not', () => {
    const json = JSON.stringify({
      apiVersion: 'config.kubernetes.io/v1',
      kind: 'ResourceList',
      items: [
        { apiVersion: 'x/v1', kind: 'HostedCluster', metadata: { name: 'a' }, spec: { pullSecret: { name: 'p' } } },
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'p' } },
      ],
    });
    expect(
      readResourceList(json)
        .candidates(['Secret'], { word: true })
        .map((i) => i.index),
    ).toEqual([1]);
  });
});

describe('Occurrences against a search of each item alone', () => {
  const WORDS = [
    'HostedCluster',
    'NodePool',
    'image-tag-mirrors',
    'Secret',
    'pullSecret',
    'x',
    '\\',
    '!',
    '*',
    ' *a',
    '[*a',
  ];
  // Items of random sizes (some longer than a search's own cost, some shorter) made of words,
  // with text between items that belongs to none (a comment after the last field).
  const listArb = fc.array(
    fc.record({
      words: fc.array(fc.constantFrom(...WORDS), { maxLength: 6 }),
      filler: fc.nat({ max: 3000 }),
      after: fc.constantFrom('', '# Secret NodePool\n'),
    }),
    { maxLength: 12 },
  );
  it('marks exactly the items whose own text holds a needle or a disguise', () => {
    fc.assert(
      fc.property(
        listArb,
        fc.subarray(['HostedCluster', 'NodePool', 'image-tag-mirrors', 'Secret'], { minLength: 1 }),
        fc.boolean(),
        (items, needles, word) => {
          let text = '';
          const starts: number[] = [];
          const ends: number[] = [];
          for (const it of items) {
            starts.push(Buffer.byteLength(text));
            const own = `- ${it.words.join(' ')}${'.'.repeat(it.filler)} ${it.words.join('')}\n`;
            text += own;
            ends.push(Buffer.byteLength(text));
            text += it.after;
          }
          const bytes = Buffer.from(text);
          const expected = starts
            .map((s, i) => {
              const own = text.slice(s, ends[i]);
              const has = (n: string) => {
                for (let at = own.indexOf(n); at >= 0; at = own.indexOf(n, at + 1))
                  if (!word || at === 0 || !/[A-Za-z]/.test(own[at - 1]!)) return true;
                return false;
              };
              const alias = /(^|[ \t[{,])\*[^ \t\n\r,[\]{}"']/.test(own);
              return needles.some(has) || own.includes('\\') || own.includes('!') || alias ? [i] : [];
            })
            .flat();
          expect(new Occurrences(bytes, starts, ends).items(needles, { word })).toEqual(expected);
          // Each needle asked about alone first (its answer kept), with and without word: the same.
          const asked = new Occurrences(bytes, starts, ends);
          for (const n of needles) asked.items([n], { word: !word });
          for (const n of needles.slice(1)) asked.items([n], { word });
          expect(asked.items(needles, { word })).toEqual(expected);
          expect(asked.items(needles, { word })).toEqual(expected);
          // Items skipped (known not to matter): the others all found, none made up.
          const skip = starts.map((_, i) => i).filter((i) => (i * 7 + items.length) % 3 === 0);
          const found = new Occurrences(bytes, starts, ends).items(needles, { word, skip });
          expect(found.filter((i) => !expected.includes(i))).toEqual([]);
          expect(expected.filter((i) => !skip.includes(i) && !found.includes(i))).toEqual([]);
          expect(asked.items(needles, { word, skip }).filter((i) => !expected.includes(i))).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });
});
