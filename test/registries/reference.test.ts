// Image references (src/registries/reference.ts) as containers/image v5.35.0 docker/reference
// reads them: its own test table, ported.
import { describe, expect, it } from 'vitest';
import {
  ERR,
  formatRef,
  isShortName,
  parseNamed,
  parseNormalizedNamed,
  parseReference,
} from '../../src/registries/reference.js';

const D64 = (c: string) => c.repeat(64);

describe('image references: containers/image docker/reference TestReferenceParse', () => {
  const F = D64('f');
  const ok: [string, string, string, string?, string?][] = [
    // input, domain, path, tag, digest
    ['test_com', '', 'test_com'],
    ['test.com:tag', '', 'test.com', 'tag'],
    ['test.com:5000', '', 'test.com', '5000'],
    ['test.com/repo:tag', 'test.com', 'repo', 'tag'],
    ['test:5000/repo', 'test:5000', 'repo'],
    ['test:5000/repo:tag', 'test:5000', 'repo', 'tag'],
    [`test:5000/repo@sha256:${F}`, 'test:5000', 'repo', undefined, `sha256:${F}`],
    [`test:5000/repo:tag@sha256:${F}`, 'test:5000', 'repo', 'tag', `sha256:${F}`],
    ['lowercase:Uppercase', '', 'lowercase', 'Uppercase'],
    [`${'a/'.repeat(127)}a:tag-puts-this-over-max`, 'a', `${'a/'.repeat(126)}a`, 'tag-puts-this-over-max'],
    ['sub-dom1.foo.com/bar/baz/quux:some-long-tag', 'sub-dom1.foo.com', 'bar/baz/quux', 'some-long-tag'],
    ['b.gcr.io/test.example.com/my-app:test.example.com', 'b.gcr.io', 'test.example.com/my-app', 'test.example.com'],
    [
      `xn--7o8h.com/myimage:xn--7o8h.com@sha512:${'f'.repeat(128)}`,
      'xn--7o8h.com',
      'myimage',
      'xn--7o8h.com',
      `sha512:${'f'.repeat(128)}`,
    ],
    ['foo_bar.com:8080', '', 'foo_bar.com', '8080'],
    ['foo/foo_bar.com:8080', 'foo', 'foo_bar.com', '8080'],
    ['Uppercase/lowercase:tag', 'Uppercase', 'lowercase', 'tag'], // upstream's FIXME: accepted
  ];
  for (const [input, domain, path, tag, digest] of ok) {
    it(`parses ${input.length > 60 ? input.slice(0, 60) + '…' : input}`, () => {
      const r = parseReference(input);
      expect(r).toEqual({
        ok: true,
        value: { domain, path, ...(tag !== undefined ? { tag } : {}), ...(digest !== undefined ? { digest } : {}) },
      });
      expect(r.ok && formatRef(r.value)).toBe(input);
    });
  }
  const bad: [string, string][] = [
    ['', ERR.empty],
    [':justtag', ERR.invalidFormat],
    [`@sha256:${F}`, ERR.invalidFormat],
    ['repo@sha256:ffffffffffffffffffffffffffffffffff', ERR.digestLength],
    [`validname@invaliddigest:${F}`, ERR.digestUnsupported],
    [`repo@sha256:${D64('F')}`, ERR.digestFormat],
    ['Uppercase:tag', ERR.uppercase],
    ['test:5000/Uppercase/lowercase:tag', ERR.uppercase],
    [`${'a/'.repeat(128)}a:tag`, ERR.tooLong],
    ['aa/asdf$$^/aa', ERR.invalidFormat],
    ['quay.io/a:', ERR.invalidFormat],
    [`quay.io/a:${'t'.repeat(129)}`, ERR.invalidFormat],
  ];
  for (const [input, error] of bad) {
    it(`rejects ${JSON.stringify(input.slice(0, 40))}: ${error}`, () =>
      expect(parseReference(input)).toEqual({ ok: false, error }));
  }
  it('normalises like ParseNormalizedNamed, and ParseNamed insists on the canonical form', () => {
    const n = (s: string) => {
      const r = parseNormalizedNamed(s);
      return r.ok ? formatRef(r.value) : r.error;
    };
    expect(n('nginx')).toBe('docker.io/library/nginx');
    expect(n('user/app:v1')).toBe('docker.io/user/app:v1');
    expect(n('docker.io/nginx')).toBe('docker.io/library/nginx');
    expect(n('index.docker.io/library/nginx')).toBe('docker.io/library/nginx');
    expect(n('localhost/app')).toBe('localhost/app');
    expect(n('localhost:5000/app')).toBe('localhost:5000/app');
    expect(n('Quay.io/app')).toBe('Quay.io/app');
    expect(n('quay.io/App')).toBe('invalid reference format: repository name must be lowercase');
    expect(n(D64('a'))).toBe(`invalid repository name (${D64('a')}), cannot specify 64-byte hexadecimal strings`);
    expect(parseNamed('docker.io/nginx')).toEqual({ ok: false, error: ERR.notCanonical });
    expect(parseNamed('docker.io/library/nginx').ok).toBe(true);
  });
  it('short names as pkg/shortnames tells them', () => {
    const short = (s: string) => {
      const p = parseReference(s);
      if (!p.ok) throw new Error(p.error);
      return isShortName(p.value);
    };
    expect(['nginx', 'library/nginx', 'team/app:v1', 'Foo/bar'].map(short)).toEqual([true, true, true, true]);
    expect(['docker.io/nginx', 'localhost/app', 'host:5000/app', 'quay.io/a/b'].map(short)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
  it('runs in linear time on hostile input', () => {
    const hostile = [
      'a'.repeat(100_000) + '!',
      `quay.io/${'a-'.repeat(50_000)}!`,
      `${'a.'.repeat(50_000)}/x@sha256:${'f'.repeat(100_000)}`,
      `q.io/${'a__'.repeat(40_000)}:${'t'.repeat(200)}`,
    ];
    const start = performance.now();
    for (const h of hostile) {
      parseReference(h);
      parseNormalizedNamed(h);
    }
    expect(performance.now() - start).toBeLessThan(1000);
  });
});
