// The pull simulation (src/registries/pull.ts): where a node would pull an image from. The
// expected pull paths are the ones the project's registries.conf reference writes down for
// its worked examples ("containers/image pull semantics" and "Worked examples");
// test/e2e/explain-vs-skopeo.test.ts checks the same predictions against real skopeo runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { findRegistry } from '../../src/registries/match.js';
import {
  explainNodePull,
  explainPull,
  rewriteReference,
  triedLocations,
  type AttemptOutcome,
  type PullPlan,
} from '../../src/registries/pull.js';
import { ERR, formatRef, parseNormalizedNamed } from '../../src/registries/reference.js';
import { editRegistriesConfig } from '../../src/registries/merge.js';
import type { Registry, MirrorInput } from '../../src/registries/model.js';
import { ROOT } from '../helpers/run-fn.js';

const D64 = (c: string) => c.repeat(64);
const SHA = `sha256:${D64('a')}`;

function example(name: string): Registry[] {
  const spec = parse(readFileSync(join(ROOT, 'testdata/registries-conf', `${name}.input.yaml`), 'utf8')) ?? {};
  const input: MirrorInput = {
    imageContentSources: spec.imageContentSources ?? [],
    imageTagMirrorSet: spec.imageTagMirrorSet ?? [],
  };
  return editRegistriesConfig(input);
}

type Row = [string, AttemptOutcome];
/** [location, outcome] for every attempt, skipped ones included, in order. */
const rows = (p: PullPlan): Row[] => p.attempts.map((a) => [a.location, a.outcome]);

interface Case {
  title: string;
  example: string;
  image: string;
  scope?: string;
  attempts: Row[];
  /** What containers/image contacts or refuses, in order (default: the try/blocked rows). */
  tried?: string[];
  error?: string;
}

const CASES: Case[] = [
  // 1. Seed: "docker.io/library/nginx:latest → internal.registry.com/docker-library/nginx:latest, then the source (blocked, fails)."
  {
    title: '1: a blocked source: its mirror, then the source refused',
    example: '1-seed-itms-only',
    image: 'docker.io/library/nginx:latest',
    scope: 'docker.io/library',
    attempts: [
      ['internal.registry.com/docker-library/nginx:latest', 'try'],
      ['docker.io/library/nginx:latest', 'blocked'],
    ],
  },
  {
    title: '1: "nginx" through the docker transport is docker.io/library/nginx:latest',
    example: '1-seed-itms-only',
    image: 'nginx',
    scope: 'docker.io/library',
    attempts: [
      ['internal.registry.com/docker-library/nginx:latest', 'try'],
      ['docker.io/library/nginx:latest', 'blocked'],
    ],
  },
  {
    title: '1: mirrors in file order, then the source',
    example: '1-seed-itms-only',
    image: 'registry.redhat.io/ubi8/ubi:8.10',
    scope: 'registry.redhat.io/ubi8',
    attempts: [
      ['mirror.example.com/ubi8/ubi:8.10', 'try'],
      ['backup.mirror.com/ubi8/ubi:8.10', 'try'],
      ['registry.redhat.io/ubi8/ubi:8.10', 'try'],
    ],
  },
  {
    title: '1: a digest pull skips the tag-only mirror (seed troubleshooting #1)',
    example: '1-seed-itms-only',
    image: `quay.io/openshift/app@${SHA}`,
    scope: 'quay.io/openshift',
    attempts: [
      [`mirror.example.com/openshift/app@${SHA}`, 'skipped-tag-only'],
      [`quay.io/openshift/app@${SHA}`, 'try'],
    ],
  },
  {
    title: '1: a digest pull under a blocked source: nothing can serve it',
    example: '1-seed-itms-only',
    image: `docker.io/library/nginx@${SHA}`,
    scope: 'docker.io/library',
    attempts: [
      [`internal.registry.com/docker-library/nginx@${SHA}`, 'skipped-tag-only'],
      [`docker.io/library/nginx@${SHA}`, 'blocked'],
    ],
  },
  {
    title: '1: no matching block: the reference itself',
    example: '1-seed-itms-only',
    image: 'ghcr.io/org/tool:v2',
    attempts: [['ghcr.io/org/tool:v2', 'try']],
  },
  {
    title: '1: a prefix matches at "/" only: quay.io/openshiftx is not under quay.io/openshift',
    example: '1-seed-itms-only',
    image: 'quay.io/openshiftx/app:v1',
    attempts: [['quay.io/openshiftx/app:v1', 'try']],
  },
  // 3. "A tag pull tries backup…, tags…, source; a digest pull mirror…, backup…, source."
  {
    title: '3: a tag pull: the tag-only mirrors, then the source',
    example: '3-digest-tag-on-one-source',
    image: 'quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64',
    scope: 'quay.io/openshift-release-dev/ocp-release',
    attempts: [
      ['mirror.example.com/ocp/release:4.21.0-x86_64', 'skipped-digest-only'],
      ['backup.example.com/ocp/release:4.21.0-x86_64', 'skipped-digest-only'],
      ['backup.example.com/ocp/release:4.21.0-x86_64', 'try'],
      ['tags.example.com/ocp/release:4.21.0-x86_64', 'try'],
      ['quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64', 'try'],
    ],
    tried: [
      'backup.example.com/ocp/release:4.21.0-x86_64',
      'tags.example.com/ocp/release:4.21.0-x86_64',
      'quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64',
    ],
  },
  {
    title: '3: a digest pull: the digest-only mirrors, then the source',
    example: '3-digest-tag-on-one-source',
    image: `quay.io/openshift-release-dev/ocp-release@${SHA}`,
    scope: 'quay.io/openshift-release-dev/ocp-release',
    attempts: [
      [`mirror.example.com/ocp/release@${SHA}`, 'try'],
      [`backup.example.com/ocp/release@${SHA}`, 'try'],
      [`backup.example.com/ocp/release@${SHA}`, 'skipped-tag-only'],
      [`tags.example.com/ocp/release@${SHA}`, 'skipped-tag-only'],
      [`quay.io/openshift-release-dev/ocp-release@${SHA}`, 'try'],
    ],
    tried: [
      `mirror.example.com/ocp/release@${SHA}`,
      `backup.example.com/ocp/release@${SHA}`,
      `quay.io/openshift-release-dev/ocp-release@${SHA}`,
    ],
  },
  // 4. "foo.example.com/team/app:v1 → mirror.corp.com/example/team/app:v1; example.com/app is not matched."
  {
    title: '4: a wildcard source rewrites the host part',
    example: '4-wildcard-source',
    image: 'foo.example.com/team/app:v1',
    scope: '*.example.com',
    attempts: [
      ['mirror.corp.com/example/team/app:v1', 'try'],
      ['foo.example.com/team/app:v1', 'try'],
    ],
  },
  {
    title: '4: a deeper subdomain matches too',
    example: '4-wildcard-source',
    image: 'a.b.example.com/app:v1',
    scope: '*.example.com',
    attempts: [
      ['mirror.corp.com/example/app:v1', 'try'],
      ['a.b.example.com/app:v1', 'try'],
    ],
  },
  {
    title: '4: the wildcard does not match the apex',
    example: '4-wildcard-source',
    image: 'example.com/app',
    attempts: [['example.com/app:latest', 'try']],
  },
  {
    title: '4: quirk: a port under a wildcard fails to rewrite, before any request',
    example: '4-wildcard-source',
    image: 'foo.example.com:5000/app:v1',
    scope: '*.example.com',
    attempts: [
      ['mirror.corp.com/example:5000/app:v1', 'invalid-reference'],
      ['foo.example.com:5000/app:v1', 'try'],
    ],
    tried: [],
    error: 'rewriting reference: invalid reference format',
  },
  // 5. "registry.redhat.io/ubi9/ubi:latest matches …/ubi9 (not blocked): the source is contacted."
  {
    title: '5: a nested non-blocked source wins over the blocked enclosing one: the source is contacted',
    example: '5-nevercontactsource-and-its-conflict',
    image: 'registry.redhat.io/ubi9/ubi:latest',
    scope: 'registry.redhat.io/ubi9',
    attempts: [
      ['mirror.example.com/ubi9/ubi:latest', 'skipped-digest-only'],
      ['registry.redhat.io/ubi9/ubi:latest', 'try'],
    ],
  },
  {
    title: '5: outside the nested source, the blocked enclosing one applies',
    example: '5-nevercontactsource-and-its-conflict',
    image: 'registry.redhat.io/ubi8/ubi:latest',
    scope: 'registry.redhat.io',
    attempts: [
      ['mirror.example.com/redhat/ubi8/ubi:latest', 'try'],
      ['registry.redhat.io/ubi8/ubi:latest', 'blocked'],
    ],
  },
  {
    title: '5: a digest pull in the nested source uses its digest-only mirror',
    example: '5-nevercontactsource-and-its-conflict',
    image: `registry.redhat.io/ubi9/ubi@${SHA}`,
    scope: 'registry.redhat.io/ubi9',
    attempts: [
      [`mirror.example.com/ubi9/ubi@${SHA}`, 'try'],
      [`registry.redhat.io/ubi9/ubi@${SHA}`, 'try'],
    ],
  },
  // 6. merged digest mirror order
  {
    title: '6: (b,c)+(a,b) → a, b, c for a digest pull',
    example: '6-mirror-chains-and-cycles',
    image: `quay.io/ocp/release@${SHA}`,
    scope: 'quay.io/ocp',
    attempts: [
      [`a.example.com/ocp/release@${SHA}`, 'try'],
      [`b.example.com/ocp/release@${SHA}`, 'try'],
      [`c.example.com/ocp/release@${SHA}`, 'try'],
      [`quay.io/ocp/release@${SHA}`, 'try'],
    ],
  },
  // 7. "…:5000/team/app@sha256:… and …:5000/team/other:v1 → source only (enclosing blocks unused);
  //     …:5000/misc/tool:v1 → mirror.example.com:8443/all/misc/tool:v1."
  {
    title: '7: a digest pull in the tag-only nested source: source only, the enclosing digest block unused',
    example: '7-ports-and-nested-sources',
    image: `registry.example.com:5000/team/app@${SHA}`,
    scope: 'registry.example.com:5000/team/app',
    attempts: [
      [`tags.example.com:8443/app@${SHA}`, 'skipped-tag-only'],
      [`registry.example.com:5000/team/app@${SHA}`, 'try'],
    ],
  },
  {
    title: '7: a tag pull under the digest-only source: source only, the enclosing tag block unused',
    example: '7-ports-and-nested-sources',
    image: 'registry.example.com:5000/team/other:v1',
    scope: 'registry.example.com:5000/team',
    attempts: [
      ['mirror.example.com:8443/team/other:v1', 'skipped-digest-only'],
      ['registry.example.com:5000/team/other:v1', 'try'],
    ],
  },
  {
    title: '7: a port-qualified source with a port-qualified mirror',
    example: '7-ports-and-nested-sources',
    image: 'registry.example.com:5000/misc/tool:v1',
    scope: 'registry.example.com:5000',
    attempts: [
      ['mirror.example.com:8443/all/misc/tool:v1', 'try'],
      ['registry.example.com:5000/misc/tool:v1', 'try'],
    ],
  },
  {
    title: '7: the exact nested source for a tag pull',
    example: '7-ports-and-nested-sources',
    image: 'registry.example.com:5000/team/app:v1',
    scope: 'registry.example.com:5000/team/app',
    attempts: [
      ['tags.example.com:8443/app:v1', 'try'],
      ['registry.example.com:5000/team/app:v1', 'try'],
    ],
  },
  {
    title: '7: another port on the same host matches nothing',
    example: '7-ports-and-nested-sources',
    image: 'registry.example.com:6000/misc/tool:v1',
    attempts: [['registry.example.com:6000/misc/tool:v1', 'try']],
  },
];

describe('explainPull: the reference worked examples', () => {
  for (const c of CASES) {
    it(`${c.title} (${c.image})`, () => {
      const plan = explainPull(c.image, example(c.example));
      expect(rows(plan)).toEqual(c.attempts);
      expect(plan.scope).toBe(c.scope);
      expect(plan.error).toBe(c.error);
      const tried = c.tried ?? c.attempts.filter(([, o]) => o === 'try' || o === 'blocked').map(([l]) => l);
      expect(triedLocations(plan)).toEqual(tried);
    });
  }
  it('2: no mirrors at all: every image is pulled from where it names', () => {
    expect(example('2-no-mirrors')).toEqual([]);
    expect(rows(explainPull('quay.io/a/b:c', []))).toEqual([['quay.io/a/b:c', 'try']]);
  });
});

const block = (location: string, mirrors: [string, 'tag-only' | 'digest-only'][], blocked = false): Registry => ({
  prefix: location.startsWith('*.') ? location : '',
  location: location.startsWith('*.') ? '' : location,
  insecure: false,
  blocked,
  mirrors: mirrors.map(([l, p]) => ({ location: l, insecure: false, pullFromMirror: p })),
});

describe('explainPull: containers/image rules beyond the examples', () => {
  it('each attempt is matched again: a mirror inside a blocked source is refused', () => {
    const blocks = [
      block('reg.example.com', [['m.example.com/reg', 'tag-only']], true),
      block('quay.io/team', [['reg.example.com/team', 'tag-only']]),
    ];
    const plan = explainPull('quay.io/team/app:v1', blocks);
    expect(rows(plan)).toEqual([
      ['reg.example.com/team/app:v1', 'blocked'],
      ['quay.io/team/app:v1', 'try'],
    ]);
    expect(plan.attempts[0]!.blockedBy).toBe('reg.example.com');
    expect(plan.attempts[0]!.error).toBe(
      'registry reg.example.com is blocked in /etc/containers/registries.conf or /etc/containers/registries.conf.d',
    );
    expect(plan.blocked).toBe(false);
  });
  it('a mirror under another, non-blocked block is simply tried (no second hop)', () => {
    const blocks = [
      block('mirror.example.com', [['far.example.com', 'tag-only']]),
      block('quay.io/x', [['mirror.example.com/x', 'tag-only']]),
    ];
    expect(rows(explainPull('quay.io/x/a:1', blocks))).toEqual([
      ['mirror.example.com/x/a:1', 'try'],
      ['quay.io/x/a:1', 'try'],
    ]);
  });
  it('FindRegistry: the longest prefix *string*, ties to the first in byte order (so "*.x.com" beats "a.x.com", not "ab.x.com")', () => {
    const blocks = [
      block('ab.example.com', [['m1.example.net', 'tag-only']]),
      block('a.example.com', [['m2.example.net', 'tag-only']]),
      block('*.example.com', [['m3.example.net', 'tag-only']]),
    ];
    expect(findRegistry('ab.example.com/app', blocks)?.registry.location).toBe('ab.example.com');
    expect(findRegistry('a.example.com/app', blocks)?.registry.prefix).toBe('*.example.com');
    expect(findRegistry('zz.example.com/app', blocks)?.registry.prefix).toBe('*.example.com');
    expect(findRegistry('example.com/app', blocks)).toBeUndefined();
  });
  it('a prefix without a port also matches host:port (containers/image: "DON\'T RELY ON") and then fails to rewrite', () => {
    const plan = explainPull('registry.example.com:5000/app:v1', [
      block('registry.example.com', [['mirror.example.com/all', 'tag-only']]),
    ]);
    expect(plan.scope).toBe('registry.example.com');
    expect(plan.error).toBe('rewriting reference: invalid reference format');
    expect(triedLocations(plan)).toEqual([]);
  });
  it('a mirror that rewrites to a non-canonical name (docker.io without library/) fails the pull', () => {
    const plan = explainPull('quay.io/x/nginx:1', [block('quay.io/x', [['docker.io', 'tag-only']])]);
    expect(plan.error).toBe('rewriting reference: repository name must be canonical');
  });
  it('a rewritten name over 255 characters fails the pull', () => {
    const long = `mirror.example.com/${'a'.repeat(240)}`;
    const plan = explainPull('quay.io/x/app:1', [block('quay.io/x', [[long, 'tag-only']])]);
    expect(plan.error).toBe(`rewriting reference: ${ERR.tooLong}`);
  });
  it('a skipped mirror is never rewritten, so its bad rewrite does not matter', () => {
    const plan = explainPull(`foo.example.com:5000/app@${SHA}`, [
      block('*.example.com', [['mirror.corp.com/example', 'tag-only']]),
    ]);
    expect(plan.error).toBeUndefined();
    expect(triedLocations(plan)).toEqual([`foo.example.com:5000/app@${SHA}`]);
  });
  it('the docker transport refuses tag and digest together; the node (CRI-O) drops the tag', () => {
    expect(explainPull(`quay.io/a/b:v1@${SHA}`, []).error).toBe(
      'Docker references with both a tag and digest are currently not supported',
    );
    const node = explainNodePull(`quay.io/a/b:v1@${SHA}`, []);
    expect(node.plans.map((p) => p.image)).toEqual([`quay.io/a/b@${SHA}`]);
    expect(node.notes[0]).toMatch(/CRI-O drops the tag ":v1" and pulls by digest/);
  });
});

describe('rewriteReference: containers/image TestRewriteReferenceSuccess / FailedDuringParseNamed', () => {
  const norm = (r: string) => {
    const p = parseNormalizedNamed(r);
    if (!p.ok) throw new Error(p.error);
    return formatRef(p.value);
  };
  const ok: [string, string, string, string][] = [
    ['example.com/image', 'example.com', 'example.com', 'example.com/image'],
    ['example.com/image:latest', 'example.com', 'example.com', 'example.com/image:latest'],
    ['example.com:5000/image', 'example.com:5000', 'example.com:5000', 'example.com:5000/image'],
    [`example.com/foo@${SHA}`, 'example.com', 'example.com', `example.com/foo@${SHA}`],
    ['example.com/foo/image:latest', 'example.com/foo', 'example.com/path', 'example.com/path/image:latest'],
    ['docker.io/library/image', 'docker.io/library', 'example.com', 'example.com/image'],
    ['docker.io/library/image', 'docker.io', 'example.com', 'example.com/library/image'],
    ['docker.io/namespace/image', '*.io', 'example.com', 'example.com/namespace/image'],
    [
      'another.sub.example.io:5000/library/prefix/image:latest',
      '*.sub.example.io',
      'example.com',
      'example.com:5000/library/prefix/image:latest',
    ],
    ['foo.bar.io/ns1/ns2/ns3/ns4', '*.bar.io', 'omg.bbq.com/roflmao', 'omg.bbq.com/roflmao/ns1/ns2/ns3/ns4'],
    ['abc.internal.registry.com/foo:bar', '*.internal.registry.com', '', 'abc.internal.registry.com/foo:bar'],
    ['alien.vs.predator.foobar.io:5000/omg:bbq', '*.foobar.io', '', 'alien.vs.predator.foobar.io:5000/omg:bbq'],
  ];
  for (const [ref, prefix, location, want] of ok) {
    it(`${ref} | ${prefix} -> ${location || '""'}`, () => {
      const r = rewriteReference(norm(ref), prefix, location);
      expect(r.ok && formatRef(r.value)).toBe(want);
    });
  }
  const bad: [string, string, string][] = [
    ['example.com/foo/image:latest', 'example.com/foo', 'example.com/path/'],
    [`example.com/foo@${SHA}`, 'example.com/foo', 'example.com'],
    ['example.com:5000/image:latest', 'example.com', ''],
    ['example.com:5000/image:latest', 'example.com', 'example.com:5000'],
    ['example.com/foo/image:latest', 'example.com//foo', 'example.com/path'],
    ['example.com/image:latest', 'image', 'anotherimage'],
    ['example.com/foo/image:latest', 'example.com/foo/', 'example.com'],
    ['example.com/foo/image', 'example.com/f', 'example.com/foo'],
    ['docker.io/library/image', 'example.com', 'example.com'],
    ['docker.io/library/image', '*.com', 'example.com'],
    ['foo.docker.io/library/image', '*.example.com', 'example.com/image'],
  ];
  for (const [ref, prefix, location] of bad) {
    it(`fails: ${ref} | ${prefix} -> ${location || '""'}`, () =>
      expect(rewriteReference(norm(ref), prefix, location).ok).toBe(false));
  }
});

describe('explainNodePull: what the kubelet and CRI-O do first', () => {
  const seed = example('1-seed-itms-only');
  it("a short name: one candidate per unqualified-search registry; ambiguous under CRI-O's enforcing default", () => {
    const p = explainNodePull('nginx', seed);
    expect(p.requested).toBe('nginx:latest');
    expect(p.shortName).toEqual({
      candidates: ['registry.access.redhat.com/nginx:latest', 'docker.io/library/nginx:latest'],
      enforcingError: 'short name mode is enforcing, but image name nginx:latest returns ambiguous list',
    });
    expect(p.plans.map(triedLocations)).toEqual([
      ['registry.access.redhat.com/nginx:latest'],
      ['internal.registry.com/docker-library/nginx:latest', 'docker.io/library/nginx:latest'],
    ]);
  });
  it('a short name with a namespace', () => {
    expect(explainNodePull('team/app:v1', []).shortName?.candidates).toEqual([
      'registry.access.redhat.com/team/app:v1',
      'docker.io/team/app:v1',
    ]);
  });
  it('a fully qualified name: one plan, no short-name step; :latest added by the kubelet', () => {
    const p = explainNodePull('quay.io/openshift/app', seed);
    expect(p.shortName).toBeUndefined();
    expect(p.notes).toEqual(['no tag or digest: the kubelet asks for ":latest"']);
    expect(p.plans.map(triedLocations)).toEqual([
      ['mirror.example.com/openshift/app:latest', 'quay.io/openshift/app:latest'],
    ]);
  });
  it('an invalid reference', () => {
    expect(explainNodePull('quay.io/App:v1', seed).error).toBe(
      'invalid image reference "quay.io/App:v1": repository name must be lowercase',
    );
  });
});
