// Credential lookup against containers/image's own expectations. Each row cites the upstream
// test or code it follows: containers/image v5.37 pkg/docker/config/config_test.go (TestGetAuth,
// TestGetAuthFromLegacyFile, TestAuthKeyLookupOrder, TestValidateKey) and config.go.
// The auth files are the same data as upstream's testdata (re-typed: example.json, full.json,
// abnormal.json, refpath.json, legacy.json, example_identitytoken.json).
import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import {
  authKeyLookupOrder,
  decodeStdBase64,
  lookupCredentials,
  normalizeAuthFileKey,
  parseAuthFile,
  validateKey,
  type AuthFile,
  type Lookup,
} from '../../src/registries/credentials.js';

const b64 = (s: string) => Buffer.from(s, 'latin1').toString('base64');
const auths = (m: Record<string, string>) =>
  JSON.stringify({ auths: Object.fromEntries(Object.entries(m).map(([k, v]) => [k, { auth: v }])) });

const FILES: Record<string, string> = {
  'example.json': auths({ 'example.org': 'ZXhhbXBsZTpvcmc=' }),
  'full.json': auths({
    'example.org': 'ZXhhbXBsZTpvcmc=',
    'index.docker.io': 'aW5kZXg6ZG9ja2VyLmlv',
    'docker.io': 'ZG9ja2VyOmlv',
    localhost: 'bG9jYWw6aG9zdA==',
    'localhost:5000': 'bG9jYWw6aG9zdC01MDAw',
    '10.10.30.45': 'MTAuMTA6MzAuNDU=',
    '10.10.30.45:5000': 'MTAuMTA6MzAuNDUtNTAwMA==',
    'https://normalize.example.org/v1': 'bm9ybWFsaXplOmV4YW1wbGU=',
  }),
  'abnormal.json': auths({
    'example.org': 'ZXhhbXBsZTpvcmc=',
    'https://index.docker.io/v1': 'aW5kZXg6ZG9ja2VyLmlv',
    'https://127.0.0.1:5000': 'MTI3LjA6MC4xLTUwMDA=',
    'http://localhost': 'bG9jYWw6aG9zdA==',
    'https://localhost:5001': 'bG9jYWw6aG9zdC01MDAx',
    'localhost:5000': 'bG9jYWw6aG9zdC01MDAw',
  }),
  'refpath.json': auths({
    'example.org/repo': 'ZXhhbXBsZTpvcmc=',
    'example.org': 'bG9jYWw6aG9zdA==',
    'docker.io/vendor': 'Zmlyc3Q6bGV2ZWw=',
    'docker.io': 'dG9wOmxldmVs',
    'docker.io/library/busybox': 'bGlicmFyeTpidXN5Ym94',
    'docker.io/library': 'bGlicmFyeTpvdGhlcg==',
  }),
  'example_identitytoken.json': JSON.stringify({
    auths: {
      'example.org': {
        auth: 'MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAwOg==',
        identitytoken: 'some very long identity token',
      },
    },
  }),
  'empty.json': '{"auths": {}}',
};

const LEGACY = JSON.stringify({
  'http://index.docker.io/v1': { auth: 'ZG9ja2VyOmlvLWxlZ2FjeQ==' },
  'https://localhost/v1': { auth: 'bG9jYWw6aG9zdC1sZWdhY3k=' },
});

function file(text: string, legacyFormat = false): AuthFile {
  const p = parseAuthFile(text, { legacyFormat });
  if (!p.ok) throw new Error(p.error);
  return p.file;
}

/** username/password of a lookup, "" when none; never prints the Secret itself. */
function plain(l: Lookup): { username: string; password: string; identityToken?: string } {
  if (l.kind !== 'found') return { username: '', password: '' };
  const c = l.credentials;
  return {
    username: c.username,
    password: c.password.reveal(),
    ...(c.identityToken ? { identityToken: c.identityToken.reveal() } : {}),
  };
}

describe('lookupCredentials: TestGetAuth rows (config_test.go)', () => {
  const rows: Array<{
    name: string;
    file: string;
    key: string;
    want: { username: string; password: string; identityToken?: string };
  }> = [
    { name: 'empty hostname', file: 'example.json', key: '', want: { username: '', password: '' } },
    { name: 'match one', file: 'example.json', key: 'example.org', want: { username: 'example', password: 'org' } },
    { name: 'match none', file: 'example.json', key: 'registry.example.org', want: { username: '', password: '' } },
    {
      name: 'match docker.io (exact key wins over index.docker.io)',
      file: 'full.json',
      key: 'docker.io',
      want: { username: 'docker', password: 'io' },
    },
    {
      name: 'match docker.io normalized (https://index.docker.io/v1)',
      file: 'abnormal.json',
      key: 'docker.io',
      want: { username: 'index', password: 'docker.io' },
    },
    {
      name: 'normalize registry (https://normalize.example.org/v1)',
      file: 'full.json',
      key: 'normalize.example.org',
      want: { username: 'normalize', password: 'example' },
    },
    { name: 'match localhost', file: 'full.json', key: 'localhost', want: { username: 'local', password: 'host' } },
    {
      name: 'match ip',
      file: 'full.json',
      key: '10.10.30.45:5000',
      want: { username: '10.10', password: '30.45-5000' },
    },
    {
      name: 'match port',
      file: 'abnormal.json',
      key: 'localhost:5000',
      want: { username: 'local', password: 'host-5000' },
    },
    {
      name: 'identity token',
      file: 'example_identitytoken.json',
      key: 'example.org',
      want: {
        username: '00000000-0000-0000-0000-000000000000',
        password: '',
        identityToken: 'some very long identity token',
      },
    },
    {
      name: 'match none (empty.json)',
      file: 'empty.json',
      key: 'localhost:5000',
      want: { username: '', password: '' },
    },
    {
      name: 'match ref image',
      file: 'refpath.json',
      key: 'example.org/repo/image',
      want: { username: 'example', password: 'org' },
    },
    {
      name: 'match ref repo',
      file: 'refpath.json',
      key: 'example.org/repo',
      want: { username: 'example', password: 'org' },
    },
    {
      name: 'match ref host',
      file: 'refpath.json',
      key: 'example.org/image',
      want: { username: 'local', password: 'host' },
    },
    {
      name: 'docker.io library repo match',
      file: 'refpath.json',
      key: 'docker.io/library/busybox',
      want: { username: 'library', password: 'busybox' },
    },
    {
      name: 'docker.io library namespace match',
      file: 'refpath.json',
      key: 'docker.io/library/notbusybox',
      want: { username: 'library', password: 'other' },
    },
    {
      name: 'docker.io vendor repo match',
      file: 'refpath.json',
      key: 'docker.io/vendor/product',
      want: { username: 'first', password: 'level' },
    },
    {
      name: 'docker.io vendor namespace match',
      file: 'refpath.json',
      key: 'docker.io/vendor',
      want: { username: 'first', password: 'level' },
    },
    {
      name: 'docker.io host-only match',
      file: 'refpath.json',
      key: 'docker.io/other-vendor/other-product',
      want: { username: 'top', password: 'level' },
    },
  ];
  for (const r of rows) {
    it(r.name, () => expect(plain(lookupCredentials(file(FILES[r.file]!), r.key))).toEqual(r.want));
  }

  it('reports which key matched', () => {
    const l = lookupCredentials(file(FILES['refpath.json']!), 'docker.io/library/notbusybox');
    expect(l.kind === 'found' && l.key).toBe('docker.io/library');
  });
});

describe('lookupCredentials: TestGetAuthFromLegacyFile (.dockercfg)', () => {
  it('ignore schema and path', () =>
    expect(plain(lookupCredentials(file(LEGACY, true), 'localhost'))).toEqual({
      username: 'local',
      password: 'host-legacy',
    }));
  it('normalize registry', () =>
    expect(plain(lookupCredentials(file(LEGACY, true), 'docker.io'))).toEqual({
      username: 'docker',
      password: 'io-legacy',
    }));
  it('legacy format looks up the registry only (authKeyLookupOrder)', () => {
    const f = file(JSON.stringify({ 'quay.io/ns': { auth: b64('ns:x') }, 'quay.io': { auth: b64('host:y') } }), true);
    expect(plain(lookupCredentials(f, 'quay.io/ns/app'))).toEqual({ username: 'host', password: 'y' });
  });
});

describe('authKeyLookupOrder (TestAuthKeyLookupOrder)', () => {
  const rows: Array<[string, string[]]> = [
    ['quay.io/image', ['quay.io/image', 'quay.io']],
    ['quay.io/user/image', ['quay.io/user/image', 'quay.io/user', 'quay.io']],
    [
      'quay.io/a/b/c/d/image',
      ['quay.io/a/b/c/d/image', 'quay.io/a/b/c/d', 'quay.io/a/b/c', 'quay.io/a/b', 'quay.io/a', 'quay.io'],
    ],
    ['docker.io/library/busybox', ['docker.io/library/busybox', 'docker.io/library', 'docker.io']],
    ['docker.io/vendor/busybox', ['docker.io/vendor/busybox', 'docker.io/vendor', 'docker.io']],
  ];
  for (const [input, want] of rows) {
    it(input, () => {
      const registry = input.split('/')[0]!;
      expect(authKeyLookupOrder(input, registry, false)).toEqual(want);
      expect(authKeyLookupOrder(input, registry, true)).toEqual([registry]);
    });
  }
});

describe('validateKey (TestValidateKey)', () => {
  const rows: Array<[string, boolean]> = [
    ['my-registry.local', true],
    ['https://my-registry.local', false],
    ['my-registry.local/path', true],
    ['quay.io/a/b/c/d', true],
    ['localhost:5000', true],
    ['localhost:5000/repo', true],
    ['quay.io/repo:tag', false],
    ['quay.io/repo@sha256:abc', false],
    ['http://quay.io', false],
  ];
  for (const [key, valid] of rows) it(key, () => expect(validateKey(key) === undefined).toBe(valid));
});

describe('normalizeAuthFileKey (config.go)', () => {
  const rows: Array<[string, boolean, string]> = [
    ['https://index.docker.io/v1/', false, 'index.docker.io'],
    ['http://registry-1.docker.io', false, 'index.docker.io'],
    ['docker.io', false, 'index.docker.io'],
    ['quay.io/ns', false, 'quay.io/ns'], // a plain key keeps its path: only URL keys lose it
    ['quay.io/ns', true, 'quay.io'], // ...except in the legacy format
    ['https://quay.io/v1/', false, 'quay.io'],
    ['https://localhost:5001', false, 'localhost:5001'],
  ];
  for (const [key, legacy, want] of rows)
    it(`${key} (legacy ${legacy})`, () => expect(normalizeAuthFileKey(key, legacy)).toBe(want));
});

describe('findCredentialsInFile and decodeDockerAuth details', () => {
  it('the most specific key decides even when its entry is empty: the host key is not used', () => {
    // findCredentialsInFile returns decodeDockerAuth of the first key present; an entry without
    // "auth" (docker writes `{}` for credential helpers) decodes to no credentials.
    const f = file(JSON.stringify({ auths: { 'quay.io/team': {}, 'quay.io': { auth: b64('host:pw') } } }));
    expect(lookupCredentials(f, 'quay.io/team/app')).toMatchObject({ kind: 'empty', key: 'quay.io/team' });
    expect(lookupCredentials(f, 'quay.io/other/app')).toMatchObject({ kind: 'found', key: 'quay.io' });
  });

  it('an auth without ":" is no credentials, and the lookup stops there', () => {
    const f = file(
      JSON.stringify({ auths: { 'quay.io/team': { auth: b64('nocolon') }, 'quay.io': { auth: b64('host:pw') } } }),
    );
    expect(lookupCredentials(f, 'quay.io/team/app').kind).toBe('empty');
  });

  it('username/password fields are ignored by containers/image: warned about, never used', () => {
    const parsed = parseAuthFile(JSON.stringify({ auths: { 'quay.io': { username: 'u', password: 'p' } } }));
    expect(parsed.ok && parsed.warnings[0]).toContain('ignores those fields');
    const l = lookupCredentials(
      file(JSON.stringify({ auths: { 'quay.io': { username: 'u', password: 'p' } } })),
      'quay.io/x',
    );
    expect(l.kind).toBe('empty');
    expect(l.notes.join(' ')).toContain('username/password');
  });

  it("invalid base64 fails the lookup with Go's message (the pull attempt fails)", () => {
    const f = file(JSON.stringify({ auths: { 'quay.io': { auth: 'not base64!' } } }));
    expect(lookupCredentials(f, 'quay.io/x')).toMatchObject({
      kind: 'error',
      error: 'illegal base64 data at input byte 3',
    });
  });

  it('the password loses NUL bytes at both ends; the user name keeps everything before the first ":"', () => {
    const f = file(auths({ 'r.example': b64('us:er:\0pa:ss\0\0') }));
    expect(plain(lookupCredentials(f, 'r.example/x'))).toEqual({ username: 'us', password: 'er:\0pa:ss' });
  });

  it('an empty user name is allowed (":token")', () => {
    expect(plain(lookupCredentials(file(auths({ 'r.example': b64(':tok') })), 'r.example/x'))).toEqual({
      username: '',
      password: 'tok',
    });
  });

  it('credHelpers for the registry win over auths (probe reports the helper, does not run it)', () => {
    const f = file(
      JSON.stringify({ auths: { 'quay.io': { auth: b64('a:b') } }, credHelpers: { 'quay.io': 'secretservice' } }),
    );
    expect(lookupCredentials(f, 'quay.io/x')).toMatchObject({
      kind: 'helper',
      helper: 'secretservice',
      registry: 'quay.io',
    });
  });

  it('several URL keys normalising to the host: the first in file order, with a note', () => {
    const f = file(auths({ 'https://index.docker.io/v1/': b64('one:1'), 'http://registry-1.docker.io': b64('two:2') }));
    const l = lookupCredentials(f, 'docker.io/library/nginx');
    expect(plain(l).username).toBe('one');
    expect(l.notes[0]).toContain('at random');
  });

  it('a host key does not cover another port', () => {
    expect(lookupCredentials(file(auths({ 'r.example:5000': b64('a:b') })), 'r.example:5001/x').kind).toBe('none');
    expect(lookupCredentials(file(auths({ 'r.example': b64('a:b') })), 'r.example:5000/x').kind).toBe('none');
  });
});

describe('parseAuthFile: encoding/json semantics', () => {
  const rows: Array<{ name: string; text: string; legacy?: boolean; ok: boolean; entries?: string[] }> = [
    { name: 'not JSON', text: "Json rocks! Unless it doesn't.", ok: false },
    { name: 'auths of the wrong type', text: '{"auths": []}', ok: false },
    { name: 'auth of the wrong type', text: '{"auths": {"a": {"auth": 1}}}', ok: false },
    { name: 'null auths', text: '{"auths": null}', ok: true, entries: [] },
    { name: 'null entry is an empty entry', text: '{"auths": {"a": null}}', ok: true, entries: ['a'] },
    {
      name: 'field names match case-insensitively',
      text: '{"Auths": {"a": {"AUTH": "YTpi"}}}',
      ok: true,
      entries: ['a'],
    },
    { name: 'legacy: the map itself', text: '{"a": {"auth": "YTpi"}}', legacy: true, ok: true, entries: ['a'] },
    { name: 'legacy: not an object', text: '[]', legacy: true, ok: false },
    {
      name: 'unknown fields ignored',
      text: '{"auths": {"a": {"auth": "YTpi", "email": "x"}}, "HttpHeaders": {}}',
      ok: true,
      entries: ['a'],
    },
  ];
  for (const r of rows) {
    it(r.name, () => {
      const p = parseAuthFile(r.text, { legacyFormat: r.legacy === true });
      expect(p.ok).toBe(r.ok);
      if (p.ok && r.entries) expect([...p.file.entries.keys()]).toEqual(r.entries);
    });
  }

  it('the last of two case variants wins, as in Go', () => {
    const f = file('{"auths": {"a": {"auth": "YTpi", "Auth": "Yzpk"}}}');
    expect(plain(lookupCredentials(f, 'a/x'))).toEqual({ username: 'c', password: 'd' });
  });
});

describe('decodeStdBase64 (base64.StdEncoding)', () => {
  const rows: Array<[string, string | null]> = [
    ['', ''],
    ['YTpi', 'a:b'],
    ['YTpiYw==', 'a:bc'],
    ['YTpiY2Q=', 'a:bcd'],
    ['YTpi\nYw==\r\n', 'a:bc'], // newlines are skipped
    ['YTpiYw', null], // padding required
    ['YTpiY===', null],
    ['YT=iYw==', null],
    ['YTpi Yw==', null],
    ['YTpi-w==', null], // URL alphabet is not StdEncoding
    ['YTpiYx==', 'a:bc'], // non-zero trailing bits are accepted (not Strict)
  ];
  for (const [input, want] of rows) {
    it(JSON.stringify(input), () => {
      const d = decodeStdBase64(input);
      expect(d.ok ? d.bytes.toString('latin1') : null).toBe(want);
    });
  }
});

describe('credentials never print', () => {
  it('String(), JSON, inspect and template literals of a lookup show no secret', () => {
    const l = lookupCredentials(file(auths({ 'r.example': b64('alice:s3cr3t-pw') })), 'r.example/x');
    expect(l.kind).toBe('found');
    const shown = [
      JSON.stringify(l),
      inspect(l, { depth: 10 }),
      `${l.kind === 'found' ? l.credentials.password : ''}`,
      String(l.kind === 'found' && l.credentials.password),
    ].join('\n');
    expect(shown).not.toContain('s3cr3t-pw');
    expect(shown).toContain('[redacted]');
    const f = file(auths({ 'r.example': b64('alice:s3cr3t-pw') }));
    expect(inspect(f, { depth: 10 }) + JSON.stringify([...f.entries.values()])).not.toContain(b64('alice:s3cr3t-pw'));
  });
});
