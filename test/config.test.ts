// readConfig: the typed ImageTagMirrors config and the ConfigMap form (kpt `-- key=value`).
// Every mistake is an error result with code invalid-config, never a throw.
import { describe, expect, it } from 'vitest';
import { readConfig, type FnConfig } from '../src/config.js';
import { FN_CONFIG_API_VERSION, FN_CONFIG_KIND } from '../src/constants.js';
import type { JsonObject, Result } from '../src/types.js';

/** Known bugs run as it.fails (the suite stays green); SHOW_BUGS=1 runs them as plain tests to see the failures. */
const bugIt = process.env.SHOW_BUGS ? it : it.fails;

const DEFAULTS: FnConfig = { role: 'worker', validateOnly: false, mergeStrategy: 'replace' };
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
  { source: 'docker.io/library', mirrors: ['internal.registry.com/docker-library'], mirrorSourcePolicy: 'NeverContactSource' },
];
const ICS = [{ source: 'quay.io/ocp', mirrors: ['m.example.com/ocp'] }];

const typed = (spec: unknown, extra: Record<string, unknown> = {}) =>
  ({ apiVersion: FN_CONFIG_API_VERSION, kind: FN_CONFIG_KIND, metadata: { name: 'fn-config', namespace: 'ns' }, spec, ...extra }) as JsonObject;
const configMap = (data: unknown) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'fn-config' }, data }) as JsonObject;

describe('readConfig: accepted configs', () => {
  const TABLE: [string, JsonObject | undefined, FnConfig][] = [
    ['no functionConfig', undefined, DEFAULTS],
    ['typed, no spec', typed(undefined), DEFAULTS],
    ['typed, null spec', typed(null), DEFAULTS],
    ['typed, empty spec', typed({}), DEFAULTS],
    [
      'typed, every field',
      typed({
        role: 'infra',
        mergeStrategy: 'replace',
        validateOnly: true,
        cluster: { name: 'my-cluster', namespace: 'clusters', releaseImage: 'quay.io/ocp-release:4.21.0', version: '4.21' },
        imageTagMirrorSet: ITMS,
        imageContentSources: ICS,
      }),
      {
        role: 'infra',
        mergeStrategy: 'replace',
        validateOnly: true,
        cluster: { name: 'my-cluster', namespace: 'clusters', releaseImage: 'quay.io/ocp-release:4.21.0', version: '4.21' },
        imageTagMirrorSet: ITMS,
        imageContentSources: ICS,
      },
    ],
    ['typed, version with v and pre-release', typed({ cluster: { name: 'a', namespace: 'b', version: 'v4.22.0-ec.1' } }), { ...DEFAULTS, cluster: { name: 'a', namespace: 'b', version: 'v4.22.0-ec.1' } }],
    ['typed, validateOnly false', typed({ validateOnly: false }), DEFAULTS],
    // list contents are checked later, by the same rules as a HostedCluster's lists
    ['typed, raw list entries are passed through', typed({ imageTagMirrorSet: [1, 'x', null] }), { ...DEFAULTS, imageTagMirrorSet: [1, 'x', null] }],
    ['ConfigMap, empty', configMap({}), DEFAULTS],
    ['ConfigMap, no data', configMap(undefined), DEFAULTS],
    ['ConfigMap, null data', configMap(null), DEFAULTS],
    ['ConfigMap, validateOnly "true"', configMap({ validateOnly: 'true' }), { ...DEFAULTS, validateOnly: true }],
    ['ConfigMap, validateOnly "false"', configMap({ validateOnly: 'false' }), DEFAULTS],
    ['ConfigMap, imageTagMirrorSet as a YAML string', configMap({ imageTagMirrorSet: ITMS_YAML }), { ...DEFAULTS, imageTagMirrorSet: ITMS }],
    ['ConfigMap, imageTagMirrorSet as a JSON string', configMap({ imageTagMirrorSet: JSON.stringify(ITMS) }), { ...DEFAULTS, imageTagMirrorSet: ITMS }],
    [
      'ConfigMap, every key',
      configMap({
        role: 'infra',
        mergeStrategy: 'replace',
        validateOnly: 'true',
        clusterName: 'my-cluster',
        clusterNamespace: 'clusters',
        releaseImage: 'quay.io/ocp-release:4.21.0',
        version: '4.21.0',
        imageTagMirrorSet: ITMS_YAML,
        imageContentSources: '- source: quay.io/ocp\n  mirrors: [m.example.com/ocp]\n',
      }),
      {
        role: 'infra',
        mergeStrategy: 'replace',
        validateOnly: true,
        cluster: { name: 'my-cluster', namespace: 'clusters', releaseImage: 'quay.io/ocp-release:4.21.0', version: '4.21.0' },
        imageTagMirrorSet: ITMS,
        imageContentSources: ICS,
      },
    ],
    ['ConfigMap, a boolean value is read as its string', configMap({ validateOnly: true }), { ...DEFAULTS, validateOnly: true }],
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
  ['wrong apiVersion', typed({}, { apiVersion: 'fn.image-tag-mirrors.dev/v1' }), [undefined], ['fn.image-tag-mirrors.dev/v1/ImageTagMirrors', FN_CONFIG_API_VERSION]],
  ['wrong kind', typed({}, { kind: 'ImageTagMirror' }), [undefined], ['ImageTagMirror']],
  ['no kind', { apiVersion: 'v1', metadata: { name: 'x' } }, [undefined], ['unsupported functionConfig']],
  ['another kind', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' }, data: {} }, [undefined], ['v1/Secret']],
  ['spec a string', typed('role: infra'), ['spec'], ['spec must be a map']],
  ['spec a list', typed([]), ['spec'], ['spec must be a map']],
  ['unknown key', typed({ roles: 'worker' }), ['spec'], ['"roles"']],
  ['unknown cluster key', typed({ cluster: { name: 'a', namespace: 'b', nmae: 'c' } }), ['spec.cluster'], ['"nmae"']],
  ['bad role: uppercase', typed({ role: 'Worker' }), ['spec.role'], ['spec.role']],
  ['bad role: underscore', typed({ role: 'my_pool' }), ['spec.role'], ['spec.role']],
  ['bad role: empty', typed({ role: '' }), ['spec.role'], ['spec.role']],
  ['bad role: too long', typed({ role: 'a'.repeat(64) }), ['spec.role'], ['spec.role']],
  ['bad role: not a string', typed({ role: 7 }), ['spec.role'], ['spec.role']],
  ['validateOnly a string', typed({ validateOnly: 'true' }), ['spec.validateOnly'], ['boolean']],
  ['cluster without namespace', typed({ cluster: { name: 'a' } }), ['spec.cluster'], ['namespace']],
  ['cluster name too long', typed({ cluster: { name: 'a'.repeat(54), namespace: 'b' } }), ['spec.cluster.name'], ['spec.cluster.name']],
  ['bad cluster version', typed({ cluster: { name: 'a', namespace: 'b', version: 'latest' } }), ['spec.cluster.version'], ['spec.cluster.version']],
  ['empty releaseImage', typed({ cluster: { name: 'a', namespace: 'b', releaseImage: '' } }), ['spec.cluster.releaseImage'], ['releaseImage']],
  ['imageTagMirrorSet a map', typed({ imageTagMirrorSet: ITMS[0] }), ['spec.imageTagMirrorSet'], ['array']],
  ['imageContentSources a string', typed({ imageContentSources: 'quay.io/ocp' }), ['spec.imageContentSources'], ['array']],
  ['several mistakes at once', typed({ role: 'X', validateOnly: 1, extra: true }), ['spec', 'spec.role', 'spec.validateOnly'], ['"extra"']],
  // the ConfigMap form
  ['ConfigMap unknown key', configMap({ clusterRole: 'infra' }), ['data.clusterRole'], ['"clusterRole"', 'clusterName']],
  ['ConfigMap data a string', configMap('role=infra'), ['data'], ['map']],
  ['ConfigMap data a list', configMap(['role']), ['data'], ['map']],
  ['ConfigMap validateOnly "yes"', configMap({ validateOnly: 'yes' }), ['data.validateOnly'], ['boolean']],
  ['ConfigMap validateOnly "True"', configMap({ validateOnly: 'True' }), ['data.validateOnly'], ['boolean']],
  ['ConfigMap bad role', configMap({ role: 'Infra' }), ['data.role'], ['data.role']],
  ['ConfigMap imageTagMirrorSet invalid YAML', configMap({ imageTagMirrorSet: '- source: [quay.io' }), ['data.imageTagMirrorSet'], ['not valid YAML']],
  ['ConfigMap imageTagMirrorSet two documents', configMap({ imageTagMirrorSet: '- a\n---\n- b\n' }), ['data.imageTagMirrorSet'], ['not valid YAML']],
  ['ConfigMap imageTagMirrorSet alias bomb', configMap({ imageTagMirrorSet: 'a: &a [x, x, x, x, x, x, x, x, x, x]\n' + Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill('*' + String.fromCharCode(97 + i)).join(', ')}]`).join('\n') }), ['data.imageTagMirrorSet'], ['not valid YAML']],
  ['ConfigMap imageTagMirrorSet a YAML map', configMap({ imageTagMirrorSet: 'source: quay.io/openshift\nmirrors: [m.example.com/o]\n' }), ['data.imageTagMirrorSet'], ['array']],
  ['ConfigMap imageTagMirrorSet a YAML scalar', configMap({ imageTagMirrorSet: 'quay.io/openshift' }), ['data.imageTagMirrorSet'], ['array']],
  ['ConfigMap imageContentSources invalid YAML', configMap({ imageContentSources: '{' }), ['data.imageContentSources'], ['not valid YAML']],
  ['ConfigMap bad version', configMap({ clusterName: 'a', clusterNamespace: 'b', version: 'four' }), ['data.cluster.version'], ['version']],
  ['ConfigMap clusterName without clusterNamespace', configMap({ clusterName: 'a' }), ['data.cluster'], ['namespace']],
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
    expect(results[0]!.resourceRef).toEqual({ apiVersion: FN_CONFIG_API_VERSION, kind: FN_CONFIG_KIND, name: 'fn-config', namespace: 'ns' });
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

describe('readConfig: known bugs', () => {
  // CONFIG_MAP_KEYS is a plain object literal looked up with `CONFIG_MAP_KEYS[key]`, so keys that
  // name Object.prototype members are found: `constructor`, `toString` and `isPrototypeOf` are
  // callable without throwing and are silently accepted; `__proto__`, `valueOf`, `hasOwnProperty`
  // throw inside the setter and come back as "data.<key> is not valid YAML: ..." (wrong message).
  for (const key of ['constructor', 'toString', 'isPrototypeOf', '__proto__', 'valueOf', 'hasOwnProperty']) {
    bugIt(`ConfigMap key "${key}" is an unknown config key [BUG: Object.prototype lookup]`, () => {
      const data = JSON.parse(`{"${key}": "x"}`) as JsonObject; // an own "__proto__" key, as a YAML parser yields
      const { results } = readConfig(configMap(data));
      expect(results).toHaveLength(1);
      expect(results[0]!.tags.code).toBe('invalid-config');
      expect(results[0]!.message).toContain(`unknown config key "${key}"`);
    });
  }

  bugIt('ConfigMap clusterName error points at data.clusterName [BUG: reported as data.cluster.name]', () => {
    const { results } = readConfig(configMap({ clusterName: 'My_Cluster', clusterNamespace: 'clusters' }));
    expect(results.map((r) => r.field?.path)).toEqual(['data.clusterName']);
  });

  bugIt('ConfigMap clusterName without clusterNamespace names the missing key [BUG: "data.cluster must have required property \'namespace\'"]', () => {
    const { results } = readConfig(configMap({ clusterName: 'a' }));
    expect(results[0]!.message).toContain('clusterNamespace');
  });

  bugIt('ConfigMap data value that is not a string is an error [BUG: a list becomes ["object Object"]]', () => {
    // String([{...}]) is "[object Object]", which YAML reads as the list ["object Object"].
    const { config, results } = readConfig(configMap({ imageTagMirrorSet: [ITMS[0]] as unknown as string }));
    expect(config.imageTagMirrorSet).toBeUndefined();
    expect(results.map((r) => r.tags.code)).toEqual(['invalid-config']);
  });
});
