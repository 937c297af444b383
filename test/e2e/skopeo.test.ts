// Nodes end to end: the registries.conf that dist/fn.js generates, used by containers/image
// (real skopeo) against real registries (Debian's docker-registry) on 127.0.0.1.
//
// Three registries, `source`, `mirror1` and `mirror2`, serve every scenario of
// ./support/pull-scenarios.ts, each under its own repositories. For each scenario the function
// renders a HostedCluster's registries.conf; the test writes those bytes to a file unchanged,
// pushes the scenario's images, runs `skopeo copy docker://IMAGE dir:…` with that file, and then
// proves the routing three ways:
//   - skopeo's own `Trying to access "…"` lines (--debug) list exactly the expected locations;
//   - the registries' logs hold exactly those manifest requests, in that order (by the
//     registries' nanosecond timestamps), 404 before the last, 200 for the one that served, and
//     no request at all at a registry that no tried location names;
//   - the image that came back carries the label of the copy at the location that served it,
//     and its blobs were fetched from that registry only.
//
// Plain HTTP: the registries have no TLS. skopeo gets `--tls-verify=false`, under which
// containers/image tries HTTPS, then HTTP, for every location, mirrors included, so the
// generated registries.conf is used byte for byte (no `insecure = true` added).
//
// Needs `skopeo` and `docker-registry` (apt-get install -y skopeo docker-registry) and a built
// dist/fn.js. Without the two tools the suite is skipped, unless CI is set: then it fails.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOOLS, requireTool } from '../helpers/tools.js';
import { hostedClusterResourceList, registriesConfFrom, runFunction } from '../helpers/krm-function.js';
import { buildOciImage, pushImage, type OciImage } from '../helpers/oci-image.js';
import { PULL_SCENARIOS, REGISTRY_TOKENS, resolveScenario, type RegistryToken } from '../helpers/pull-scenarios.js';
import {
  blobRequests,
  manifestRequests,
  startRegistry,
  summarize,
  type Registry,
  type RegistryRequest,
} from '../helpers/registry.js';
import { copyToDir, makeSkopeoEnv, triedLocations, type SkopeoEnv } from '../helpers/skopeo.js';

const skopeo = requireTool(TOOLS.skopeo);
const dockerRegistry = requireTool(TOOLS.dockerRegistry);
const skip = skopeo.skip || dockerRegistry.skip;
const title = (suite: string) => dockerRegistry.title(skopeo.title(suite));
const verbose = process.env['E2E_VERBOSE'] !== undefined;

/** The registry part of a reference: `127.0.0.1:5000/team/app:v1` → `127.0.0.1:5000`. */
const hostOf = (reference: string): string => reference.slice(0, reference.indexOf('/'));

/** A manifest request back as the reference it asked for. */
function asReference(host: string, r: RegistryRequest): string {
  const m = /^\/v2\/(.+)\/manifests\/([^/?]+)/.exec(r.uri)!;
  const ref = decodeURIComponent(m[2]!);
  return `${host}/${m[1]}${ref.startsWith('sha256:') ? '@' : ':'}${ref}`;
}

describe.skipIf(skip)(
  title('nodes: containers/image pulls through the generated registries.conf (skopeo, docker-registry)'),
  () => {
    let base = '';
    let env: SkopeoEnv;
    const registries = new Map<RegistryToken, Registry>();
    const images = new Map<string, OciImage>();

    const registry = (token: RegistryToken): Registry => registries.get(token)!;
    const hosts = () =>
      Object.fromEntries(REGISTRY_TOKENS.map((t) => [t, registry(t).host])) as Record<RegistryToken, string>;
    /** The test image labelled `label`, built once. */
    const image = (label: string): OciImage => {
      let img = images.get(label);
      if (img === undefined) {
        img = buildOciImage(join(base, 'images', label.replace(/[^A-Za-z0-9.-]/g, '_')), 'v1', label);
        images.set(label, img);
      }
      return img;
    };

    beforeAll(async () => {
      base = mkdtempSync(join(tmpdir(), 'itm-e2e-skopeo-'));
      env = makeSkopeoEnv(join(base, 'skopeo'));
      for (const token of REGISTRY_TOKENS) {
        registries.set(token, await startRegistry({ name: token, baseDir: join(base, 'registries') }));
      }
    });

    afterAll(async () => {
      await Promise.all([...registries.values()].map((r) => r.stop()));
      if (base !== '') rmSync(base, { recursive: true, force: true });
    });

    it.each(PULL_SCENARIOS.map((s) => [s.id, s] as const))('%s', async (_id, template) => {
      const s = resolveScenario(template, { hosts: hosts(), digest: (label) => image(label).manifestDigest });
      const clusterName = `e2e-${s.id}`;

      // 1. The function renders the HostedCluster's registries.conf.
      const run = runFunction(
        hostedClusterResourceList({
          name: clusterName,
          imageTagMirrorSet: s.imageTagMirrorSet,
          ...(s.imageContentSources !== undefined ? { imageContentSources: s.imageContentSources } : {}),
        }),
      );
      expect(run.status, `dist/fn.js failed:\n${run.stderr}`).toBe(0);
      const conf = registriesConfFrom(run.stdout, clusterName);
      // Byte for byte what MCO renders; soft, so that the pull below is still tried and reported.
      expect.soft(conf, "registries.conf differs from MCO's rendering").toBe(s.registriesConf);
      const confPath = join(base, 'confs', `${s.id}.conf`);
      mkdirSync(join(base, 'confs'), { recursive: true });
      writeFileSync(confPath, conf);

      // 2. The images the scenario needs, pushed with no mirror configuration at all.
      for (const seed of s.seed) await pushImage(image(seed.label), seed.at, env);

      // 3. The pull, through the function's registries.conf.
      const marks = new Map(REGISTRY_TOKENS.map((t) => [t, registry(t).mark()]));
      const destination = join(base, 'pulls', s.id);
      mkdirSync(destination, { recursive: true });
      const pull = await copyToDir(s.image, destination, { env, registriesConf: confPath, debug: true });
      await Promise.all(REGISTRY_TOKENS.map((t) => registry(t).settle()));
      const seen = new Map(REGISTRY_TOKENS.map((t) => [t, registry(t).requestsSince(marks.get(t)!)]));
      const report = REGISTRY_TOKENS.map(
        (t) => `${t} (${registry(t).host}): ${JSON.stringify(summarize(seen.get(t)!))}`,
      ).join('\n');
      const context = `scenario ${s.id}\nskopeo exit ${pull.code}${pull.timedOut ? ' (timed out)' : ''}\n${report}\nskopeo stderr (last 3000):\n${pull.stderr.slice(-3000)}`;
      if (verbose) console.log(`${context.split('\nskopeo stderr')[0]}\n`);

      expect(pull.timedOut, context).toBe(false);

      // (a) containers/image's own account of what it tried.
      expect(triedLocations(pull.stderr), context).toEqual(s.tried);

      // (b) Each registry saw exactly the manifest requests for the tried locations it holds,
      //     and a registry no tried location names saw nothing, not even a /v2/ ping.
      const contacted = s.tried.filter((t) => !s.blocked.includes(t));
      for (const token of REGISTRY_TOKENS) {
        const host = registry(token).host;
        const expected = contacted.filter((t) => hostOf(t) === host);
        const requests = seen.get(token)!;
        const manifests = manifestRequests(requests);
        expect(
          manifests.map((r) => asReference(host, r)),
          `${token}: manifest requests\n${context}`,
        ).toEqual(expected);
        if (expected.length === 0) expect(summarize(requests), `${token} must see no request\n${context}`).toEqual([]);
      }

      // (c) ... in the order tried, across registries; every one before the last a 404.
      const byHost = new Map(REGISTRY_TOKENS.map((t) => [registry(t).host, t]));
      const timeline = REGISTRY_TOKENS.flatMap((t) => manifestRequests(seen.get(t)!).map((r) => ({ t, r }))).sort(
        (a, b) => (a.r.timeNs < b.r.timeNs ? -1 : a.r.timeNs > b.r.timeNs ? 1 : 0),
      );
      const local = contacted.filter((t) => byHost.has(hostOf(t)));
      expect(
        timeline.map(({ t, r }) => asReference(registry(t).host, r)),
        `order\n${context}`,
      ).toEqual(local);
      timeline.forEach(({ r }, i) => {
        const isServer = s.servedBy !== null && i === timeline.length - 1;
        expect(r.status, `${r.method} ${r.uri}\n${context}`).toBe(isServer ? 200 : 404);
      });

      // (d) The outcome.
      if (s.servedBy === null) {
        expect(pull.code, context).not.toBe(0);
        if (s.failure !== undefined) expect(pull.stderr, context).toContain(s.failure);
      } else {
        expect(pull.code, context).toBe(0);
        expect(s.tried.at(-1)).toBe(s.servedBy);
        const manifest = JSON.parse(readFileSync(join(destination, 'manifest.json'), 'utf8')) as {
          annotations?: Record<string, string>;
        };
        expect(manifest.annotations?.['dev.image-tag-mirrors.e2e'], context).toBe(s.servedLabel);
        const server = byHost.get(hostOf(s.servedBy))!;
        for (const token of REGISTRY_TOKENS) {
          const blobs = blobRequests(seen.get(token)!);
          if (token === server) expect(blobs.length, `${token} serves the blobs\n${context}`).toBeGreaterThan(0);
          else expect(blobs, `${token} serves no blob\n${context}`).toEqual([]);
        }
      }
    });

    it("control: with no mirror configuration, the wildcard scenario's host does not resolve and no registry is asked", async () => {
      const marks = new Map(REGISTRY_TOKENS.map((t) => [t, registry(t).mark()]));
      const pull = await copyToDir('src.mirror-test.invalid/team/app:v1', join(base, 'pulls', 'control'), {
        env,
        registriesConf: env.emptyRegistriesConf,
        debug: true,
      });
      await Promise.all(REGISTRY_TOKENS.map((t) => registry(t).settle()));
      expect(pull.code, pull.stderr).not.toBe(0);
      expect(triedLocations(pull.stderr)).toEqual(['src.mirror-test.invalid/team/app:v1']);
      expect(pull.stderr).toMatch(/no such host|lookup src\.mirror-test\.invalid/);
      for (const t of REGISTRY_TOKENS) expect(summarize(registry(t).requestsSince(marks.get(t)!)), t).toEqual([]);
    });
  },
);
