// What MCO's RunImageBootstrap (container-runtime-config/container_runtime_config_controller.go,
// the path HyperShift's ignition server runs) makes of one HostedCluster's mirror sets and its
// Image config (spec.configuration.image, which HyperShift always hands over).
//
// Order of work (the first error wins; an error means no MachineConfig at all):
//   1. getValidBlockedAndAllowedRegistries (helpers.go): parse the release image
//      (reference.ParseNamed; failure: "error parsing reference of release image", fatal). Each
//      blocked scope that contains the payload repository (ScopeIsNestedInsideScope(repo, scope))
//      is kept only if payloadRepoHasUnblockedMirror says some pull source of the *release image
//      reference* lies outside every blocked scope; else it is dropped (logged). A kept one is
//      left out of policy.json's blocked list when it equals the repository, and the repository
//      is added to the allowed list (once per such scope). Any other error of this step (the
//      temporary registries.conf fails) is logged and ALL its blocked and allowed results are lost.
//   2. registries.conf when insecure or kept-blocked scopes or any mirror set exist:
//      validateRegistriesConfScopes (insecure, then blocked entries, IsValidRegistriesConfScope;
//      then the mirror sets), then EditRegistriesConfig; errors wrapped "could not update
//      registries config with new changes: ".
//   3. policy.json when the policy blocked or allowed list is non-empty: updatePolicyJSON refuses
//      both lists unless allowed is exactly [repository] ("invalid images config: only one of
//      AllowedRegistries or BlockedRegistries may be specified"); wrapped "could not update
//      policy json with new changes: ".
//   4. containerRuntimeSearchRegistries -> /etc/containers/registries.conf.d/01-image-searchRegistries.conf.
// Our MachineConfig carries only registries.conf; MCO's own MachineConfig keeps writing the
// files of steps 3 and 4, so they are modelled here for validation and explain only.
import { POLICY } from '../constants.js';
import { fail, ok, type Outcome } from '../outcome.js';
import { tick } from '../work.js';
import { goQuote, goQuoteList } from './go-quote.js';
import { refMatchingPrefix, RegistryIndex } from './match.js';
import { editRegistriesConfig } from './merge.js';
import { registryScope, type MirrorInput, type Registry } from './model.js';
import { scopeIndex, scopeIsNestedInsideScope } from './nesting.js';
import { buildPolicy, type PolicyModel } from './policy.js';
import { formatRef, nameOf, parseNamed, type ImageRef } from './reference.js';
import { checkMirror, checkSource } from './scope.js';
import { applyRegistrySources, type Inheritance, type RegistrySources } from './sources.js';
import { pushAll } from '../arrays.js';
import { ShortKeyMemo } from '../memo.js';

export interface BootstrapInput {
  mirrors: MirrorInput;
  /** spec.configuration.image.registrySources ([] lists count as absent: HyperShift drops them). */
  sources?: RegistrySources;
  /**
   * The release image MCO gets (the HostedCluster's spec.release.image). Undefined: unknown, and
   * the release-payload rule is not applied (every blocked scope is kept).
   */
  releaseImage?: string;
  /** The largest registries.conf to build (sources.ts MAX_REGISTRIES_CONF_BYTES by default). */
  maxBytes?: number;
  /** editRegistriesConfig(mirrors), when the caller has made it already (it is not changed). */
  mirrored?: readonly Registry[];
  /**
   * Every source and mirror of `mirrors` passed checkSource/checkMirror already (validation's
   * checked lists): MCO's format checks are not scanned again.
   */
  formatsChecked?: boolean;
}

export interface PayloadDecision {
  scope: string;
  outcome: 'dropped' | 'kept';
  /** kept: the pull source of the release image that no blocked scope covers. */
  via?: string;
}

export interface NodeRegistries {
  /** Whether MCO writes a registries.conf at all (else the node keeps the base file). */
  writesRegistriesConf: boolean;
  /** The [[registry]] blocks of that file, in order. */
  registries: Registry[];
  /** Blocks that copied the mirrors of an enclosing source. */
  inherited: Inheritance[];
  /** The blocked scopes MCO applied to registries.conf and to policy.json, and the allowed list. */
  registriesBlocked: string[];
  policyBlocked: string[];
  allowed: string[];
  policy: PolicyModel;
  /** containerRuntimeSearchRegistries: replaces the header's list for short names. */
  searchRegistries?: string[];
  /** The release payload repository, when the release image is known. */
  payloadRepo?: string;
  payload: PayloadDecision[];
  /** Step 1's other error: MCO logs it and then applies no blocked scope at all. */
  discardedError?: string;
}

export type BootstrapStage = 'release-image' | 'registries' | 'policy' | 'payload-panic';

export type BootstrapFailure =
  | { stage: Exclude<BootstrapStage, 'registries'>; error: string }
  | {
      stage: 'registries';
      error: string;
      kind: 'wildcard-nested' | 'too-large' | 'scope' | 'mirror-sets';
      scope?: string;
    };

export type BootstrapOutcome = ({ ok: true } & NodeRegistries) | ({ ok: false } & BootstrapFailure);

/** The MCO message MCO's bootstrap returns for an unparseable release image (not wrapped). */
export const RELEASE_IMAGE_ERROR = 'error parsing reference of release image';
export const REGISTRIES_ERROR_PREFIX = 'could not update registries config with new changes: ';
export const POLICY_ERROR_PREFIX = 'could not update policy json with new changes: ';
export const ONLY_ONE_OF = 'invalid images config: only one of AllowedRegistries or BlockedRegistries may be specified';

/** runtime-utils IsValidRegistriesConfScope: all MCO checks of an insecure/blocked/allowed entry. */
export function isValidRegistriesConfScope(scope: string): boolean {
  if (scope === '') return false;
  if (!scope.includes('*')) return true;
  return scope.startsWith('*.') && !/[/@:*]/.test(scope.slice(2));
}

/** An empty list is no list: HyperShift round-trips the Image through JSON with omitempty. */
const present = (xs: readonly string[] | undefined): string[] | undefined =>
  xs && xs.length > 0 ? [...xs] : undefined;

/** c/image PullSourcesFromReference for one block and reference: the names of its pull sources. */
function pullSourceNames(block: Registry, ref: ImageRef): Outcome<string[]> {
  const refString = formatRef(ref);
  const scope = registryScope(block);
  const isDigest = ref.digest !== undefined;
  const cut = refMatchingPrefix(refString, scope);
  if (cut < 0) return fail(`invalid prefix '${scope}' for reference '${refString}'`);
  const names: string[] = [];
  const locations = block.mirrors
    .filter((m) => !(m.pullFromMirror === 'digest-only' && !isDigest) && !(m.pullFromMirror === 'tag-only' && isDigest))
    .map((m) => m.location);
  for (const location of [...locations, block.location]) {
    if (location === '') {
      names.push(nameOf(ref)); // a wildcard block's own endpoint: the reference as is
      continue;
    }
    const r = parseNamed(location + refString.slice(cut));
    if (!r.ok) return fail(`rewriting reference: ${r.error}`);
    names.push(nameOf(r.value));
  }
  return ok(names);
}

type PayloadCheck = { ok: true; via: string | undefined } | { ok: false; error: string; panic: boolean };

/** payloadRepoHasUnblockedMirror: a temporary registries.conf from ICS + insecure + every blocked scope. */
function payloadHasUnblockedMirror(
  mirrors: MirrorInput,
  payload: ImageRef,
  insecure: readonly string[],
  blocked: readonly string[],
): PayloadCheck {
  const digestOnly = editRegistriesConfig({ imageContentSources: mirrors.imageContentSources, imageTagMirrorSet: [] });
  const edited = applyRegistrySources(digestOnly, insecure, blocked, Infinity);
  if (!edited.ok) return { ok: false, error: edited.error, panic: false };
  const match = new RegistryIndex(edited.registries).find(nameOf(payload));
  // FindRegistry found nothing: MCO calls a method on a nil *Registry and the bootstrap panics.
  if (!match)
    return {
      ok: false,
      panic: true,
      error: `no [[registry]] of the temporary registries.conf matches ${goQuote(nameOf(payload))}, although a blocked scope contains it: MCO's bootstrap then dereferences a nil registry and panics`,
    };
  const sources = pullSourceNames(match.registry, payload);
  if (!sources.ok) return { ok: false, error: sources.error, panic: false };
  const idx = scopeIndex(blocked);
  return { ok: true, via: sources.value.find((name) => !idx.encloses(name)) };
}

/**
 * The mirror-set part of validateRegistriesConfScopes: ICS (as the IDMS "cluster") entries, then
 * ITMS; per entry the source format, the policy conflict (by exact source, "" =
 * AllowContactingSource, entries without mirrors count too), then per mirror its format and the
 * NeverContactSource self-mirror rule. The validation reports all of these with its own results
 * first; here it only decides MCO's first error (for input that reaches the bootstrap anyway).
 */
export function mirrorSetsError(m: MirrorInput, formatsChecked = false): string | undefined {
  const policyOf = new Map<string, string>();
  const entryError = (source: string, mirrors: readonly string[], written: string | undefined) => {
    tick();
    if (!formatsChecked && !checkSource(source).ok) return `invalid format for source ${goQuote(source)}`;
    const policy = written === undefined || written === '' ? POLICY.allow : written;
    const seen = policyOf.get(source);
    if (seen === undefined) policyOf.set(source, policy);
    else if (seen !== policy)
      return `conflicting mirrorSourcePolicy is set for the same source ${goQuote(source)} in imagedigestmirrorsets, imagetagmirrorsets, or imagecontentsourcepolicies`;
    for (const mirror of mirrors) {
      if (!formatsChecked && !checkMirror(mirror).ok) return `invalid format for mirror ${goQuote(mirror)}`;
      if (policy === POLICY.never && mirror === source)
        return `cannot set mirrorSourcePolicy: NeverContactSource if the source ${goQuote(source)} is one of the mirrors`;
    }
    return undefined;
  };
  for (const e of m.imageContentSources) {
    const error = entryError(e.source, e.mirrors, undefined);
    if (error !== undefined) return error;
  }
  for (const e of m.imageTagMirrorSet) {
    const error = entryError(e.source, e.mirrors, e.mirrorSourcePolicy);
    if (error !== undefined) return error;
  }
  return undefined;
}

/** Release images parsed lately: a fleet has a few releases for many clusters. */
const releaseRefs = new ShortKeyMemo<Readonly<ImageRef> | null>(64, 512);

/** parseNamed of a release image (frozen: shared by the clusters of one release), undefined when it fails. */
function releaseRef(image: string): Readonly<ImageRef> | undefined {
  let ref = releaseRefs.get(image);
  if (ref === undefined) {
    const parsed = parseNamed(image);
    ref = releaseRefs.remember(image, parsed.ok ? Object.freeze(parsed.value) : null);
  }
  return ref ?? undefined;
}

export function runImageBootstrap(input: BootstrapInput): BootstrapOutcome {
  const rs = input.sources ?? {};
  const insecure = present(rs.insecureRegistries) ?? [];
  const blockedIn = present(rs.blockedRegistries) ?? [];
  const allowedIn = present(rs.allowedRegistries) ?? [];
  const searchRegistries = present(rs.containerRuntimeSearchRegistries);

  // 1. getValidBlockedAndAllowedRegistries
  let payloadRef: Readonly<ImageRef> | undefined;
  if (input.releaseImage !== undefined) {
    payloadRef = releaseRef(input.releaseImage);
    if (payloadRef === undefined) return { ok: false, stage: 'release-image', error: RELEASE_IMAGE_ERROR };
  }
  const payloadRepo = payloadRef ? nameOf(payloadRef) : undefined;
  let registriesBlocked: string[] = [];
  let policyBlocked: string[] = [];
  let allowed: string[] = [];
  const payload: PayloadDecision[] = [];
  let discardedError: string | undefined;
  // MCO recomputes it for every blocked scope containing the payload; the inputs are the same.
  let cached: PayloadCheck | undefined;
  for (const scope of blockedIn) {
    tick();
    if (payloadRef === undefined || !scopeIsNestedInsideScope(payloadRepo!, scope)) {
      registriesBlocked.push(scope);
      policyBlocked.push(scope);
      continue;
    }
    const has = (cached ??= payloadHasUnblockedMirror(input.mirrors, payloadRef, insecure, blockedIn));
    if (!has.ok) {
      if (has.panic) return { ok: false, stage: 'payload-panic', error: has.error };
      discardedError = has.error;
      break;
    }
    if (has.via === undefined) {
      payload.push({ scope, outcome: 'dropped' });
      continue;
    }
    payload.push({ scope, outcome: 'kept', via: has.via });
    registriesBlocked.push(scope);
    if (payloadRepo !== scope) policyBlocked.push(scope);
    allowed.push(payloadRepo!);
  }
  if (discardedError !== undefined) {
    registriesBlocked = [];
    policyBlocked = [];
    allowed = [];
  } else pushAll(allowed, allowedIn);
  pushAll(allowed, allowedIn); // RunImageBootstrap appends AllowedRegistries a second time

  // 2. registries.conf
  const hasMirrorSets = input.mirrors.imageContentSources.length > 0 || input.mirrors.imageTagMirrorSet.length > 0;
  const writesRegistriesConf = insecure.length > 0 || registriesBlocked.length > 0 || hasMirrorSets;
  let registries: Registry[] = [];
  let inherited: Inheritance[] = [];
  if (writesRegistriesConf) {
    const wrap = (msg: string) => REGISTRIES_ERROR_PREFIX + msg;
    for (const [what, scopes] of [
      ['insecure', insecure],
      ['blocked', registriesBlocked],
    ] as const)
      for (const s of scopes)
        if (!isValidRegistriesConfScope(s))
          return {
            ok: false,
            stage: 'registries',
            kind: 'scope',
            scope: s,
            error: wrap(`invalid entry for ${what} registries ${goQuote(s)}`),
          };
    const sets = mirrorSetsError(input.mirrors, input.formatsChecked);
    if (sets) return { ok: false, stage: 'registries', kind: 'mirror-sets', error: wrap(sets) };
    const edited = applyRegistrySources(
      input.mirrored ?? editRegistriesConfig(input.mirrors),
      insecure,
      registriesBlocked,
      input.maxBytes,
    );
    if (!edited.ok) {
      if (edited.kind === 'too-large')
        return { ok: false, stage: 'registries', kind: 'too-large', error: edited.error };
      return {
        ok: false,
        stage: 'registries',
        kind: 'wildcard-nested',
        scope: edited.scope,
        error: wrap(edited.error),
      };
    }
    registries = edited.registries;
    inherited = edited.inherited;
  }

  // 3. policy.json
  if (policyBlocked.length > 0 || allowed.length > 0) {
    const wrap = (msg: string) => POLICY_ERROR_PREFIX + msg;
    if (allowed.length > 0 && policyBlocked.length > 0 && !(allowed.length === 1 && allowed[0] === payloadRepo))
      return { ok: false, stage: 'policy', error: wrap(ONLY_ONE_OF) };
    for (const s of policyBlocked)
      if (!isValidRegistriesConfScope(s))
        return { ok: false, stage: 'policy', error: wrap(`invalid entry for blocked registries ${goQuote(s)}`) };
    for (const s of allowed)
      if (!isValidRegistriesConfScope(s))
        return { ok: false, stage: 'policy', error: wrap(`invalid entry for allowed registries ${goQuote(s)}`) };
  }

  const out: { ok: true } & NodeRegistries = {
    ok: true,
    writesRegistriesConf,
    registries,
    inherited,
    registriesBlocked,
    policyBlocked,
    allowed,
    policy: buildPolicy(policyBlocked, allowed),
    payload,
  };
  if (searchRegistries) out.searchRegistries = searchRegistries;
  if (payloadRepo !== undefined) out.payloadRepo = payloadRepo;
  if (discardedError !== undefined) out.discardedError = discardedError;
  return out;
}

/**
 * What a successful outcome says about the node: the outcome without its `ok`, fields in their
 * order (what `const { ok, ...node } = outcome` gives, without the generic copy).
 */
export function nodeRegistriesOf(o: { ok: true } & NodeRegistries): NodeRegistries {
  const node: NodeRegistries = {
    writesRegistriesConf: o.writesRegistriesConf,
    registries: o.registries,
    inherited: o.inherited,
    registriesBlocked: o.registriesBlocked,
    policyBlocked: o.policyBlocked,
    allowed: o.allowed,
    policy: o.policy,
    payload: o.payload,
  };
  if (o.searchRegistries !== undefined) node.searchRegistries = o.searchRegistries;
  if (o.payloadRepo !== undefined) node.payloadRepo = o.payloadRepo;
  if (o.discardedError !== undefined) node.discardedError = o.discardedError;
  return node;
}

/** MCO's log line for the dropped payload scopes (klog, not an error). */
export const droppedLog = (scopes: readonly string[]): string =>
  `error adding ${goQuoteList(scopes)} to blocked registries, cannot block the repository being used by the payload, skipping....`;
