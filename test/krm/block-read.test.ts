// Table cases of the fast reader (src/krm/block-read.ts): what it reads, and where it must give
// up (the red-team kinds of issue 11 among them). Every case also goes through the differential
// check (test/helpers/fast-reader-check.ts), so a value it returns is the one the full parse,
// YAML 1.2 and go-yaml give, and an item it gives up on is still read by the full parse.
import { describe, expect, it } from 'vitest';
import { CANDIDATE_FIELDS, select } from '../../src/function/select.js';
import { readResourceList } from '../../src/krm/read.js';
import { lastGiveUp, readItem, type Value } from '../../src/krm/block-read.js';
import { check, HEADER } from '../helpers/fast-reader-check.js';
import { BOOL_NULL_WORDS, classifyPlain, Plain } from '../../src/krm/plain-scalar.js';

const HC = (spec: string, md = '  name: c\n  namespace: ns\n') =>
  `- apiVersion: hypershift.openshift.io/v1beta1\n  kind: HostedCluster\n  metadata:\n${md.replace(/^(?=.)/gm, '  ')}  spec:\n${spec.replace(/^(?=.)/gm, '    ')}`;

function read(text: string) {
  const b = Buffer.from(text);
  return readItem(b, 0, b.length, 0, CANDIDATE_FIELDS);
}

function agrees(text: string) {
  expect(check(text)).toBeUndefined();
}

type Spec = Record<string, Value>;
const spec = (text: string) => (read(text)?.value.spec ?? 'gave up') as Spec | 'gave up';

describe('reads the subset', () => {
  const table: [string, string, Spec][] = [
    [
      'a release image',
      HC('release:\n  image: quay.io/ocp/release:4.21.0-x86_64\n'),
      { release: { image: 'quay.io/ocp/release:4.21.0-x86_64' } },
    ],
    [
      'quoted values',
      HC("release:\n  image: \"quay.io/a:1\"\nclusterName: 'it''s'\n"),
      { release: { image: 'quay.io/a:1' }, clusterName: "it's" },
    ],
    [
      'comments where YAML allows them',
      HC('# lead\nrelease: # after key\n  # between\n  image: a/b # after value\n    # deeper comment\n'),
      { release: { image: 'a/b' } },
    ],
    ['a # that is not a comment', HC('release:\n  image: a/b#c\n'), { release: { image: 'a/b#c' } }],
    [
      'mirror lists, compact and wide',
      HC(
        'imageTagMirrorSet:\n- source: r.io/a\n  mirrors:\n    - m.io/a\n    - 10.0.0.1:5000/a\n  mirrorSourcePolicy: NeverContactSource\n',
      ),
      {
        imageTagMirrorSet: [
          { source: 'r.io/a', mirrors: ['m.io/a', '10.0.0.1:5000/a'], mirrorSourcePolicy: 'NeverContactSource' },
        ],
      },
    ],
    [
      'empty flow collections, null and empty strings',
      HC('imageTagMirrorSet: []\nimageContentSources:\nconfig: {}\nclusterName: ""\n'),
      { imageTagMirrorSet: [], imageContentSources: null, config: {}, clusterName: '' },
    ],
    ['null spellings', HC('clusterName: ~\nconfig: null\n'), { clusterName: null, config: null }],
    [
      'registry sources',
      HC(
        'configuration:\n  image:\n    registrySources:\n      blockedRegistries:\n      - docker.io\n      insecureRegistries: [] # none\n  apiServer:\n    servingCerts: {}\n',
      ),
      { configuration: { image: { registrySources: { blockedRegistries: ['docker.io'], insecureRegistries: [] } } } },
    ],
    [
      'skips unneeded subtrees of any shape',
      HC(
        'platform:\n  type: AWS\n  aws:\n    rolesRef: {}\n    tags: []\n    zones:\n    - a\n    -\n      - nested\n    replicas: 3\n    mode: 0755\nadditionalTrustBundle: |\n  -----BEGIN-----\n  # not a comment\n     key: [value\n\n  -----END-----\nrelease:\n  image: a\n',
      ),
      { release: { image: 'a' } },
    ],
    [
      'a literal block scalar in a needed field',
      HC('clusterName: |\n  line one\n    two\n\n'),
      { clusterName: 'line one\n  two\n' },
    ],
    ['a stripped literal block scalar', HC('clusterName: |-\n  x\n'), { clusterName: 'x' }],
    ['quoted keys', HC('"release":\n  \'image\': a\n'), { release: { image: 'a' } }], // flow collections of agreed scalars, on one line or over several
    [
      'flow mirror lists, quoted and plain',
      HC(
        'imageTagMirrorSet:\n- source: r.io/a\n  mirrors: ["a.example.com/x", \'b.example.com/y\']\n- source: r.io/b\n  mirrors: [a, 10.0.0.1:5000/b] # c\n',
      ),
      {
        imageTagMirrorSet: [
          { source: 'r.io/a', mirrors: ['a.example.com/x', 'b.example.com/y'] },
          { source: 'r.io/b', mirrors: ['a', '10.0.0.1:5000/b'] },
        ],
      },
    ],
    [
      'flow maps in a flow list, nested, with , ] # : inside quotes',
      HC("imageTagMirrorSet: [{source: a, mirrors: [\"x,]#y\", 'p: q', 'it''s']}, {source: b}]\n"),
      { imageTagMirrorSet: [{ source: 'a', mirrors: ['x,]#y', 'p: q', "it's"] }, { source: 'b' }] },
    ],
    [
      'a flow list over several lines',
      HC('imageTagMirrorSet: [\n    {source: a, mirrors: [m.io:5000/a,\n      b]}\n  , {source: c}\n  ] # end\n'),
      { imageTagMirrorSet: [{ source: 'a', mirrors: ['m.io:5000/a', 'b'] }, { source: 'c' }] },
    ],
    [
      'flow nulls, empty strings, spaces inside and around',
      HC('imageContentSources: [ ~ ,null, "", \'\', a b ]\nimageTagMirrorSet: [ ]\n'),
      { imageContentSources: [null, null, '', '', 'a b'], imageTagMirrorSet: [] },
    ],
    [
      'a flow map where some keys are selected',
      HC(
        'release: {other: [1, {x: y}], image: x}\npullSecret: {name: s}\nplatform: {type: AWS, aws: {zones: [a, b]}}\n',
      ),
      { release: { image: 'x' }, pullSecret: { name: 's' } },
    ],
    [
      'a flow list as a block sequence entry',
      HC('configuration:\n  image:\n    registrySources:\n      blockedRegistries:\n      - [a]\n      - {b: c}\n'),
      { configuration: { image: { registrySources: { blockedRegistries: [['a'], { b: 'c' }] } } } },
    ],
    ['an empty flow list where a map was selected', HC('release: [ ]\n'), { release: [] }],
  ];
  for (const [name, text, want] of table) {
    it(name, () => {
      expect(spec(text), lastGiveUp).toEqual(want);
      agrees(text);
    });
  }
  it('reads a NodePool with a flow spec.config, and its edits go through the parsed item', () => {
    for (const config of ['[{name: a}, {name: "b"}]', '[\n      {name: a},\n      {name: b}]', '[]', '{}']) {
      const text = `- apiVersion: hypershift.openshift.io/v1beta1\n  kind: NodePool\n  metadata:\n    name: p\n  spec:\n    clusterName: c\n    config: ${config}\n    replicas: 2\n`;
      const r = read(text);
      expect(r?.value.spec, lastGiveUp).toEqual({
        clusterName: 'c',
        config: config === '{}' ? {} : config === '[]' ? [] : [{ name: 'a' }, { name: 'b' }],
      });
      // Not a block list: text edits must not use entry offsets (style other), the tree does them.
      expect(r?.spec?.config?.style).toBe('other');
      agrees(text); // (checks adding and removing entries both ways)
    }
  });
  it('a NodePool whose flow spec.config entry is a plain scalar ending in blanks and a go-yaml line break: edited as kubectl reads it', () => {
    // The property tests' counterexample (20,000 runs): kubectl (go-yaml) drops the blanks and
    // the U+2028/U+2029/NEL at the end of a plain scalar, so the name is "x y"; removing it must
    // remove that entry, and the check reads the list as kubectl does.
    for (const brk of ['\u2028', '\u2029', '\u0085']) {
      for (const tail of [` ${brk}\n      `, `${brk}`, `  ${brk} `]) {
        const text = `- apiVersion: hypershift.openshift.io/v1beta1\n  kind: NodePool\n  metadata:\n    name: p\n  spec:\n    clusterName: c\n    config: [{name: x\n      y${tail}}]\n`;
        expect(read(text), 'not ASCII: left to the full parse').toBeUndefined();
        const [pool] = select(readResourceList(Buffer.from(HEADER + text))).nodePools;
        expect(pool?.obj.spec).toEqual({ clusterName: 'c', config: [{ name: 'x y' }] });
        agrees(text);
      }
    }
  });

  it('reads metadata and annotations', () => {
    const text = HC(
      '{}\n'.replace('{}', 'release: {}'),
      "  name: c\n  namespace: ns\n  annotations:\n    config.kubernetes.io/index: '0'\n    image-tag-mirrors.dev/hosted-cluster: ns/c\n  labels:\n    a.io/b: c\n",
    );
    expect(read(text)?.value.metadata).toEqual({
      name: 'c',
      namespace: 'ns',
      annotations: { 'config.kubernetes.io/index': '0', 'image-tag-mirrors.dev/hosted-cluster': 'ns/c' },
    });
    agrees(text);
  });
});

describe('gives up', () => {
  const table: [string, string][] = [
    // kind 4: anchors, aliases, merge keys, tags, escapes
    ['an alias in a needed field', HC('release:\n  image: *img\n')],
    ['an anchor on a needed field', HC('release:\n  image: &img a\n')],
    ['an alias in a skipped field', HC('platform: *p\nrelease:\n  image: a\n')],
    ['an anchored skipped map', HC('platform: &p\n  type: AWS\n')],
    [
      'a NodePool spec that is an alias',
      `- apiVersion: hypershift.openshift.io/v1beta1\n  kind: NodePool\n  metadata:\n    name: p\n  spec: *s\n`,
    ],
    ['a merge key (flow)', HC('<<: {release: {image: x}}\n')],
    ['a merge key (block)', HC('<<:\n  release:\n    image: x\n')],
    ['a tag on a needed field', HC('release:\n  image: !!str a\n')],
    ['!!binary anywhere', HC('platform:\n  data: !!binary aGVsbG8=\n')],
    ['a local tag', HC('platform: !custom\n  a: b\n')],
    [
      'an escaped kind',
      `- apiVersion: hypershift.openshift.io/v1beta1\n  kind: "Hosted\\x43luster"\n  metadata:\n    name: c\n`,
    ],
    ['a line-continued double-quoted scalar', HC('release:\n  image: "quay.io/\\\n    a"\n')],
    ['a multi-line double-quoted scalar', HC('release:\n  image: "quay.io/\n    a"\n')],
    ['a multi-line plain scalar', HC('release:\n  image: quay.io/\n    a\n')],
    ['a multi-line plain scalar in a skipped field', HC('platform: a\n  b\n')],
    // kind 1: YAML 1.1 against 1.2 meanings
    ['namespace no', HC('release: {}\n', '  name: c\n  namespace: no\n')],
    ['namespace on', HC('release: {}\n', '  name: c\n  namespace: on\n')],
    ['an octal-looking name', HC('release: {}\n', '  name: "c"\n  namespace: 0755\n')],
    ['1e3', HC('clusterName: 1e3\n')],
    ['a timestamp', HC('clusterName: 2001-12-14\n')],
    ['+1 and .5', HC('clusterName: +1\n')],
    ['a sexagesimal number', HC('clusterName: 190:20:30\n')],
    ['a number', HC('release: {}\n', '  name: c\n  namespace: 123\n')],
    ['a boolean key', HC('release: {}\non: x\n')],
    ['a keep-chomping block scalar in a needed field', HC('clusterName: |+\n  x\n\n')],
    ['a folded block scalar in a needed field', HC('clusterName: >\n  x\n  y\n')],
    ['a spaces-only line inside a needed block scalar', HC('clusterName: |\n  a\n     \n  b\n')],
    // (the yaml package reads such a line as empty, YAML 1.2 as content: found by the property test)
    ['a line of spaces and a tab ending a needed block scalar', HC('clusterName: |\n  a\n   \t\n')],
    ['a line of spaces and a tab inside a needed block scalar', HC('clusterName: |\n  a\n  \t \n  b\n')],
    ['an indentation indicator', HC('platform: |2\n    x\n')],
    ['a leading blank line deeper than the block scalar', HC('platform: |\n        \n    x\n')],
    // structure
    // flow collections: anything whose meaning readers might not share
    ['a flow scalar readers differ on', HC('imageTagMirrorSet: [{source: no}]\n')],
    ['a flow number in a needed field', HC('imageContentSources: [a, 3]\n')],
    ['an empty flow entry', HC('imageContentSources: [a, , b]\n')],
    ['a trailing comma in a flow list', HC('imageContentSources: [a, b,]\n')],
    ['a trailing comma in a flow map', HC('release: {image: a,}\n')],
    ['a pair in a flow list', HC('imageContentSources: [a: b]\n')],
    ['a quoted pair in a flow list', HC('imageContentSources: ["a": b]\n')],
    ['a JSON-like pair', HC('release: {"image":a}\n')],
    ['a key without a value in a flow map', HC('release: {image}\n')],
    ['an empty value in a flow map', HC('release: {image: , x: y}\n')],
    ['a flow map value on the next line', HC('release: {image: \n    a}\n')],
    ['an alias in a flow list', HC('imageContentSources: [*a]\n')],
    ['an anchor in a flow list', HC('imageContentSources: [&a x]\n')],
    ['an anchor on a flow list', HC('imageContentSources: &a [x]\n')],
    ['a tag in a flow list', HC('imageContentSources: [!!str x]\n')],
    ['an escape in a flow list', HC('imageContentSources: ["a\\x41"]\n')],
    ['a comment inside a flow list', HC('imageContentSources: [a, # c\n    b]\n')],
    ['a # inside a flow plain scalar', HC('imageContentSources: [a#b]\n')],
    ['a ? inside a flow plain scalar (go-yaml v2 ends it there)', HC('imageContentSources: [a?b]\n')],
    ['a : before a flow indicator (go-yaml v2 refuses it)', HC('imageContentSources: [a:]\n')],
    ['a backslash in a flow plain scalar', HC('imageContentSources: [a\\b]\n')],
    ['a multi-line plain scalar in a flow list', HC('imageContentSources: [a\n    b]\n')],
    ['a multi-line quoted scalar in a flow list', HC('imageContentSources: ["a\n    b"]\n')],
    ['a blank line inside a flow list', HC('imageContentSources: [a,\n\n    b]\n')],
    ['a flow continuation at the key column', HC('imageContentSources: [a,\nb]\n')],
    ['a closing bracket at the key column', HC('imageContentSources: [a,\n  b\n]\n')],
    ['an unclosed flow list', HC('imageContentSources: [a, b\n')],
    ['text after a flow list', HC('imageContentSources: [a]b\n')],
    ['a flow list as a key', HC('[a]: b\n')],
    ['a duplicate key in a flow map', HC('release: {image: a, "image": b}\n')],
    ['a boolean key in a flow map', HC('platform: {on: x}\n')],
    ['a merge key in a flow map', HC('release: {<<: {image: x}}\n')],
    ['a dash entry in a flow list', HC('imageContentSources: [- a]\n')],
    ['a tab in a flow list', HC('imageContentSources: [a,\tb]\n')],
    ['a flow list where a map was selected', HC('release: [a]\n')],
    ['flow nesting deeper than 64', HC(`platform: ${'['.repeat(100)}${']'.repeat(100)}\n`)],
    ['a duplicate key', HC('release:\n  image: a\nrelease:\n  image: b\n')],
    ['a duplicate key in a skipped map', HC('platform:\n  type: a\n  type: b\n')],
    ['a duplicate key, quoted and plain', HC('platform:\n  type: a\n  "type": b\n')],
    ['a complex key', HC('? release\n: x\n')],
    ['odd indentation', HC('release:\n  image: a\n   other: b\n')],
    ['a tab in indentation', HC('release:\n\timage: a\n')],
    ['a tab after a key', HC('release:\n  image:\ta\n')],
    ['a sequence entry in a map', HC('release:\n  image: a\n- x\n')],
    ['a nested compact sequence', HC('platform:\n- - a\n')],
    ['key: value on a value', HC('release:\n  image: a: b\n')],
    ['text after a quoted scalar', HC('release:\n  image: "a"b\n')],
    ['a __proto__ key', HC('release: {}\n', '  name: c\n  annotations:\n    __proto__: x\n')],
    // kind 6 and odd bytes
    ['a CR', HC('release:\n  image: a\rb\n')],
    ['a NUL', HC('release:\n  image: a\u0000b\n')],
    ['non-ASCII in a value', HC('release:\n  image: ünï\n')],
    ['NEL in a comment (a line break to go-yaml)', HC('release:\n  image: a # x\u0085y: z\n')],
    ['a BOM inside', HC('release:\n  image: \ufeffa\n')],
    ['a document marker in a value position', HC('release:\n  image: a\n--- \n')],
    [
      'nesting deeper than 64',
      HC('platform:\n' + Array.from({ length: 100 }, (_, i) => ' '.repeat(2 * i + 2) + 'a:\n').join('')),
    ],
  ];
  for (const [name, text] of table) {
    it(name, () => {
      expect(read(text)).toBeUndefined();
      agrees(text);
    });
  }

  it('gives up on a huge line of NULs, and reads a map of 100,000 keys (a set, not a list, of seen keys)', () => {
    expect(read(HC(`platform: ${'\u0000'.repeat(5_000_000)}\n`))).toBeUndefined();
    const keys = HC(
      `platform:\n${Array.from({ length: 100_000 }, (_, i) => `  k${i}: v\n`).join('')}release:\n  image: a\n`,
    );
    expect(read(keys)?.value.spec).toEqual({ release: { image: 'a' } });
  });
});

// plainKeyIsString tells a short key from the boolean and null words by its bytes: every such
// key is read exactly when classifyPlain takes it for a string (the words, their other cases,
// their prefixes and longer words, exponents), and each case also through the differential check.
describe('short keys: a word of YAML 1.1 or 1.2 gives up, any other key is read', () => {
  const words = [...BOOL_NULL_WORDS].filter((w) => /^[A-Za-z]+$/.test(w));
  const near = words.flatMap((w) => [
    w.toLowerCase(),
    w.toUpperCase(),
    w.slice(0, -1),
    w + 's',
    w[0]!.toUpperCase() + w.slice(1).toLowerCase(),
    w.split('').reverse().join(''),
  ]);
  const others = [
    'name',
    'type',
    'tags',
    'nam',
    'oN',
    'yES',
    'nO',
    'fals',
    'falsE',
    'tRUE',
    'e',
    'E',
    'e5',
    'E12',
    'exp',
    'Nul',
    'o',
    'O',
    'f',
    'F',
    't',
    'T',
  ];
  const keys = [...new Set([...words, ...near, ...others])].filter((k) => /^[A-Za-z0-9]{1,5}$/.test(k));
  it(`${keys.length} keys`, () => {
    expect(words.length).toBeGreaterThan(20);
    for (const k of keys) {
      const text = HC(`platform:\n  ${k}: x\nrelease:\n  image: a\n`);
      const got = read(text);
      expect([k, got === undefined], k).toEqual([k, classifyPlain(k) !== Plain.String]);
      agrees(text);
    }
  });
});
