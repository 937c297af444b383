// containers/image's choice of [[registry]] block (sysregistriesv2 refMatchingPrefix /
// findRegistryWithParsedConfig), as src/registries/match.ts implements it.
import { describe, expect, it } from 'vitest';
import { registryScope, type Registry } from '../../src/registries/model.js';
import { findRegistry, refMatchingPrefix } from '../../src/registries/match.js';

const block = (scope: string, blocked = false): Registry =>
  scope.startsWith('*.')
    ? { prefix: scope, location: '', insecure: false, blocked, mirrors: [] }
    : { prefix: '', location: scope, insecure: false, blocked, mirrors: [] };

describe('refMatchingPrefix(ref, prefix)', () => {
  // [ref, prefix, expected length or -1]
  const TABLE: [string, string, number][] = [
    // exact prefixes: the match must end at "/", ":", "@" or the end of ref
    ['quay.io/openshift/app:v1', 'quay.io/openshift', 17],
    ['quay.io/openshift', 'quay.io/openshift', 17],
    ['quay.io/openshift:v1', 'quay.io/openshift', 17],
    ['quay.io/openshift@sha256:abc', 'quay.io/openshift', 17],
    ['quay.io/openshiftx/app', 'quay.io/openshift', -1],
    ['quay.io/openshift-release-dev/ocp', 'quay.io/openshift', -1],
    ['quay.io/openshift.x', 'quay.io/openshift', -1],
    ['quay.io/openshift_x', 'quay.io/openshift', -1],
    ['quay.io', 'quay.io/openshift', -1],
    ['quay.io/open', 'quay.io/openshift', -1],
    ['quay.io/app', 'quay.io', 7],
    ['quay.io', 'quay.io', 7],
    ['quay.io:443/app', 'quay.io', 7], // upstream: "example.com:5000" matches "example.com" (unintended, but so it is)
    ['quay.iox/app', 'quay.io', -1],
    ['quay.io.evil.com/app', 'quay.io', -1],
    ['Quay.io/app', 'quay.io', -1], // case-sensitive
    ['docker.io/library/nginx', 'quay.io', -1],
    ['registry.example.com:5000/team/app', 'registry.example.com:5000/team', 30],
    ['registry.example.com:50000/team', 'registry.example.com:5000', -1],
    // wildcard prefixes: host names ending in ".x.com", not "x.com" itself
    ['a.x.com/app', '*.x.com', 7],
    ['a.x.com', '*.x.com', 7],
    ['a.x.com:5000/app', '*.x.com', 7],
    ['a.x.com@sha256:abc', '*.x.com', 7],
    ['abc.x.com/app:v1', '*.x.com', 9],
    ['a.b.x.com/app', '*.x.com', 9],
    ['x.com/app', '*.x.com', -1],
    ['x.com', '*.x.com', -1],
    ['ax.com/app', '*.x.com', -1],
    ['a.x.community/app', '*.x.com', -1],
    ['a.x.comx', '*.x.com', -1],
    ['quay.io/a.x.com', '*.x.com', -1],
    ['quay.io/a.x.com/app', '*.x.com', -1],
    ['quay.io/.x.com', '*.x.com', -1],
    ['a.y.com/app', '*.x.com', -1],
    // upstream looks at the first occurrence of ".x.com" only
    ['a.x.com.x.com/app', '*.x.com', -1],
  ];
  it.each(TABLE)('%j against %j -> %d', (ref, prefix, expected) => {
    expect(refMatchingPrefix(ref, prefix)).toBe(expected);
  });
});

describe('findRegistry(ref, blocks): the longest prefix wins', () => {
  const BLOCKS = [
    block('quay.io'),
    block('quay.io/openshift', true),
    block('quay.io/openshift/app'),
    block('*.x.com', true),
    block('x.com'),
    block('registry.example.com:5000/team'),
    block('registry.example.com:5000'),
  ];
  // [ref, expected scope or undefined]
  const TABLE: [string, string | undefined][] = [
    ['quay.io/openshift/app:v1', 'quay.io/openshift/app'],
    ['quay.io/openshift/app@sha256:abc', 'quay.io/openshift/app'],
    ['quay.io/openshift/app/sub', 'quay.io/openshift/app'],
    ['quay.io/openshift/other:v1', 'quay.io/openshift'],
    ['quay.io/openshift/application', 'quay.io/openshift'],
    ['quay.io/openshift', 'quay.io/openshift'],
    ['quay.io/openshiftx', 'quay.io'],
    ['quay.io/misc/tool:v1', 'quay.io'],
    ['quay.io', 'quay.io'],
    ['quay.io:443/openshift/app', 'quay.io'],
    ['a.x.com/app', '*.x.com'],
    ['a.b.x.com/app', '*.x.com'],
    ['x.com/app', 'x.com'],
    ['quay.io/a.x.com', 'quay.io'],
    ['registry.example.com:5000/team/app', 'registry.example.com:5000/team'],
    ['registry.example.com:5000/misc', 'registry.example.com:5000'],
    ['registry.example.com/team', undefined],
    ['docker.io/library/nginx:latest', undefined],
    ['', undefined],
  ];
  it.each(TABLE)('%j -> %j', (ref, expected) => {
    const m = findRegistry(ref, BLOCKS);
    expect(m && registryScope(m.registry)).toBe(expected);
    if (m) expect(m.length).toBe(refMatchingPrefix(ref, registryScope(m.registry)));
  });
  it.each(TABLE)('%j -> %j with the blocks in reverse order', (ref, expected) => {
    expect(
      findRegistry(ref, [...BLOCKS].reverse())?.registry &&
        registryScope(findRegistry(ref, [...BLOCKS].reverse())!.registry),
    ).toBe(expected);
  });
  it('returns the block object itself, with its blocked flag', () => {
    const m = findRegistry('quay.io/openshift/x', BLOCKS)!;
    expect(m.registry).toBe(BLOCKS[1]);
    expect(m.registry.blocked).toBe(true);
  });
  it('no blocks: undefined', () => expect(findRegistry('quay.io/a', [])).toBeUndefined());
  it('equal prefixes: the first block wins (file order), as upstream', () => {
    const a = block('quay.io/a'),
      b = block('quay.io/a', true);
    expect(findRegistry('quay.io/a/x', [a, b])!.registry).toBe(a);
    expect(findRegistry('quay.io/a/x', [b, a])!.registry).toBe(b);
  });
  it('wildcard and exact host of the same prefix length: the byte-smallest prefix wins in any order, as upstream (it sorts the blocks)', () => {
    const w = block('*.x.com'),
      e = block('a.x.com');
    expect(findRegistry('a.x.com/app', [w, e])!.registry).toBe(w);
    expect(findRegistry('a.x.com/app', [e, w])!.registry).toBe(w);
  });

  // containers/image ranks matching blocks by len(r.Prefix) ("*.x.com" counts 7), not by how
  // much of the ref the prefix covered; only a strictly longer prefix replaces the best so far.
  // [name, blocks in file order, ref, expected scope]
  const BY_PREFIX_LENGTH: [string, Registry[], string, string][] = [
    [
      'a longer wildcard prefix beats a shorter one listed first',
      [block('*.example.com', true), block('*.prod.example.com')],
      'cache.prod.example.com/x',
      '*.prod.example.com',
    ],
    [
      'an exact host beats a shorter wildcard listed first',
      [block('*.x.com', true), block('abcd.x.com')],
      'abcd.x.com/app',
      'abcd.x.com',
    ],
    [
      'an exact host beats a wildcard listed first, both covering the whole host',
      [block('*.example.com', true), block('cache.example.com')],
      'cache.example.com/x',
      'cache.example.com',
    ],
    [
      'an exact prefix with a path beats a wildcard listed first',
      [block('*.x.com', true), block('a.x.com/team')],
      'a.x.com/team/app',
      'a.x.com/team',
    ],
  ];
  it.each(BY_PREFIX_LENGTH)('%s', (_, blocks, ref, expected) => {
    const m = findRegistry(ref, blocks)!;
    expect(registryScope(m.registry)).toBe(expected);
    expect(m.length).toBe(refMatchingPrefix(ref, expected));
    expect(registryScope(findRegistry(ref, [...blocks].reverse())!.registry)).toBe(expected);
  });
  it('either order works when the more specific block comes first', () => {
    expect(
      registryScope(
        findRegistry('cache.prod.example.com/x', [block('*.prod.example.com'), block('*.example.com', true)])!.registry,
      ),
    ).toBe('*.prod.example.com');
    expect(registryScope(findRegistry('abcd.x.com/app', [block('abcd.x.com'), block('*.x.com', true)])!.registry)).toBe(
      'abcd.x.com',
    );
  });
});
