// The one trie of the registry indexes (RegistryIndex in match.ts, ScopeIndex in nesting.ts):
// string parts to nodes, each node maybe holding a value. Scopes go in as their "/" segments,
// wildcard domains as their "." labels, last label first; a query walks a name's segments from
// the left or a host's labels from the right, visiting every node on the way (each step ticks).
import { tick } from '../work.js';

export interface TrieNode<T> {
  children: Map<string, TrieNode<T>>;
  value?: T;
}

export const trieNode = <T>(): TrieNode<T> => ({ children: new Map() });

/** The node at the end of parts, made as needed (the caller sets or merges its value). */
export function nodeAt<T>(root: TrieNode<T>, parts: readonly string[]): TrieNode<T> {
  let n = root;
  for (const p of parts) {
    tick();
    let c = n.children.get(p);
    if (!c) {
      c = trieNode();
      n.children.set(p, c);
    }
    n = c;
  }
  return n;
}

/**
 * Walks name's "/" segments from the root: visit(node, end) for each node reached, `end` where
 * its segment ends in name (the index of the "/" after it, or name's length).
 */
export function walkSegments<T>(root: TrieNode<T>, name: string, visit: (n: TrieNode<T>, end: number) => void): void {
  let n: TrieNode<T> | undefined = root;
  let start = 0;
  for (;;) {
    tick();
    const slash = name.indexOf('/', start);
    const end = slash < 0 ? name.length : slash;
    n = n.children.get(name.slice(start, end));
    if (!n) return;
    visit(n, end);
    if (slash < 0) return;
    start = slash + 1;
  }
}

/**
 * Walks host's "." labels from the right (a label is what follows a "."; the part before the
 * first "." is never one): visit(node, dot) for each node reached, `dot` the index of the "."
 * before its label, so host.slice(dot) is the ".D" the path spells.
 */
export function walkLabelsFromEnd<T>(
  root: TrieNode<T>,
  host: string,
  visit: (n: TrieNode<T>, dot: number) => void,
): void {
  let n: TrieNode<T> | undefined = root;
  let end = host.length;
  while (end > 0) {
    tick();
    const dot = host.lastIndexOf('.', end - 1);
    if (dot < 0) return;
    n = n.children.get(host.slice(dot + 1, end));
    if (!n) return;
    visit(n, dot);
    end = dot;
  }
}
