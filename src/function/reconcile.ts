// Brings the items of an earlier run up to date: update in place, add, prune; and
// wires the generated ConfigMap into the cluster's NodePools.
import { CODE, NODE_POOL_MAX_CONFIGS, names } from '../constants.js';
import { clusterOfNodePool, ownerOf } from '../hypershift/cluster.js';
import { withConfigEntry, withoutConfigEntries } from './node-pool-text.js';
import type { ItemEdit, NewItem } from '../krm/write.js';
import type { Generated } from '../generate/objects.js';
import { annotationsOf, isObject, refOf, sameValue, targetOf, type JsonObject } from '../krm/kube.js';
import { result, type Result } from '../krm/result.js';
import type { Selected, Selection } from './select.js';

export type ClusterState =
  /** Valid, with objects to generate (made when needed). */
  | { kind: 'generate'; objects: Generated[] }
  /** Valid, with nothing to generate: what we generated before goes. */
  | { kind: 'empty' }
  /** Has errors: leave what exists as it is. */
  | { kind: 'failed' };

export interface Plan {
  edits: Map<number, ItemEdit>;
  /** New items, made when the output reaches them. */
  added: NewItem[];
  results: Result[];
}

const keyOf = (o: JsonObject) => {
  const r = refOf(o);
  return `${r.kind}/${r.namespace ?? ''}/${r.name}`;
};

// kpt and kustomize own these: keep them as they are on items we update.
const KEEP_EXISTING = (key: string) =>
  key.startsWith('internal.config.kubernetes.io/') ||
  key.startsWith('config.kubernetes.io/') ||
  key.startsWith('config.k8s.io/');

/** The desired object, carrying over the annotations the orchestrator put on the existing one. */
function merged(existing: JsonObject, desired: JsonObject): JsonObject {
  const kept = Object.entries(annotationsOf(existing)).filter(([k]) => KEEP_EXISTING(k));
  if (kept.length === 0) return desired;
  const md = desired.metadata as JsonObject;
  const ours = Object.entries((md.annotations as JsonObject | undefined) ?? {}).filter(([k]) => !KEEP_EXISTING(k));
  return { ...desired, metadata: { ...md, annotations: Object.fromEntries([...ours, ...kept]) } };
}

export function reconcile(sel: Selection, clusters: ReadonlyMap<string, ClusterState>): Plan {
  const plan: Plan = { edits: new Map(), added: [], results: [] };
  const existing = new Map(sel.generated.map((g) => [keyOf(g.obj), g]));
  const wanted = new Set<string>();
  for (const state of clusters.values()) {
    if (state.kind !== 'generate') continue;
    for (const g of state.objects) {
      const key = `${g.kind}/${g.namespace ?? ''}/${g.name}`;
      wanted.add(key);
      const old = existing.get(key);
      if (!old) plan.added.push(g.make);
      else {
        // Written as it would be written now: unchanged without reading it whole.
        const next = merged(old.obj, g.make());
        if (!old.item.sameAs(next) && !sameValue(next, old.whole())) plan.edits.set(old.item.index, { replace: next });
      }
    }
  }
  for (const g of sel.generated) {
    if (wanted.has(keyOf(g.obj))) continue;
    const state = clusters.get(g.owner);
    if (state?.kind === 'failed') continue;
    // No result for this: a second run must write the same bytes as the first.
    plan.edits.set(g.item.index, { remove: true });
  }
  for (const pool of sel.nodePools) wireNodePool(pool, clusters, plan);
  return plan;
}

/** NodePool.spec.config gets our ConfigMap once, or loses it when the cluster has none. */
function wireNodePool(pool: Selected, clusters: ReadonlyMap<string, ClusterState>, plan: Plan) {
  const cluster = clusterOfNodePool(pool.obj, pool.namespace);
  if (!cluster) return;
  const spec = pool.obj.spec as JsonObject;
  const clusterName = cluster.name;
  const owner = ownerOf(cluster);
  const state = clusters.get(owner);
  if (state?.kind === 'failed') return;
  const cm = names.configMap(clusterName);
  const list = Array.isArray(spec.config) ? spec.config : [];
  const at = list.findIndex((e) => isObject(e) && e.name === cm);
  const want = state?.kind === 'generate';
  if (want === at >= 0) return;
  if (want) {
    if (spec.config !== undefined && spec.config !== null && !Array.isArray(spec.config)) {
      plan.results.push(
        result(
          'error',
          CODE.invalidType,
          'spec.config must be a list of {name} entries',
          targetOf(pool.obj),
          'spec.config',
        ),
      );
      return;
    }
    if (list.length >= NODE_POOL_MAX_CONFIGS) {
      plan.results.push(
        result(
          'error',
          CODE.nodePoolConfigLimit,
          `cannot add ConfigMap ${cm}: NodePool ${pool.name} already has ${list.length} spec.config entries, the most HyperShift allows (${NODE_POOL_MAX_CONFIGS}); merge some of them`,
          targetOf(pool.obj),
          'spec.config',
        ),
      );
      return;
    }
  }
  // Every entry of ours goes in one pass: a second run must find nothing to do.
  const edit = want ? withConfigEntry(pool, cm) : withoutConfigEntries(pool, cm);
  if ('error' in edit)
    plan.results.push(result('error', CODE.cannotEdit, edit.error, targetOf(pool.obj), 'spec.config'));
  else plan.edits.set(pool.item.index, edit);
}
