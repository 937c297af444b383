// Where a node would pull an image from, given the [[registry]] registries of its registries.conf:
// containers/image's PullSourcesFromReference and the steps CRI-O takes before it.
//
// Follows containers/image v5.35.0 (vendored by MCO; CRI-O ships the same code):
//   - pkg/sysregistriesv2/system_registries_v2.go
//       postProcessRegistries: registries sorted by prefix (a block without prefix uses its location);
//       FindRegistry/findRegistryWithParsedConfig: among matching registries the longest *prefix string*
//         wins (len(prefix), so "*.x.com" counts 7), the first in sorted order on a tie;
//       refMatchingPrefix/refMatchingSubdomainPrefix: boundary "/", ":", "@" or the end;
//         "*.x.com" matches hosts ending in ".x.com", not "x.com";
//       Registry.PullSourcesFromReference: the block's mirrors in order, skipping digest-only
//         mirrors for tag references and tag-only mirrors for digest references, then the
//         block's own location; Endpoint.rewriteReference: location + the rest of the reference
//         after the matched prefix, re-parsed with reference.ParseNamed; any failure fails the
//         whole pull before a single request ("rewriting reference: ...").
//   - docker/docker_image_src.go newImageSource: no matching block -> the reference itself;
//       each pull source is tried in order ("Trying to access ...") until one works.
//   - docker/docker_client.go newDockerClient: every attempt looks its *own* name up again with
//       FindRegistry; a blocked match fails that attempt ("registry X is blocked in ...") without
//       a request. Enclosing registries are never consulted.
//   - docker/docker_image_src.go newImageSourceAttempt: TLS verification per attempt comes from
//       the pull source's endpoint (the [[registry.mirror]] entry's `insecure` for a mirror, the
//       block's for the source; false without a block); with it, docker_client.go
//       detectPropertiesHelper also falls back to plain HTTP. So a mirror on an HTTP-only host
//       works only when its own entry says insecure = true (Image config insecureRegistries).
//   - copy/single.go: policy.json (policy.ts) decides once, on the reference that was asked for
//       (never a mirror's), after the manifest came from the first attempt that answered; a
//       rejection fails the pull there.
// On the node, before containers/image (CRI-O v1.34, internal/storage/image.go
// CandidatesForPotentiallyShortImageName, references/registry_reference.go
// RegistryImageReferenceFromRaw; pkg/shortnames Resolve):
//   - the kubelet adds ":latest" to a reference with neither tag nor digest;
//   - a reference with a tag and a digest loses the tag (a digest pull);
//   - a short name ("nginx", "team/app") becomes one candidate per unqualified-search registry;
//     CRI-O 1.34+ sets short_name_mode = "enforcing" unless crio.conf says "disabled", and then an
//     ambiguous short name (two or more candidates, no alias) fails before any request.
import type { Outcome } from '../outcome.js';
import { refMatchingPrefix, RegistryIndex } from './match.js';
import { registryScope, UNQUALIFIED_SEARCH_REGISTRIES, type PullFromMirror, type Registry } from './model.js';
import { evaluatePolicy, type PolicyDecision, type PolicyModel } from './policy.js';
import {
  formatRef,
  isShortName,
  nameOf,
  parseNamed,
  parseNormalizedNamed,
  parseReference,
  type ImageRef,
} from './reference.js';

export type AttemptOutcome = 'try' | 'blocked' | 'skipped-digest-only' | 'skipped-tag-only' | 'invalid-reference';

export interface PullAttempt {
  /** The full reference of this attempt (for invalid-reference: the text that failed to parse). */
  location: string;
  kind: 'mirror' | 'source';
  pullFromMirror?: PullFromMirror;
  outcome: AttemptOutcome;
  /** TLS not verified and plain HTTP allowed for this attempt (its endpoint's insecure = true). */
  insecure: boolean;
  /** blocked: the scope of the blocked [[registry]] this location itself falls under. */
  blockedBy?: string;
  /** invalid-reference: containers/image's error. */
  error?: string;
}

export interface PullPlan {
  /** The reference pulled, fully qualified. */
  image: string;
  pullBy: 'tag' | 'digest';
  /** The scope (prefix, else location) of the [[registry]] that matched, if any. */
  scope?: string;
  /** The matched block has blocked = true (NeverContactSource). */
  blocked: boolean;
  /** In containers/image's order: mirrors (skipped ones included, marked), then the source. */
  attempts: PullAttempt[];
  /** Set when the pull fails before any request: then no attempt is made at all. */
  error?: string;
  /** policy.json's decision for the reference asked for (when the node's policy is known). */
  policy?: PolicyDecision;
}

/** What a node has besides the [[registry]] blocks: policy.json, and the search list for short names. */
export interface NodeConfig {
  policy?: PolicyModel;
  /** containerRuntimeSearchRegistries, which replaces registries.conf's unqualified-search-registries. */
  searchRegistries?: readonly string[];
}

/**
 * Endpoint.rewriteReference: the location plus what follows the matched prefix, parsed again
 * (it must be canonical). An empty location (a wildcard block's own endpoint) keeps the reference.
 */
export function rewriteReference(ref: string, prefix: string, location: string): Outcome<ImageRef> {
  const prefixLength = refMatchingPrefix(ref, prefix);
  if (prefixLength === -1) return { ok: false, error: `invalid prefix '${prefix}' for reference '${ref}'` };
  if (location === '') {
    if (!prefix.startsWith('*.'))
      return {
        ok: false,
        error: `invalid prefix '${prefix}' for empty location, should be in the format: *.example.com`,
      };
    return parseNamed(ref);
  }
  const rewritten = parseNamed(location + ref.slice(prefixLength));
  return rewritten.ok ? rewritten : { ok: false, error: `rewriting reference: ${rewritten.error}` };
}

/** The locations containers/image actually contacts or refuses, in order (what skopeo logs). */
export function triedLocations(plan: PullPlan): string[] {
  if (plan.error !== undefined) return [];
  return plan.attempts.filter((a) => a.outcome === 'try' || a.outcome === 'blocked').map((a) => a.location);
}

function blockedMessage(scope: string): string {
  return `registry ${scope} is blocked in /etc/containers/registries.conf or /etc/containers/registries.conf.d`;
}

/** One attempt's own check: its name matched again; a blocked block refuses it. */
function attemptOutcome(ref: ImageRef, index: RegistryIndex): Pick<PullAttempt, 'outcome' | 'blockedBy' | 'error'> {
  const own = index.find(nameOf(ref))?.registry;
  if (own?.blocked)
    return { outcome: 'blocked', blockedBy: registryScope(own), error: blockedMessage(registryScope(own)) };
  return { outcome: 'try' };
}

/**
 * The docker transport of containers/image (what `skopeo copy docker://IMAGE` does): the pull
 * sources for one reference. The reference is normalised as the transport does (docker.io,
 * library/, :latest when neither tag nor digest). A reference with both a tag and a digest is
 * refused, as the transport refuses it.
 */
export function explainPull(
  image: string,
  registries: readonly Registry[] | RegistryIndex,
  node: NodeConfig = {},
): PullPlan {
  const index = registries instanceof RegistryIndex ? registries : new RegistryIndex(registries);
  const parsed = parseNormalizedNamed(image);
  if (!parsed.ok)
    return {
      image,
      pullBy: 'tag',
      blocked: false,
      attempts: [],
      error: `invalid image reference "${image}": ${parsed.error}`,
    };
  const ref = parsed.value;
  if (ref.tag !== undefined && ref.digest !== undefined) {
    return {
      image,
      pullBy: 'digest',
      blocked: false,
      attempts: [],
      error: 'Docker references with both a tag and digest are currently not supported',
    };
  }
  if (ref.tag === undefined && ref.digest === undefined) ref.tag = 'latest';
  const refString = formatRef(ref);
  const isDigest = ref.digest !== undefined;
  const plan: PullPlan = { image: refString, pullBy: isDigest ? 'digest' : 'tag', blocked: false, attempts: [] };
  if (node.policy) plan.policy = evaluatePolicy(node.policy, ref);

  const block = index.find(nameOf(ref))?.registry;
  if (!block) {
    plan.attempts.push({ location: refString, kind: 'source', insecure: false, ...attemptOutcome(ref, index) });
    return plan;
  }
  const scope = registryScope(block);
  plan.scope = scope;
  plan.blocked = block.blocked;
  const prefixLength = refMatchingPrefix(refString, scope);
  for (const m of block.mirrors) {
    const skipped: AttemptOutcome | undefined =
      m.pullFromMirror === 'digest-only' && !isDigest
        ? 'skipped-digest-only'
        : m.pullFromMirror === 'tag-only' && isDigest
          ? 'skipped-tag-only'
          : undefined;
    // A skipped mirror is dropped before any rewriting; it is listed (marked) for the reader.
    if (skipped)
      plan.attempts.push({
        location: m.location + refString.slice(prefixLength),
        kind: 'mirror',
        pullFromMirror: m.pullFromMirror,
        outcome: skipped,
        insecure: m.insecure,
      });
    else plan.attempts.push(rewrite(m.location, 'mirror', m.insecure, m.pullFromMirror));
  }
  plan.attempts.push(rewrite(block.location, 'source', block.insecure));
  // PullSourcesFromReference returns the first rewrite error: nothing is tried then.
  const invalid = plan.attempts.find((a) => a.outcome === 'invalid-reference');
  if (invalid) plan.error = invalid.error!;
  return plan;

  function rewrite(
    location: string,
    kind: 'mirror' | 'source',
    insecure: boolean,
    pullFromMirror?: PullFromMirror,
  ): PullAttempt {
    const base: PullAttempt = { location: '', kind, outcome: 'try', insecure };
    if (pullFromMirror) base.pullFromMirror = pullFromMirror;
    const r = rewriteReference(refString, scope, location);
    if (!r.ok)
      return {
        ...base,
        location: location + refString.slice(prefixLength),
        outcome: 'invalid-reference',
        error: r.error,
      };
    return { ...base, location: formatRef(r.value), ...attemptOutcome(r.value, index) };
  }
}

export interface NodePull {
  /** The image as written in the pod spec. */
  input: string;
  /** What the kubelet hands CRI-O (":latest" added when there is neither tag nor digest). */
  requested: string;
  /** Steps before containers/image, in words. */
  notes: string[];
  /** A short name: resolved through the unqualified-search registries. */
  shortName?: {
    candidates: string[];
    /** Under CRI-O's default short_name_mode "enforcing": the error, when the name is ambiguous. */
    enforcingError?: string;
  };
  /** One plan per candidate, tried in order (a fully qualified name has one). */
  plans: PullPlan[];
  /** The pull cannot start at all (an invalid reference). */
  error?: string;
}

/**
 * The node's whole path for an image in a pod spec: kubelet default tag, CRI-O's short-name
 * resolution and tag+digest handling, then containers/image (explainPull) per candidate.
 */
export function explainNodePull(image: string, registries: readonly Registry[], node: NodeConfig = {}): NodePull {
  const search = node.searchRegistries ?? UNQUALIFIED_SEARCH_REGISTRIES;
  const out: NodePull = { input: image, requested: image, notes: [], plans: [] };
  const raw = parseReference(image);
  if (!raw.ok) {
    out.error = `invalid image reference "${image}": ${raw.error}`;
    return out;
  }
  const ref = raw.value;
  if (ref.tag === undefined && ref.digest === undefined) {
    out.requested = `${image}:latest`;
    out.notes.push('no tag or digest: the kubelet asks for ":latest"');
  }
  const strip = (r: ImageRef): ImageRef => {
    if (r.tag === undefined || r.digest === undefined) return r;
    const { tag: _tag, ...rest } = r;
    return rest;
  };
  if (ref.tag !== undefined && ref.digest !== undefined) {
    out.notes.push(`tag and digest: CRI-O drops the tag ":${ref.tag}" and pulls by digest`);
  }
  let candidates: string[];
  if (isShortName(ref)) {
    candidates = [];
    for (const reg of search) {
      const c = parseNormalizedNamed(`${reg}/${out.requested}`);
      if (!c.ok) {
        out.error = `creating reference with unqualified-search registry "${reg}": ${c.error}`;
        return out;
      }
      candidates.push(formatRef(strip(c.value)));
    }
    out.shortName = { candidates };
    if (candidates.length > 1) {
      out.shortName.enforcingError = `short name mode is enforcing, but image name ${out.requested} returns ambiguous list`;
    }
    out.notes.push(
      `short name: CRI-O resolves it through unqualified-search-registries (${search.join(', ')}${node.searchRegistries ? `: the Image config's containerRuntimeSearchRegistries, which replace ${UNQUALIFIED_SEARCH_REGISTRIES.join(', ')}` : ''}) unless a ` +
        'short-name alias in /etc/containers/registries.conf.d names it. CRI-O 1.34+ (OpenShift 4.21) uses short_name_mode = "enforcing" ' +
        'by default: an ambiguous short name then fails before any request; with short_name_mode = "disabled" in crio.conf, the ' +
        'candidates below are tried in order. Use a fully qualified reference to avoid both.',
    );
  } else {
    const n = parseNormalizedNamed(out.requested);
    if (!n.ok) {
      out.error = `invalid image reference "${image}": ${n.error}`;
      return out;
    }
    candidates = [formatRef(strip(n.value))];
  }
  const index = new RegistryIndex(registries);
  out.plans = candidates.map((c) => explainPull(c, index, node));
  return out;
}
