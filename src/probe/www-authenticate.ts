// WWW-Authenticate challenges, read the way containers/image reads them
// (docker/wwwauthenticate.go, itself from docker/distribution's authchallenge.go):
//   - one challenge per header line (a second challenge in the same line is not read);
//   - scheme = a token, lower-cased; then `, key=value` pairs (key lower-cased; value a token
//     or a quoted string with backslash escapes); parsing stops quietly at the first thing that
//     does not fit (an empty value, a missing "=", an unterminated quote) and keeps what it has.
// Every step moves forward over the string: one pass, no backtracking, whatever the header.

export interface Challenge {
  /** Lower-case auth scheme: "bearer", "basic", ... */
  scheme: string;
  /** Lower-case parameter names. */
  params: Map<string, string>;
}

const SEPARATORS = ' \t"(),/:;<=>?@[]\\{}';

function isTokenChar(c: number): boolean {
  return c > 31 && c < 127 && !SEPARATORS.includes(String.fromCharCode(c));
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 13 || c === 10;

/** One header line. */
export function parseChallenge(header: string): Challenge | undefined {
  let i = 0;
  const n = header.length;
  const token = (): string => {
    const start = i;
    while (i < n && isTokenChar(header.charCodeAt(i))) i++;
    return header.slice(start, i);
  };
  const skipSpace = () => {
    while (i < n && isSpace(header.charCodeAt(i))) i++;
  };
  /** A quoted string from just after its opening quote; undefined if it never closes. */
  const quoted = (): string | undefined => {
    let out = '';
    let start = i;
    while (i < n) {
      const c = header.charCodeAt(i);
      if (c === 34) {
        out += header.slice(start, i);
        i++;
        return out;
      }
      if (c === 92) {
        out += header.slice(start, i);
        i++;
        if (i >= n) return undefined;
        out += header[i];
        i++;
        start = i;
        continue;
      }
      i++;
    }
    return undefined;
  };

  const scheme = token();
  if (scheme === '') return undefined;
  const params = new Map<string, string>();
  skipSpace();
  // Upstream prepends "," to the rest and loops while it starts with ",".
  let first = true;
  for (;;) {
    if (!first) {
      if (i >= n || header.charCodeAt(i) !== 44) break;
      i++;
    }
    first = false;
    skipSpace();
    const key = token();
    if (key === '') break;
    if (i >= n || header.charCodeAt(i) !== 61) break;
    i++;
    let value: string | undefined;
    if (i < n && header.charCodeAt(i) === 34) {
      i++;
      value = quoted();
    } else value = token();
    if (value === undefined || value === '') break;
    params.set(key.toLowerCase(), value);
    skipSpace();
  }
  return { scheme: scheme.toLowerCase(), params };
}

/** iterateAuthHeader: every header line's challenge, in order; lines without a scheme are skipped. */
export function parseChallenges(headers: readonly string[]): Challenge[] {
  const out: Challenge[] = [];
  for (const h of headers) {
    const c = parseChallenge(h);
    if (c) out.push(c);
  }
  return out;
}

/**
 * setupRequestAuth: the first "basic" or "bearer" challenge is used; other schemes are
 * skipped (containers/image then tries without authentication).
 */
export function usableChallenge(challenges: readonly Challenge[]): Challenge | undefined {
  return challenges.find((c) => c.scheme === 'basic' || c.scheme === 'bearer');
}
