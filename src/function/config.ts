// The function config: a typed ImageTagMirrors object or a ConfigMap (kpt `-- key=value`).
// Mistakes in it are results, never crashes.
import { parse } from 'yaml';
import {
  CODE,
  CONFIG_MAP_KIND,
  FN_CONFIG_API_VERSION,
  FN_CONFIG_KIND,
  GENERATED_KINDS,
  HYPERSHIFT_POOLS,
  MACHINE_CONFIG_ROLE,
  mcoRegistriesMachineConfig,
  names,
  type GeneratedKind,
} from '../constants.js';
import type { ClusterId } from '../hypershift/cluster.js';
import { isObject, type JsonObject } from '../krm/kube.js';
import { QUIET_YAML } from '../krm/kube-yaml.js';
import { result, type Result, type Target } from '../krm/result.js';
import { parseVersion, type Version } from '../validate/release-version.js';
import { configValidator } from './config-validator.js';

export interface ClusterTarget {
  name: string;
  namespace: string;
  releaseImage?: string;
  version?: string;
}

export type MergeStrategy = 'replace' | 'merge';

export interface FnConfig {
  validateOnly: boolean;
  /** Put the namespace in the cluster-scoped ImageTagMirrorSet's name. */
  namespacedNames: boolean;
  /** Which objects to generate: the ConfigMap always, the ImageTagMirrorSet unless left out. */
  generate: GeneratedKind[];
  /** How spec.imageTagMirrorSet of the config goes into the named HostedCluster. */
  mergeStrategy: MergeStrategy;
  cluster?: ClusterTarget;
  /** Raw: checked by the same rules as a HostedCluster's list. */
  imageTagMirrorSet?: unknown[];
  imageContentSources?: unknown[];
}

const bool = (v: string) => (v === 'true' ? true : v === 'false' ? false : v);

const CONFIG_MAP_KEYS: Record<string, (v: string, spec: JsonObject) => void> = {
  role: (v, s) => (s.role = v),
  validateOnly: (v, s) => (s.validateOnly = bool(v)),
  namespacedNames: (v, s) => (s.namespacedNames = bool(v)),
  // "ConfigMap" or "ImageTagMirrorSet,ConfigMap" (kpt `-- generate=ConfigMap`)
  generate: (v, s) => (s.generate = v.split(',').map((k) => k.trim())),
  mergeStrategy: (v, s) => (s.mergeStrategy = v),
  clusterName: (v, s) => (cluster(s).name = v),
  clusterNamespace: (v, s) => (cluster(s).namespace = v),
  releaseImage: (v, s) => (cluster(s).releaseImage = v),
  version: (v, s) => (cluster(s).version = v),
  imageTagMirrorSet: (v, s) => (s.imageTagMirrorSet = parse(v, QUIET_YAML) as JsonObject[]),
  imageContentSources: (v, s) => (s.imageContentSources = parse(v, QUIET_YAML) as JsonObject[]),
};
/** ConfigMap keys that fill cluster.*: errors must name the key the user wrote. */
const CONFIG_MAP_CLUSTER_KEYS: Record<string, string> = {
  name: 'clusterName',
  namespace: 'clusterNamespace',
  releaseImage: 'releaseImage',
  version: 'version',
};

function configPath(prefix: string, pointer: string): string {
  const parts = pointer.split('/').filter(Boolean);
  if (prefix === 'data' && parts[0] === 'cluster' && parts[1] && CONFIG_MAP_CLUSTER_KEYS[parts[1]])
    return `data.${CONFIG_MAP_CLUSTER_KEYS[parts[1]]}`;
  return [prefix, ...parts].join('.').replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}

function valueAt(root: unknown, pointer: string): unknown {
  let v = root;
  for (const p of pointer.split('/').filter(Boolean))
    v = isObject(v) ? v[p] : Array.isArray(v) ? v[Number(p)] : undefined;
  return v;
}

function cluster(spec: JsonObject): JsonObject {
  if (!isObject(spec.cluster)) spec.cluster = {};
  return spec.cluster as JsonObject;
}

/** The config object, for results about it: no resourceRef when it has no kind to name. */
function subjectOf(raw: JsonObject): Target {
  if (typeof raw.kind !== 'string' || raw.kind === '') return {};
  const md = isObject(raw.metadata) ? raw.metadata : {};
  return {
    resourceRef: {
      apiVersion: typeof raw.apiVersion === 'string' ? raw.apiVersion : '',
      kind: raw.kind,
      name: typeof md.name === 'string' ? md.name : '',
      ...(typeof md.namespace === 'string' && md.namespace ? { namespace: md.namespace } : {}),
    },
  };
}

export const DEFAULT_CONFIG: Readonly<FnConfig> = Object.freeze({
  validateOnly: false,
  namespacedNames: false,
  mergeStrategy: 'replace',
  generate: [...GENERATED_KINDS],
});

const show = (v: unknown) => JSON.stringify(v) ?? String(v);

/** A boolean written otherwise (`validateOnly=yes`): say which words are booleans here. */
const booleanHint = (e: { keyword: string; params: unknown }) =>
  e.keyword === 'type' && (e.params as { type?: unknown }).type === 'boolean' ? ': use "true" or "false"' : '';

/**
 * How to write "the ConfigMap only" in the form the user wrote the config in: a list under
 * spec, a comma-separated string in ConfigMap data (kpt's `-- key=value` makes ConfigMap data,
 * where `[ConfigMap]` is the string "[ConfigMap]", not a list).
 */
function generateHint(prefix: string, value: unknown): string {
  if (prefix !== 'data') return `generate: [${CONFIG_MAP_KIND}]`;
  const bracketed = Array.isArray(value) && value.some((v) => typeof v === 'string' && /[[\]]/.test(v));
  return `generate=${CONFIG_MAP_KIND} (kpt: -- generate=${CONFIG_MAP_KIND}; ConfigMap data holds a comma-separated list${bracketed ? ', without brackets' : ''})`;
}

/** The checks the schema cannot word well: the role, and generate without the ConfigMap. */
function semanticMistakes(spec: JsonObject, prefix: string, subject: Target): Result[] {
  const out: Result[] = [];
  // Values of the wrong type are the schema's to report.
  if (typeof spec.role === 'string' && spec.role !== MACHINE_CONFIG_ROLE) {
    const ours = names.machineConfig('<cluster>').replace(MACHINE_CONFIG_ROLE, spec.role);
    out.push(
      result(
        'error',
        CODE.invalidConfig,
        `function config ${prefix}.role must be "${MACHINE_CONFIG_ROLE}" or left out (got ${show(spec.role)}): HyperShift sets role=${MACHINE_CONFIG_ROLE} on every NodePool MachineConfig, and ${ours} would sort before ${HYPERSHIFT_POOLS.map(mcoRegistriesMachineConfig).join('/')}, so MCO's own registries.conf would win on the nodes`,
        subject,
        `${prefix}.role`,
      ),
    );
  }
  if (Array.isArray(spec.generate) && spec.generate.length && !spec.generate.includes(CONFIG_MAP_KIND)) {
    out.push(
      result(
        'error',
        CODE.invalidConfig,
        `function config ${prefix}.generate must include ${CONFIG_MAP_KIND} (got ${show(spec.generate)}): the ConfigMap is what the NodePools take; leave out ImageTagMirrorSet alone with ${generateHint(prefix, spec.generate)}`,
        subject,
        `${prefix}.generate`,
      ),
    );
  }
  return out;
}

export function readConfig(obj: JsonObject | undefined, readError?: string): { config: FnConfig; results: Result[] } {
  const config: FnConfig = { ...DEFAULT_CONFIG, generate: [...DEFAULT_CONFIG.generate] };
  if (readError)
    return { config, results: [result('error', CODE.invalidConfig, `cannot read functionConfig: ${readError}`, {})] };
  // `functionConfig: {}` is what some orchestrators send for "no config".
  if (!obj || Object.keys(obj).length === 0) return { config, results: [] };
  const subject = subjectOf(obj);
  const bad = (message: string, path?: string) => ({
    config,
    results: [result('error', CODE.invalidConfig, message, subject, path)],
  });
  let spec: JsonObject = {};
  let prefix = 'spec';
  if (obj.kind === 'ConfigMap') {
    prefix = 'data';
    const data = obj.data ?? {};
    if (!isObject(data)) return bad('ConfigMap data must be a map of strings', 'data');
    for (const [key, value] of Object.entries(data)) {
      const set = Object.hasOwn(CONFIG_MAP_KEYS, key) ? CONFIG_MAP_KEYS[key] : undefined;
      if (!set)
        return bad(`unknown config key "${key}": use ${Object.keys(CONFIG_MAP_KEYS).join(', ')}`, `data.${key}`);
      // Scalars are read as the strings kubectl would make of them; a list or map is a mistake.
      if (value === null) continue; // `key:` with no value: as if absent
      if (typeof value === 'object')
        return bad(
          `data.${key} must be a string (ConfigMap data holds strings; write a list as a YAML string), not ${JSON.stringify(value)}`,
          `data.${key}`,
        );
      try {
        set(String(value), spec);
      } catch (e) {
        return bad(`data.${key} is not valid YAML: ${(e as Error).message.split('\n')[0]}`, `data.${key}`);
      }
    }
  } else if (obj.kind === FN_CONFIG_KIND && obj.apiVersion === FN_CONFIG_API_VERSION) {
    if (obj.spec !== undefined && obj.spec !== null && !isObject(obj.spec)) return bad('spec must be a map', 'spec');
    spec = (obj.spec as JsonObject | undefined) ?? {};
  } else if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string' || !obj.apiVersion || !obj.kind) {
    return bad(
      `functionConfig has no apiVersion/kind: use a v1 ConfigMap or ${FN_CONFIG_API_VERSION} ${FN_CONFIG_KIND}`,
    );
  } else {
    return bad(
      `unsupported functionConfig ${obj.apiVersion}/${obj.kind}: use a v1 ConfigMap or ${FN_CONFIG_API_VERSION} ${FN_CONFIG_KIND}`,
    );
  }
  const validate = configValidator();
  const mistakes = semanticMistakes(spec, prefix, subject);
  if (!validate(spec)) {
    const results = (validate.errors ?? []).map((e) => {
      const field =
        e.keyword === 'required'
          ? `${e.instancePath}/${(e.params as { missingProperty: string }).missingProperty}`
          : e.instancePath;
      const path = configPath(prefix, field);
      const extra =
        e.keyword === 'additionalProperties'
          ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"`
          : '';
      const value = ` (got ${JSON.stringify(valueAt(spec, e.instancePath))})`;
      const message =
        e.keyword === 'required'
          ? `function config ${path} is required`
          : e.keyword === 'enum'
            ? `function config ${path} must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}${value}`
            : `function config ${path} ${e.message ?? 'is invalid'}${extra}${value}${booleanHint(e)}`;
      return result('error', CODE.invalidConfig, message, subject, path);
    });
    return { config, results: [...results, ...mistakes] };
  }
  if (mistakes.length) return { config, results: mistakes };
  const s = spec as unknown as Partial<FnConfig>;
  return {
    config: {
      validateOnly: s.validateOnly ?? DEFAULT_CONFIG.validateOnly,
      namespacedNames: s.namespacedNames ?? DEFAULT_CONFIG.namespacedNames,
      mergeStrategy: s.mergeStrategy ?? DEFAULT_CONFIG.mergeStrategy,
      // In the order of GENERATED_KINDS, whatever order the user wrote.
      generate: GENERATED_KINDS.filter((k) => (s.generate ?? GENERATED_KINDS).includes(k)),
      ...(s.cluster ? { cluster: s.cluster } : {}),
      ...(s.imageTagMirrorSet ? { imageTagMirrorSet: s.imageTagMirrorSet } : {}),
      ...(s.imageContentSources ? { imageContentSources: s.imageContentSources } : {}),
    },
    results: [],
  };
}

/**
 * The cluster a config's spec names, and the HostedCluster spec its mirror lists stand for:
 * what generator mode generates from and what `check` validates a config as. Read from the
 * raw spec too (check reports the config's own mistakes apart), so every field is checked here.
 */
export function configuredCluster(spec: {
  cluster?: unknown;
  imageTagMirrorSet?: unknown;
  imageContentSources?: unknown;
}): {
  id: ClusterId;
  spec: JsonObject;
  version?: Version;
} {
  const cluster = isObject(spec.cluster) ? spec.cluster : {};
  const version = typeof cluster.version === 'string' ? parseVersion(cluster.version) : undefined;
  const lists: JsonObject = {
    ...(typeof cluster.releaseImage === 'string' ? { release: { image: cluster.releaseImage } } : {}),
    imageTagMirrorSet: spec.imageTagMirrorSet as JsonObject['imageTagMirrorSet'],
    imageContentSources: spec.imageContentSources as JsonObject['imageContentSources'],
  };
  return {
    id: {
      name: typeof cluster.name === 'string' ? cluster.name : '',
      namespace: typeof cluster.namespace === 'string' ? cluster.namespace : '',
    },
    spec: lists,
    ...(version ? { version } : {}),
  };
}
