// Applying the function config to the input: its mirror list goes into the HostedCluster it
// names (kept with the rest of the item), or, when the input has no such cluster, the config
// stands for the cluster itself (generator mode: kustomize hands us no resources).
import { HOSTED_CLUSTER_KIND, HYPERSHIFT_GROUP } from '../constants.js';
import { isObject, type JsonObject } from '../krm/kube.js';
import type { Target } from '../krm/result.js';
import { YAML_STYLE } from '../krm/yaml-emit.js';
import type { ClusterId } from '../hypershift/cluster.js';
import type { ValidateOptions } from '../validate/hosted-cluster.js';
import { configuredCluster, type FnConfig } from './config.js';
import type { Selected } from './select.js';

/** One cluster to validate and generate for: from the input, or from the config. */
export interface ClusterInput {
  id: ClusterId;
  spec: unknown;
  target: Target;
  /** The HostedCluster's file: generated objects are written beside it. */
  path?: string;
  options: ValidateOptions;
  /** Generator mode: the cluster is the config's, not an item of the input. */
  fromConfig?: boolean;
}

/** The config carries a mirror list for this HostedCluster. */
export const isConfigTarget = (config: FnConfig, id: ClusterId) =>
  Boolean(
    config.cluster &&
    config.imageTagMirrorSet &&
    config.cluster.name === id.name &&
    config.cluster.namespace === id.namespace,
  );

/**
 * Puts the config's list into the named HostedCluster, keeping the rest of the item:
 * "replace" sets the list; "merge" replaces entries of the same source and appends the others.
 */
export function mergeConfigMirrors(
  existing: unknown,
  incoming: readonly unknown[],
  strategy: FnConfig['mergeStrategy'],
): unknown[] {
  if (strategy === 'replace' || !Array.isArray(existing)) return [...incoming];
  const sourceOf = (e: unknown) => (isObject(e) && typeof e.source === 'string' ? e.source : undefined);
  // The unused incoming entries of each source, in order (one pass, not a scan per existing entry).
  const waiting = new Map<string, { at: number[]; next: number }>();
  incoming.forEach((x, j) => {
    const s = sourceOf(x);
    if (s === undefined) return;
    const w = waiting.get(s) ?? { at: [], next: 0 };
    w.at.push(j);
    waiting.set(s, w);
  });
  const used = new Set<number>();
  const merged = existing.map((e) => {
    const s = sourceOf(e);
    // The first incoming entry of that source takes its place; any further one is appended,
    // so a duplicate in the config is reported, not silently dropped.
    const w = s === undefined ? undefined : waiting.get(s);
    if (!w || w.next >= w.at.length) return e;
    const i = w.at[w.next++]!;
    used.add(i);
    return incoming[i];
  });
  return [...merged, ...incoming.filter((_, j) => !used.has(j))];
}

/** Edits the HostedCluster's document (comments and styles kept) and its parsed value. */
export function applyConfig(hc: Selected, config: FnConfig): void {
  const doc = hc.doc;
  const spec = isObject(hc.obj.spec) ? hc.obj.spec : {};
  const list = mergeConfigMirrors(spec.imageTagMirrorSet, config.imageTagMirrorSet ?? [], config.mergeStrategy);
  doc.setIn(['spec', 'imageTagMirrorSet'], doc.createNode(list, YAML_STYLE));
  if (config.imageContentSources)
    doc.setIn(['spec', 'imageContentSources'], doc.createNode(config.imageContentSources));
  hc.obj = doc.toJS() as JsonObject;
}

/** Generator mode: the config alone describes the cluster; undefined when it names none. */
export function clusterFromConfig(config: FnConfig): ClusterInput | undefined {
  if (!config.cluster) return undefined;
  const { id, spec, version } = configuredCluster(config);
  return {
    id,
    spec,
    target: {
      resourceRef: {
        apiVersion: `${HYPERSHIFT_GROUP}/v1beta1`,
        kind: HOSTED_CLUSTER_KIND,
        name: id.name,
        namespace: id.namespace,
      },
    },
    options: version ? { version } : {},
    fromConfig: true,
  };
}
