// Hostile input through the built bundle (dist/fn.js): each case ends with a clear result
// or a one-line stderr message, the right exit code, no stack trace, bounded time (a
// spawn timeout as a hang guard; no timing assertions) and bounded memory (node's heap is
// capped, see runBounded), and no input item lost or changed.
//
// Tests marked `it.fails` pin bugs found by this suite (the comment says what happens); they
// start failing, as a reminder to drop the marker, once the bug is fixed.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { afterAll, describe, expect, it } from 'vitest';
import { renderRegistriesConf, tomlString } from '../src/registries/render.js';
import type { MirrorInput } from '../src/registries/model.js';
import { processResourceList } from '../src/function/process.js';
import { ResourceListError } from '../src/krm/read.js';
import { validateHostedCluster } from '../src/validate/hosted-cluster.js';
import { writeBigList } from './hostile/big-list.js';
import {
  aliasBomb,
  codesOf,
  configMap,
  countItems,
  errorsOf,
  expectBytesKept,
  expectCleanEnd,
  expectFatal,
  expectNoCrash,
  expectNoStackTrace,
  expectParsedKept,
  HEADER,
  hostedCluster,
  hostedClusterObject,
  isGenerated,
  listFromObjects,
  listOf,
  nodePool,
  parseList,
  RELEASE_IMAGE,
  runBounded,
  runStreaming,
  type KObj,
} from './support/hostile.js';
import { FN, ROOT } from './support/run-fn.js';
import fc from 'fast-check';

const generatedOf = (items: KObj[]) => items.filter(isGenerated);
const withKind = (items: KObj[], kind: string) => items.filter((i) => i.kind === kind);

/** A list with one valid HostedCluster, ends with exit 0 and generates its two objects. */
function expectGenerates(run: ReturnType<typeof runBounded>, clusters = 1) {
  const list = expectCleanEnd(run)!;
  expect(run.status, run.stderr).toBe(0);
  expect(withKind(generatedOf(list.items), 'ImageTagMirrorSet')).toHaveLength(clusters);
  expect(withKind(generatedOf(list.items), 'ConfigMap')).toHaveLength(clusters);
  return list;
}

/** Exit 1 with error results carrying one of `codes`, and nothing generated. */
function expectRejected(run: ReturnType<typeof runBounded>, codes: string[]) {
  const list = expectCleanEnd(run)!;
  expect(list, `no ResourceList on stdout; stderr: ${run.stderr}`).toBeDefined();
  expect(run.status).toBe(1);
  const errors = errorsOf(list.results);
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) expect(codes, e.message).toContain(e.tags?.code);
  expect(generatedOf(list.items)).toEqual([]);
  return list;
}

// ------------------------------------------------------------------------------------------------

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
  // BUG: with a document end marker "..." after the items, the generated items (and the
  // results) are written after the "...", so they land in a second YAML document.
  // Input: a ResourceList with one valid HostedCluster, then "...\n". Observed: exit 0,
  // stdout "...items of the input...\n...\n- apiVersion: config.openshift.io/v1\n  kind:
  // ImageTagMirrorSet..." (two documents). Expected: one document (drop or move the marker).
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
  const base = readFileSync(join(ROOT, 'test', 'hostile', 'truncation-base.yaml'));
  /** Every cut, run in process: the output as text, or the error thrown. */
  let cutsMemo: { cut: number; text?: string; failed?: boolean; error?: Error }[] | undefined;
  const cuts = () =>
    (cutsMemo ??= Array.from({ length: base.length + 1 }, (_, cut) => {
      try {
        const outcome = processResourceList(base.subarray(0, cut));
        return {
          cut,
          text: Buffer.concat(outcome.output.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p))).toString(
            'utf8',
          ),
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

  // BUG: a list cut inside an item the function does not parse (or inside a HostedCluster
  // before its `kind:` line) passes through as it is: exit 0, and stdout is not valid YAML,
  // so kpt/kustomize fail later with a parse error of the function's output, or a
  // HostedCluster is silently dropped from validation. 407 of the 1,513 cuts of
  // test/hostile/truncation-base.yaml, e.g. cut 207 (inside "  kind: HostedCluster" of item
  // 0: output ends "- apiVersion: hypershift.openshift.io/v1beta1\n  k", exit 0, no result),
  // cuts 722-802 (inside the NodePool), 466, 1212, 1251. Expected: exit 1 with an
  // invalid-yaml result or a one-line message (the last item is the only one a cut can
  // damage, so parsing just the last item would find it).
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

/** Like runBounded, keeping stdout as bytes. */
function spawnBytes(input: Buffer) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=256', FN], {
    input,
    timeout: 30_000,
    killSignal: 'SIGKILL',
    maxBuffer: 1 << 30,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString('utf8') };
}

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

  // BUG: on the full-parse path (flow-style or JSON items) a HostedCluster whose value
  // trips the alias limit is silently skipped: exit 0, no result, nothing generated. The
  // load error is reported only when KIND_LINE (src/select.ts) finds `kind: HostedCluster`
  // at a line start of item.source, and a flow item's source is one line `{ ..., kind: HostedCluster, ... }`.
  // Observed: exit 0, stderr empty, no results; expected: exit 1, an invalid-yaml error result.
  it('in a flow-style list (full-parse path), aliased from a HostedCluster: an error result', () => {
    const input = `${HEADER}lol:\n${aliasBomb(2)}items: [{apiVersion: hypershift.openshift.io/v1beta1, kind: HostedCluster, metadata: {name: c, namespace: n}, spec: {release: {image: "${RELEASE_IMAGE}"}, imageTagMirrorSet: [*l9]}}]\n`;
    const run = runBounded(input);
    expectRejected(run, ['invalid-yaml']);
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

  // BUG: 3,000 nested block maps in a HostedCluster make yaml's parseAllDocuments throw
  // RangeError (it does not turn it into a document error, as it does for flow nesting);
  // SpanItem.parse (src/resource-list/index.ts) does not catch it, so the whole run ends
  // "image-tag-mirrors: internal error: Maximum call stack size exceeded", exit 1, no
  // output. Any deep item that mentions HostedCluster, NodePool or the owner annotation
  // (the candidates' needles) does the same, when a shallower line follows the deep block
  // (the parser's pop recurses). Expected: an invalid-yaml error result for that item, the
  // other items kept (as with 100,000 nested flow sequences).
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

  // BUG: the same, for an untouched ConfigMap that mentions "NodePool": the whole run
  // fails ("internal error: Maximum call stack size exceeded", exit 1, no output) although
  // the function has nothing to do with the item. Expected: passed through, exit 0.
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

  it(`${DEPTH} nested JSON arrays (full-parse path): a one-line message or a clear result`, () => {
    const run = runBounded(
      `{"apiVersion": "config.kubernetes.io/v1", "kind": "ResourceList", "items": [{"kind": "ConfigMap", "x": ${flow}}]}`,
    );
    expectCleanEnd(run);
  });
});

describe('a 100 MB input, streamed through a pipe', () => {
  const dir = mkdtempSync(join(tmpdir(), 'itm-hostile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exit 0, every item out (input + 2 per HostedCluster), untouched items byte for byte', async () => {
    const file = join(dir, 'big.yaml');
    const big = writeBigList(file, 100 * 1024 * 1024);
    expect(big.bytes).toBeGreaterThanOrEqual(100 * 1024 * 1024);
    const run = await runStreaming(file, { timeout: 240_000, heapMB: 2048 });
    expectNoStackTrace(run.stderr);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(countItems(run.stdout)).toBe(big.items + 2 * big.clusters);
    // NodePools are wired to the generated ConfigMap, so only they may change.
    expectBytesKept(readFileSync(file), run.stdout, (item) => item.includes('kind: NodePool'));
  }, 300_000);
});

// ------------------------------------------------------------------------------------------------

const BACKTRACKERS = ['a-', 'a.', 'a_', 'a__', 'a--', 'a.a-', 'a-a.', '0.', 'a:1', 'A-', '-a'];
const LONG = 60_000; // x 2+ characters per repeat: 120k+ characters

describe('strings built to make regular expressions backtrack', () => {
  const values = (p: string) => ({
    host: `${p.repeat(LONG)}!`,
    path: `registry.example.com/${p.repeat(LONG)}!`,
    wildcard: `*.${p.repeat(LONG)}!`,
    hostThenPath: `${p.repeat(LONG)}/a!`,
  });

  it('in process: validation rejects each, with invalid-source / invalid-mirror', () => {
    for (const p of BACKTRACKERS) {
      for (const [what, s] of Object.entries(values(p))) {
        const asSource = validateHostedCluster(
          { release: { image: RELEASE_IMAGE }, imageTagMirrorSet: [{ source: s, mirrors: ['mirror.example.com/a'] }] },
          {},
        );
        expect(asSource.mirrors, `${p} ${what} as source`).toBeUndefined();
        expect(codesOf(errorsOf(asSource.results)), `${p} ${what} as source`).toEqual(['invalid-source']);
        const asMirror = validateHostedCluster(
          { release: { image: RELEASE_IMAGE }, imageTagMirrorSet: [{ source: 'quay.io/a', mirrors: [s] }] },
          {},
        );
        expect(asMirror.mirrors).toBeUndefined();
        expect(codesOf(errorsOf(asMirror.results)), `${p} ${what} as mirror`).toEqual(['invalid-mirror']);
      }
    }
  });

  it('through dist/fn.js: one list with all of them, every cluster rejected with its codes', () => {
    const items = BACKTRACKERS.map((p, i) => {
      const v = values(p);
      return hostedClusterObject(`rx-${i}`, {
        release: { image: `quay.io/openshift-release-dev/ocp-release:4.21.0-${p.repeat(LONG)}` },
        imageTagMirrorSet: [
          { source: v.host, mirrors: [v.path, v.hostThenPath] },
          { source: v.path, mirrors: [v.host] },
          { source: v.wildcard, mirrors: ['mirror.example.com/a'] },
        ],
        imageContentSources: [{ source: v.hostThenPath, mirrors: [v.path] }],
      });
    });
    const input = listFromObjects(items);
    const run = runBounded(input, { timeout: 60_000 });
    const list = expectRejected(run, ['invalid-source', 'invalid-mirror', 'ics-invalid-source', 'ics-invalid-mirror']);
    BACKTRACKERS.forEach((_, i) => {
      const mine = errorsOf(list.results).filter((r) => r.resourceRef?.name === `rx-${i}`);
      expect(codesOf(mine)).toEqual(['ics-invalid-mirror', 'ics-invalid-source', 'invalid-mirror', 'invalid-source']);
    });
    expectParsedKept(items, list.items);
  });
});

// ------------------------------------------------------------------------------------------------

/** Characters outside host[:port][/path] syntax, chosen to break TOML, YAML or a terminal. */
const NASTY = [
  'quay.io/a"b',
  'quay.io/a\\b',
  'quay.io/a\nb',
  'quay.io/a\r\nb',
  'quay.io/a#b',
  'quay.io/a]b',
  'quay.io/[[registry]]',
  'quay.io/x"\n[[registry]]\nlocation = "evil.example.com',
  'quay.io/x\\"\nblocked = true\n#',
  "quay.io/a'b",
  'quay.io/a=b',
  'quay.io/a,b',
  'quay.io/{a}',
  'quay.io/a b',
  ' quay.io/a',
  'quay.io/a\t',
  'quay.io/café',
  'quay.io/😀',
  'ｑuay.io/a',
  'quay.io/a\u200bb',
  'quay.io/a\ufeffb',
  'quay.io/a\u2028b',
  'quay.io/a\u0085b',
  'quay.io/a\u0000b',
  'quay.io/a\u0007b',
  'quay.io/a\u001bb[31m',
  'quay.io/a\u007fb',
  'quay.io/a\\u0022b',
  'quay.io/a@sha256:abc',
  'https://quay.io/a',
];
const ALLOWED = /[A-Za-z0-9._\-/:*]/;

describe('sources and mirrors with quotes, backslashes, newlines, "#", "]", non-ASCII and control characters', () => {
  const spec = (source: string, mirrors: string[]) => ({
    release: { image: RELEASE_IMAGE },
    imageTagMirrorSet: [{ source, mirrors }],
  });

  it('in process (fast-check): any source or mirror holding a character outside host[:port][/path] is rejected', () => {
    const bad = fc
      .tuple(
        fc.string({ maxLength: 12 }),
        fc.oneof(
          fc.constantFrom(
            '"',
            '\\',
            '\n',
            '\r',
            '#',
            ']',
            '[',
            '=',
            "'",
            ' ',
            '\t',
            '\u0000',
            '\u007f',
            'é',
            '\u2028',
            '😀',
            '@',
          ),
          fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => !ALLOWED.test(c)),
        ),
        fc.string({ unit: 'binary', maxLength: 12 }),
      )
      .map(([a, b, c]) => `registry.example.com/${a}${b}${c}`);
    fc.assert(
      fc.property(bad, (s) => {
        const asSource = validateHostedCluster(spec(s, ['mirror.example.com/a']), {});
        expect(asSource.mirrors).toBeUndefined();
        expect(codesOf(errorsOf(asSource.results))).toEqual(['invalid-source']);
        const asMirror = validateHostedCluster(spec('quay.io/a', [s]), {});
        expect(asMirror.mirrors).toBeUndefined();
        expect(codesOf(errorsOf(asMirror.results))).toEqual(['invalid-mirror']);
      }),
      { numRuns: 2000 },
    );
  });

  it('through dist/fn.js: every cluster rejected (exit 1, error results, nothing generated), items kept', () => {
    // Plus a fixed-seed sample of generated ones, so the batch is not only the hand-picked list.
    const sampled = fc.sample(
      fc
        .tuple(
          fc.string({ unit: 'binary', maxLength: 8 }),
          fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => !ALLOWED.test(c)),
        )
        .map(([a, b]) => `quay.io/${a}${b}`),
      { numRuns: 40, seed: 42 },
    );
    const strings = [...NASTY, ...sampled];
    const items = strings.flatMap((s, i) => [
      hostedClusterObject(`src-${i}`, { imageTagMirrorSet: [{ source: s, mirrors: ['mirror.example.com/a'] }] }),
      hostedClusterObject(`mirror-${i}`, {
        imageTagMirrorSet: [{ source: `quay.io/ok${i}`, mirrors: ['mirror.example.com/ok', s] }],
      }),
      hostedClusterObject(`ics-${i}`, {
        imageTagMirrorSet: [{ source: 'quay.io/ok', mirrors: ['mirror.example.com/ok'] }],
        imageContentSources: [{ source: s, mirrors: [s] }],
      }),
    ]);
    const input = listFromObjects(items);
    const run = runBounded(input);
    const list = expectRejected(run, ['invalid-source', 'invalid-mirror', 'ics-invalid-source', 'ics-invalid-mirror']);
    strings.forEach((s, i) => {
      const codes = (name: string) => codesOf(errorsOf(list.results).filter((r) => r.resourceRef?.name === name));
      expect(codes(`src-${i}`), JSON.stringify(s)).toEqual(['invalid-source']);
      expect(codes(`mirror-${i}`), JSON.stringify(s)).toEqual(['invalid-mirror']);
      expect(codes(`ics-${i}`), JSON.stringify(s)).toEqual(['ics-invalid-mirror', 'ics-invalid-source']);
    });
    expectParsedKept(items, list.items);
    expectBytesKept(input, run.stdout);
  });
});

describe('TOML writer (src/registries/render.ts) against smol-toml', () => {
  const roundTrips = (s: string) => (parseToml(`k = ${tomlString(s)}`) as { k: unknown }).k === s;

  it('tomlString: any well-formed string round-trips, also through UTF-8 bytes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 64 }), (s) => {
        expect(roundTrips(s)).toBe(true);
        const viaBytes = Buffer.from(`k = ${tomlString(s)}\n`, 'utf8').toString('utf8');
        if (Buffer.from(s, 'utf8').toString('utf8') === s) expect((parseToml(viaBytes) as { k: unknown }).k).toBe(s);
      }),
      { numRuns: 5000 },
    );
  });

  it('tomlString: any string of UTF-16 code units (lone surrogates too) round-trips as a JS string', () => {
    const unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 64 }), (s) => {
        expect(roundTrips(s)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('tomlString: the control characters, quotes and backslash one by one', () => {
    for (let c = 0; c < 0x100; c++) expect(roundTrips(`a${String.fromCharCode(c)}b`), `U+${c.toString(16)}`).toBe(true);
    for (const s of ['', '"', '\\', '\\"', '"""', "'''", '\\u0000', '\\U0001F600', '\n[[registry]]\n', '#'])
      expect(roundTrips(s), JSON.stringify(s)).toBe(true);
  });

  it('renderRegistriesConf: parses as TOML with the same sources, mirrors and policies, for arbitrary strings', () => {
    const str = fc.string({ unit: 'binary', maxLength: 16 });
    const entries = (policy: boolean) =>
      fc
        .uniqueArray(
          fc.record({
            source: fc.oneof(
              str,
              str.map((s) => `*.${s}`),
            ),
            mirrors: fc.uniqueArray(str, { minLength: 1, maxLength: 3 }),
            never: fc.boolean(),
          }),
          {
            selector: (e) => e.source,
            maxLength: 4,
          },
        )
        .map((es) =>
          es
            .map((e) => ({
              source: e.source,
              mirrors: e.mirrors.filter((m) => m !== e.source),
              ...(policy && e.never ? { mirrorSourcePolicy: 'NeverContactSource' } : {}),
            }))
            .filter((e) => e.mirrors.length > 0),
        );
    fc.assert(
      fc.property(entries(false), entries(true), (ics, itms) => {
        const input: MirrorInput = {
          imageContentSources: ics.map(({ source, mirrors }) => ({ source, mirrors })),
          imageTagMirrorSet: itms,
        };
        const conf = renderRegistriesConf(input);
        const parsed = parseToml(conf) as { registry?: Record<string, unknown>[] };
        // The model: digest sources in byte order, then the other tag sources in byte order;
        // each with its digest mirrors, then its tag mirrors, in list order.
        const order = (xs: string[]) => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        const scopes = [...order(ics.map((e) => e.source))];
        for (const s of order(itms.map((e) => e.source))) if (!scopes.includes(s)) scopes.push(s);
        const expected = scopes.map((source) => {
          const wildcard = source.startsWith('*.');
          const block: Record<string, unknown> = { prefix: wildcard ? source : '' };
          if (!wildcard && source) block.location = source;
          const tag = itms.find((e) => e.source === source);
          if (tag?.mirrorSourcePolicy === 'NeverContactSource') block.blocked = true;
          const mirror = [
            ...(ics.find((e) => e.source === source)?.mirrors ?? []).map((location) => ({
              location,
              'pull-from-mirror': 'digest-only',
            })),
            ...(tag?.mirrors ?? []).map((location) => ({ location, 'pull-from-mirror': 'tag-only' })),
          ];
          if (mirror.length) block.mirror = mirror;
          return block;
        });
        expect(parsed.registry ?? []).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

// ------------------------------------------------------------------------------------------------

describe('HostedClusters with missing or wrongly typed fields: error results with codes, never a crash', () => {
  const entry = '  - source: quay.io/a\n    mirrors: [mirror.example.com/a]\n';
  const meta = '  name: typed\n  namespace: clusters\n';
  const release = `  release:\n    image: ${RELEASE_IMAGE}\n`;
  const hc = (metadata: string | null, spec: string) =>
    `apiVersion: hypershift.openshift.io/v1beta1\nkind: HostedCluster\n${metadata === null ? '' : `metadata:${metadata.startsWith('  ') ? `\n${metadata}` : ` ${metadata}\n`}`}spec:${spec.startsWith('  ') ? `\n${spec}` : ` ${spec}\n`}`;

  const cases: [string, string, string[]][] = [
    ['spec is a string', hc(meta, 'hello'), ['invalid-type']],
    ['spec is a list', hc(meta, '[1, 2]'), ['invalid-type']],
    ['spec is a number', hc(meta, '42'), ['invalid-type']],
    [
      'imageTagMirrorSet is a map',
      hc(meta, `${release}  imageTagMirrorSet: {source: quay.io/a, mirrors: [mirror.example.com/a]}\n`),
      ['invalid-type'],
    ],
    ['imageTagMirrorSet is a string', hc(meta, `${release}  imageTagMirrorSet: quay.io/a\n`), ['invalid-type']],
    ['imageTagMirrorSet is a number', hc(meta, `${release}  imageTagMirrorSet: 5\n`), ['invalid-type']],
    [
      'imageTagMirrorSet entries are a string, null, a number and a list',
      hc(meta, `${release}  imageTagMirrorSet:\n  - quay.io/a\n  - null\n  - 7\n  - [quay.io/a]\n`),
      ['invalid-type'],
    ],
    [
      'mirrors is a string',
      hc(meta, `${release}  imageTagMirrorSet:\n  - source: quay.io/a\n    mirrors: mirror.example.com/a\n`),
      ['invalid-type'],
    ],
    [
      'mirrors is a map',
      hc(meta, `${release}  imageTagMirrorSet:\n  - source: quay.io/a\n    mirrors: {a: b}\n`),
      ['invalid-type'],
    ],
    [
      'mirrors is empty',
      hc(meta, `${release}  imageTagMirrorSet:\n  - source: quay.io/a\n    mirrors: []\n`),
      ['no-mirrors'],
    ],
    ['mirrors missing', hc(meta, `${release}  imageTagMirrorSet:\n  - source: quay.io/a\n`), ['no-mirrors']],
    [
      'source is a number',
      hc(meta, `${release}  imageTagMirrorSet:\n  - source: 123\n    mirrors: [mirror.example.com/a]\n`),
      ['invalid-type'],
    ],
    [
      'source is a map',
      hc(meta, `${release}  imageTagMirrorSet:\n  - source: {a: b}\n    mirrors: [mirror.example.com/a]\n`),
      ['invalid-type'],
    ],
    [
      'source missing',
      hc(meta, `${release}  imageTagMirrorSet:\n  - mirrors: [mirror.example.com/a]\n`),
      ['empty-source'],
    ],
    [
      'mirrors are a number, a boolean, null, a map and a list',
      hc(meta, `${release}  imageTagMirrorSet:\n  - source: quay.io/a\n    mirrors: [1, true, null, {a: b}, [x]]\n`),
      ['invalid-type'],
    ],
    [
      'mirrorSourcePolicy is a number',
      hc(meta, `${release}  imageTagMirrorSet:\n${entry}    mirrorSourcePolicy: 1\n`),
      ['invalid-policy'],
    ],
    [
      'mirrorSourcePolicy is a list',
      hc(meta, `${release}  imageTagMirrorSet:\n${entry}    mirrorSourcePolicy: [NeverContactSource]\n`),
      ['invalid-policy'],
    ],
    [
      'imageContentSources is a map',
      hc(meta, `${release}  imageTagMirrorSet:\n${entry}  imageContentSources: {a: b}\n`),
      ['invalid-type'],
    ],
    [
      'imageContentSources mirrors is a number',
      hc(
        meta,
        `${release}  imageTagMirrorSet:\n${entry}  imageContentSources:\n  - source: quay.io/b\n    mirrors: 5\n`,
      ),
      ['invalid-type'],
    ],
    [
      'imageContentSources source is a number',
      hc(
        meta,
        `${release}  imageTagMirrorSet:\n${entry}  imageContentSources:\n  - source: 5\n    mirrors: [m.example.com/b]\n`,
      ),
      ['invalid-type'],
    ],
    ['metadata missing', hc(null, `${release}  imageTagMirrorSet:\n${entry}`), ['invalid-type']],
    ['metadata is null', hc('null', `${release}  imageTagMirrorSet:\n${entry}`), ['invalid-type']],
    ['metadata is a string', hc('x', `${release}  imageTagMirrorSet:\n${entry}`), ['invalid-type']],
    [
      'metadata.name is a number',
      hc('  name: 5\n  namespace: clusters\n', `${release}  imageTagMirrorSet:\n${entry}`),
      ['invalid-type'],
    ],
    [
      'metadata.name is a map',
      hc('  name: {a: b}\n  namespace: clusters\n', `${release}  imageTagMirrorSet:\n${entry}`),
      ['invalid-type'],
    ],
  ];
  for (const [name, item, codes] of cases) {
    it(`${name}: ${codes.join(', ')}`, () => {
      const input = listOf([configMap('before'), item, nodePool('typed-workers', 'typed')]);
      const run = runBounded(input);
      expectRejected(run, codes);
      expectBytesKept(input, run.stdout);
    });
  }

  it('spec: null: nothing to validate, nothing generated, exit 0, items kept', () => {
    // Not an error by design: a HostedCluster without spec has no mirrors to check.
    const input = listOf([hc(meta, 'null')]);
    const run = runBounded(input);
    const list = expectCleanEnd(run)!;
    expect(run.status).toBe(0);
    expect(generatedOf(list.items)).toEqual([]);
    expectBytesKept(input, run.stdout);
  });

  it('spec missing: nothing to validate, nothing generated, exit 0, items kept', () => {
    const input = listOf([`apiVersion: hypershift.openshift.io/v1beta1\nkind: HostedCluster\nmetadata:\n${meta}`]);
    const run = runBounded(input);
    const list = expectCleanEnd(run)!;
    expect(run.status).toBe(0);
    expect(generatedOf(list.items)).toEqual([]);
  });

  it('many wrong shapes in one HostedCluster: every problem reported in one run', () => {
    const input = listOf([
      hc(
        meta,
        `${release}  imageTagMirrorSet:\n  - source: 1\n    mirrors: x\n  - source: quay.io/b\n    mirrors: [2]\n    mirrorSourcePolicy: {}\n  - 3\n  imageContentSources: 4\n`,
      ),
    ]);
    const run = runBounded(input);
    const list = expectRejected(run, ['invalid-type', 'invalid-policy']);
    expect(errorsOf(list.results).length).toBeGreaterThanOrEqual(5);
  });

  // BUG (minor): a number where the release image string belongs reads as "no release
  // image" (a warning, unknown-version) and the cluster generates: the message is wrong
  // and the wrong type goes unreported.
  // Observed: exit 0, one warning "no release image, so the OpenShift version is unknown;
  // ImageTagMirrorSet needs 4.21+" (unknown-version); expected: an invalid-type result on spec.release.image.
  it('spec.release.image is a number: an invalid-type result', () => {
    const input = listOf([hc(meta, `  release:\n    image: 4.21\n  imageTagMirrorSet:\n${entry}`)]);
    const run = runBounded(input);
    const list = expectCleanEnd(run)!;
    expect(list.results.map((r) => r.tags?.code)).toContain('invalid-type');
  });
});

// ------------------------------------------------------------------------------------------------

describe('the reader goes away', () => {
  // BUG: when stdout is closed before the function has written everything (a pipe into
  // `head`, a killed kpt), the write fails with EPIPE and node prints an unhandled 'error'
  // event with a stack trace (node:events, node:internal/stream_base_commons) on stderr.
  // Reproduce: node dist/fn.js < list-of-1000-items.yaml | head -c 100
  // Expected: exit non-zero quietly, or with one line `image-tag-mirrors: ...`.
  it('stdout closed early: no stack trace', async () => {
    const input = listOf(Array.from({ length: 3000 }, (_, i) => configMap(`c${i}`)).concat([hostedCluster('epipe')]));
    const { stderr } = await new Promise<{ status: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [FN], { stdio: ['pipe', 'pipe', 'pipe'] });
      let err = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('error', reject);
      child.on('close', (status) => {
        clearTimeout(timer);
        resolve({ status, stderr: err });
      });
      child.stdin.on('error', () => {});
      child.stdin.end(input);
    });
    expectNoStackTrace(stderr);
  });
});
