// Finds the items the function works on, reading only what it needs from those that may
// matter: the fast reader where their layout allows, the full parse where it does not.
import {
  CODE,
  CONFIG_MAP_KIND,
  HOSTED_CLUSTER_KIND,
  ITMS_KIND,
  NODE_POOL_KIND,
  OWNER_ANNOTATION,
} from '../constants.js';
import { isHostedCluster, isNodePool } from '../hypershift/cluster.js';
import type { Selection as Fields, SpecLayout } from '../krm/block-read.js';
import { annotationsOf, metadataOf, targetOf, type JsonObject } from '../krm/kube.js';
import type { ResourceList } from '../krm/read.js';
import type { SourceItem } from '../krm/item.js';
import { result, type Result } from '../krm/result.js';

export interface Selected {
  item: SourceItem;
  /** The item's value: whole, or the fields of CANDIDATE_FIELDS when the fast reader read it. */
  obj: JsonObject;
  name: string;
  namespace: string;
  /** NodePool spec layout from the fast reader, for text edits without a parse. */
  layout?: SpecLayout;
}

export interface Selection {
  hostedClusters: Selected[];
  nodePools: Selected[];
  /** Items an earlier run generated, by owner "namespace/name", and their whole value (read when asked). */
  generated: (Selected & { owner: string; whole(): JsonObject })[];
  results: Result[];
}

const NEEDLES = [HOSTED_CLUSTER_KIND, NODE_POOL_KIND, OWNER_ANNOTATION];

/**
 * The fields the function reads from a candidate item (HostedCluster, NodePool, or an item
 * an earlier run generated), one selection for all, since the kind is not known before the
 * item is read. Whatever validate/ and generate/ read must be here.
 */
export const CANDIDATE_FIELDS: Fields = {
  apiVersion: true,
  kind: true,
  metadata: { name: true, namespace: true, annotations: true },
  spec: {
    // HostedCluster
    release: { image: true },
    imageTagMirrorSet: true,
    imageContentSources: true,
    configuration: { image: true },
    // NodePool
    clusterName: true,
    config: true,
  },
};

function invalidYaml(item: SourceItem, error: string): Result | undefined {
  const what = item.looksLike(HOSTED_CLUSTER_KIND)
    ? 'a HostedCluster'
    : item.looksLike(NODE_POOL_KIND)
      ? 'a NodePool'
      : item.source.includes(OWNER_ANNOTATION)
        ? 'an object generated for a HostedCluster'
        : undefined;
  return what
    ? result('error', CODE.invalidYaml, `item ${item.index} (${what}) is not valid YAML: ${error}`, {})
    : undefined;
}

/**
 * The items that matter, in input order. With `onHostedCluster`, each HostedCluster goes to it
 * as soon as it is read instead of into the selection (what was read of it can go once used).
 */
export function select(list: Pick<ResourceList, 'candidates'>, onHostedCluster?: (hc: Selected) => void): Selection {
  const sel: Selection = { hostedClusters: [], nodePools: [], generated: [], results: [] };
  for (const item of list.candidates(NEEDLES)) {
    const fast = item.fast(CANDIDATE_FIELDS);
    let obj: JsonObject;
    if (fast) obj = fast.value as JsonObject;
    else {
      const loaded = item.load();
      if (!loaded.ok) {
        const r = invalidYaml(item, loaded.error);
        if (r) sel.results.push(r);
        continue;
      }
      obj = loaded.value.obj;
    }
    const md = metadataOf(obj);
    const s: Selected = {
      item,
      obj,
      name: typeof md.name === 'string' ? md.name : '',
      namespace: typeof md.namespace === 'string' ? md.namespace : '',
      layout: fast?.spec,
    };
    const kind = obj.kind;
    if (isHostedCluster(obj)) {
      if (!s.name)
        sel.results.push(
          result('error', CODE.invalidType, 'HostedCluster has no metadata.name', targetOf(obj), 'metadata.name'),
        );
      else if (onHostedCluster) onHostedCluster(s);
      else sel.hostedClusters.push(s);
    } else if (isNodePool(obj)) sel.nodePools.push(s);
    else if (kind === ITMS_KIND || kind === CONFIG_MAP_KIND) {
      const owner = annotationsOf(obj)[OWNER_ANNOTATION];
      if (!owner) continue;
      // Compared with what this run generates: by text first (the usual case, an earlier run's
      // own output), whole only when the text differs.
      const whole = (): JsonObject => {
        if (!fast) return obj;
        const read = item.fast(true);
        if (read) return read.value as JsonObject;
        const loaded = item.load();
        return loaded.ok ? loaded.value.obj : obj;
      };
      sel.generated.push({ ...s, owner, whole });
    }
  }
  return sel;
}
