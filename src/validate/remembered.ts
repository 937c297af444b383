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
 * validateHostedCluster, remembered when it finds nothing to report. `plainValues`: the spec's
 * values are known to be strings, nulls, lists and plain maps (read by the fast reader).
 */
export function validateRemembered(
  spec: unknown,
  subject: Target,
  opts: ValidateOptions = {},
  plainValues = false,
): ClusterValidation {
  const key = opts.version === undefined ? keyOf(spec, plainValues) : undefined;
  if (key !== undefined) {
    const known = clean.get(key);
    if (known !== undefined) return { ...known, results: [] };
  }
  const v = validateHostedCluster(spec, subject, opts);
  if (key !== undefined && v.results.length === 0 && v.mirrors !== undefined) clean.remember(key, v);
  return v;
}
