// One bounded memo for the pure answers a fleet repeats: a few hundred sources, mirrors, names
// and release images come back thousands of times (1,000 clusters: 24,000 scopes, 132
// distinct), and a lookup costs less than computing again.

/**
 * Answers remembered by their string key. Bounded twice: only keys up to `maxKeyLength` are
 * remembered (a longer one is not even hashed to look it up: any length reaches here), and
 * the memo is emptied when it holds `maxEntries`.
 */
export class ShortKeyMemo<V> {
  private readonly map = new Map<string, V>();
  constructor(
    private readonly maxEntries: number,
    private readonly maxKeyLength = 256,
  ) {}

  /** The answer remembered for `key`, or undefined. */
  get(key: string): V | undefined {
    return key.length <= this.maxKeyLength ? this.map.get(key) : undefined;
  }

  /** Remembers `value` for `key` (when the key is short enough) and returns it. */
  remember(key: string, value: V): V {
    if (key.length <= this.maxKeyLength) {
      if (this.map.size >= this.maxEntries) this.map.clear();
      this.map.set(key, value);
    }
    return value;
  }
}
