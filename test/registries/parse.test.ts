// parseRegistriesConf: registries.conf read back into the model (explain --from committed).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRegistriesConf } from '../../src/registries/parse.js';
import { renderRegistries } from '../../src/registries/render.js';
import { CONF_CASES } from '../helpers/registries-conf-cases.js';
import { ROOT } from '../helpers/run-fn.js';

const dir = join(ROOT, 'testdata', 'registries-conf');
const expected = readdirSync(dir).filter((f) => f.endsWith('.expected.conf'));

describe('parseRegistriesConf', () => {
  it.each(expected)('%s (rendered by MCO): read back and rendered again, byte for byte', (f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    const parsed = parseRegistriesConf(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.unqualifiedSearchRegistries).toEqual(['registry.access.redhat.com', 'docker.io']);
    // MCO's template for a pool without mirrors is the search list alone, in literal strings.
    if (f.startsWith('2-')) expect(parsed.value.registries).toEqual([]);
    else expect(renderRegistries(parsed.value.registries)).toBe(text);
  });

  it('reads every value form MCO writes, and what containers/image adds', () => {
    const parsed = parseRegistriesConf(
      [
        '# a comment',
        'unqualified-search-registries = ["a.io", "b.io"]  # trailing comment',
        'short-name-mode = "enforcing"',
        '',
        '[[registry]]',
        '  prefix = "*.example.com"',
        '  location = ""',
        '  insecure = true',
        '  blocked = false',
        '',
        '  [[registry.mirror]]',
        '    location = "m.io/\\"q\\"\\u00e9"',
        '    insecure = true',
        '',
        '[[registry]]',
        '  location = "d.io/x"',
        '  mirror-by-digest-only = true',
        '  [[registry.mirror]]',
        '    location = "m.io/x"',
      ].join('\n'),
    );
    expect(parsed).toEqual({
      ok: true,
      value: {
        unqualifiedSearchRegistries: ['a.io', 'b.io'],
        registries: [
          {
            prefix: '*.example.com',
            location: '',
            insecure: true,
            blocked: false,
            mirrors: [{ location: 'm.io/"q"é', insecure: true, pullFromMirror: 'all' }],
          },
          {
            prefix: '',
            location: 'd.io/x',
            insecure: false,
            blocked: false,
            mirrors: [{ location: 'm.io/x', insecure: false, pullFromMirror: 'digest-only' }],
          },
        ],
      },
    });
  });

  it.each(CONF_CASES.filter((c) => c.refused !== undefined && !c.cannotTell))(
    'refuses, as containers/image does: $name',
    (c) => {
      const out = parseRegistriesConf(c.text);
      expect(out.ok).toBe(false);
      expect(!out.ok && out.error).toContain(c.refused);
    },
  );

  it.each(CONF_CASES.filter((c) => c.refused === undefined && !c.cannotTell))(
    'accepts, as containers/image does: $name',
    (c) => {
      expect(parseRegistriesConf(c.text)).toMatchObject({ ok: true });
    },
  );

  it.each(CONF_CASES.filter((c) => c.cannotTell))('cannot tell (BurntSushi/toml accepts, TOML 1.0 not): $name', (c) => {
    expect(parseRegistriesConf(c.text)).toMatchObject({ ok: false, cannotTell: true });
  });

  it.each(CONF_CASES.filter((c) => c.refused !== undefined && !c.cannotTell))('a refusal is certain: $name', (c) => {
    expect(parseRegistriesConf(c.text)).not.toHaveProperty('cannotTell');
  });

  const registriesOf = (text: string) => {
    const out = parseRegistriesConf(text);
    if (!out.ok) throw new Error(out.error);
    return out.value.registries;
  };

  it('mirror-by-digest-only makes every mirror of the registry digest-only', () => {
    const [r] = registriesOf(
      '[[registry]]\nlocation = "quay.io/a"\nmirror-by-digest-only = true\n[[registry.mirror]]\nlocation = "m1.io/a"\n[[registry.mirror]]\nlocation = "m2.io/a"\npull-from-mirror = ""\n',
    );
    expect(r!.mirrors.map((m) => m.pullFromMirror)).toEqual(['digest-only', 'digest-only']);
  });

  it('keeps the first [[registry]] of a prefix, in file order; trims trailing slashes', () => {
    const rs = registriesOf(
      '[[registry]]\nlocation = "quay.io/b/"\n[[registry]]\nlocation = "quay.io/a"\n[[registry.mirror]]\nlocation = "m1.io/a/"\n[[registry]]\nlocation = "quay.io/a"\n[[registry.mirror]]\nlocation = "m2.io/a"\n',
    );
    expect(rs.map((r) => [r.location, r.mirrors.map((m) => m.location)])).toEqual([
      ['quay.io/b', []],
      ['quay.io/a', ['m1.io/a']],
    ]);
  });

  it('matches keys ignoring case and ignores unknown ones', () => {
    expect(registriesOf('[[Registry]]\nLocation = "quay.io/a"\nBlocked = true\ncolour = 1\n')).toEqual([
      { prefix: '', location: 'quay.io/a', insecure: false, blocked: true, mirrors: [] },
    ]);
  });

  it('converts the v1 format', () => {
    const out = parseRegistriesConf(
      '[registries.search]\nregistries = ["docker.io"]\n[registries.block]\nregistries = ["quay.io/a"]\n[registries.insecure]\nregistries = ["quay.io/a", "r.io"]\n',
    );
    expect(out).toEqual({
      ok: true,
      value: {
        unqualifiedSearchRegistries: ['docker.io'],
        registries: [
          { prefix: '', location: 'quay.io/a', insecure: true, blocked: true, mirrors: [] },
          { prefix: '', location: 'r.io', insecure: true, blocked: false, mirrors: [] },
        ],
      },
    });
  });

  it('keeps a prefix that differs from the location (a rewrite)', () => {
    expect(registriesOf('[[registry]]\nprefix = "quay.io/a"\nlocation = "r.io/b"\n')).toEqual([
      { prefix: 'quay.io/a', location: 'r.io/b', insecure: false, blocked: false, mirrors: [] },
    ]);
  });

  it('one location in 30,000 [[registry]] tables, the last one blocked: the conflict, found in one pass', () => {
    const text = `${'[[registry]]\nlocation = "quay.io/a"\n'.repeat(30_000)}[[registry]]\nlocation = "quay.io/a"\nblocked = true\n`;
    expect(parseRegistriesConf(text)).toEqual({
      ok: false,
      error: "registry 'quay.io/a' is defined multiple times with conflicting 'blocked' setting",
    });
  });

  it('two locations in conflict: the one whose first [[registry]] comes first is reported, insecure before blocked', () => {
    const text = [
      '[[registry]]\nlocation = "b.io"',
      '[[registry]]\nlocation = "a.io"',
      '[[registry]]\nlocation = "a.io"\nblocked = true\ninsecure = true',
      '[[registry]]\nlocation = "b.io"\nblocked = true',
    ].join('\n');
    expect(parseRegistriesConf(text)).toEqual({
      ok: false,
      error: "registry 'b.io' is defined multiple times with conflicting 'blocked' setting",
    });
    expect(parseRegistriesConf(text.replace('location = "b.io"\nblocked', 'location = "c.io"\nblocked'))).toEqual({
      ok: false,
      error: "registry 'a.io' is defined multiple times with conflicting 'insecure' setting",
    });
  });

  it.each([
    [
      '200,000 slashes inside a location',
      `[[registry]]\nlocation = "a${'/'.repeat(200_000)}b"\nlocation = "c"\n`,
      'registry.location',
    ],
    ['a 300,000-space line opening a nested array', `a = [\n[${' '.repeat(300_000)}\n]]\nb = 1\nb = 2\n`, 'b'],
    ['a key line of 300,000 spaces', `[t]\nk${' '.repeat(300_000)}= 1\nk = 2\n`, 't.k'],
  ])('hostile: %s is read in linear time', (_, text, key) => {
    expect(parseRegistriesConf(text)).toEqual({
      ok: false,
      error: expect.stringContaining(`(last key "${key}"): Key '${key}' has already been defined.`),
    });
  });

  it('reads a 60 MB comment line', () => {
    expect(parseRegistriesConf(`#${'x'.repeat(60_000_000)}\n`)).toEqual({
      ok: true,
      value: { unqualifiedSearchRegistries: [], registries: [] },
    });
  });
});
