// Finds the items the function works on, parsing only those that may matter.
import { isScalar, parse, type Document } from 'yaml';
import {
  CODE,
  CONFIG_MAP_KIND,
  FUNCTION_NAME,
  HOSTED_CLUSTER_KIND,
  HYPERSHIFT_VERSIONS,
  ITMS_KIND,
  NODE_POOL_KIND,
  OWNER_ANNOTATION,
  SECRET_KIND,
} from '../constants.js';
import { isHostedCluster, isKnownVersion, isNodePool, ownerOf } from '../hypershift/cluster.js';
import { isSecret } from '../hypershift/pull-secret.js';
import { annotationsOf, fileAnnotation, metadataOf, targetOf, type JsonObject } from '../krm/kube.js';
import type { ResourceList } from '../krm/read.js';
import type { SourceItem } from '../krm/item.js';
import { result, type Result } from '../krm/result.js';
import { show, typeName } from '../validate/rules.js';

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
  /** Items an earlier run generated (our owner annotation), by owner "namespace/name". */
  generated: (Selected & { owner: string })[];
  /** ImageTagMirrorSets and ConfigMaps without our annotation: their names are taken. */
  others: Selected[];
  /** HostedClusters in the input that are not processed (another API version): their objects stay. */
  unprocessed: Set<string>;
  /**
   * The documents (by index) of each file the items name in their path annotations, for the
   * files holding an item that mentions the function: every generated file, whole.
   */
  documents: Map<string, { shown: Set<number>; last: number }>;
  /** Secrets: a HostedCluster's pull secret may be among them (validate/credentials.ts). */
  secrets: JsonObject[];
  results: Result[];
}

// Every generated object's name, file and owner annotation contain the function's name; so do
// the NodePool entries wired to them.
const NEEDLES = [HOSTED_CLUSTER_KIND, NODE_POOL_KIND, FUNCTION_NAME];

/** What YAML 1.1 may read as other than a string: numbers, booleans, null, sexagesimals. A cheap pre-test. */
const MAYBE_NOT_A_STRING = /^(?:[-+.0-9~]|(?:y|n|yes|no|on|off|true|false|null)$)/i;

/**
 * metadata.name or .namespace as kubectl reads it: a string ('' when absent), or what it is
 * instead. A plain scalar that YAML 1.1 (kubectl) reads as a boolean or a number (`yes`,
 * `0o17`, `1_000`) is not the string YAML 1.2 makes of it.
 */
function metadataString(
  doc: Document,
  obj: JsonObject,
  key: 'name' | 'namespace',
  asKubectlReads: boolean,
): string | { invalid: string } {
  const v = metadataOf(obj)[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') return { invalid: `${typeName(v)} (${show(v)})` };
  const node = asKubectlReads ? doc.getIn(['metadata', key], true) : undefined;
  if (isScalar(node) && node.type === 'PLAIN' && MAYBE_NOT_A_STRING.test(v)) {
    let asKubectl: unknown = v;
    try {
      asKubectl = parse(v, { version: '1.1' });
    } catch {
      // not a scalar on its own: a string either way
    }
    if (typeof asKubectl !== 'string' && asKubectl !== null)
      return { invalid: `${typeName(asKubectl)} (${show(asKubectl)}) as kubectl reads the unquoted ${v}; quote it` };
  }
  return v;
}

export function select(list: Pick<ResourceList, 'candidates'>): Selection {
  const sel: Selection = {
    hostedClusters: [],
    nodePools: [],
    generated: [],
    others: [],
    unprocessed: new Set(),
    documents: new Map(),
    secrets: [],
    results: [],
  };
  // Secrets are found apart: they take no part in the rest of the selection.
  for (const item of list.candidates([SECRET_KIND])) {
    const loaded = item.load();
    if (loaded.ok && isSecret(loaded.value.obj)) sel.secrets.push(loaded.value.obj);
  }
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
    const file = fileAnnotation(obj);
    if (file) {
      const seen = sel.documents.get(file.path);
      if (!seen) sel.documents.set(file.path, { shown: new Set([file.index]), last: file.index });
      else {
        seen.shown.add(file.index);
        seen.last = Math.max(seen.last, file.index);
      }
    }
    const hostedCluster = isHostedCluster(obj);
    const nodePool = !hostedCluster && isNodePool(obj);
    const kind = obj.kind;
    const ours = kind === ITMS_KIND || kind === CONFIG_MAP_KIND;
    if (!hostedCluster && !nodePool && !ours) continue;
    // Our generated objects are matched by the names we wrote (YAML 1.2), whatever their quoting.
    const name = metadataString(doc, obj, 'name', !ours);
    const namespace = metadataString(doc, obj, 'namespace', !ours);
    const bad = (key: string, what: string) =>
      result(
        hostedCluster ? 'error' : 'warning',
        CODE.invalidType,
        `${String(kind)} metadata.${key} must be a string, not ${what}: ${hostedCluster ? 'the cluster is not processed' : 'the item is left as it is'}`,
        targetOf(obj),
        `metadata.${key}`,
      );
    if (typeof name !== 'string' || typeof namespace !== 'string') {
      // Generated objects and other owners' ones of such names cannot be ours: no result.
      if (!ours) {
        if (typeof name !== 'string') sel.results.push(bad('name', name.invalid));
        if (typeof namespace !== 'string') sel.results.push(bad('namespace', namespace.invalid));
      }
      continue;
    }
    const s: Selected = { item, doc, obj, name, namespace };
    if (hostedCluster || nodePool) {
      if (!isKnownVersion(obj)) {
        sel.results.push(
          result(
            'warning',
            CODE.unsupportedApiVersion,
            `${String(obj.apiVersion)} is not a HyperShift API version the function reads (${HYPERSHIFT_VERSIONS.join(', ')}): the ${String(kind)} is left as it is${hostedCluster ? ', and so is what was generated for it' : ''}`,
            targetOf(obj),
            'apiVersion',
          ),
        );
        if (hostedCluster && name) sel.unprocessed.add(ownerOf({ name, namespace }));
        continue;
      }
      if (nodePool) sel.nodePools.push(s);
      else if (!name)
        sel.results.push(
          result('error', CODE.invalidType, 'HostedCluster has no metadata.name', targetOf(obj), 'metadata.name'),
        );
      else sel.hostedClusters.push(s);
      continue;
    }
    const owner = annotationsOf(obj)[OWNER_ANNOTATION];
    if (owner) sel.generated.push({ ...s, owner });
    else if (name) sel.others.push(s);
  }
  return sel;
}
