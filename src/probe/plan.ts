// What probe asks, per image: the attempts of `explain`'s pull plan (registries/pull.ts
// explainNodePull: the same code), in containers/image's order, each to be asked, refused
// (blocked) or dropped (skipped).
import { registryScope, type Registry } from '../registries/model.js';
import type { NodePull, PullAttempt, PullPlan } from '../registries/pull.js';

export type Disposition =
  /** containers/image asks this location. */
  | 'try'
  /** The location falls in a blocked [[registry]]: refused without a request. */
  | 'blocked'
  /** A digest-only mirror for a tag pull (or a tag-only mirror for a digest pull): dropped. */
  | 'skipped';

export interface AttemptPlan {
  /** The full reference of this attempt: host[:port]/path:tag or @digest. */
  location: string;
  kind: 'mirror' | 'source';
  disposition: Disposition;
  /**
   * The endpoint's own `insecure` (its [[registry.mirror]] entry, or for the source its
   * [[registry]] block): TLS without verification, and plain HTTP when HTTPS fails
   * (docker_image_src.go newImageSourceAttempt; docker_client.go detectPropertiesHelper).
   */
  insecure: boolean;
  /** Why it is blocked or skipped, in words. */
  reason?: string;
}

export interface ImagePlan {
  /** The image as the user or the workload wrote it. */
  image: string;
  /** The reference pulled (fully qualified), when it could be worked out. */
  reference?: string;
  pullBy?: 'tag' | 'digest';
  attempts: AttemptPlan[];
  /** The pull fails before any request (invalid reference, ambiguous short name, rewrite error). */
  error?: string;
  /** Where the image was found (list lines, workloads), for the report. */
  origins?: string[];
}

/** Whether an attempt's endpoint is insecure, when the attempt does not say. */
export type InsecureOf = (attempt: PullAttempt, index: number, plan: PullPlan) => boolean;

type Flagged = { insecure?: boolean };

/**
 * The endpoints' own `insecure` flags (the Image config's insecureRegistries, as MCO sets them on
 * [[registry]] and [[registry.mirror]]): a mirror attempt's is its mirror entry's, the source's
 * its block's. Undefined while the registries carry no such flags (insecure.ts then derives them).
 */
export function insecureFromRegistries(registries: readonly Registry[]): InsecureOf | undefined {
  if (!registries.some((r) => 'insecure' in r)) return undefined;
  return (attempt, index, plan) => {
    const block = plan.scope === undefined ? undefined : registries.find((r) => registryScope(r) === plan.scope);
    if (block === undefined) return false;
    const endpoint = (attempt.kind === 'mirror' ? block.mirrors[index] : block) as Flagged | undefined;
    return endpoint?.insecure === true;
  };
}

function attemptOf(a: PullAttempt, index: number, plan: PullPlan, insecureOf?: InsecureOf): AttemptPlan {
  const own = (a as PullAttempt & Flagged).insecure;
  const insecure = own ?? insecureOf?.(a, index, plan) ?? false;
  const base = { location: a.location, kind: a.kind, insecure };
  switch (a.outcome) {
    case 'try':
      return { ...base, disposition: 'try' };
    case 'blocked':
      return { ...base, disposition: 'blocked', reason: a.error ?? `inside blocked "${a.blockedBy ?? ''}"` };
    case 'skipped-digest-only':
      return { ...base, disposition: 'skipped', reason: 'digest-only mirror, tag pull' };
    case 'skipped-tag-only':
      return { ...base, disposition: 'skipped', reason: 'tag-only mirror, digest pull' };
    case 'invalid-reference':
      // Only in a plan whose error is set: nothing is asked then; kept for the report.
      return { ...base, disposition: 'skipped', reason: `invalid reference: ${a.error ?? ''}` };
  }
}

/** One image's plan from explainPull. */
export function fromPullPlan(plan: PullPlan, image: string, insecureOf?: InsecureOf): ImagePlan {
  const out: ImagePlan = {
    image,
    reference: plan.image,
    pullBy: plan.pullBy,
    attempts: plan.attempts.map((a, i) => attemptOf(a, i, plan, insecureOf)),
  };
  if (plan.error !== undefined) out.error = plan.error;
  return out;
}

/**
 * One image's plan from explainNodePull: the node's whole path. A short name with several
 * candidates fails under CRI-O's default short_name_mode "enforcing" before any request
 * (explain shows the candidates; probe asks what a node does); otherwise there is one plan.
 */
export function fromNodePull(pull: NodePull, insecureOf?: InsecureOf): ImagePlan {
  const fails = (error: string): ImagePlan => ({ image: pull.input, attempts: [], error });
  if (pull.error !== undefined) return fails(pull.error);
  if (pull.shortName?.enforcingError !== undefined) return fails(pull.shortName.enforcingError);
  const [plan, ...more] = pull.plans;
  if (plan === undefined || more.length > 0) return fails(`${pull.plans.length} pull plans for one image`);
  return fromPullPlan(plan, pull.input, insecureOf);
}
