// What the Machine Config Operator makes of a cluster's mirror lists and Image config
// (registries/bootstrap.ts), as results:
//   - MCO refuses (no MachineConfig at all): an error with MCO's own reason; nothing is
//     generated for the cluster;
//   - MCO renders, but the nodes' pulls break or are weakened: a warning (the bytes are MCO's);
//   - a decision MCO takes silently that the user should know of: info.
// See the README section "The Image config (registrySources)" for why each is what it is.
import { CODE, POLICY } from '../constants.js';
import { REGISTRY_SOURCES_PATH } from '../hypershift/cluster.js';
import {
  droppedLog,
  RELEASE_IMAGE_ERROR,
  type BootstrapOutcome,
  type NodeRegistries,
} from '../registries/bootstrap.js';
import { goQuote } from '../registries/go-quote.js';
import { RegistryIndex } from '../registries/match.js';
import { registryScope, type MirrorInput, type Registry } from '../registries/model.js';
import { ScopeIndex, scopeIndex } from '../registries/nesting.js';
import { PolicyScopes } from '../registries/policy.js';
import type { RegistrySources } from '../registries/sources.js';
import { tick } from '../work.js';
import { SCOPE_LISTS, type ScopeList } from './image-config.js';
import { shortestRest, tooLongMessage } from './reference-length.js';
import type { Checker } from './rules.js';

const LISTS: readonly ['imageTagMirrorSet' | 'imageContentSources', string][] = [
  ['imageTagMirrorSet', 'spec.imageTagMirrorSet'],
  ['imageContentSources', 'spec.imageContentSources'],
];

/** The field of the first entry equal to each scope, per list (maps: no scan per lookup). */
function fieldsOf(rs: RegistrySources): (key: ScopeList, scope: string) => string | undefined {
  // Made on the first question: most clusters have no result that names a scope.
  let maps: Map<ScopeList, Map<string, number>> | undefined;
  const made = () => {
    maps = new Map();
    for (const key of SCOPE_LISTS) {
      const m = new Map<string, number>();
      (rs[key] ?? []).forEach((s, i) => {
        if (!m.has(s)) m.set(s, i);
      });
      maps.set(key, m);
    }
    return maps;
  };
  return (key, scope) => {
    const i = (maps ?? made()).get(key)!.get(scope);
    return i === undefined ? undefined : `${REGISTRY_SOURCES_PATH}.${key}[${i}]`;
  };
}

/** Errors for a cluster MCO renders nothing for. */
function refused(c: Checker, mirrors: MirrorInput, rs: RegistrySources, outcome: BootstrapOutcome & { ok: false }) {
  const why =
    'the Machine Config Operator renders nothing for this cluster (no MachineConfig at all), so nothing is generated';
  if (outcome.stage === 'release-image') {
    // The release image rule (validate/rules.ts) already refused it: one error for one mistake.
    if (c.results.some((r) => r.tags.code === CODE.invalidReleaseImage)) return;
    c.error(
      CODE.imageConfigMcoRefuses,
      'spec.release.image',
      `${why}: ${RELEASE_IMAGE_ERROR} (it must be a fully qualified reference, e.g. quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64)`,
    );
    return;
  }
  if (outcome.stage === 'registries' && outcome.kind === 'too-large') {
    c.error(
      CODE.imageConfigTooLarge,
      REGISTRY_SOURCES_PATH,
      `${outcome.error}; nest fewer scopes inside mirrored sources`,
    );
    return;
  }
  if (outcome.stage === 'registries' && outcome.kind === 'wildcard-nested') {
    // Name each entry MCO trips over: a scope inside the wildcard source, without mirrors of its own.
    const wildcard = outcome.scope!;
    const w = scopeIndex([wildcard]);
    const mirrored = new Set(
      [...mirrors.imageContentSources, ...mirrors.imageTagMirrorSet]
        .filter((e) => e.mirrors.some((m) => m !== e.source))
        .map((e) => e.source),
    );
    let named = 0;
    for (const key of ['blockedRegistries', 'insecureRegistries'] as const) {
      (rs[key] ?? []).forEach((s, i) => {
        if (s === wildcard || mirrored.has(s) || !w.encloses(s)) return;
        named++;
        c.error(
          CODE.imageConfigScopeInWildcardSource,
          `${REGISTRY_SOURCES_PATH}.${key}[${i}]`,
          `${goQuote(s)} lies inside the wildcard mirror source ${goQuote(wildcard)}: the Machine Config Operator cannot copy a wildcard's mirrors into a nested scope and renders nothing for this cluster, so nothing is generated (MCO: ${outcome.error}); mirror a more specific source, or drop the scope`,
        );
      });
    }
    if (named > 0) return;
  }
  c.error(
    CODE.imageConfigMcoRefuses,
    outcome.stage === 'payload-panic' || outcome.stage === 'policy'
      ? `${REGISTRY_SOURCES_PATH}.blockedRegistries`
      : REGISTRY_SOURCES_PATH,
    outcome.stage === 'payload-panic'
      ? `${why}: ${outcome.error}; remove the blocked scope that contains the release payload repository`
      : `${why} (MCO: ${outcome.error})${outcome.stage === 'policy' ? ": the release payload repository is added to policy.json's allowed list once for each blocked scope that contains it and is kept (it has an unblocked digest mirror), and two such entries count as allowedRegistries set together with blockedRegistries; keep only one blocked scope that contains the release repository" : ''}`,
  );
}

/** The blocked scopes that contain the release payload repository (MCO's payload rule). */
function payloadResults(c: Checker, node: NodeRegistries, fieldOf: ReturnType<typeof fieldsOf>) {
  const dropped = node.payload.filter((d) => d.outcome === 'dropped').map((d) => d.scope);
  for (const d of node.payload) {
    const field = fieldOf('blockedRegistries', d.scope) ?? `${REGISTRY_SOURCES_PATH}.blockedRegistries`;
    if (d.outcome === 'dropped')
      c.warning(
        CODE.imageConfigBlockedPayloadDropped,
        field,
        `${goQuote(d.scope)} contains the release payload repository ${goQuote(node.payloadRepo!)}, and no pull source of the release image lies outside the blocked scopes (a release image named by tag uses no digest mirror), so the Machine Config Operator leaves it out of registries.conf and policy.json (it logs: ${droppedLog(dropped)}): nodes do not block it`,
      );
    else
      c.info(
        CODE.imageConfigBlockedPayloadKept,
        field,
        `${goQuote(d.scope)} contains the release payload repository ${goQuote(node.payloadRepo!)} and is kept, because the release image can be pulled from ${goQuote(d.via!)}; policy.json accepts ${goQuote(node.payloadRepo!)}${d.scope === node.payloadRepo ? ' and does not reject the scope itself' : ''}`,
      );
  }
  if (node.discardedError !== undefined)
    c.warning(
      CODE.imageConfigBlockedDiscarded,
      `${REGISTRY_SOURCES_PATH}.blockedRegistries`,
      `the Machine Config Operator's check of the release payload failed (MCO: ${node.discardedError}), and it then drops every blocked scope, from registries.conf and policy.json: nodes block nothing of blockedRegistries`,
    );
}

/** Which pulls of a source an entry's mirrors serve: an imageTagMirrorSet entry's by tag, imageContentSources' by digest. */
const PULL_BY = { imageTagMirrorSet: 'tag', imageContentSources: 'digest' } as const;

/**
 * Mirrors whose pull attempts registries.conf refuses: each attempt's own name is matched
 * again. When every location a pull of the source would try is refused (the mirrors and the
 * source), every such pull fails: one error for the entry instead of a warning per mirror.
 */
function blockedMirrors(c: Checker, mirrors: MirrorInput, node: NodeRegistries) {
  if (node.registriesBlocked.length === 0) return;
  const index = new RegistryIndex(node.registries);
  const imageConfigBlocked = scopeIndex(node.registriesBlocked);
  const refusedBy = (location: string) => {
    const hit = index.find(location)?.registry;
    return hit?.blocked ? registryScope(hit) : undefined;
  };
  const why = (scope: string) => (imageConfigBlocked.encloses(scope) ? 'blockedRegistries' : POLICY.never);
  const refusal = (scope: string) =>
    `"registry ${scope} is blocked in /etc/containers/registries.conf or /etc/containers/registries.conf.d"`;
  /** The locations a pull of `source` by tag or digest tries, each with the blocked scope refusing it. */
  const path = (source: string, by: 'tag' | 'digest') => {
    const block = index.find(source)?.registry;
    if (!block || registryScope(block) !== source) return undefined;
    const skip = by === 'tag' ? 'digest-only' : 'tag-only';
    const ms = block.mirrors.filter((m) => m.pullFromMirror !== skip).map((m) => m.location);
    return { mirrors: ms.map((m) => ({ location: m, by: refusedBy(m) })), source: refusedBy(source) };
  };
  const reported = new Set<string>();
  for (const [kind, at] of LISTS) {
    const by = PULL_BY[kind];
    mirrors[kind].forEach((e, i) => {
      const inImageConfig = e.mirrors.filter((m) => {
        tick();
        if (m === e.source) return false;
        const scope = refusedBy(m);
        return scope !== undefined && imageConfigBlocked.encloses(scope);
      });
      if (inImageConfig.length === 0) return;
      const p = path(e.source, by);
      const open = p ? p.mirrors.filter((m) => m.by === undefined).length : 1;
      if (p && open === 0 && p.source !== undefined) {
        if (reported.has(`${kind} ${e.source}`)) return;
        reported.add(`${kind} ${e.source}`);
        const other = path(e.source, by === 'tag' ? 'digest' : 'tag')!;
        const all = other.source !== undefined && other.mirrors.every((m) => m.by !== undefined);
        const lies = p.mirrors.map((m) => `${goQuote(m.location)} lies in ${goQuote(m.by!)} (${why(m.by!)})`);
        c.error(
          CODE.allLocationsBlocked,
          `${at}[${i}].mirrors`,
          `every location of ${goQuote(e.source)} is blocked: ${lies.join(', ')}, and the source itself lies in ${goQuote(p.source)} (${why(p.source)}); containers/image refuses each attempt without a request (${refusal(p.source)}), so every pull of ${goQuote(e.source)}${all ? '' : ` by ${by}`} fails; unblock the mirror's registry, ${why(p.source) === POLICY.never ? `add a mirror outside the blocked scopes, or use ${POLICY.allow}` : 'or add a mirror outside the blocked scopes'}`,
        );
        return;
      }
      const next =
        p === undefined
          ? 'go on to the next mirror or the source'
          : open > 0 && p.source === undefined
            ? 'go on to the other mirrors or the source'
            : open > 0
              ? `go on to the other mirrors (the source is never contacted: ${why(p.source!)})`
              : 'go on to the source';
      e.mirrors.forEach((m, j) => {
        if (!inImageConfig.includes(m)) return;
        const scope = refusedBy(m)!;
        c.warning(
          CODE.mirrorInBlockedScope,
          `${at}[${i}].mirrors[${j}]`,
          `mirror ${goQuote(m)} lies in ${goQuote(scope)}, which blockedRegistries blocks: containers/image refuses every pull attempt through this mirror without a request (${refusal(scope)}), and pulls of ${goQuote(e.source)} by ${by} ${next}; unblock the mirror's registry or use another mirror`,
        );
      });
    });
  }
}

/** Sources whose images policy.json rejects, whichever mirror serves them. */
function policyResults(c: Checker, mirrors: MirrorInput, rs: RegistrySources, node: NodeRegistries) {
  const policy = node.policy;
  if (policy.docker.size === 0) return;
  const scopes = new PolicyScopes(policy);
  for (const [kind, at] of LISTS) {
    mirrors[kind].forEach((e, i) => {
      tick();
      if (!e.mirrors.some((m) => m !== e.source)) return;
      const d = scopes.decide(e.source);
      const why =
        d.scope !== undefined
          ? `the policy.json scope ${goQuote(d.scope)}`
          : `the policy.json default (${policy.default})`;
      if (d.verdict === 'reject' && !d.partly)
        c.warning(
          CODE.sourceRejectedByPolicy,
          `${at}[${i}].source`,
          `policy.json rejects every image of ${goQuote(e.source)} (${why}): containers/image checks the reference that was asked for, never the mirror's, after fetching the manifest, so these pulls fail through every mirror ("Source image rejected: Running image docker://... is rejected by policy."); ${rs.allowedRegistries ? `add ${goQuote(e.source)} (not the mirror) to allowedRegistries` : 'remove the source from blockedRegistries'} or drop this entry`,
        );
      else if (d.partly)
        c.warning(
          CODE.sourcePartlyRejectedByPolicy,
          `${at}[${i}].source`,
          d.verdict === 'reject'
            ? `policy.json rejects the images of ${goQuote(e.source)} (${why}) except inside more specific scopes it accepts: the rejected ones fail through every mirror (policy.json checks the reference asked for, never the mirror's)`
            : `policy.json accepts the images of ${goQuote(e.source)} (${why}) but rejects those inside more specific scopes (blockedRegistries inside this source): these fail through every mirror too (policy.json checks the reference asked for, never the mirror's)`,
        );
    });
  }
  if (node.payloadRepo !== undefined && scopes.decide(node.payloadRepo).verdict === 'reject')
    c.warning(
      CODE.imageConfigPayloadNotAllowed,
      `${REGISTRY_SOURCES_PATH}.${rs.allowedRegistries ? 'allowedRegistries' : 'blockedRegistries'}`,
      `policy.json rejects the release payload repository ${goQuote(node.payloadRepo)}: nodes cannot pull the release images${rs.allowedRegistries ? `; add ${goQuote(node.payloadRepo)} to allowedRegistries` : ''}`,
    );
  if (policy.default === 'reject' && !rs.allowedRegistries)
    c.warning(
      CODE.imageConfigPolicyRejectsByDefault,
      `${REGISTRY_SOURCES_PATH}.blockedRegistries`,
      `policy.json rejects every image outside ${[...policy.docker.keys()].map(goQuote).join(', ')}: a kept blocked scope equal to the release repository ${goQuote(node.payloadRepo ?? '')} stays out of policy.json's blocked list, and the Machine Config Operator adds the repository to the allowed list, which turns the default to reject; block a wider scope or use allowedRegistries`,
    );
}

/** Scopes that copy the mirrors of an outer source although a nearer one exists, or that reopen a blocked source. */
function inheritanceResults(c: Checker, node: NodeRegistries, fieldOf: ReturnType<typeof fieldsOf>) {
  if (node.inherited.length === 0) return;
  const blocks = node.registries;
  const inheritedBlocks = new Set(node.inherited.map((h) => h.block));
  const sources = new ScopeIndex();
  blocks.forEach((b, i) => {
    if (b.mirrors.length > 0 && b.prefix === '' && !inheritedBlocks.has(i)) sources.add(registryScope(b), i);
  });
  const fieldFor = (scope: string) =>
    fieldOf('blockedRegistries', scope) ?? fieldOf('insecureRegistries', scope) ?? REGISTRY_SOURCES_PATH;
  for (const h of node.inherited) {
    const target = blocks[h.block]!;
    const from = blocks[h.from]!;
    const scope = registryScope(target);
    const nearest = sources.deepestSegmentEnclosing(scope);
    if (nearest !== undefined && nearest !== h.from) {
      const near = registryScope(blocks[nearest]!);
      c.warning(
        CODE.imageConfigScopeInheritsOuterMirrors,
        fieldFor(scope),
        `the Machine Config Operator adds [[registry]] ${goQuote(scope)} with the mirrors of ${goQuote(registryScope(from))} (the first enclosing source in its order: digest sources, then tag sources, each in byte order), not of the nearer ${goQuote(near)}: pulls inside ${goQuote(scope)} no longer use the mirrors of ${goQuote(near)}`,
      );
    }
    if (from.blocked && !target.blocked)
      c.warning(
        CODE.imageConfigScopeUnblocksSource,
        fieldFor(scope),
        `${goQuote(scope)} lies inside ${goQuote(registryScope(from))}, which is blocked (${POLICY.never}): the Machine Config Operator adds [[registry]] ${goQuote(scope)} with its mirrors but without blocked = true, so pulls inside ${goQuote(scope)} go on to the source registry when the mirrors fail; also block ${goQuote(scope)}, or drop it`,
      );
    for (const m of target.mirrors) {
      const rest = shortestRest(scope);
      if (m.location.length + rest > 255) {
        c.warning(CODE.mirrorReferenceTooLong, fieldFor(scope), tooLongMessage(m.location, scope, rest, 'copied'));
        break;
      }
    }
  }
}

/** insecure "host" does not cover "host:port/..." in MCO's nesting (only "/" continues a scope). */
function insecurePortResults(c: Checker, rs: RegistrySources, blocks: readonly Registry[]) {
  const insecure = rs.insecureRegistries ?? [];
  if (insecure.length === 0) return;
  const idx = scopeIndex(insecure);
  const seen = new Set<string>();
  for (const b of blocks) {
    for (const loc of [b.location, ...b.mirrors.map((m) => m.location)]) {
      tick();
      if (seen.has(loc)) continue;
      seen.add(loc);
      const slash = loc.indexOf('/');
      const host = slash < 0 ? loc : loc.slice(0, slash);
      const colon = host.indexOf(':');
      if (colon < 0) continue;
      const withoutPort = host.slice(0, colon) + (slash < 0 ? '' : loc.slice(slash));
      const covering = idx.minEnclosing(withoutPort);
      if (covering !== Infinity && !idx.encloses(loc))
        c.warning(
          CODE.imageConfigInsecureScopeMissesPort,
          `${REGISTRY_SOURCES_PATH}.insecureRegistries[${covering}]`,
          `${goQuote(insecure[covering]!)} does not cover ${goQuote(loc)} (the Machine Config Operator compares the port too): that location gets no insecure = true, so TLS is verified there and plain HTTP is not used; add ${goQuote(host)}`,
        );
    }
  }
}

/**
 * For a cluster the other rules already refuse: MCO's own refusal of the lists as written, when
 * it is one those rules do not express (the mirror sets' errors and MCO's scope syntax check are
 * theirs), so that every reason is reported at once.
 */
export function checkMcoRefusal(
  c: Checker,
  mirrors: MirrorInput,
  rs: RegistrySources,
  outcome: BootstrapOutcome,
): void {
  if (outcome.ok || (outcome.stage === 'registries' && (outcome.kind === 'mirror-sets' || outcome.kind === 'scope')))
    return;
  refused(c, mirrors, rs, outcome);
}

/** Results for the bootstrap's outcome; `releaseKnown` is false when spec.release.image is missing. */
export function checkNodeRegistries(
  c: Checker,
  mirrors: MirrorInput,
  rs: RegistrySources,
  outcome: BootstrapOutcome,
  releaseKnown: boolean,
): void {
  if (!outcome.ok) {
    refused(c, mirrors, rs, outcome);
    return;
  }
  const fieldOf = fieldsOf(rs);
  if (!releaseKnown && (rs.blockedRegistries ?? []).length > 0)
    c.warning(
      CODE.imageConfigUnknownRelease,
      'spec.release.image',
      'no release image: the Machine Config Operator leaves a blocked scope out when it contains the release payload repository, which cannot be decided here; every blocked scope is rendered',
    );
  payloadResults(c, outcome, fieldOf);
  blockedMirrors(c, mirrors, outcome);
  policyResults(c, mirrors, rs, outcome);
  inheritanceResults(c, outcome, fieldOf);
  insecurePortResults(c, rs, outcome.registries);
}
