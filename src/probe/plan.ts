// What probe asks, per image: the attempts of `explain`'s pull plan (registries/pull.ts
// explainNodePull: the same code), in containers/image's order, each to be asked, refused
// (blocked) or dropped (skipped).
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
  /**
   * The node's policy.json rejects the reference asked for (the scope that decided, or "the
   * default"): whichever location serves the manifest, the pull then fails.
   */
  policyRejects?: string;
}

function attemptOf(a: PullAttempt): AttemptPlan {
  const base = { location: a.location, kind: a.kind, insecure: a.insecure };
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
export function fromPullPlan(plan: PullPlan, image: string): ImagePlan {
  const out: ImagePlan = { image, reference: plan.image, pullBy: plan.pullBy, attempts: plan.attempts.map(attemptOf) };
  if (plan.error !== undefined) out.error = plan.error;
  if (plan.policy?.verdict === 'reject') out.policyRejects = plan.policy.scope ?? 'the default';
  return out;
}

/**
 * One image's plan from explainNodePull: the node's whole path. A short name with several
 * candidates fails under CRI-O's default short_name_mode "enforcing" before any request
 * (explain shows the candidates; probe asks what a node does); otherwise there is one plan.
 */
export function fromNodePull(pull: NodePull): ImagePlan {
  const fails = (error: string): ImagePlan => ({ image: pull.input, attempts: [], error });
  if (pull.error !== undefined) return fails(pull.error);
  if (pull.shortName?.enforcingError !== undefined) return fails(pull.shortName.enforcingError);
  const [plan, ...more] = pull.plans;
  if (plan === undefined || more.length > 0) return fails(`${pull.plans.length} pull plans for one image`);
  return fromPullPlan(plan, pull.input);
}
