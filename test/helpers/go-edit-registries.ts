// A line-by-line transliteration of runtime-utils EditRegistriesConfig's Image config part
// (pkg/registries/registries.go, vendored by MCO), nested loops and all: quadratic, so used only
// as the oracle of the differential test of src/registries/sources.ts (written from reading the
// Go code; nothing copied).
import { byteOrder } from '../../src/order.js';
import { goQuote } from '../../src/registries/go-quote.js';
import { newRegistry, registryScope, type MirrorInput, type Registry } from '../../src/registries/model.js';
import { scopeIsNestedInsideScope } from '../../src/registries/nesting.js';

const mirroredSources = (entries: readonly { source: string; mirrors: string[] }[]) =>
  [...new Set(entries.filter((e) => e.mirrors.some((m) => m !== e.source)).map((e) => e.source))].sort(byteOrder);

export function goEditRegistriesConfig(
  input: MirrorInput,
  mirrored: readonly Registry[],
  insecureScopes: readonly string[],
  blockedScopes: readonly string[],
): { ok: true; registries: Registry[] } | { ok: false; error: string } {
  const regs: Registry[] = mirrored.map((b) => ({ ...b, mirrors: b.mirrors.map((m) => ({ ...m })) }));
  const getRegistryEntry = (scope: string): Registry => {
    for (const r of regs) if (registryScope(r) === scope) return r;
    regs.push(newRegistry(scope));
    return regs[regs.length - 1]!;
  };
  for (const scope of blockedScopes) getRegistryEntry(scope);
  for (const insecureScope of insecureScopes) {
    getRegistryEntry(insecureScope).insecure = true;
    for (const reg of regs) {
      if (scopeIsNestedInsideScope(registryScope(reg), insecureScope)) reg.insecure = true;
      for (const mirror of reg.mirrors)
        if (scopeIsNestedInsideScope(mirror.location, insecureScope)) mirror.insecure = true;
    }
  }
  for (const blockedScope of blockedScopes) {
    getRegistryEntry(blockedScope).blocked = true;
    for (const reg of regs) if (scopeIsNestedInsideScope(registryScope(reg), blockedScope)) reg.blocked = true;
  }
  const allMirrorSets = [...mirroredSources(input.imageContentSources), ...mirroredSources(input.imageTagMirrorSet)];
  for (const source of allMirrorSets) {
    const mirroredReg = getRegistryEntry(source);
    const mirroredScope = registryScope(mirroredReg);
    for (const reg of regs) {
      const scope = registryScope(reg);
      if (scope !== mirroredScope && scopeIsNestedInsideScope(scope, mirroredScope) && reg.mirrors.length === 0) {
        if (mirroredScope.startsWith('*.'))
          return {
            ok: false,
            error: `internal error: mirrorsAdjustedForNestedScope for a wildcard scope ${goQuote(mirroredScope)}`,
          };
        const adjustment = scope.slice(mirroredScope.length);
        reg.mirrors = mirroredReg.mirrors.map((m) => ({ ...m, location: m.location + adjustment }));
      }
    }
  }
  return { ok: true, registries: regs };
}
