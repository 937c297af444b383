// tooDeep: nesting measured on the CST, iteratively, before a document is built.
import { describe, expect, it } from 'vitest';
import { Parser, type CST } from 'yaml';
import { MAX_NESTING, tooDeep } from '../../src/krm/nesting.js';

const doc = (text: string) => [...new Parser().parse(text)].find((t): t is CST.Document => t.type === 'document')!;
const flow = (n: number) => `a: ${'['.repeat(n)}${']'.repeat(n)}\n`;
const block = (n: number) =>
  Array.from({ length: n }, (_, i) => `${' '.repeat(i)}k:\n`).join('') + `${' '.repeat(n)}v\n`;
const seqs = (n: number) => `${'- '.repeat(n)}x\n`;

describe('tooDeep', () => {
  it.each([
    ['a flat map', 'a: 1\nb: 2\n', undefined],
    ['flow sequences at the limit (the map is one level)', flow(MAX_NESTING - 1), undefined],
    ['flow sequences one past the limit', flow(MAX_NESTING), MAX_NESTING + 1],
    ['block maps at the limit', block(MAX_NESTING), undefined],
    ['block maps one past the limit', block(MAX_NESTING + 1), MAX_NESTING + 1],
    ['compact block sequences past the limit', seqs(MAX_NESTING + 5), MAX_NESTING + 1],
    ['a flow map in a block map', 'a:\n  b: {c: [d, {e: f}]}\n', undefined],
  ])('%s', (_, text, depth) => {
    expect(tooDeep(doc(text))?.depth).toBe(depth);
  });
  it('points at the collection that goes too deep', () => {
    const found = tooDeep(doc(flow(300)));
    expect(found?.offset).toBe(3 + MAX_NESTING - 1);
  });
  it('measures 100,000 levels without recursion (no stack overflow)', () => {
    expect(tooDeep(doc(flow(100_000)))?.depth).toBe(MAX_NESTING + 1);
  });
  it('takes a smaller limit', () => {
    expect(tooDeep(doc('a: [[1]]\n'), 2)?.depth).toBe(3);
    expect(tooDeep(doc('a: [[1]]\n'), 3)).toBeUndefined();
  });
});
