// Validates one HostedCluster's mirror configuration; returns its results and, when it
// has no error and a non-empty imageTagMirrorSet, the checked input for generation and the
// registries its nodes get (MCO's rendering of the mirror lists and the Image config).
import { CODE } from '../constants.js';
import { releaseImageOf } from '../hypershift/cluster.js';
import {
  nodeRegistriesOf,
  runImageBootstrap,
  type BootstrapInput,
  type NodeRegistries,
} from '../registries/bootstrap.js';
import { editRegistriesConfig } from '../registries/merge.js';
import type { DigestMirrorEntry, MirrorInput, Registry, TagMirrorEntry } from '../registries/model.js';
import type { RegistrySources } from '../registries/sources.js';
import type { Version } from './release-version.js';
import type { Target, Result } from '../krm/result.js';
import { isObject } from '../krm/kube.js';
import { checkBlockedMirrors } from './blocked.js';
import { checkRegistrySources } from './image-config.js';
import { checkMcoRefusal, checkNodeRegistries } from './image-config-effects.js';
import {
  Checker,
  show,
  typeName,
  checkDigestMirrors,
  checkPolicyConflicts,
  checkTagMirrors,
  checkVersion,
  listField,
} from './rules.js';

export interface ClusterValidation {
  results: Result[];
  /** Present only for a valid cluster with a non-empty imageTagMirrorSet. */
  mirrors?: MirrorInput;
  /** The [[registry]] blocks of the registries.conf its nodes get (with the Image config's scopes). */
  registries?: Registry[];
  /** Everything MCO renders for the nodes: policy.json, the search list, the payload decisions. */
  node?: NodeRegistries;
  /** spec.configuration.image.registrySources, checked (empty lists left out). */
  sources?: RegistrySources;
  /** spec.release.image as MCO gets it (undefined when the spec has none). */
  releaseImage?: string;
}

export interface ValidateOptions {
  /** Known version (generator mode), instead of reading spec.release.image. */
  version?: Version;
}

/** spec.release.image when it is a non-empty string (its type is checkVersion's concern). */
function releaseImage(spec: unknown): string | undefined {
  const image = releaseImageOf(spec);
  return typeof image === 'string' && image !== '' ? image : undefined;
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The mirror lists as written, when every entry is well typed (what MCO would get), else undefined. */
function asWritten(rawTag: readonly unknown[], rawDigest: readonly unknown[]): MirrorInput | undefined {
  const imageTagMirrorSet: TagMirrorEntry[] = [];
  for (const e of rawTag) {
    if (!isObject(e) || typeof e.source !== 'string') return undefined;
    const mirrors = e.mirrors ?? [];
    if (!isStrings(mirrors)) return undefined;
    const policy = e.mirrorSourcePolicy;
    if (policy !== undefined && policy !== null && typeof policy !== 'string') return undefined;
    imageTagMirrorSet.push({
      source: e.source,
      mirrors,
      ...(typeof policy === 'string' ? { mirrorSourcePolicy: policy } : {}),
    });
  }
  const imageContentSources: DigestMirrorEntry[] = [];
  for (const e of rawDigest) {
    if (!isObject(e) || typeof e.source !== 'string') return undefined;
    const mirrors = e.mirrors ?? [];
    if (!isStrings(mirrors)) return undefined;
    imageContentSources.push({ source: e.source, mirrors });
  }
  return { imageContentSources, imageTagMirrorSet };
}

/**
 * MCO's rendering for checked mirror lists and Image config, with its results; the node's
 * registries when MCO renders them.
 */
function renderForNodes(
  c: Checker,
  spec: unknown,
  mirrors: MirrorInput,
  sources: RegistrySources,
  mirrored?: readonly Registry[],
): { node?: NodeRegistries; releaseImage?: string } {
  const release = releaseImage(spec);
  const input: BootstrapInput = { mirrors, formatsChecked: true, sources };
  if (mirrored) input.mirrored = mirrored;
  if (release !== undefined) input.releaseImage = release;
  const outcome = runImageBootstrap(input);
  checkNodeRegistries(c, mirrors, sources, outcome, release !== undefined);
  const out: { node?: NodeRegistries; releaseImage?: string } = {};
  if (outcome.ok) out.node = nodeRegistriesOf(outcome);
  if (release !== undefined) out.releaseImage = release;
  return out;
}

export function validateHostedCluster(spec: unknown, subject: Target, opts: ValidateOptions = {}): ClusterValidation {
  const c = new Checker(subject);
  if (spec === undefined || spec === null) return { results: c.results };
  if (!isObject(spec)) {
    c.error(CODE.invalidType, 'spec', `spec must be a map, not ${typeName(spec)} (${show(spec)})`);
    return { results: c.results };
  }
  const rawTag = listField(c, spec.imageTagMirrorSet, 'spec.imageTagMirrorSet');
  if (!rawTag || rawTag.length === 0) return { results: c.results };

  checkVersion(c, spec, opts.version);
  const imageTagMirrorSet = checkTagMirrors(c, rawTag);
  const rawDigest = listField(c, spec.imageContentSources, 'spec.imageContentSources') ?? [];
  const imageContentSources = checkDigestMirrors(c, rawDigest);
  checkPolicyConflicts(c, rawTag, rawDigest);
  // Runs on the entries that passed so far, so every problem is reported in one go.
  const mirrors: MirrorInput = { imageContentSources, imageTagMirrorSet };
  const mirrored = editRegistriesConfig(mirrors);
  checkBlockedMirrors(c, mirrors, mirrored);
  const checked = checkRegistrySources(c, spec);
  if (c.failed || checked?.failed) {
    // MCO's own reason too, when the other rules do not say it: every problem at once.
    const raw = asWritten(rawTag, rawDigest);
    const rawSources = checked ? checked.asWritten : {};
    const release = releaseImage(spec);
    if (raw && rawSources)
      checkMcoRefusal(
        c,
        raw,
        rawSources,
        runImageBootstrap({
          mirrors: raw,
          sources: rawSources,
          ...(release !== undefined ? { releaseImage: release } : {}),
        }),
      );
    return { results: c.results };
  }
  const sources = checked?.sources ?? {};
  const { node, releaseImage: release } = renderForNodes(c, spec, mirrors, sources, mirrored);
  if (c.failed || !node) return { results: c.results };
  const valid: ClusterValidation = { results: c.results, mirrors, registries: node.registries, node, sources };
  if (release !== undefined) valid.releaseImage = release;
  return valid;
}

/**
 * The registries of a cluster the function generates nothing for (no imageTagMirrorSet):
 * HyperShift still renders its imageContentSources and Image config. Undefined registries when
 * they have errors.
 */
export function validateDigestMirrors(spec: unknown, target: Target = {}): ClusterValidation {
  const c = new Checker(target);
  const raw = isObject(spec) ? spec.imageContentSources : undefined;
  const imageContentSources = checkDigestMirrors(c, listField(c, raw, 'spec.imageContentSources') ?? []);
  const checked = checkRegistrySources(c, spec);
  if (c.failed || checked?.failed) return { results: c.results };
  const mirrors: MirrorInput = { imageContentSources, imageTagMirrorSet: [] };
  const { node } = renderForNodes(c, spec, mirrors, checked?.sources ?? {});
  if (c.failed || !node) return { results: c.results };
  return { results: c.results, registries: node.registries, node };
}
