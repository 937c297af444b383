// documentsOf: the documents of a stream one at a time, as parseAllDocuments counts them.
import { describe, expect, it, vi } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isScalar, LineCounter, parseAllDocuments } from 'yaml';
import { documentsOf, fastDocuments } from '../../src/check/documents.js';
import { ROOT } from '../helpers/run-fn.js';
import { MAX_NESTING } from '../../src/krm/nesting.js';

const STREAMS = [
  '',
  '# only a comment\n',
  'a: 1\n',
  '# c\n---\na: 1\n',
  'a: 1\n---\n',
  '---\n---\n',
  'a: 1\n...\nb: 1\n',
  'a: 1\n...\n# c\n',
  'a: 1\n...\n---\nb: 1\n',
  '%YAML 1.2\n---\na: 1\n',
  '--- # x\na: 1\n--- !!map\nb: 1\n',
  'a: |\n  x\n---\n',
  'a: 1\n...\n...\n',
  'a: [1\n---\nb: 2\n',
  'kind: A\n---\nkind: B\n---\n- source: x\n',
];

describe('documentsOf', () => {
  it.each(STREAMS.map((s) => [JSON.stringify(s), s]))('%s: the same documents as parseAllDocuments', (_, text) => {
    const want = parseAllDocuments(text);
    const got = [...documentsOf(text, new LineCounter())];
    const all = Array.isArray(want) ? want : [];
    expect(got.map((d) => d.index)).toEqual(all.map((_, i) => i));
    expect(got.map((d) => [d.start, d.end])).toEqual(all.map((d) => [d.range[0], d.range[2]]));
    expect(got.map((d) => d.doc.toJS())).toEqual(all.map((d) => d.toJS()));
    expect(got.map((d) => d.problem !== undefined)).toEqual(all.map((d) => d.errors.length > 0));
  });

  it('a syntax error: its message without the position, and its line and column', () => {
    const [, second] = [...documentsOf('a: 1\n---\nb: [1\n', new LineCounter())];
    expect(second!.problem?.message).toMatch(/^not valid YAML: /);
    expect(second!.problem?.message).not.toMatch(/at line/);
    expect(second!.problem?.position.line).toBeGreaterThanOrEqual(3);
  });

  it('nesting past the limit: reported at the collection, the document still counted, the next read', () => {
    const deep = `x: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    const docs = [...documentsOf(`a: 1\n---\n${deep}---\nb: 2\n`, new LineCounter())];
    expect(docs.map((d) => d.index)).toEqual([0, 1, 2]);
    expect(docs[1]!.problem).toEqual({
      message: `nesting deeper than ${MAX_NESTING} levels: not supported`,
      position: { line: 3, column: 4 + MAX_NESTING - 1, endLine: 3, endColumn: 4 + MAX_NESTING - 1 },
    });
    expect(docs[2]!.doc.toJS()).toEqual({ b: 2 });
  });

  // Once a bug: check refused (exit 2) any document nested past the bound, though kpt and
  // kubectl read it; only a document check may need is refused now (the function's bound).
  const deep = `${'['.repeat(1000)}${']'.repeat(1000)}`;
  it.each([
    ['kind: ConfigMap\nmetadata: {name: x}', false],
    ["kind: 'Deployment'\nmetadata:\n  name: x", false],
    ['{kind: Service, metadata: {name: x}}', false],
    ['kind: ConfigMap\nmetadata: {name: c1-image-tag-mirrors}', true],
    ['kind: ConfigMap\nmetadata: {name: "c1-\\x69mage"}', true],
    ['kind: ConfigMap', true],
    ['kind: HostedCluster', true],
    ['kind: NodePool', true],
    ['kind: Secret', true],
    ['kind: ImageTagMirrorSet', true],
    ['kind: MachineConfig', true],
    ['kind: ImageTagMirrors', true],
    ['kind: Kptfile', true],
    ['kind: ConfigMapList', true],
    ['kind: !!binary SG9zdGVkQ2x1c3Rlcg==', true],
    ['kind: *k', true],
    ['"\\x6bind": Deployment', true],
    ['apiVersion: v1', true],
  ])('nested too deeply, %j: refused %s', (head, refused) => {
    // A flow map gets the deep value inside it.
    const text = head.startsWith('{') ? `${head.slice(0, -1)}, x: ${deep}}` : `${head}\nx: ${deep}`;
    const [d, next] = [...documentsOf(`${text}\n---\nb: 2\n`, new LineCounter())];
    if (refused) {
      expect(d!.problem?.message).toBe(`nesting deeper than ${MAX_NESTING} levels: not supported`);
      expect(d!.unread).toBeUndefined();
    } else {
      expect(d!.problem).toBeUndefined();
      expect(d!.unread).toBe(true);
    }
    expect(next!.doc.toJS()).toEqual({ b: 2 });
  });

  // Once a bug: building a document with a complex key printed a Node process warning.
  it('a complex key is read without a process warning', () => {
    const warn = vi.spyOn(process, 'emitWarning');
    try {
      const [d] = [...documentsOf('? [x, y]\n: z\n', new LineCounter())];
      expect(d!.doc.toJS()).toEqual({ '[ x, y ]': 'z' });
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});

// fastDocuments: plain block YAML read without the parser's trees (registries-conf), or
// undefined (documentsOf reads it). Where it reads a file, it must read what documentsOf reads:
// the same documents with content, at the same indices, with the same values.
describe('fastDocuments', () => {
  /** [index, value] of every document with content, as documentsOf reads them. */
  const slow = (text: string) =>
    [...documentsOf(text, new LineCounter())]
      .filter(
        (d) => !d.problem && d.doc.contents !== null && !(isScalar(d.doc.contents) && d.doc.contents.value === null),
      )
      .map((d) => [d.index, d.doc.toJS()] as [number, unknown]);
  const fast = (text: string) =>
    fastDocuments(text, new LineCounter())
      ?.filter((d) => d.value !== undefined)
      .map((d) => [d.index, d.value] as [number, unknown]);

  it.each([
    ['a: x\n', [[0, { a: 'x' }]]],
    ['# c\n---\na: x\n', [[0, { a: 'x' }]]],
    ['\n# c\n\n---\n---\na: x\n', [[1, { a: 'x' }]]],
    ['a: x\n---\n', [[0, { a: 'x' }]]],
    [
      'a: x\n---\n# only a comment\n---\nb: w',
      [
        [0, { a: 'x' }],
        [2, { b: 'w' }],
      ],
    ],
    [
      'a: |\n  x\n---\nb: w\n',
      [
        [0, { a: 'x\n' }],
        [1, { b: 'w' }],
      ],
    ],
    ['a: |\n  ---\n  x\n', [[0, { a: '---\nx\n' }]]],
    ['a:\n- x\n- w\nb:\n  c: [d, e]\n', [[0, { a: ['x', 'w'], b: { c: ['d', 'e'] } }]]],
    ['a: "x"  # c\n# c at column 0\nb: \'w\'\n', [[0, { a: 'x', b: 'w' }]]],
    ['', []],
    ['# only a comment\n', []],
  ])('%j: read', (text, want) => {
    expect(fast(text)).toEqual(want);
    expect(slow(text)).toEqual(want);
  });

  it.each([
    ['a number', 'a: 1\n'],
    ['a boolean', 'a: true\n'],
    ['a directive', '%YAML 1.2\n---\na: x\n'],
    ['a marker with text after it', 'a: x\n--- # c\nb: w\n'],
    ['a document end marker', 'a: x\n...\nb: w\n'],
    ['a top-level list (a mirror list file)', '- source: x\n'],
    ['an indented map', '  a: x\n'],
    ['CRLF', 'a: x\r\n'],
    ['a BOM', '\ufeffa: x\n'],
    ['an anchor', 'a: &x y\nb: *x\n'],
    ['a flow map', '{a: x}\n'],
    ['a tab', 'a:\n\tb: x\n'],
    ['a duplicate key', 'a: x\na: y\n'],
    ['YAML that does not parse', 'a: [x\n'],
    ['a line that starts with --- but is no marker', 'a: x\n---b: w\n'],
  ])('%s: left to documentsOf', (_, text) => {
    expect(fastDocuments(text, new LineCounter())).toBeUndefined();
  });

  it('every YAML file of the repository it reads: what documentsOf reads, and the same lines', () => {
    let read = 0;
    const walk = (dir: string): string[] =>
      readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(`${dir}/${e.name}`) : /\.ya?ml$/.test(e.name) ? [`${dir}/${e.name}`] : [],
      );
    for (const path of [...walk('testdata'), ...walk('examples')]) {
      const text = readFileSync(join(ROOT, path), 'utf8');
      const lines = new LineCounter();
      const got = fastDocuments(text, lines);
      if (!got) continue;
      read++;
      expect(fast(text), path).toEqual(slow(text));
      const parsed = new LineCounter();
      [...documentsOf(text, parsed)].forEach(() => undefined);
      expect(lines.lineStarts, path).toEqual(parsed.lineStarts);
    }
    // Most of them are plain block YAML of strings; the rest have numbers, booleans, flow maps.
    expect(read).toBeGreaterThan(100);
  });
});
