// Finds the items the function works on, parsing only those that may matter.
import type { Document } from 'yaml';
import {
  CODE,
  CONFIG_MAP_KIND,
  HOSTED_CLUSTER_KIND,
  ITMS_KIND,
  NODE_POOL_KIND,
  OWNER_ANNOTATION,
  SECRET_KIND,
} from '../constants.js';
import { isHostedCluster, isNodePool } from '../hypershift/cluster.js';
import { isSecret } from '../hypershift/pull-secret.js';
import { annotationsOf, metadataOf, targetOf, type JsonObject } from '../krm/kube.js';
import type { ResourceList } from '../krm/read.js';
import type { SourceItem } from '../krm/item.js';
import { result, type Result } from '../krm/result.js';

export interface Selected {
  item: SourceItem;
  doc: Document;
  obj: JsonObject;
  name: string;
  namespace: string;
}

export interface Selection {
  hostedClusters: Selected[];
  nodePools: Selected[];
  /** Items an earlier run generated, by owner "namespace/name". */
  generated: (Selected & { owner: string })[];
  /** Secrets: a HostedCluster's pull secret may be among them (validate/credentials.ts). */
  secrets: JsonObject[];
  results: Result[];
}

const NEEDLES = [HOSTED_CLUSTER_KIND, NODE_POOL_KIND, OWNER_ANNOTATION, SECRET_KIND];

export function select(list: Pick<ResourceList, 'candidates'>): Selection {
  const sel: Selection = { hostedClusters: [], nodePools: [], generated: [], secrets: [], results: [] };
  for (const item of list.candidates(NEEDLES)) {
    const loaded = item.load();
    if (!loaded.ok) {
      if (item.looksLike(HOSTED_CLUSTER_KIND)) {
        sel.results.push(
          result(
            'error',
            CODE.invalidYaml,
            `item ${item.index} (a HostedCluster) is not valid YAML: ${loaded.error}`,
            {},
          ),
        );
      }
      continue;
    }
    const { obj, doc } = loaded.value;
    const md = metadataOf(obj);
    const s: Selected = {
      item,
      doc,
      obj,
      name: typeof md.name === 'string' ? md.name : '',
      namespace: typeof md.namespace === 'string' ? md.namespace : '',
    };
    const kind = obj.kind;
    if (isHostedCluster(obj)) {
      if (!s.name)
        sel.results.push(
          result('error', CODE.invalidType, 'HostedCluster has no metadata.name', targetOf(obj), 'metadata.name'),
        );
      else sel.hostedClusters.push(s);
    } else if (isNodePool(obj)) sel.nodePools.push(s);
    else if (isSecret(obj)) sel.secrets.push(obj);
    else if (kind === ITMS_KIND || kind === CONFIG_MAP_KIND) {
      const owner = annotationsOf(obj)[OWNER_ANNOTATION];
      if (owner) sel.generated.push({ ...s, owner });
    }
  }
  return sel;
}
