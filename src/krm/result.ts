// KRM results (the wire format kpt shows and kustomize drops): the one Result type of the
// code base, how one is built, ordered and printed on one line.
import type { Code } from '../constants.js';
import { byteOrder } from '../order.js';
import { escapeText } from './escape.js';

export type Severity = 'error' | 'warning' | 'info';

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** Where a value is in its file: 1-based line and column; the end is exclusive. */
export interface Position {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/**
 * A result of the function, of `check` and of `explain`. The function writes the KRM fields;
 * the command-line modes add where the value is (position) and, for an object read from a
 * stream, the file its kpt/kustomize annotations name (origin). tags.code is always set;
 * `check` adds tags.subject, the object in words ("HostedCluster clusters/a", "mirror list").
 */
export interface Result {
  severity: Severity;
  message: string;
  resourceRef?: ResourceRef;
  field?: { path: string; currentValue?: unknown; proposedValue?: unknown };
  /** index: the document within the file (kpt leaves out 0). */
  file?: { path: string; index?: number };
  position?: Position;
  origin?: { path: string; index: number };
  tags: { code: Code } & Record<string, string>;
}

/** Where a result points: the object and the file it came from. */
export interface Target {
  resourceRef?: ResourceRef;
  file?: { path: string; index?: number };
}

export function result(severity: Severity, code: Code, message: string, target: Target, fieldPath?: string): Result {
  // Key order as kpt prints results: message first, tags last.
  const r: Result = { message, severity } as Result;
  if (target.resourceRef) r.resourceRef = { ...target.resourceRef };
  if (fieldPath) r.field = { path: fieldPath };
  if (target.file) r.file = { ...target.file };
  r.tags = { code };
  return r;
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Errors before warnings before infos. */
export const bySeverity = (a: Severity, b: Severity): number => SEVERITY_RANK[a] - SEVERITY_RANK[b];

/** Splits "spec.a[10].b" into comparable parts so that [2] sorts before [10]. */
function pathParts(path: string): (string | number)[] {
  return path
    .split(/[.[\]]+/)
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function comparePaths(a = '', b = ''): number {
  const pa = pathParts(a),
    pb = pathParts(b);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!,
      y = pb[i]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return pa.length - pb.length;
}

const cmp = (a = '', b = '') => byteOrder(a, b);

/** Errors first, then by file, object, field (in document order) and code: a stable order. */
export function sortResults(results: Result[]): Result[] {
  return [...results].sort(
    (a, b) =>
      bySeverity(a.severity, b.severity) ||
      cmp(a.file?.path, b.file?.path) ||
      (a.file?.index ?? 0) - (b.file?.index ?? 0) ||
      cmp(a.resourceRef?.namespace, b.resourceRef?.namespace) ||
      cmp(a.resourceRef?.name, b.resourceRef?.name) ||
      comparePaths(a.field?.path, b.field?.path) ||
      cmp(a.tags.code, b.tags.code) ||
      cmp(a.message, b.message),
  );
}

export const hasErrors = (results: readonly Result[]) => results.some((r) => r.severity === 'error');

/** One line per result, for stderr (kustomize shows nothing else); control characters escaped. */
export function formatResult(r: Result): string {
  const parts: string[] = [];
  if (r.resourceRef)
    parts.push(
      `${r.resourceRef.kind} ${r.resourceRef.namespace ? r.resourceRef.namespace + '/' : ''}${r.resourceRef.name}`,
    );
  if (r.field) parts.push(r.field.path);
  if (r.file) parts.push(`(${r.file.path}${r.file.index ? `#${r.file.index}` : ''})`);
  return escapeText(`${r.severity}[${r.tags.code}]${parts.length ? ' ' + parts.join(' ') : ''}: ${r.message}`);
}
