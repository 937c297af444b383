// check's loader releases each document's tree once results are placed (loadInputs' forget):
// a result placed later parses its document again, alone when it reads the same alone, else
// with its file. Every field of every subject is placed at the same line and column either way.
import { describe, expect, it } from 'vitest';
import { loadInputs, type InputFile, type Subject } from '../../src/check/subjects.js';
import { formatSegments, type Segment } from '../../src/check/locate.js';
import { isObject } from '../../src/krm/kube.js';

const HC = (name: string, extra = '') =>
  `apiVersion: hypershift.openshift.io/v1beta1\nkind: HostedCluster\nmetadata:\n  name: ${name}\n  namespace: clusters\nspec:\n  release:\n    image: quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64\n  imageTagMirrorSet:\n  - source: quay.io/a\n    mirrors:\n    - mirror.example.com/a${extra}\n`;
const indent = (s: string, n: number) =>
  s
    .split('\n')
    .map((l) => (l ? ' '.repeat(n) + l : l))
    .join('\n');

const FILES: [string, string][] = [
  ['one document', HC('a')],
  ['three documents', `${HC('a')}---\n${HC('b')}---\n# a comment\n${HC('c')}`],
  ['a document after an empty one', `---\n---\n${HC('a')}`],
  [
    'a List',
    `apiVersion: v1\nkind: List\nitems:\n- ${indent(HC('a'), 2).trimStart()}- ${indent(HC('b'), 2).trimStart()}`,
  ],
  ['CRLF line ends', `${HC('a')}---\n${HC('b')}`.replace(/\n/g, '\r\n')],
  ['a %YAML directive', `%YAML 1.1\n---\n${HC('a')}`],
  [
    'a %TAG directive the document uses',
    `%TAG !e! tag:example.com,2000:\n---\n${HC('a').replace('name: a', 'name: !e!x a')}`,
  ],
  [
    'flow style',
    `{apiVersion: hypershift.openshift.io/v1beta1, kind: HostedCluster, metadata: {name: a, namespace: n},\n  spec: {imageTagMirrorSet: [{source: quay.io/a, mirrors: [m.example.com/a]}]}}\n`,
  ],
  [
    'an anchor and an alias',
    HC(
      'a',
      '\n  - source: quay.io/b\n    mirrors: &m\n    - mirror.example.com/b\n  - source: quay.io/c\n    mirrors: *m',
    ),
  ],
  [
    'a document that starts on its --- line',
    `${HC('a')}--- {apiVersion: hypershift.openshift.io/v1beta1, kind: HostedCluster, metadata: {name: b}, spec: {imageTagMirrorSet: [{source: quay.io/b}]}}\n`,
  ],
  ['an indented first document', indent(HC('a'), 1)],
  [
    'a mirror list file',
    '- source: quay.io/a\n  mirrors:\n  - m.example.com/a\n- source: quay.io/b\n  mirrors: [m.example.com/b]\n',
  ],
];

/** Every field path of a value, parents first, and some that are not there. */
function paths(v: unknown, at: Segment[] = [], out: Segment[][] = []): Segment[][] {
  out.push(at);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
  else if (isObject(v)) for (const k of Object.keys(v)) paths(v[k], [...at, k], out);
  else out.push([...at, 'missing']);
  return out;
}

const placeAll = (subjects: Subject[]) =>
  subjects.flatMap((s) =>
    paths(s.kind === 'MirrorList' ? s.spec : s.obj).map((p) => {
      const field = formatSegments(s.kind === 'MirrorList' ? ['spec', 'imageTagMirrorSet', ...p] : p);
      const { line, column, endLine, endColumn, segments, atKey } = s.locate(field || undefined, 'unknown-field');
      const plain = s.locate(field || undefined);
      return `${s.file}#${s.document} ${field}: ${line}:${column}-${endLine}:${endColumn} ${formatSegments(segments)} ${atKey} / ${plain.line}:${plain.column}`;
    }),
  );

describe('loadInputs: places are the same after the trees are released', () => {
  it.each(FILES)('%s', (_, text) => {
    const files: InputFile[] = [{ path: 'a.yaml', text }];
    const kept = loadInputs(files);
    expect(kept.problems).toEqual([]);
    expect(kept.subjects.length).toBeGreaterThan(0);
    const before = placeAll(kept.subjects);
    const released = loadInputs(files);
    released.forget();
    expect(placeAll(released.subjects)).toEqual(before);
    // And in the other order of subjects (no parse kept from the one before is reused wrongly).
    expect(placeAll([...released.subjects].reverse())).toEqual(placeAll([...kept.subjects].reverse()));
  });

  it('a place is not where the document starts unless it is (the paths are really found)', () => {
    const [s] = loadInputs([{ path: 'a.yaml', text: `${HC('x')}---\n${HC('a')}` }]).subjects.slice(1);
    const released = loadInputs([{ path: 'a.yaml', text: `${HC('x')}---\n${HC('a')}` }]);
    released.forget();
    const at = released.subjects[1]!.locate('spec.imageTagMirrorSet[0].mirrors[0]');
    expect([at.line, at.column]).toEqual([25, 7]);
    expect(s!.locate('spec.imageTagMirrorSet[0].mirrors[0]').line).toBe(25);
  });
});
