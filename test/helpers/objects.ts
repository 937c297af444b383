// Kubernetes objects in the tests: the client library's type, and readers for what the
// function generated (items of an output list, the MachineConfig in a ConfigMap, its
// registries.conf) and for multi-document streams.
import type { KubernetesObject } from '@kubernetes/client-node';
import { parse, parseAllDocuments } from 'yaml';
import { OWNER_ANNOTATION, REGISTRIES_CONF_PATH } from '../../src/constants.js';

/** An object as parsed from YAML: the client library's shape, with whatever else it holds. */
export type KubeObject = KubernetesObject & {
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
  [k: string]: unknown;
};

export function itemsOf(resourceList: string): KubeObject[] {
  return (parse(resourceList, { maxAliasCount: -1 })?.items ?? []) as KubeObject[];
}

export const isGenerated = (o: KubeObject | null | undefined) => Boolean(o?.metadata?.annotations?.[OWNER_ANNOTATION]);

/** The MachineConfig held as a YAML string in a generated ConfigMap's data.config. */
export function machineConfigOf(cm: KubeObject): KubeObject {
  const text = cm.data?.config;
  if (typeof text !== 'string') throw new Error(`ConfigMap ${cm.metadata?.name} has no data.config`);
  const [mc] = parseObjects(text);
  if (!mc) throw new Error('data.config holds no object');
  return mc;
}

/** registries.conf from the MachineConfig's Ignition file: a base64 data URL, as we write it. */
export function registriesConfOf(mc: KubeObject): string {
  const files = (mc.spec as { config: { storage: { files: { path: string; contents: { source: string } }[] } } }).config
    .storage.files;
  const file = files.find((f) => f.path === REGISTRIES_CONF_PATH);
  if (!file) throw new Error('no registries.conf in the MachineConfig');
  const prefix = 'data:text/plain;charset=utf-8;base64,';
  if (!file.contents.source.startsWith(prefix))
    throw new Error(`unexpected data URL ${file.contents.source.slice(0, 60)}`);
  return Buffer.from(file.contents.source.slice(prefix.length), 'base64').toString('utf8');
}

/** Parses a multi-document YAML stream (kustomize build output, a package file). */
export function parseObjects(text: string): KubeObject[] {
  const docs = parseAllDocuments(text);
  const out: KubeObject[] = [];
  for (const d of docs) {
    if (d.errors.length) throw new Error(`YAML error: ${d.errors[0]!.message}\n${text}`);
    const v = d.toJS() as KubeObject | null;
    if (v) out.push(v);
  }
  return out;
}

export function find(objects: KubeObject[], kind: string, name: string): KubeObject | undefined {
  return objects.find((o) => o.kind === kind && o.metadata?.name === name);
}

export const ITMS_API = 'config.openshift.io/v1';

/** Annotation keys that must never reach a build output or a package file. */
export const TOOL_ANNOTATION =
  /^(internal\.config\.kubernetes\.io\/|config\.kubernetes\.io\/(path|index|function|local-config)$|config\.k8s\.io\/id$)/;

export function toolAnnotations(objects: KubeObject[]): string[] {
  const found: string[] = [];
  for (const o of objects) {
    for (const k of Object.keys(o.metadata?.annotations ?? {})) {
      if (TOOL_ANNOTATION.test(k)) found.push(`${o.kind}/${o.metadata?.name}: ${k}`);
    }
  }
  return found;
}
