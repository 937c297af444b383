// WWW-Authenticate parsing as containers/image's docker/wwwauthenticate.go: upstream's own
// smoke rows (wwwauthenticate_test.go TestParseValueAndParams), its stop-quietly behaviour,
// and hostile headers, which must come back (the suite's timeout catches a hang).
import { describe, expect, it } from 'vitest';
import { parseChallenge, parseChallenges, usableChallenge } from '../../src/probe/www-authenticate.js';

const params = (h: string) => {
  const c = parseChallenge(h);
  return c ? { scheme: c.scheme, params: Object.fromEntries(c.params) } : undefined;
};

describe('parseChallenge', () => {
  const rows: Array<[string, string, ReturnType<typeof params>]> = [
    [
      'upstream: Docker Hub',
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull"',
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/busybox:pull',
        },
      },
    ],
    [
      'upstream: a comma inside a quoted value',
      'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull,push"',
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/busybox:pull,push',
        },
      },
    ],
    [
      'upstream: realm only',
      'Bearer realm="http://127.0.0.1:5000/openshift/token"',
      { scheme: 'bearer', params: { realm: 'http://127.0.0.1:5000/openshift/token' } },
    ],
    ['Basic with a realm', 'Basic realm="Registry Realm"', { scheme: 'basic', params: { realm: 'Registry Realm' } }],
    [
      'scheme and keys lower-cased, values kept',
      'BEARER Realm="X",SERVICE=Tok',
      { scheme: 'bearer', params: { realm: 'X', service: 'Tok' } },
    ],
    [
      'spaces around commas',
      'Bearer realm="a" ,  service="b"',
      { scheme: 'bearer', params: { realm: 'a', service: 'b' } },
    ],
    [
      'backslash escapes in a quoted value',
      'Bearer realm="a\\"b\\\\c"',
      { scheme: 'bearer', params: { realm: 'a"b\\c' } },
    ],
    [
      'a missing "=" stops quietly, keeping what was read',
      'Bearer realm="a", service',
      { scheme: 'bearer', params: { realm: 'a' } },
    ],
    ['an empty value stops', 'Bearer realm="", service="b"', { scheme: 'bearer', params: {} }],
    ['an unterminated quote stops', 'Bearer service="b", realm="a', { scheme: 'bearer', params: { service: 'b' } }],
    ['a trailing backslash stops', 'Bearer realm="a\\', { scheme: 'bearer', params: {} }],
    [
      'a second challenge on the same line is not read',
      'Basic realm="x", Bearer realm="y"',
      { scheme: 'basic', params: { realm: 'x' } },
    ],
    ['no scheme', '="x"', undefined],
    ['empty', '', undefined],
    ['control characters are not token characters', 'Bearer\x01 realm="a"', { scheme: 'bearer', params: {} }],
  ];
  for (const [name, header, want] of rows) it(name, () => expect(params(header)).toEqual(want));
});

describe('parseChallenges / usableChallenge (iterateAuthHeader, setupRequestAuth)', () => {
  it('one challenge per header line, in order; the first basic or bearer is used', () => {
    const cs = parseChallenges(['Negotiate', 'Bearer realm="https://r/token"', 'Basic realm="r"']);
    expect(cs.map((c) => c.scheme)).toEqual(['negotiate', 'bearer', 'basic']);
    expect(usableChallenge(cs)?.scheme).toBe('bearer');
    expect(usableChallenge(parseChallenges(['Negotiate']))).toBeUndefined();
  });
});

describe('hostile headers: one pass, no backtracking', () => {
  const big = 200_000;
  const rows: Array<[string, string]> = [
    ['many params', 'Bearer ' + 'a=b,'.repeat(big / 4)],
    ['long quoted value full of escapes', 'Bearer realm="' + '\\"'.repeat(big / 2) + '"'],
    ['unterminated quoted value full of escapes', 'Bearer realm="' + '\\a'.repeat(big / 2)],
    ['commas and spaces', 'Bearer ' + ' , '.repeat(big / 3)],
    ['a long token', 'B'.repeat(big)],
    ['alternating quotes', 'Bearer ' + 'k="v",'.repeat(big / 6) + 'k="'],
  ];
  for (const [name, header] of rows) {
    it(name, () => {
      const c = parseChallenge(header);
      expect(c === undefined || typeof c.scheme === 'string').toBe(true);
    });
  }
  it('a huge escaped value is read exactly', () => {
    const c = parseChallenge('Bearer realm="' + '\\"'.repeat(50_000) + '"');
    expect(c?.params.get('realm')).toBe('"'.repeat(50_000));
  });
});
