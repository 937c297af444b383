// Validates one HostedCluster's mirror configuration; returns its results and, when it
// has no error and a non-empty imageTagMirrorSet, the checked input for generation.
import { CODE } from '../constants.js';
import { editRegistriesConfig } from '../registries/merge.js';
import type { Registry, MirrorInput } from '../registries/model.js';
import type { Version } from './release-version.js';
import type { Target, Result } from '../krm/result.js';
import { isObject } from '../krm/kube.js';
import { checkBlockedMirrors } from './blocked.js';
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
  registries?: Registry[];
}

export interface ValidateOptions {
  /** Known version (generator mode), instead of reading spec.release.image. */
  version?: Version;
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
  checkPolicyConflicts(c, imageTagMirrorSet, rawTag, imageContentSources);
  // Runs on the entries that passed so far, so every problem is reported in one go.
  const mirrors: MirrorInput = { imageContentSources, imageTagMirrorSet };
  const registries = editRegistriesConfig(mirrors);
  checkBlockedMirrors(c, mirrors, registries);
  if (c.failed) return { results: c.results };
  return { results: c.results, mirrors, registries };
}

/**
 * The registries of a cluster the function generates nothing for (no imageTagMirrorSet):
 * HyperShift still renders its imageContentSources. Undefined registries when they have errors.
 */
export function validateDigestMirrors(spec: unknown, target: Target = {}): ClusterValidation {
  const c = new Checker(target);
  const raw = isObject(spec) ? spec.imageContentSources : undefined;
  const imageContentSources = checkDigestMirrors(c, listField(c, raw, 'spec.imageContentSources') ?? []);
  if (c.failed) return { results: c.results };
  return { results: c.results, registries: editRegistriesConfig({ imageContentSources, imageTagMirrorSet: [] }) };
}
