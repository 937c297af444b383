// `explain`: picks the cluster out of the input, validates it, and explains one image pull
// against the registries.conf its nodes would get. Pure: fn/explain.ts reads and prints.
import type { Registry } from '../registries/model.js';
import { isObject, sameValue } from '../krm/kube.js';
import type { Result } from '../krm/result.js';
import { validateDigestMirrors } from '../validate/hosted-cluster.js';
import { EXIT, sortFindings, validateSubject, type ExitCode, type Finding } from './check.js';
import { explainNodePull, type NodePull } from '../registries/pull.js';
import { formatNodePullText } from '../explain/format.js';
import { parseReference } from '../registries/reference.js';
import { loadInputs, type InputFile, type InputProblem, type Subject } from './load.js';

export interface ExplainRequest {
  image: string;
  cluster?: string;
  namespace?: string;
  format: 'text' | 'json';
  problems?: InputProblem[];
}

export interface ExplainOutcome {
  exitCode: ExitCode;
  stdout: string;
  stderr: string;
}

const label = (s: Subject) =>
  s.kind === 'MirrorList'
    ? `mirror list ${s.file}`
    : `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}${s.kind === 'ImageTagMirrors' ? ` (function config ${s.resourceRef?.name ?? ''})` : ''}`;

const where = (s: Subject) => `${s.file}${s.document > 0 ? `#${s.document}` : ''}`;

/** The mirror lists a subject renders: what decides the registries. */
function mirrorLists(s: Subject): unknown {
  const spec = isObject(s.spec) ? s.spec : {};
  return { itms: spec.imageTagMirrorSet ?? null, ics: spec.imageContentSources ?? null };
}

export type Selection = { ok: true; subject: Subject; note?: string } | { ok: false; message: string };

/** The one cluster to explain for; several identical copies (a base and its render) count as one. */
export function selectSubject(subjects: readonly Subject[], cluster?: string, namespace?: string): Selection {
  let matches: Subject[];
  if (cluster === undefined) {
    matches = [...subjects];
    if (namespace !== undefined) matches = matches.filter((s) => s.kind !== 'MirrorList' && s.namespace === namespace);
    if (matches.length === 0)
      return { ok: false, message: 'no HostedCluster, function config or mirror list found in the input' };
  } else {
    matches = subjects.filter(
      (s) => s.kind !== 'MirrorList' && s.name === cluster && (namespace === undefined || s.namespace === namespace),
    );
    if (matches.length === 0) {
      const names = [
        ...new Set(
          subjects
            .filter((s) => s.kind !== 'MirrorList')
            .map((s) => `${s.namespace ? `${s.namespace}/` : ''}${s.name}`),
        ),
      ].sort();
      return {
        ok: false,
        message: `no HostedCluster named "${cluster}"${namespace !== undefined ? ` in namespace "${namespace}"` : ''} in the input${names.length ? `; found: ${names.join(', ')}` : ''}`,
      };
    }
  }
  const first = matches[0]!;
  if (matches.every((m) => sameValue(mirrorLists(m), mirrorLists(first)))) {
    return matches.length > 1
      ? { ok: true, subject: first, note: `${matches.length} copies with the same mirror lists; using ${where(first)}` }
      : { ok: true, subject: first };
  }
  const list = matches.map((m) => `${label(m)} at ${where(m)}`).join('; ');
  const hint =
    cluster === undefined ? 'name one with --cluster (and --namespace)' : 'narrow it with --namespace or fewer paths';
  return { ok: false, message: `${matches.length} candidates with different mirror lists: ${list}; ${hint}` };
}

/** The registries a subject's nodes get, or the errors that stop the function. */
export function registriesOf(s: Subject): { results: Result[]; registries?: Registry[] } {
  const { results, registries } = validateSubject(s);
  if (results.some((r) => r.severity === 'error')) return { results };
  if (registries) return { results, registries };
  // No imageTagMirrorSet: the function generates nothing; HyperShift still renders imageContentSources.
  const digest = validateDigestMirrors(s.spec);
  if (!digest.registries) return { results: [...results, ...digest.results] };
  return { results, registries: digest.registries };
}

function findingLines(s: Subject, results: Result[]): string[] {
  const findings: Finding[] = results.map((r) => {
    const loc = s.locate(r.field?.path, r.tags.code);
    const field = s.displayPath(r.field?.path);
    return {
      severity: r.severity,
      code: r.tags.code,
      message: s.displayMessage(r.message),
      file: s.file,
      line: loc.line,
      column: loc.column,
      ...(field ? { field } : {}),
    };
  });
  return sortFindings(findings).map(
    (f) => `${f.file}:${f.line}:${f.column}: ${f.severity}[${f.code}] ${f.field ? `${f.field}: ` : ''}${f.message}`,
  );
}

export function explainInFiles(files: readonly InputFile[], req: ExplainRequest): ExplainOutcome {
  const image = parseReference(req.image);
  if (!image.ok)
    return { exitCode: EXIT.usage, stdout: '', stderr: `invalid image reference "${req.image}": ${image.error}\n` };
  const loaded = loadInputs(files);
  const problems = [...(req.problems ?? []), ...loaded.problems];
  if (problems.length > 0) {
    const lines = problems.map(
      (p) =>
        `${p.file}${p.position.line > 0 ? `:${p.position.line}:${p.position.column}` : ''}: ${p.severity}[${p.code}] ${p.message}`,
    );
    return { exitCode: EXIT.usage, stdout: '', stderr: lines.join('\n') + '\n' };
  }
  const sel = selectSubject(loaded.subjects, req.cluster, req.namespace);
  if (!sel.ok) return { exitCode: EXIT.errors, stdout: '', stderr: `${sel.message}\n` };
  const s = sel.subject;
  const { results, registries } = registriesOf(s);
  if (!registries) {
    const lines = findingLines(s, results);
    return {
      exitCode: EXIT.errors,
      stdout: '',
      stderr: `${label(s)} (${where(s)}) has errors; the function generates nothing for it, so there is nothing to explain:\n${lines.join('\n')}\n`,
    };
  }
  const pull = explainNodePull(req.image, registries);
  const noITMS = !(isObject(s.spec) && Array.isArray(s.spec.imageTagMirrorSet) && s.spec.imageTagMirrorSet.length > 0);
  if (req.format === 'json') {
    const doc = {
      cluster: { kind: s.kind, name: s.name, namespace: s.namespace, file: s.file, document: s.document },
      registries: registries.map((b) => ({
        ...(b.prefix ? { prefix: b.prefix } : { location: b.location }),
        blocked: b.blocked,
        mirrors: b.mirrors,
      })),
      pull: jsonPull(pull),
    };
    return { exitCode: EXIT.clean, stdout: JSON.stringify(doc, null, 2) + '\n', stderr: '' };
  }
  const lines: string[] = [`${label(s)} (${where(s)})`];
  if (sel.note) lines.push(`note: ${sel.note}`);
  if (noITMS)
    lines.push(
      'note: no imageTagMirrorSet: the function generates nothing; only imageContentSources (digest-only mirrors) apply',
    );
  if (registries.length === 0) lines.push('note: no mirrors at all: every image is pulled from where it names');
  const warnings = results.filter((r) => r.severity !== 'error');
  if (warnings.length) lines.push(...findingLines(s, warnings));
  lines.push(...formatNodePullText(pull));
  return { exitCode: EXIT.clean, stdout: lines.join('\n') + '\n', stderr: '' };
}

function jsonPull(p: NodePull): unknown {
  return {
    input: p.input,
    requested: p.requested,
    notes: p.notes,
    ...(p.shortName ? { shortName: p.shortName } : {}),
    ...(p.error !== undefined ? { error: p.error } : {}),
    plans: p.plans.map((plan) => ({
      image: plan.image,
      pullBy: plan.pullBy,
      ...(plan.scope !== undefined ? { scope: plan.scope } : {}),
      blocked: plan.blocked,
      ...(plan.error !== undefined ? { error: plan.error } : {}),
      attempts: plan.attempts,
    })),
  };
}
