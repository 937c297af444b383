// The Image config on real pulls (issue 10, item 7): containers/image (skopeo) pulls through the
// registries.conf dist/fn.js generates for a HostedCluster with spec.configuration.image, from
// real registries (Debian's docker-registry, plain HTTP on 127.0.0.1), with the policy.json the
// Machine Config Operator writes for the same Image config (our model of it). Each scenario is
// proven three ways, as test/e2e/skopeo.test.ts does: skopeo's own "Trying to access" lines, the
// registries' request logs, and the image that came back (or the error); and `explain` (the
// bundle, JSON) must predict each: the attempts, their insecure and blocked marks, and
// policy.json's verdict.
//
//   - insecureRegistries: a mirror served over plain HTTP works only through `insecure = true` on
//     its [[registry.mirror]] entry (skopeo runs WITHOUT --tls-verify=false here), and fails
//     without it ("http: server gave HTTP response to HTTPS client"), no request routed;
//   - blockedRegistries on a mirror's registry: that attempt is refused without any request (the
//     registry's log stays empty, not even the /v2/ ping); the next location serves;
//   - policy.json is evaluated against the reference asked for, never the mirror's: a mirror
//     outside allowedRegistries serves an allowed source's image; a source outside
//     allowedRegistries (or inside blockedRegistries) is rejected although its mirror served the
//     manifest ("Source image rejected: Running image docker://SOURCE... is rejected by policy.").
//
// Needs skopeo and docker-registry (apt-get install -y skopeo docker-registry) and a built
// dist/fn.js; skipped without them, unless CI is set: then it fails.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { PolicyModel } from '../../src/registries/policy.js';
import type { NodePull, PullPlan } from '../../src/registries/pull.js';
import { validateHostedCluster } from '../../src/validate/hosted-cluster.js';
import {
  hostedClusterResourceList,
  registriesConfFrom,
  runFunction,
  type MirrorEntry,
} from '../helpers/krm-function.js';
import { buildOciImage, pushImage, type OciImage } from '../helpers/oci-image.js';
import { blobRequests, manifestRequests, startRegistry, summarize, type Registry } from '../helpers/registry.js';
import { run } from '../helpers/tools.js';
import { copyToDir, makeSkopeoEnv, triedLocations, type SkopeoEnv } from '../helpers/skopeo.js';
import { FN, TOOLS, requireBundle, requireTool } from '../helpers/tools.js';

const skopeo = requireTool(TOOLS.skopeo);
const dockerRegistry = requireTool(TOOLS.dockerRegistry);
const skip = skopeo.skip || dockerRegistry.skip;
const title = (suite: string) => dockerRegistry.title(skopeo.title(suite));

type Token = 'source' | 'mirror1';
const TOKENS: readonly Token[] = ['source', 'mirror1'];
/** Never resolves (RFC 6761): only a mirror can serve it. */
const UNRESOLVABLE = 'src.image-config.invalid';
const RELEASE = 'quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64';

interface Scenario {
  id: string;
  title: string;
  imageTagMirrorSet: MirrorEntry[];
  registrySources: Record<string, string[]>;
  seed: { at: string; label: string }[];
  image: string;
  /** skopeo's "Trying to access" lines, in order. */
  tried: string[];
  /** Of those, the ones registries.conf blocks (no request at all). */
  blocked: string[];
  /** The attempts marked insecure (plain HTTP allowed), as explain must mark them. */
  insecure: string[];
  /** The location whose copy comes back, or null: the pull fails. */
  servedBy: string | null;
  servedLabel?: string;
  /** A location that answered the manifest although the pull then failed (policy.json). */
  answeredThenRejected?: string;
  /** policy.json's verdict on the reference asked for. */
  policy: 'accept' | 'reject';
  failure?: string;
}

/** Scenarios with {source} and {mirror1} standing for the registries' host:port. */
const SCENARIOS: Scenario[] = [
  {
    id: 'insecure-mirror',
    title: 'insecureRegistries: a mirror on plain HTTP serves the pull (its entry says insecure = true)',
    imageTagMirrorSet: [{ source: `${UNRESOLVABLE}/i`, mirrors: ['{mirror1}/m/i'] }],
    registrySources: { insecureRegistries: ['{mirror1}'] },
    seed: [{ at: '{mirror1}/m/i/app:v1', label: 'i@mirror1' }],
    image: `${UNRESOLVABLE}/i/app:v1`,
    tried: ['{mirror1}/m/i/app:v1'],
    blocked: [],
    insecure: ['{mirror1}/m/i/app:v1'],
    servedBy: '{mirror1}/m/i/app:v1',
    servedLabel: 'i@mirror1',
    policy: 'accept',
  },
  {
    id: 'secure-mirror-fails',
    title: 'without insecureRegistries the same plain-HTTP mirror fails (TLS only), then the source',
    imageTagMirrorSet: [{ source: `${UNRESOLVABLE}/s`, mirrors: ['{mirror1}/m/s'] }],
    registrySources: { insecureRegistries: ['other.example.com'] },
    seed: [{ at: '{mirror1}/m/s/app:v1', label: 's@mirror1' }],
    image: `${UNRESOLVABLE}/s/app:v1`,
    tried: ['{mirror1}/m/s/app:v1', `${UNRESOLVABLE}/s/app:v1`],
    blocked: [],
    insecure: [],
    servedBy: null,
    policy: 'accept',
    failure: 'server gave HTTP response to HTTPS client',
  },
  {
    id: 'blocked-mirror',
    title: "blockedRegistries on the mirror's registry: refused without a request; the source serves",
    imageTagMirrorSet: [{ source: '{source}/b', mirrors: ['{mirror1}/m/b'] }],
    registrySources: { blockedRegistries: ['{mirror1}'], insecureRegistries: ['{source}'] },
    seed: [
      { at: '{mirror1}/m/b/app:v1', label: 'b@mirror1' },
      { at: '{source}/b/app:v1', label: 'b@source' },
    ],
    image: '{source}/b/app:v1',
    tried: ['{mirror1}/m/b/app:v1', '{source}/b/app:v1'],
    blocked: ['{mirror1}/m/b/app:v1'],
    insecure: ['{source}/b/app:v1'],
    servedBy: '{source}/b/app:v1',
    servedLabel: 'b@source',
    policy: 'accept',
  },
  {
    id: 'blocked-source',
    title:
      'blockedRegistries on the source: its mirror answers, then policy.json rejects the source reference; the source is never asked',
    imageTagMirrorSet: [{ source: '{source}/p', mirrors: ['{mirror1}/m/p'] }],
    registrySources: { blockedRegistries: ['{source}/p'], insecureRegistries: ['{mirror1}'] },
    seed: [
      { at: '{mirror1}/m/p/app:v1', label: 'p@mirror1' },
      { at: '{source}/p/app:v1', label: 'p@source' },
    ],
    image: '{source}/p/app:v1',
    tried: ['{mirror1}/m/p/app:v1'],
    blocked: [],
    insecure: ['{mirror1}/m/p/app:v1'],
    servedBy: null,
    answeredThenRejected: '{mirror1}/m/p/app:v1',
    policy: 'reject',
    failure: 'is rejected by policy',
  },
  {
    id: 'allowed-source-mirror-not-listed',
    title: 'allowedRegistries holds the source only: the mirror, not listed, serves (policy.json looks at the source)',
    imageTagMirrorSet: [{ source: `${UNRESOLVABLE}/a`, mirrors: ['{mirror1}/m/a'] }],
    registrySources: {
      allowedRegistries: [UNRESOLVABLE, RELEASE.split(':')[0]!],
      insecureRegistries: ['{mirror1}'],
    },
    seed: [{ at: '{mirror1}/m/a/app:v1', label: 'a@mirror1' }],
    image: `${UNRESOLVABLE}/a/app:v1`,
    tried: ['{mirror1}/m/a/app:v1'],
    blocked: [],
    insecure: ['{mirror1}/m/a/app:v1'],
    servedBy: '{mirror1}/m/a/app:v1',
    servedLabel: 'a@mirror1',
    policy: 'accept',
  },
  {
    id: 'allowed-mirror-only',
    title: 'allowedRegistries holds the mirror only: the mirror answers, the source reference is rejected',
    imageTagMirrorSet: [{ source: `${UNRESOLVABLE}/r`, mirrors: ['{mirror1}/m/r'] }],
    registrySources: { allowedRegistries: ['{mirror1}', RELEASE.split(':')[0]!], insecureRegistries: ['{mirror1}'] },
    seed: [{ at: '{mirror1}/m/r/app:v1', label: 'r@mirror1' }],
    image: `${UNRESOLVABLE}/r/app:v1`,
    tried: ['{mirror1}/m/r/app:v1'],
    blocked: [],
    insecure: ['{mirror1}/m/r/app:v1'],
    servedBy: null,
    answeredThenRejected: '{mirror1}/m/r/app:v1',
    policy: 'reject',
    failure: `Running image docker://${UNRESOLVABLE}/r/app:v1 is rejected by policy`,
  },
];

function resolve(s: Scenario, hosts: Record<Token, string>): Scenario {
  const r = (t: string) => t.replace(/\{(source|mirror1)\}/g, (_, k: Token) => hosts[k]);
  const rs = Object.fromEntries(Object.entries(s.registrySources).map(([k, v]) => [k, v.map(r)]));
  return {
    ...s,
    imageTagMirrorSet: s.imageTagMirrorSet.map((e) => ({ ...e, source: r(e.source), mirrors: e.mirrors.map(r) })),
    registrySources: rs,
    seed: s.seed.map((x) => ({ at: r(x.at), label: x.label })),
    image: r(s.image),
    tried: s.tried.map(r),
    blocked: s.blocked.map(r),
    insecure: s.insecure.map(r),
    servedBy: s.servedBy === null ? null : r(s.servedBy),
    ...(s.answeredThenRejected ? { answeredThenRejected: r(s.answeredThenRejected) } : {}),
  };
}

/** policy.json as MCO writes it (updatePolicyJSON), for our model of it. */
function policyJson(p: PolicyModel): string {
  const req = (v: 'accept' | 'reject') => [{ type: v === 'accept' ? 'insecureAcceptAnything' : 'reject' }];
  const doc: Record<string, unknown> = {
    default: req(p.default),
    transports: { 'docker-daemon': { '': req('accept') } },
  };
  if (p.docker.size > 0)
    (doc.transports as Record<string, unknown>).docker = Object.fromEntries([...p.docker].map(([k, v]) => [k, req(v)]));
  return JSON.stringify(doc, null, 2);
}

const hostOf = (ref: string) => ref.slice(0, ref.indexOf('/'));

describe.skipIf(skip)(title('the Image config on real pulls (skopeo, docker-registry, policy.json)'), () => {
  let base = '';
  let env: SkopeoEnv;
  const registries = new Map<Token, Registry>();
  const images = new Map<string, OciImage>();
  const registry = (t: Token) => registries.get(t)!;
  const hosts = () => Object.fromEntries(TOKENS.map((t) => [t, registry(t).host])) as Record<Token, string>;
  const image = (label: string) => {
    let img = images.get(label);
    if (!img) {
      img = buildOciImage(join(base, 'images', label.replace(/[^A-Za-z0-9.-]/g, '_')), 'v1', label);
      images.set(label, img);
    }
    return img;
  };

  beforeAll(async () => {
    requireBundle();
    base = mkdtempSync(join(tmpdir(), 'itm-e2e-image-config-'));
    env = makeSkopeoEnv(join(base, 'skopeo'));
    for (const t of TOKENS) registries.set(t, await startRegistry({ name: t, baseDir: join(base, 'registries') }));
  });
  afterAll(async () => {
    await Promise.all([...registries.values()].map((r) => r.stop()));
    if (base !== '') rmSync(base, { recursive: true, force: true });
  });

  it.each(SCENARIOS.map((s) => [s.id, s] as const))('%s', async (_id, template) => {
    const s = resolve(template, hosts());
    const name = `e2e-${s.id}`;
    const cluster = { name, imageTagMirrorSet: s.imageTagMirrorSet, registrySources: s.registrySources };

    // 1. The function's registries.conf, and MCO's policy.json for the same Image config.
    const fn = runFunction(hostedClusterResourceList(cluster));
    expect(fn.status, fn.stderr).toBe(0);
    const conf = registriesConfFrom(fn.stdout, name);
    const hc = (parse(hostedClusterResourceList(cluster)) as { items: { spec: unknown }[] }).items[0]!;
    const v = validateHostedCluster(hc.spec, {});
    expect(v.node, JSON.stringify(v.results)).toBeDefined();
    const dir = join(base, s.id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'registries.conf'), conf);
    writeFileSync(join(dir, 'policy.json'), policyJson(v.node!.policy));
    writeFileSync(join(dir, 'hc.yaml'), hostedClusterResourceList(cluster).replace(/^[\s\S]*?items:\n- /, ''));

    // 2. explain's prediction (the bundle, JSON).
    const explained = run('node', [FN, 'explain', s.image, '--format', 'json', join(dir, 'hc.yaml')]);
    expect(explained.status, explained.stderr).toBe(0);
    const plan: PullPlan = (JSON.parse(explained.stdout) as { pull: NodePull }).pull.plans[0]!;
    const counted = plan.attempts.filter((a) => a.outcome === 'try' || a.outcome === 'blocked');
    // skopeo stops at the first location that answers: explain lists them all, in the same order.
    expect(counted.map((a) => a.location).slice(0, s.tried.length)).toEqual(s.tried);
    expect(counted.filter((a) => a.outcome === 'blocked').map((a) => a.location)).toEqual(
      expect.arrayContaining(s.blocked),
    );
    expect(counted.filter((a) => a.insecure && s.tried.includes(a.location)).map((a) => a.location)).toEqual(
      s.insecure,
    );
    expect(plan.policy?.verdict).toBe(s.policy);

    // 3. The pull, TLS verified unless registries.conf says insecure, with MCO's policy.json.
    for (const seed of s.seed) await pushImage(image(seed.label), seed.at, env);
    const marks = new Map(TOKENS.map((t) => [t, registry(t).mark()]));
    const dest = join(dir, 'pulled');
    mkdirSync(dest, { recursive: true });
    const pull = await copyToDir(s.image, dest, {
      env: { ...env, policyPath: join(dir, 'policy.json') },
      registriesConf: join(dir, 'registries.conf'),
      debug: true,
      skipTlsVerify: false,
    });
    await Promise.all(TOKENS.map((t) => registry(t).settle()));
    const seen = new Map(TOKENS.map((t) => [t, registry(t).requestsSince(marks.get(t)!)]));
    const context = `scenario ${s.id}\nregistries.conf:\n${conf}\npolicy.json: ${policyJson(v.node!.policy)}\n${TOKENS.map((t) => `${t} (${registry(t).host}): ${JSON.stringify(summarize(seen.get(t)!))}`).join('\n')}\nskopeo exit ${pull.code}\n${pull.stderr.slice(-2500)}`;

    if (process.env.E2E_VERBOSE) console.log(context);
    expect(pull.timedOut, context).toBe(false);
    expect(triedLocations(pull.stderr), context).toEqual(s.tried);
    // A blocked location is refused before any request: its registry sees nothing at all.
    for (const b of s.blocked) {
      const t = TOKENS.find((x) => registry(x).host === hostOf(b))!;
      expect(summarize(seen.get(t)!), `${t} must see no request\n${context}`).toEqual([]);
    }
    if (s.servedBy !== null) {
      expect(pull.code, context).toBe(0);
      const manifest = JSON.parse(readFileSync(join(dest, 'manifest.json'), 'utf8')) as {
        annotations?: Record<string, string>;
      };
      expect(manifest.annotations?.['dev.image-tag-mirrors.e2e'], context).toBe(s.servedLabel);
      const server = TOKENS.find((t) => registry(t).host === hostOf(s.servedBy!))!;
      expect(blobRequests(seen.get(server)!).length, context).toBeGreaterThan(0);
    } else {
      expect(pull.code, context).not.toBe(0);
      expect(pull.stderr, context).toContain(s.failure!);
      for (const t of TOKENS) expect(blobRequests(seen.get(t)!), `${t}: no blob\n${context}`).toEqual([]);
      if (s.answeredThenRejected) {
        // The mirror served the manifest: policy.json rejected the reference asked for, not the mirror's.
        const t = TOKENS.find((x) => registry(x).host === hostOf(s.answeredThenRejected!))!;
        expect(
          manifestRequests(seen.get(t)!).map((r) => r.status),
          context,
        ).toContain(200);
      } else {
        // Nothing was routed to the registries at all (a TLS handshake is no request).
        for (const t of TOKENS) expect(manifestRequests(seen.get(t)!), `${t}\n${context}`).toEqual([]);
      }
    }
  });
});
