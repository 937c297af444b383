// `explain`: picks the cluster out of the input, validates it, and explains one image pull
// against the registries.conf its nodes would get. Pure: fn/explain.ts reads and prints.
import { EXIT, type ExitCode } from '../constants.js';
import { placeResult, sortByPlace, validateSubject } from '../check/report.js';
import { loadInputs, type InputFile, type Subject } from '../check/subjects.js';
import { isObject, sameValue } from '../krm/kube.js';
import type { Result } from '../krm/result.js';
import { fail, ok, type Outcome } from '../outcome.js';
import type { NodeRegistries } from '../registries/bootstrap.js';
import type { Registry } from '../registries/model.js';
import { scopeIndex } from '../registries/nesting.js';
import { explainNodePull } from '../registries/pull.js';
import { parseReference } from '../registries/reference.js';
import { validateDigestMirrors } from '../validate/hosted-cluster.js';
import { formatExplainJson, formatNodePullText, resultLine } from './format.js';

export interface ExplainRequest {
  image: string;
  cluster?: string;
  namespace?: string;
  format: 'text' | 'json';
  /** Paths that could not be read: reported, exit 2. */
  problems?: Result[];
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

/** The cluster chosen, with a note when several identical copies were found. */
export interface ClusterChoice {
  subject: Subject;
  note?: string;
}

/** The one cluster to explain for; several identical copies (a base and its render) count as one. */
export function chooseCluster(
  subjects: readonly Subject[],
  cluster?: string,
  namespace?: string,
): Outcome<ClusterChoice> {
  let matches: Subject[];
  if (cluster === undefined) {
    matches = [...subjects];
    if (namespace !== undefined) matches = matches.filter((s) => s.kind !== 'MirrorList' && s.namespace === namespace);
    if (matches.length === 0) return fail('no HostedCluster, function config or mirror list found in the input');
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
      return fail(
        `no HostedCluster named "${cluster}"${namespace !== undefined ? ` in namespace "${namespace}"` : ''} in the input${names.length ? `; found: ${names.join(', ')}` : ''}`,
      );
    }
  }
  const first = matches[0]!;
  if (matches.every((m) => sameValue(mirrorLists(m), mirrorLists(first)))) {
    return matches.length > 1
      ? ok({ subject: first, note: `${matches.length} copies with the same mirror lists; using ${where(first)}` })
      : ok({ subject: first });
  }
  const list = matches.map((m) => `${label(m)} at ${where(m)}`).join('; ');
  const hint =
    cluster === undefined ? 'name one with --cluster (and --namespace)' : 'narrow it with --namespace or fewer paths';
  return fail(`${matches.length} candidates with different mirror lists: ${list}; ${hint}`);
}

/** The registries a subject's nodes get (and policy.json, the search list), or the errors that stop the function. */
export function registriesOf(s: Subject): { results: Result[]; registries?: Registry[]; node?: NodeRegistries } {
  const { results, registries, node } = validateSubject(s);
  if (results.some((r) => r.severity === 'error')) return { results };
  if (registries) return { results, registries, ...(node ? { node } : {}) };
  // No imageTagMirrorSet: the function generates nothing; HyperShift still renders
  // imageContentSources and the Image config (MCO's own MachineConfig).
  const digest = validateDigestMirrors(s.spec);
  if (!digest.registries) return { results: [...results, ...digest.results] };
  return {
    results: [...results, ...digest.results],
    registries: digest.registries,
    ...(digest.node ? { node: digest.node } : {}),
  };
}

/** Results at their place in the subject's file, one line each, in file order. */
function resultLines(s: Subject, results: Result[]): string[] {
  return sortByPlace(results.map((r) => placeResult(s, r))).map(resultLine);
}

export function explainInFiles(files: readonly InputFile[], req: ExplainRequest): ExplainOutcome {
  const image = parseReference(req.image);
  if (!image.ok)
    return { exitCode: EXIT.usage, stdout: '', stderr: `invalid image reference "${req.image}": ${image.error}\n` };
  const loaded = loadInputs(files);
  const problems = [...(req.problems ?? []), ...loaded.problems];
  if (problems.length > 0) {
    const lines = problems.map(resultLine);
    return { exitCode: EXIT.usage, stdout: '', stderr: lines.join('\n') + '\n' };
  }
  const chosen = chooseCluster(loaded.subjects, req.cluster, req.namespace);
  if (!chosen.ok) return { exitCode: EXIT.errors, stdout: '', stderr: `${chosen.error}\n` };
  const { subject: s, note } = chosen.value;
  const { results, registries, node } = registriesOf(s);
  if (!registries) {
    const lines = resultLines(s, results);
    return {
      exitCode: EXIT.errors,
      stdout: '',
      stderr: `${label(s)} (${where(s)}) has errors; the function generates nothing for it, so there is nothing to explain:\n${lines.join('\n')}\n`,
    };
  }
  const pull = explainNodePull(req.image, registries, {
    ...(node ? { policy: node.policy } : {}),
    ...(node?.searchRegistries ? { searchRegistries: node.searchRegistries } : {}),
  });
  const noITMS = !(isObject(s.spec) && Array.isArray(s.spec.imageTagMirrorSet) && s.spec.imageTagMirrorSet.length > 0);
  if (req.format === 'json')
    return { exitCode: EXIT.clean, stdout: formatExplainJson(s, registries, pull, node), stderr: '' };
  const lines: string[] = [`${label(s)} (${where(s)})`];
  if (note) lines.push(`note: ${note}`);
  if (noITMS)
    lines.push(
      'note: no imageTagMirrorSet: the function generates nothing; only imageContentSources (digest-only mirrors) apply',
    );
  if (registries.length === 0) lines.push('note: no mirrors at all: every image is pulled from where it names');
  const warnings = results.filter((r) => r.severity !== 'error');
  if (warnings.length) lines.push(...resultLines(s, warnings));
  const imageConfigBlocked = scopeIndex(node?.registriesBlocked ?? []);
  lines.push(
    ...formatNodePullText(pull, (scope) =>
      imageConfigBlocked.encloses(scope) ? 'inside blockedRegistries' : 'NeverContactSource',
    ),
  );
  return { exitCode: EXIT.clean, stdout: lines.join('\n') + '\n', stderr: '' };
}
