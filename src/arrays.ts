// Array helpers that never spread an array into call arguments. V8 puts spread arguments on
// the stack and throws "Maximum call stack size exceeded" past ~125k of them, and our lists
// (results, splices, attempts) are as long as the input makes them. The lint config forbids
// call spreads in src/ and fn/ (eslint.config.mjs); these take their place.

/** Appends every element of `items` to `target` (what `target.push(...items)` does, at any length). */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}

/** The largest of `values`, or `empty` when there is none (`Math.max(...values)` at any length). */
export function maxOf(values: Iterable<number>, empty = -Infinity): number {
  let max = empty;
  for (const v of values) if (v > max || Number.isNaN(v)) max = v;
  return max;
}
