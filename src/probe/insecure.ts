// Which endpoints are insecure, from the HostedCluster's Image config
// (spec.configuration.image.registrySources.insecureRegistries), as MCO renders them into
// registries.conf (runtime-utils pkg/registries EditRegistriesConfig): every block or mirror whose *location* falls in an
// insecure scope gets `insecure = true`; a scope that is not yet a block is appended as a new
// insecure block (so a pull under that scope has an insecure source endpoint).
// containers/image then uses the endpoint's own flag (docker_image_src.go newImageSourceAttempt).
//
// FALLBACK until src/registries models the Image config (Registry/Endpoint `insecure`, pull
// attempts carrying it): plan.ts uses an attempt's own `insecure` when it has one. Until then
// this derives it:
//   - a mirror attempt: its mirror entry's location (block.mirrors[i]) is in a scope;
//   - the source attempt: the block's location is in a scope, or the pulled reference is (the
//     appended block for that scope then matches, and its own endpoint is insecure);
//   - no block: the reference is in a scope (the appended block).
// Mirrors inherited by an appended nested block (example 10) are taken as the enclosing
// block's mirrors: their rewritten locations are the same.
import type { Registry } from '../registries/model.js';
import type { InsecureOf } from './plan.js';

/** runtime-utils ScopeIsNestedInsideScope: the same, a path below, or a host under a wildcard. */
export function inScope(location: string, scope: string): boolean {
  if (location === scope) return true;
  if (scope.startsWith('*.')) {
    const slash = location.indexOf('/');
    const host = slash === -1 ? location : location.slice(0, slash);
    const bare = host.startsWith('*.') ? host.slice(1) : host;
    return bare.endsWith(scope.slice(1)) && bare !== scope.slice(2);
  }
  return location.startsWith(`${scope}/`);
}

/** The name of a reference (no tag or digest), for scope matching. */
function nameOfRef(ref: string): string {
  const at = ref.indexOf('@');
  const noDigest = at === -1 ? ref : ref.slice(0, at);
  const colon = noDigest.lastIndexOf(':');
  return colon > noDigest.lastIndexOf('/') ? noDigest.slice(0, colon) : noDigest;
}

export function insecureRegistries(hostedClusterSpec: unknown): string[] {
  const pick = (o: unknown, k: string): unknown =>
    typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[k] : undefined;
  const list = pick(
    pick(pick(pick(hostedClusterSpec, 'configuration'), 'image'), 'registrySources'),
    'insecureRegistries',
  );
  return Array.isArray(list) ? list.filter((s): s is string => typeof s === 'string' && s !== '') : [];
}

/** The `insecure` callback of fromNodePull/fromPullPlan for these registries and scopes. */
export function insecureFromScopes(blocks: readonly Registry[], scopes: readonly string[]): InsecureOf {
  const any = (loc: string) => scopes.some((s) => inScope(loc, s));
  return (attempt, index, plan) => {
    if (scopes.length === 0) return false;
    const block = plan.scope === undefined ? undefined : blocks.find((b) => (b.prefix || b.location) === plan.scope);
    if (block === undefined) return any(nameOfRef(attempt.location));
    if (attempt.kind === 'mirror') {
      const mirror = block.mirrors[index];
      return mirror !== undefined && any(mirror.location);
    }
    return any(block.prefix || block.location) || any(nameOfRef(attempt.location));
  };
}
