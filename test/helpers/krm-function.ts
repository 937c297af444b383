// Running the built KRM function (dist/fn.js) as kpt or kustomize would: a ResourceList on
// stdin, a ResourceList on stdout.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { FN } from './tools.js';
import { machineConfigOf, type KubeObject } from './objects.js';

export const RELEASE_IMAGE = 'quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64';
const DATA_URL_PREFIX = 'data:text/plain;charset=utf-8;base64,';
const REGISTRIES_CONF_PATH = '/etc/containers/registries.conf';

export interface FunctionRun {
  stdout: string;
  stderr: string;
  status: number | null;
}

/** Runs `node dist/fn.js` with `resourceList` on stdin (bounded: 30 s). */
export function runFunction(resourceList: string, args: string[] = []): FunctionRun {
  if (!existsSync(FN)) throw new Error(`${FN} is missing: run \`npm run build\` first`);
  const r = spawnSync(process.execPath, [FN, ...args], {
    input: resourceList,
    encoding: 'utf8',
    timeout: 30_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error !== undefined) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

export interface MirrorEntry {
  source: string;
  mirrors: string[];
  mirrorSourcePolicy?: 'AllowContactingSource' | 'NeverContactSource';
}

export interface HostedClusterSpec {
  name: string;
  namespace?: string;
  imageTagMirrorSet?: MirrorEntry[];
  imageContentSources?: Array<{ source: string; mirrors: string[] }>;
  /** spec.configuration.image.registrySources (the Image config). */
  registrySources?: Record<string, string[]>;
}

/** A ResourceList holding one HostedCluster (release 4.21.0) with the given mirror lists and Image config. */
export function hostedClusterResourceList(cluster: HostedClusterSpec): string {
  const spec: Record<string, unknown> = {
    release: { image: RELEASE_IMAGE },
    pullSecret: { name: 'pull-secret' },
    platform: { type: 'None' },
  };
  if (cluster.imageContentSources !== undefined) spec['imageContentSources'] = cluster.imageContentSources;
  if (cluster.imageTagMirrorSet !== undefined) spec['imageTagMirrorSet'] = cluster.imageTagMirrorSet;
  if (cluster.registrySources !== undefined)
    spec['configuration'] = { image: { registrySources: cluster.registrySources } };
  return stringify({
    apiVersion: 'config.kubernetes.io/v1',
    kind: 'ResourceList',
    items: [
      {
        apiVersion: 'hypershift.openshift.io/v1beta1',
        kind: 'HostedCluster',
        metadata: { name: cluster.name, namespace: cluster.namespace ?? 'clusters' },
        spec,
      },
    ],
  });
}

/** The items of a ResourceList that the function printed. */
export function outputItems(outputYaml: string): KubeObject[] {
  const list = parse(outputYaml) as { items?: KubeObject[] } | null;
  return list?.items ?? [];
}

/**
 * The registries.conf that the function generated for HostedCluster `clusterName`: from the
 * ConfigMap `<name>-image-tag-mirrors`, its `data.config` MachineConfig, whose Ignition
 * `storage.files[0]` must be /etc/containers/registries.conf as a base64 data URL.
 */
export function registriesConfFrom(outputYaml: string, clusterName: string): string {
  const name = `${clusterName}-image-tag-mirrors`;
  const configMap = outputItems(outputYaml).find(
    (i) => i.apiVersion === 'v1' && i.kind === 'ConfigMap' && i.metadata?.name === name,
  );
  if (configMap === undefined) throw new Error(`no ConfigMap ${name} in the function's output:\n${outputYaml}`);
  const machineConfig = machineConfigOf(configMap) as {
    kind?: string;
    spec?: { config?: { storage?: { files?: Array<{ path?: string; contents?: { source?: string } }> } } };
  };
  if (machineConfig.kind !== 'MachineConfig')
    throw new Error(`ConfigMap ${name} data.config is a ${String(machineConfig.kind)}, not a MachineConfig`);
  const file = machineConfig.spec?.config?.storage?.files?.[0];
  if (file?.path !== REGISTRIES_CONF_PATH) {
    throw new Error(
      `MachineConfig in ${name}: storage.files[0].path is ${String(file?.path)}, not ${REGISTRIES_CONF_PATH}`,
    );
  }
  const source = file.contents?.source;
  if (typeof source !== 'string' || !source.startsWith(DATA_URL_PREFIX)) {
    throw new Error(
      `MachineConfig in ${name}: contents.source is not a ${DATA_URL_PREFIX}… data URL: ${String(source)}`,
    );
  }
  return Buffer.from(source.slice(DATA_URL_PREFIX.length), 'base64').toString('utf8');
}
