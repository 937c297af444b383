// `probe`: asks the registries whether each image can be pulled the way a node of the cluster
// would pull it. Options and usage here; the plans, credentials and report are pure
// (src/probe/); the requests are registry-client.ts's. Every credential value that went on the
// wire is scrubbed from everything printed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORMATS, type Format } from '../src/check/format.js';
import type { InputFile } from '../src/check/subjects.js';
import { EXIT, FUNCTION_NAME } from '../src/constants.js';
import { planCertDir } from '../src/probe/cert-dir.js';
import { escapeText, scrub } from '../src/probe/escape.js';
import { prepareProbe } from '../src/probe/inputs.js';
import { formatReport } from '../src/probe/report.js';
import { exitCodeOf, memoize, probePlans } from '../src/probe/run.js';
import { lookupCredentials, secretValues } from '../src/registries/credentials.js';
import {
  clusterChoice,
  clusterOptions,
  formatOption,
  maxInputOption,
  parseCommand,
  readInput,
  requireInput,
  runCommand,
  UsageError,
  type ClusterChoice,
  type CommonArgs,
} from './args.js';
import {
  DEFAULT_MAX_INPUT,
  formatSize,
  type InputBudget,
  InputError,
  MAX_INPUT_ENV,
  readInputFile,
  write,
} from './io.js';
import { createRegistryCheck, type TlsMaterial } from './registry-client.js';
import { PROBE_SYNOPSIS } from './usage.js';

export const PROBE_USAGE = `usage: ${PROBE_SYNOPSIS}

Asks the registries whether each image can be pulled the way a node of the cluster would
pull it: the pull plan of \`explain\` (the mirrors in order, then the source unless it is
blocked), and for each location in turn the OCI distribution API: GET /v2/, the
WWW-Authenticate challenge (Bearer token or Basic), HEAD of the manifest. It stops at the
first location that has the image, as containers/image does.

The cluster (HostedCluster, function config or mirror list) is found in the YAML files and
directories given, or on stdin (-), as for \`explain\`; --cluster (and --namespace) choose
one when there are several.

images (without --image or --images: the container images of the Pods, Deployments,
StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers, Jobs, CronJobs and PodTemplates
in the input):
  --image REF           an image reference (repeatable)
  --images FILE         a file with one image reference a line, # comments (repeatable)
credentials and TLS:
  --authfile FILE       containers auth.json, docker config.json or a .dockerconfigjson;
                        without it, the HostedCluster's pull secret if that Secret is in the input
  --cert-dir DIR        CA certificates per registry, DIR/<host:port>/*.crt (certs.d layout),
                        trusted besides the system's
  --allow-realm HOST    also send credentials to a Bearer token realm on HOST (repeatable);
                        by default only to a realm on the registry's own host
limits:
  --timeout DURATION    per request (default 10s; e.g. 500ms, 10s, 2m)
  --deadline DURATION   for the whole run (default 2m)
  --concurrency N       images probed at once (default 4, at most 32)
  --max-input-size SIZE the most YAML, lists and auth file read in all (default ${formatSize(DEFAULT_MAX_INPUT)},
                        or ${MAX_INPUT_ENV})
result:
  --require-mirror      an image that falls back to its source is a failure
  --format text|json|github

exit status: 0 every image is served (by a mirror, or by its source without
--require-mirror), 1 an image fails (or falls back, with --require-mirror; or the deadline
cut it), 2 usage error, input that cannot be read, no cluster or a cluster with errors,
an auth file that cannot be read, or no images
`;

export const DEFAULTS = { timeoutMs: 10_000, deadlineMs: 120_000, concurrency: 4 } as const;
const MAX_CONCURRENCY = 32;
const MAX_DURATION_MS = 3_600_000;

export interface ProbeArgs extends CommonArgs, ClusterChoice {
  images: string[];
  imageFiles: string[];
  authfile?: string;
  certDir?: string;
  allowRealms: string[];
  timeoutMs: number;
  deadlineMs: number;
  concurrency: number;
  requireMirror: boolean;
  format: Format;
  maxInput?: number;
}

/** "500ms", "10s", "2m", or a number of seconds; more than 0, at most an hour. */
export function parseDuration(value: string, name: string): number {
  const m = /^([0-9]{1,7})(ms|s|m)?$/.exec(value);
  if (m === null) throw new UsageError(`--${name} must be a duration such as 500ms, 10s or 2m, not "${value}"`);
  const n = Number(m[1]);
  const ms = m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
  if (ms <= 0 || ms > MAX_DURATION_MS)
    throw new UsageError(`--${name} must be more than 0 and at most 1h, not "${value}"`);
  return ms;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export function parseProbeArgs(args: readonly string[]): ProbeArgs {
  const c = parseCommand(
    args,
    ['format', 'cluster', 'namespace', 'authfile', 'cert-dir', 'timeout', 'deadline', 'concurrency', 'max-input-size'],
    ['require-mirror'],
    ['image', 'images', 'allow-realm'],
  );
  const v = c.values;
  const out: ProbeArgs = {
    paths: c.paths,
    stdin: c.stdin,
    help: c.help,
    format: formatOption(v.format, FORMATS) as Format,
    images: list(v.image),
    imageFiles: list(v.images),
    allowRealms: list(v['allow-realm']),
    timeoutMs: v.timeout === undefined ? DEFAULTS.timeoutMs : parseDuration(String(v.timeout), 'timeout'),
    deadlineMs: v.deadline === undefined ? DEFAULTS.deadlineMs : parseDuration(String(v.deadline), 'deadline'),
    concurrency: DEFAULTS.concurrency,
    requireMirror: v['require-mirror'] === true,
  };
  if (out.help) return out;
  requireInput(out);
  Object.assign(out, maxInputOption(v));
  const concurrency = text(v.concurrency);
  if (concurrency !== undefined) {
    if (!/^[0-9]{1,3}$/.test(concurrency) || Number(concurrency) < 1 || Number(concurrency) > MAX_CONCURRENCY)
      throw new UsageError(`--concurrency must be a number from 1 to ${MAX_CONCURRENCY}, not "${concurrency}"`);
    out.concurrency = Number(concurrency);
  }
  for (const [name, value] of [
    ['image', out.images],
    ['images', out.imageFiles],
    ['allow-realm', out.allowRealms],
  ] as const)
    if (value.includes('')) throw new UsageError(`--${name} needs a value`);
  for (const name of ['cluster', 'authfile', 'cert-dir'] as const)
    if (v[name] === '') throw new UsageError(`--${name} needs a value`);
  Object.assign(out, clusterOptions(v));
  const authfile = text(v.authfile);
  const certDir = text(v['cert-dir']);
  if (authfile !== undefined) out.authfile = authfile;
  if (certDir !== undefined) out.certDir = certDir;
  return out;
}

/** A file given with an option: its text (within the budget), or a one-line reason (exit 2). */
function readOption(path: string, option: string, budget: InputBudget): InputFile {
  try {
    return { path, text: readInputFile(path, budget) };
  } catch (e) {
    if (e instanceof InputError) throw e; // past the input limit: its own message
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    throw new Error(`${option} ${path}: ${why}`, { cause: e });
  }
}

/** TLS material per host from DIR/<host:port>/ (containers/image's SetupCertificates), read once per host. */
function certDirReader(dir: string | undefined): ((domain: string) => TlsMaterial) | undefined {
  if (dir === undefined) return undefined;
  const cache = new Map<string, TlsMaterial>();
  const read = (domain: string): TlsMaterial => {
    const hostDir = join(dir, domain);
    let names: string[];
    try {
      names = readdirSync(hostDir);
    } catch (e) {
      // A missing directory means "nothing to add".
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return {};
      return { error: `${hostDir}: ${(e as Error).message}` };
    }
    const plan = planCertDir(names);
    if (plan.errors.length > 0) return { error: plan.errors.join('; ') };
    try {
      const pair = plan.clientPairs[0];
      return {
        ca: plan.caFiles.map((f) => readFileSync(join(hostDir, f), 'utf8')),
        ...(pair
          ? { cert: readFileSync(join(hostDir, pair.cert), 'utf8'), key: readFileSync(join(hostDir, pair.key), 'utf8') }
          : {}),
      };
    } catch (e) {
      return { error: `${hostDir}: ${(e as Error).message}` };
    }
  };
  return (domain) => {
    let m = cache.get(domain);
    if (m === undefined) cache.set(domain, (m = read(domain)));
    return m;
  };
}

/**
 * The system's CA certificates, as Go's crypto/x509 finds them on Linux: $SSL_CERT_FILE, else
 * the first bundle of the distributions' usual places. None: Node's built-in roots.
 */
const SYSTEM_CA_FILES = [
  '/etc/ssl/certs/ca-certificates.crt', // Debian, Ubuntu, Gentoo, Arch
  '/etc/pki/tls/certs/ca-bundle.crt', // Fedora, RHEL 6
  '/etc/ssl/ca-bundle.pem', // openSUSE
  '/etc/pki/tls/cacert.pem', // OpenELEC
  '/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem', // CentOS, RHEL 7+
  '/etc/ssl/cert.pem', // Alpine
];

function systemCa(): string[] | undefined {
  const env = process.env.SSL_CERT_FILE;
  for (const f of env ? [env] : SYSTEM_CA_FILES) {
    try {
      if (existsSync(f)) return [readFileSync(f, 'utf8')];
    } catch {
      // unreadable: the next one
    }
  }
  return undefined;
}

export function runProbe(args: string[]): Promise<number> {
  const secrets = new Set<string>();
  const safe = (s: string) => scrub(s, secrets);
  return runCommand('probe', PROBE_USAGE, args, parseProbeArgs, async (opts, budget) => {
    const startedAt = Date.now();
    const { files, problems } = await readInput(opts, 'probe', budget);
    const prepared = prepareProbe(files, {
      ...clusterChoice(opts),
      images: opts.images,
      imageLists: opts.imageFiles.map((f) => readOption(f, '--images', budget)),
      ...(opts.authfile !== undefined ? { authFile: readOption(opts.authfile, '--authfile', budget) } : {}),
      problems,
      stdin: opts.stdin,
    });
    if (!prepared.ok) {
      // One line of ours per line of the reason (results of a cluster with errors), each escaped.
      const lines = prepared.error.split('\n').map((l) => safe(escapeText(safe(l))));
      await write(process.stderr, `${FUNCTION_NAME} probe: ${lines.join('\n')}\n`);
      return EXIT.usage;
    }
    const p = prepared.value;
    const auth = p.auth;
    if (auth !== undefined) for (const v of secretValues(auth)) secrets.add(v);
    const tls = certDirReader(opts.certDir);
    const ca = systemCa();
    const check = createRegistryCheck({
      timeoutMs: opts.timeoutMs,
      deadlineAt: startedAt + opts.deadlineMs,
      ...(ca !== undefined ? { systemCa: ca } : {}),
      ...(auth !== undefined ? { credentials: (name: string) => lookupCredentials(auth, name) } : {}),
      ...(tls !== undefined ? { tls } : {}),
      allowRealmHosts: new Set(opts.allowRealms),
      onSecret: (value) => secrets.add(value),
    });
    const reports = await probePlans(p.plans, memoize(check), { concurrency: opts.concurrency });
    const report = formatReport(
      opts.format,
      reports,
      {
        cluster: p.cluster,
        requireMirror: opts.requireMirror,
        ...(p.credentials !== undefined ? { credentials: p.credentials } : {}),
        notes: p.notes,
      },
      [...secrets],
    );
    await write(process.stdout, report);
    return exitCodeOf(reports, opts.requireMirror);
  });
}
