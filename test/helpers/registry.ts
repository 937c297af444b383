// A throw-away Docker Distribution v2 registry (Debian's `docker-registry`) on 127.0.0.1,
// with every request it answers recorded, so that a test can prove who was asked for what.
//
// Each registry gets its own directory: config.yml, data/ (filesystem storage), access.log
// (the combined-format access log the registry writes on stdout) and registry.log (its JSON
// application log on stderr, one "response completed" line per routed request, with a
// nanosecond timestamp). Requests are read from registry.log: it has the method, the path,
// the status and a precise time, so requests to several registries can be put in order.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { createServer } from 'node:net';
import { join } from 'node:path';

export const REGISTRY_BINARY = 'docker-registry';

export interface RegistryRequest {
  /** Position in this registry's log, from 0. */
  seq: number;
  /** Nanoseconds since the epoch, from the registry's own log line. */
  timeNs: bigint;
  method: string;
  /** Request URI as the registry saw it, e.g. `/v2/team/app/manifests/v1`. */
  uri: string;
  status: number;
}

export interface Registry {
  name: string;
  /** `127.0.0.1:PORT`, the registry part of an image reference. */
  host: string;
  url: string;
  pid: number;
  dir: string;
  logPath: string;
  accessLogPath: string;
  /** Every request logged so far (reads the log). */
  requests(): RegistryRequest[];
  /** Current end of the log: pass it to `requestsSince`. */
  mark(): number;
  requestsSince(mark: number): RegistryRequest[];
  /**
   * Waits (bounded) until every request that was answered before this call is in the log:
   * a request's line is written just after its response, so a client that has already
   * exited may be ahead of the log. Sends a sentinel request and waits for its line
   * (anonymous plain-HTTP registries only).
   */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/** Asks the kernel for a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return await new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (address === null || typeof address === 'string') {
        server.close();
        reject(new Error('no port'));
        return;
      }
      const { port } = address;
      server.close(() => resolve(port));
    });
  });
}

/** TLS and auth of a registry; without them, plain HTTP and anonymous. */
export interface RegistrySecurity {
  /** Serve HTTPS with this certificate (files), trusted through caPem. */
  tls?: { cert: string; key: string; caPem: string };
  /** htpasswd Basic auth (bcrypt entries). */
  htpasswd?: { path: string; realm: string };
  /** Token auth: clients get a Bearer challenge naming `realm`; tokens signed by rootCertBundle's key. */
  token?: { realm: string; service: string; issuer: string; rootCertBundle: string };
}

function securityYaml(o: RegistrySecurity): string[] {
  const lines: string[] = [];
  if (o.tls)
    lines.push('  tls:', `    certificate: ${JSON.stringify(o.tls.cert)}`, `    key: ${JSON.stringify(o.tls.key)}`);
  if (o.htpasswd)
    lines.push(
      'auth:',
      '  htpasswd:',
      `    realm: ${JSON.stringify(o.htpasswd.realm)}`,
      `    path: ${JSON.stringify(o.htpasswd.path)}`,
    );
  if (o.token) {
    lines.push(
      'auth:',
      '  token:',
      `    realm: ${JSON.stringify(o.token.realm)}`,
      `    service: ${JSON.stringify(o.token.service)}`,
      `    issuer: ${JSON.stringify(o.token.issuer)}`,
      `    rootcertbundle: ${JSON.stringify(o.token.rootCertBundle)}`,
    );
  }
  return lines;
}

/** GET /v2/ over HTTPS with the test's CA: the status, or undefined when nothing answers. */
function pingTls(port: number, caPem: string): Promise<number | undefined> {
  return new Promise((resolve) => {
    const req = httpsRequest(
      { hostname: '127.0.0.1', port, path: '/v2/', agent: false, timeout: 1000, ca: caPem },
      (res) => {
        res.resume();
        resolve(res.statusCode);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

function configYaml(dataDir: string, port: number, security: RegistrySecurity = {}): string {
  return [
    'version: 0.1',
    'log:',
    '  level: info',
    '  formatter: json',
    '  accesslog:',
    '    disabled: false',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(dataDir)}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    '  secret: e2e-not-a-secret',
    ...securityYaml(security),
    '',
  ].join('\n');
}

// Last resort if a test run ends without calling stop(): no registry outlives this process.
const livePids = new Set<number>();
let exitHookInstalled = false;
function track(pid: number): void {
  livePids.add(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const p of livePids) killQuietly(p, 'SIGKILL');
  });
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Parses a registry.log: one JSON object per line; keeps the "response completed…" ones. */
export function parseRegistryLog(text: string): RegistryRequest[] {
  const out: RegistryRequest[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    let entry: Record<string, unknown>;
    try {
      entry = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue; // a line still being written
    }
    const msg = entry['msg'];
    if (typeof msg !== 'string' || !msg.startsWith('response completed')) continue;
    const method = entry['http.request.method'];
    const uri = entry['http.request.uri'];
    const status = entry['http.response.status'];
    const time = entry['time'];
    if (typeof method !== 'string' || typeof uri !== 'string' || typeof time !== 'string') continue;
    out.push({
      seq: out.length,
      timeNs: rfc3339ToNs(time),
      method,
      uri,
      status: typeof status === 'number' ? status : Number(status),
    });
  }
  return out;
}

/** `2026-11-25T15:49:26.300001697Z` → nanoseconds (the fraction Date.parse would drop). */
export function rfc3339ToNs(time: string): bigint {
  const m = /^(.*?T\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/.exec(time);
  if (m === null) throw new Error(`unexpected registry log time ${JSON.stringify(time)}`);
  const seconds = BigInt(Date.parse(`${m[1]}${m[3]}`)) / 1000n;
  const fraction = BigInt((m[2] ?? '').padEnd(9, '0'));
  return seconds * 1_000_000_000n + fraction;
}

export interface StartRegistryOptions extends RegistrySecurity {
  name: string;
  /** A directory of the test's own; the registry's files go into `<baseDir>/<name>/`. */
  baseDir: string;
  /** Bound on waiting for `/v2/` to answer. */
  readyTimeoutMs?: number;
}

/** Starts a registry on a free loopback port and waits (bounded) until `/v2/` answers. */
export async function startRegistry(options: StartRegistryOptions): Promise<Registry> {
  const { name, baseDir } = options;
  const readyTimeoutMs = options.readyTimeoutMs ?? 10_000;
  // A free port may be taken between asking and binding: try a few ports, no more.
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(name, join(baseDir, name), await freePort(), readyTimeoutMs, options);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

async function startOnce(
  name: string,
  dir: string,
  port: number,
  readyTimeoutMs: number,
  security: RegistrySecurity,
): Promise<Registry> {
  mkdirSync(join(dir, 'data'), { recursive: true });
  const configPath = join(dir, 'config.yml');
  const logPath = join(dir, 'registry.log');
  const accessLogPath = join(dir, 'access.log');
  writeFileSync(configPath, configYaml(join(dir, 'data'), port, security));
  const stdout = openSync(accessLogPath, 'w');
  const stderr = openSync(logPath, 'w');
  let child: ChildProcess;
  try {
    child = spawn(REGISTRY_BINARY, ['serve', configPath], {
      stdio: ['ignore', stdout, stderr],
      env: { ...process.env, OTEL_TRACES_EXPORTER: 'none' },
    });
  } finally {
    closeSync(stdout);
    closeSync(stderr);
  }
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let spawnError: Error | undefined;
  if (child.pid !== undefined) track(child.pid);
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      if (child.pid !== undefined) livePids.delete(child.pid);
      resolve();
    });
    child.once('error', (error) => {
      spawnError = error;
      exited ??= { code: null, signal: null };
      resolve();
    });
  });
  const host = `127.0.0.1:${port}`;
  const url = `${security.tls ? 'https' : 'http'}://${host}`;

  const stop = async (): Promise<void> => {
    if (exited !== undefined || child.pid === undefined) return;
    killQuietly(child.pid, 'SIGTERM');
    const killed = await Promise.race([exit.then(() => true), sleep(5_000).then(() => false)]);
    if (!killed && exited === undefined) {
      killQuietly(child.pid, 'SIGKILL');
      await Promise.race([exit, sleep(5_000)]);
    }
  };

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited !== undefined) {
      const log = safeRead(logPath);
      throw new Error(
        `${REGISTRY_BINARY} ${name} exited before answering (${spawnError?.message ?? JSON.stringify(exited)}):\n${log}`,
      );
    }
    if (security.tls) {
      // 401: a registry with auth is up too.
      const status = await pingTls(port, security.tls.caPem);
      if (status === 200 || status === 401) break;
    } else {
      try {
        const response = await fetch(`${url}/v2/`, { signal: AbortSignal.timeout(1_000) });
        if (response.status === 200 || (response.status === 401 && security.htpasswd)) break;
      } catch {
        // not listening yet
      }
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `${REGISTRY_BINARY} ${name} on ${host}: /v2/ did not answer within ${readyTimeoutMs} ms:\n${safeRead(logPath)}`,
      );
    }
    await sleep(100);
  }

  const requests = () => parseRegistryLog(safeRead(logPath));
  let sentinels = 0;
  return {
    name,
    host,
    url,
    pid: child.pid!,
    dir,
    logPath,
    accessLogPath,
    requests,
    mark: () => requests().length,
    requestsSince: (mark) => requests().slice(mark),
    settle: async () => {
      const uri = `/v2/e2e-sentinel/manifests/s${++sentinels}`;
      // A manifest GET for a repository nobody pushed: a 404 that is logged like any other request.
      await fetch(`${url}${uri}`, { signal: AbortSignal.timeout(2_000) }).catch(() => undefined);
      const until = Date.now() + 2_000;
      while (Date.now() < until && !requests().some((r) => r.uri === uri)) await sleep(20);
    },
    stop,
  };
}

function safeRead(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** True for the registry's own bookkeeping request that `settle` sends. */
export const isSentinel = (r: RegistryRequest): boolean => r.uri.startsWith('/v2/e2e-sentinel/');

/** Manifest requests (GET or HEAD) for `repo` (`team/app`), optionally for one tag or digest. */
export function manifestRequests(requests: RegistryRequest[], repo?: string, reference?: string): RegistryRequest[] {
  return requests.filter((r) => {
    if (isSentinel(r)) return false;
    if (r.method !== 'GET' && r.method !== 'HEAD') return false;
    const m = /^\/v2\/(.+)\/manifests\/([^/?]+)$/.exec(r.uri.split('?')[0] ?? '');
    if (m === null) return false;
    if (repo !== undefined && m[1] !== repo) return false;
    return reference === undefined || decodeURIComponent(m[2] ?? '') === reference;
  });
}

/** Blob requests (GET or HEAD), optionally for one repository. */
export function blobRequests(requests: RegistryRequest[], repo?: string): RegistryRequest[] {
  return requests.filter((r) => {
    if (r.method !== 'GET' && r.method !== 'HEAD') return false;
    const m = /^\/v2\/(.+)\/blobs\/[^/]+$/.exec(r.uri.split('?')[0] ?? '');
    return m !== null && (repo === undefined || m[1] === repo);
  });
}

/** Counts by `METHOD uri` — handy in failure messages. */
export function summarize(requests: RegistryRequest[]): string[] {
  return requests.filter((r) => !isSentinel(r)).map((r) => `${r.method} ${r.uri} ${r.status}`);
}
