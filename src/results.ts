// Building, ordering and printing KRM results.
import type { Code } from './constants.js';
import type { ResourceRef, Result, Severity } from './types.js';

/** Where a result points: the object and the file it came from. */
export interface Subject {
  resourceRef?: ResourceRef;
  file?: { path: string; index?: number };
}

export function result(severity: Severity, code: Code, message: string, subject: Subject, fieldPath?: string): Result {
  // Key order as kpt prints results: message first, tags last.
  const r: Result = { message, severity } as Result;
  if (subject.resourceRef) r.resourceRef = { ...subject.resourceRef };
  if (fieldPath) r.field = { path: fieldPath };
  if (subject.file) r.file = { ...subject.file };
  r.tags = { code };
  return r;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

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

const cmp = (a = '', b = '') => (a < b ? -1 : a > b ? 1 : 0);

/** Errors first, then by file, object, field (in document order) and code: a stable order. */
export function sortResults(results: Result[]): Result[] {
  return [...results].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
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

/** One line per result, for stderr (kustomize shows nothing else) and the check report. */
export function formatResult(r: Result): string {
  const parts: string[] = [];
  if (r.resourceRef)
    parts.push(
      `${r.resourceRef.kind} ${r.resourceRef.namespace ? r.resourceRef.namespace + '/' : ''}${r.resourceRef.name}`,
    );
  if (r.field) parts.push(r.field.path);
  if (r.file) parts.push(`(${r.file.path}${r.file.index ? `#${r.file.index}` : ''})`);
  return `${r.severity}[${r.tags.code}]${parts.length ? ' ' + parts.join(' ') : ''}: ${r.message}`;
}
