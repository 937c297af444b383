// Local interfaces for the KRM wire format. Kubernetes object types come from
// @kubernetes/client-node (types only).
import type { KubernetesObject } from '@kubernetes/client-node';
import type { Code } from './constants.js';

export type Severity = 'error' | 'warning' | 'info';

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

export interface Result {
  severity: Severity;
  message: string;
  resourceRef?: ResourceRef;
  field?: { path: string; currentValue?: unknown; proposedValue?: unknown };
  file?: { path: string; index?: number };
  tags: { code: Code } & Record<string, string>;
}

/** A plain object as parsed from YAML: the shape is unknown until checked. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export type KubeObject = KubernetesObject & JsonObject;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
