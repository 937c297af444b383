// Image references as containers/image reads them, in one left-to-right pass each.
//
// Mirrors containers/image v5.35.0 `docker/reference` (regexp.go, reference.go: Parse,
// ParseNamed; normalize.go: ParseNormalizedNamed, splitDockerDomain) and the digest checks
// of opencontainers/go-digest (Digest.Validate). Upstream uses Go RE2 regexps; written as JS
// regexps they backtrack, so each part is a hand-written scanner here.
//
//   reference  := name [":" tag] ["@" digest]
//   name       := [domain "/"] component ("/" component)*        (at most 255 characters)
//   domain     := label ("." label)* [":" [0-9]+]                 label = [A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?
//   component  := [a-z0-9]+ (([._]|__|-*) [a-z0-9]+)*
//   tag        := [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}
//   digest     := algorithm ":" hex, algorithm sha256|sha384|sha512, hex lowercase of the exact length
//
// The error strings are containers/image's own, so a prediction reads like the node's log.
// The domain and component scanners are scope.ts's: one grammar for scopes and references.
import { fail, ok, type Outcome } from '../outcome.js';
import { DOT, HYPHEN, isAlnum, isComponent, isDigit, isDomain, isLower, isUpper, UNDERSCORE } from './scope.js';

export const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
const OFFICIAL_REPO = 'library';
export const NAME_TOTAL_LENGTH_MAX = 255;

export const ERR = {
  invalidFormat: 'invalid reference format',
  uppercase: 'repository name must be lowercase',
  empty: 'repository name must have at least one component',
  tooLong: `repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`,
  notCanonical: 'repository name must be canonical',
  digestFormat: 'invalid checksum digest format',
  digestLength: 'invalid checksum digest length',
  digestUnsupported: 'unsupported digest algorithm',
} as const;

export interface ImageRef {
  /** The registry host[:port]; "" when the name has none (only before normalisation). */
  domain: string;
  /** The repository path below the domain. */
  path: string;
  tag?: string;
  digest?: string;
}

const isWord = (c: number) => isAlnum(c) || c === 95;
const isHexLower = (c: number) => isDigit(c) || (c >= 97 && c <= 102);
const isHex = (c: number) => isHexLower(c) || (c >= 65 && c <= 70);

function isTag(s: string): boolean {
  if (s.length === 0 || s.length > 128 || !isWord(s.charCodeAt(0))) return false;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isWord(c) && c !== DOT && c !== HYPHEN) return false;
  }
  return true;
}

/** The digest pattern of regexp.go: algorithm components, ":", 32+ hex digits. */
function matchesDigestPattern(s: string): boolean {
  const colon = s.indexOf(':');
  if (colon <= 0) return false;
  // [A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)*
  let expectLetter = true;
  for (let i = 0; i < colon; i++) {
    const c = s.charCodeAt(i);
    if (expectLetter) {
      if (!(isLower(c) || isUpper(c))) return false;
      expectLetter = false;
    } else if (c === HYPHEN || c === UNDERSCORE || c === 43 || c === DOT) expectLetter = true;
    else if (!isAlnum(c)) return false;
  }
  if (expectLetter) return false;
  const hex = s.length - colon - 1;
  if (hex < 32) return false;
  for (let i = colon + 1; i < s.length; i++) if (!isHex(s.charCodeAt(i))) return false;
  return true;
}

const DIGEST_HEX_LENGTH: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** go-digest Digest.Validate, for a string that matched the digest pattern. */
function validateDigest(s: string): string | undefined {
  const colon = s.indexOf(':');
  const algorithm = s.slice(0, colon);
  const encoded = s.slice(colon + 1);
  const length = DIGEST_HEX_LENGTH[algorithm];
  if (length === undefined) return ERR.digestUnsupported;
  if (encoded.length !== length) return ERR.digestLength;
  for (let i = 0; i < encoded.length; i++) if (!isHexLower(encoded.charCodeAt(i))) return ERR.digestFormat;
  return undefined;
}

/** Splits a name into domain and path the way anchoredNameRegexp captures them; undefined if no match. */
function splitName(name: string): { domain: string; path: string } | undefined {
  const parts = name.split('/');
  if (parts.length >= 2 && isDomain(parts[0]!) && parts.slice(1).every(isComponent)) {
    return { domain: parts[0]!, path: parts.slice(1).join('/') };
  }
  if (parts.every(isComponent)) return { domain: '', path: name };
  return undefined;
}

/** Matches the whole ReferenceRegexp; the parts, or undefined. */
function matchReference(
  s: string,
): { name: string; domain: string; path: string; tag?: string; digest?: string } | undefined {
  let rest = s;
  let digest: string | undefined;
  const at = s.indexOf('@');
  if (at >= 0) {
    digest = s.slice(at + 1);
    rest = s.slice(0, at);
    if (!matchesDigestPattern(digest)) return undefined;
  }
  // A ":" after the last "/" starts the tag: the name's only ":" (a port) is followed by "/".
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!isTag(tag)) return undefined;
  }
  const split = splitName(rest);
  if (!split) return undefined;
  return { name: rest, ...split, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) };
}

/** reference.Parse: no normalisation; the domain is "" when the name has none. */
export function parseReference(s: string): Outcome<ImageRef> {
  const m = matchReference(s);
  if (!m) {
    if (s === '') return fail(ERR.empty);
    if (matchReference(s.toLowerCase())) return fail(ERR.uppercase);
    return fail(ERR.invalidFormat);
  }
  if (m.name.length > NAME_TOTAL_LENGTH_MAX) return fail(ERR.tooLong);
  if (m.digest !== undefined) {
    const bad = validateDigest(m.digest);
    if (bad) return fail(bad);
  }
  const ref: ImageRef = { domain: m.domain, path: m.path };
  if (m.tag !== undefined) ref.tag = m.tag;
  if (m.digest !== undefined) ref.digest = m.digest;
  return ok(ref);
}

/** splitDockerDomain: "nginx" -> docker.io, library/nginx; "user/app" -> docker.io, user/app. */
function splitDockerDomain(name: string): { domain: string; remainder: string } {
  const i = name.indexOf('/');
  let domain: string;
  let remainder: string;
  if (i === -1 || (!/[.:]/.test(name.slice(0, i)) && name.slice(0, i) !== 'localhost')) {
    domain = DEFAULT_DOMAIN;
    remainder = name;
  } else {
    domain = name.slice(0, i);
    remainder = name.slice(i + 1);
  }
  if (domain === LEGACY_DEFAULT_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = `${OFFICIAL_REPO}/${remainder}`;
  return { domain, remainder };
}

/** reference.ParseNormalizedNamed: fully qualifies a name (docker.io, library/). */
export function parseNormalizedNamed(s: string): Outcome<ImageRef> {
  if (s.length === 64 && [...s].every((ch) => isHexLower(ch.charCodeAt(0)))) {
    return fail(`invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`);
  }
  const { domain, remainder } = splitDockerDomain(s);
  const tagSep = remainder.indexOf(':');
  const remoteName = tagSep > -1 ? remainder.slice(0, tagSep) : remainder;
  if (remoteName.toLowerCase() !== remoteName) return fail(`${ERR.invalidFormat}: ${ERR.uppercase}`);
  return parseReference(`${domain}/${remainder}`);
}

/** reference.ParseNamed: like ParseNormalizedNamed, but the input must already be canonical. */
export function parseNamed(s: string): Outcome<ImageRef> {
  const r = parseNormalizedNamed(s);
  if (!r.ok) return r;
  if (formatRef(r.value) !== s) return fail(ERR.notCanonical);
  return r;
}

/** Name(): domain/path. */
export const nameOf = (r: ImageRef) => (r.domain ? `${r.domain}/${r.path}` : r.path);

/** String(): name[:tag][@digest]. */
export const formatRef = (r: ImageRef) =>
  nameOf(r) + (r.tag !== undefined ? `:${r.tag}` : '') + (r.digest !== undefined ? `@${r.digest}` : '');

/**
 * pkg/shortnames parseUnnormalizedShortName: a name is short unless its first component
 * (as reference.Parse splits it) contains "." or ":" or is "localhost".
 */
export function isShortName(r: ImageRef): boolean {
  return !(/[.:]/.test(r.domain) || r.domain === 'localhost');
}
