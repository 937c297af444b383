// Items with aliases (red team 2, #5): whether an alias names an anchor that only another item
// sets decides if the item is read from the whole document. The check searched the item and
// the whole input once per alias: random bytes on one line (a `*` after a space about every
// 13 kB) made it quadratic (20 MB: 12 s). Now each name set is made once; the work counter
// (src/work.ts) bounds its steps by the input's size, for any content.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readResourceList } from '../../src/krm/read.js';
import { work } from '../../src/work.js';

const HEADER = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';

/** n bytes from a fixed-seed xorshift (no line breaks): the same "random" input every run. */
function randomBytes(n: number, seed: number): Buffer {
  let s = seed >>> 0 || 1;
  const out = Buffer.alloc(n);
  for (let i = 0; i < n;) {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    const b = s & 255;
    if (b !== 10 && b !== 13) out[i++] = b;
  }
  return out;
}

/** Reads the list and loads every item (the last item is always loaded: checkLast). */
function stepsToRead(input: Buffer): number {
  work.reset();
  try {
    const list = readResourceList(input);
    for (const item of list.candidates([])) item.load();
  } catch {
    // Not a ResourceList is an answer too: only the work counts here.
  }
  return work.steps;
}

describe('alias checks are linear in the input', () => {
  it.each([1, 2, 3])('a header and random bytes on one line (seed %i): steps bounded by the size', (seed) => {
    const n = 1 << 19;
    const bytesOf = (size: number) => Buffer.concat([Buffer.from(`${HEADER}- a: `), randomBytes(size, seed)]);
    const small = stepsToRead(bytesOf(n));
    const big = stepsToRead(bytesOf(2 * n));
    // The input holds aliases (the case that was quadratic) ...
    expect(small).toBeGreaterThan(n);
    // ... and the work is a few passes over it, however many there are.
    expect(small).toBeLessThan(4 * n);
    expect(big / small, `steps ${small} -> ${big}`).toBeLessThan(2.5);
  });

  it('property: any item text of aliases, anchors and noise costs a few passes over the input', () => {
    const token = fc.oneof(
      fc.constantFrom(' ', ',', '[', '{', 'a', '&', '*', ':', '- '),
      fc.stringMatching(/^[*&][a-c]{1,3}$/).map((t) => ` ${t}`),
    );
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 400 }), (tokens) => {
        const text = `${HEADER}- a: b\n- c: ${tokens.join('')}\n`;
        const input = Buffer.from(text);
        expect(stepsToRead(input)).toBeLessThanOrEqual(3 * input.length + 2);
      }),
    );
  });
});

describe('an alias to another item resolves as before', () => {
  const TABLE: [string, string, unknown][] = [
    ['anchor in an earlier item', `- a: &x {k: v}\n- b: *x\n`, { b: { k: 'v' } }],
    ['anchor in the item itself', `- a: 1\n- b: &x v\n  c: *x\n`, { b: 'v', c: 'v' }],
    ['a longer anchor elsewhere is another name', `- a: &xy v\n- b: &x w\n  c: *x\n`, { b: 'w', c: 'w' }],
  ];
  it.each(TABLE)('%s', (_, items, value) => {
    const list = readResourceList(`${HEADER}${items}`);
    const last = list.candidates([]).at(-1)!;
    const loaded = last.load();
    expect(loaded.ok && loaded.value.obj).toEqual(value);
  });
});
