// The one host/component grammar: a linear-time recogniser for the source/mirror syntax of
// the ImageTagMirrorSet CRD, whose host and component are docker/reference's domain and path
// component (reference.ts parses image references with the same scanners).
//
// Upstream uses Go RE2 patterns (see the project's registries.conf reference); the same
// patterns backtrack exponentially in JavaScript, so each one is implemented here as a
// single left-to-right scan. The scope tests check both agree on many inputs.
//
//   source: \*(\.label)+  |  host(:port)?(/component)*
//   mirror:                  host(:port)?(/component)*
//   host = label(\.label)*, label = [A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?
//   component = [a-z0-9]+((\.|_|__|-*)[a-z0-9]+)*

import { fail, ok, type Outcome } from '../outcome.js';
import { ShortKeyMemo } from '../memo.js';

export type ScopeKind = 'wildcard' | 'registry';
/** The kind of a valid scope, or a hint that says what to change. */
export type ScopeCheck = Outcome<ScopeKind>;

// Character classes of the grammar, by UTF-16 code unit (reference.ts uses them too): one
// table lookup per character in the scanners, which every source and mirror goes through.
const DIGIT_BIT = 1,
  LOWER_BIT = 2,
  UPPER_BIT = 4;
const CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) CLASS[c] = DIGIT_BIT;
for (let c = 97; c <= 122; c++) CLASS[c] = LOWER_BIT;
for (let c = 65; c <= 90; c++) CLASS[c] = UPPER_BIT;
const classOf = (c: number) => (c < 128 ? CLASS[c]! : 0);
export const isDigit = (c: number) => c >= 48 && c <= 57;
export const isLower = (c: number) => c >= 97 && c <= 122;
export const isUpper = (c: number) => c >= 65 && c <= 90;
export const isAlnum = (c: number) => classOf(c) !== 0;
const isLowerAlnum = (c: number) => (classOf(c) & (DIGIT_BIT | LOWER_BIT)) !== 0;
export const HYPHEN = 45,
  DOT = 46,
  SLASH = 47,
  COLON = 58,
  UNDERSCORE = 95,
  STAR = 42;

/** Scans `label(.label)*` from i; returns the index after it, or -1. */
function scanHost(s: string, i: number): number {
  for (;;) {
    if (i >= s.length || !isAlnum(s.charCodeAt(i))) return -1;
    let last = s.charCodeAt(i);
    i++;
    while (i < s.length) {
      const c = s.charCodeAt(i);
      if (!isAlnum(c) && c !== HYPHEN) break;
      last = c;
      i++;
    }
    if (last === HYPHEN) return -1;
    if (i < s.length && s.charCodeAt(i) === DOT) {
      i++;
      continue;
    }
    return i;
  }
}

/** Scans one path component from i (just after a '/'); returns the index after it, or -1. */
export function scanComponent(s: string, i: number): number {
  if (i >= s.length || !isLowerAlnum(s.charCodeAt(i))) return -1;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (isLowerAlnum(c)) {
      i++;
      continue;
    }
    if (c === SLASH) return i;
    // A separator: '.', '_', '__' or a run of '-', and an alphanumeric must follow.
    let j = i;
    if (c === DOT) j = i + 1;
    else if (c === UNDERSCORE) j = s.charCodeAt(i + 1) === UNDERSCORE ? i + 2 : i + 1;
    else if (c === HYPHEN) {
      while (j < s.length && s.charCodeAt(j) === HYPHEN) j++;
    } else return -1;
    if (j >= s.length || !isLowerAlnum(s.charCodeAt(j))) return -1;
    i = j;
  }
  return i;
}

/** Scans `host(:port)?` from i (the domain of a reference); returns the index after it, or -1. */
export function scanDomain(s: string, i: number): number {
  i = scanHost(s, i);
  if (i < 0 || i >= s.length || s.charCodeAt(i) !== COLON) return i;
  const start = ++i;
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  return i === start ? -1 : i;
}

/** `domain` of docker/reference: host(:port)?, the whole string. */
export const isDomain = (s: string): boolean => scanDomain(s, 0) === s.length;

/** `component` of docker/reference, the whole string. */
export const isComponent = (s: string): boolean => scanComponent(s, 0) === s.length;

function scanRegistryScope(s: string): boolean {
  let i = scanDomain(s, 0);
  if (i < 0) return false;
  while (i < s.length) {
    if (s.charCodeAt(i) !== SLASH) return false;
    i = scanComponent(s, i + 1);
    if (i < 0) return false;
  }
  return true;
}

function scanWildcard(s: string): boolean {
  // \*(\.label)+ : after "*", one or more ".label"; a host scan from the first label does that.
  return s.length > 2 && s.charCodeAt(1) === DOT && scanHost(s, 2) === s.length;
}

/** Says, for a rejected value, what the user most likely has to change. */
function hint(s: string, allowWildcard: boolean): string {
  if (s.trim() !== s) return 'remove the surrounding white space';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s.slice(0, 20)))
    return 'remove the scheme (no "https://"): write host[:port][/path]';
  if (s.includes('@'))
    return 'remove the digest ("@sha256:..."): a mirror scope names a registry or repository, not an image';
  const slash = s.indexOf('/');
  if (slash >= 0 && s.indexOf(':', slash) >= 0)
    return 'remove the tag (":tag"): a mirror scope names a registry or repository, not an image';
  if (s.includes('*')) {
    return allowWildcard
      ? 'a wildcard must be a whole leading label of a host name, as in "*.example.com", with no port or path'
      : 'wildcards are allowed in sources only, not in mirrors';
  }
  if (slash >= 0 && /[A-Z]/.test(s.slice(slash))) return 'repository paths must be lowercase';
  if (s.endsWith('/')) return 'remove the trailing "/"';
  return 'use host[:port][/namespace[/repository]] with letters, digits, ".", "-" and "_" only';
}

// The two answers of a valid scope, made once: they are checked per source and mirror.
const WILDCARD: ScopeCheck = Object.freeze(ok<ScopeKind>('wildcard'));
const REGISTRY: ScopeCheck = Object.freeze(ok<ScopeKind>('registry'));

/**
 * Scopes found valid lately, with their kind: a fleet repeats a few hundred sources and
 * mirrors thousands of times (1,000 clusters: 24,000 scopes, 132 distinct), and a lookup costs
 * less than a scan. Bounded: short scopes only, emptied when full.
 */
const validScopes = new ShortKeyMemo<ScopeCheck>(1024);
const valid = (s: string, check: ScopeCheck) => validScopes.remember(s, check);

export function checkSource(s: string): ScopeCheck {
  const known = validScopes.get(s);
  if (known !== undefined) return known;
  if (s.charCodeAt(0) === STAR) return scanWildcard(s) ? valid(s, WILDCARD) : fail(hint(s, true));
  return scanRegistryScope(s) ? valid(s, REGISTRY) : fail(hint(s, true));
}

export function checkMirror(s: string): ScopeCheck {
  // (A known wildcard is no mirror: it is scanned, and refused, again.)
  if (validScopes.get(s) === REGISTRY) return REGISTRY;
  return scanRegistryScope(s) ? valid(s, REGISTRY) : fail(hint(s, false));
}
