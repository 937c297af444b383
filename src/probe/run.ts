// The probe itself, without any I/O: each image's attempts in order, each asked through an
// injected check (fn/registry-client.ts does the HTTP), stopping at the first location that
// has the image, as containers/image's newImageSource stops at the first pull source that
// works. Later attempts are reported as "not-tried". Images run concurrently, at most
// `concurrency` at a time; the attempts of one image never do.
import { EXIT, type ExitCode } from '../constants.js';
import type { AttemptPlan, ImagePlan } from './plan.js';

/** What asking one location found. */
export type CheckStatus = 'found' | 'missing' | 'unauthorized' | 'unreachable' | 'error';

export type AttemptStatus = CheckStatus | 'blocked' | 'skipped' | 'not-tried';

export const ATTEMPT_STATUSES: readonly AttemptStatus[] = [
  'found',
  'missing',
  'unauthorized',
  'unreachable',
  'error',
  'blocked',
  'skipped',
  'not-tried',
];

export interface CheckResult {
  status: CheckStatus;
  /** The HTTP status of the manifest HEAD (or of the request that decided: ping, token). */
  httpStatus?: number;
  latencyMs?: number;
  error?: string;
  scheme?: 'https' | 'http';
  /** The auth file key whose credentials were used (never the credentials). */
  authKey?: string;
  /** The run's deadline passed before this location could be asked: it was not asked. */
  deadline?: boolean;
}

export type Check = (attempt: AttemptPlan) => Promise<CheckResult>;

export type Verdict = 'mirror' | 'source' | 'fails';

export interface AttemptReport {
  location: string;
  kind: 'mirror' | 'source';
  status: AttemptStatus;
  httpStatus?: number;
  latencyMs?: number;
  error?: string;
  scheme?: 'https' | 'http';
  authKey?: string;
  insecure?: boolean;
}

export interface ImageReport {
  image: string;
  reference?: string;
  pullBy?: 'tag' | 'digest';
  verdict: Verdict;
  /** The location that serves the image (verdict mirror or source). */
  servedBy?: string;
  /** Why the pull fails (verdict fails). */
  error?: string;
  attempts: AttemptReport[];
  origins?: string[];
}

export const DEADLINE_MESSAGE = "not asked: the run's deadline had passed";

function summaryOfFailure(attempts: readonly AttemptReport[]): string {
  if (attempts.length === 0) return 'no location to pull from';
  if (attempts.some((a) => a.status === 'not-tried' && a.error === DEADLINE_MESSAGE))
    return "the run's deadline passed before every location was asked";
  return attempts.map((a) => `${a.location}: ${a.status}${a.error !== undefined ? ` (${a.error})` : ''}`).join('; ');
}

async function probeOne(plan: ImagePlan, check: Check): Promise<ImageReport> {
  const base: Omit<ImageReport, 'verdict' | 'attempts'> = { image: plan.image };
  if (plan.reference !== undefined) base.reference = plan.reference;
  if (plan.pullBy !== undefined) base.pullBy = plan.pullBy;
  if (plan.origins !== undefined) base.origins = plan.origins;
  // One field order for every attempt (the JSON report shows it): what, how it went, why.
  const report = (a: AttemptPlan, r: Partial<AttemptReport> & { status: AttemptStatus }): AttemptReport => {
    const out: AttemptReport = { location: a.location, kind: a.kind, status: r.status };
    if (r.httpStatus !== undefined) out.httpStatus = r.httpStatus;
    if (r.latencyMs !== undefined) out.latencyMs = r.latencyMs;
    if (r.scheme !== undefined) out.scheme = r.scheme;
    if (r.authKey !== undefined) out.authKey = r.authKey;
    if (a.insecure) out.insecure = true;
    if (r.error !== undefined) out.error = r.error;
    return out;
  };
  if (plan.error !== undefined) {
    return {
      ...base,
      verdict: 'fails',
      error: plan.error,
      attempts: plan.attempts.map((a) =>
        report(a, { status: 'not-tried', error: 'the pull fails before any request' }),
      ),
    };
  }
  const attempts: AttemptReport[] = [];
  let servedBy: AttemptReport | undefined;
  let stopped = false;
  for (const a of plan.attempts) {
    if (a.disposition === 'skipped') {
      attempts.push(report(a, { status: 'skipped', ...(a.reason !== undefined ? { error: a.reason } : {}) }));
      continue;
    }
    if (servedBy !== undefined) {
      attempts.push(report(a, { status: 'not-tried', error: `not asked: ${servedBy.location} has the image` }));
      continue;
    }
    if (a.disposition === 'blocked') {
      attempts.push(report(a, { status: 'blocked', ...(a.reason !== undefined ? { error: a.reason } : {}) }));
      continue;
    }
    if (stopped) {
      attempts.push(report(a, { status: 'not-tried', error: DEADLINE_MESSAGE }));
      continue;
    }
    const r = await check(a);
    if (r.deadline === true) {
      stopped = true;
      attempts.push(report(a, { status: 'not-tried', error: DEADLINE_MESSAGE }));
      continue;
    }
    const { deadline: _deadline, ...fields } = r;
    const entry = report(a, fields);
    attempts.push(entry);
    if (r.status === 'found') servedBy = entry;
  }
  if (servedBy !== undefined && plan.policyRejects !== undefined) {
    // containers/image checks policy.json after the first source answered, on the reference
    // asked for: the pull fails there, and no other location is tried.
    const error = `policy.json rejects ${plan.reference ?? plan.image} (${plan.policyRejects}): the manifest came from ${servedBy.location}, then the pull fails ("Source image rejected")`;
    return { ...base, verdict: 'fails', error, attempts };
  }
  if (servedBy !== undefined)
    return {
      ...base,
      verdict: servedBy.kind === 'mirror' ? 'mirror' : 'source',
      servedBy: servedBy.location,
      attempts,
    };
  return { ...base, verdict: 'fails', error: summaryOfFailure(attempts), attempts };
}

/** Probes every plan; the reports come back in the plans' order. */
export async function probePlans(
  plans: readonly ImagePlan[],
  check: Check,
  options: { concurrency: number },
): Promise<ImageReport[]> {
  const limit = Math.max(1, Math.floor(options.concurrency));
  const out: ImageReport[] = new Array(plans.length);
  let next = 0;
  const worker = async () => {
    while (next < plans.length) {
      const i = next++;
      out[i] = await probeOne(plans[i]!, check);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, plans.length) }, worker));
  return out;
}

/**
 * Asks each distinct location once: two images whose plans share a location (the same image
 * listed twice, or two workloads) share one check, and concurrent askers wait for the first.
 */
export function memoize(check: Check): Check {
  const seen = new Map<string, Promise<CheckResult>>();
  return (a) => {
    const key = `${a.insecure ? 'insecure ' : ''}${a.location}`;
    let p = seen.get(key);
    if (p === undefined) {
      p = check(a);
      seen.set(key, p);
    }
    return p;
  };
}

export interface Summary {
  images: number;
  mirror: number;
  source: number;
  fails: number;
  deadlineReached: boolean;
}

export function summarize(images: readonly ImageReport[]): Summary {
  return {
    images: images.length,
    mirror: images.filter((i) => i.verdict === 'mirror').length,
    source: images.filter((i) => i.verdict === 'source').length,
    fails: images.filter((i) => i.verdict === 'fails').length,
    deadlineReached: images.some((i) => i.attempts.some((a) => a.error === DEADLINE_MESSAGE)),
  };
}

/**
 * 0 when every image is served (by a mirror; or by its source without --require-mirror),
 * 1 when any image fails, or falls back to its source under --require-mirror.
 * (2, usage and input errors, is decided before any probing.)
 */
export function exitCodeOf(images: readonly ImageReport[], requireMirror: boolean): ExitCode {
  if (images.some((i) => i.verdict === 'fails')) return EXIT.errors;
  if (requireMirror && images.some((i) => i.verdict === 'source')) return EXIT.errors;
  return EXIT.clean;
}
