// mirrorsWithoutCredentials: containers/image's lookup (the mirror's own name, its parent
// namespaces, the host, normalised Docker Hub keys) decides; a key below a mirror covers it.
import { describe, expect, it } from 'vitest';
import { parseAuthFile, type AuthFile } from '../../src/registries/credentials.js';
import { isLookupKey, mirrorsWithoutCredentials } from '../../src/validate/credentials.js';

const b64 = (s: string) => Buffer.from(s).toString('base64');
function authFile(auths: Record<string, unknown>, credHelpers?: Record<string, string>): AuthFile {
  const p = parseAuthFile(JSON.stringify({ auths, ...(credHelpers ? { credHelpers } : {}) }));
  if (!p.ok) throw new Error(p.error);
  return p.file;
}
const spec = (...mirrors: string[]) => ({ imageTagMirrorSet: [{ source: 'quay.io/team', mirrors }] });
const uncovered = (file: AuthFile, ...mirrors: string[]) =>
  mirrorsWithoutCredentials(spec(...mirrors), file, 'ns/ps', {}).map((r) => r.field!.path);

describe('mirrorsWithoutCredentials', () => {
  const creds = { auth: b64('u:p') };
  it.each<[string, Record<string, unknown>, string, boolean]>([
    ['the host entry', { 'm.example': creds }, 'm.example/team', true],
    ['a parent namespace entry', { 'm.example/team': creds }, 'm.example/team/sub', true],
    ['a key below the mirror (some repositories)', { 'm.example/team/app': creds }, 'm.example/team', true],
    ['another port is another host', { 'm.example:5000': creds }, 'm.example/team', false],
    ['docker.io through index.docker.io', { 'index.docker.io': creds }, 'docker.io/acme/team', true],
    ['an https:// URL key (normalised)', { 'https://m.example/v1/': creds }, 'm.example/team', true],
    [
      'a more specific empty entry shadows the host',
      { 'm.example': creds, 'm.example/team': {} },
      'm.example/team',
      false,
    ],
    [
      'username/password fields only (ignored upstream)',
      { 'm.example': { username: 'u', password: 'p' } },
      'm.example/team',
      false,
    ],
    ['a key that only starts like the mirror', { 'm.example/teamwork': creds }, 'm.example/team', false],
    // Keys below the mirror that no image name ever looks up (pkg/docker/config authKeysForKey).
    ['a key below with a trailing slash', { 'm.example/team/': creds }, 'm.example/team', false],
    ['a key below in upper case', { 'm.example/team/App': creds }, 'm.example/team', false],
    ['a key below with a tag', { 'm.example/team/app:tag': creds }, 'm.example/team', false],
    ['a key below with a digest', { [`m.example/team/app@sha256:${'a'.repeat(64)}`]: creds }, 'm.example/team', false],
    ['a key below with an empty component', { 'm.example/team//app': creds }, 'm.example/team', false],
    ['a key below with a space', { 'm.example/team/ap p': creds }, 'm.example/team', false],
    ['a key below that is empty', { 'm.example/team/app': {} }, 'm.example/team', false],
    ['a valid key two levels below', { 'm.example/team/a/b': creds }, 'm.example/team', true],
    ['a key below with a port mirror', { 'm.example:5000/team/app': creds }, 'm.example:5000/team', true],
    ['a Docker Hub namespace below (a parent, never a name)', { 'docker.io/acme/team': creds }, 'docker.io/acme', true],
    ['a Docker Hub legacy host below', { 'index.docker.io/acme/team': creds }, 'index.docker.io/acme', false],
  ])('%s', (_name, auths, mirror, covered) => {
    expect(uncovered(authFile(auths), mirror)).toEqual(covered ? [] : ['spec.imageTagMirrorSet[0].mirrors[0]']);
  });

  it('a credential helper for the host counts as covered (it may hold credentials)', () => {
    expect(uncovered(authFile({}, { 'm.example': 'ecr-login' }), 'm.example/team')).toEqual([]);
  });

  it('each mirror of both lists, at its own field path, as warnings', () => {
    const results = mirrorsWithoutCredentials(
      {
        imageContentSources: [{ source: 'quay.io/ocp', mirrors: ['a.example/ocp', 'm.example/ocp'] }],
        imageTagMirrorSet: [{ source: 'quay.io/team', mirrors: ['b.example/team'] }],
      },
      authFile({ 'm.example': creds }),
      'ns/ps',
      {},
    );
    expect(results.map((r) => [r.severity, r.tags.code, r.field!.path])).toEqual([
      ['warning', 'mirror-without-credentials', 'spec.imageTagMirrorSet[0].mirrors[0]'],
      ['warning', 'mirror-without-credentials', 'spec.imageContentSources[0].mirrors[0]'],
    ]);
  });
});

describe('isLookupKey', () => {
  it.each<[string, boolean]>([
    ['m.example/team/app', true],
    ['m.example:5000/team', true],
    ['docker.io/library/nginx', true],
    ['docker.io/acme', true],
    ['m.example/team/', false],
    ['m.example/Team', false],
    ['m.example/team:tag', false],
    ['m.example/team/app:v1/x', false],
    ['https://m.example/team', false],
    ['m.example/-team', false],
    ['', false],
  ])('%j: %s', (key, want) => {
    expect(isLookupKey(key)).toBe(want);
  });
});

it('the warning names the keys containers/image never reads', () => {
  const [r] = mirrorsWithoutCredentials(
    spec('m.example/team'),
    authFile({ 'm.example/team/': { auth: b64('u:p') } }),
    'ns/ps',
    {},
  );
  expect(r!.message).toBe(
    'no credentials for mirror m.example/team in the pull secret ns/ps: no auths entry matches it (containers/image never looks up "m.example/team/": no repository name), so nodes pull from it anonymously',
  );
});
