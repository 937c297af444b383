// parseRegistriesConf: registries.conf read back into the model (explain --from committed).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRegistriesConf } from '../../src/registries/parse.js';
import { renderRegistries } from '../../src/registries/render.js';
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

  it.each([
    ['an unknown table', '[registries.search]\nregistries = ["a"]', /line 1: unsupported table \[registries\.search\]/],
    ['a mirror before a registry', '[[registry.mirror]]\nlocation = "a"', /line 1: \[\[registry\.mirror\]\] before/],
    ['an unknown key', '[[registry]]\nlocation = "a"\nmirrors = ["b"]', /line 3: unsupported key mirrors/],
    ['a wrong type', '[[registry]]\nblocked = "yes"', /line 2: blocked must be true or false/],
    ['an unterminated string', '[[registry]]\nlocation = "a', /line 2: unterminated string/],
    ['a bad escape', '[[registry]]\nlocation = "a\\q"', /line 2: invalid escape/],
    ['junk after a value', '[[registry]]\nlocation = "a" b', /line 2: unexpected "b"/],
    ['no key = value', '[[registry]]\nlocation', /line 2: not a key = value line/],
    [
      'an unknown pull-from-mirror',
      '[[registry]]\nlocation="a"\n[[registry.mirror]]\nlocation="b"\npull-from-mirror = "x"',
      /pull-from-mirror "x"/,
    ],
    ['a registry without a scope', '[[registry]]\nblocked = true', /without prefix or location/],
  ])('refuses %s', (_, text, error) => {
    const out = parseRegistriesConf(text);
    expect(out.ok).toBe(false);
    expect(!out.ok && out.error).toMatch(error);
  });
});
