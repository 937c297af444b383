// The registries of probe's end-to-end suite, all on 127.0.0.1, started and stopped (by PID or
// handle) by the test:
//   basic   docker-registry, TLS (a CA made in the test) + htpasswd Basic auth
//   bearer  docker-registry, TLS + token auth, with `token` (token-server.ts) as its realm
//   plain   docker-registry, plain HTTP, anonymous: the insecure mirrors
//   silent  a TCP server that never answers (a timeout)
//   closed  a port nothing listens on (connection refused)
// And running the bundle's `probe` as a child process, asynchronously: the token server lives
// in the test process, so the test must not block its event loop while probe runs.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSilent, type Silent } from './fake-servers.js';
import { buildOciImage, pushImage, type OciImage } from './oci-image.js';
import { htpasswdLine, makePki, type Pki } from './pki.js';
import { freePort, startRegistry, type Registry } from './registry.js';
import { FN, ROOT } from './run-fn.js';
import { makeSkopeoEnv, trustCa, type SkopeoEnv } from './skopeo.js';
import { startTokenServer, type TokenServer } from './token-server.js';
import { requireTool, TOOLS } from './tools.js';

/**
 * What probe's end-to-end suites drive (registries, pushes, certificates, htpasswd lines),
 * under the one rule for a missing tool: true when the suite must be skipped.
 */
export function skipProbeSuite(): boolean {
  const tools = [TOOLS.skopeo, TOOLS.dockerRegistry, TOOLS.openssl, TOOLS.perl].map((t) => requireTool(t));
  return tools.some((t) => t.skip);
}

export interface World {
  dir: string;
  pki: Pki;
  basic: Registry;
  bearer: Registry;
  plain: Registry;
  token: TokenServer;
  silent: Silent;
  closedHost: string;
  silentHost: string;
  env: SkopeoEnv;
  passwords: { basic: string; token: string; wrong: string };
  images: Map<string, OciImage>;
  stop(): Promise<void>;
}

export const USER = 'alice';
export const TOKEN_SERVICE = 'probe-e2e-registry';
export const TOKEN_ISSUER = 'probe-e2e-issuer';

export async function startWorld(dir: string): Promise<World> {
  mkdirSync(dir, { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    const pki = makePki(join(dir, 'pki'));
    const secret = (what: string) => `${what}-${randomBytes(9).toString('hex')}`;
    const passwords = { basic: secret('basic'), token: secret('token'), wrong: secret('wrong') };
    const htpasswd = join(dir, 'htpasswd');
    writeFileSync(htpasswd, htpasswdLine(USER, passwords.basic) + '\n');
    const tls = { cert: pki.serverCert, key: pki.serverKey, caPem: pki.caPem };
    const basic = await startRegistry({
      name: 'basic',
      baseDir: dir,
      tls,
      htpasswd: { path: htpasswd, realm: 'probe-e2e' },
    });
    stops.push(basic.stop);
    const token = await startTokenServer({
      issuer: TOKEN_ISSUER,
      service: TOKEN_SERVICE,
      signingKeyPem: pki.tokenKeyPem,
      signingCertDerB64: pki.tokenCertDerB64,
      users: { [USER]: passwords.token },
      tls: { certPem: pki.serverCertPem, keyPem: pki.serverKeyPem },
    });
    stops.push(token.stop);
    const bearer = await startRegistry({
      name: 'bearer',
      baseDir: dir,
      tls,
      token: { realm: token.url, service: TOKEN_SERVICE, issuer: TOKEN_ISSUER, rootCertBundle: pki.tokenCert },
    });
    stops.push(bearer.stop);
    const plain = await startRegistry({ name: 'plain', baseDir: dir });
    stops.push(plain.stop);
    const silent = await startSilent();
    stops.push(silent.stop);
    const closedHost = `127.0.0.1:${await freePort()}`;
    const env = makeSkopeoEnv(join(dir, 'skopeo'));
    trustCa(env, basic.host, pki.caPem);
    trustCa(env, bearer.host, pki.caPem);
    return {
      dir,
      pki,
      basic,
      bearer,
      plain,
      token,
      silent,
      closedHost,
      silentHost: `127.0.0.1:${silent.port}`,
      env,
      passwords,
      images: new Map(),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Builds (once per label) and pushes the image labelled `label` to `destination` ("host/repo:tag"). */
export async function seed(w: World, destination: string, label: string): Promise<OciImage> {
  let image = w.images.get(label);
  if (image === undefined) {
    image = buildOciImage(join(w.dir, 'oci', label.replace(/[^a-z0-9]+/gi, '-')), 'v1', label);
    w.images.set(label, image);
  }
  const host = destination.slice(0, destination.indexOf('/'));
  const password = host === w.basic.host ? w.passwords.basic : host === w.bearer.host ? w.passwords.token : undefined;
  await pushImage(
    image,
    destination,
    w.env,
    password === undefined ? {} : { certDir: join(w.env.certsD, host), creds: `${USER}:${password}` },
  );
  return image;
}

export interface ProbeRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `node dist/fn.js <args>` (or a shell command line with `shell`), without blocking this
 * process; killed by PID after `timeoutMs`.
 */
export function runBundle(
  args: readonly string[],
  o: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; shell?: string[] } = {},
): Promise<ProbeRun> {
  return new Promise((resolve) => {
    const [cmd, ...rest] = o.shell ?? [process.execPath, FN];
    const child = spawn(cmd!, [...rest, ...args], {
      cwd: o.cwd ?? ROOT,
      env: o.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = setTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(child.pid, 'SIGKILL');
      } catch {
        // it has just exited
      }
    }, o.timeoutMs ?? 120_000);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.end(o.input ?? '');
  });
}

/** Runs `probe` with `args`. */
export const runProbe = (args: readonly string[], o: Parameters<typeof runBundle>[1] = {}) =>
  runBundle(['probe', ...args], o);
