// `check`'s three outputs: text (path:line:col, for people and editors), JSON (for tools)
// and GitHub Actions workflow commands (annotations on the pull request).
import { FUNCTION_NAME } from '../constants.js';
import { escapeLines, escapeText } from '../krm/escape.js';
import type { Result, Severity } from '../krm/result.js';
import type { CheckReport, CheckSummary } from './report.js';
import { STDIN_PATH } from './subjects.js';
import { VERSION } from '../version.js';

export const FORMATS = ['text', 'json', 'github'] as const;
export type Format = (typeof FORMATS)[number];

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function summaryLine(s: CheckSummary): string {
  const what = [plural(s.hostedClusters, 'HostedCluster')];
  if (s.mirrorLists) what.push(plural(s.mirrorLists, 'mirror list'));
  if (s.functionConfigs) what.push(plural(s.functionConfigs, 'function config'));
  const where = s.stdin ? 'stdin' : plural(s.files, 'file');
  const counts = [plural(s.errors, 'error'), plural(s.warnings, 'warning')];
  if (s.infos) counts.push(plural(s.infos, 'info'));
  const rendered = s.rendered ? `; ${plural(s.rendered, 'render')} compared` : '';
  return `${counts.join(', ')} in ${where} (${what.join(', ')}${rendered})`;
}

const fileOf = (r: Result) => r.file?.path ?? '';

/** "path:line:col", or the path alone for a result with no place in the file. */
export function place(r: Result): string {
  return r.position ? `${fileOf(r)}:${r.position.line}:${r.position.column}` : fileOf(r);
}

function describe(r: Result): string {
  const who = [r.tags.subject, r.field?.path].filter(Boolean).join(' ');
  const from = fileOf(r) === STDIN_PATH && r.origin ? ` (from ${r.origin.path})` : '';
  return `${who ? `${who}: ` : ''}${r.message}${from}`;
}

/** `path:line:col: severity[code] subject field: message`, then the summary; one line each. */
export function formatText(report: CheckReport): string {
  const lines = report.results.map((r) => `${place(r)}: ${r.severity}[${r.tags.code}] ${describe(r)}`);
  lines.push(summaryLine(report.summary));
  return escapeLines(lines) + '\n';
}

/** A stable JSON document: field order fixed, results sorted. */
export function formatJson(report: CheckReport): string {
  const results = report.results.map((r) => {
    const o: Record<string, unknown> = { severity: r.severity, code: r.tags.code, message: r.message, file: fileOf(r) };
    if (r.position) {
      const p = r.position;
      Object.assign(o, { line: p.line, column: p.column, endLine: p.endLine, endColumn: p.endColumn });
    }
    if (r.file?.index !== undefined) o.document = r.file.index;
    if (r.tags.subject) o.subject = r.tags.subject;
    if (r.resourceRef) {
      const ref = r.resourceRef;
      o.resource = {
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        name: ref.name,
        ...(ref.namespace ? { namespace: ref.namespace } : {}),
      };
    }
    if (r.field) o.field = r.field.path;
    if (r.origin) o.origin = { path: r.origin.path, index: r.origin.index };
    return o;
  });
  const s = report.summary;
  const doc = {
    tool: FUNCTION_NAME,
    version: VERSION,
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
      rendered: s.rendered,
    },
    results,
  };
  // JSON escapes C0 controls itself; escapeLines adds DEL and C1, in JSON's own escapes.
  return escapeLines(JSON.stringify(doc, null, 2).split('\n')) + '\n';
}

/** GitHub's escaping for a workflow command's message (actions/toolkit escapeData). */
export const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** ... and for a property value (escapeProperty): also ":" and ",". */
export const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** GitHub Actions workflow commands: one annotation per result, at its file and line. */
export function formatGithub(report: CheckReport): string {
  const lines = report.results.map((r) => {
    const props: string[] = [];
    const inStream = fileOf(r) === STDIN_PATH;
    // A stream position means nothing to GitHub: name the origin file, without a line.
    if (!inStream) props.push(`file=${escapeProperty(escapeText(fileOf(r)))}`);
    else if (r.origin) props.push(`file=${escapeProperty(escapeText(r.origin.path))}`);
    const p = r.position;
    if (!inStream && p) {
      // GitHub takes columns only for a range on one line.
      props.push(`line=${p.line}`, `col=${p.column}`);
      // Ours is exclusive (the column after the value); GitHub's is the last column.
      if (p.endLine === p.line && p.endColumn - 1 > p.column) props.push(`endColumn=${p.endColumn - 1}`);
    }
    props.push(`title=${escapeProperty(`${FUNCTION_NAME} ${r.tags.code}`)}`);
    const where = inStream && p ? ` (${place(r)})` : '';
    return `::${COMMAND[r.severity]} ${props.join(',')}::${escapeData(escapeText(describe(r) + where))}`;
  });
  lines.push(summaryLine(report.summary));
  return lines.join('\n') + '\n';
}

export function formatReport(report: CheckReport, format: Format): string {
  return format === 'json' ? formatJson(report) : format === 'github' ? formatGithub(report) : formatText(report);
}
