// The containers/image registries.conf model (pkg/sysregistriesv2: Registry, Endpoint) and
// the mirror lists MCO builds it from, once validation has checked them.

/** An Endpoint's pull-from-mirror: which references a mirror serves. */
export type PullFromMirror = 'digest-only' | 'tag-only';

/** A [[registry.mirror]]. */
export interface Endpoint {
  location: string;
  /** TLS not verified and plain HTTP allowed for pulls through this mirror (Image config insecureRegistries). */
  insecure: boolean;
  pullFromMirror: PullFromMirror;
}

/** A [[registry]] block. */
export interface Registry {
  /** "*.example.com" for a wildcard source, else "". */
  prefix: string;
  /** The source, "" for a wildcard source. */
  location: string;
  /** TLS not verified and plain HTTP allowed for the source (Image config insecureRegistries). */
  insecure: boolean;
  /** NeverContactSource, or inside an Image config blockedRegistries scope. */
  blocked: boolean;
  mirrors: Endpoint[];
}

/** The scope a registry is matched by: the prefix if set, else the location. */
export const registryScope = (r: Registry) => r.prefix || r.location;

/** A new [[registry]] for a scope, as runtime-utils' getRegistryEntry adds it: a wildcard as prefix, else as location. */
export function newRegistry(scope: string): Registry {
  const wildcard = scope.startsWith('*.');
  return {
    prefix: wildcard ? scope : '',
    location: wildcard ? '' : scope,
    insecure: false,
    blocked: false,
    mirrors: [],
  };
}

/**
 * The search list of the registries.conf MCO renders: where a short name is looked up, unless
 * the Image config's containerRuntimeSearchRegistries replaces it (a registries.conf.d drop-in).
 */
export const UNQUALIFIED_SEARCH_REGISTRIES = ['registry.access.redhat.com', 'docker.io'] as const;

/** An imageTagMirrorSet entry (ImageTagMirrorSet spec.imageTagMirrors). */
export interface TagMirrorEntry {
  source: string;
  mirrors: string[];
  mirrorSourcePolicy?: string;
}

/** An imageContentSources entry (what HyperShift turns into an ImageDigestMirrorSet). */
export interface DigestMirrorEntry {
  source: string;
  mirrors: string[];
}

/** Both lists of one cluster: the input of the merge into registries. */
export interface MirrorInput {
  imageContentSources: DigestMirrorEntry[];
  imageTagMirrorSet: TagMirrorEntry[];
}
