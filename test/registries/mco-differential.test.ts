// The committed MCO differential set (testdata/registries-conf/mco-differential, rendered by MCO's
// own RunImageBootstrap): the project's renderer must give the same registries.conf bytes, the
// same refusal (MCO's exact message), the same policy.json scopes and the same search list.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runImageBootstrap } from '../../src/registries/bootstrap.js';
import type { DigestMirrorEntry, TagMirrorEntry } from '../../src/registries/model.js';
import { renderRegistries } from '../../src/registries/render.js';
import type { RegistrySources } from '../../src/registries/sources.js';
import { ROOT } from '../helpers/run-fn.js';

interface Case {
  spec: {
    release: { image: string };
    imageContentSources?: { source: string; mirrors?: string[] }[];
    imageTagMirrorSet?: { source: string; mirrors?: string[]; mirrorSourcePolicy?: string }[];
    configuration?: { image?: { registrySources?: RegistrySources } };
  };
  mco: {
    status: 'ok' | 'nofile' | 'error';
    registriesConf?: string;
    error?: string;
    policy?: { default: string; docker: Record<string, string> };
    searchRegistries?: string[];
  };
}

const dir = join(ROOT, 'testdata', 'registries-conf', 'mco-differential');
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));

describe('the MCO differential set: the renderer gives what MCO gave', () => {
  it('has a few hundred cases of every outcome', () => {
    expect(files.length).toBeGreaterThanOrEqual(300);
    for (const kind of ['ok', 'nofile', 'wildcard', 'only-one-of', 'panic', 'release-image', 'conflict'])
      expect(
        files.some((f) => f.endsWith(`-${kind}.yaml`)),
        kind,
      ).toBe(true);
  });
  it.each(files)('%s', (file) => {
    const { spec, mco } = parse(readFileSync(join(dir, file), 'utf8')) as Case;
    const imageContentSources: DigestMirrorEntry[] = (spec.imageContentSources ?? []).map((e) => ({
      source: e.source,
      mirrors: e.mirrors ?? [],
    }));
    const imageTagMirrorSet: TagMirrorEntry[] = (spec.imageTagMirrorSet ?? []).map((e) => ({
      ...e,
      mirrors: e.mirrors ?? [],
    }));
    const sources = spec.configuration?.image?.registrySources;
    const out = runImageBootstrap({
      mirrors: { imageContentSources, imageTagMirrorSet },
      ...(sources ? { sources } : {}),
      releaseImage: spec.release.image,
    });
    if (mco.status === 'error') {
      expect(out.ok).toBe(false);
      if (out.ok) return;
      if (mco.error!.startsWith('PANIC')) expect(out.stage).toBe('payload-panic');
      else expect(out.error).toBe(mco.error);
      return;
    }
    expect(out.ok, out.ok ? '' : out.error).toBe(true);
    if (!out.ok) return;
    expect(out.writesRegistriesConf).toBe(mco.status === 'ok');
    if (mco.status === 'ok') expect(renderRegistries(out.registries)).toBe(mco.registriesConf);
    const policy =
      out.policy.docker.size === 0 && out.policy.default === 'accept'
        ? undefined
        : { default: out.policy.default, docker: Object.fromEntries(out.policy.docker) };
    expect(policy).toEqual(mco.policy);
    expect(out.searchRegistries).toEqual(mco.searchRegistries);
  });
});
