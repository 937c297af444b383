// Small readers for the parts of a Kubernetes object every module needs.
import { ANNOTATION } from './constants.js';
import type { Subject } from './results.js';
import { isObject, type JsonObject, type ResourceRef } from './types.js';

export function metadataOf(obj: JsonObject): JsonObject {
  return isObject(obj.metadata) ? obj.metadata : {};
}

export function annotationsOf(obj: JsonObject): Record<string, string> {
  const a = metadataOf(obj).annotations;
  const out: Record<string, string> = {};
  if (isObject(a)) for (const [k, v] of Object.entries(a)) if (typeof v === 'string') out[k] = v;
  return out;
}

export function refOf(obj: JsonObject): ResourceRef {
  const md = metadataOf(obj);
  const ref: ResourceRef = {
    apiVersion: typeof obj.apiVersion === 'string' ? obj.apiVersion : '',
    kind: typeof obj.kind === 'string' ? obj.kind : '',
    name: typeof md.name === 'string' ? md.name : '',
  };
  if (typeof md.namespace === 'string' && md.namespace) ref.namespace = md.namespace;
  return ref;
}

/** The file an item came from, as kpt/kustomize annotate it. */
export function fileOf(obj: JsonObject): Subject['file'] {
  const a = annotationsOf(obj);
  const path = a[ANNOTATION.path] ?? a[ANNOTATION.legacyPath];
  if (!path) return undefined;
  const index = Number(a[ANNOTATION.index] ?? a[ANNOTATION.legacyIndex] ?? 0);
  return Number.isInteger(index) && index > 0 ? { path, index } : { path };
}

export function subjectOf(obj: JsonObject): Subject {
  const file = fileOf(obj);
  return file ? { resourceRef: refOf(obj), file } : { resourceRef: refOf(obj) };
}

export const groupOf = (apiVersion: string) =>
  apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';

/** Order-insensitive deep equality of parsed YAML values. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && sameValue(a[k], b[k]));
  }
  return false;
}
