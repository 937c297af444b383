// The source/mirror syntax recogniser (src/registries/scope.ts) against the upstream
// RE2 patterns of MCO's validateRegistriesConfScopes (reference/registries-conf.md,
// section "Validation"). In JS those patterns backtrack exponentially, so they are only
// ever run here on short inputs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkMirror, checkSource, type ScopeCheck } from '../../src/registries/scope.js';

// Copied verbatim from the reference; the mirror pattern is the source pattern's second alternative.
const SOURCE_PATTERN = String.raw`^\*(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))+$|^((?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))+)?(?::[0-9]+)?)(?:(?:/[a-z0-9]+(?:(?:(?:[._]|__|[-]*)[a-z0-9]+)+)?)+)?$`;
const MIRROR_PATTERN = SOURCE_PATTERN.slice(SOURCE_PATTERN.indexOf('$|^') + 2);
const SOURCE_RE = new RegExp(SOURCE_PATTERN);
const MIRROR_RE = new RegExp(MIRROR_PATTERN);

const HINT = {
  space: 'remove the surrounding white space',
  scheme: 'remove the scheme',
  digest: 'remove the digest',
  tag: 'remove the tag',
  wildcardSource: 'a wildcard must be a whole leading label',
  wildcardMirror: 'wildcards are allowed in sources only',
  lowercase: 'repository paths must be lowercase',
  trailing: 'remove the trailing "/"',
  generic: 'use host[:port][/namespace[/repository]]',
} as const;
type HintKey = keyof typeof HINT;

const hintOf = (c: ScopeCheck) => (c.ok ? undefined : c.error);

describe('the copied upstream patterns', () => {
  it('mirror pattern is the second alternative of the source pattern', () => {
    expect(MIRROR_PATTERN.startsWith('^((?:[a-zA-Z0-9]')).toBe(true);
    expect(SOURCE_PATTERN).toBe(
      String.raw`^\*(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))+$|` + MIRROR_PATTERN,
    );
  });
});

// [value, accepted as a registry scope (source and mirror)]
const REGISTRY_ACCEPT: string[] = [
  'quay.io',
  'quay.io/openshift',
  'quay.io/openshift/my-app',
  'quay.io/openshift-release-dev/ocp-release',
  'registry.example.com:5000',
  'registry.example.com:5000/team/app',
  'localhost',
  'localhost:5000/a',
  'a',
  'A',
  '1',
  '127.0.0.1:5000/ns',
  '0.0.0.0',
  'quay.io:0',
  'Quay.IO/openshift', // uppercase is fine in the host
  'QUAY.IO:443',
  'My-Registry.Example.COM/ns',
  'my-registry.example.com',
  'a--b.example.com', // hyphen runs inside a host label
  'xn--bcher-kva.example/ns',
  'quay.io/a__b',
  'quay.io/a--b',
  'quay.io/a---b',
  'quay.io/a.b',
  'quay.io/a_b',
  'quay.io/a-b',
  'quay.io/a.b_c-d__e--f',
  'quay.io/a/b/c/d/e/f',
  'quay.io/1/2',
  'quay.io/0a.1b',
  'docker.io/library',
];

// [value, hint for both source and mirror (undefined: do not pin the hint)]
const REGISTRY_REJECT: [string, HintKey | undefined][] = [
  ['', 'generic'],
  ['quay.io/', 'trailing'],
  ['quay.io/ns/', 'trailing'],
  ['localhost:5000/', 'trailing'],
  ['quay.io/openshift:latest', 'tag'],
  ['quay.io/openshift/app:v1.2.3', 'tag'],
  ['localhost:5000/ns:v1', 'tag'],
  ['quay.io/a/b:', 'tag'],
  ['quay.io/openshift@sha256:' + 'a'.repeat(64), 'digest'],
  ['quay.io/app:v1@sha256:abc', 'digest'],
  ['quay.io@sha256:abc', 'digest'],
  ['https://quay.io/openshift', 'scheme'],
  ['http://localhost:5000', 'scheme'],
  ['docker://quay.io', 'scheme'],
  ['HTTPS://quay.io', 'scheme'],
  ['quay.io/OpenShift', 'lowercase'],
  ['quay.io/openshift/MyApp', 'lowercase'],
  ['Quay.io/A', 'lowercase'],
  [' quay.io', 'space'],
  ['quay.io ', 'space'],
  ['quay.io\n', 'space'],
  ['\tquay.io/a', 'space'],
  ['quay.io/a b', 'generic'],
  ['quay .io', 'generic'],
  ['quay.io/a\tb', 'generic'],
  ['quay.io/a._b', 'generic'],
  ['quay.io/a_.b', 'generic'],
  ['quay.io/a___b', 'generic'],
  ['quay.io/a_-b', 'generic'],
  ['quay.io/a-.b', 'generic'],
  ['quay.io/a..b', 'generic'],
  ['quay.io/_a', 'generic'],
  ['quay.io/a_', 'generic'],
  ['quay.io/a-', 'generic'],
  ['quay.io/-a', 'generic'],
  ['quay.io/.a', 'generic'],
  ['quay.io/a.', 'generic'],
  ['quay.io//a', 'generic'],
  ['quay.io/a//b', 'generic'],
  ['/openshift', 'generic'],
  ['-quay.io', 'generic'],
  ['quay-.io', 'generic'],
  ['quay.-io', 'generic'],
  ['quay..io', 'generic'],
  ['.quay.io', 'generic'],
  ['quay.io.', 'generic'],
  ['quay.io:', 'generic'],
  ['quay.io:abc', 'generic'],
  ['quay.io:5000:5000', 'generic'],
  ['quay.io:-1', 'generic'],
  ['quay.io:5000x/a', 'generic'],
  ['quay_io', 'generic'],
  ['quay.io/ünicode', 'generic'],
  ['qüay.io', 'generic'],
  ['ｑuay.io', 'generic'],
  ['quay.io/a\u0000', 'generic'],
  ['quay.io/a\u001b[0m', 'generic'],
  ['quay.io/\u007f', 'generic'],
  ['quay.io/"a"', 'generic'],
  ['"quay.io"', 'generic'],
  ["'quay.io'", 'generic'],
  ['quay.io\\openshift', 'generic'],
  ['quay.io/a#b', 'generic'],
  ['quay.io#', 'generic'],
  ['quay.io]', 'generic'],
  ['quay.io/a]', 'generic'],
  ['[::1]:5000', 'generic'],
  ['quay.io/a%2fb', 'generic'],
  ['quay.io/a%2Fb', undefined], // the uppercase F wins: "must be lowercase"
  ['quay.io/a?b', 'generic'],
  ['quay.io/a=b', 'generic'],
  ['quay.io/a+b', 'generic'],
  ['user@quay.io', undefined],
];

// Wildcards: accepted as sources only; [value, source ok, source hint, mirror hint]
const WILDCARDS: [string, boolean, HintKey | undefined, HintKey][] = [
  ['*.example.com', true, undefined, 'wildcardMirror'],
  ['*.a', true, undefined, 'wildcardMirror'],
  ['*.Example.COM', true, undefined, 'wildcardMirror'],
  ['*.a-b.c--d.e', true, undefined, 'wildcardMirror'],
  ['*', false, 'wildcardSource', 'wildcardMirror'],
  ['*.', false, 'wildcardSource', 'wildcardMirror'],
  ['*example.com', false, 'wildcardSource', 'wildcardMirror'],
  ['**.example.com', false, 'wildcardSource', 'wildcardMirror'],
  ['*.*.example.com', false, 'wildcardSource', 'wildcardMirror'],
  ['a.*.example.com', false, 'wildcardSource', 'wildcardMirror'],
  ['*.example.com.', false, 'wildcardSource', 'wildcardMirror'],
  ['*.-a.com', false, 'wildcardSource', 'wildcardMirror'],
  ['*.a-.com', false, 'wildcardSource', 'wildcardMirror'],
  ['*.example.com:5000', false, 'wildcardSource', 'wildcardMirror'],
  ['*.example.com/ns', false, 'wildcardSource', 'wildcardMirror'],
  ['*.example.com/ns/', false, 'wildcardSource', 'wildcardMirror'],
  ['quay.io/*', false, 'wildcardSource', 'wildcardMirror'],
  ['quay.io/ns/*', false, 'wildcardSource', 'wildcardMirror'],
  ['*.example.com/ns:tag', false, 'tag', 'tag'],
  ['https://*.example.com', false, 'scheme', 'scheme'],
];

describe('checkSource / checkMirror: accepted registry scopes', () => {
  it.each(REGISTRY_ACCEPT)('%j', (v) => {
    expect(checkSource(v)).toEqual({ ok: true, value: 'registry' });
    expect(checkMirror(v)).toEqual({ ok: true, value: 'registry' });
    expect(SOURCE_RE.test(v)).toBe(true);
    expect(MIRROR_RE.test(v)).toBe(true);
  });
});

describe('checkSource / checkMirror: rejected values and their hints', () => {
  it.each(REGISTRY_REJECT)('%j -> %s', (v, hint) => {
    const s = checkSource(v),
      m = checkMirror(v);
    expect(s.ok).toBe(false);
    expect(m.ok).toBe(false);
    expect(SOURCE_RE.test(v)).toBe(false);
    expect(MIRROR_RE.test(v)).toBe(false);
    if (hint) {
      expect(hintOf(s)).toContain(HINT[hint]);
      expect(hintOf(m)).toContain(HINT[hint]);
    }
    expect(hintOf(s)).toMatch(/\S/);
    expect(hintOf(m)).toMatch(/\S/);
  });
});

describe('wildcards: sources only, as a whole leading label', () => {
  it.each(WILDCARDS)('%j (source ok: %s)', (v, sourceOk, sourceHint, mirrorHint) => {
    const s = checkSource(v),
      m = checkMirror(v);
    expect(SOURCE_RE.test(v)).toBe(sourceOk);
    expect(MIRROR_RE.test(v)).toBe(false);
    if (sourceOk) expect(s).toEqual({ ok: true, value: 'wildcard' });
    else expect(hintOf(s)).toContain(HINT[sourceHint!]);
    expect(m.ok).toBe(false);
    expect(hintOf(m)).toContain(HINT[mirrorHint]);
  });
});

describe('agreement with the upstream regexes (property)', () => {
  const chars = [...'abcxyzABCXYZ0123456789._-/:*@'];
  const short = fc.string({ unit: fc.constantFrom(...chars), maxLength: 12 });
  // Biased towards near-valid values: few letters, many separators.
  const nearValid = fc.string({ unit: fc.constantFrom(...'aA0._-/:*'), maxLength: 12 });
  const tokens = fc
    .array(fc.constantFrom('a', 'b1', 'X', '-', '--', '.', '_', '__', '/', ':5000', '*.', ':', '@', '*'), {
      maxLength: 8,
    })
    .map((t) => t.join(''))
    .filter((s) => s.length <= 12);

  for (const [name, arb] of [
    ['random short strings', short],
    ['near-valid short strings', nearValid],
    ['token strings', tokens],
  ] as const) {
    it(`source: ${name}`, () => {
      fc.assert(
        fc.property(arb, (s) => checkSource(s).ok === SOURCE_RE.test(s)),
        { numRuns: 20_000 },
      );
    });
    it(`mirror: ${name}`, () => {
      fc.assert(
        fc.property(arb, (s) => checkMirror(s).ok === MIRROR_RE.test(s)),
        { numRuns: 20_000 },
      );
    });
  }

  it('kind is wildcard exactly for accepted sources starting with "*"', () => {
    fc.assert(
      fc.property(tokens, (s) => {
        const c = checkSource(s);
        return !c.ok || c.value === (s.startsWith('*') ? 'wildcard' : 'registry');
      }),
      { numRuns: 5_000 },
    );
  });

  it('a rejected value always has a non-empty hint', () => {
    fc.assert(
      fc.property(short, (s) => {
        const c = checkSource(s),
          m = checkMirror(s);
        return (c.ok || c.error.length > 0) && (m.ok || m.error.length > 0);
      }),
      { numRuns: 5_000 },
    );
  });
});

describe('linear time on hostile inputs (hang guard only; nothing is timed)', () => {
  const N = 100_000;
  const rejected: [string, string][] = [
    ['"a-" run in a path component', 'quay.io/' + 'a-'.repeat(N / 2) + '!'],
    ['"a." run in the host', 'a.'.repeat(N) + '!'],
    ['long path component then "!"', 'quay.io/' + 'a'.repeat(N) + '!'],
    ['"a_" run', 'quay.io/' + 'a_'.repeat(N / 2) + '!'],
    ['"a__" run', 'quay.io/' + 'a__'.repeat(N / 3) + '!'],
    ['"a." run in a path', 'quay.io/' + 'a.'.repeat(N / 2) + '!'],
    ['"a-" run ending in uppercase', 'quay.io/' + 'a-'.repeat(N / 2) + 'A'],
    ['hyphen run in a host label', 'a' + '-'.repeat(N) + '!'],
    ['"a-" run in a host label, trailing hyphen', 'a-'.repeat(N)],
    ['wildcard with a long host', '*.' + 'a.'.repeat(N) + '!'],
    ['many components then a trailing "/"', 'quay.io' + '/a'.repeat(N / 2) + '/'],
    ['long port then a letter', 'quay.io:' + '1'.repeat(N) + 'x'],
    ['hyphens only in a path', 'quay.io/' + '-'.repeat(N)],
    ['alternating components and separators', 'quay.io/' + 'a-a_a.a__'.repeat(N / 10) + '-'],
  ];
  const accepted: [string, string][] = [
    ['100k components', 'quay.io' + '/a'.repeat(N / 2)],
    ['long hyphen runs', 'quay.io/' + 'a--'.repeat(N / 3) + 'a'],
    ['long host', 'a.'.repeat(N / 2) + 'b'],
    ['long wildcard', '*.' + 'a.'.repeat(N / 2) + 'b'],
  ];

  it('rejects hostile inputs', () => {
    for (const [, v] of rejected) {
      expect(checkSource(v).ok).toBe(false);
      expect(checkMirror(v).ok).toBe(false);
    }
  }, 2000);

  it('accepts long valid inputs', () => {
    for (const [name, v] of accepted) {
      expect(checkSource(v).ok, name).toBe(true);
      expect(checkMirror(v).ok, name).toBe(!v.startsWith('*'));
    }
  }, 2000);
});
