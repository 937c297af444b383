// The ConfigMap's MachineConfig text is written without reading the data URL again
// (machineConfigYaml): it must be exactly what the generic writer gives the whole object.
import { describe, expect, it } from 'vitest';
import { machineConfig, machineConfigYaml } from '../../src/generate/objects.js';
import { emitYaml } from '../../src/krm/yaml-emit.js';
import { newRegistry, type Registry } from '../../src/registries/model.js';
import { AWKWARD_OWNERS } from '../helpers/owners.js';

const block = (scope: string, mirrors: string[], extra: Partial<Registry> = {}): Registry => ({
  ...newRegistry(scope),
  ...extra,
  mirrors: mirrors.map((location) => ({ location, insecure: false, pullFromMirror: 'tag-only' as const })),
});

const REGISTRIES: [string, Registry[]][] = [
  ['none', []],
  ['one', [block('quay.io/a', ['mirror.example.com:5000/a'])]],
  [
    'wildcard, blocked, insecure',
    [block('*.example.com', ['m.example.net']), block('b.io', [], { blocked: true, insecure: true })],
  ],
  ['non-ASCII inherited scope', [block('ünï.example.com/x', ['m.example.net/ünï'])]],
  ['quotes and controls', [block('a"b\\c', ['d\te\u007f'])]],
  // base64 of these ends in "=", "==" and neither
  ...[1, 2, 3].map((n): [string, Registry[]] => [`padding ${n}`, [block('q'.repeat(n), ['m'])]]),
];

describe('machineConfigYaml', () => {
  for (const owner of AWKWARD_OWNERS)
    it.each(REGISTRIES)(`${owner.name.slice(0, 20)}/${owner.namespace.slice(0, 10)}: %s`, (_, registries) => {
      expect(machineConfigYaml(owner, registries)).toBe(emitYaml(machineConfig(owner, registries)));
    });
});
