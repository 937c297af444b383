// A fleet's clusters repeat a few setups: 1,000 HostedClusters may carry a handful of mirror
// lists, Image configs and release images between them. A validation without results is
// remembered by the content it reads, and a cluster with the same content gets the same answer
// (its registries and mirror lists shared, never changed after). A validation with results is
// never remembered: its results name the cluster.
import { ShortKeyMemo } from '../memo.js';
import { validateHostedCluster, type ClusterValidation, type ValidateOptions } from './hosted-cluster.js';
import type { Target } from '../krm/result.js';

/**
 * Whether a value is only strings, nulls, lists and plain maps (what the fast reader gives):
 * JSON then writes two such values alike only when they are the same. A full parse's numbers
 * and booleans are not (NaN, Infinity and null all write as null): not remembered.
 */
function plain(v: unknown, depth = 0): boolean {
  if (typeof v === 'string' || v === null) return true;
  if (typeof v !== 'object' || depth > 64) return false;
  if (Array.isArray(v)) {
    for (const x of v) if (!plain(x, depth + 1)) return false;
    return true;
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const k in v) if (!plain((v as Record<string, unknown>)[k], depth + 1)) return false;
  return true;
}

/**
 * What validateHostedCluster reads of a spec: these four fields, whole (an absent one is left
 * out). `plainValues`: the caller knows them to be plain (the fast reader's).
 */
function keyOf(spec: unknown, plainValues: boolean): string | undefined {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return undefined;
  const {
    imageTagMirrorSet: t,
    imageContentSources: d,
    release: r,
    configuration: c,
  } = spec as Record<string, unknown>;
  if (!plainValues) for (const v of [t, d, r, c]) if (v !== undefined && !plain(v)) return undefined;
  return JSON.stringify({ t, d, r, c });
}

/** Clean validations by their key: bounded (256 setups, keys up to 16 KiB), emptied when full. */
const clean = new ShortKeyMemo<ClusterValidation>(256, 16 * 1024);

/**
 * A few strings of a spec that a setup repeats: the number of tag mirror entries, the first and
 * last entry's source, the release image. Cheap to take (no walk, no JSON); two clusters of one
 * setup have the same, and most clusters of a fleet of distinct setups do not.
 */
function fingerprint(spec: Record<string, unknown>): string {
  const t = spec.imageTagMirrorSet;
  const r = spec.release;
  const sourceOf = (e: unknown) =>
    typeof e === 'object' && e !== null && typeof (e as { source?: unknown }).source === 'string'
      ? (e as { source: string }).source
      : '';
  const image =
    typeof r === 'object' && r !== null && typeof (r as { image?: unknown }).image === 'string'
      ? (r as { image: string }).image
      : '';
  if (!Array.isArray(t) || t.length === 0) return `${Array.isArray(t) ? 0 : -1} ${image}`;
  return `${t.length} ${sourceOf(t[0])} ${sourceOf(t[t.length - 1])} ${image}`;
}

/** Fingerprints seen lately: bounded, emptied when full. */
const seen = new Set<string>();
const MAX_SEEN = 4096;
const MAX_FINGERPRINT = 4096;

/**
 * validateHostedCluster, remembered when it finds nothing to report. `plainValues`: the spec's
 * values are known to be strings, nulls, lists and plain maps (read by the fast reader).
 *
 * The key (the four fields as JSON) costs a walk and a long string: it is made only for a spec
 * whose fingerprint came before, so a fleet of 1,000 distinct setups makes none, and one setup
 * is shared from its third cluster on (the second makes the key and remembers).
 */
export function validateRemembered(
  spec: unknown,
  subject: Target,
  opts: ValidateOptions = {},
  plainValues = false,
): ClusterValidation {
  let key: string | undefined;
  if (opts.version === undefined && typeof spec === 'object' && spec !== null && !Array.isArray(spec)) {
    const fp = fingerprint(spec as Record<string, unknown>);
    // (A fingerprint of huge strings is not kept: their key would be too long to remember anyway.)
    if (fp.length <= MAX_FINGERPRINT && seen.has(fp)) key = keyOf(spec, plainValues);
    else if (fp.length <= MAX_FINGERPRINT) {
      if (seen.size >= MAX_SEEN) seen.clear();
      seen.add(fp);
    }
  }
  if (key !== undefined) {
    const known = clean.get(key);
    if (known !== undefined) return { ...known, results: [] };
  }
  const v = validateHostedCluster(spec, subject, opts);
  if (key !== undefined && v.results.length === 0 && v.mirrors !== undefined) clean.remember(key, v);
  return v;
}
