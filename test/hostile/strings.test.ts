// Sources and mirrors built to break the scope grammar (src/registries/scope.ts): strings that
// make regular expressions backtrack, and characters that would break TOML, YAML or a terminal.
// Validation rejects each, in process and through the bundle, in bounded time.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateHostedCluster } from '../../src/validate/hosted-cluster.js';
import {
  RELEASE_IMAGE,
  runBounded,
  hostedClusterObject,
  listFromObjects,
  errorsOf,
  codesOf,
  expectBytesKept,
  expectParsedKept,
  expectRejected,
} from '../helpers/hostile.js';

const BACKTRACKERS = ['a-', 'a.', 'a_', 'a__', 'a--', 'a.a-', 'a-a.', '0.', 'a:1', 'A-', '-a'];
const LONG = 60_000; // x 2+ characters per repeat: 120k+ characters

describe('strings built to make regular expressions backtrack', () => {
  const values = (p: string) => ({
    host: `${p.repeat(LONG)}!`,
    path: `registry.example.com/${p.repeat(LONG)}!`,
    wildcard: `*.${p.repeat(LONG)}!`,
    hostThenPath: `${p.repeat(LONG)}/a!`,
  });

  it('in process: validation rejects each, with invalid-source / invalid-mirror', () => {
    for (const p of BACKTRACKERS) {
      for (const [what, s] of Object.entries(values(p))) {
        const asSource = validateHostedCluster(
          { release: { image: RELEASE_IMAGE }, imageTagMirrorSet: [{ source: s, mirrors: ['mirror.example.com/a'] }] },
          {},
        );
        expect(asSource.mirrors, `${p} ${what} as source`).toBeUndefined();
        expect(codesOf(errorsOf(asSource.results)), `${p} ${what} as source`).toEqual(['invalid-source']);
        const asMirror = validateHostedCluster(
          { release: { image: RELEASE_IMAGE }, imageTagMirrorSet: [{ source: 'quay.io/a', mirrors: [s] }] },
          {},
        );
        expect(asMirror.mirrors).toBeUndefined();
        expect(codesOf(errorsOf(asMirror.results)), `${p} ${what} as mirror`).toEqual(['invalid-mirror']);
      }
    }
  });

  it('through dist/fn.js: one list with all of them, every cluster rejected with its codes', () => {
    const items = BACKTRACKERS.map((p, i) => {
      const v = values(p);
      return hostedClusterObject(`rx-${i}`, {
        release: { image: `quay.io/openshift-release-dev/ocp-release:4.21.0-${p.repeat(LONG)}` },
        imageTagMirrorSet: [
          { source: v.host, mirrors: [v.path, v.hostThenPath] },
          { source: v.path, mirrors: [v.host] },
          { source: v.wildcard, mirrors: ['mirror.example.com/a'] },
        ],
        imageContentSources: [{ source: v.hostThenPath, mirrors: [v.path] }],
      });
    });
    const input = listFromObjects(items);
    const run = runBounded(input, { timeout: 60_000 });
    // The release image's 120k-character tag is no image reference either.
    const list = expectRejected(run, [
      'invalid-source',
      'invalid-mirror',
      'ics-invalid-source',
      'ics-invalid-mirror',
      'invalid-release-image',
    ]);
    BACKTRACKERS.forEach((_, i) => {
      const mine = errorsOf(list.results).filter((r) => r.resourceRef?.name === `rx-${i}`);
      expect(codesOf(mine)).toEqual([
        'ics-invalid-mirror',
        'ics-invalid-source',
        'invalid-mirror',
        'invalid-release-image',
        'invalid-source',
      ]);
    });
    expectParsedKept(items, list.items);
  });
});

/** Characters outside host[:port][/path] syntax, chosen to break TOML, YAML or a terminal. */
const NASTY = [
  'quay.io/a"b',
  'quay.io/a\\b',
  'quay.io/a\nb',
  'quay.io/a\r\nb',
  'quay.io/a#b',
  'quay.io/a]b',
  'quay.io/[[registry]]',
  'quay.io/x"\n[[registry]]\nlocation = "evil.example.com',
  'quay.io/x\\"\nblocked = true\n#',
  "quay.io/a'b",
  'quay.io/a=b',
  'quay.io/a,b',
  'quay.io/{a}',
  'quay.io/a b',
  ' quay.io/a',
  'quay.io/a\t',
  'quay.io/café',
  'quay.io/😀',
  'ｑuay.io/a',
  'quay.io/a\u200bb',
  'quay.io/a\ufeffb',
  'quay.io/a\u2028b',
  'quay.io/a\u0085b',
  'quay.io/a\u0000b',
  'quay.io/a\u0007b',
  'quay.io/a\u001bb[31m',
  'quay.io/a\u007fb',
  'quay.io/a\\u0022b',
  'quay.io/a@sha256:abc',
  'https://quay.io/a',
];
const ALLOWED = /[A-Za-z0-9._\-/:*]/;

describe('sources and mirrors with quotes, backslashes, newlines, "#", "]", non-ASCII and control characters', () => {
  const spec = (source: string, mirrors: string[]) => ({
    release: { image: RELEASE_IMAGE },
    imageTagMirrorSet: [{ source, mirrors }],
  });

  it('in process (fast-check): any source or mirror holding a character outside host[:port][/path] is rejected', () => {
    const bad = fc
      .tuple(
        fc.string({ maxLength: 12 }),
        fc.oneof(
          fc.constantFrom(
            '"',
            '\\',
            '\n',
            '\r',
            '#',
            ']',
            '[',
            '=',
            "'",
            ' ',
            '\t',
            '\u0000',
            '\u007f',
            'é',
            '\u2028',
            '😀',
            '@',
          ),
          fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => !ALLOWED.test(c)),
        ),
        fc.string({ unit: 'binary', maxLength: 12 }),
      )
      .map(([a, b, c]) => `registry.example.com/${a}${b}${c}`);
    fc.assert(
      fc.property(bad, (s) => {
        const asSource = validateHostedCluster(spec(s, ['mirror.example.com/a']), {});
        expect(asSource.mirrors).toBeUndefined();
        expect(codesOf(errorsOf(asSource.results))).toEqual(['invalid-source']);
        const asMirror = validateHostedCluster(spec('quay.io/a', [s]), {});
        expect(asMirror.mirrors).toBeUndefined();
        expect(codesOf(errorsOf(asMirror.results))).toEqual(['invalid-mirror']);
      }),
      { numRuns: 2000 },
    );
  });

  it('through dist/fn.js: every cluster rejected (exit 1, error results, nothing generated), items kept', () => {
    // Plus a fixed-seed sample of generated ones, so the batch is not only the hand-picked list.
    const sampled = fc.sample(
      fc
        .tuple(
          fc.string({ unit: 'binary', maxLength: 8 }),
          fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => !ALLOWED.test(c)),
        )
        .map(([a, b]) => `quay.io/${a}${b}`),
      { numRuns: 40, seed: 42 },
    );
    const strings = [...NASTY, ...sampled];
    const items = strings.flatMap((s, i) => [
      hostedClusterObject(`src-${i}`, { imageTagMirrorSet: [{ source: s, mirrors: ['mirror.example.com/a'] }] }),
      hostedClusterObject(`mirror-${i}`, {
        imageTagMirrorSet: [{ source: `quay.io/ok${i}`, mirrors: ['mirror.example.com/ok', s] }],
      }),
      hostedClusterObject(`ics-${i}`, {
        imageTagMirrorSet: [{ source: 'quay.io/ok', mirrors: ['mirror.example.com/ok'] }],
        imageContentSources: [{ source: s, mirrors: [s] }],
      }),
    ]);
    const input = listFromObjects(items);
    const run = runBounded(input);
    const list = expectRejected(run, ['invalid-source', 'invalid-mirror', 'ics-invalid-source', 'ics-invalid-mirror']);
    strings.forEach((s, i) => {
      const codes = (name: string) => codesOf(errorsOf(list.results).filter((r) => r.resourceRef?.name === name));
      expect(codes(`src-${i}`), JSON.stringify(s)).toEqual(['invalid-source']);
      expect(codes(`mirror-${i}`), JSON.stringify(s)).toEqual(['invalid-mirror']);
      expect(codes(`ics-${i}`), JSON.stringify(s)).toEqual(['ics-invalid-mirror', 'ics-invalid-source']);
    });
    expectParsedKept(items, list.items);
    expectBytesKept(input, run.stdout);
  });
});
