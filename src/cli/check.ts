// `check`: validates every HostedCluster, HyperShift CLI mirror list file and function config
// in a set of YAML files (or one kustomize build stream) and reports each result at the line
// and column of the offending value. Pure: fn/check.ts reads the files and prints.
//
// Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage error or input that
// cannot be read (a missing file, YAML that does not parse); 2 wins over 1.
import { CODE, FUNCTION_NAME, names } from '../constants.js';
import { ImageTagMirrorSetNames } from '../hypershift/cluster.js';
import { readConfig } from '../function/config.js';
import type { Registry } from '../registries/model.js';
import type { ResourceRef, Result, Severity } from '../krm/result.js';
import { validateHostedCluster } from '../validate/hosted-cluster.js';
import {
  loadInputs,
  locateInOriginal,
  parseStream,
  STDIN_PATH,
  type InputFile,
  type InputProblem,
  type Located,
  type Subject,
  type YamlStream,
} from './load.js';

export const EXIT = { clean: 0, errors: 1, usage: 2 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const FORMATS = ['text', 'json', 'github'] as const;
export type Format = (typeof FORMATS)[number];

export interface Finding {
  severity: Severity;
  code: string;
  message: string;
  /** As given on the command line (or found under a directory), or "<stdin>". */
  file: string;
  /** 1-based; absent when the problem has no place in the file (it could not be read). */
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** Index of the YAML document within the file (0-based). */
  document?: number;
  /** "HostedCluster clusters/my-cluster", "mirror list", "ImageTagMirrors my-mirrors". */
  subject?: string;
  resource?: ResourceRef;
  /** The offending field, as a path in this file. */
  field?: string;
  /** For an object read from a stream: the file its annotations name. */
  origin?: { path: string; index: number };
}

export interface CheckSummary {
  errors: number;
  warnings: number;
  infos: number;
  /** Files read (stdin counts as one). */
  files: number;
  stdin: boolean;
  hostedClusters: number;
  mirrorLists: number;
  functionConfigs: number;
}

export interface CheckReport {
  exitCode: ExitCode;
  summary: CheckSummary;
  findings: Finding[];
}

/** Where each finding was found, to find it again in its original file (stdin only). */
const locatedOf = new WeakMap<Finding, Located>();

function subjectLabel(s: Subject): string {
  if (s.kind === 'MirrorList') return 'mirror list';
  if (s.kind === 'ImageTagMirrors') return `ImageTagMirrors ${s.resourceRef?.name ?? ''}`.trimEnd();
  return `HostedCluster ${s.namespace ? `${s.namespace}/` : ''}${s.name}`;
}

function fromResult(s: Subject, r: Result): Finding {
  const code = r.tags.code;
  const loc = s.locate(r.field?.path, code);
  const f: Finding = {
    severity: r.severity,
    code,
    message: s.displayMessage(r.message),
    file: s.file,
    line: loc.line,
    column: loc.column,
    endLine: loc.endLine,
    endColumn: loc.endColumn,
    document: s.document,
    subject: subjectLabel(s),
  };
  if (s.resourceRef) f.resource = s.resourceRef;
  const field = s.displayPath(r.field?.path);
  if (field) f.field = field;
  if (s.origin) f.origin = s.origin;
  locatedOf.set(f, loc);
  return f;
}

function fromProblem(p: InputProblem): Finding {
  const f: Finding = { severity: p.severity, code: p.code, message: p.message, file: p.file };
  if (p.position.line > 0)
    Object.assign(f, {
      line: p.position.line,
      column: p.position.column,
      endLine: p.position.endLine,
      endColumn: p.position.endColumn,
    });
  if (p.document !== undefined) f.document = p.document;
  return f;
}

/** The results for one subject, by the same rules as the KRM function (and its registries when valid). */
export function validateSubject(s: Subject): { results: Result[]; registries?: Registry[] } {
  const subject = {
    ...(s.resourceRef ? { resourceRef: s.resourceRef } : {}),
    file: s.document > 0 ? { path: s.file, index: s.document } : { path: s.file },
  };
  const results: Result[] = [];
  if (s.kind === 'ImageTagMirrors') {
    // The config's own schema (role, cluster, ...), as the function reads it.
    results.push(...readConfig(s.obj as never).results.map((r) => ({ ...r, file: subject.file })));
  }
  const v = validateHostedCluster(s.spec, subject, s.options);
  results.push(...v.results);
  return v.registries && !results.some((r) => r.severity === 'error')
    ? { results, registries: v.registries }
    : { results };
}

/**
 * kustomize build output is one stream: two HostedClusters with the same name but different
 * namespaces would get the same cluster-scoped ImageTagMirrorSet name (the function refuses).
 */
function streamCollisions(subjects: readonly Subject[], clean: ReadonlySet<Subject>): Finding[] {
  const out: Finding[] = [];
  const itmsNames = new ImageTagMirrorSetNames();
  for (const s of subjects) {
    if (s.kind !== 'HostedCluster' || !clean.has(s)) continue;
    const first = itmsNames.claim(s);
    if (!first) continue;
    const r: Result = {
      severity: 'error',
      message:
        first.namespace === s.namespace
          ? `HostedCluster ${s.namespace}/${s.name} appears twice in the stream`
          : `HostedClusters ${first.namespace}/${s.name} and ${s.namespace}/${s.name} would both generate the cluster-scoped ImageTagMirrorSet ${names.imageTagMirrorSet(s.name)}: rename one`,
      field: { path: 'metadata.name' },
      tags: { code: CODE.nameCollision },
    };
    out.push(fromResult(s, r));
  }
  return out;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      cmp(a.file, b.file) ||
      (a.document ?? -1) - (b.document ?? -1) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      cmp(a.code, b.code) ||
      cmp(a.message, b.message),
  );
}

export interface CheckOptions {
  /** Problems found while collecting the files (missing paths, unreadable files). */
  problems?: InputProblem[];
  /** The files are one stream from stdin. */
  stdin?: boolean;
}

export function checkFiles(files: readonly InputFile[], opts: CheckOptions = {}): CheckReport {
  const loaded = loadInputs(files);
  const findings: Finding[] = [...(opts.problems ?? []), ...loaded.problems].map(fromProblem);
  const clean = new Set<Subject>();
  for (const s of loaded.subjects) {
    const { results } = validateSubject(s);
    if (!results.some((r) => r.severity === 'error')) clean.add(s);
    findings.push(...results.map((r) => fromResult(s, r)));
  }
  if (opts.stdin) findings.push(...streamCollisions(loaded.subjects, clean));
  const count = (k: Subject['kind']) => loaded.subjects.filter((s) => s.kind === k).length;
  return finish(sortFindings(findings), {
    files: loaded.files,
    stdin: opts.stdin ?? false,
    hostedClusters: count('HostedCluster'),
    mirrorLists: count('MirrorList'),
    functionConfigs: count('ImageTagMirrors'),
  });
}

function finish(findings: Finding[], counts: Omit<CheckSummary, 'errors' | 'warnings' | 'infos'>): CheckReport {
  const n = (s: Severity) => findings.filter((f) => f.severity === s).length;
  const unreadable = findings.some((f) => f.code === 'invalid-yaml' || f.code === 'unreadable');
  const exitCode: ExitCode = unreadable ? EXIT.usage : n('error') > 0 ? EXIT.errors : EXIT.clean;
  return { exitCode, summary: { errors: n('error'), warnings: n('warning'), infos: n('info'), ...counts }, findings };
}

/** The files that stream findings point to through annotations: read them to relocate. */
export function originPaths(report: CheckReport): string[] {
  return [
    ...new Set(report.findings.filter((f) => f.file === STDIN_PATH && f.origin).map((f) => f.origin!.path)),
  ].sort();
}

/**
 * Moves stream findings to their own file (named by config.kubernetes.io/path) when that file
 * holds the same value at the same place; the others keep their stream position.
 */
export function relocate(report: CheckReport, originals: ReadonlyMap<string, string>): CheckReport {
  const parsed = new Map<string, YamlStream>();
  const findings = report.findings.map((f) => {
    const loc = locatedOf.get(f);
    if (f.file !== STDIN_PATH || !f.origin || !loc) return f;
    const text = originals.get(f.origin.path);
    if (text === undefined) return f;
    let stream = parsed.get(f.origin.path);
    if (!stream) parsed.set(f.origin.path, (stream = parseStream(text)));
    const pos = locateInOriginal(stream, f.origin.index, loc);
    if (!pos) return f;
    const moved: Finding = { ...f, file: f.origin.path, ...pos, document: f.origin.index };
    delete moved.origin;
    locatedOf.set(moved, loc);
    return moved;
  });
  return { ...report, findings: sortFindings(findings) };
}

// ---- formats ----------------------------------------------------------------------------

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function summaryLine(s: CheckSummary): string {
  const what = [plural(s.hostedClusters, 'HostedCluster')];
  if (s.mirrorLists) what.push(plural(s.mirrorLists, 'mirror list'));
  if (s.functionConfigs) what.push(plural(s.functionConfigs, 'function config'));
  const where = s.stdin ? 'stdin' : plural(s.files, 'file');
  const counts = [plural(s.errors, 'error'), plural(s.warnings, 'warning')];
  if (s.infos) counts.push(plural(s.infos, 'info'));
  return `${counts.join(', ')} in ${where} (${what.join(', ')})`;
}

function place(f: Finding): string {
  return f.line !== undefined ? `${f.file}:${f.line}:${f.column}` : f.file;
}

function describe(f: Finding): string {
  const who = [f.subject, f.field].filter(Boolean).join(' ');
  const from = f.file === STDIN_PATH && f.origin ? ` (from ${f.origin.path})` : '';
  return `${who ? `${who}: ` : ''}${f.message}${from}`;
}

/** `path:line:col: severity[code] subject field: message`, then the summary. */
export function formatText(report: CheckReport): string {
  const lines = report.findings.map((f) => `${place(f)}: ${f.severity}[${f.code}] ${describe(f)}`);
  lines.push(summaryLine(report.summary));
  return lines.join('\n') + '\n';
}

/** A stable JSON document: field order fixed, results sorted. */
export function formatJson(report: CheckReport): string {
  const results = report.findings.map((f) => {
    const o: Record<string, unknown> = { severity: f.severity, code: f.code, message: f.message, file: f.file };
    if (f.line !== undefined)
      Object.assign(o, { line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn });
    if (f.document !== undefined) o.document = f.document;
    if (f.subject) o.subject = f.subject;
    if (f.resource) {
      const r = f.resource;
      o.resource = {
        apiVersion: r.apiVersion,
        kind: r.kind,
        name: r.name,
        ...(r.namespace ? { namespace: r.namespace } : {}),
      };
    }
    if (f.field) o.field = f.field;
    if (f.origin) o.origin = { path: f.origin.path, index: f.origin.index };
    return o;
  });
  const s = report.summary;
  const doc = {
    tool: FUNCTION_NAME,
    formatVersion: 1,
    exitCode: report.exitCode,
    summary: {
      errors: s.errors,
      warnings: s.warnings,
      infos: s.infos,
      files: s.files,
      stdin: s.stdin,
      hostedClusters: s.hostedClusters,
      mirrorLists: s.mirrorLists,
      functionConfigs: s.functionConfigs,
    },
    results,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

/** GitHub's escaping for a workflow command's message (actions/toolkit escapeData). */
export const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** ... and for a property value (escapeProperty): also ":" and ",". */
export const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** GitHub Actions workflow commands: one annotation per finding, at its file and line. */
export function formatGithub(report: CheckReport): string {
  const lines = report.findings.map((f) => {
    const props: string[] = [];
    const inStream = f.file === STDIN_PATH;
    // A stream position means nothing to GitHub: name the origin file, without a line.
    if (!inStream) props.push(`file=${escapeProperty(f.file)}`);
    else if (f.origin) props.push(`file=${escapeProperty(f.origin.path)}`);
    if (!inStream && f.line !== undefined) {
      // GitHub takes columns only for a range on one line.
      props.push(`line=${f.line}`, `col=${f.column}`);
      // Ours is exclusive (the column after the value); GitHub's is the last column.
      if (f.endLine === f.line && f.endColumn !== undefined && f.endColumn - 1 > f.column!)
        props.push(`endColumn=${f.endColumn - 1}`);
    }
    props.push(`title=${escapeProperty(`${FUNCTION_NAME} ${f.code}`)}`);
    const where = inStream && f.line !== undefined ? ` (${place(f)})` : '';
    return `::${COMMAND[f.severity]} ${props.join(',')}::${escapeData(describe(f) + where)}`;
  });
  lines.push(summaryLine(report.summary));
  return lines.join('\n') + '\n';
}

export function formatReport(report: CheckReport, format: Format): string {
  return format === 'json' ? formatJson(report) : format === 'github' ? formatGithub(report) : formatText(report);
}
