// `explain` against containers/image itself.
//
// 1. The pull scenarios of ./support/pull-scenarios.ts: test/e2e/skopeo.test.ts proves each row
//    (registry logs, skopeo's "Trying to access" lines). Here explainPull must predict the same:
//    the locations tried, in order, up to the one that served (or all of them when none did),
//    the blocked ones, and a failure before any request. Needs no tool.
// 2. Live skopeo (no registry needed): for every scenario and every worked example of the
//    reference, the registries.conf our function renders is given to `skopeo inspect --debug`
//    with hosts that never resolve (RFC 6761 .invalid), so containers/image tries every
//    location and fails each at once; its "Trying to access" lines must be explainPull's
//    prediction exactly, and an early failure must be its error. Skipped without skopeo,
//    unless CI is set: then it fails.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { explainPull, triedLocations, type PullPlan } from '../../src/registries/pull.js';
import { editRegistriesConfig } from '../../src/registries/merge.js';
import { renderRegistries } from '../../src/registries/render.js';
import type { Registry } from '../../src/registries/model.js';
import { validateHostedCluster } from '../../src/validate/hosted-cluster.js';
import { REPO_ROOT, TOOLS, requireTool } from '../helpers/tools.js';
import { PULL_SCENARIOS, resolveScenario, type PullScenario, type RegistryToken } from '../helpers/pull-scenarios.js';
import { inspectRaw, makeSkopeoEnv, triedLocations as skopeoTried, type SkopeoEnv } from '../helpers/skopeo.js';

const RELEASE = 'quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64';

/** The [[registry]] blocks the function generates for these lists (it must accept them). */
function blocksFor(lists: { imageTagMirrorSet: unknown[]; imageContentSources?: unknown[] }): Registry[] {
  const spec = {
    release: { image: RELEASE },
    imageTagMirrorSet: lists.imageTagMirrorSet,
    imageContentSources: lists.imageContentSources ?? [],
  };
  const v = validateHostedCluster(spec, {});
  expect(v.results.filter((r) => r.severity === 'error')).toEqual([]);
  return v.registries ?? [];
}

const fakeDigest = (label: string) => `sha256:${createHash('sha256').update(label).digest('hex')}`;

/** The scenario with hosts of its own (any will do: explain never connects). */
function resolved(s: PullScenario, hosts: Record<RegistryToken, string>): PullScenario {
  return resolveScenario(s, { hosts, digest: fakeDigest });
}

const LOOPBACK: Record<RegistryToken, string> = {
  source: '127.0.0.1:5000',
  mirror1: '127.0.0.1:5001',
  mirror2: '127.0.0.1:5002',
};

describe('explain predicts the pull scenarios that skopeo.test.ts proves', () => {
  it('covers every scenario', () => expect(PULL_SCENARIOS.length).toBeGreaterThanOrEqual(15));
  for (const scenario of PULL_SCENARIOS) {
    it(`${scenario.id}: ${scenario.title}`, () => {
      const s = resolved(scenario, LOOPBACK);
      const blocks = blocksFor(s);
      // The blocks explain reasons about are the registries.conf skopeo read.
      expect(renderRegistries(blocks)).toBe(s.registriesConf);
      const plan = explainPull(s.image, blocks);
      const predicted = triedLocations(plan);
      if (s.failure?.startsWith('rewriting reference')) {
        expect(plan.error).toContain(s.failure);
        expect(predicted).toEqual([]);
        expect(s.tried).toEqual([]);
        return;
      }
      expect(plan.error).toBeUndefined();
      if (s.servedBy === null) {
        // Nothing served: containers/image went through every location.
        expect(predicted).toEqual(s.tried);
      } else {
        // It stops at the first location that serves: the observed order is a prefix of ours.
        expect(predicted.slice(0, s.tried.length)).toEqual(s.tried);
        expect(s.tried.at(-1)).toBe(s.servedBy);
        expect(plan.attempts.find((a) => a.location === s.servedBy)?.outcome).toBe('try');
      }
      const blocked = plan.attempts.filter((a) => a.outcome === 'blocked').map((a) => a.location);
      expect(blocked.filter((l) => s.tried.includes(l))).toEqual(s.blocked);
    });
  }
});

// ---- live: skopeo with hosts that never resolve ------------------------------------------------

const skopeo = requireTool(TOOLS.skopeo);

/** Appends ".invalid" to the host of a source, mirror or image: nothing resolves, matching is unchanged. */
function unresolvable(ref: string): string {
  const slash = ref.indexOf('/');
  const host = slash < 0 ? ref : ref.slice(0, slash);
  const rest = slash < 0 ? '' : ref.slice(slash);
  const colon = host.indexOf(':');
  const name = colon < 0 ? host : host.slice(0, colon);
  const port = colon < 0 ? '' : host.slice(colon);
  return `${name}.invalid${port}${rest}`;
}

interface Entry {
  source: string;
  mirrors: string[];
  mirrorSourcePolicy?: string;
}
const mapLists = (spec: { imageTagMirrorSet?: Entry[]; imageContentSources?: Entry[] }) => ({
  imageTagMirrorSet: (spec.imageTagMirrorSet ?? []).map((e) => ({
    ...e,
    source: unresolvable(e.source),
    mirrors: e.mirrors.map(unresolvable),
  })),
  imageContentSources: (spec.imageContentSources ?? []).map((e) => ({
    ...e,
    source: unresolvable(e.source),
    mirrors: e.mirrors.map(unresolvable),
  })),
});

const SHA = `sha256:${'a'.repeat(64)}`;
/** The reference's worked examples (testdata/registries-conf) and the images test/registries/pull.test.ts explains. */
const WORKED: [string, string[]][] = [
  [
    '1-seed-itms-only',
    [
      'docker.io/library/nginx:latest',
      'registry.redhat.io/ubi8/ubi:8.10',
      `quay.io/openshift/app@${SHA}`,
      `docker.io/library/nginx@${SHA}`,
      'ghcr.io/org/tool:v2',
      'quay.io/openshiftx/app:v1',
    ],
  ],
  [
    '3-digest-tag-on-one-source',
    ['quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64', `quay.io/openshift-release-dev/ocp-release@${SHA}`],
  ],
  [
    '4-wildcard-source',
    [
      'foo.example.com/team/app:v1',
      'a.b.example.com/app:v1',
      'example.com/app:latest',
      'foo.example.com:5000/app:v1',
      `foo.example.com:5000/app@${SHA}`,
    ],
  ],
  [
    '5-nevercontactsource-and-its-conflict',
    [
      'registry.redhat.io/ubi9/ubi:latest',
      'registry.redhat.io/ubi8/ubi:latest',
      `registry.redhat.io/ubi9/ubi@${SHA}`,
      'docker.io/library/busybox:1',
    ],
  ],
  [
    '6-mirror-chains-and-cycles',
    [`quay.io/ocp/release@${SHA}`, 'quay.io/ocp/release:v1', `registry.example.com/x/y@${SHA}`],
  ],
  [
    '7-ports-and-nested-sources',
    [
      `registry.example.com:5000/team/app@${SHA}`,
      'registry.example.com:5000/team/other:v1',
      'registry.example.com:5000/misc/tool:v1',
      'registry.example.com:5000/team/app:v1',
      'registry.example.com:6000/misc/tool:v1',
    ],
  ],
];

interface LiveCase {
  id: string;
  registries: Registry[];
  image: string;
}

const LIVE: LiveCase[] = [
  ...PULL_SCENARIOS.map((scenario) => {
    const s = resolved(scenario, {
      source: 'source.explain.invalid:5000',
      mirror1: 'mirror1.explain.invalid:5001',
      mirror2: 'mirror2.explain.invalid:5002',
    });
    return {
      id: `scenario ${scenario.id}`,
      registries: editRegistriesConfig({
        imageTagMirrorSet: s.imageTagMirrorSet,
        imageContentSources: s.imageContentSources ?? [],
      }),
      image: s.image,
    };
  }),
  ...WORKED.flatMap(([name, images]) => {
    const spec = parse(readFileSync(join(REPO_ROOT, 'testdata/registries-conf', `${name}.input.yaml`), 'utf8')) ?? {};
    const lists = mapLists(spec);
    return images.map((image) => ({
      id: `example ${name}`,
      registries: editRegistriesConfig(lists),
      image: unresolvable(image),
    }));
  }),
];

describe
  .skipIf(skopeo.skip)
  .concurrent(skopeo.title('explain against live skopeo (containers/image), every location unresolvable'), () => {
    let dir = '';
    let env: SkopeoEnv;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'itm-explain-skopeo-'));
      env = makeSkopeoEnv(dir);
    });
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    LIVE.forEach((c, i) => {
      it(`${c.id}: ${c.image}`, async () => {
        const conf = join(dir, `registries-${i}.conf`);
        writeFileSync(conf, renderRegistries(c.registries));
        const plan: PullPlan = explainPull(c.image, c.registries);
        const run = await inspectRaw(c.image, { env, registriesConf: conf, debug: true, timeoutMs: 90_000 });
        expect(run.timedOut).toBe(false);
        expect(run.code).not.toBe(0); // nothing resolves
        expect(skopeoTried(run.stderr)).toEqual(triedLocations(plan));
        if (plan.error !== undefined) expect(run.stderr).toContain(plan.error);
        for (const a of plan.attempts.filter((x) => x.outcome === 'blocked'))
          expect(run.stderr).toContain(`registry ${a.blockedBy} is blocked`);
      });
    });
  });
