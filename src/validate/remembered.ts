// A fleet's clusters repeat a few setups: 1,000 HostedClusters may carry a handful of mirror
// lists, Image configs and release images between them. A validation without results is
// remembered by the content it reads, and a cluster with the same content gets the same answer
// (its registries and mirror lists shared, never changed after). A validation with results is
// never remembered: its results name the cluster.
import { ShortKeyMemo } from '../memo.js';
import { validateHostedCluster, type ClusterValidation, type ValidateOptions } from './hosted-cluster.js';
import type { Target } from '../krm/result.js';

/**
 * Each kind tagged and each string's length before it, so that two values have one text only
 * when they are the same; undefined for a value that is not only strings, nulls, lists and
 * plain maps (a number, a boolean: a full parse's value, not remembered).
 */
function contentText(v: unknown): string | undefined {
  if (typeof v === 'string') return `s${v.length}:${v}`;
  if (v === null) return 'n';
  if (v === undefined) return 'u';
  if (typeof v !== 'object') return undefined;
  if (Array.isArray(v)) {
    let out = '[';
    for (const x of v) {
      const t = contentText(x);
      if (t === undefined) return undefined;
      out += t;
    }
    return out + ']';
  }
  if (Object.getPrototypeOf(v) !== Object.prototype) return undefined;
  let out = '{';
  for (const [k, x] of Object.entries(v)) {
    const t = contentText(x);
    if (t === undefined) return undefined;
    out += `${k.length}:${k}${t}`;
  }
  return out + '}';
}

/** What validateHostedCluster reads of a spec: these four fields, whole. */
function keyOf(spec: unknown): string | undefined {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) return undefined;
  const s = spec as Record<string, unknown>;
  return contentText([s.imageTagMirrorSet, s.imageContentSources, s.release, s.configuration]);
}

/** Clean validations by their key: bounded (256 setups, keys up to 16 KiB), emptied when full. */
const clean = new ShortKeyMemo<ClusterValidation>(256, 16 * 1024);

/** validateHostedCluster, remembered when it finds nothing to report. */
export function validateRemembered(spec: unknown, subject: Target, opts: ValidateOptions = {}): ClusterValidation {
  const key = opts.version === undefined ? keyOf(spec) : undefined;
  if (key !== undefined) {
    const known = clean.get(key);
    if (known !== undefined) return { ...known, results: [] };
  }
  const v = validateHostedCluster(spec, subject, opts);
  if (key !== undefined && v.results.length === 0 && v.mirrors !== undefined) clean.remember(key, v);
  return v;
}
