// ResourceList.candidates: the items that may mention a needle, found by a byte search, on
// the block and JSON paths; `word` leaves out occurrences inside longer names (pullSecret), and
// an item whose text may hide the needle (escapes, aliases, !!binary) is always among them.
import { describe, expect, it } from 'vitest';
import { readResourceList } from '../../src/krm/read.js';

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
