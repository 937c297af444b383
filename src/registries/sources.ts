// runtime-utils EditRegistriesConfig, the part after the mirror sets: the Image config's
// insecureRegistries and blockedRegistries (pkg/registries/registries.go, vendored by MCO).
// Same result as MCO's nested loops, in time linear in the total length of the scopes and
// blocks (plus the output):
//
//   1. every blocked scope gets a block (an existing block of exactly that scope is reused, a
//      new one appended in list order; duplicates reuse the first);
//   2. every insecure scope likewise, appended after the blocked ones; then every block whose
//      scope, and every mirror whose location, is nested in an insecure scope gets insecure
//      (MCO sets the flags scope by scope, but flags only ever turn on and every block an
//      insecure scope creates is itself insecure, so "nested in any insecure scope" is exact);
//   3. every block whose scope is nested in a blocked scope gets blocked (a mirror has no
//      blocked flag: containers/image refuses an attempt through it at pull time instead);
//   4. for each mirrored source in MCO's order (digest sources in byte order, then tag sources
//      in byte order: the order of the mirrored blocks), every block still without mirrors that
//      is nested in it (other than itself) gets a copy of its mirrors (digest then tag, with
//      their insecure flags) with the scope's extra path appended; a wildcard source fails
//      instead. So a block inherits from the *first* enclosing mirrored source in that order
//      (the outermost digest source, else the outermost tag source), not the nearest one.
import { goQuote } from './go-quote.js';
import { newRegistry, registryScope, type Endpoint, type Registry } from './model.js';
import { ScopeIndex, scopeIndex } from './nesting.js';
import { mirrorLength, renderedLength } from './render.js';
import { tick } from '../work.js';

/** spec.configuration.image.registrySources (config.openshift.io/v1 RegistrySources). */
export interface RegistrySources {
  insecureRegistries?: string[];
  blockedRegistries?: string[];
  allowedRegistries?: string[];
  containerRuntimeSearchRegistries?: string[];
}

export interface Inheritance {
  /** Index (in the result) of the block that got mirrors. */
  block: number;
  /** Index of the mirrored block it copied them from. */
  from: number;
}

export type ApplyOutcome =
  | { ok: true; registries: Registry[]; inherited: Inheritance[] }
  | { ok: false; kind: 'wildcard-nested'; error: string; scope: string }
  | { ok: false; kind: 'too-large'; error: string; bytes: number };

/**
 * Scopes nested in a mirrored source copy its mirrors, so 1,024 scopes under a source with
 * 10,000 mirrors would make ten million entries: the size is computed before the copies are
 * made, and a file the generated ConfigMap cannot hold (the API server refuses ConfigMaps over
 * 1 MiB) is refused instead of built.
 */
export const MAX_REGISTRIES_CONF_BYTES = 1 << 20;

const copy = (r: Registry): Registry => ({ ...r, mirrors: r.mirrors.map((m) => ({ ...m })) });

/**
 * Applies insecure and blocked scopes to the mirrored blocks editRegistriesConfig made (which
 * must be exactly those, in that order). Returns new blocks; the input is left alone.
 */
export function applyRegistrySources(
  mirrored: readonly Registry[],
  insecure: readonly string[],
  blocked: readonly string[],
  maxBytes = MAX_REGISTRIES_CONF_BYTES,
): ApplyOutcome {
  // No scope to apply (most clusters): no block to append, flag or fill; the copies alone.
  if (insecure.length === 0 && blocked.length === 0) return { ok: true, registries: mirrored.map(copy), inherited: [] };
  const registries = mirrored.map(copy);
  const mirroredCount = registries.length;
  const byScope = new Map<string, number>();
  registries.forEach((b, i) => {
    if (!byScope.has(registryScope(b))) byScope.set(registryScope(b), i);
  });
  const entry = (scope: string) => {
    tick();
    if (!byScope.has(scope)) {
      byScope.set(scope, registries.length);
      registries.push(newRegistry(scope));
    }
  };
  for (const s of blocked) entry(s);
  for (const s of insecure) entry(s);

  if (insecure.length > 0) {
    const idx = scopeIndex(insecure);
    for (const b of registries) {
      if (idx.encloses(registryScope(b))) b.insecure = true;
      for (const m of b.mirrors) if (idx.encloses(m.location)) m.insecure = true;
    }
  }
  if (blocked.length > 0) {
    const idx = scopeIndex(blocked);
    for (const b of registries) if (idx.encloses(registryScope(b))) b.blocked = true;
  }

  // Step 4. Only the appended blocks are mirrorless (a mirrored block keeps >= 1 mirror).
  const sources = new ScopeIndex();
  for (let i = 0; i < mirroredCount; i++) sources.add(registryScope(registries[i]!), i);
  const inherited: Inheritance[] = [];
  let firstWildcard = Infinity;
  let bytes = renderedLength(registries);
  for (let r = mirroredCount; r < registries.length; r++) {
    const from = sources.minEnclosing(registryScope(registries[r]!));
    if (from === Infinity) continue;
    const source = registries[from]!;
    if (source.prefix !== '') firstWildcard = Math.min(firstWildcard, from);
    else {
      inherited.push({ block: r, from });
      const extra = registryScope(registries[r]!).length - source.location.length;
      for (const m of source.mirrors)
        bytes += mirrorLength(m.location.length + extra, m.insecure, m.pullFromMirror.length);
    }
  }
  if (firstWildcard !== Infinity) {
    const scope = registryScope(registries[firstWildcard]!);
    return {
      ok: false,
      kind: 'wildcard-nested',
      scope,
      error: `internal error: mirrorsAdjustedForNestedScope for a wildcard scope ${goQuote(scope)}`,
    };
  }
  if (inherited.length > 0 && bytes > maxBytes) {
    return {
      ok: false,
      kind: 'too-large',
      bytes,
      error: `registries.conf would be ${bytes} bytes (${inherited.length} scopes copy the mirrors of an enclosing source): more than the ${maxBytes} bytes the generated ConfigMap can hold`,
    };
  }
  for (const { block, from } of inherited) {
    const target = registries[block]!;
    const source = registries[from]!;
    const suffix = registryScope(target).slice(source.location.length);
    target.mirrors = source.mirrors.map((m): Endpoint => ({ ...m, location: m.location + suffix }));
    tick(target.mirrors.length);
  }
  return { ok: true, registries, inherited };
}
