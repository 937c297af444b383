// MCO's RunImageBootstrap for the Image config (src/registries/bootstrap.ts + sources.ts):
// the reference's worked examples 8-12 byte for byte, and the hand-derived cases of
// test/helpers/image-config-cases.ts (each confirmed by MCO's own code): registries.conf bytes
// or MCO's exact error, policy.json's scopes, the search list.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { nodeRegistriesOf, runImageBootstrap, type BootstrapInput } from '../../src/registries/bootstrap.js';
import { renderRegistries } from '../../src/registries/render.js';
import { CASES, type Spec } from '../helpers/image-config-cases.js';
import { ROOT } from '../helpers/run-fn.js';

const RELEASE = 'quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64';

export function bootstrapInput(spec: Spec): BootstrapInput {
  const rs = (spec.configuration as { image?: { registrySources?: Record<string, string[]> } } | undefined)?.image
    ?.registrySources;
  return {
    mirrors: { imageContentSources: spec.imageContentSources ?? [], imageTagMirrorSet: spec.imageTagMirrorSet ?? [] },
    ...(rs ? { sources: rs } : {}),
    releaseImage: spec.release?.image ?? RELEASE,
  };
}

const dir = join(ROOT, 'testdata', 'registries-conf');
const examples = readdirSync(dir)
  .filter((f) => f.endsWith('.input.yaml'))
  .map((f) => f.replace('.input.yaml', ''));

describe('the reference worked examples through MCO bootstrap, byte for byte', () => {
  it('has all twelve examples', () => expect(examples).toHaveLength(12));
  for (const name of examples) {
    it(name, () => {
      const spec = (parse(readFileSync(join(dir, `${name}.input.yaml`), 'utf8')) ?? {}) as Spec;
      const out = runImageBootstrap(bootstrapInput(spec));
      const errorFile = join(dir, `${name}.expected-error.txt`);
      if (readdirSync(dir).includes(`${name}.expected-error.txt`)) {
        expect(out.ok).toBe(false);
        if (!out.ok) expect(out.error + '\n').toBe(readFileSync(errorFile, 'utf8'));
        return;
      }
      expect(out.ok).toBe(true);
      if (!out.ok) return;
      if (name === '2-no-mirrors') {
        expect(out.writesRegistriesConf).toBe(false);
        return;
      }
      expect(out.writesRegistriesConf).toBe(true);
      expect(renderRegistries(out.registries)).toBe(readFileSync(join(dir, `${name}.expected.conf`), 'utf8'));
    });
  }
});

describe('Image config cases derived from MCO and confirmed by it', () => {
  it('has at least 40 cases with distinct names', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });
  for (const c of CASES) {
    it(`${c.name} [${c.path}]`, () => {
      const out = runImageBootstrap(bootstrapInput(c.spec));
      const e = c.expect;
      if (e.error !== undefined) {
        expect(out.ok).toBe(false);
        if (out.ok) return;
        if (e.error === 'PANIC') expect(out.stage).toBe('payload-panic');
        else expect(out.error).toBe(e.error);
        return;
      }
      expect(out.ok, out.ok ? '' : out.error).toBe(true);
      if (!out.ok) return;
      if (e.conf !== undefined) expect(out.writesRegistriesConf ? renderRegistries(out.registries) : null).toBe(e.conf);
      if (e.policy !== undefined) {
        const got =
          out.policy.docker.size === 0 && out.policy.default === 'accept'
            ? null
            : { default: out.policy.default, docker: Object.fromEntries(out.policy.docker) };
        expect(got).toEqual(e.policy);
      }
      if (e.searchDropIn !== undefined) {
        const want = e.searchDropIn === null ? undefined : parseToml(e.searchDropIn)['unqualified-search-registries'];
        expect(out.searchRegistries).toEqual(want);
      }
    });
  }
});

describe('empty lists are absent (HyperShift drops them)', () => {
  it('insecureRegistries: [] writes no registries.conf', () => {
    const out = runImageBootstrap({
      mirrors: { imageContentSources: [], imageTagMirrorSet: [] },
      sources: { insecureRegistries: [] },
      releaseImage: RELEASE,
    });
    expect(out.ok && out.writesRegistriesConf).toBe(false);
  });
});

describe('nodeRegistriesOf', () => {
  it('is the outcome without ok, every field in its order, for every case that renders', () => {
    let compared = 0;
    for (const c of CASES) {
      for (const formatsChecked of [false, true]) {
        const out = runImageBootstrap({ ...bootstrapInput(c.spec), formatsChecked });
        if (!out.ok) continue;
        const { ok: _ok, ...rest } = out;
        const node = nodeRegistriesOf(out);
        expect(node).toStrictEqual(rest);
        expect(Object.keys(node)).toEqual(Object.keys(rest));
        compared++;
      }
    }
    // Optional fields both ways: a search list, no release (no payloadRepo), a discarded error.
    const more = runImageBootstrap({
      mirrors: { imageContentSources: [], imageTagMirrorSet: [] },
      sources: { containerRuntimeSearchRegistries: ['r.example.com'], insecureRegistries: ['i.example.com'] },
    });
    expect(more.ok && Object.keys(nodeRegistriesOf(more))).toContain('searchRegistries');
    expect(compared).toBeGreaterThan(20);
  });
});
