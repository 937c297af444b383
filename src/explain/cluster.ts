// `explain`: picks the cluster out of the input, validates it, and explains one image pull
// against the registries.conf its nodes would get. Pure: fn/explain.ts reads and prints.
import { EXIT, type ExitCode } from '../constants.js';
import { placeResult, sortByPlace, validateSubject } from '../check/report.js';
import type { InputFile, Subject } from '../check/subjects.js';
import type { Gunzip } from '../generate/objects.js';
import { isObject, sameValue } from '../krm/kube.js';
import type { Result } from '../krm/result.js';
import { escapeLines } from '../krm/escape.js';
import { fail, ok, type Outcome } from '../outcome.js';
import type { NodeRegistries } from '../registries/bootstrap.js';
import { UNQUALIFIED_SEARCH_REGISTRIES, type Registry } from '../registries/model.js';
import { scopeIndex } from '../registries/nesting.js';
import { parseRegistriesConf } from '../registries/parse.js';
import { explainNodePull, type NodePull } from '../registries/pull.js';
import { parseReference } from '../registries/reference.js';
import { validateDigestMirrors } from '../validate/hosted-cluster.js';
import { ClusterConfs, type ConfSource } from './confs.js';
import { formatExplainJson, formatNodePullText, resultLine } from './format.js';
import { pushAll } from '../arrays.js';

export interface ExplainRequest {
  /** Decompresses a committed file with `compression: gzip`; without it such a file cannot be read. */
  gunzip?: Gunzip;
  image: string;
  cluster?: string;
  namespace?: string;
  format: 'text' | 'json';
  /** Explain the registries.conf the spec renders (default), or the committed one. */
  from?: ConfSource;
  /** Paths that could not be read: reported, exit 2. */
  problems?: Result[];
  /** The input is one stream (stdin). */
  stdin?: boolean;
  /** .krmignore files of kpt packages among the files. */
  ignores?: readonly InputFile[];
}

export interface ExplainOutcome {
  exitCode: ExitCode;
  stdout: string;
  stderr: string;
  /** Documents read: none on stdin is a mistake. */
  documents?: number;
}

const label = (s: Subject) =>
  s.kind === 'MirrorList'
    ? `mirror list ${s.file}`
    : `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}${s.kind === 'ImageTagMirrors' ? ` (function config ${s.resourceRef?.name ?? ''})` : ''}`;

/** A subject's file, and its document when not the first. */
export const where = (s: Subject) => `${s.file}${s.document > 0 ? `#${s.document}` : ''}`;

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
  return fail(`${matches.length} candidates with different mirror lists: ${list}; ${narrowHint(matches)}`);
}

/** What tells the candidates apart: only the options whose values differ among them, else fewer files. */
function narrowHint(matches: readonly Subject[]): string {
  const distinct = (f: (s: Subject) => string) => new Set(matches.map(f)).size;
  const options: string[] = [];
  // A mirror list file has no name: --cluster cannot pick it.
  if (distinct((m) => (m.kind === 'MirrorList' ? '' : m.name)) > 1 && matches.some((m) => m.kind !== 'MirrorList'))
    options.push('--cluster');
  if (distinct((m) => m.namespace) > 1) options.push('--namespace');
  // Options narrow only when no two candidates share the kind, name and namespace.
  const unique = distinct((m) => `${m.kind}/${m.namespace}/${m.name}`) === matches.length;
  if (options.length > 0 && unique) return `narrow it with ${options.join(' and ')}`;
  const files = distinct((m) => m.file) > 1;
  const fewer = files ? 'give only one of these files' : 'keep only one of these documents in the file';
  return options.length > 0 ? `narrow it with ${options.join(' and ')}, or ${fewer}` : fewer;
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

/** The outcome with every line escaped: names and paths come from the input. */
function outcome(exitCode: ExitCode, stdout: string[], stderr: string[]): ExplainOutcome {
  const text = (lines: string[]) => (lines.length ? escapeLines(lines) + '\n' : '');
  return { exitCode, stdout: text(stdout), stderr: text(stderr) };
}

/** The committed registries.conf: its registries, or containers/image's reason to refuse it. */
interface CommittedConf {
  registries: Registry[];
  /** containers/image refuses the file: every pull on a node with it fails. */
  refused?: string;
  /** refused by our TOML parser only: BurntSushi/toml (containers/image's) may accept the file. */
  cannotTell?: boolean;
  note: string;
}

/** The committed registries.conf as registries (or refused), or why it cannot be explained. */
function committedRegistries(confs: ClusterConfs, s: Subject): Outcome<CommittedConf> {
  if (s.kind !== 'HostedCluster') return fail(`--from committed needs a HostedCluster; ${label(s)} is not one`);
  const c = confs.committed(s);
  if (!c)
    return fail(
      `--from committed: no committed generated ConfigMap of ${label(s)} in the input (render the files first, or explain --from spec)`,
    );
  if (!c.text.ok) return fail(`--from committed: ${c.label} (${c.place}): ${c.text.error}`);
  const from = `from the committed registries.conf in ${c.label} (${c.place})`;
  const parsed = parseRegistriesConf(c.text.value);
  if (!parsed.ok)
    return ok({
      registries: [],
      refused: parsed.error,
      ...('cannotTell' in parsed && parsed.cannotTell ? { cannotTell: true } : {}),
      note: from,
    });
  const notes = [from];
  const search = parsed.value.unqualifiedSearchRegistries.join(', ');
  if (search !== UNQUALIFIED_SEARCH_REGISTRIES.join(', '))
    notes.push(`its unqualified-search-registries (${search}) are not the ones explain resolves short names with`);
  return ok({ registries: parsed.value.registries, note: notes.join('; ') });
}

/** The pull on a node whose registries.conf containers/image refuses: it fails before any request. */
function refusedPull(image: string, reason: string, cannotTell: boolean): NodePull {
  return {
    input: image,
    requested: image,
    notes: [],
    plans: [],
    error: cannotTell
      ? `cannot tell: the TOML parsers differ here; ours refuses the registries.conf ("${reason}"), containers/image's (BurntSushi/toml) accepts some such files, which TOML 1.0 forbids; write it as plain TOML 1.0 (no [table] header over a table dotted keys or an inline table made, at most 1000 levels of nesting) to get a prediction`
      : `fails before any request: containers/image refuses the registries.conf ("${reason}"), so every pull on these nodes fails`,
  };
}

export function explainInFiles(files: readonly InputFile[], req: ExplainRequest): ExplainOutcome {
  const image = parseReference(req.image);
  if (!image.ok) return outcome(EXIT.usage, [], [`invalid image reference "${req.image}": ${image.error}`]);
  const confs = new ClusterConfs(files, { stdin: req.stdin, ignores: req.ignores, gunzip: req.gunzip, places: true });
  const loaded = confs.loaded;
  if (req.stdin && loaded.documents === 0) return { ...outcome(EXIT.usage, [], []), documents: 0 };
  const problems = [...(req.problems ?? []), ...loaded.problems];
  if (problems.length > 0) return outcome(EXIT.usage, [], problems.map(resultLine));
  const chosen = chooseCluster(loaded.subjects, req.cluster, req.namespace);
  if (!chosen.ok) return outcome(EXIT.errors, [], [chosen.error]);
  const { subject: s, note } = chosen.value;
  const from = req.from ?? 'spec';
  let registries: Registry[] | undefined;
  let results: Result[];
  let node: NodeRegistries | undefined;
  let refused: string | undefined;
  let cannotTell = false;
  const notes: string[] = [];
  let warningLines: string[] = [];
  if (from === 'committed') {
    loaded.forget(); // nothing placed: the render needs the memory
    const c = committedRegistries(confs, s);
    if (!c.ok) return outcome(EXIT.errors, [], [c.error]);
    registries = c.value.registries;
    refused = c.value.refused;
    cannotTell = c.value.cannotTell === true;
    // policy.json and the search registries are MCO's own files, never in ours: from the spec.
    node = registriesOf(s).node;
    notes.push(c.value.note);
    const committed = confs.committed(s)!;
    const stale = confs.staleNote(s, committed);
    if (stale) notes.push(stale);
  } else {
    ({ results, registries, node } = registriesOf(s));
    // Placed now, while the documents' trees are kept: the render below needs the memory.
    warningLines = resultLines(
      s,
      results.filter((r) => r.severity !== 'error'),
    );
    if (!registries) {
      const lines = resultLines(s, results);
      return outcome(
        EXIT.errors,
        [],
        [
          `${label(s)} (${where(s)}) has errors; the function generates nothing for it, so there is nothing to explain:`,
          ...lines,
        ],
      );
    }
    loaded.forget();
    const committed = s.kind === 'HostedCluster' ? confs.committed(s) : undefined;
    const stale = committed ? confs.staleNote(s, committed) : undefined;
    if (stale) notes.push(`${stale}; this explains the spec (--from committed explains the committed file)`);
  }
  const pull =
    refused !== undefined
      ? refusedPull(req.image, refused, cannotTell)
      : explainNodePull(req.image, registries, {
          ...(node ? { policy: node.policy } : {}),
          ...(node?.searchRegistries ? { searchRegistries: node.searchRegistries } : {}),
        });
  // A refused committed file is a finding: the prediction is printed, the exit status says so;
  // so is one we cannot read the way containers/image does (no prediction at all).
  const exitCode = refused !== undefined ? EXIT.errors : EXIT.clean;
  const noITMS = !(isObject(s.spec) && Array.isArray(s.spec.imageTagMirrorSet) && s.spec.imageTagMirrorSet.length > 0);
  if (req.format === 'json')
    return {
      exitCode,
      stdout: formatExplainJson(
        s,
        registries,
        pull,
        { from, notes, ...(refused !== undefined ? { refused } : {}), ...(cannotTell ? { cannotTell } : {}) },
        node,
        exitCode,
      ),
      stderr: '',
    };
  const lines: string[] = [`${label(s)} (${where(s)})`];
  if (note) lines.push(`note: ${note}`);
  for (const n of notes) lines.push(`note: ${n}`);
  if (noITMS && from === 'spec')
    lines.push(
      'note: no imageTagMirrorSet: the function generates nothing; only imageContentSources (digest-only mirrors) apply',
    );
  if (registries.length === 0 && refused === undefined)
    lines.push('note: no mirrors at all: every image is pulled from where it names');
  pushAll(lines, warningLines);
  const imageConfigBlocked = scopeIndex(node?.registriesBlocked ?? []);
  pushAll(
    lines,
    formatNodePullText(pull, (scope) =>
      imageConfigBlocked.encloses(scope) ? 'inside blockedRegistries' : 'NeverContactSource',
    ),
  );
  return outcome(exitCode, lines, []);
}
