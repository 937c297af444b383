// An earlier run's output known by its text (src/function/earlier-output.ts) against the same
// items read as any item: one output, one set of results, whatever was done to the output
// between the runs (edits, copies, another owner, kpt's annotations, CRLF, another column).
// And where nothing was done, the generated items are never read.
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { processResourceList, type ProcessOptions } from '../../src/function/process.js';
import { SpanItem } from '../../src/krm/item.js';
import { OWNER_ANNOTATION } from '../../src/constants.js';
import '../helpers/property-seed.js';

const RELEASE = 'quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64';

interface Cluster {
  name: string;
  namespace: string;
  /** Sources, each mirrored once; none: no imageTagMirrorSet; 'bad': a mirror that is no reference. */
  mirrors: string[] | 'bad';
  pools: number;
}

const q = (s: string) => JSON.stringify(s);

function clusterYaml(c: Cluster): string {
  const entries =
    c.mirrors === 'bad'
      ? `    imageTagMirrorSet:\n    - source: quay.io/x\n      mirrors: ["not a mirror!"]\n`
      : c.mirrors.length === 0
        ? ''
        : `    imageTagMirrorSet:\n${c.mirrors
            .map(
              (s, i) =>
                `    - source: ${q(s)}\n      mirrors:\n      - mirror.example.com/${i}${s.startsWith('*') ? '' : '/m'}\n${i % 2 ? '      mirrorSourcePolicy: NeverContactSource\n' : ''}`,
            )
            .join('')}`;
  const pools = Array.from(
    { length: c.pools },
    (_, i) =>
      `- apiVersion: hypershift.openshift.io/v1beta1\n  kind: NodePool\n  metadata:\n    name: ${q(`${c.name}-pool-${i}`)}\n    namespace: ${q(c.namespace)}\n  spec:\n    clusterName: ${q(c.name)}\n`,
  ).join('');
  return (
    `- apiVersion: hypershift.openshift.io/v1beta1\n  kind: HostedCluster\n  metadata:\n    name: ${q(c.name)}\n    namespace: ${q(c.namespace)}\n  spec:\n    release:\n      image: ${RELEASE}\n${entries}` +
    pools
  );
}

const listOf = (clusters: Cluster[]) =>
  `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${clusters.map(clusterYaml).join('')}`;

/** The output and results, or the error that refuses the input (the same either way). */
const outputOf = (text: string, opts?: ProcessOptions) => {
  try {
    const p = processResourceList(text, opts);
    return { text: Buffer.concat([...p.output].map((x) => Buffer.from(x))).toString('utf8'), results: p.results };
  } catch (e) {
    return { text: `refused: ${(e as Error).message}`, results: [] };
  }
};

/** The items of a block list at column 0, as texts (the function's own output is one). */
function split(text: string): { head: string; items: string[]; tail: string } {
  const start = text.indexOf('\nitems:\n') + '\nitems:\n'.length;
  const rest = text.slice(start);
  const end = rest.search(/^[^- \n]/m);
  const body = end < 0 ? rest : rest.slice(0, end);
  const items = body.split(/^(?=- )/m).filter((x) => x !== '');
  return { head: text.slice(0, start), items, tail: end < 0 ? '' : rest.slice(end) };
}
const join = (l: ReturnType<typeof split>) => l.head + l.items.join('') + l.tail;
const isGeneratedText = (item: string) => item.includes(`${OWNER_ANNOTATION}:`);

/** What a person, a merge or an orchestrator does to the output between two runs. */
type Change = (text: string, pick: number) => string;
const onGenerated =
  (f: (item: string, l: ReturnType<typeof split>) => string | string[]): Change =>
  (text, pick) => {
    const l = split(text);
    const at = l.items.map((x, i) => [x, i] as const).filter(([x]) => isGeneratedText(x));
    if (at.length === 0) return text;
    const [item, i] = at[pick % at.length]!;
    const out = f(item, l);
    l.items.splice(i, 1, ...(typeof out === 'string' ? [out] : out));
    return join(l);
  };
/** kpt's number, path and index on an item (what kpt adds under a selection). */
function numbered(item: string, n: number): string {
  const lines = [
    `internal.config.k8s.io/kpt-resource-id: "${n}"`,
    `internal.config.kubernetes.io/path: "f${n}.yaml"`,
    `internal.config.kubernetes.io/index: "0"`,
    `config.kubernetes.io/path: "f${n}.yaml"`,
    `config.kubernetes.io/index: "0"`,
  ].map((l) => `      ${l}\n`);
  if (/^ {4}annotations:\n/m.test(item)) return item.replace(/^ {4}annotations:\n/m, (m) => m + lines.join(''));
  return item.replace(/^ {2}metadata:\n/m, (m) => `${m}    annotations:\n${lines.join('')}`);
}
const numberedAll =
  (which: (item: string) => boolean): Change =>
  (text) => {
    const l = split(text);
    l.items = l.items.map((x, i) => (which(x) ? numbered(x, i) : x));
    return join(l);
  };

const CHANGES: Record<string, Change> = {
  'kpt numbers on every item': numberedAll(() => true),
  'kpt numbers on all but the generated': numberedAll((x) => !isGeneratedText(x)),
  'a copy': onGenerated((x) => [x, x]),
  'a copy at the end': onGenerated((x, l) => (l.items.push(x), x)),
  removed: onGenerated(() => []),
  'a byte of its content': onGenerated((x) => x.replace(/mirror\.example\.com|base64,./, (m) => `${m}x`)),
  'another owner': onGenerated((x) => x.replace(/(hosted-cluster: ).*/, '$1other/owner')),
  'no owner annotation': onGenerated((x) => x.replace(/^.*hosted-cluster: .*\n/m, '')),
  "kpt's path annotation": onGenerated((x) =>
    x.replace(/^( *)annotations:\n/m, '$1annotations:\n$1  config.kubernetes.io/path: clusters/generated.yaml\n'),
  ),
  'the name quoted': onGenerated((x) => x.replace(/^( {4}name: )(.*)$/m, "$1'$2'")),
  'a comment': onGenerated((x) => x.replace(/\n/, ' # kept\n')),
  // What no reader takes, or reads otherwise than the text shows: never known by its text.
  'a duplicate kind at its end': onGenerated((x) => `${x}  kind: HostedCluster\n`),
  'a duplicate metadata at its end': onGenerated((x) => `${x}  metadata: {name: x}\n`),
  'an anchor and an alias': onGenerated((x) => x.replace(/^( {4}name: )(.*)$/m, '$1&n $2').concat('  extra: *n\n')),
  'a merge key': onGenerated((x) => `${x}  <<: {kind: NodePool}\n`),
  'a tag on the name': onGenerated((x) => x.replace(/^( {4}name: )(.*)$/m, '$1!!str $2')),
  'a control character in the name': onGenerated((x) => x.replace(/^( {4}name: )(.*)$/m, '$1"$2\\x07"')),
  'a YAML 1.1 boolean as the namespace': onGenerated((x) => x.replace(/^( {4}namespace: ).*$/m, '$1yes')),
  'the namespace gone': onGenerated((x) => x.replace(/^ {4}namespace: .*\n/m, '')),
  'a cluster gone': (text, pick) => {
    const l = split(text);
    const at = l.items.map((x, i) => [x, i] as const).filter(([x]) => x.includes('kind: HostedCluster'));
    if (at.length) l.items.splice(at[pick % at.length]![1], 1);
    return join(l);
  },
  // Known by their text wherever they are: the order a run appends them in is only a guess.
  'the generated in reverse order': (text) => {
    const l = split(text);
    const at = l.items.map((x, i) => [x, i] as const).filter(([x]) => isGeneratedText(x));
    const reversed = at.map(([x]) => x).reverse();
    at.forEach(([, i], k) => (l.items[i] = reversed[k]!));
    return join(l);
  },
  'a generated object first': onGenerated((x, l) => (l.items.unshift(x), [])),
  'mirrors changed': (text) => text.replace('mirror.example.com/0/', 'mirror.example.com/changed/'),
  'items at column 2': (text) => {
    const l = split(text);
    return l.head + l.items.map((x) => x.replace(/^(?!$)/gm, '  ')).join('') + l.tail;
  },
  'validate only': (text) =>
    text.includes('functionConfig:')
      ? text
      : text.replace(
          '\nitems:\n',
          '\nfunctionConfig:\n  apiVersion: fn.image-tag-mirrors.dev/v1alpha1\n  kind: ImageTagMirrors\n  spec:\n    validateOnly: true\nitems:\n',
        ),
  CRLF: (text) => text.replace(/\r?\n/g, '\r\n'),
};

const clusterArb: fc.Arbitrary<Cluster> = fc.record({
  name: fc.constantFrom('a', 'b', 'c-1', 'true', '0644', 'x.y', 'Upper'),
  namespace: fc.constantFrom('clusters', 'other', 'yes', ''),
  mirrors: fc.oneof(
    fc.uniqueArray(fc.constantFrom('quay.io/a', 'quay.io/b', 'registry.example.com/team/app', '*.example.org'), {
      maxLength: 3,
    }),
    fc.constant('bad' as const),
  ),
  pools: fc.integer({ min: 0, max: 2 }),
});

describe('an earlier run known by its text', () => {
  afterEach(() => vi.restoreAllMocks());

  it('gives the output and results of reading it, whatever was done to it between the runs', () => {
    fc.assert(
      fc.property(
        fc.array(clusterArb, { minLength: 1, maxLength: 4 }),
        fc.array(fc.tuple(fc.constantFrom(...Object.keys(CHANGES)), fc.nat()), { maxLength: 3 }),
        (clusters, changes) => {
          let text = outputOf(listOf(clusters)).text;
          for (const [name, pick] of changes) text = CHANGES[name]!(text, pick);
          const known = outputOf(text);
          const read = outputOf(text, { earlierOutput: false });
          expect(known.text).toBe(read.text);
          expect(known.results).toEqual(read.results);
        },
      ),
      { numRuns: Number(process.env.PROP_RUNS ?? 300) },
    );
  });

  it.each(Object.keys(CHANGES))('each change alone: %s', (name) => {
    const clusters: Cluster[] = [
      { name: 'a', namespace: 'clusters', mirrors: ['quay.io/a', 'quay.io/b'], pools: 1 },
      { name: 'a', namespace: 'other', mirrors: ['quay.io/a'], pools: 0 },
      { name: 'b', namespace: 'clusters', mirrors: ['registry.example.com/team/app'], pools: 1 },
    ];
    const first = outputOf(listOf(clusters)).text;
    for (let pick = 0; pick < 4; pick++) {
      const text = CHANGES[name]!(first, pick);
      const known = outputOf(text);
      expect(known.text).toBe(outputOf(text, { earlierOutput: false }).text);
      expect(known.results).toEqual(outputOf(text, { earlierOutput: false }).results);
    }
  });

  it('clusters of one name in 300 namespaces (namespacedNames): each ConfigMap known by its own cluster', () => {
    const clusters: Cluster[] = Array.from({ length: 300 }, (_, i) => ({
      name: 'a',
      namespace: `ns-${i}`,
      mirrors: ['quay.io/a'],
      pools: 0,
    }));
    const config =
      'functionConfig:\n  apiVersion: fn.image-tag-mirrors.dev/v1alpha1\n  kind: ImageTagMirrors\n  spec:\n    namespacedNames: true\n';
    const first = outputOf(listOf(clusters).replace('\nitems:\n', `\n${config}items:\n`)).text;
    expect(first).not.toMatch(/^results:/m);
    const items = split(first).items;
    const generated = items.map((x, i) => [x, i] as const).filter(([x]) => isGeneratedText(x));
    expect(generated.length).toBe(600);
    const reads = vi.spyOn(SpanItem.prototype, 'fast');
    expect(outputOf(first).text).toBe(first);
    const read = new Set(reads.mock.contexts.map((item) => (item as SpanItem).index));
    expect(generated.filter(([, i]) => i !== items.length - 1 && read.has(i)).length).toBe(0);
  });

  it('reads none of them when the earlier output holds them in another order', () => {
    const clusters: Cluster[] = [0, 1, 2, 3, 4].map((i) => ({
      name: `c${i}`,
      namespace: 'clusters',
      mirrors: ['quay.io/a'],
      pools: 1,
    }));
    const l = split(outputOf(listOf(clusters)).text);
    // The generated objects, shuffled (a fixed permutation), then the items they came after.
    const generated = l.items.filter(isGeneratedText);
    const shuffled = [3, 7, 0, 9, 1, 5, 2, 8, 4, 6].map((i) => generated[i]!);
    expect(shuffled.length).toBe(generated.length);
    const text = l.head + [...shuffled, ...l.items.filter((x) => !isGeneratedText(x))].join('') + l.tail;
    const reads = vi.spyOn(SpanItem.prototype, 'fast');
    const again = outputOf(text);
    expect(again.text).toBe(text);
    const read = new Set(reads.mock.contexts.map((item) => (item as SpanItem).index));
    expect(shuffled.filter((_, i) => read.has(i))).toEqual([]);
    expect(again).toEqual(outputOf(text, { earlierOutput: false }));
  });

  it('an item that only starts as a generated object is read as any other, once', () => {
    const clusters: Cluster[] = [{ name: 'c', namespace: 'clusters', mirrors: ['quay.io/a'], pools: 0 }];
    const l = split(outputOf(listOf(clusters)).text);
    // Their first lines and names are a generated ConfigMap's: they wait, are compared, and are read.
    const foreign = Array.from(
      { length: 50 },
      (_, i) =>
        `- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: other-${i}-image-tag-mirrors\n    namespace: clusters\n  data:\n    k: v\n`,
    );
    const text = l.head + [...foreign, ...l.items].join('') + l.tail;
    const reads = vi.spyOn(SpanItem.prototype, 'fast');
    const again = outputOf(text);
    const counts = new Map<number, number>();
    for (const item of reads.mock.contexts) {
      const i = (item as SpanItem).index;
      counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    expect(foreign.map((_, i) => counts.get(i))).toEqual(foreign.map(() => 1));
    expect(again.text).toBe(text);
    expect(again).toEqual(outputOf(text, { earlierOutput: false }));
  });

  it('reads none of the generated objects of an unchanged output, and writes it back as it is', () => {
    const clusters: Cluster[] = [0, 1, 2, 3].map((i) => ({
      name: `c${i}`,
      namespace: ['clusters', 'yes', '', 'other'][i]!,
      mirrors: ['quay.io/a', 'registry.example.com/team/app'],
      pools: 1,
    }));
    const first = outputOf(listOf(clusters)).text;
    const generated = split(first)
      .items.map((x, i) => [x, i] as const)
      .filter(([x]) => isGeneratedText(x))
      .map(([, i]) => i);
    expect(generated.length).toBe(8);
    const reads = vi.spyOn(SpanItem.prototype, 'fast');
    const again = outputOf(first);
    expect(again.text).toBe(first);
    const readIndexes = new Set(reads.mock.contexts.map((item) => (item as SpanItem).index));
    // The last item is read whatever it is: a truncated input damages that one (checkLast).
    const last = split(first).items.length - 1;
    expect(generated.filter((i) => i !== last && readIndexes.has(i))).toEqual([]);
    expect(generated.filter((i) => i !== last).length).toBe(7);
  });
});
