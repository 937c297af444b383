// The function config: a typed ImageTagMirrors object or a ConfigMap (kpt `-- key=value`).
// Mistakes in it are results, never crashes.
import type AjvClass from 'ajv';
import { parse } from 'yaml';
import { CODE, DEFAULT_ROLE, FN_CONFIG_API_VERSION, FN_CONFIG_KIND } from '../constants.js';
import type { ClusterId } from '../hypershift/cluster.js';
import { DNS_LABEL as DNS_LABEL_RE, isObject, type JsonObject } from '../krm/kube.js';
import { result, type Result } from '../krm/result.js';
import { parseVersion, type Version } from '../validate/release-version.js';

export interface ClusterTarget {
  name: string;
  namespace: string;
  releaseImage?: string;
  version?: string;
}

export type MergeStrategy = 'replace' | 'merge';

export interface FnConfig {
  role: string;
  validateOnly: boolean;
  /** How spec.imageTagMirrorSet of the config goes into the named HostedCluster. */
  mergeStrategy: MergeStrategy;
  cluster?: ClusterTarget;
  /** Raw: checked by the same rules as a HostedCluster's list. */
  imageTagMirrorSet?: unknown[];
  imageContentSources?: unknown[];
}

const DNS_LABEL = DNS_LABEL_RE.source;

export const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    role: { type: 'string', pattern: DNS_LABEL, maxLength: 63 },
    validateOnly: { type: 'boolean' },
    mergeStrategy: { enum: ['replace', 'merge'] },
    cluster: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'namespace'],
      properties: {
        name: { type: 'string', pattern: DNS_LABEL, maxLength: 53 },
        namespace: { type: 'string', pattern: DNS_LABEL, maxLength: 63 },
        releaseImage: { type: 'string', minLength: 1 },
        version: { type: 'string', pattern: '^v?[0-9]+\\.[0-9]+(\\.[0-9]+)?([-+].*)?$' },
      },
    },
    imageTagMirrorSet: { type: 'array' },
    imageContentSources: { type: 'array' },
  },
} as const;

let compiled: ReturnType<AjvClass['compile']> | undefined;
function validator() {
  // Loaded on first use: most runs carry no function config, and loading ajv costs start-up time.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose
  const Ajv = (require('ajv') as { default: typeof AjvClass }).default;
  compiled ??= new Ajv({ allErrors: true }).compile(CONFIG_SCHEMA);
  return compiled;
}

const CONFIG_MAP_KEYS: Record<string, (v: string, spec: JsonObject) => void> = {
  role: (v, s) => (s.role = v),
  validateOnly: (v, s) => (s.validateOnly = v === 'true' ? true : v === 'false' ? false : v),
  mergeStrategy: (v, s) => (s.mergeStrategy = v),
  clusterName: (v, s) => (cluster(s).name = v),
  clusterNamespace: (v, s) => (cluster(s).namespace = v),
  releaseImage: (v, s) => (cluster(s).releaseImage = v),
  version: (v, s) => (cluster(s).version = v),
  imageTagMirrorSet: (v, s) => (s.imageTagMirrorSet = parse(v) as JsonObject[]),
  imageContentSources: (v, s) => (s.imageContentSources = parse(v) as JsonObject[]),
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

function subjectOf(raw: JsonObject) {
  const md = isObject(raw.metadata) ? raw.metadata : {};
  return {
    resourceRef: {
      apiVersion: String(raw.apiVersion ?? ''),
      kind: String(raw.kind ?? ''),
      name: String(md.name ?? ''),
      ...(typeof md.namespace === 'string' ? { namespace: md.namespace } : {}),
    },
  };
}

export function readConfig(obj: JsonObject | undefined, readError?: string): { config: FnConfig; results: Result[] } {
  const config: FnConfig = { role: DEFAULT_ROLE, validateOnly: false, mergeStrategy: 'replace' };
  if (readError)
    return { config, results: [result('error', CODE.invalidConfig, `cannot read functionConfig: ${readError}`, {})] };
  if (!obj) return { config, results: [] };
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
  } else {
    return bad(
      `unsupported functionConfig ${String(obj.apiVersion)}/${String(obj.kind)}: use a ConfigMap or ${FN_CONFIG_API_VERSION} ${FN_CONFIG_KIND}`,
    );
  }
  const validate = validator();
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
            : `function config ${path} ${e.message ?? 'is invalid'}${extra}${value}`;
      return result('error', CODE.invalidConfig, message, subject, path);
    });
    return { config, results };
  }
  const s = spec as unknown as Partial<FnConfig>;
  return {
    config: {
      role: s.role ?? DEFAULT_ROLE,
      validateOnly: s.validateOnly ?? false,
      mergeStrategy: s.mergeStrategy ?? 'replace',
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
