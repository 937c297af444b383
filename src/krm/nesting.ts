// How deeply a YAML document nests, measured on the parser's concrete syntax tree before the
// document is built: building (and every recursive walk after it) would overflow the stack
// past some depth that depends on the Node version. A fixed limit gives the same answer on
// every Node, and a message instead of "Maximum call stack size exceeded".
import { Parser, type CST } from 'yaml';

/** Deeper than this is refused. Kubernetes objects nest a few dozen levels; the parser copes with ~800. */
export const MAX_NESTING = 256;

/** The problem of a document nested deeper than MAX_NESTING (it starts as the stack-overflow message did). */
export const NESTED_TOO_DEEPLY = `nested too deeply to read (more than ${MAX_NESTING} levels)`;

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

const CLOSES = new Set(['flow-seq-end', 'flow-map-end']);

/**
 * A syntax error the parser's concrete syntax tree shows, found without building the document
 * (so at any depth, iteratively): an error token, a flow collection or quoted scalar never
 * closed. What a cut through a document nested too deeply to build leaves behind.
 */
export function unbuiltSyntaxError(src: string): string | undefined {
  const stack: (CST.Token | null | undefined)[] = [];
  for (const token of new Parser().parse(src)) stack.push(token);
  while (stack.length > 0) {
    const token = stack.pop();
    if (!token) continue;
    switch (token.type) {
      case 'error':
        return token.message;
      case 'document':
        stack.push(token.value);
        break;
      case 'flow-collection':
        if (!token.end.some((t) => CLOSES.has(t.type)))
          return `flow collection at offset ${token.offset} is not closed`;
        pushItems(stack, token.items);
        break;
      case 'block-map':
      case 'block-seq':
        pushItems(stack, token.items);
        break;
      case 'double-quoted-scalar':
        if (!/[^\\](?:\\\\)*"$/.test(token.source)) return `quoted scalar at offset ${token.offset} is not closed`;
        break;
      case 'single-quoted-scalar':
        if (token.source.length < 2 || !token.source.endsWith("'"))
          return `quoted scalar at offset ${token.offset} is not closed`;
        break;
    }
  }
  return undefined;
}

function pushItems(
  stack: (CST.Token | null | undefined)[],
  items: readonly { key?: CST.Token | null; value?: CST.Token }[],
): void {
  for (const item of items) stack.push(item.key, item.value);
}
