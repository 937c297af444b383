// probe's three report formats: exact text, the JSON fields, GitHub workflow commands, and
// escaping of everything that came from outside.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty } from '../../src/check/format.js';
import { escapeGithubData, escapeGithubProperty, escapeText, withheldIfEchoed } from '../../src/probe/escape.js';
import { formatReport, jsonReport, type ClusterInfo } from '../../src/probe/report.js';
import { REDACTED } from '../../src/registries/credentials.js';
import type { ImageReport } from '../../src/probe/run.js';

const CLUSTER: ClusterInfo = { kind: 'HostedCluster', name: 'c', namespace: 'ns', file: 'c.yaml', document: 0 };

const IMAGES: ImageReport[] = [
  {
    image: 'src.example/team/app:v1',
    reference: 'src.example/team/app:v1',
    pullBy: 'tag',
    verdict: 'mirror',
    servedBy: 'm1.example/team/app:v1',
    attempts: [
      { location: 'd.example/team/app:v1', kind: 'mirror', status: 'skipped', error: 'digest-only mirror, tag pull' },
      {
        location: 'm1.example/team/app:v1',
        kind: 'mirror',
        status: 'found',
        httpStatus: 200,
        latencyMs: 12,
        scheme: 'https',
        authKey: 'm1.example',
      },
      {
        location: 'src.example/team/app:v1',
        kind: 'source',
        status: 'not-tried',
        error: 'not asked: m1.example/team/app:v1 has the image',
      },
    ],
  },
  {
    image: 'src.example/team/db:v2',
    verdict: 'source',
    servedBy: 'src.example/team/db:v2',
    attempts: [
      {
        location: 'm1.example/team/db:v2',
        kind: 'mirror',
        status: 'missing',
        httpStatus: 404,
        latencyMs: 3,
        error: 'manifest unknown (404)',
      },
      { location: 'src.example/team/db:v2', kind: 'source', status: 'found', httpStatus: 200, latencyMs: 5 },
    ],
  },
  {
    image: 'evil.example/x:1\u001b[2J',
    verdict: 'fails',
    error: 'm:1: unreachable (connection refused)\n::error::injected',
    attempts: [{ location: 'm:1', kind: 'mirror', status: 'unreachable', error: 'connection refused\u0085' }],
  },
];

describe('report formats', () => {
  it('text: one block per image, attempts numbered, verdict and summary', () => {
    const text = formatReport('text', IMAGES.slice(0, 2), {
      requireMirror: false,
      credentials: 'auth.json',
      cluster: CLUSTER,
    });
    expect(text).toBe(
      [
        'cluster: HostedCluster ns/c (c.yaml)',
        'credentials: auth.json',
        '',
        'image: src.example/team/app:v1',
        '   1. d.example/team/app:v1    mirror  skipped: digest-only mirror, tag pull',
        '   2. m1.example/team/app:v1   mirror  found (HTTP 200, credentials of "m1.example", 12 ms)',
        '   3. src.example/team/app:v1  source  not tried: not asked: m1.example/team/app:v1 has the image',
        '  verdict: served by mirror m1.example/team/app:v1',
        '',
        'image: src.example/team/db:v2',
        '   1. m1.example/team/db:v2   mirror  missing (HTTP 404, 3 ms): manifest unknown (404)',
        '   2. src.example/team/db:v2  source  found (HTTP 200, 5 ms)',
        '  verdict: falls back to the source src.example/team/db:v2',
        '',
        'summary: 2 images: 1 served by a mirror, 1 falls back to the source, 0 fail',
        '',
      ].join('\n'),
    );
  });

  it('text: a mirror list and a document index in the cluster line', () => {
    const list = formatReport('text', [], {
      cluster: { ...CLUSTER, kind: 'MirrorList', document: 1 },
      requireMirror: false,
    });
    expect(list.split('\n')[0]).toBe('cluster: mirror list c.yaml#1');
  });

  it('text escapes control characters', () => {
    const text = formatReport('text', IMAGES.slice(2), { cluster: CLUSTER, requireMirror: false });
    expect(text).toContain('evil.example/x:1\\u001b[2J');
    expect(text).toContain('connection refused\\u0085');
    expect(text).not.toMatch(/[\x1b\x85]/);
    expect(text.split('\n').some((l) => l.startsWith('::'))).toBe(false);
  });

  it('json: the documented fields', () => {
    const doc = JSON.parse(
      formatReport('json', IMAGES, { cluster: { ...CLUSTER, document: 2 }, requireMirror: true, notes: ['n'] }),
    );
    expect(Object.keys(doc)).toEqual([
      'tool',
      'version',
      'command',
      'formatVersion',
      'exitCode',
      'cluster',
      'requireMirror',
      'notes',
      'images',
      'summary',
    ]);
    expect(doc).toMatchObject({ tool: 'image-tag-mirrors', command: 'probe', formatVersion: 1, exitCode: 1 });
    expect(doc.cluster).toEqual({ kind: 'HostedCluster', name: 'c', namespace: 'ns', file: 'c.yaml', document: 2 });
    expect(doc.summary).toEqual({ images: 3, mirror: 1, source: 1, fails: 1, deadlineReached: false });
    expect(doc.images[0]).toEqual(JSON.parse(JSON.stringify(IMAGES[0])));
    expect(doc.images[2].image).toBe('evil.example/x:1\u001b[2J'); // the value survives; the text is escaped
    expect(jsonReport(IMAGES, { cluster: CLUSTER, requireMirror: false }).images).toHaveLength(3);
    // exit 0: every image served; with --require-mirror a fallback makes it 1
    expect(jsonReport(IMAGES.slice(0, 2), { cluster: CLUSTER, requireMirror: false }).exitCode).toBe(0);
    expect(jsonReport(IMAGES.slice(0, 2), { cluster: CLUSTER, requireMirror: true }).exitCode).toBe(1);
  });

  it('github: an error per failing image, a warning per fallback (an error with --require-mirror), one summary line', () => {
    const lines = formatReport('github', IMAGES, { cluster: CLUSTER, requireMirror: false }).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      /^::warning title=image-tag-mirrors probe%3A falls back to source::src\.example\/team\/db:v2: falls back/,
    );
    expect(lines[1]).toMatch(/^::error title=image-tag-mirrors probe%3A pull fails::evil/);
    expect(lines[1]).not.toContain('\n');
    expect(lines[1]).toContain('\\n::error::injected'); // the newline is escaped: no second command
    // The same grammar as the text format's summary.
    expect(lines[2]).toBe(
      'image-tag-mirrors probe: 3 images: 1 served by a mirror, 1 falls back to the source, 1 fails',
    );
    expect(formatReport('github', IMAGES.slice(1, 2), { cluster: CLUSTER, requireMirror: true })).toMatch(/^::error /);
  });
});

describe('secrets echoed by a registry: scrubbed before any format escapes them', () => {
  /** Every form a format could write a value in. */
  const forms = (v: string) => [
    v,
    JSON.stringify(v).slice(1, -1),
    JSON.stringify(escapeText(v)).slice(1, -1),
    escapeText(v),
    escapeGithubData(v),
    escapeGithubProperty(v),
    escapeData(v),
    escapeProperty(v),
  ];
  const withSecret = (secret: string): ImageReport[] => [
    {
      image: `src.example/app@sha256:${secret}`,
      verdict: 'fails',
      error: `m.example/app: missing (the registry answered digest sha256:${secret})`,
      attempts: [
        {
          location: 'm.example/app',
          kind: 'mirror',
          status: 'missing',
          httpStatus: 200,
          error: `the registry answered digest sha256:${secret}; redirected to https://${secret}.example`,
        },
      ],
    },
  ];
  const ctx = (secret: string) => ({ cluster: CLUSTER, requireMirror: true, notes: [`note ${secret}`] });

  it.each([
    ['a quote and a backslash (JSON escapes them)', 'p"a\\ss'],
    ['a percent sign (GitHub escapes it)', 'pa%ss'],
    ['a colon and a comma (GitHub property escapes)', 'p:a,ss'],
    ['a newline and CR', 'pa\nss\r'],
    ['control, C1, bidi and separators (escapeText escapes them)', 'p\u001ba\u009bs\u202es\u2028'],
  ])('%s', (_, secret) => {
    for (const format of ['text', 'json', 'github'] as const) {
      const out = formatReport(format, withSecret(secret), ctx(secret), [secret]);
      for (const f of forms(secret)) expect(out, `${format} ${JSON.stringify(f)}`).not.toContain(f);
      expect(out).toContain(REDACTED);
    }
  });

  it('any secret of 4+ characters, in every format (fast-check)', () => {
    const secret = fc.string({ unit: 'binary', minLength: 4, maxLength: 12 }).filter((s) => s.trim().length >= 4);
    fc.assert(
      fc.property(secret, fc.constantFrom('text', 'json', 'github'), (s, format) => {
        const out = formatReport(format, withSecret(s), ctx(s), [s]);
        for (const f of forms(s)) if (f.length >= 4) expect(out).not.toContain(f);
      }),
      { numRuns: 1000 },
    );
  });

  it('withheldIfEchoed: a value holding any sent credential, even 1 character, is withheld whole', () => {
    expect(withheldIfEchoed('sha256:abc123', ['c1'])).toBe(REDACTED);
    expect(withheldIfEchoed('sha256:abc123', ['x', 'zz'])).toBe('sha256:abc123');
    expect(withheldIfEchoed('sha256:abc123', [''])).toBe('sha256:abc123');
    expect(withheldIfEchoed('https://pw.example', ['pw'])).toBe(REDACTED);
  });
});
