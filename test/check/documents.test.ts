// documentsOf: the documents of a stream one at a time, as parseAllDocuments counts them.
import { describe, expect, it, vi } from 'vitest';
import { LineCounter, parseAllDocuments } from 'yaml';
import { documentsOf } from '../../src/check/documents.js';
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
