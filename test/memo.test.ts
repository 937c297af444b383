// src/memo.ts: the one bounded memo of the fleet's repeated answers.
import { describe, expect, it } from 'vitest';
import { ShortKeyMemo } from '../src/memo.js';

describe('ShortKeyMemo', () => {
  it('remembers the answer of a short key and returns what it remembers', () => {
    const m = new ShortKeyMemo<string>(4, 8);
    expect(m.get('a')).toBeUndefined();
    expect(m.remember('a', 'A')).toBe('A');
    expect(m.get('a')).toBe('A');
    expect(m.remember('a', 'B')).toBe('B');
    expect(m.get('a')).toBe('B');
  });

  it.each([
    ['at the length limit', 'x'.repeat(8), 'kept'],
    ['past the length limit', 'x'.repeat(9), 'not kept'],
    ['the empty key', '', 'kept'],
  ])('a key %s is %s', (_, key, kept) => {
    const m = new ShortKeyMemo<number>(4, 8);
    expect(m.remember(key, 1)).toBe(1); // returned either way
    expect(m.get(key)).toBe(kept === 'kept' ? 1 : undefined);
  });

  it('is emptied when full, then fills again: never more than its bound', () => {
    const m = new ShortKeyMemo<number>(3);
    for (const k of ['a', 'b', 'c']) m.remember(k, k.charCodeAt(0));
    expect(['a', 'b', 'c'].map((k) => m.get(k))).toEqual([97, 98, 99]);
    m.remember('d', 100); // the fourth: the three go, d stays
    expect(['a', 'b', 'c', 'd'].map((k) => m.get(k))).toEqual([undefined, undefined, undefined, 100]);
  });

  it('keeps null as an answer (a failed parse is remembered too)', () => {
    const m = new ShortKeyMemo<string | null>(2);
    m.remember('bad', null);
    expect(m.get('bad')).toBeNull();
  });
});
