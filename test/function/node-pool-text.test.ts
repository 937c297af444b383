// NodePool spec.config edited in the item's own text: everything else stays byte for byte.
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { withConfigEntry, withoutConfigEntry } from '../../src/function/node-pool-text.js';

const pool = (spec: string) =>
  `- apiVersion: hypershift.openshift.io/v1beta1\n  kind: NodePool  # a comment\n  metadata:\n    name: p\n  spec:\n${spec}`;
// The fast path parses an item with its dash blanked out: offsets match the text.
const doc = (text: string) => parseDocument(' ' + text.slice(1));

describe('withConfigEntry', () => {
  const table: [string, string, boolean, string | undefined][] = [
    [
      'appends after the last entry, keeping comments and spacing',
      '    clusterName:  c   # two spaces\n    config:\n    - name: a # first\n    replicas: 2\n',
      false,
      '    clusterName:  c   # two spaces\n    config:\n    - name: a # first\n    - name: new\n    replicas: 2\n',
    ],
    [
      'appends after a multi-line last entry',
      '    config:\n    - name: a\n      extra: |\n        text\n',
      false,
      '    config:\n    - name: a\n      extra: |\n        text\n    - name: new\n',
    ],
    [
      'keeps a wide sequence wide',
      '    config:\n      - name: a\n',
      true,
      '    config:\n      - name: a\n      - name: new\n',
    ],
    [
      'adds the key after the last field (compact)',
      '    clusterName: c\n    replicas: 2 # r\n',
      false,
      '    clusterName: c\n    replicas: 2 # r\n    config:\n    - name: new\n',
    ],
    [
      'adds the key after the last field (wide)',
      '    clusterName: c\n',
      true,
      '    clusterName: c\n    config:\n      - name: new\n',
    ],
    [
      'adds after a nested last field',
      '    clusterName: c\n    platform:\n      type: AWS\n',
      false,
      '    clusterName: c\n    platform:\n      type: AWS\n    config:\n    - name: new\n',
    ],
    ['gives up on a flow list', '    config: [{name: a}]\n', false, undefined],
    ['gives up on an empty list', '    config: []\n', false, undefined],
    ['gives up on config: null', '    config:\n    clusterName: c\n', false, undefined],
  ];
  for (const [name, spec, wide, want] of table) {
    it(name, () => {
      const text = pool(spec);
      const got = withConfigEntry(text, doc(text), 'new', wide);
      expect(got).toBe(want === undefined ? undefined : pool(want));
      if (got !== undefined)
        expect(parseDocument(got.replace(/^- /, '  ')).toJS().spec.config.at(-1)).toEqual({ name: 'new' });
    });
  }
  it('refuses a name that would need quoting', () => {
    const text = pool('    config:\n    - name: a\n');
    expect(withConfigEntry(text, doc(text), 'a: b', false)).toBeUndefined();
  });
});

describe('withoutConfigEntry', () => {
  const table: [string, string, number, string | undefined][] = [
    [
      'removes a middle entry with its comment',
      '    config:\n    - name: a\n    - name: ours # ours\n    - {name: b}\n    replicas: 1\n',
      1,
      '    config:\n    - name: a\n    - {name: b}\n    replicas: 1\n',
    ],
    [
      'removes a multi-line entry',
      '    config:\n    - name: ours\n      extra: x\n    - name: b\n',
      0,
      '    config:\n    - name: b\n',
    ],
    [
      'removes the key with its only entry',
      '    clusterName: c\n    config:\n    - name: ours\n    replicas: 1\n',
      0,
      '    clusterName: c\n    replicas: 1\n',
    ],
    [
      'removes the key at the end of spec',
      '    clusterName: c\n    config:\n      - name: ours\n',
      0,
      '    clusterName: c\n',
    ],
    ['gives up on a flow list', '    config: [{name: a}, {name: ours}]\n', 1, undefined],
  ];
  for (const [name, spec, index, want] of table) {
    it(name, () => {
      const text = pool(spec);
      expect(withoutConfigEntry(text, doc(text), index)).toBe(want === undefined ? undefined : pool(want));
    });
  }
});
