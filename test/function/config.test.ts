// readConfig: the typed ImageTagMirrors config and the ConfigMap form (kpt `-- key=value`).
// Every mistake is an error result with code invalid-config, never a throw.
import { describe, expect, it } from 'vitest';
import { readConfig, type FnConfig } from '../../src/function/config.js';
import { FN_CONFIG_API_VERSION, FN_CONFIG_KIND } from '../../src/constants.js';
import type { JsonObject } from '../../src/krm/kube.js';
import type { Result } from '../../src/krm/result.js';

/** ConfigMap data with an own key of that name (as a YAML parser yields, even for "__proto__"). */
const ownKey = (key: string, value: string) =>
  JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(value)}}`) as JsonObject;

const DEFAULTS: FnConfig = {
  validateOnly: false,
  namespacedNames: false,
  mergeStrategy: 'replace',
  generate: ['ImageTagMirrorSet', 'ConfigMap'],
};
const ITMS_YAML = `- source: quay.io/openshift
  mirrors:
  - mirror.example.com/openshift
- source: docker.io/library
  mirrors:
  - internal.registry.com/docker-library
  mirrorSourcePolicy: NeverContactSource
`;
const ITMS = [
  { source: 'quay.io/openshift', mirrors: ['mirror.example.com/openshift'] },
  {
    source: 'docker.io/library',
    mirrors: ['internal.registry.com/docker-library'],
    mirrorSourcePolicy: 'NeverContactSource',
  },
];
const ICS = [{ source: 'quay.io/ocp', mirrors: ['m.example.com/ocp'] }];

const typed = (spec: unknown, extra: Record<string, unknown> = {}) =>
  ({
    apiVersion: FN_CONFIG_API_VERSION,
    kind: FN_CONFIG_KIND,
    metadata: { name: 'fn-config', namespace: 'ns' },
    spec,
    ...extra,
  }) as JsonObject;
const configMap = (data: unknown) =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn-config' }, data }) as JsonObject;

describe('readConfig: accepted configs', () => {
  const EVERY_FIELD: FnConfig = {
    mergeStrategy: 'replace',
    validateOnly: true,
    namespacedNames: true,
    generate: ['ConfigMap'],
    cluster: {
      name: 'my-cluster',
      namespace: 'clusters',
      releaseImage: 'quay.io/ocp-release:4.21.0',
      version: '4.21',
    },
    imageTagMirrorSet: ITMS,
    imageContentSources: ICS,
  };
  const TABLE: [string, JsonObject | undefined, FnConfig][] = [
    ['no functionConfig', undefined, DEFAULTS],
    ['typed, no spec', typed(undefined), DEFAULTS],
    ['typed, null spec', typed(null), DEFAULTS],
    ['typed, empty spec', typed({}), DEFAULTS],
    // Every field comes back as given, but role (only worker is accepted; nothing keeps it).
    ['typed, every field', typed({ role: 'worker', ...EVERY_FIELD }), EVERY_FIELD],
    [
      'typed, version with v and pre-release',
      typed({ cluster: { name: 'a', namespace: 'b', version: 'v4.22.0-ec.1' } }),
      { ...DEFAULTS, cluster: { name: 'a', namespace: 'b', version: 'v4.22.0-ec.1' } },
    ],
    ['typed, validateOnly false', typed({ validateOnly: false }), DEFAULTS],
    // list contents are checked later, by the same rules as a HostedCluster's lists
    [
      'typed, raw list entries are passed through',
      typed({ imageTagMirrorSet: [1, 'x', null] }),
      { ...DEFAULTS, imageTagMirrorSet: [1, 'x', null] },
    ],
    ['ConfigMap, empty', configMap({}), DEFAULTS],
    ['ConfigMap, no data', configMap(undefined), DEFAULTS],
    ['ConfigMap, null data', configMap(null), DEFAULTS],
    ['ConfigMap, validateOnly "true"', configMap({ validateOnly: 'true' }), { ...DEFAULTS, validateOnly: true }],
    ['ConfigMap, validateOnly "false"', configMap({ validateOnly: 'false' }), DEFAULTS],
    [
      'ConfigMap, imageTagMirrorSet as a YAML string',
      configMap({ imageTagMirrorSet: ITMS_YAML }),
      { ...DEFAULTS, imageTagMirrorSet: ITMS },
    ],
    [
      'ConfigMap, imageTagMirrorSet as a JSON string',
      configMap({ imageTagMirrorSet: JSON.stringify(ITMS) }),
      { ...DEFAULTS, imageTagMirrorSet: ITMS },
    ],
    [
      'ConfigMap, every key',
      configMap({
        role: 'worker',
        mergeStrategy: 'merge',
        validateOnly: 'true',
        namespacedNames: 'true',
        generate: 'ConfigMap, ImageTagMirrorSet',
        clusterName: 'my-cluster',
        clusterNamespace: 'clusters',
        releaseImage: 'quay.io/ocp-release:4.21.0',
        version: '4.21.0',
        imageTagMirrorSet: ITMS_YAML,
        imageContentSources: '- source: quay.io/ocp\n  mirrors: [m.example.com/ocp]\n',
      }),
      {
        mergeStrategy: 'merge',
        validateOnly: true,
        namespacedNames: true,
        generate: ['ImageTagMirrorSet', 'ConfigMap'],
        cluster: {
          name: 'my-cluster',
          namespace: 'clusters',
          releaseImage: 'quay.io/ocp-release:4.21.0',
          version: '4.21.0',
        },
        imageTagMirrorSet: ITMS,
        imageContentSources: ICS,
      },
    ],
    // scalars are read as their strings; lists and maps are mistakes (below)
    [
      'ConfigMap, a boolean value is read as its string',
      configMap({ validateOnly: true }),
      { ...DEFAULTS, validateOnly: true },
    ],
    ['ConfigMap, boolean false is read as its string', configMap({ validateOnly: false }), DEFAULTS],
    ['ConfigMap, namespacedNames "false"', configMap({ namespacedNames: 'false' }), DEFAULTS],
    ['typed, generate in any order', typed({ generate: ['ConfigMap', 'ImageTagMirrorSet'] }), DEFAULTS],
    [
      'ConfigMap, generate ConfigMap alone',
      configMap({ generate: 'ConfigMap' }),
      { ...DEFAULTS, generate: ['ConfigMap'] },
    ],
    ['typed, role worker (the only role)', typed({ role: 'worker' }), DEFAULTS],
    [
      'ConfigMap, a number version is read as its string',
      configMap({ clusterName: 'a', clusterNamespace: 'b', version: 4.21 }),
      { ...DEFAULTS, cluster: { name: 'a', namespace: 'b', version: '4.21' } },
    ],
  ];
  it.each(TABLE)('%s', (_, obj, expected) => {
    const { config, results } = readConfig(obj);
    expect(results).toEqual([]);
    expect(config).toEqual(expected);
  });
});

// [name, functionConfig, expected field paths of the results (undefined: no path), substrings of the messages]
const MISTAKES: [string, JsonObject, (string | undefined)[], string[]][] = [
  // the typed form
  [
    'wrong apiVersion',
    typed({}, { apiVersion: 'fn.image-tag-mirrors.dev/v1' }),
    [undefined],
    ['fn.image-tag-mirrors.dev/v1/ImageTagMirrors', FN_CONFIG_API_VERSION],
  ],
  ['wrong kind', typed({}, { kind: 'ImageTagMirror' }), [undefined], ['ImageTagMirror']],
  ['no kind', { apiVersion: 'v1', metadata: { name: 'x' } }, [undefined], ['functionConfig has no apiVersion/kind']],
  ['no apiVersion', { kind: 'ConfigMap2', metadata: { name: 'x' } }, [undefined], ['has no apiVersion/kind']],
  ['kind a number', { apiVersion: 'v1', kind: 3 }, [undefined], ['has no apiVersion/kind']],
  ['another kind', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' }, data: {} }, [undefined], ['v1/Secret']],
  ['spec a string', typed('role: infra'), ['spec'], ['spec must be a map']],
  ['spec a list', typed([]), ['spec'], ['spec must be a map']],
  ['unknown key', typed({ roles: 'worker' }), ['spec'], ['"roles"']],
  ['unknown cluster key', typed({ cluster: { name: 'a', namespace: 'b', nmae: 'c' } }), ['spec.cluster'], ['"nmae"']],
  // HyperShift forces role=worker, and 99-infra-... sorts before MCO's 99-worker-generated-registries
  [
    'role infra',
    typed({ role: 'infra' }),
    ['spec.role'],
    ['spec.role', '"infra"', '99-infra-image-tag-mirrors-<cluster>', '99-worker-generated-registries', 'HyperShift'],
  ],
  ['bad role: uppercase', typed({ role: 'Worker' }), ['spec.role'], ['spec.role', '"Worker"']],
  ['bad role: master', typed({ role: 'master' }), ['spec.role'], ['spec.role', '"master"']],
  ['bad role: empty', typed({ role: '' }), ['spec.role'], ['spec.role', '""']],
  ['bad role: not a string', typed({ role: 7 }), ['spec.role'], ['spec.role', '7']],
  ['namespacedNames a string', typed({ namespacedNames: 'yes' }), ['spec.namespacedNames'], ['boolean', '"yes"']],
  ['generate empty', typed({ generate: [] }), ['spec.generate'], ['spec.generate', '[]']],
  [
    'generate unknown kind',
    typed({ generate: ['MachineConfig'] }),
    ['spec.generate', 'spec.generate[0]'],
    ['"MachineConfig"', 'must include ConfigMap'],
  ],
  ['generate twice', typed({ generate: ['ConfigMap', 'ConfigMap'] }), ['spec.generate'], ['duplicate']],
  [
    'generate without the ConfigMap',
    typed({ generate: ['ImageTagMirrorSet'] }),
    ['spec.generate'],
    ['must include ConfigMap', 'NodePools', 'generate: [ConfigMap]'],
  ],
  ['generate a string', typed({ generate: 'ConfigMap' }), ['spec.generate'], ['array']],
  [
    'releaseImage with a trailing space',
    typed({ cluster: { name: 'a', namespace: 'b', releaseImage: 'quay.io/ocp-release:4.21.0 ' } }),
    ['spec.cluster.releaseImage'],
    ['spec.cluster.releaseImage'],
  ],
  [
    'validateOnly a string',
    typed({ validateOnly: 'true' }),
    ['spec.validateOnly'],
    ['boolean', '"true"', 'use "true" or "false"'],
  ],
  // a missing property is reported at its own path
  [
    'cluster without namespace',
    typed({ cluster: { name: 'a' } }),
    ['spec.cluster.namespace'],
    ['spec.cluster.namespace'],
  ],
  ['cluster without name', typed({ cluster: { namespace: 'b' } }), ['spec.cluster.name'], ['spec.cluster.name']],
  [
    'cluster empty',
    typed({ cluster: {} }),
    ['spec.cluster.name', 'spec.cluster.namespace'],
    ['spec.cluster.name', 'spec.cluster.namespace'],
  ],
  ['cluster a string', typed({ cluster: 'a/b' }), ['spec.cluster'], ['spec.cluster', '"a/b"']],
  [
    'cluster name too long',
    typed({ cluster: { name: 'a'.repeat(54), namespace: 'b' } }),
    ['spec.cluster.name'],
    ['spec.cluster.name', `"${'a'.repeat(54)}"`],
  ],
  [
    'bad cluster namespace',
    typed({ cluster: { name: 'a', namespace: 'Clusters' } }),
    ['spec.cluster.namespace'],
    ['spec.cluster.namespace', '"Clusters"'],
  ],
  [
    'bad cluster version',
    typed({ cluster: { name: 'a', namespace: 'b', version: 'latest' } }),
    ['spec.cluster.version'],
    ['spec.cluster.version', '"latest"'],
  ],
  [
    'empty releaseImage',
    typed({ cluster: { name: 'a', namespace: 'b', releaseImage: '' } }),
    ['spec.cluster.releaseImage'],
    ['spec.cluster.releaseImage', '""'],
  ],
  [
    'imageTagMirrorSet a map',
    typed({ imageTagMirrorSet: ITMS[0] }),
    ['spec.imageTagMirrorSet'],
    ['array', '"quay.io/openshift"'],
  ],
  [
    'imageContentSources a string',
    typed({ imageContentSources: 'quay.io/ocp' }),
    ['spec.imageContentSources'],
    ['array', '"quay.io/ocp"'],
  ],
  [
    'several mistakes at once',
    typed({ role: 'X', validateOnly: 1, extra: true }),
    ['spec', 'spec.role', 'spec.validateOnly'],
    ['"extra"', '"X"', '(got 1)'],
  ],
  // the ConfigMap form: paths name the key the user wrote
  [
    'ConfigMap unknown key',
    configMap({ clusterRole: 'infra' }),
    ['data.clusterRole'],
    ['"clusterRole"', 'clusterName'],
  ],
  ['ConfigMap data a string', configMap('role=infra'), ['data'], ['map']],
  ['ConfigMap data a list', configMap(['role']), ['data'], ['map']],
  [
    'ConfigMap validateOnly "yes"',
    configMap({ validateOnly: 'yes' }),
    ['data.validateOnly'],
    ['boolean', '"yes"', 'use "true" or "false"'],
  ],
  ['ConfigMap validateOnly "True"', configMap({ validateOnly: 'True' }), ['data.validateOnly'], ['boolean', '"True"']],
  ['ConfigMap bad role', configMap({ role: 'Infra' }), ['data.role'], ['data.role', '"Infra"']],
  ['ConfigMap role infra', configMap({ role: 'infra' }), ['data.role'], ['data.role', '"infra"', 'sort before']],
  [
    'ConfigMap generate ImageTagMirrorSet alone: the hint is in ConfigMap data form',
    configMap({ generate: 'ImageTagMirrorSet' }),
    ['data.generate'],
    ['must include ConfigMap', 'generate=ConfigMap', '-- generate=ConfigMap'],
  ],
  [
    'ConfigMap generate "[ConfigMap]" (kpt -- generate=[ConfigMap]): the hint drops the brackets',
    configMap({ generate: '[ConfigMap]' }),
    ['data.generate', 'data.generate[0]'],
    ['must include ConfigMap', 'generate=ConfigMap', 'without brackets'],
  ],
  ['ConfigMap generate unknown', configMap({ generate: 'ConfigMap,Secret' }), ['data.generate[1]'], ['"Secret"']],
  ['ConfigMap namespacedNames "yes"', configMap({ namespacedNames: 'yes' }), ['data.namespacedNames'], ['"yes"']],
  [
    'ConfigMap imageTagMirrorSet invalid YAML',
    configMap({ imageTagMirrorSet: '- source: [quay.io' }),
    ['data.imageTagMirrorSet'],
    ['not valid YAML'],
  ],
  [
    'ConfigMap imageTagMirrorSet two documents',
    configMap({ imageTagMirrorSet: '- a\n---\n- b\n' }),
    ['data.imageTagMirrorSet'],
    ['not valid YAML'],
  ],
  [
    'ConfigMap imageTagMirrorSet alias bomb',
    configMap({
      imageTagMirrorSet:
        'a: &a [x, x, x, x, x, x, x, x, x, x]\n' +
        Array.from(
          { length: 12 },
          (_, i) =>
            `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
              .fill('*' + String.fromCharCode(97 + i))
              .join(', ')}]`,
        ).join('\n'),
    }),
    ['data.imageTagMirrorSet'],
    ['not valid YAML'],
  ],
  [
    'ConfigMap imageTagMirrorSet a YAML map',
    configMap({ imageTagMirrorSet: 'source: quay.io/openshift\nmirrors: [m.example.com/o]\n' }),
    ['data.imageTagMirrorSet'],
    ['array', '"quay.io/openshift"'],
  ],
  [
    'ConfigMap imageTagMirrorSet a YAML scalar',
    configMap({ imageTagMirrorSet: 'quay.io/openshift' }),
    ['data.imageTagMirrorSet'],
    ['array', '"quay.io/openshift"'],
  ],
  [
    'ConfigMap imageContentSources invalid YAML',
    configMap({ imageContentSources: '{' }),
    ['data.imageContentSources'],
    ['not valid YAML'],
  ],
  [
    'ConfigMap bad version',
    configMap({ clusterName: 'a', clusterNamespace: 'b', version: 'four' }),
    ['data.version'],
    ['data.version', '"four"'],
  ],
  [
    'ConfigMap bad clusterName',
    configMap({ clusterName: 'My_Cluster', clusterNamespace: 'clusters' }),
    ['data.clusterName'],
    ['data.clusterName', '"My_Cluster"'],
  ],
  [
    'ConfigMap clusterName too long',
    configMap({ clusterName: 'a'.repeat(54), clusterNamespace: 'clusters' }),
    ['data.clusterName'],
    ['data.clusterName'],
  ],
  [
    'ConfigMap bad clusterNamespace',
    configMap({ clusterName: 'a', clusterNamespace: 'Clusters' }),
    ['data.clusterNamespace'],
    ['data.clusterNamespace', '"Clusters"'],
  ],
  [
    'ConfigMap empty releaseImage',
    configMap({ clusterName: 'a', clusterNamespace: 'b', releaseImage: '' }),
    ['data.releaseImage'],
    ['data.releaseImage', '""'],
  ],
  [
    'ConfigMap clusterName without clusterNamespace',
    configMap({ clusterName: 'a' }),
    ['data.clusterNamespace'],
    ['data.clusterNamespace'],
  ],
  [
    'ConfigMap clusterNamespace without clusterName',
    configMap({ clusterNamespace: 'b' }),
    ['data.clusterName'],
    ['data.clusterName'],
  ],
  [
    'ConfigMap version without clusterName and clusterNamespace',
    configMap({ version: '4.21' }),
    ['data.clusterName', 'data.clusterNamespace'],
    ['data.clusterName', 'data.clusterNamespace'],
  ],
  [
    'ConfigMap releaseImage without clusterName and clusterNamespace',
    configMap({ releaseImage: 'quay.io/ocp-release:4.21.0' }),
    ['data.clusterName', 'data.clusterNamespace'],
    ['data.clusterName', 'data.clusterNamespace'],
  ],
  // ConfigMap data holds strings: a list or a map is a mistake, not "[object Object]"
  [
    'ConfigMap imageTagMirrorSet a list',
    configMap({ imageTagMirrorSet: [ITMS[0]] }),
    ['data.imageTagMirrorSet'],
    ['data.imageTagMirrorSet', 'string', '"quay.io/openshift"'],
  ],
  [
    'ConfigMap imageContentSources a map',
    configMap({ imageContentSources: ICS[0] }),
    ['data.imageContentSources'],
    ['data.imageContentSources', 'string', '"quay.io/ocp"'],
  ],
  ['ConfigMap role a list', configMap({ role: ['infra'] }), ['data.role'], ['data.role', '["infra"]']],
  [
    'ConfigMap validateOnly an empty map',
    configMap({ validateOnly: {} }),
    ['data.validateOnly'],
    ['data.validateOnly', '{}'],
  ],
  // config keys are own keys: names of Object.prototype members are unknown keys
  ...['constructor', 'toString', 'isPrototypeOf', '__proto__', 'valueOf', 'hasOwnProperty'].map(
    (key): [string, JsonObject, string[], string[]] => [
      `ConfigMap key "${key}"`,
      configMap(ownKey(key, 'x')),
      [`data.${key}`],
      [`unknown config key "${key}"`],
    ],
  ),
];

describe('readConfig: every mistake is one or more invalid-config errors', () => {
  it.each(MISTAKES)('%s', (_, obj, paths, mentions) => {
    let out: ReturnType<typeof readConfig> | undefined;
    expect(() => (out = readConfig(obj))).not.toThrow();
    const { config, results } = out!;
    expect(config).toEqual(DEFAULTS);
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      expect(r.severity).toBe('error');
      expect(r.tags.code).toBe('invalid-config');
    }
    expect(results.map((r) => r.field?.path).sort()).toEqual([...paths].sort());
    const all = results.map((r) => r.message).join('\n');
    for (const m of mentions) expect(all).toContain(m);
  });

  it('results point at the config object', () => {
    const { results } = readConfig(typed({ role: 'X' }));
    expect(results[0]!.resourceRef).toEqual({
      apiVersion: FN_CONFIG_API_VERSION,
      kind: FN_CONFIG_KIND,
      name: 'fn-config',
      namespace: 'ns',
    });
    const cm = readConfig(configMap({ role: 'X' }));
    expect(cm.results[0]!.resourceRef).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', name: 'fn-config' });
  });

  it('a config object without metadata still gets a result', () => {
    const { results } = readConfig({ apiVersion: FN_CONFIG_API_VERSION, kind: FN_CONFIG_KIND, spec: { role: 'X' } });
    expect(results).toHaveLength(1);
    expect(results[0]!.resourceRef).toEqual({ apiVersion: FN_CONFIG_API_VERSION, kind: FN_CONFIG_KIND, name: '' });
  });

  it('a config read error is an invalid-config error', () => {
    const { config, results } = readConfig(undefined, 'functionConfig: mapping values are not allowed here at line 3');
    expect(config).toEqual(DEFAULTS);
    expect(results).toHaveLength(1);
    const r: Result = results[0]!;
    expect(r.severity).toBe('error');
    expect(r.tags.code).toBe('invalid-config');
    expect(r.message).toContain('mapping values are not allowed here at line 3');
    expect(r.resourceRef).toBeUndefined();
  });

  it('the read error wins over an object', () => {
    const { config, results } = readConfig(typed({ role: 'infra' }), 'boom');
    expect(config).toEqual(DEFAULTS);
    expect(results.map((r) => r.tags.code)).toEqual(['invalid-config']);
    expect(results[0]!.message).toContain('boom');
  });

  it('does not modify the config object', () => {
    const obj = configMap({ imageTagMirrorSet: ITMS_YAML, validateOnly: 'true' });
    const copy = structuredClone(obj);
    readConfig(obj);
    expect(obj).toEqual(copy);
  });
});

describe('readConfig: mergeStrategy', () => {
  const TARGET = { cluster: { name: 'my-cluster', namespace: 'clusters' }, imageTagMirrorSet: ITMS };
  const TARGET_DATA = { clusterName: 'my-cluster', clusterNamespace: 'clusters', imageTagMirrorSet: ITMS_YAML };
  // [name, functionConfig, expected mergeStrategy]
  const ACCEPTED: [string, JsonObject, FnConfig['mergeStrategy']][] = [
    ['typed, not set: replace', typed(TARGET), 'replace'],
    ['typed, replace', typed({ ...TARGET, mergeStrategy: 'replace' }), 'replace'],
    ['typed, merge', typed({ ...TARGET, mergeStrategy: 'merge' }), 'merge'],
    ['typed, merge without a list', typed({ mergeStrategy: 'merge' }), 'merge'],
    ['ConfigMap, not set: replace', configMap(TARGET_DATA), 'replace'],
    ['ConfigMap, replace', configMap({ ...TARGET_DATA, mergeStrategy: 'replace' }), 'replace'],
    ['ConfigMap, merge', configMap({ ...TARGET_DATA, mergeStrategy: 'merge' }), 'merge'],
    ['ConfigMap, merge alone', configMap({ mergeStrategy: 'merge' }), 'merge'],
  ];
  it.each(ACCEPTED)('%s', (_, obj, mergeStrategy) => {
    const { config, results } = readConfig(obj);
    expect(results).toEqual([]);
    expect(config.mergeStrategy).toBe(mergeStrategy);
  });

  it('the rest of the config is read as without mergeStrategy', () => {
    for (const [merged, plain] of [
      [typed({ ...TARGET, mergeStrategy: 'merge' }), typed(TARGET)],
      [configMap({ ...TARGET_DATA, mergeStrategy: 'merge' }), configMap(TARGET_DATA)],
    ] as const) {
      expect(readConfig(merged).config).toEqual({ ...readConfig(plain).config, mergeStrategy: 'merge' });
    }
  });

  // [name, functionConfig, field path, substring of the message (the value)]
  const INVALID: [string, JsonObject, string, string][] = [
    ['typed, unknown word', typed({ mergeStrategy: 'append' }), 'spec.mergeStrategy', '"append"'],
    ['typed, wrong case', typed({ mergeStrategy: 'Merge' }), 'spec.mergeStrategy', '"Merge"'],
    ['typed, surrounding space', typed({ mergeStrategy: 'merge ' }), 'spec.mergeStrategy', '"merge "'],
    ['typed, empty', typed({ mergeStrategy: '' }), 'spec.mergeStrategy', '""'],
    ['typed, null', typed({ mergeStrategy: null }), 'spec.mergeStrategy', 'null'],
    ['typed, a boolean', typed({ mergeStrategy: true }), 'spec.mergeStrategy', 'true'],
    ['typed, a number', typed({ mergeStrategy: 1 }), 'spec.mergeStrategy', '1'],
    ['typed, a list', typed({ mergeStrategy: ['merge'] }), 'spec.mergeStrategy', '["merge"]'],
    ['typed, a map', typed({ mergeStrategy: { merge: true } }), 'spec.mergeStrategy', '{"merge":true}'],
    ['ConfigMap, unknown word', configMap({ mergeStrategy: 'append' }), 'data.mergeStrategy', '"append"'],
    ['ConfigMap, wrong case', configMap({ mergeStrategy: 'MERGE' }), 'data.mergeStrategy', '"MERGE"'],
    ['ConfigMap, surrounding space', configMap({ mergeStrategy: ' replace' }), 'data.mergeStrategy', '" replace"'],
    ['ConfigMap, empty', configMap({ mergeStrategy: '' }), 'data.mergeStrategy', '""'],
    ['ConfigMap, a boolean (read as "true")', configMap({ mergeStrategy: true }), 'data.mergeStrategy', '"true"'],
    ['ConfigMap, a list', configMap({ mergeStrategy: ['merge'] }), 'data.mergeStrategy', '["merge"]'],
    [
      'ConfigMap, with a valid target',
      configMap({ ...TARGET_DATA, mergeStrategy: 'union' }),
      'data.mergeStrategy',
      '"union"',
    ],
  ];
  it.each(INVALID)('%s is an invalid-config error', (_, obj, path, mention) => {
    const { config, results } = readConfig(obj);
    expect(config).toEqual(DEFAULTS);
    expect(results.map((r) => [r.severity, r.tags.code, r.field?.path])).toEqual([['error', 'invalid-config', path]]);
    expect(results[0]!.message).toContain(path);
    expect(results[0]!.message).toContain(mention);
  });

  it('an invalid mergeStrategy message names the allowed values', () => {
    for (const obj of [typed({ mergeStrategy: 'Merge' }), configMap({ mergeStrategy: 'Merge' })]) {
      const { results } = readConfig(obj);
      expect(results[0]!.message).toContain('replace');
      expect(results[0]!.message).toContain('merge');
    }
  });
});

describe('readConfig: null values and missing keys (once bugs)', () => {
  // A null ConfigMap value (`role:`, `clusterName: ~`) is absent, not the string "null".
  it('ConfigMap null value is not read as the string "null"', () => {
    const role = readConfig(configMap({ role: null }));
    expect(role.results).toEqual([]);
    const c = readConfig(configMap({ clusterName: null, clusterNamespace: 'clusters' }));
    expect(c.config.cluster?.name).not.toBe('null');
  });

  // A missing required key is named as the user writes it (the ConfigMap key, not the typed
  // property), without ajv's "must have required property" relative to the parent.
  const MISSING: [string, JsonObject, string][] = [
    ['typed', typed({ cluster: { name: 'a' } }), 'spec.cluster.namespace'],
    ['ConfigMap', configMap({ clusterName: 'a' }), 'data.clusterNamespace'],
    ['ConfigMap', configMap({ clusterNamespace: 'b' }), 'data.clusterName'],
  ];
  for (const [form, obj, path] of MISSING) {
    it(`${form}: the message for a missing ${path} reads right`, () => {
      const { results } = readConfig(obj);
      expect(results).toHaveLength(1);
      expect(results[0]!.message).toContain(path);
      expect(results[0]!.message).not.toContain(`${path} must have required property`);
      if (form === 'ConfigMap') expect(results[0]!.message).not.toMatch(/'(name|namespace)'/);
    });
  }
});
