// Running skopeo (containers/image) with a registries.conf of the test's choosing, bounded in time.
//
// skopeo's `--registries-conf FILE` is a global option (hidden from `skopeo --help` in
// skopeo 1.9, still accepted). With it, containers/image reads FILE instead of
// /etc/containers/registries.conf, but it still reads the drop-in directory
// /etc/containers/registries.conf.d (`--debug` shows "Loading registries configuration" for
// each); Debian's only drop-in there, shortnames.conf, adds short-name aliases, which fully
// qualified references never use. `--policy` points at a policy of our own
// (insecureAcceptAnything), so the machine's policy.json plays no part either.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SKOPEO_BINARY = 'skopeo';

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  durationMs: number;
}

/** Files skopeo needs besides the registries.conf under test. */
export interface SkopeoEnv {
  dir: string;
  policyPath: string;
  /** A registries.conf with nothing in it: used for pushing, where no mirror may interfere. */
  emptyRegistriesConf: string;
  /** `--tmpdir` for skopeo's big temporary files. */
  tmpDir: string;
  /** HOME for skopeo: an empty one, so no user's auth file or config takes part. */
  home: string;
  /**
   * $HOME/.config/containers/certs.d: containers/image reads per-host CAs from
   * <certsD>/<host:port>/*.crt (docker_client.go dockerCertDir), the layout of probe's --cert-dir.
   */
  certsD: string;
}

export function makeSkopeoEnv(dir: string): SkopeoEnv {
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  const home = join(dir, 'home');
  const certsD = join(home, '.config', 'containers', 'certs.d');
  mkdirSync(certsD, { recursive: true });
  const policyPath = join(dir, 'policy.json');
  writeFileSync(policyPath, JSON.stringify({ default: [{ type: 'insecureAcceptAnything' }] }));
  const emptyRegistriesConf = join(dir, 'empty-registries.conf');
  writeFileSync(emptyRegistriesConf, 'unqualified-search-registries = []\n');
  return { dir, policyPath, emptyRegistriesConf, tmpDir: join(dir, 'tmp'), home, certsD };
}

/** Trusts `caPem` for host:port (skopeo through its certs.d; probe through --cert-dir). */
export function trustCa(env: SkopeoEnv, hostPort: string, caPem: string): void {
  mkdirSync(join(env.certsD, hostPort), { recursive: true });
  writeFileSync(join(env.certsD, hostPort, 'ca.crt'), caPem);
}

export function skopeoGlobalArgs(env: SkopeoEnv, registriesConf: string): string[] {
  return ['--registries-conf', registriesConf, '--policy', env.policyPath, '--tmpdir', env.tmpDir];
}

function killQuietly(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // it has just exited
  }
}

/** Runs skopeo with `args`; kills it (by PID) when `timeoutMs` passes. Never rejects. */
export async function runSkopeo(args: string[], options: { home: string; timeoutMs?: number }): Promise<RunResult> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const started = Date.now();
  return await new Promise<RunResult>((resolve) => {
    const child = spawn(SKOPEO_BINARY, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      // A HOME of our own and nothing else from the environment (no proxy variables, no
      // XDG_RUNTIME_DIR auth file): every request goes where the registries.conf says.
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: options.home },
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) killQuietly(child.pid, 'SIGKILL');
    }, timeoutMs);
    const finish = (code: number | null, signal: NodeJS.Signals | null, error?: Error) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8') + (error !== undefined ? `\n${error.message}` : ''),
        timedOut,
        durationMs: Date.now() - started,
      });
    };
    child.once('error', (error) => finish(null, null, error));
    child.once('close', (code, signal) => finish(code, signal));
  });
}

export interface PullOptions {
  env: SkopeoEnv;
  registriesConf: string;
  timeoutMs?: number;
  /** Adds skopeo's --debug: stderr then lists every location containers/image tries. */
  debug?: boolean;
  /**
   * Passes `--tls-verify=false` (default true): containers/image then tries HTTPS and falls
   * back to plain HTTP for every location, the source and each mirror alike. Without it, only
   * locations whose registries.conf entry says `insecure = true` may use plain HTTP.
   */
  skipTlsVerify?: boolean;
  /** `--authfile FILE`: the only auth file containers/image reads then. */
  authfile?: string;
}

/**
 * `skopeo inspect --raw docker://REF`: resolves REF through the registries.conf (mirrors, then
 * the source) and prints the manifest it got. One manifest GET per location tried (plus the
 * `/v2/` ping), no blobs.
 */
export async function inspectRaw(reference: string, options: PullOptions): Promise<RunResult> {
  return await runSkopeo(
    [
      ...skopeoGlobalArgs(options.env, options.registriesConf),
      ...(options.debug === true ? ['--debug'] : []),
      'inspect',
      '--raw',
      '--retry-times=0',
      ...(options.skipTlsVerify === false ? [] : ['--tls-verify=false']),
      ...(options.authfile !== undefined ? ['--authfile', options.authfile] : []),
      `docker://${reference}`,
    ],
    { home: options.env.home, timeoutMs: options.timeoutMs ?? 30_000 },
  );
}

/** `skopeo copy docker://REF dir:DEST`: a whole pull, manifest and blobs, as a node would do it. */
export async function copyToDir(reference: string, destination: string, options: PullOptions): Promise<RunResult> {
  return await runSkopeo(
    [
      ...skopeoGlobalArgs(options.env, options.registriesConf),
      ...(options.debug === true ? ['--debug'] : []),
      'copy',
      '--retry-times=0',
      ...(options.skipTlsVerify === false ? [] : ['--src-tls-verify=false']),
      `docker://${reference}`,
      `dir:${destination}`,
    ],
    { home: options.env.home, timeoutMs: options.timeoutMs ?? 60_000 },
  );
}

/** The `Trying to access "…"` lines of a `--debug` run: the locations containers/image tried, in order. */
export function triedLocations(stderr: string): string[] {
  const out: string[] = [];
  for (const m of stderr.matchAll(/Trying to access \\?"([^"\\]+)\\?"/g)) out.push(m[1]!);
  return out;
}
