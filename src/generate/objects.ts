// The objects generated for one HostedCluster: the ImageTagMirrorSet, and the
// MachineConfig that writes registries.conf wrapped in a ConfigMap for NodePools.
import {
  ANNOTATION,
  CONFIG_MAP_DATA_KEY,
  CONFIG_MAP_KIND,
  FUNCTION_NAME,
  IGNITION_VERSION,
  ITMS_API_VERSION,
  ITMS_KIND,
  MACHINE_CONFIG_API_VERSION,
  MACHINE_CONFIG_KIND,
  MACHINE_CONFIG_ROLE_LABEL,
  MANAGED_BY_LABEL,
  OWNER_ANNOTATION,
  REGISTRIES_CONF_PATH,
  names,
} from '../constants.js';
import type { MirrorInput, TagMirrorEntry, Registry } from '../registries/model.js';
import { ownerOf, type ClusterId } from '../hypershift/cluster.js';
import type { JsonObject, KubeObject } from '../krm/kube.js';
import { emitYaml } from '../krm/yaml-emit.js';
import { renderRegistries } from '../registries/render.js';

export interface GenerateOptions {
  role: string;
  /** The HostedCluster's file, so generated objects are written beside it; none in generator mode. */
  path?: string;
}

function metadata(name: string, owner: ClusterId, extra: JsonObject = {}): JsonObject {
  return {
    name,
    ...extra,
    labels: { [MANAGED_BY_LABEL]: FUNCTION_NAME },
    annotations: { [OWNER_ANNOTATION]: ownerOf(owner) },
  };
}

/** kpt writes a new item to internal.config.kubernetes.io/path: the HostedCluster's folder. */
function withPath(obj: JsonObject, path: string | undefined, owner: ClusterId, index: number): KubeObject {
  if (path === undefined) return obj;
  const slash = path.lastIndexOf('/');
  const file = (slash >= 0 ? path.slice(0, slash + 1) : '') + names.file(owner.name);
  const annotations = (obj.metadata as JsonObject).annotations as JsonObject;
  Object.assign(annotations, {
    [ANNOTATION.path]: file,
    [ANNOTATION.index]: String(index),
    [ANNOTATION.legacyPath]: file,
    [ANNOTATION.legacyIndex]: String(index),
  });
  return obj;
}

function tagMirror(e: TagMirrorEntry): JsonObject {
  const out: JsonObject = { source: e.source, mirrors: [...e.mirrors] };
  if (e.mirrorSourcePolicy) out.mirrorSourcePolicy = e.mirrorSourcePolicy;
  return out;
}

export function imageTagMirrorSet(owner: ClusterId, mirrors: MirrorInput): KubeObject {
  return {
    apiVersion: ITMS_API_VERSION,
    kind: ITMS_KIND,
    metadata: metadata(names.imageTagMirrorSet(owner.name), owner),
    spec: { imageTagMirrors: mirrors.imageTagMirrorSet.map(tagMirror) },
  };
}

export function dataUrl(content: string): string {
  return `data:text/plain;charset=utf-8;base64,${Buffer.from(content, 'utf8').toString('base64')}`;
}

export function machineConfig(owner: ClusterId, role: string, registries: readonly Registry[]): KubeObject {
  return {
    apiVersion: MACHINE_CONFIG_API_VERSION,
    kind: MACHINE_CONFIG_KIND,
    metadata: {
      name: names.machineConfig(role, owner.name),
      labels: { [MACHINE_CONFIG_ROLE_LABEL]: role },
      annotations: { [OWNER_ANNOTATION]: ownerOf(owner) },
    },
    spec: {
      config: {
        ignition: { version: IGNITION_VERSION },
        storage: {
          files: [
            {
              path: REGISTRIES_CONF_PATH,
              mode: 0o644,
              overwrite: true,
              contents: { source: dataUrl(renderRegistries(registries)) },
            },
          ],
        },
      },
    },
  };
}

export function configMap(owner: ClusterId, mc: JsonObject): KubeObject {
  return {
    apiVersion: 'v1',
    kind: CONFIG_MAP_KIND,
    metadata: metadata(names.configMap(owner.name), owner, owner.namespace ? { namespace: owner.namespace } : {}),
    data: { [CONFIG_MAP_DATA_KEY]: emitYaml(mc) },
  };
}

/** One object to generate: what it is, and how to make it when it is needed. */
export interface Generated {
  kind: string;
  name: string;
  /** The namespace, when the object has one. */
  namespace?: string;
  make(): KubeObject;
}

/**
 * What is generated for one valid cluster, in file order, made only when asked: the function
 * writes each object when the output reaches it, so that 10,000 clusters never hold 10,000
 * objects at once.
 */
export function generatedForCluster(
  owner: ClusterId,
  checked: MirrorInput,
  checkedRegistries: readonly Registry[],
  opts: GenerateOptions,
): Generated[] {
  // What the objects are made from is kept until they are written: only what they need, in
  // lists of their own length (lists grown by push keep room for 17 entries or more).
  const mirrors: MirrorInput = {
    imageContentSources: [],
    imageTagMirrorSet: checked.imageTagMirrorSet.map((e) => ({ ...e, mirrors: e.mirrors.slice() })),
  };
  const registries = checkedRegistries.map((r) => ({ ...r, mirrors: r.mirrors.slice() }));
  const ns = owner.namespace ? { namespace: owner.namespace } : {};
  return [
    {
      kind: ITMS_KIND,
      name: names.imageTagMirrorSet(owner.name),
      make: () => withPath(imageTagMirrorSet(owner, mirrors), opts.path, owner, 0),
    },
    {
      kind: CONFIG_MAP_KIND,
      name: names.configMap(owner.name),
      ...ns,
      make: () => withPath(configMap(owner, machineConfig(owner, opts.role, registries)), opts.path, owner, 1),
    },
  ];
}

/** Everything generated for one valid cluster, in file order. */
export function generateForCluster(
  owner: ClusterId,
  mirrors: MirrorInput,
  registries: readonly Registry[],
  opts: GenerateOptions,
): KubeObject[] {
  return generatedForCluster(owner, mirrors, registries, opts).map((g) => g.make());
}
