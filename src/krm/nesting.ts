// How deeply a YAML document nests, measured on the parser's concrete syntax tree before the
// document is built: building (and every recursive walk after it) would overflow the stack
// past some depth that depends on the Node version. A fixed limit gives the same answer on
// every Node, and a message instead of "Maximum call stack size exceeded".
import type { CST } from 'yaml';

/** Deeper than this is refused. Kubernetes objects nest a few dozen levels; the parser copes with ~800. */
export const MAX_NESTING = 256;

/** Where a document first nests deeper than `max`: the offset of the collection that does. */
export interface TooDeep {
  offset: number;
  depth: number;
}

/** The first collection below `doc` deeper than `max` levels, or undefined. Iterative: no recursion. */
export function tooDeep(doc: CST.Document, max = MAX_NESTING): TooDeep | undefined {
  const stack: [CST.Token | null | undefined, number][] = [[doc.value, 0]];
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (!token) continue;
    if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      const d = depth + 1;
      if (d > max) return { offset: token.offset, depth: d };
      for (const item of token.items) {
        if ('key' in item) stack.push([item.key, d]);
        stack.push([item.value, d]);
      }
    }
  }
  return undefined;
}
