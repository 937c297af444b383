// The containers/image registries.conf model (pkg/sysregistriesv2: Registry, Endpoint) and
// the mirror lists MCO builds it from, once validation has checked them.

/** An Endpoint's pull-from-mirror: which references a mirror serves. */
export type PullFromMirror = 'digest-only' | 'tag-only';

/** A [[registry.mirror]]. */
export interface Endpoint {
  location: string;
  pullFromMirror: PullFromMirror;
}

/** A [[registry]] block. */
export interface Registry {
  /** "*.example.com" for a wildcard source, else "". */
  prefix: string;
  /** The source, "" for a wildcard source. */
  location: string;
  blocked: boolean;
  mirrors: Endpoint[];
}

/** The scope a registry is matched by: the prefix if set, else the location. */
export const registryScope = (r: Registry) => r.prefix || r.location;

/** The search list of the registries.conf MCO renders: where a short name is looked up. */
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
