// The registry client's decisions that need no network: locations, what an answer means,
// where credentials may go, cert dirs, and what is printed (escaping, scrubbing).
import { describe, expect, it } from 'vitest';
import { planCertDir } from '../../src/probe/cert-dir.js';
import {
  describeNetworkError,
  formEncode,
  manifestStatus,
  parseRealm,
  pingStatus,
  realmDecision,
  sameOrigin,
} from '../../src/probe/http-policy.js';
import { parseLocation } from '../../src/probe/location.js';
import { REDACTED, Secret } from '../../src/registries/credentials.js';
import { escapeGithubData, escapeGithubProperty, escapeText, safeJson, scrub } from '../../src/probe/escape.js';
import { inspect } from 'node:util';

const D = `sha256:${'a'.repeat(64)}`;

describe('parseLocation', () => {
  const rows: Array<[string, Record<string, unknown> | string]> = [
    [
      'quay.io/acme/app:v1',
      {
        domain: 'quay.io',
        registry: 'quay.io',
        repository: 'acme/app',
        reference: 'v1',
        byDigest: false,
        name: 'quay.io/acme/app',
      },
    ],
    [
      '127.0.0.1:5000/m/s1/app:v1',
      { domain: '127.0.0.1:5000', registry: '127.0.0.1:5000', repository: 'm/s1/app', reference: 'v1' },
    ],
    [`quay.io/acme/app@${D}`, { repository: 'acme/app', reference: D, byDigest: true }],
    [
      'docker.io/library/nginx:1',
      { domain: 'docker.io', registry: 'registry-1.docker.io', name: 'docker.io/library/nginx' },
    ],
    ['quay.io/acme/app', 'needs a tag or a digest'],
    ['app:v1', 'repository name must be canonical'],
    ['docker.io/nginx:1', 'repository name must be canonical'],
    [`quay.io/acme/app:v1@${D}`, 'not both'],
    ['quay.io/Acme/app:v1', 'repository name must be lowercase'],
    ['quay.io//app:v1', 'invalid reference format'],
    ['quay.io/app:v1\n', 'invalid reference format'],
    ['quay.io/app@sha256:xyz', 'invalid'],
  ];
  for (const [input, want] of rows) {
    it(JSON.stringify(input), () => {
      const p = parseLocation(input);
      if (typeof want === 'string') expect(!p.ok && p.error).toContain(want);
      else expect(p.ok && p.value).toMatchObject(want);
    });
  }
});

describe('manifestStatus and pingStatus', () => {
  it.each([
    [200, 'found'],
    [404, 'missing'],
    [401, 'unauthorized'],
    [403, 'unauthorized'],
    [429, 'error'],
    [500, 'error'],
    [302, 'error'],
  ])('HEAD %i -> %s', (code, want) => expect(manifestStatus(code).status).toBe(want));
  it.each([
    [200, true],
    [401, true],
    [404, false],
    [403, false],
    [502, false],
  ])('ping %i ok=%s', (code, ok) => expect(pingStatus(code).ok).toBe(ok));
});

describe('describeNetworkError', () => {
  it.each([
    [{ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:1' }, 'connection refused'],
    [{ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND x.invalid' }, 'host name not resolved (ENOTFOUND)'],
    [
      { code: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' },
      'TLS: self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)',
    ],
    [
      { code: 'ERR_SSL_WRONG_VERSION_NUMBER', message: 'wrong version number\nmore' },
      'TLS: wrong version number (a plain HTTP endpoint? only an insecure one may use HTTP) (ERR_SSL_WRONG_VERSION_NUMBER)',
    ],
    [
      {
        code: 'EPROTO',
        message:
          'write EPROTO 800C2AE9647F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:',
      },
      'TLS: wrong version number (a plain HTTP endpoint? only an insecure one may use HTTP) (EPROTO)',
    ],
    [{ message: 'timeout after 5 ms' }, 'timeout after 5 ms'],
  ])('%o', (err, want) => expect(describeNetworkError(err)).toBe(want));
});

describe('where credentials may go', () => {
  const u = (s: string) => new URL(s);
  it('redirects keep Authorization only for the same scheme, host and port', () => {
    expect(sameOrigin(u('https://r:5000/a'), u('https://r:5000/b'))).toBe(true);
    expect(sameOrigin(u('https://r:5000/a'), u('https://r:5001/a'))).toBe(false);
    expect(sameOrigin(u('https://r/a'), u('http://r/a'))).toBe(false);
    expect(sameOrigin(u('https://r/a'), u('https://s/a'))).toBe(false);
  });
  const none = new Set<string>();
  it.each([
    ['r.example:5000', 'https', 'https://r.example:5001/token', none, true],
    ['r.example', 'https', 'https://auth.example/token', none, false],
    ['r.example', 'https', 'https://auth.example/token', new Set(['auth.example']), true],
    ['r.example', 'https', 'http://r.example/token', none, false],
    ['r.example', 'http', 'http://r.example/token', none, true],
    ['registry-1.docker.io', 'https', 'https://auth.docker.io/token', none, true],
    ['127.0.0.1:5000', 'https', 'https://localhost:5001/token', none, false],
  ] as const)('registry %s (%s), realm %s', (registry, scheme, realm, allowed, send) => {
    expect(realmDecision(registry, scheme, u(realm), allowed).send).toBe(send);
  });
  it('a realm must be an http(s) URL without user info', () => {
    expect(parseRealm('https://a/token').ok).toBe(true);
    expect(parseRealm('file:///etc/passwd').ok).toBe(false);
    expect(parseRealm('https://u:p@a/token').ok).toBe(false);
    expect(parseRealm('not a url').ok).toBe(false);
  });
});

describe('formEncode (url.Values.Encode)', () => {
  it('sorts keys, keeps the order of equal keys, escapes as Go does', () => {
    expect(
      formEncode([
        ['scope', 'repository:a/b:pull'],
        ['account', 'al ice'],
        ['service', 'x&y'],
      ]),
    ).toBe('account=al+ice&scope=repository%3Aa%2Fb%3Apull&service=x%26y');
    expect(
      formEncode([
        ['b', '1'],
        ['a', '2'],
        ['b', '0'],
      ]),
    ).toBe('a=2&b=1&b=0');
  });
  it('a latin1 (raw bytes) value is encoded byte for byte', () => {
    expect(formEncode([['account', '\xe9']], new Set(['account']))).toBe('account=%E9');
    expect(formEncode([['account', 'é']])).toBe('account=%C3%A9');
  });
});

describe('planCertDir (tlsclientconfig.SetupCertificates)', () => {
  it('CAs are *.crt; client pairs *.cert + *.key; a lone half is an error', () => {
    expect(planCertDir(['ca.crt', 'other.crt', 'client.cert', 'client.key', 'README'])).toEqual({
      caFiles: ['ca.crt', 'other.crt'],
      clientPairs: [{ cert: 'client.cert', key: 'client.key' }],
      errors: [],
    });
    expect(planCertDir(['lone.cert']).errors[0]).toContain('missing key lone.key');
    expect(planCertDir(['lone.key']).errors[0]).toContain('missing client certificate lone.cert');
  });
});

describe('Secret and scrub', () => {
  it('a Secret never shows its value', () => {
    const s = new Secret('hunter2-long');
    expect([String(s), `${s}`, JSON.stringify({ s }), inspect({ s }), inspect(s), s + ''].join(' ')).not.toContain(
      'hunter2',
    );
    expect(String(s)).toBe(REDACTED);
    expect(s.reveal()).toBe('hunter2-long');
  });
  it('scrub replaces every known value, longest first', () => {
    expect(scrub('a hunter2-long b hunter2 c', ['hunter2', 'hunter2-long', 'ab'])).toBe(
      `a ${REDACTED} b ${REDACTED} c`,
    );
  });
});

describe('escaping', () => {
  it("escapeText is the tool's one escaping (krm/escape.ts)", () => {
    expect(escapeText('a\nb\x1b[31m\x7f\x85\u2028d')).toBe('a\\nb\\u001b[31m\\u007f\\u0085\\u2028d');
  });
  it('safeJson: the same value, DEL, C1 and the line separators as \\u escapes', () => {
    const v = { s: 'x\x7f\x85\u2028\u2029\x1b\n' };
    const text = safeJson(v);
    expect(JSON.parse(text)).toEqual(v);
    expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]/);
  });
  it('GitHub data and property escapes', () => {
    expect(escapeGithubData('50% a\nb')).toBe('50%25 a\\nb');
    expect(escapeGithubProperty('a:b,c')).toBe('a%3Ab%2Cc');
  });
});
