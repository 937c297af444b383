// Every object generated across the golden cases is accepted by what a real cluster and
// node accept: the upstream CRD schemas (ajv) and Ignition's own validator.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isGenerated, itemsOf, machineConfigOf, registriesConfOf, type KubeObject } from '../helpers/objects.js';
import { ROOT } from '../helpers/run-fn.js';
import { TOOLS, requireTool } from '../helpers/tools.js';
import Ajv from 'ajv';

const testdata = join(ROOT, 'testdata', 'function');
const generated: { case: string; obj: KubeObject }[] = readdirSync(testdata).flatMap((c) => {
  try {
    return itemsOf(readFileSync(join(testdata, c, 'expected.yaml'), 'utf8'))
      .filter(isGenerated)
      .map((obj) => ({ case: c, obj }));
  } catch {
    return [];
  }
});
const itmsList = generated.filter((g) => g.obj.kind === 'ImageTagMirrorSet');
const machineConfigs = generated
  .filter((g) => g.obj.kind === 'ConfigMap')
  .map((g) => ({ case: g.case, obj: machineConfigOf(g.obj) }));

function crdValidator(file: string) {
  const crd = parse(readFileSync(join(ROOT, 'testdata', 'crds', file), 'utf8'));
  const version = crd.spec.versions.find((v: { name: string }) => v.name === 'v1');
  // strict: false, because CRD schemas carry x-kubernetes-* keywords ajv does not know.
  return new Ajv({ strict: false, allErrors: true }).compile(version.schema.openAPIV3Schema);
}

describe('generated objects', () => {
  it('the golden cases generate objects to check', () => {
    // Not one for one: an orphan kept with a warning (fleet) has no ConfigMap beside it.
    expect(itmsList.length).toBeGreaterThanOrEqual(8);
    expect(machineConfigs.length).toBeGreaterThanOrEqual(8);
  });

  // The CRDs are in the repository (testdata/crds): this suite always runs.
  describe('against the upstream CRDs (ajv)', () => {
    it('every ImageTagMirrorSet validates', () => {
      const validate = crdValidator('imagetagmirrorsets.config.openshift.io.yaml');
      for (const g of itmsList)
        expect({ case: g.case, ok: validate(g.obj), errors: validate.errors ?? null }).toEqual({
          case: g.case,
          ok: true,
          errors: null,
        });
    });
    it('every MachineConfig validates', () => {
      const validate = crdValidator('machineconfigs.machineconfiguration.openshift.io.yaml');
      for (const g of machineConfigs)
        expect({ case: g.case, ok: validate(g.obj), errors: validate.errors ?? null }).toEqual({
          case: g.case,
          ok: true,
          errors: null,
        });
    });
    it('the CRD rejects what our validation rejects (the schema is really applied)', () => {
      const validate = crdValidator('imagetagmirrorsets.config.openshift.io.yaml');
      const bad = structuredClone(itmsList[0]!.obj) as { spec: { imageTagMirrors: { source: string }[] } };
      bad.spec.imageTagMirrors[0]!.source = 'quay.io/openshift/app:v1';
      expect(validate(bad)).toBe(false);
    });
  });

  const ignition = requireTool(TOOLS.ignitionValidate);
  describe.skipIf(ignition.skip)(ignition.title('ignition-validate'), () => {
    const dir = mkdtempSync(join(tmpdir(), 'itm-ign-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    it('accepts every generated Ignition config', () => {
      machineConfigs.forEach((g, i) => {
        const file = join(dir, `${i}.ign`);
        writeFileSync(file, JSON.stringify((g.obj.spec as { config: unknown }).config));
        const r = spawnSync(ignition.path!, [file], { encoding: 'utf8', timeout: 30_000 });
        expect({ case: g.case, status: r.status, out: r.stdout + r.stderr }).toEqual({
          case: g.case,
          status: 0,
          out: '',
        });
      });
    });
    it('rejects a broken one (the validator really runs)', () => {
      const file = join(dir, 'broken.ign');
      writeFileSync(
        file,
        JSON.stringify({
          ignition: { version: '3.2.0' },
          storage: { files: [{ path: 'relative/path', contents: { source: 'data:,x' } }] },
        }),
      );
      expect(spawnSync(ignition.path!, [file], { encoding: 'utf8' }).status).not.toBe(0);
    });
  });

  it.each([
    ['reference-examples', 5], // examples 1, 3, 4, 5, 7 have an imageTagMirrorSet
    ['image-config-examples', 4], // examples 8-11 (MCO refuses 12: nothing generated)
  ])(
    'registries.conf in the bundle output of %s matches the reference worked examples byte for byte',
    (name, count) => {
      const fixtures = join(ROOT, 'testdata/registries-conf');
      const byCluster = new Map(
        machineConfigs.filter((g) => g.case === name).map((g) => [g.obj.metadata!.name!, registriesConfOf(g.obj)]),
      );
      const checked = readdirSync(fixtures)
        .filter((f) => f.endsWith('.expected.conf'))
        .filter((f) => byCluster.has(`99-worker-image-tag-mirrors-ex${f.split('-')[0]}`))
        .map((f) => {
          const conf = byCluster.get(`99-worker-image-tag-mirrors-ex${f.split('-')[0]}`);
          expect(conf, f).toBe(readFileSync(join(fixtures, f), 'utf8'));
          return f;
        });
      expect(checked.length).toBe(count);
    },
  );

  it("the MachineConfig applies after MCO's own 99-worker-generated-registries", () => {
    for (const g of machineConfigs) expect(g.obj.metadata!.name! > '99-worker-generated-registries').toBe(true);
  });
});
