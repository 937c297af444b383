// runtime-utils ScopeIsNestedInsideScope (pkg/registries/registries.go, vendored by MCO), and
// an index that answers it against many scopes at once, in time linear in the tested string.
//
// ScopeIsNestedInsideScope(sub, sup) is true iff
//   (a) sub == sup, or
//   (b) sub starts with sup and the next character is "/" (any sup, wildcard or not), or
//   (c) sup starts with "*." and host(sub) ends with sup[1:] (".example.com"), where
//       host(sub) = the part before the first ":" if sub has one (and then that part must not
//       contain "/"), else the part before the first "/".
// So "quay.io:443" is not inside "quay.io" (only "/" continues a scope), and "*.x.com" covers
// "a.x.com", "a.x.com:5000/p" and "*.a.x.com", but not "x.com".
// MCO evaluates it in nested loops (every scope against every block and mirror); the index
// answers "the first scope, in list order, that encloses sub" instead:
//   (a)+(b): a trie over "/"-separated segments: sub == sup or sub = sup + "/" + ... iff the
//            segments of sup are a prefix of the segments of sub;
//   (c):     a trie over the "."-separated labels of sup[2:], last label first: ".D" ends host
//            iff host has more labels than D and its last labels are D's.
import { nodeAt, trieNode, walkLabelsFromEnd, walkSegments, type TrieNode } from './trie.js';

/** The Go function, verbatim in behaviour; for single checks and as the tests' oracle. */
export function scopeIsNestedInsideScope(sub: string, sup: string): boolean {
  if (sup === sub) return true;
  if (sub.length > sup.length && sub.startsWith(sup) && sub[sup.length] === '/') return true;
  if (sup.startsWith('*.')) {
    const host = wildcardHost(sub);
    return host !== undefined && host.endsWith(sup.slice(1));
  }
  return false;
}

/** host(sub) of rule (c), or undefined when sub has a ":" and the part before it has a "/". */
function wildcardHost(sub: string): string | undefined {
  const colon = sub.indexOf(':');
  if (colon >= 0) {
    const head = sub.slice(0, colon);
    return head.includes('/') ? undefined : head;
  }
  const slash = sub.indexOf('/');
  return slash >= 0 ? sub.slice(0, slash) : sub;
}

/** A node's value: the smallest number of a scope ending there. */
function insert(root: TrieNode<number>, parts: readonly string[], value: number): void {
  const n = nodeAt(root, parts);
  if (n.value === undefined || value < n.value) n.value = value;
}

/**
 * A set of scopes, each with a number (its position in some order). `minEnclosing(sub)` is the
 * smallest number of a scope sup with scopeIsNestedInsideScope(sub, sup), Infinity if none.
 * Building is linear in the total length of the scopes; a query linear in sub's length.
 */
export class ScopeIndex {
  private readonly segments = trieNode<number>();
  private readonly labels = trieNode<number>();

  add(scope: string, value: number): void {
    insert(this.segments, scope.split('/'), value);
    if (scope.startsWith('*.')) insert(this.labels, scope.slice(2).split('.').reverse(), value);
  }

  minEnclosing(sub: string): number {
    let best = Infinity;
    const lower = (n: TrieNode<number>) => {
      if (n.value !== undefined && n.value < best) best = n.value;
    };
    // (a)+(b): every prefix of sub's segments that is a scope.
    walkSegments(this.segments, sub, lower);
    // (c): wildcard scopes whose ".D" ends host(sub), D's labels walked from the end; host ==
    // ".D" counts too (Go's strings.HasSuffix).
    if (this.labels.children.size > 0) {
      const host = wildcardHost(sub);
      if (host !== undefined) walkLabelsFromEnd(this.labels, host, lower);
    }
    return best;
  }

  /** The value of the longest scope sup with sub == sup or sub = sup + "/" + ... (rules a and b only). */
  deepestSegmentEnclosing(sub: string): number | undefined {
    let found: number | undefined;
    walkSegments(this.segments, sub, (n) => {
      if (n.value !== undefined) found = n.value;
    });
    return found;
  }

  encloses(sub: string): boolean {
    return this.minEnclosing(sub) !== Infinity;
  }
}

/** An index of scopes numbered by their position in the list (the first of duplicates counts). */
export function scopeIndex(scopes: readonly string[]): ScopeIndex {
  const idx = new ScopeIndex();
  scopes.forEach((s, i) => idx.add(s, i));
  return idx;
}
