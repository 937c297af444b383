// The rules for one HostedCluster's mirror fields. Each check adds results; none throws.
import { CODE, MIN_VERSION, POLICIES, POLICY } from '../constants.js';
import type { DigestMirrorEntry, TagMirrorEntry } from '../registries/model.js';
import { result, type Target, type Result } from '../krm/result.js';
import { atLeast, formatVersion, releaseVersion, type Version } from './release-version.js';
import { isObject } from '../krm/kube.js';
import { checkMirror, checkSource } from '../registries/scope.js';
import { parseNormalizedNamed } from '../registries/reference.js';
import { tick } from '../work.js';
import { ShortKeyMemo } from '../memo.js';
import { alwaysTooLong, tooLongMessage } from './reference-length.js';

const ITMS = 'spec.imageTagMirrorSet';
const ICS = 'spec.imageContentSources';
const ENTRY_KEYS = new Set(['source', 'mirrors', 'mirrorSourcePolicy']);

export const show = (v: unknown) => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 120 ? s.slice(0, 117) + '..."' : s;
};
export const typeName = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a map' : `a ${typeof v}`;

export class Checker {
  readonly results: Result[] = [];
  constructor(private readonly subject: Target) {}
  error(code: Parameters<typeof result>[1], path: string, message: string) {
    this.results.push(result('error', code, message, this.subject, path));
  }
  warning(code: Parameters<typeof result>[1], path: string, message: string) {
    this.results.push(result('warning', code, message, this.subject, path));
  }
  info(code: Parameters<typeof result>[1], path: string, message: string) {
    this.results.push(result('info', code, message, this.subject, path));
  }
  get failed() {
    return this.results.some((r) => r.severity === 'error');
  }
}

/** A list field: undefined/null is an empty list; anything else but a list is a type error. */
export function listField(
  c: Checker,
  value: unknown,
  path: string,
  of = '{source, mirrors} entries',
): unknown[] | undefined {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  c.error(CODE.invalidType, path, `${path} must be a list of ${of}, not ${typeName(value)} (${show(value)})`);
  return undefined;
}

/** The field path of an entry's mirror (written only for a result). */
const mirrorPath = (at: string, j: number) => `${at}.mirrors[${j}]`;

/** A mirror entry's value with its syntax checked; undefined (and a result) when unusable. */
function mirrorScope(
  c: Checker,
  m: unknown,
  path: string,
  code: typeof CODE.invalidMirror | typeof CODE.icsInvalidMirror,
  why: string,
): string | undefined {
  if (typeof m !== 'string') {
    c.error(CODE.invalidType, path, `a mirror must be a string, not ${typeName(m)} (${show(m)})`);
    return undefined;
  }
  const check = checkMirror(m);
  if (check.ok) return m;
  c.error(code, path, `invalid format for mirror ${show(m)}: ${why}${check.error}`);
  return undefined;
}

/** An entry's field path (written only for a result: most entries have none). */
const tagAt = (i: number) => `${ITMS}[${i}]`;
const digestAt = (i: number) => `${ICS}[${i}]`;

/** Checks one imageTagMirrorSet entry; returns it typed, or undefined when it is unusable. */
function checkTagEntry(c: Checker, raw: unknown, i: number): TagMirrorEntry | undefined {
  if (!isObject(raw)) {
    c.error(
      CODE.invalidType,
      tagAt(i),
      `${tagAt(i)} must be a map with source and mirrors, not ${typeName(raw)} (${show(raw)})`,
    );
    return undefined;
  }
  for (const key of Object.keys(raw)) {
    if (!ENTRY_KEYS.has(key))
      c.warning(
        CODE.unknownField,
        `${tagAt(i)}.${key}`,
        `unknown field "${key}" is ignored by HyperShift; the fields are source, mirrors and mirrorSourcePolicy`,
      );
  }
  let ok = true;
  const source = raw.source;
  if (source === undefined || source === null || source === '') {
    c.error(
      CODE.emptySource,
      `${tagAt(i)}.source`,
      `${tagAt(i)} has an empty source: set source to the registry or repository to mirror, e.g. "quay.io/openshift"`,
    );
    ok = false;
  } else if (typeof source !== 'string') {
    c.error(
      CODE.invalidType,
      `${tagAt(i)}.source`,
      `source must be a string, not ${typeName(source)} (${show(source)})`,
    );
    ok = false;
  } else {
    const check = checkSource(source);
    if (!check.ok) {
      c.error(CODE.invalidSource, `${tagAt(i)}.source`, `invalid format for source ${show(source)}: ${check.error}`);
      ok = false;
    }
  }
  const policy = raw.mirrorSourcePolicy;
  if (policy !== undefined && policy !== null && (typeof policy !== 'string' || !POLICIES.includes(policy))) {
    c.error(
      CODE.invalidPolicy,
      `${tagAt(i)}.mirrorSourcePolicy`,
      `invalid mirrorSourcePolicy ${show(policy)}: use ${POLICY.allow} (the default) or ${POLICY.never}`,
    );
    ok = false;
  }
  const mirrors: string[] = [];
  const list = Array.isArray(raw.mirrors)
    ? raw.mirrors
    : listField(c, raw.mirrors, `${tagAt(i)}.mirrors`, 'mirror strings');
  if (!list) ok = false;
  else if (list.length === 0) {
    c.error(
      CODE.noMirrors,
      `${tagAt(i)}.mirrors`,
      `source ${show(source)} has no mirrors: list at least one mirror, or remove the entry`,
    );
    ok = false;
  } else {
    // The mirrors so far are the ones seen: a short list is searched, a long one gets a set.
    let seen: Set<string> | undefined;
    for (let j = 0; j < list.length; j++) {
      tick();
      const raw = list[j];
      // The field path is only written for a result: most mirrors have none.
      const m =
        typeof raw === 'string' && checkMirror(raw).ok
          ? raw
          : mirrorScope(c, raw, mirrorPath(tagAt(i), j), CODE.invalidMirror, '');
      if (m === undefined) {
        ok = false;
        continue;
      }
      if (m === source) {
        c.error(
          CODE.mirrorIsSource,
          mirrorPath(tagAt(i), j),
          policy === POLICY.never
            ? `mirror ${show(m)} is the source itself: with ${POLICY.never} it does not reach the source (that attempt is blocked like the source); remove it, and use ${POLICY.allow} if pulls should reach the source`
            : `mirror ${show(m)} is the source itself: remove it (the source is tried last anyway)`,
        );
        ok = false;
      } else if (seen ? seen.has(m) : mirrors.includes(m)) {
        c.error(
          CODE.duplicateMirror,
          mirrorPath(tagAt(i), j),
          `mirror ${show(m)} is listed twice for source ${show(source)}: remove the second one`,
        );
        ok = false;
      } else if (typeof source === 'string' && alwaysTooLong(m, source)) {
        c.error(CODE.mirrorReferenceTooLong, mirrorPath(tagAt(i), j), tooLongMessage(m, source));
        ok = false;
      }
      mirrors.push(m);
      if (seen) seen.add(m);
      else if (mirrors.length === 16) seen = new Set(mirrors);
    }
  }
  if (!ok) return undefined;
  const entry: TagMirrorEntry = { source: source as string, mirrors };
  if (typeof policy === 'string') entry.mirrorSourcePolicy = policy;
  return entry;
}

export function checkTagMirrors(c: Checker, raw: unknown[]): TagMirrorEntry[] {
  const entries: TagMirrorEntry[] = [];
  const firstIndex = new Map<string, number>();
  raw.forEach((item, i) => {
    tick();
    const e = checkTagEntry(c, item, i);
    const source = isObject(item) && typeof item.source === 'string' ? item.source : undefined;
    if (source) {
      const first = firstIndex.get(source);
      if (first !== undefined) {
        c.error(
          CODE.duplicateSource,
          `${ITMS}[${i}].source`,
          `source ${show(source)} is already configured in ${ITMS}[${first}]: merge the two entries into one`,
        );
      } else firstIndex.set(source, i);
    }
    if (e) entries.push(e);
  });
  return entries;
}

/** imageContentSources is input HyperShift already accepts: only what breaks MCO is an error. */
export function checkDigestMirrors(c: Checker, raw: unknown[]): DigestMirrorEntry[] {
  const entries: DigestMirrorEntry[] = [];
  raw.forEach((item, i) => {
    tick();
    if (!isObject(item) || typeof item.source !== 'string') {
      const what = isObject(item) ? `source ${show(item.source)}` : `${typeName(item)} (${show(item)})`;
      c.error(
        CODE.invalidType,
        isObject(item) ? `${digestAt(i)}.source` : digestAt(i),
        `${digestAt(i)} must be a map with a string source and a list of mirrors, not ${what}`,
      );
      return;
    }
    const source = item.source;
    let ok = true;
    const sourceCheck = checkSource(source);
    if (!sourceCheck.ok) {
      c.error(
        CODE.icsInvalidSource,
        `${digestAt(i)}.source`,
        `invalid format for source ${show(source)}: the Machine Config Operator rejects it and renders no registries.conf (${sourceCheck.error})`,
      );
      ok = false;
    }
    const list = Array.isArray(item.mirrors)
      ? item.mirrors
      : listField(c, item.mirrors, `${digestAt(i)}.mirrors`, 'mirror strings');
    if (!list) return;
    const mirrors: string[] = [];
    for (let j = 0; j < list.length; j++) {
      tick();
      const raw = list[j];
      const m =
        typeof raw === 'string' && checkMirror(raw).ok
          ? raw
          : mirrorScope(
              c,
              raw,
              mirrorPath(digestAt(i), j),
              CODE.icsInvalidMirror,
              'the Machine Config Operator rejects it: ',
            );
      if (m === undefined) {
        ok = false;
        continue;
      }
      if (m !== source && alwaysTooLong(m, source))
        c.warning(
          CODE.mirrorReferenceTooLong,
          mirrorPath(digestAt(i), j),
          `${tooLongMessage(m, source)}; rendered as the Machine Config Operator does`,
        );
      if (m === source) {
        c.warning(
          CODE.icsQuirk,
          mirrorPath(digestAt(i), j),
          `mirror ${show(m)} is the source itself; rendered as the Machine Config Operator does, but it has no effect as a mirror`,
        );
      }
      mirrors.push(m);
    }
    if (list.length === 0) {
      c.warning(
        CODE.icsQuirk,
        `${digestAt(i)}.mirrors`,
        `source ${show(source)} has no mirrors; the Machine Config Operator skips this entry`,
      );
    }
    if (ok) entries.push({ source, mirrors });
  });
  return entries;
}

/**
 * MCO: one policy per exact source across digest and tag sets (digest sets have none). Checked on
 * the entries as written (an entry other rules refuse still conflicts in MCO), in one pass.
 */
export function checkPolicyConflicts(c: Checker, rawTag: readonly unknown[], rawDigest: readonly unknown[]) {
  const digestSources = new Set<string>();
  for (const d of rawDigest) {
    tick();
    if (isObject(d) && typeof d.source === 'string') digestSources.add(d.source);
  }
  rawTag.forEach((r, i) => {
    tick();
    if (!isObject(r) || typeof r.source !== 'string') return;
    if (r.mirrorSourcePolicy !== POLICY.never || !digestSources.has(r.source)) return;
    c.error(
      CODE.conflictingPolicy,
      `${ITMS}[${i}].mirrorSourcePolicy`,
      `conflicting mirrorSourcePolicy is set for the same source ${show(r.source)}: ${ICS} mirrors it with the default ${POLICY.allow}; use the same policy, or mirror a more specific repository`,
    );
  });
}

/**
 * HyperShift's rule for release.image (the CRD's `self.matches('^(\\w+\\S+)$')`: a word
 * character first, no whitespace, two characters or more), written without nested
 * quantifiers so that it cannot backtrack. RE2's \S is everything but [\t\n\f\r ].
 */
export const RELEASE_IMAGE_PATTERN = /^[0-9A-Za-z_][^\t\n\f\r ]+$/;

/** A release image HyperShift would refuse, or could not pull by that name. */
function releaseImageProblem(image: string): string | undefined {
  if (!RELEASE_IMAGE_PATTERN.test(image))
    return 'HyperShift requires a word character first and no whitespace (surrounding spaces included)';
  const ref = parseNormalizedNamed(image);
  return ref.ok ? undefined : `not an image reference: ${ref.error}`;
}

/** What checkVersion reads from a release image: its problem, else its version (if it names one). */
interface ReleaseFacts {
  readonly problem: string | undefined;
  readonly version: Readonly<Version> | undefined;
}

/** Release images judged lately: a fleet has a few releases for many clusters. */
const releases = new ShortKeyMemo<ReleaseFacts>(64, 512);

function releaseFacts(image: string): ReleaseFacts {
  const known = releases.get(image);
  if (known !== undefined) return known;
  const problem = releaseImageProblem(image);
  const version = problem === undefined ? releaseVersion(image) : undefined;
  return releases.remember(image, { problem, version: version && Object.freeze(version) });
}

/** The version gate of the seed: ImageTagMirrorSet needs OpenShift 4.21 or later. */
export function checkVersion(c: Checker, spec: Record<string, unknown>, override?: Version): void {
  if (override) {
    if (!atLeast(override, MIN_VERSION))
      c.error(
        CODE.unsupportedVersion,
        'spec.release.image',
        `OpenShift ${formatVersion(override)} has no ImageTagMirrorSet (needs ${MIN_VERSION.major}.${MIN_VERSION.minor}+): upgrade the cluster, or use imageContentSources / an ImageDigestMirrorSet with digest references`,
      );
    return;
  }
  const release = spec.release;
  const image = isObject(release) ? release.image : undefined;
  const path = 'spec.release.image';
  if (image !== undefined && image !== null && typeof image !== 'string') {
    c.error(
      CODE.invalidType,
      path,
      `spec.release.image must be a string (a release image reference), not ${typeName(image)} (${show(image)})`,
    );
    return;
  }
  if (typeof image !== 'string' || image === '') {
    c.warning(
      CODE.unknownVersion,
      path,
      `no release image, so the OpenShift version is unknown; ImageTagMirrorSet needs ${MIN_VERSION.major}.${MIN_VERSION.minor}+`,
    );
    return;
  }
  const { problem, version: v } = releaseFacts(image);
  if (problem) {
    c.error(CODE.invalidReleaseImage, path, `release image ${show(image)} is invalid: ${problem}`);
    return;
  }
  if (!v) {
    c.warning(
      CODE.unknownVersion,
      path,
      `cannot read the OpenShift version from release image ${show(image)} (pinned by digest?); make sure it is ${MIN_VERSION.major}.${MIN_VERSION.minor}+, which ImageTagMirrorSet needs`,
    );
    return;
  }
  if (!atLeast(v, MIN_VERSION)) {
    c.error(
      CODE.unsupportedVersion,
      path,
      `release ${formatVersion(v)} has no ImageTagMirrorSet (needs OpenShift ${MIN_VERSION.major}.${MIN_VERSION.minor}+): upgrade the release image, or use imageContentSources with digest references`,
    );
  }
}
