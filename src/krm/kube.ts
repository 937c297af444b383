// Kubernetes objects as parsed from YAML, and small readers for the parts every module needs.
import type { KubernetesObject } from '@kubernetes/client-node';
import { ANNOTATION } from '../constants.js';
import type { ResourceRef, Target } from './result.js';

/** A plain value as parsed from YAML: the shape is unknown until checked. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** An object we write (generated, or read and checked): the client library's shape, as plain data. */
export type KubeObject = KubernetesObject & JsonObject;

/** Kubernetes names (DNS-1123): a label, and a subdomain (labels and dots). Linear: one anchored pass. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

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

/**
 * The file an item came from and its index in it, as kpt/kustomize annotate it (the internal
 * annotation first, then the legacy one; an empty value counts as absent, as in kyaml).
 */
export function fileAnnotation(obj: JsonObject): { path: string; index: number } | undefined {
  // (Read in place: every candidate item is asked, most have no annotations at all.)
  const md = obj.metadata;
  const a = isObject(md) ? md.annotations : undefined;
  if (!isObject(a)) return undefined;
  const set = (key: string) => {
    const v = a[key];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  const path = set(ANNOTATION.path) ?? set(ANNOTATION.legacyPath);
  if (!path) return undefined;
  const index = Number(set(ANNOTATION.index) ?? set(ANNOTATION.legacyIndex) ?? 0);
  return { path, index: Number.isInteger(index) && index >= 0 ? index : 0 };
}

/** The file of a result about an item: index 0, the first document, is left out. */
export function fileOf(obj: JsonObject): Target['file'] {
  const file = fileAnnotation(obj);
  if (!file) return undefined;
  return file.index > 0 ? file : { path: file.path };
}

/** The object and its file, for a result about it. */
export function targetOf(obj: JsonObject): Target {
  const file = fileOf(obj);
  return file ? { resourceRef: refOf(obj), file } : { resourceRef: refOf(obj) };
}

export const groupOf = (apiVersion: string) =>
  apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';

/** Order-insensitive deep equality of parsed YAML values. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b || Object.is(a, b)) return true; // (NaN: `.` reads as a float in YAML 1.1)
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && sameValue(a[k], b[k]));
  }
  return false;
}

/** The objects a YAML document holds: the document itself, or the items of a List (kind *List). */
export function objectsOf(value: unknown): JsonObject[] {
  if (!isObject(value)) return [];
  if (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items))
    return value.items.filter(isObject);
  return [value];
}
