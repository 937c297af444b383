// The linear Image config machinery against straightforward transliterations of the Go code, on
// seeded random inputs drawn from small pools (so that nesting, ports, wildcards, duplicates and
// equal scopes occur often): ScopeIndex = ScopeIsNestedInsideScope, RegistryIndex = FindRegistry,
// applyRegistrySources = EditRegistriesConfig; and policy.json's scope matching.
import { describe, expect, it } from 'vitest';
import { findRegistry, RegistryIndex } from '../../src/registries/match.js';
import { editRegistriesConfig } from '../../src/registries/merge.js';
import type { MirrorInput } from '../../src/registries/model.js';
import { ScopeIndex, scopeIsNestedInsideScope } from '../../src/registries/nesting.js';
import { buildPolicy, evaluatePolicy, policyNamespaces, PolicyScopes } from '../../src/registries/policy.js';
import { parseNormalizedNamed } from '../../src/registries/reference.js';
import { renderRegistries } from '../../src/registries/render.js';
import { applyRegistrySources } from '../../src/registries/sources.js';
import { goQuote } from '../../src/registries/go-quote.js';
import { goEditRegistriesConfig } from '../helpers/go-edit-registries.js';

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HOSTS = ['a.com', 'b.a.com', 'x.b.a.com', 'a.com:5000', 'b.a.com:443', 'c.org', 'a.b.a.b', 'ab.com'];
const PATHS = ['', '/p', '/p/q', '/p/q/r', '/s', '/p.q'];
const WILD = ['*.a.com', '*.com', '*.b.a.com', '*.org', '*.a.b'];

describe('scopeIsNestedInsideScope (runtime-utils)', () => {
  const TABLE: [string, string, boolean][] = [
    ['quay.io', 'quay.io', true],
    ['quay.io/a', 'quay.io', true],
    ['quay.io:443', 'quay.io', false], // only "/" continues a scope
    ['quay.iox', 'quay.io', false],
    ['a.x.com', '*.x.com', true],
    ['a.x.com:5000/p', '*.x.com', true],
    ['*.a.x.com', '*.x.com', true],
    ['x.com', '*.x.com', false],
    ['quay.io/a.x.com', '*.x.com', false],
    ['*.x.com/p', '*.x.com', true], // rule (b) holds for wildcards too
  ];
  it.each(TABLE)('%j inside %j: %s', (sub, sup, want) => expect(scopeIsNestedInsideScope(sub, sup)).toBe(want));
});

describe('ScopeIndex = ScopeIsNestedInsideScope over every scope', () => {
  it('agrees on 20k random queries, including odd strings', () => {
    const r = rng(1);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
    const ODD = [
      '',
      '/',
      '*.',
      '*..a',
      'a..com',
      '.a.com',
      'a.com/',
      'x/a.com:1',
      'a.com:5000:1/p',
      '*.a.com/p',
      'a.com//p',
    ];
    const scope = () => (r() < 0.3 ? pick(WILD) : r() < 0.1 ? pick(ODD) : pick(HOSTS) + pick(PATHS));
    for (let round = 0; round < 400; round++) {
      const scopes = Array.from({ length: 1 + Math.floor(r() * 6) }, scope);
      const idx = new ScopeIndex();
      scopes.forEach((s, i) => idx.add(s, i));
      for (let q = 0; q < 50; q++) {
        const sub = scope();
        const naive = scopes.findIndex((s) => scopeIsNestedInsideScope(sub, s));
        expect(idx.minEnclosing(sub), `${sub} in ${JSON.stringify(scopes)}`).toBe(naive < 0 ? Infinity : naive);
      }
    }
  });
});

describe('RegistryIndex = containers/image FindRegistry', () => {
  it('agrees with findRegistry on random registry sets and names', () => {
    const r = rng(2);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
    const NAMES = [
      ...HOSTS.flatMap((h) => PATHS.map((p) => h + p + '/img')),
      'x.ab.ab/p',
      'ab.ab.ab/p',
      'a.b.a.b:1/p',
      'q.a.com.a.com/p',
    ];
    for (let round = 0; round < 400; round++) {
      const registries = editRegistriesConfig({
        imageContentSources: [],
        imageTagMirrorSet: Array.from({ length: 1 + Math.floor(r() * 6) }, () => ({
          source: r() < 0.3 ? pick([...WILD, '*.ab', '*.ab.ab', '*.com.a.com']) : pick(HOSTS) + pick(PATHS),
          mirrors: ['m.example/x'],
        })),
      });
      const idx = new RegistryIndex(registries);
      for (const name of NAMES) {
        const want = findRegistry(name, registries);
        const got = idx.find(name);
        expect(got?.registry, name).toBe(want?.registry);
        if (want) expect(got?.length, name).toBe(want.length);
      }
    }
  });
});

describe('applyRegistrySources = EditRegistriesConfig (the Go loops)', () => {
  it('renders the same bytes or fails with the same message on 3000 random clusters', () => {
    const r = rng(3);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
    const scope = () => (r() < 0.2 ? pick(WILD) : pick(HOSTS) + pick(PATHS));
    const mirror = () => pick(['m1.net', 'm2.net:5000', 'a.com', 'b.a.com', 'x.b.a.com:443']) + pick(PATHS);
    const entries = (n: number) =>
      Array.from({ length: n }, () => ({
        source: r() < 0.15 ? pick(WILD) : pick(HOSTS) + pick(PATHS),
        mirrors: Array.from({ length: Math.floor(r() * 3) }, mirror),
        ...(r() < 0.2 ? { mirrorSourcePolicy: 'NeverContactSource' } : {}),
      }));
    let errors = 0;
    let inherited = 0;
    for (let round = 0; round < 3000; round++) {
      const input: MirrorInput = {
        imageContentSources: entries(Math.floor(r() * 4)),
        imageTagMirrorSet: entries(Math.floor(r() * 4)),
      };
      const insecure = Array.from({ length: Math.floor(r() * 4) }, scope);
      const blocked = Array.from({ length: Math.floor(r() * 4) }, scope);
      const mirrored = editRegistriesConfig(input);
      const want = goEditRegistriesConfig(input, mirrored, insecure, blocked);
      const got = applyRegistrySources(mirrored, insecure, blocked);
      const label = JSON.stringify({ input, insecure, blocked });
      if (!want.ok) {
        errors++;
        expect(got.ok, label).toBe(false);
        if (!got.ok) expect(got.error, label).toBe(want.error);
      } else {
        expect(got.ok, label).toBe(true);
        if (got.ok) {
          inherited += got.inherited.length;
          expect(renderRegistries(got.registries), label).toBe(renderRegistries(want.registries));
        }
      }
    }
    // The pools must exercise both the failure and the inheritance paths.
    expect(errors).toBeGreaterThan(50);
    expect(inherited).toBeGreaterThan(200);
  });

  it('refuses, before building it, a file the ConfigMap cannot hold', () => {
    const mirrors = Array.from({ length: 100 }, (_, i) => `mirror${i}.example.com/some/long/path/for/the/mirror`);
    const mirrored = editRegistriesConfig({
      imageContentSources: [],
      imageTagMirrorSet: [{ source: 'quay.io/acme', mirrors }],
    });
    const scopes = Array.from({ length: 1000 }, (_, i) => `quay.io/acme/team${i}`);
    const out = applyRegistrySources(mirrored, scopes, []);
    expect(out.ok).toBe(false);
    expect(!out.ok && out.kind).toBe('too-large');
    expect(!out.ok && out.error).toMatch(/^registries\.conf would be \d+ bytes \(1000 scopes copy the mirrors/);
  });
});

const ref = (s: string) => {
  const r = parseNormalizedNamed(s);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

describe('policy.json scope matching (DockerReferenceNamespaces)', () => {
  it('lists the name, parents, host:port, then wildcards of the host without port', () => {
    expect(policyNamespaces('a.b.example.com:5000/ns/repo')).toEqual([
      'a.b.example.com:5000/ns/repo',
      'a.b.example.com:5000/ns',
      'a.b.example.com:5000',
      '*.b.example.com',
      '*.example.com',
      '*.com',
    ]);
    expect(policyNamespaces('localhost/x')).toEqual(['localhost/x', 'localhost']);
  });
  it('the most specific scope decides; the identity (name:tag) comes first', () => {
    const p = buildPolicy([], ['quay.io/acme', '*.example.com']);
    expect(evaluatePolicy(p, ref('quay.io/acme/app:v1'))).toEqual({ verdict: 'accept', scope: 'quay.io/acme' });
    expect(evaluatePolicy(p, ref('quay.io/other/app:v1'))).toEqual({ verdict: 'reject' });
    expect(evaluatePolicy(p, ref('a.example.com:5000/x:v1'))).toEqual({ verdict: 'accept', scope: '*.example.com' });
    expect(evaluatePolicy(p, ref('example.com/x:v1'))).toEqual({ verdict: 'reject' });
    const q = buildPolicy(['quay.io'], ['quay.io/openshift-release-dev/ocp-release']);
    expect(evaluatePolicy(q, ref('quay.io/openshift-release-dev/ocp-release@sha256:' + 'a'.repeat(64)))).toEqual({
      verdict: 'accept',
      scope: 'quay.io/openshift-release-dev/ocp-release',
    });
    expect(evaluatePolicy(q, ref('quay.io/acme/x:1'))).toEqual({ verdict: 'reject', scope: 'quay.io' });
    expect(q.default).toBe('accept'); // the blocked branch runs after the allowed one
    expect(evaluatePolicy(buildPolicy(['quay.io/a/b:v1'], []), ref('quay.io/a/b:v1'))).toEqual({
      verdict: 'reject',
      scope: 'quay.io/a/b:v1',
    });
  });
  it('a scope in both lists ends up reject', () => {
    expect(buildPolicy(['a.com'], ['a.com']).docker.get('a.com')).toBe('reject');
  });
  it('PolicyScopes.decide: how policy.json treats every image of a registries.conf scope', () => {
    const p = buildPolicy([], ['quay.io/acme/app', '*.corp.example', 'reg.example:5000']);
    const s = new PolicyScopes(p);
    expect(s.decide('quay.io/acme')).toEqual({ verdict: 'reject', partly: true });
    expect(s.decide('quay.io/acme/app/sub')).toEqual({ verdict: 'accept', scope: 'quay.io/acme/app', partly: false });
    expect(s.decide('a.corp.example:443/x')).toEqual({ verdict: 'accept', scope: '*.corp.example', partly: false });
    expect(s.decide('*.corp.example')).toEqual({ verdict: 'accept', scope: '*.corp.example', partly: false });
    expect(s.decide('*.example')).toEqual({ verdict: 'reject', partly: true });
    expect(s.decide('reg.example')).toEqual({ verdict: 'reject', partly: false }); // "reg.example:5000" is another host
  });
});

describe("goQuote: Go's %q, as MCO's messages quote scopes", () => {
  const TABLE: [string, string][] = [
    ['quay.io', '"quay.io"'],
    ['a"b\\c', '"a\\"b\\\\c"'],
    ['tab\there\n', '"tab\\there\\n"'],
    ['\u0001\u007f', '"\\x01\\x7f"'],
    ['é', '"é"'],
    ['\u200b', '"\\u200b"'],
  ];
  it.each(TABLE)('%j -> %s', (raw, want) => expect(goQuote(raw)).toBe(want));
});
