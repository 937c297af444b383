// The three report formats. Every string that came from outside (image names, locations,
// registry and network error texts, file names) is escaped on the way out (escape.ts).
import type { Format } from '../check/format.js';
import { FUNCTION_NAME, type ExitCode } from '../constants.js';
import { VERSION } from '../version.js';
import { escapeGithubData, escapeGithubProperty, escapeText, safeJson, scrub, scrubAll } from './escape.js';
import { exitCodeOf, summarize, type AttemptReport, type ImageReport, type Summary } from './run.js';
import { maxOf } from '../arrays.js';

export const REPORT_VERSION = 1;

/** The cluster whose registries.conf the plans come from. */
export interface ClusterInfo {
  kind: 'HostedCluster' | 'ImageTagMirrors' | 'MirrorList';
  name: string;
  namespace: string;
  file: string;
  document: number;
}

export interface ReportContext {
  cluster: ClusterInfo;
  requireMirror: boolean;
  /** Where credentials came from: an auth file path or "Secret ns/name", or none. */
  credentials?: string;
  /** Notes for the reader (auth file warnings, ...). */
  notes?: string[];
}

/** The JSON document (README, "probe"). */
export interface JsonReport {
  tool: typeof FUNCTION_NAME;
  version: string;
  command: 'probe';
  formatVersion: typeof REPORT_VERSION;
  exitCode: ExitCode;
  cluster: ClusterInfo;
  requireMirror: boolean;
  credentials?: string;
  notes: string[];
  images: ImageReport[];
  summary: Summary;
}

export function jsonReport(images: readonly ImageReport[], ctx: ReportContext): JsonReport {
  return {
    tool: FUNCTION_NAME,
    version: VERSION,
    command: 'probe',
    formatVersion: REPORT_VERSION,
    exitCode: exitCodeOf(images, ctx.requireMirror),
    cluster: ctx.cluster,
    requireMirror: ctx.requireMirror,
    ...(ctx.credentials !== undefined ? { credentials: ctx.credentials } : {}),
    notes: ctx.notes ?? [],
    images: [...images],
    summary: summarize(images),
  };
}

const STATUS_TEXT: Record<AttemptReport['status'], string> = {
  found: 'found',
  missing: 'missing',
  unauthorized: 'unauthorized',
  unreachable: 'unreachable',
  error: 'error',
  blocked: 'blocked',
  skipped: 'skipped',
  'not-tried': 'not tried',
};

function attemptDetail(a: AttemptReport): string {
  const parts: string[] = [];
  if (a.httpStatus !== undefined) parts.push(`HTTP ${a.httpStatus}`);
  if (a.scheme === 'http') parts.push('plain HTTP');
  if (a.authKey !== undefined) parts.push(`credentials of "${a.authKey}"`);
  if (a.latencyMs !== undefined) parts.push(`${a.latencyMs} ms`);
  let s = STATUS_TEXT[a.status];
  if (parts.length) s += ` (${parts.join(', ')})`;
  if (a.error !== undefined) s += `: ${a.error}`;
  return s;
}

export function verdictText(i: ImageReport, requireMirror: boolean): string {
  switch (i.verdict) {
    case 'mirror':
      return `served by mirror ${i.servedBy ?? ''}`;
    case 'source':
      return `falls back to the source ${i.servedBy ?? ''}${requireMirror ? ' (--require-mirror: a failure)' : ''}`;
    case 'fails':
      return `fails: ${i.error ?? ''}`;
  }
}

/** "HostedCluster ns/name (file#doc)" or "mirror list file". */
export function clusterText(c: ClusterInfo): string {
  const where = `${c.file}${c.document > 0 ? `#${c.document}` : ''}`;
  if (c.kind === 'MirrorList') return `mirror list ${where}`;
  return `${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${c.name} (${where})`;
}

/** The counts in words, one grammar for the text and GitHub formats. */
function summaryText(s: Summary): string {
  return `${s.images} image${s.images === 1 ? '' : 's'}: ${s.mirror} served by a mirror, ${s.source} fall${s.source === 1 ? 's' : ''} back to the source, ${s.fails} fail${s.fails === 1 ? 's' : ''}${s.deadlineReached ? "; the run's deadline passed" : ''}`;
}

export function formatText(images: readonly ImageReport[], ctx: ReportContext): string {
  const lines: string[] = [];
  lines.push(`cluster: ${clusterText(ctx.cluster)}`);
  lines.push(`credentials: ${ctx.credentials ?? 'none (anonymous)'}`);
  for (const n of ctx.notes ?? []) lines.push(`note: ${n}`);
  for (const i of images) {
    lines.push('');
    lines.push(
      `image: ${i.image}${i.reference !== undefined && i.reference !== i.image ? ` (pulls ${i.reference})` : ''}`,
    );
    const width = maxOf(
      i.attempts.map((a) => a.location.length),
      0,
    );
    i.attempts.forEach((a, n) => {
      lines.push(`  ${`${n + 1}.`.padStart(3)} ${a.location.padEnd(width)}  ${a.kind.padEnd(6)}  ${attemptDetail(a)}`);
    });
    lines.push(`  verdict: ${verdictText(i, ctx.requireMirror)}`);
  }
  const s = summarize(images);
  lines.push('');
  lines.push(`summary: ${summaryText(s)}`);
  return lines.map(escapeText).join('\n') + '\n';
}

const TITLE = `${FUNCTION_NAME} probe`;

export function formatGithub(images: readonly ImageReport[], ctx: ReportContext): string {
  const lines: string[] = [];
  for (const i of images) {
    if (i.verdict === 'mirror') continue;
    const command = i.verdict === 'fails' || ctx.requireMirror ? 'error' : 'warning';
    const title = escapeGithubProperty(`${TITLE}: ${i.verdict === 'fails' ? 'pull fails' : 'falls back to source'}`);
    const tried = i.attempts.map((a) => `${a.location}: ${attemptDetail(a)}`).join('; ');
    lines.push(
      `::${command} title=${title}::${escapeGithubData(`${i.image}: ${verdictText(i, ctx.requireMirror)}. Attempts: ${tried}`)}`,
    );
  }
  const s = summarize(images);
  lines.push(escapeText(`${TITLE}: ${summaryText(s)}`));
  return lines.join('\n') + '\n';
}

/**
 * The report in a format, with every known secret value scrubbed from the data before the
 * format escapes it (and from the text after, the last line of defence).
 */
export function formatReport(
  format: Format,
  images: readonly ImageReport[],
  ctx: ReportContext,
  secrets: readonly string[] = [],
): string {
  const [i, c] = scrubAll([images, ctx] as const, secrets);
  const text =
    format === 'json' ? safeJson(jsonReport(i, c)) + '\n' : format === 'github' ? formatGithub(i, c) : formatText(i, c);
  return scrub(text, secrets);
}
