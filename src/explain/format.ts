// explain's outputs: a pull plan as numbered lines in containers/image's order, or as JSON;
// and the one-line form of a result (a finding that stops or accompanies the explanation).
import type { Subject } from '../check/subjects.js';
import { EXIT, FUNCTION_NAME, type ExitCode } from '../constants.js';
import { VERSION } from '../version.js';
import type { Result } from '../krm/result.js';
import { escapeLines } from '../krm/escape.js';
import type { NodeRegistries } from '../registries/bootstrap.js';
import type { Registry } from '../registries/model.js';
import type { AttemptOutcome, NodePull, PullPlan } from '../registries/pull.js';
import { maxOf, pushAll } from '../arrays.js';

/** "path:line:col: severity[code] field: message" (no line for a path that could not be read). */
export function resultLine(r: Result): string {
  const at = r.position ? `:${r.position.line}:${r.position.column}` : '';
  return `${r.file?.path ?? ''}${at}: ${r.severity}[${r.tags.code}] ${r.field ? `${r.field.path}: ` : ''}${r.message}`;
}

const OUTCOME_TEXT: Record<AttemptOutcome, string> = {
  try: 'try',
  blocked: 'blocked',
  'skipped-digest-only': 'skipped (digest-only mirror, tag pull)',
  'skipped-tag-only': 'skipped (tag-only mirror, digest pull)',
  'invalid-reference': 'invalid reference',
};

/** Why a block is blocked: inside an Image config blocked scope, else NeverContactSource. */
export type BlockedReason = (scope: string) => string;
const NEVER_CONTACT: BlockedReason = () => 'NeverContactSource';

function describeBlock(plan: PullPlan, reason: BlockedReason): string {
  if (plan.scope === undefined) return 'no [[registry]] matches: the reference itself is pulled';
  const wildcard = plan.scope.startsWith('*.');
  return `[[registry]] ${wildcard ? `prefix = "${plan.scope}"` : `location = "${plan.scope}"`} (longest matching prefix${plan.blocked ? `; blocked = true: ${reason(plan.scope)}` : ''})`;
}

/** The plan for one reference as numbered lines. */
export function formatPlanText(plan: PullPlan, indent = '', reason: BlockedReason = NEVER_CONTACT): string[] {
  const lines: string[] = [];
  lines.push(`${indent}pull by ${plan.pullBy}: ${plan.image}`);
  if (plan.attempts.length === 0 && plan.error !== undefined) {
    lines.push(`${indent}  fails: ${plan.error}`);
    return lines;
  }
  lines.push(`${indent}matched: ${describeBlock(plan, reason)}`);
  const width = maxOf(plan.attempts.map((a) => a.location.length));
  let n = 0;
  for (const a of plan.attempts) {
    const counted = a.outcome === 'try' || a.outcome === 'blocked';
    const label = counted && plan.error === undefined ? `${++n}.` : '-';
    const what = a.kind === 'mirror' ? `mirror${a.pullFromMirror ? ` (${a.pullFromMirror})` : ''}` : 'source';
    let outcome = plan.error !== undefined && counted ? 'not tried' : OUTCOME_TEXT[a.outcome];
    if (a.outcome === 'blocked' && plan.error === undefined)
      outcome += `: inside blocked "${a.blockedBy}", refused without a request`;
    if (a.outcome === 'try' && a.insecure && plan.error === undefined)
      outcome += ' (insecure: TLS not verified, plain HTTP allowed)';
    if (a.outcome === 'invalid-reference') outcome += `: ${a.error}`;
    lines.push(`${indent}  ${label.padStart(3)} ${a.location.padEnd(width)}  ${what.padEnd(20)} ${outcome}`);
  }
  if (plan.error !== undefined) {
    lines.push(`${indent}  the pull fails before any request: ${plan.error}`);
  } else {
    // policy.json only when it decides something: a scope of its own, or a reject.
    if (plan.policy && (plan.policy.scope !== undefined || plan.policy.verdict === 'reject'))
      lines.push(`${indent}  ${policyLine(plan)}`);
    const tried = plan.attempts.filter((a) => a.outcome === 'try');
    if (tried.length === 0)
      lines.push(`${indent}  every location is blocked: the pull fails without contacting any registry`);
    else if (plan.attempts[plan.attempts.length - 1]!.outcome === 'blocked') {
      lines.push(
        `${indent}  the source is never contacted: if ${tried.length === 1 ? 'the mirror fails' : 'every mirror fails'}, the pull fails`,
      );
    }
  }
  return lines;
}

/** policy.json's verdict on the reference asked for (never a mirror's). */
function policyLine(plan: PullPlan): string {
  const p = plan.policy!;
  const by = p.scope !== undefined ? `scope "${p.scope}"` : 'its default';
  if (p.verdict === 'accept') return `policy.json accepts ${plan.image} (${by})`;
  return `policy.json rejects ${plan.image} (${by}): whichever location answers first serves the manifest, then the pull fails ("Source image rejected: Running image docker://${plan.image} is rejected by policy."); policy.json looks at the reference asked for, never at a mirror's`;
}

export function formatNodePullText(pull: NodePull, reason: BlockedReason = NEVER_CONTACT): string[] {
  const lines: string[] = [];
  lines.push(`image: ${pull.input}`);
  if (pull.error !== undefined) {
    lines.push(`  ${pull.error}`);
    return lines;
  }
  for (const note of pull.notes) lines.push(`note: ${note}`);
  if (pull.shortName) {
    if (pull.shortName.enforcingError)
      lines.push(`with CRI-O's default short_name_mode "enforcing": fails: ${pull.shortName.enforcingError}`);
    lines.push(`candidates, in order: ${pull.shortName.candidates.join(', ')}`);
  }
  pull.plans.forEach((plan, i) => {
    if (pull.plans.length > 1) lines.push(`candidate ${i + 1} of ${pull.plans.length}:`);
    pushAll(lines, formatPlanText(plan, pull.plans.length > 1 ? '  ' : '', reason));
  });
  return lines;
}

function jsonPull(p: NodePull): unknown {
  return {
    input: p.input,
    requested: p.requested,
    notes: p.notes,
    ...(p.shortName ? { shortName: p.shortName } : {}),
    ...(p.error !== undefined ? { error: p.error } : {}),
    plans: p.plans.map((plan) => ({
      image: plan.image,
      pullBy: plan.pullBy,
      ...(plan.scope !== undefined ? { scope: plan.scope } : {}),
      blocked: plan.blocked,
      ...(plan.error !== undefined ? { error: plan.error } : {}),
      ...(plan.policy !== undefined ? { policy: plan.policy } : {}),
      attempts: plan.attempts,
    })),
  };
}

/** The cluster, its registries and the pull, as one JSON document. */
export function formatExplainJson(
  s: Subject,
  registries: readonly Registry[],
  pull: NodePull,
  source: { from: string; notes: readonly string[]; refused?: string; cannotTell?: boolean } = {
    from: 'spec',
    notes: [],
  },
  node?: NodeRegistries,
  exitCode: ExitCode = EXIT.clean,
): string {
  const doc = {
    tool: FUNCTION_NAME,
    version: VERSION,
    command: 'explain',
    formatVersion: 1,
    exitCode,
    cluster: { kind: s.kind, name: s.name, namespace: s.namespace, file: s.file, document: s.document },
    from: source.from,
    notes: source.notes,
    ...(source.refused !== undefined ? { refused: source.refused } : {}),
    ...(source.cannotTell ? { cannotTell: true } : {}),
    registries: registries.map((b) => ({
      ...(b.prefix ? { prefix: b.prefix } : { location: b.location }),
      insecure: b.insecure,
      blocked: b.blocked,
      mirrors: b.mirrors,
    })),
    ...(node && node.policy.docker.size > 0
      ? { policy: { default: node.policy.default, docker: Object.fromEntries(node.policy.docker) } }
      : {}),
    ...(node?.searchRegistries ? { searchRegistries: node.searchRegistries } : {}),
    pull: jsonPull(pull),
  };
  // JSON escapes C0 controls itself; escapeLines adds DEL and C1, in JSON's own escapes.
  return escapeLines(JSON.stringify(doc, null, 2).split('\n')) + '\n';
}
