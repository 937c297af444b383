// Hostile input to the ResourceList reader (src/krm) through the built bundle: not a ResourceList,
// truncated at every offset, odd encodings and layouts, empty lists, duplicate keys, alias bombs
// and deep nesting. Each case ends with a clear result or a one-line stderr message, the right
// exit code, no stack trace, bounded time and memory, and no input item lost or changed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processResourceList } from '../../src/function/process.js';
import { ResourceListError } from '../../src/krm/read.js';
import {
  HEADER,
  RELEASE_IMAGE,
  runBounded,
  listOf,
  configMap,
  hostedCluster,
  hostedClusterObject,
  aliasBomb,
  parseList,
  errorsOf,
  codesOf,
  expectNoStackTrace,
  expectCleanEnd,
  expectFatal,
  expectBytesKept,
  expectParsedKept,
  expectNoCrash,
  expectGenerates,
  expectRejected,
  spawnBytes,
} from '../helpers/hostile.js';
import { ROOT } from '../helpers/run-fn.js';

describe('not a ResourceList', () => {
  it('plain text: one-line message, exit 1', () => {
    expectFatal(runBounded('hello world\n'), /ResourceList|mapping/);
  });
  it('broken YAML: one-line message, exit 1', () => {
    expectFatal(runBounded('this is: [not yaml\n  - {\n'), /YAML/);
  });
  it('binary garbage: one-line message, exit 1', () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    const run = runBounded(garbage);
    expectNoStackTrace(run.stderr);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^image-tag-mirrors: [^\n]+\n$/);
  });
  it('empty stdin: one-line message, exit 1', () => {
    expectFatal(runBounded(''), /empty input/);
  });
  it('only white space and comments: one-line message, exit 1', () => {
    expectFatal(runBounded('\n\n   \n# nothing here\n'), /.+/);
  });
  it('a Kubernetes object instead of a ResourceList: one-line message, exit 1', () => {
    expectFatal(runBounded(configMap('x')), /ResourceList/);
  });
  it('an unknown ResourceList apiVersion: one-line message, exit 1', () => {
    expectFatal(runBounded('apiVersion: config.kubernetes.io/v9\nkind: ResourceList\nitems: []\n'), /apiVersion/);
  });
  it('a document stream of several ResourceLists: one-line message, exit 1', () => {
    const one = listOf([configMap('a')]);
    expectFatal(runBounded(`${one}---\n${one}`), /documents/);
  });
  it('a stream of plain objects (what kustomize build prints): one-line message, exit 1', () => {
    expectFatal(runBounded(`${configMap('a')}---\n${configMap('b')}`), /documents|ResourceList/);
  });
  it('a single document with a leading "---": generates, items kept', () => {
    const input = `---\n${listOf([hostedCluster('marked')])}`;
    const run = runBounded(input);
    expectGenerates(run);
    expectBytesKept(input, run.stdout);
  });
  it('a single document ending with "..." and nothing to add: exit 0, items kept', () => {
    const input = `${listOf([configMap('a')])}...\n`;
    const run = runBounded(input);
    expect(expectCleanEnd(run)!.items).toHaveLength(1);
    expectBytesKept(input, run.stdout);
  });
  // Once a bug: the generated items were written after the "...", in a second document.
  it('a single document ending with "...": generated items stay in the document', () => {
    const input = `${listOf([hostedCluster('marked')])}...\n`;
    const run = runBounded(input);
    expectGenerates(run);
  });
  it('old Mac line endings (CR only): a clear result or a one-line message', () => {
    const run = runBounded(listOf([hostedCluster('cr')]).replace(/\n/g, '\r'));
    expectCleanEnd(run);
  });
});

describe('truncated YAML', () => {
  const base = readFileSync(join(ROOT, 'testdata', 'hostile', 'truncation-base.yaml'));
  /** Every cut, run in process: the output as text, or the error thrown. */
  let cutsMemo: { cut: number; text?: string; failed?: boolean; error?: Error }[] | undefined;
  const cuts = () =>
    (cutsMemo ??= Array.from({ length: base.length + 1 }, (_, cut) => {
      try {
        const outcome = processResourceList(base.subarray(0, cut));
        return {
          cut,
          text: Buffer.concat(
            [...outcome.output].map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)),
          ).toString('utf8'),
          failed: outcome.failed,
        };
      } catch (e) {
        return { cut, error: e as Error };
      }
    }));
  // Through dist/fn.js: 60 offsets, some inside the multi-byte characters of the annotation.
  const offsets = new Set<number>();
  for (let k = 1; k <= 50; k++) offsets.add(Math.floor((k * base.length) / 51));
  const at = base.indexOf('café');
  for (const d of [4, 5, 10, 12, 25, 27, 28, 29, 30]) offsets.add(at + d);
  offsets.add(base.length - 1);
  let spawnedMemo: { cut: number; run: ReturnType<typeof runBounded> }[] | undefined;
  const spawned = () =>
    (spawnedMemo ??= [...offsets]
      .sort((a, b) => a - b)
      .map((cut) => ({ cut, run: runBounded(base.subarray(0, cut)) })));

  it('the base list itself generates', () => {
    expectGenerates(runBounded(base));
  });

  it('in process, cut at every byte offset: output, or a ResourceListError with a one-line message; never another exception', () => {
    const bad = cuts().flatMap((c) => {
      if (!c.error) return [];
      if (!(c.error instanceof ResourceListError))
        return [`cut ${c.cut}: ${c.error.stack?.split('\n').slice(0, 2).join(' ')}`];
      return c.error.message.includes('\n')
        ? [`cut ${c.cut}: multi-line message ${JSON.stringify(c.error.message)}`]
        : [];
    });
    expect(bad).toEqual([]);
  });

  it('through dist/fn.js, cut at 60 offsets: exit 0 or 1, no stack trace, a ResourceList or one line on stderr', () => {
    for (const { cut, run } of spawned()) {
      try {
        expectNoCrash(run);
      } catch (e) {
        throw new Error(
          `cut at ${cut}: ${(e as Error).message}\nstatus ${run.status}\nstderr: ${run.stderr.slice(0, 500)}`,
          { cause: e },
        );
      }
    }
  });

  // Once a bug: a cut inside an untouched item passed through as invalid YAML with exit 0; the
  // last item, the only one a cut can damage, is now always parsed.
  it('in process, cut at every byte offset: the output is a valid ResourceList', () => {
    const bad = cuts().flatMap((c) => {
      if (c.error || c.text === undefined) return [];
      try {
        expect(parseList(c.text).kind).toBe('ResourceList');
        return [];
      } catch (e) {
        return [`cut ${c.cut}${c.failed ? '' : ' (exit 0)'}: ${(e as Error).message.split('\n')[0]}`];
      }
    });
    expect(bad).toEqual([]);
  });

  it('through dist/fn.js, cut at 60 offsets: stdout, when there is one, is a valid ResourceList', () => {
    for (const { cut, run } of spawned()) {
      try {
        expectCleanEnd(run);
      } catch (e) {
        throw new Error(
          `cut at ${cut}: ${(e as Error).message}\nstatus ${run.status}\nstderr: ${run.stderr.slice(0, 500)}`,
          { cause: e },
        );
      }
    }
  });
});

describe('encodings and layouts', () => {
  const hc = hostedCluster('enc');
  const cm = configMap('plain', '  note: "café ✓"\n');

  it('a UTF-8 byte order mark: generates, items kept byte for byte', () => {
    const input = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(listOf([cm, hc]))]);
    const run = runBounded(input);
    expectGenerates(run);
    expectBytesKept(input.subarray(3), run.stdout);
  });

  it('CRLF line endings: generates, items kept (as parsed values)', () => {
    const lf = listOf([cm, hc]);
    const run = runBounded(lf.replace(/\n/g, '\r\n'));
    const list = expectGenerates(run);
    expectParsedKept(parseList(lf).items, list.items);
  });

  it('tabs where YAML allows them (after ":" and before comments): generates, items kept byte for byte', () => {
    const tabbed = hostedCluster(
      'tabs',
      '  imageTagMirrorSet:\n  - source:\tquay.io/openshift\t# tab, then a comment\n    mirrors:\t[mirror.example.com/openshift]\n',
    );
    const input = `apiVersion:\tconfig.kubernetes.io/v1\nkind:\tResourceList\t# a comment\nitems:\n${listOf([configMap('t', '  a:\tb\n  script: |\n    \tindented with a tab inside a block scalar\n'), tabbed]).split('items:\n')[1]}`;
    const run = runBounded(input);
    expectGenerates(run);
    expectBytesKept(input, run.stdout);
  });

  it('tabs as indentation (invalid YAML): a clear result or a one-line message', () => {
    const run = runBounded(`${HEADER}items:\n-\tapiVersion: v1\n\tkind: ConfigMap\n`);
    expectCleanEnd(run);
    expect(run.status).toBe(1);
  });

  it('tab-indented HostedCluster inside an otherwise valid list: an error result, the other items kept', () => {
    const input = `${listOf([cm])}- apiVersion: hypershift.openshift.io/v1beta1\n  kind: HostedCluster\n  metadata:\n\tname: tabby\n`;
    const run = runBounded(input);
    expectCleanEnd(run);
    expect(run.status).toBe(1);
  });

  it('JSON instead of YAML: generates, items kept (as parsed values), output is YAML', () => {
    const items = [
      parseList(listOf([cm])).items[0],
      hostedClusterObject('json', {
        imageTagMirrorSet: [{ source: 'quay.io/openshift', mirrors: ['mirror.example.com/openshift'] }],
      }),
    ];
    const input = JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items });
    const run = runBounded(input);
    const list = expectGenerates(run);
    expectParsedKept(items, list.items);
  });

  it('JSON on one line with no HostedCluster: items kept', () => {
    const items = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { 'x"y': 'a\\b', t: '\t' } }];
    const run = runBounded(JSON.stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items }));
    const list = expectCleanEnd(run)!;
    expect(run.status).toBe(0);
    expectParsedKept(items, list.items);
  });

  it('invalid UTF-8 and NUL bytes in an untouched item: passed through byte for byte', () => {
    const input = Buffer.concat([
      Buffer.from(
        `${HEADER}items:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: bytes\n  data:\n    a: "`,
      ),
      Buffer.from([0xff, 0xfe, 0x00, 0xc3]),
      Buffer.from('"\n'),
    ]);
    const run = spawnBytes(input);
    expect(run.status).toBe(0);
    expectNoStackTrace(run.stderr);
    expectBytesKept(input, run.stdout);
  });
});

describe('empty and odd item lists', () => {
  for (const [name, items] of [
    ['a list of 0 items', 'items: []\n'],
    ['items: null', 'items: null\n'],
    ['items: ~', 'items: ~\n'],
    ['items with no value', 'items:\n'],
    ['no items key', ''],
  ] as const) {
    it(`${name}: exit 0, a ResourceList with no items`, () => {
      const run = runBounded(`${HEADER}${items}`);
      const list = expectCleanEnd(run)!;
      expect(run.status).toBe(0);
      expect(list.items).toEqual([]);
      expect(list.results).toEqual([]);
    });
  }

  it('items is a map: one-line message or an error result', () => {
    const run = runBounded(`${HEADER}items:\n  a: b\n`);
    expectCleanEnd(run);
    expect(run.status).toBe(1);
  });

  it('items is a scalar: one-line message or an error result', () => {
    const run = runBounded(`${HEADER}items: 42\n`);
    expectCleanEnd(run);
    expect(run.status).toBe(1);
  });

  it('items that are not maps (a string, null, a list) next to a HostedCluster: kept, and the cluster still generates', () => {
    const input = `${HEADER}items:\n- just a string\n- null\n- [1, 2]\n${listOf([hostedCluster('odd')]).split('items:\n')[1]}`;
    const run = runBounded(input);
    expectGenerates(run);
    expectBytesKept(input, run.stdout);
  });
});

describe('duplicate keys', () => {
  it('at the top level (kind twice): one-line message, exit 1', () => {
    expectFatal(runBounded(`${HEADER}kind: ResourceList\nitems: []\n`), /unique|duplicate/i);
  });
  it('at the top level (items twice): one-line message, exit 1', () => {
    expectFatal(
      runBounded(
        `${HEADER}items: []\n${listOf([configMap('a')])
          .split('\n')
          .slice(2)
          .join('\n')}`,
      ),
      /unique|duplicate/i,
    );
  });
  it('inside a HostedCluster: an invalid-yaml error result, nothing generated, all items kept', () => {
    const input = listOf([
      configMap('before'),
      hostedCluster('dup').replace('  name: dup\n', '  name: dup\n  name: dup2\n'),
      configMap('after'),
    ]);
    const run = runBounded(input);
    expectRejected(run, ['invalid-yaml']);
    expectBytesKept(input, run.stdout);
  });
  it('inside a HostedCluster imageTagMirrorSet entry: an invalid-yaml error result, nothing generated', () => {
    // Not the last item: a broken last item is refused as a whole (it may be a truncation).
    const input = listOf([
      hostedCluster(
        'dup',
        '  imageTagMirrorSet:\n  - source: quay.io/a\n    source: quay.io/b\n    mirrors: [m.example.com/a]\n',
      ),
      configMap('after', '  a: "1"\n'),
    ]);
    const run = runBounded(input);
    expectRejected(run, ['invalid-yaml']);
    expectBytesKept(input, run.stdout);
  });
  it('in the last item: refused with a one-line message (it may be a truncation)', () => {
    const input = listOf([
      hostedCluster('ok'),
      hostedCluster(
        'dup',
        '  imageTagMirrorSet:\n  - source: quay.io/a\n    source: quay.io/b\n    mirrors: [m.example.com/a]\n',
      ),
    ]);
    const run = runBounded(input);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(
      /^image-tag-mirrors: the input is not valid YAML: item 1 \(the last\): Map keys must be unique/,
    );
  });
  it('inside an untouched item: passed through, exit 0', () => {
    const input = listOf([configMap('dup', '  a: 1\n  a: 2\n'), hostedCluster('ok')]);
    const run = runBounded(input);
    expectGenerates(run);
    expectBytesKept(input, run.stdout);
  });
});

describe('alias bombs ("billion laughs")', () => {
  it('at the top level of the ResourceList: items kept, bounded', () => {
    const input = `${HEADER}lol:\n${aliasBomb(2)}${listOf([hostedCluster('top')])
      .split('\n')
      .slice(2)
      .join('\n')}`;
    const run = runBounded(input);
    expectGenerates(run);
    expectBytesKept(input, run.stdout);
  });

  it('inside an untouched item: passed through, bounded', () => {
    const input = listOf([configMap('bomb', aliasBomb(2)), hostedCluster('next')]);
    const run = runBounded(input);
    expectGenerates(run);
    expectBytesKept(input, run.stdout);
  });

  it('inside a HostedCluster: an error result, nothing generated, bounded', () => {
    const input = listOf([hostedCluster('bomb', `  lol:\n${aliasBomb(4)}  imageTagMirrorSet: [*l9]\n`)]);
    const run = runBounded(input);
    expectRejected(run, ['invalid-yaml', 'invalid-type']);
    expectBytesKept(input, run.stdout);
  });

  it('inside the functionConfig: an invalid-config error result, bounded', () => {
    const input = `${listOf([configMap('a')])}functionConfig:\n  apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: cfg\n  data:\n${aliasBomb(4)}`;
    const run = runBounded(input);
    const list = expectCleanEnd(run)!;
    expect(run.status).toBe(1);
    expect(codesOf(errorsOf(list.results))).toEqual(['invalid-config']);
    expectBytesKept(input, run.stdout);
  });

  it('in a flow-style list (full-parse path), anchors at the top level, aliased from an untouched item: items kept, bounded', () => {
    const input = `${HEADER}lol:\n${aliasBomb(2)}items: [{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {x: *l9}}]\n`;
    const run = runBounded(input);
    const list = expectCleanEnd(run)!;
    expect(run.status).toBe(0);
    expect(list.items).toHaveLength(1);
  });

  // Once a bug: on the full-parse path such a HostedCluster was skipped silently (exit 0).
  it('in a flow-style list (full-parse path), aliased from a HostedCluster: an error result', () => {
    const input = `${HEADER}lol:\n${aliasBomb(2)}items: [{apiVersion: hypershift.openshift.io/v1beta1, kind: HostedCluster, metadata: {name: c, namespace: n}, spec: {release: {image: "${RELEASE_IMAGE}"}, imageTagMirrorSet: [*l9]}}]\n`;
    const run = runBounded(input);
    expectRejected(run, ['invalid-yaml']);
  });
});

// Once a bug: kubectl refuses the file (`cannot decode !!str … as a !!null`), the function
// read the text and generated the mirror; and then, as the last item, "truncated input?".
describe('an explicit tag kubectl refuses in a HostedCluster', () => {
  const tagged = (mirror: string) =>
    hostedCluster('c', `  imageTagMirrorSet:\n  - source: quay.io/openshift\n    mirrors:\n    - ${mirror}\n`);
  it.each([
    ['!!null mirror.example.com/openshift', 'as a !!null'],
    ['!!int 1.5', 'cannot decode !!float `1.5` as a !!int'],
    ['!!bool mirror.example.com/openshift', 'as a !!bool'],
  ])('%s: an invalid-yaml result naming the problem, nothing generated, wherever the item is', (mirror, message) => {
    for (const items of [[tagged(mirror)], [tagged(mirror), configMap('after')]]) {
      const input = listOf(items);
      const run = runBounded(input);
      const list = expectRejected(run, ['invalid-yaml']);
      expect(
        errorsOf(list.results)
          .map((e) => e.message)
          .join('\n'),
      ).toContain(message);
      expectBytesKept(input, run.stdout);
    }
  });
});

// Once a bug: the yaml package's "Keys with collection values will be stringified" went to
// stderr as a Node process warning (kustomize shows it on every build).
describe('a complex key (`? [x, y]`): no process warning on stderr', () => {
  const complex = '  data:\n    ? [x, y]\n    : z\n';
  it.each([
    ['an untouched last item', [hostedCluster('c'), configMap('x', complex)]],
    [
      'an item read in full (it mentions a NodePool)',
      [configMap('x', `${complex}    note: NodePool\n`), hostedCluster('c')],
    ],
    ['a HostedCluster', [hostedCluster('c', `  imageTagMirrorSet: []\n  extra:\n    ? [x, y]\n    : z\n`)]],
  ])('%s', (_where, items) => {
    const run = runBounded(listOf(items));
    expectNoCrash(run);
    expect(run.stderr).not.toMatch(/Warning|trace-warnings/);
  });
});

describe('very deep nesting', () => {
  const DEPTH = 100_000;
  const flow = '['.repeat(DEPTH) + ']'.repeat(DEPTH);
  const blockSeq = `${'- '.repeat(DEPTH)}x`;

  it(`${DEPTH} nested flow sequences in an untouched item: passed through`, () => {
    const input = listOf([configMap('deep', `  x: ${flow}\n`), hostedCluster('next')]);
    const run = runBounded(input);
    expectGenerates(run);
    expectBytesKept(input, run.stdout);
  });

  it(`${DEPTH} nested block sequences in an untouched item: passed through`, () => {
    const input = listOf([configMap('deep', `  x:\n  ${blockSeq}\n`), hostedCluster('next')]);
    const run = runBounded(input);
    expectGenerates(run);
    expectBytesKept(input, run.stdout);
  });

  it(`${DEPTH} nested flow sequences in a HostedCluster: an error result, nothing generated`, () => {
    const input = listOf([hostedCluster('deep', `  x: ${flow}\n  imageTagMirrorSet: []\n`), configMap('after')]);
    const run = runBounded(input);
    expectRejected(run, ['invalid-yaml']);
    expectBytesKept(input, run.stdout);
  });

  it(`${DEPTH} nested block sequences in a HostedCluster's imageTagMirrorSet: an error result, nothing generated`, () => {
    const input = listOf([hostedCluster('deep', `  imageTagMirrorSet:\n  ${blockSeq}\n`), configMap('after')]);
    const run = runBounded(input);
    expectRejected(run, ['invalid-yaml', 'invalid-type']);
    expectBytesKept(input, run.stdout);
  });

  // Once a bug: the parser's RangeError ended the whole run ("internal error: Maximum call stack
  // size exceeded"); it is now the item's own invalid-yaml result.
  it('3,000 nested block maps in a HostedCluster: an error result', () => {
    let nested = '';
    for (let i = 0; i < 3000; i++) nested += `${' '.repeat(2 + i)}k:\n`;
    const input = listOf([
      hostedCluster('maps', `  x:\n${nested.replace(/^ {2}k:\n/, '')}  imageTagMirrorSet: []\n`),
      configMap('after'),
    ]);
    const run = runBounded(input);
    expectRejected(run, ['invalid-yaml']);
    expectBytesKept(input, run.stdout);
  });

  // Once a bug, as above, for an untouched item that only mentions a NodePool.
  it('3,000 nested block maps in an untouched item mentioning a NodePool: passed through', () => {
    let nested = '';
    for (let i = 0; i < 3000; i++) nested += `${' '.repeat(2 + i)}k:\n`;
    const input = listOf([
      configMap('maps', `  note: about a NodePool\n  x:\n${nested.replace(/^ {2}k:\n/, '')}  y: "1"\n`),
      hostedCluster('next'),
    ]);
    const run = runBounded(input);
    expectGenerates(run);
    expectBytesKept(input, run.stdout);
  });

  it('3,000 nested block maps: never a stack trace, exit 1', () => {
    let nested = '';
    for (let i = 0; i < 3000; i++) nested += `${' '.repeat(2 + i)}k:\n`;
    const run = runBounded(
      listOf([hostedCluster('maps', `  x:\n${nested.replace(/^ {2}k:\n/, '')}  imageTagMirrorSet: []\n`)]),
    );
    expectNoCrash(run);
    expect(run.status).toBe(1);
  });

  // Once a bug: the last item alone was built to check it was not cut, and 1,000 flow levels
  // overflowed the stack, failing the whole list. Every position is now treated alike.
  const deepShapes: [string, (d: number) => string][] = [
    ['flow', (d) => `  x: ${'['.repeat(d)}${']'.repeat(d)}\n`],
    ['block', (d) => `  x:\n  ${'- '.repeat(d)}x\n`],
  ];
  describe.each(deepShapes)('an untouched item nested in %s collections', (_shape, body) => {
    it.each([
      [300, 'first'],
      [300, 'last'],
      [1000, 'first'],
      [1000, 'last'],
      [9000, 'last'],
    ])('%i levels deep, %s: passed through, the list generated', (depth, where) => {
      const deep = configMap('deep', body(depth));
      const input = listOf(where === 'first' ? [deep, hostedCluster('c')] : [hostedCluster('c'), deep]);
      const run = runBounded(input);
      expectGenerates(run);
      expectBytesKept(input, run.stdout);
    });
  });

  it.each([
    ['an unclosed flow sequence', `  x: ${'['.repeat(1000)}${']'.repeat(999)}\n`],
    ['an unclosed quoted scalar', `  x: ${'['.repeat(1000)}"cut\n`],
  ])('the last item nested 1,000 deep and cut (%s): refused as truncated', (_what, body) => {
    expectFatal(runBounded(listOf([hostedCluster('c'), configMap('deep', body)])), /truncated/);
  });

  it('a HostedCluster nested 300 levels deep (past the documented bound): an error result, wherever it is', () => {
    for (const at of [0, 1]) {
      const hc = hostedCluster('deep', `  x: ${'['.repeat(300)}${']'.repeat(300)}\n  imageTagMirrorSet: []\n`);
      const input = listOf(at === 0 ? [hc, configMap('after')] : [configMap('before'), hc]);
      const run = runBounded(input);
      expectRejected(run, ['invalid-yaml']);
      expect(run.stdout).toMatch(/more than 256 levels/);
      expectBytesKept(input, run.stdout);
    }
  });

  // Once refused ("nested too deeply"): JSON is now split over its bytes, an untouched item never parsed.
  it(`${DEPTH} nested JSON arrays in an untouched item: passed through byte for byte`, () => {
    const input = `{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": [{"kind": "ConfigMap", "x": ${flow}}]}`;
    const run = runBounded(input);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(input);
  });
});
