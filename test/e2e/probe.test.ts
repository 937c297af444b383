// `probe` against real registries on 127.0.0.1 (test/helpers/probe-world.ts), and against skopeo.
//
// One HostedCluster routes sources on the Basic-auth TLS registry to mirrors on the Bearer
// registry, the plain-HTTP (insecure) registry, a closed port, a silent port, a host name the
// TLS certificate does not name, and an HTTPS server that is no registry (the token service). Images are pushed to some mirrors and not others, so that
// every status (found, missing, unauthorized, unreachable, error, blocked, skipped, not-tried) and
// every verdict (mirror, source, fails) is reached through the built bundle (`dist/fn.js probe`:
// the cluster loaded and explained by the same code as `explain`, the auth file, the cert dir).
// Then, for the same plans, skopeo (containers/image) with the registries.conf the function
// generates, the same auth file and the same CA certificates must agree: it succeeds exactly
// when probe's verdict is not "fails", its "Trying to access" lines are exactly the locations
// probe asked or found blocked, and the manifest it gets is the one pushed where probe says.
//
// Needs skopeo, docker-registry, openssl and perl; skipped without them unless CI is set.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { JsonReport } from '../../src/probe/report.js';
import { registriesConfFrom, runFunction } from '../helpers/krm-function.js';
import { skipProbeSuite, runProbe, seed, startWorld, USER, type ProbeRun, type World } from '../helpers/probe-world.js';
import { inspectRaw, triedLocations, trustCa } from '../helpers/skopeo.js';
import { requireBundle } from '../helpers/tools.js';

const skip = skipProbeSuite();

const RELEASE = 'quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

let w: World;
let dir: string;
const H: Record<'B' | 'T' | 'P' | 'C' | 'S' | 'L' | 'K', string> = { B: '', T: '', P: '', C: '', S: '', L: '', K: '' };
let spec: Record<string, unknown>;
let registriesConf: string;
let authfile: string;
let clusterFile: string;
/** Requests the source registry had logged once seeding was done. */
let seededRequests = 0;

/** Every pushed location (host/repo:tag) and the label of the image there. */
const labels = new Map<string, string>();
async function put(destination: string, label: string) {
  labels.set(destination, label);
  return await seed(w, destination, label);
}

interface Row {
  id: string;
  image: string;
  verdict: 'mirror' | 'source' | 'fails';
  servedBy?: string;
  attempts: Array<[string, string]>;
  /** Compared with skopeo (not the silent host: containers/image sets no timeout there). */
  skopeo: boolean;
}

let ROWS: Row[];

const common = () => [
  '--authfile',
  authfile,
  '--cert-dir',
  w.env.certsD,
  '--timeout',
  '2s',
  '--deadline',
  '90s',
  clusterFile,
];
const json = (r: ProbeRun) => JSON.parse(r.stdout) as JsonReport;

describe.skipIf(skip)('probe against real registries', () => {
  beforeAll(async () => {
    requireBundle();
    dir = mkdtempSync(join(tmpdir(), 'itm-probe-e2e-'));
    w = await startWorld(dir);
    Object.assign(H, {
      B: w.basic.host,
      T: w.bearer.host,
      P: w.plain.host,
      C: w.closedHost,
      S: w.silentHost,
      L: `localhost:${w.basic.host.split(':')[1]}`,
      K: w.token.host,
    });
    const { B, T, P, C, S, L, K } = H;
    trustCa(w.env, K, w.pki.caPem);

    // What each registry holds.
    const teamApp = await put(`${B}/src/team/app:v1`, 'team-app');
    const D = teamApp.manifestDigest;
    await put(`${P}/digests/team/app:v1`, 'team-app'); // the same content: the digest pull finds it
    await put(`${T}/mirror/team/app:v1`, 'team-app@bearer');
    await put(`${B}/src/team/db:v1`, 'team-db@source');
    await put(`${P}/mirror/team/web:v1`, 'team-web@plain');
    await put(`${P}/mirror/locked/app:v1`, 'locked-app@plain');
    await put(`${B}/src/locked/app:v1`, 'locked-app@source');
    await put(`${B}/src/locked/gone:v1`, 'locked-gone@source');
    await put(`${B}/src/down/app:v1`, 'down@source');
    await put(`${B}/src/slow/app:v1`, 'slow@source');
    await put(`${B}/m/private/app:v1`, 'private@mirror');
    await put(`${B}/src/private/app:v1`, 'private@source');
    await put(`${B}/src/tlsfail/app:v1`, 'tlsfail@source');
    await put(`${P}/mirror/notinsecure/app:v1`, 'notinsecure@plain');
    await put(`${B}/src/notinsecure/app:v1`, 'notinsecure@source');
    await put(`${T}/sealed/app:v1`, 'sealed@bearer');
    await put(`${B}/src/sealed/app:v1`, 'sealed@source');
    await put(`${B}/src/notregistry/app:v1`, 'notregistry@source');
    await put(`${B}/src/imgblocked/app:v1`, 'imgblocked@source');

    const insecureRegistries = [`${P}/mirror/team`, `${P}/mirror/locked`, `${P}/digests`];
    spec = {
      release: { image: RELEASE },
      pullSecret: { name: 'e2e-pull-secret' },
      platform: { type: 'None' },
      imageContentSources: [{ source: `${B}/src/team`, mirrors: [`${P}/digests/team`] }],
      imageTagMirrorSet: [
        { source: `${B}/src/team`, mirrors: [`${T}/mirror/team`, `${P}/mirror/team`] },
        { source: `${B}/src/locked`, mirrors: [`${P}/mirror/locked`], mirrorSourcePolicy: 'NeverContactSource' },
        { source: `${B}/src/down`, mirrors: [`${C}/mirror/down`] },
        { source: `${B}/src/slow`, mirrors: [`${S}/mirror/slow`] },
        { source: `${B}/src/private`, mirrors: [`${B}/m/private`] },
        { source: `${B}/src/tlsfail`, mirrors: [`${L}/m/tlsfail`] },
        { source: `${B}/src/notinsecure`, mirrors: [`${P}/mirror/notinsecure`] },
        { source: `${B}/src/sealed`, mirrors: [`${T}/sealed`] },
        { source: `${B}/src/notregistry`, mirrors: [`${K}/m/notregistry`] },
      ],
      configuration: { image: { registrySources: { insecureRegistries, blockedRegistries: [`${B}/src/imgblocked`] } } },
    };
    const hostedCluster = {
      apiVersion: 'hypershift.openshift.io/v1beta1',
      kind: 'HostedCluster',
      metadata: { name: 'e2e', namespace: 'clusters' },
      spec,
    };
    // skopeo reads the registries.conf the function generates for this cluster.
    const fn = runFunction(
      stringify({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: [hostedCluster] }),
    );
    expect(fn.status, fn.stderr).toBe(0);
    registriesConf = join(dir, 'registries.conf');
    const conf = registriesConfFrom(fn.stdout, 'e2e');
    // The insecure mirrors as MCO renders them; skopeo reads the file as generated.
    expect(conf.match(/^ {4}insecure = true$/gm)).toHaveLength(3);
    writeFileSync(registriesConf, conf);

    const authJson = JSON.stringify({
      auths: {
        [B]: { auth: b64(`${USER}:${w.passwords.basic}`) },
        [`${B}/m/private`]: { auth: b64(`${USER}:${w.passwords.wrong}`) },
        [T]: { auth: b64(`${USER}:${w.passwords.token}`) },
        [`${T}/sealed`]: { auth: b64(`${USER}:${w.passwords.wrong}`) },
      },
    });
    authfile = join(dir, 'auth.json');
    writeFileSync(authfile, authJson);
    const docs = [
      hostedCluster,
      {
        apiVersion: 'v1',
        kind: 'Secret',
        type: 'kubernetes.io/dockerconfigjson',
        metadata: { name: 'e2e-pull-secret', namespace: 'clusters' },
        data: { '.dockerconfigjson': b64(authJson) },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'team' },
        spec: {
          template: {
            spec: {
              initContainers: [{ name: 'init', image: `${B}/src/team/app:v1` }],
              containers: [
                { name: 'web', image: `${B}/src/team/web:v1` },
                { name: 'db', image: `${B}/src/team/db:v1` },
              ],
            },
          },
        },
      },
    ];
    clusterFile = join(dir, 'cluster.yaml');
    writeFileSync(clusterFile, docs.map((d) => stringify(d)).join('---\n'));

    ROWS = [
      {
        id: 'tag pull served by the Bearer mirror; the digest-only mirror skipped; the rest not tried',
        image: `${B}/src/team/app:v1`,
        verdict: 'mirror',
        servedBy: `${T}/mirror/team/app:v1`,
        attempts: [
          [`${P}/digests/team/app:v1`, 'skipped'],
          [`${T}/mirror/team/app:v1`, 'found'],
          [`${P}/mirror/team/app:v1`, 'not-tried'],
          [`${B}/src/team/app:v1`, 'not-tried'],
        ],
        skopeo: true,
      },
      {
        id: 'missing on both mirrors: falls back to the Basic-auth TLS source',
        image: `${B}/src/team/db:v1`,
        verdict: 'source',
        servedBy: `${B}/src/team/db:v1`,
        attempts: [
          [`${P}/digests/team/db:v1`, 'skipped'],
          [`${T}/mirror/team/db:v1`, 'missing'],
          [`${P}/mirror/team/db:v1`, 'missing'],
          [`${B}/src/team/db:v1`, 'found'],
        ],
        skopeo: true,
      },
      {
        id: 'served by the insecure plain-HTTP mirror',
        image: `${B}/src/team/web:v1`,
        verdict: 'mirror',
        servedBy: `${P}/mirror/team/web:v1`,
        attempts: [
          [`${P}/digests/team/web:v1`, 'skipped'],
          [`${T}/mirror/team/web:v1`, 'missing'],
          [`${P}/mirror/team/web:v1`, 'found'],
          [`${B}/src/team/web:v1`, 'not-tried'],
        ],
        skopeo: true,
      },
      {
        id: 'digest pull served by the digest-only mirror; tag-only mirrors skipped',
        image: `${B}/src/team/app@${D}`,
        verdict: 'mirror',
        servedBy: `${P}/digests/team/app@${D}`,
        attempts: [
          [`${P}/digests/team/app@${D}`, 'found'],
          [`${T}/mirror/team/app@${D}`, 'skipped'],
          [`${P}/mirror/team/app@${D}`, 'skipped'],
          [`${B}/src/team/app@${D}`, 'not-tried'],
        ],
        skopeo: true,
      },
      {
        id: 'NeverContactSource: served by the mirror',
        image: `${B}/src/locked/app:v1`,
        verdict: 'mirror',
        servedBy: `${P}/mirror/locked/app:v1`,
        attempts: [
          [`${P}/mirror/locked/app:v1`, 'found'],
          [`${B}/src/locked/app:v1`, 'not-tried'],
        ],
        skopeo: true,
      },
      {
        id: 'NeverContactSource: missing on the mirror, the source (which has it) blocked: fails',
        image: `${B}/src/locked/gone:v1`,
        verdict: 'fails',
        attempts: [
          [`${P}/mirror/locked/gone:v1`, 'missing'],
          [`${B}/src/locked/gone:v1`, 'blocked'],
        ],
        skopeo: true,
      },
      {
        id: 'a mirror on a closed port: unreachable (connection refused), falls back',
        image: `${B}/src/down/app:v1`,
        verdict: 'source',
        servedBy: `${B}/src/down/app:v1`,
        attempts: [
          [`${C}/mirror/down/app:v1`, 'unreachable'],
          [`${B}/src/down/app:v1`, 'found'],
        ],
        skopeo: true,
      },
      {
        id: 'a mirror that never answers: unreachable (timeout), falls back',
        image: `${B}/src/slow/app:v1`,
        verdict: 'source',
        servedBy: `${B}/src/slow/app:v1`,
        attempts: [
          [`${S}/mirror/slow/app:v1`, 'unreachable'],
          [`${B}/src/slow/app:v1`, 'found'],
        ],
        skopeo: false,
      },
      {
        id: 'Basic auth: the most specific auth key (wrong password) wins for the mirror: unauthorized; the host key serves the source',
        image: `${B}/src/private/app:v1`,
        verdict: 'source',
        servedBy: `${B}/src/private/app:v1`,
        attempts: [
          [`${B}/m/private/app:v1`, 'unauthorized'],
          [`${B}/src/private/app:v1`, 'found'],
        ],
        skopeo: true,
      },
      {
        id: "Bearer: the token realm refuses the repository key's credentials: unauthorized; falls back",
        image: `${B}/src/sealed/app:v1`,
        verdict: 'source',
        servedBy: `${B}/src/sealed/app:v1`,
        attempts: [
          [`${T}/sealed/app:v1`, 'unauthorized'],
          [`${B}/src/sealed/app:v1`, 'found'],
        ],
        skopeo: true,
      },
      {
        id: 'TLS failure (the certificate does not name that host): unreachable; falls back',
        image: `${B}/src/tlsfail/app:v1`,
        verdict: 'source',
        servedBy: `${B}/src/tlsfail/app:v1`,
        attempts: [
          [`${L}/m/tlsfail/app:v1`, 'unreachable'],
          [`${B}/src/tlsfail/app:v1`, 'found'],
        ],
        skopeo: true,
      },
      {
        id: 'a plain-HTTP mirror not marked insecure: HTTPS fails (unreachable); falls back',
        image: `${B}/src/notinsecure/app:v1`,
        verdict: 'source',
        servedBy: `${B}/src/notinsecure/app:v1`,
        attempts: [
          [`${P}/mirror/notinsecure/app:v1`, 'unreachable'],
          [`${B}/src/notinsecure/app:v1`, 'found'],
        ],
        skopeo: true,
      },
      {
        id: 'a mirror host that is no registry (GET /v2/ answers 404): error; falls back',
        image: `${B}/src/notregistry/app:v1`,
        verdict: 'source',
        servedBy: `${B}/src/notregistry/app:v1`,
        attempts: [
          [`${K}/m/notregistry/app:v1`, 'error'],
          [`${B}/src/notregistry/app:v1`, 'found'],
        ],
        skopeo: true,
      },
      {
        id: "the Image config's blockedRegistries: the source (which has it) blocked, never asked: fails",
        image: `${B}/src/imgblocked/app:v1`,
        verdict: 'fails',
        attempts: [[`${B}/src/imgblocked/app:v1`, 'blocked']],
        skopeo: true,
      },
      {
        id: 'no mirror for it and missing at the source: fails',
        image: `${B}/other/nothing:v1`,
        verdict: 'fails',
        attempts: [[`${B}/other/nothing:v1`, 'missing']],
        skopeo: true,
      },
    ];
    // Pushes are logged after their responses: wait (bounded) until the log stops growing.
    for (let i = 0, last = -1; i < 50 && last !== w.basic.requests().length; i++) {
      last = w.basic.requests().length;
      await new Promise((r) => setTimeout(r, 100));
    }
    seededRequests = w.basic.requests().length;
  }, 300_000);

  afterAll(async () => {
    await w?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('every status and verdict', () => {
    let report: JsonReport;
    let result: ProbeRun;

    beforeAll(async () => {
      const list = join(dir, 'images.txt');
      writeFileSync(list, ROWS.map((r) => r.image).join('\n') + '\n');
      result = await runProbe(['--images', list, '--format', 'json', ...common()]);
      report = json(result);
    }, 120_000);

    it('exits 1 (an image fails) and prints nothing on stderr', () => {
      expect(result.stderr).toBe('');
      expect(result.code).toBe(1);
      expect(report.exitCode).toBe(1);
    });

    it('reaches every status and every verdict', () => {
      const statuses = new Set(report.images.flatMap((i) => i.attempts.map((a) => a.status)));
      expect([...statuses].sort()).toEqual([
        'blocked',
        'error',
        'found',
        'missing',
        'not-tried',
        'skipped',
        'unauthorized',
        'unreachable',
      ]);
      expect(new Set(report.images.map((i) => i.verdict))).toEqual(new Set(['mirror', 'source', 'fails']));
      expect(report.summary).toEqual({ images: ROWS.length, mirror: 4, source: 8, fails: 3, deadlineReached: false });
    });

    it('each image: verdict, served by, each attempt in order', () => {
      for (const row of ROWS) {
        const got = report.images.find((i) => i.image === row.image);
        expect(got, row.id).toBeDefined();
        expect({
          id: row.id,
          verdict: got!.verdict,
          servedBy: got!.servedBy,
          attempts: got!.attempts.map((a) => [a.location, a.status]),
        }).toEqual({ id: row.id, verdict: row.verdict, servedBy: row.servedBy, attempts: row.attempts });
      }
    });

    it('says why: HTTP status, scheme, the auth key used, the network error', () => {
      const attempt = (loc: string) => report.images.flatMap((i) => i.attempts).find((a) => a.location === loc)!;
      const { B, T, P, C, S, L } = H;
      expect(attempt(`${T}/mirror/team/app:v1`)).toMatchObject({ httpStatus: 200, scheme: 'https', authKey: T });
      expect(attempt(`${P}/mirror/team/web:v1`)).toMatchObject({ httpStatus: 200, scheme: 'http', insecure: true });
      expect(attempt(`${T}/mirror/team/db:v1`)).toMatchObject({ httpStatus: 404 });
      expect(attempt(`${B}/m/private/app:v1`)).toMatchObject({
        httpStatus: 401,
        authKey: `${B}/m/private`,
        error: expect.stringContaining(`credentials of "${B}/m/private" were refused`),
      });
      expect(attempt(`${B}/src/private/app:v1`)).toMatchObject({ httpStatus: 200, authKey: B });
      expect(attempt(`${T}/sealed/app:v1`)).toMatchObject({
        httpStatus: 401,
        error: expect.stringContaining(`token realm ${w.token.host} refused the credentials (401)`),
      });
      expect(attempt(`${C}/mirror/down/app:v1`).error).toBe('https: connection refused');
      expect(attempt(`${S}/mirror/slow/app:v1`).error).toBe('https: timeout after 2000 ms');
      expect(attempt(`${L}/m/tlsfail/app:v1`).error).toMatch(/^https: TLS: /);
      expect(attempt(`${P}/mirror/notinsecure/app:v1`).error).toContain('wrong version number');
      expect(attempt(`${B}/src/locked/gone:v1`).error).toContain('is blocked in');
      expect(attempt(`${H.K}/m/notregistry/app:v1`)).toMatchObject({
        httpStatus: 404,
        error: 'https: GET /v2/ answered HTTP 404: not a registry API endpoint',
      });
      for (const i of report.images)
        for (const a of i.attempts)
          if (['found', 'missing', 'unauthorized', 'unreachable'].includes(a.status))
            expect(a.latencyMs, a.location).toBeGreaterThanOrEqual(0);
    });

    it('a blocked source is never contacted', () => {
      const after = w.basic.requests().slice(seededRequests);
      expect(after.length).toBeGreaterThan(0); // the source registry was asked for other images
      expect(after.filter((r) => r.uri.includes('/src/locked/') || r.uri.includes('/src/imgblocked/'))).toEqual([]);
    });

    it('agrees with skopeo (containers/image) for the generated registries.conf, the auth file and the CAs', async () => {
      const mismatches: string[] = [];
      let served = 0;
      for (const row of ROWS.filter((r) => r.skopeo)) {
        const got = report.images.find((i) => i.image === row.image)!;
        const s = await inspectRaw(row.image, {
          env: w.env,
          registriesConf,
          authfile,
          debug: true,
          skipTlsVerify: false,
          timeoutMs: 60_000,
        });
        expect(s.timedOut, row.id).toBe(false);
        const skopeoTried = triedLocations(s.stderr);
        const probeAsked = got.attempts
          .filter((a) => a.status !== 'skipped' && a.status !== 'not-tried')
          .map((a) => a.location);
        const skopeoOk = s.code === 0;
        if (skopeoOk !== (got.verdict !== 'fails'))
          mismatches.push(`${row.id}: skopeo exit ${s.code}, probe ${got.verdict}\n${s.stderr.slice(-1500)}`);
        if (JSON.stringify(skopeoTried) !== JSON.stringify(probeAsked))
          mismatches.push(
            `${row.id}: skopeo tried ${JSON.stringify(skopeoTried)}, probe asked ${JSON.stringify(probeAsked)}`,
          );
        if (skopeoOk && skopeoTried.at(-1) !== got.servedBy)
          mismatches.push(`${row.id}: skopeo served by ${skopeoTried.at(-1)}, probe ${got.servedBy}`);
        if (skopeoOk) {
          // The manifest skopeo got is the one pushed where probe says the image is served from.
          const label = (JSON.parse(s.stdout) as { annotations?: Record<string, string> }).annotations?.[
            'dev.image-tag-mirrors.e2e'
          ];
          const at = got.servedBy!.includes('@')
            ? `${got.servedBy!.slice(0, got.servedBy!.indexOf('@'))}:v1`
            : got.servedBy!;
          expect(label, row.id).toBe(labels.get(at));
          served++;
        }
      }
      expect(mismatches).toEqual([]);
      expect(served).toBe(ROWS.filter((r) => r.skopeo && r.verdict !== 'fails').length);
    }, 300_000);
  });

  describe('the command line', () => {
    it('exit 0 when every image is served by a mirror; --require-mirror makes a fallback a failure', async () => {
      const { B } = H;
      const mirrorOnly = await runProbe([
        '--image',
        `${B}/src/team/app:v1`,
        '--image',
        `${B}/src/team/web:v1`,
        ...common(),
      ]);
      expect(mirrorOnly.stderr).toBe('');
      expect(mirrorOnly.code).toBe(0);
      const withFallback = ['--image', `${B}/src/team/app:v1`, '--image', `${B}/src/team/db:v1`, ...common()];
      expect((await runProbe(withFallback)).code).toBe(0);
      const strict = await runProbe(['--require-mirror', '--format', 'github', ...withFallback]);
      expect(strict.code).toBe(1);
      expect(strict.stdout).toMatch(/^::error title=image-tag-mirrors probe%3A falls back to source::/m);
    });

    it('text: the cluster, the credentials, each attempt and the summary', async () => {
      const { B, T, P } = H;
      const r = await runProbe(['--image', `${B}/src/team/app:v1`, ...common()]);
      const lines = r.stdout.split('\n');
      expect(lines[0]).toBe(`cluster: HostedCluster clusters/e2e (${clusterFile})`);
      expect(lines[1]).toBe(`credentials: ${authfile}`);
      expect(lines[3]).toBe(`image: ${B}/src/team/app:v1`);
      expect(lines[4]).toMatch(
        new RegExp(`^ {3}1\\. ${P}/digests/team/app:v1 +mirror  skipped: digest-only mirror, tag pull$`),
      );
      expect(lines[5]).toMatch(
        new RegExp(`^ {3}2\\. ${T}/mirror/team/app:v1 +mirror  found \\(HTTP 200, credentials of "${T}", \\d+ ms\\)$`),
      );
      expect(lines.at(-2)).toBe('summary: 1 image: 1 served by a mirror, 0 fall back to the source, 0 fail');
    });

    it("the HostedCluster's pull secret, when it is in the input, gives the same answers as --authfile", async () => {
      const { B, T } = H;
      const args = ['--image', `${B}/src/private/app:v1`, '--image', `${B}/src/team/app:v1`, '--format', 'json'];
      const r = await runProbe([...args, '--cert-dir', w.env.certsD, '--timeout', '2s', clusterFile]);
      const doc = json(r);
      expect(doc.credentials).toBe('Secret clusters/e2e-pull-secret');
      expect(doc.images.map((i) => [i.verdict, i.servedBy])).toEqual([
        ['source', `${B}/src/private/app:v1`],
        ['mirror', `${T}/mirror/team/app:v1`],
      ]);
      const withFile = json(await runProbe([...args, ...common()]));
      expect(withFile.images.map((i) => i.attempts.map((a) => [a.location, a.status, a.authKey]))).toEqual(
        doc.images.map((i) => i.attempts.map((a) => [a.location, a.status, a.authKey])),
      );
    });

    it('without credentials: the Basic and Bearer registries answer unauthorized', async () => {
      const { B, T, P } = H;
      const noSecret = join(dir, 'cluster-no-secret.yaml');
      writeFileSync(
        noSecret,
        stringify({
          apiVersion: 'hypershift.openshift.io/v1beta1',
          kind: 'HostedCluster',
          metadata: { name: 'e2e', namespace: 'clusters' },
          spec: { ...spec, pullSecret: { name: 'absent' } },
        }),
      );
      const r = await runProbe([
        '--image',
        `${B}/src/team/app:v1`,
        '--format',
        'json',
        '--cert-dir',
        w.env.certsD,
        '--timeout',
        '2s',
        noSecret,
      ]);
      const doc = json(r);
      expect(doc.notes).toEqual([
        'Secret clusters/absent (spec.pullSecret) is not in the input: probing without credentials (give --authfile)',
      ]);
      expect(doc.images[0]!.attempts.map((a) => [a.location, a.status, a.httpStatus])).toEqual([
        [`${P}/digests/team/app:v1`, 'skipped', undefined],
        [`${T}/mirror/team/app:v1`, 'unauthorized', 401],
        [`${P}/mirror/team/app:v1`, 'missing', 404],
        [`${B}/src/team/app:v1`, 'unauthorized', 401],
      ]);
      expect(r.code).toBe(1);
    });

    it('images from the workloads in the input when none is named', async () => {
      const { B, T, P } = H;
      const doc = json(await runProbe(['--format', 'json', ...common()]));
      expect(doc.images.map((i) => [i.image, i.verdict, i.servedBy])).toEqual([
        [`${B}/src/team/app:v1`, 'mirror', `${T}/mirror/team/app:v1`],
        [`${B}/src/team/web:v1`, 'mirror', `${P}/mirror/team/web:v1`],
        [`${B}/src/team/db:v1`, 'source', `${B}/src/team/db:v1`],
      ]);
      expect(doc.images[0]!.origins).toEqual([`Deployment team/web initContainers[init] (${clusterFile}#2)`]);
    });

    it('the whole input on stdin (-), as from kustomize build', async () => {
      const { B, T } = H;
      const { readFileSync } = await import('node:fs');
      const r = await runProbe(['--format', 'json', '--cert-dir', w.env.certsD, '--timeout', '2s', '-'], {
        input: readFileSync(clusterFile, 'utf8'),
      });
      const doc = json(r);
      expect(doc.cluster.file).toBe('<stdin>');
      expect(doc.credentials).toBe('Secret clusters/e2e-pull-secret');
      expect(doc.images[0]).toMatchObject({ image: `${B}/src/team/app:v1`, servedBy: `${T}/mirror/team/app:v1` });
    });

    it('the deadline: the attempt it cuts and the ones after are not tried; the image fails (exit 1)', async () => {
      const { B, S } = H;
      const r = await runProbe([
        '--image',
        `${B}/src/slow/app:v1`,
        '--format',
        'json',
        '--authfile',
        authfile,
        '--cert-dir',
        w.env.certsD,
        '--timeout',
        '30s',
        '--deadline',
        '1s',
        clusterFile,
      ]);
      const doc = json(r);
      expect(doc.images[0]!.attempts.map((a) => [a.location, a.status, a.error])).toEqual([
        [`${S}/mirror/slow/app:v1`, 'not-tried', "not asked: the run's deadline had passed"],
        [`${B}/src/slow/app:v1`, 'not-tried', "not asked: the run's deadline had passed"],
      ]);
      expect(doc.images[0]).toMatchObject({
        verdict: 'fails',
        error: "the run's deadline passed before every location was asked",
      });
      expect(doc.summary.deadlineReached).toBe(true);
      expect(r.code).toBe(1);
    });

    it('usage and input errors exit 2 with one line, never a stack trace', async () => {
      const cases: Array<[string[], string]> = [
        [[], 'no input'],
        [['--image', 'x/y:1', join(dir, 'missing.yaml')], 'no such file or directory'],
        [['--images', join(dir, 'no-such-list.txt'), clusterFile], 'no such file'],
        [['--authfile', join(dir, 'no-such-auth.json'), '--image', 'x/y:1', clusterFile], 'no such file'],
        [['--cluster', 'other', '--image', 'x/y:1', clusterFile], 'no HostedCluster named "other"'],
        [['--max-input-size', '100', '--image', 'x/y:1', clusterFile], 'input larger than 100 bytes in all'],
      ];
      const bad = join(dir, 'bad-auth.json');
      writeFileSync(bad, '{"auths": {"x": {"auth": 5}}}');
      cases.push([['--image', `${H.B}/src/team/app:v1`, '--authfile', bad, clusterFile], 'cannot unmarshal number']);
      for (const [args, message] of cases) {
        const r = await runProbe(args);
        expect(r.code, args.join(' ')).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain(message);
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
    });
  });

  describe('credentials are never printed', () => {
    it('in every format, on stdout and stderr, from the auth file or the pull secret, used or refused', async () => {
      const secrets = [
        w.passwords.basic,
        w.passwords.token,
        w.passwords.wrong,
        b64(`${USER}:${w.passwords.basic}`),
        b64(`${USER}:${w.passwords.token}`),
        b64(`${USER}:${w.passwords.wrong}`),
      ];
      const images = ROWS.filter((r) => r.skopeo).flatMap((r) => ['--image', r.image]);
      const outputs: string[] = [];
      for (const format of ['text', 'json', 'github'])
        for (const creds of [['--authfile', authfile], []]) {
          const r = await runProbe([
            ...images,
            '--format',
            format,
            ...creds,
            '--cert-dir',
            w.env.certsD,
            '--timeout',
            '2s',
            clusterFile,
          ]);
          expect(r.code, r.stderr).toBe(1);
          outputs.push(r.stdout + r.stderr);
        }
      const all = outputs.join('\n');
      expect(all.length).toBeGreaterThan(1000);
      for (const s of secrets) expect(all).not.toContain(s);
      expect(all).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/); // no JWT (the bearer tokens)
      expect(all).not.toContain('Basic ');
      expect(all).toContain(`credentials of "${H.B}"`); // they were used: the key is named, never the value
    }, 300_000);
  });
});
