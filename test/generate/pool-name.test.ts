// Our MachineConfig writes the whole registries.conf; MCO writes its own in
// 99-<pool>-generated-registries for every pool HyperShift renders NodePool ignition with:
// `master` (the pool the ignition server serves, selecting role=worker) and `worker`
// (openshift/hypershift control-plane-operator/controllers/hostedcontrolplane/mcs/reconcile.go).
// When several MachineConfigs write one file, the name sorting last wins (Go sort.Strings:
// byte order), so every name we generate must sort after both. HyperShift also sets
// role=worker on every NodePool MachineConfig (hypershift-operator/controllers/nodepool/config.go).
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { names } from '../../src/constants.js';
import { byteOrder } from '../../src/order.js';
import { isGenerated, itemsOf, machineConfigOf } from '../helpers/objects.js';
import { ROOT } from '../helpers/run-fn.js';

/** Written out here, not imported: the test must fail if the code's list changes. */
const MCO_FILES = ['99-master-generated-registries', '99-worker-generated-registries'];

const sortsLast = (name: string) => MCO_FILES.every((mco) => byteOrder(mco, name) < 0);

describe('the MachineConfig name sorts after MCO’s own registries.conf for every HyperShift pool', () => {
  it('for every MachineConfig in the golden outputs, with role worker', () => {
    const dir = join(ROOT, 'testdata', 'function');
    const mcs = readdirSync(dir).flatMap((c) => {
      let text: string;
      try {
        text = readFileSync(join(dir, c, 'expected.yaml'), 'utf8');
      } catch {
        return [];
      }
      return itemsOf(text)
        .filter((o) => isGenerated(o) && o.kind === 'ConfigMap')
        .map((cm) => machineConfigOf(cm));
    });
    expect(mcs.length).toBeGreaterThanOrEqual(8);
    for (const mc of mcs) {
      expect(sortsLast(mc.metadata!.name!), mc.metadata!.name).toBe(true);
      expect(mc.metadata!.labels).toEqual({ 'machineconfiguration.openshift.io/role': 'worker' });
    }
  });

  it('for every cluster name HyperShift accepts (DNS labels)', () => {
    const label = fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?$/);
    fc.assert(
      fc.property(label, (cluster) => sortsLast(names.machineConfig(cluster))),
      { numRuns: 2000 },
    );
  });

  it('for the names that sort first', () => {
    for (const cluster of ['0', '-', 'a', '00000', 'g', 'generated-registries'])
      expect(sortsLast(names.machineConfig(cluster)), cluster).toBe(true);
  });

  it('a role other than worker would sort before MCO’s file: the reason role is refused', () => {
    expect(sortsLast('99-infra-image-tag-mirrors-c1')).toBe(false);
    expect(sortsLast('99-master-image-tag-mirrors-c1')).toBe(false);
  });
});
