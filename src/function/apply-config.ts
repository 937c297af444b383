// Applying the function config to the input: its mirror list goes into the HostedCluster it
// names (kept with the rest of the item), or, when the input has no such cluster, the config
// stands for the cluster itself (generator mode: kustomize hands us no resources).
import { HOSTED_CLUSTER_KIND, HYPERSHIFT_GROUP } from '../constants.js';
import { isObject, sameValue, type JsonObject } from '../krm/kube.js';
import type { Target } from '../krm/result.js';
import { isMap, type Node } from 'yaml';
import { blocker, CannotEdit, setPair, type EditContext, type NodeEdit } from '../krm/node-edit.js';
import { sequenceStyle, type Splice } from '../krm/write.js';
import type { ClusterId } from '../hypershift/cluster.js';
import type { ValidateOptions } from '../validate/hosted-cluster.js';
import { configuredCluster, type FnConfig } from './config.js';
import type { Selected } from './select.js';
import { pushAll } from '../arrays.js';

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

/**
 * Puts the config's mirror lists into the HostedCluster's text (the lists it owns are written
 * out, every other byte of the item stays) and into its parsed value; or says why the item
 * cannot be edited in place.
 */
export function applyConfig(hc: Selected, config: FnConfig): NodeEdit {
  const spec = isObject(hc.obj.spec) ? hc.obj.spec : {};
  const list = mergeConfigMirrors(spec.imageTagMirrorSet, config.imageTagMirrorSet ?? [], config.mergeStrategy);
  const set: JsonObject = { imageTagMirrorSet: list as JsonObject[] };
  if (config.imageContentSources) set.imageContentSources = config.imageContentSources as JsonObject[];
  const t = hc.item.tree();
  if (!t.ok) return { error: `HostedCluster ${hc.name} cannot be read to apply the function config: ${t.error}` };
  const ctx: EditContext = { tree: t.value, wide: sequenceStyle(hc.item.source) === 'wide' };
  const root = t.value.node;
  const specNode = isMap(root) ? (root.get('spec', true) as Node | undefined) : undefined;
  const why =
    blocker(ctx, 'the HostedCluster', [root]) ??
    blocker(ctx, 'its spec', [specNode]) ??
    blocker(ctx, 'its spec.imageTagMirrorSet', [
      isMap(specNode) ? (specNode.get('imageTagMirrorSet', true) as Node) : undefined,
    ]);
  if (why) return { error: `cannot apply the function config to HostedCluster ${hc.name} in place: ${why}` };
  if (!isMap(root)) return { error: `HostedCluster ${hc.name} is not a map` };
  const splices: Splice[] = [];
  try {
    if (isMap(specNode)) for (const [k, v] of Object.entries(set)) pushAll(splices, setPair(ctx, specNode, k, v));
    else pushAll(splices, setPair(ctx, root, 'spec', { ...spec, ...set }));
  } catch (e) {
    if (e instanceof CannotEdit)
      return { error: `cannot apply the function config to HostedCluster ${hc.name} in place: ${e.message}` };
    throw e;
  }
  // Read the item again as it would be written: the lists as set, everything else as it was.
  const before = hc.item.load();
  const after = hc.item.valueAfter(splices);
  if (after !== undefined && before.ok) {
    const want = {
      ...before.value.obj,
      spec: { ...(isObject(before.value.obj.spec) ? before.value.obj.spec : {}), ...set },
    };
    if (!after.ok || !sameValue(after.value, want))
      return {
        error: `cannot apply the function config to HostedCluster ${hc.name} in place: its layout does not allow an edit that changes nothing else`,
      };
  }
  hc.obj = { ...hc.obj, spec: { ...spec, ...set } };
  return { splices };
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
