// Reading what the function generated out of an output ResourceList.
import { parse } from 'yaml';

export interface Obj {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    annotations?: Record<string, string>;
    labels?: Record<string, string>;
  };
  [k: string]: unknown;
}

export function itemsOf(resourceList: string): Obj[] {
  return (parse(resourceList, { maxAliasCount: -1 })?.items ?? []) as Obj[];
}

export const isGenerated = (o: Obj) => Boolean(o.metadata?.annotations?.['image-tag-mirrors.dev/hosted-cluster']);

export function machineConfigOf(configMap: Obj): Obj {
  return parse((configMap.data as { config: string }).config) as Obj;
}

export function registriesConfOf(mc: Obj): string {
  const files = (mc.spec as { config: { storage: { files: { path: string; contents: { source: string } }[] } } }).config
    .storage.files;
  const file = files.find((f) => f.path === '/etc/containers/registries.conf');
  if (!file) throw new Error('no registries.conf in the MachineConfig');
  const prefix = 'data:text/plain;charset=utf-8;base64,';
  if (!file.contents.source.startsWith(prefix))
    throw new Error(`unexpected data URL ${file.contents.source.slice(0, 60)}`);
  return Buffer.from(file.contents.source.slice(prefix.length), 'base64').toString('utf8');
}
