// The registry indexes' one trie (src/registries/trie.ts): which nodes a walk visits, and where.
import { describe, expect, it } from 'vitest';
import { nodeAt, trieNode, walkLabelsFromEnd, walkSegments, type TrieNode } from '../../src/registries/trie.js';

/** A trie holding each key (split by `split`) with the key itself as the value. */
function trieOf(keys: string[], split: (k: string) => string[]): TrieNode<string> {
  const root = trieNode<string>();
  for (const k of keys) nodeAt(root, split(k)).value ??= k;
  return root;
}

describe('walkSegments: the nodes of the "/" segments of a name, left to right', () => {
  const root = trieOf(['quay.io', 'quay.io/a', 'quay.io/a/b', 'x.com:5000/p', ''], (k) => k.split('/'));
  // [name, [value or "-" for a node without one, end]...]
  const CASES: [string, [string, number][]][] = [
    ['quay.io', [['quay.io', 7]]],
    [
      'quay.io/a/b/c',
      [
        ['quay.io', 7],
        ['quay.io/a', 9],
        ['quay.io/a/b', 11],
      ],
    ],
    ['quay.io/ab', [['quay.io', 7]]],
    ['quay.io:443/a', []],
    [
      'x.com:5000/p/q',
      [
        ['-', 10],
        ['x.com:5000/p', 12],
      ],
    ],
    ['', [['', 0]]],
    ['/quay.io', [['', 0]]],
    ['other.io/a', []],
  ];
  it.each(CASES)('%s', (name, expected) => {
    const seen: [string, number][] = [];
    walkSegments(root, name, (n, end) => seen.push([n.value ?? '-', end]));
    expect(seen).toEqual(expected);
  });
});

describe('walkLabelsFromEnd: the nodes of the "." labels of a host, right to left', () => {
  // Wildcard domains as the indexes hold them: "*.D" under D's labels, last first.
  const root = trieOf(['*.com', '*.x.com', '*.a.x.com'], (k) => k.slice(2).split('.').reverse());
  // [host, [value, dot]...]: host.slice(dot) is the ".D" the node spells.
  const CASES: [string, [string, number][]][] = [
    [
      'b.a.x.com',
      [
        ['*.com', 5],
        ['*.x.com', 3],
        ['*.a.x.com', 1],
      ],
    ],
    ['x.com', [['*.com', 1]]],
    ['com', []],
    [
      '.x.com',
      [
        ['*.com', 2],
        ['*.x.com', 0],
      ],
    ],
    ['x.org', []],
    ['', []],
    ['.', []],
    ['..com', [['*.com', 1]]],
  ];
  it.each(CASES)('%j', (host, expected) => {
    const seen: [string, number][] = [];
    walkLabelsFromEnd(root, host, (n, dot) => seen.push([n.value ?? '-', dot]));
    expect(seen).toEqual(expected);
  });
});

describe('nodeAt', () => {
  it('makes a node once per path and returns the same node after', () => {
    const root = trieNode<number>();
    const a = nodeAt(root, ['a', 'b']);
    expect(nodeAt(root, ['a', 'b'])).toBe(a);
    expect(nodeAt(root, [])).toBe(root);
    expect([...root.children.keys()]).toEqual(['a']);
  });
});
