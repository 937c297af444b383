// A deterministic count of the steps the rules, the mirror merge and the indexes take, per
// entry, node, trie step or comparison. Tests prove with it that the work grows as n log n in
// the number of entries (test/hostile/scale.test.ts); no timing involved.
let steps = 0;

export const work = {
  get steps(): number {
    return steps;
  },
  reset(): void {
    steps = 0;
  },
};

/** Counts n steps of work. */
export function tick(n = 1): void {
  steps += n;
}

/** byteOrder that counts each comparison (for sorts of entries). */
export function countedOrder(compare: (a: string, b: string) => number): (a: string, b: string) => number {
  return (a, b) => {
    steps++;
    return compare(a, b);
  };
}
