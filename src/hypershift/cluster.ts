// The HyperShift objects the code reads, written once: which objects are HostedClusters
// and NodePools, which cluster a NodePool belongs to, and the rules that tie a cluster to the
// names of the objects generated for it.
import { HOSTED_CLUSTER_KIND, HYPERSHIFT_GROUP, HYPERSHIFT_VERSIONS, NODE_POOL_KIND, names } from '../constants.js';
import { DNS_SUBDOMAIN, groupOf, isObject, type JsonObject } from '../krm/kube.js';

/** A HostedCluster's name and namespace (namespace "" when it was written without one). */
export interface ClusterId {
  name: string;
  namespace: string;
}

/** How generated objects are named: `namespacedNames` puts the namespace in the ImageTagMirrorSet's name. */
export interface NameOptions {
  namespacedNames?: boolean;
}

/** "namespace/name", or just the name for a HostedCluster written without a namespace. */
export const ownerOf = (c: ClusterId) => (c.namespace ? `${c.namespace}/${c.name}` : c.name);

const isHyperShift = (o: JsonObject, kind: string) =>
  typeof o.apiVersion === 'string' && groupOf(o.apiVersion) === HYPERSHIFT_GROUP && o.kind === kind;

/** hypershift.openshift.io, any version, kind HostedCluster. */
export const isHostedCluster = (o: JsonObject) => isHyperShift(o, HOSTED_CLUSTER_KIND);

/** hypershift.openshift.io, any version, kind NodePool. */
export const isNodePool = (o: JsonObject) => isHyperShift(o, NODE_POOL_KIND);

/** A HyperShift object of a version the function reads (v1beta1, v1alpha1); others are left alone. */
export const isKnownVersion = (o: JsonObject) =>
  typeof o.apiVersion === 'string' && HYPERSHIFT_VERSIONS.includes(o.apiVersion.slice(HYPERSHIFT_GROUP.length + 1));

/** The HostedCluster a NodePool belongs to (spec.clusterName, in the pool's namespace). */
export function clusterOfNodePool(pool: JsonObject, namespace: string): ClusterId | undefined {
  const spec = isObject(pool.spec) ? pool.spec : undefined;
  const name = spec && typeof spec.clusterName === 'string' ? spec.clusterName : undefined;
  return name ? { name, namespace } : undefined;
}

/** The cluster-scoped ImageTagMirrorSet's name for a cluster. */
export const imageTagMirrorSetName = (c: ClusterId, opts: NameOptions = {}) =>
  names.imageTagMirrorSet(c.name, opts.namespacedNames ? c.namespace : undefined);

/** Whether the generated objects can be named after the cluster (lowercase DNS names). */
export function canNameObjects(c: ClusterId, opts: NameOptions = {}): boolean {
  const itms = imageTagMirrorSetName(c, opts);
  return DNS_SUBDOMAIN.test(itms) && itms.length <= 253 && DNS_SUBDOMAIN.test(c.namespace || 'default');
}

/**
 * The ImageTagMirrorSet is cluster scoped: two HostedClusters of one name (in two namespaces,
 * or the same one twice) would generate one object. Each cluster claims its name in turn.
 */
export class ImageTagMirrorSetNames {
  private readonly claimed = new Map<string, ClusterId>();
  constructor(private readonly opts: NameOptions = {}) {}
  /** The cluster that claimed the name before, if any; else the name is now this cluster's. */
  claim(c: ClusterId): ClusterId | undefined {
    const name = imageTagMirrorSetName(c, this.opts);
    const first = this.claimed.get(name);
    if (!first) this.claimed.set(name, c);
    return first;
  }
}

/** The ways out when two clusters would generate one cluster-scoped ImageTagMirrorSet name. */
export const collisionAdvice = (name: string, opts: NameOptions = {}) =>
  `${opts.namespacedNames ? 'rename one of the HostedClusters (or namespaces), or' : `set namespacedNames: true in the function config to name it <namespace>-${name}, or`} leave the ImageTagMirrorSet out with generate: [ConfigMap] (kpt: -- generate=ConfigMap; the NodePools need only the ConfigMap)`;
/** Where a HostedCluster carries its Image config's registry scopes (HyperShift hands spec.configuration.image to MCO). */
export const REGISTRY_SOURCES_PATH = 'spec.configuration.image.registrySources';

/** A value read along a path of maps: the value, or the first step that is there but no map. */
export type PathRead = { found: true; value: unknown } | { found: false; notMap?: { path: string; value: unknown } };

function readPath(spec: unknown, root: string, keys: readonly string[]): PathRead {
  let v: unknown = spec;
  let path = root;
  for (const key of keys) {
    if (v === undefined || v === null) return { found: false };
    if (!isObject(v)) return { found: false, notMap: { path, value: v } };
    v = v[key];
    path += `.${key}`;
  }
  return v === undefined || v === null ? { found: false } : { found: true, value: v };
}

/** spec.configuration.image.registrySources of a HostedCluster spec, as written. */
export const registrySourcesOf = (spec: unknown): PathRead =>
  readPath(spec, 'spec', ['configuration', 'image', 'registrySources']);

/** spec.release.image of a HostedCluster or NodePool spec, as written. */
export const releaseImageOf = (spec: unknown): unknown => {
  const r = readPath(spec, 'spec', ['release', 'image']);
  return r.found ? r.value : undefined;
};
