// The parts of one pull location that the distribution API needs. Locations come from the
// pull plan (registries/pull.ts), canonical references such as "mirror.example.com:5000/team/app:v1"
// or "quay.io/acme/app@sha256:…"; they are parsed again with reference.ParseNamed, never split
// by hand, and a location with both a tag and a digest (the plan never makes one) is refused.
import { fail, ok, type Outcome } from '../outcome.js';
import { DEFAULT_DOMAIN, nameOf, parseNamed } from '../registries/reference.js';

/** docker/docker_client.go: docker.io is served by registry-1.docker.io. */
export const DOCKER_HUB_REGISTRY = 'registry-1.docker.io';

export interface Location {
  /** host[:port] as written in the reference (docker.io for Docker Hub): the cert dir's name. */
  domain: string;
  /** The host[:port] requests go to. */
  registry: string;
  /** The repository path below the host. */
  repository: string;
  /** A tag or a digest: the last part of /v2/<repository>/manifests/<reference>. */
  reference: string;
  byDigest: boolean;
  /** domain/repository: the credential lookup key (ref.Name()). */
  name: string;
}

export function parseLocation(location: string): Outcome<Location> {
  const parsed = parseNamed(location);
  if (!parsed.ok) return fail(`not a canonical image reference ${JSON.stringify(location)}: ${parsed.error}`);
  const ref = parsed.value;
  const reference = ref.digest ?? ref.tag;
  if (reference === undefined || (ref.tag !== undefined && ref.digest !== undefined))
    return fail(`not a pull location ${JSON.stringify(location)}: it needs a tag or a digest, not both`);
  return ok({
    domain: ref.domain,
    registry: ref.domain === DEFAULT_DOMAIN ? DOCKER_HUB_REGISTRY : ref.domain,
    repository: ref.path,
    reference,
    byDigest: ref.digest !== undefined,
    name: nameOf(ref),
  });
}

/** Host name without the port (references hold no IPv6 literals). */
export function hostOf(hostPort: string): string {
  const colon = hostPort.lastIndexOf(':');
  return colon === -1 ? hostPort : hostPort.slice(0, colon);
}
