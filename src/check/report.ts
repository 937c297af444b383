// `check`: validates every HostedCluster, HyperShift CLI mirror list file and function config
// in a set of YAML files (or one kustomize build stream) by the function's own rules, and
// reports each result at the line and column of the offending value. Pure: fn/check.ts reads
// the files and prints (format.ts).
import { CODE, EXIT, names, type ExitCode } from '../constants.js';
import { readConfig } from '../function/config.js';
import type { Gunzip } from '../generate/objects.js';
import { collisionAdvice, ImageTagMirrorSetNames } from '../hypershift/cluster.js';
import { isSecret } from '../hypershift/pull-secret.js';
import { objectsOf, type JsonObject } from '../krm/kube.js';
import { bySeverity, hasErrors, type Result, type Severity } from '../krm/result.js';
import { byteOrder } from '../order.js';
import type { NodeRegistries } from '../registries/bootstrap.js';
import type { Registry } from '../registries/model.js';
import { pullSecretResults } from '../validate/credentials.js';
import { validateHostedCluster } from '../validate/hosted-cluster.js';
import { locateInOriginal, parseStream, type Located, type YamlStream } from './locate.js';
import { RenderInput, renderUnit, type GeneratedMode } from './render.js';
import { findingKey, functionResults, staleFindings } from './stale.js';
import { loadInputs, STDIN_PATH, type InputFile, type Subject } from './subjects.js';
import { pushAll } from '../arrays.js';

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
  /** Render units (kpt packages, paths given, the stream) whose generated output was compared with a render. */
  rendered: number;
  /** Documents read (not empty): none on stdin is a mistake. */
  documents: number;
}

export interface CheckReport {
  exitCode: ExitCode;
  summary: CheckSummary;
  /** Each at its place: file (as given, or "<stdin>"), document (file.index) and position. */
  results: Result[];
}

/** Where each result was found, to find it again in its original file (stdin only). */
const locatedOf = new WeakMap<Result, Located>();

/** The subject in words: "HostedCluster clusters/a", "mirror list", "ImageTagMirrors config". */
function subjectLabel(s: Subject): string {
  if (s.kind === 'MirrorList') return 'mirror list';
  if (s.kind === 'ImageTagMirrors') return `ImageTagMirrors ${s.resourceRef?.name ?? ''}`.trimEnd();
  return `HostedCluster ${s.namespace ? `${s.namespace}/` : ''}${s.name}`;
}

/** A validation result as the user sees it in the subject's file: its field path, message and place. */
export function placeResult(s: Subject, r: Result): Result {
  const code = r.tags.code;
  const loc = s.locate(r.field?.path, code);
  const placed: Result = {
    severity: r.severity,
    message: s.displayMessage(r.message),
    file: { path: s.file, index: s.document },
    position: { line: loc.line, column: loc.column, endLine: loc.endLine, endColumn: loc.endColumn },
    tags: { code, subject: subjectLabel(s) },
  };
  if (s.resourceRef) placed.resourceRef = s.resourceRef;
  const field = s.displayPath(r.field?.path);
  if (field) placed.field = { path: field };
  // Only a result with an origin is ever found again in another file (relocate).
  if (s.origin) {
    placed.origin = s.origin;
    locatedOf.set(placed, loc);
  }
  return placed;
}

/** The results for one subject, by the same rules as the KRM function (and its registries when valid). */
export function validateSubject(s: Subject): { results: Result[]; registries?: Registry[]; node?: NodeRegistries } {
  const target = {
    ...(s.resourceRef ? { resourceRef: s.resourceRef } : {}),
    file: s.document > 0 ? { path: s.file, index: s.document } : { path: s.file },
  };
  const results: Result[] = [];
  if (s.kind === 'ImageTagMirrors') {
    // The config's own schema (role, cluster, ...), as the function reads it.
    pushAll(
      results,
      readConfig(s.obj as never).results.map((r) => ({ ...r, file: target.file })),
    );
  }
  const v = validateHostedCluster(s.spec, target, s.options);
  pushAll(results, v.results);
  return v.registries && !hasErrors(results)
    ? { results, registries: v.registries, ...(v.node ? { node: v.node } : {}) }
    : { results };
}

/**
 * kustomize build output is one stream: two HostedClusters with the same name but different
 * namespaces would get the same cluster-scoped ImageTagMirrorSet name (the function refuses).
 */
function streamCollisions(subjects: readonly Subject[], clean: ReadonlySet<Subject>): Result[] {
  const out: Result[] = [];
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
          : `HostedClusters ${first.namespace}/${s.name} and ${s.namespace}/${s.name} would both generate the cluster-scoped ImageTagMirrorSet ${names.imageTagMirrorSet(s.name)}: ${collisionAdvice(names.imageTagMirrorSet(s.name))}`,
      field: { path: 'metadata.name' },
      tags: { code: CODE.nameCollision },
    };
    out.push(placeResult(s, r));
  }
  return out;
}

/** In file order: file, document, line, column; then severity, code and message. */
export function sortByPlace(results: readonly Result[]): Result[] {
  return [...results].sort(
    (a, b) =>
      byteOrder(a.file?.path ?? '', b.file?.path ?? '') ||
      (a.file?.index ?? -1) - (b.file?.index ?? -1) ||
      (a.position?.line ?? 0) - (b.position?.line ?? 0) ||
      (a.position?.column ?? 0) - (b.position?.column ?? 0) ||
      bySeverity(a.severity, b.severity) ||
      byteOrder(a.tags.code, b.tags.code) ||
      byteOrder(a.message, b.message),
  );
}

export interface CheckOptions {
  /** Problems found while collecting the files (missing paths, unreadable files). */
  problems?: Result[];
  /** The files are one stream from stdin. */
  stdin?: boolean;
  /** When to compare the committed generated objects with a render (default auto). */
  generated?: GeneratedMode;
  /** The .krmignore files of kpt packages among the files. */
  ignores?: readonly InputFile[];
  /** A file's text, for one the render writes that was not read (kpt left it out): undefined when none. */
  existing?: (path: string) => string | undefined;
  /** Decompresses a committed registries.conf with `compression: gzip` (node:zlib, from fn/), to compare it line by line. */
  gunzip?: Gunzip;
}

export function checkFiles(files: readonly InputFile[], opts: CheckOptions = {}): CheckReport {
  const render = new RenderInput(files, { mode: opts.generated ?? 'auto', stdin: opts.stdin, ignores: opts.ignores });
  // Secrets, for the pull secret rule (validate/credentials.ts).
  const secrets: JsonObject[] = [];
  const loaded = loadInputs(files, {
    onDocument: (d) => {
      pushAll(secrets, objectsOf(d.value).filter(isSecret));
      if (render.active) render.add(d);
    },
  });
  const results: Result[] = [...(opts.problems ?? []), ...loaded.problems];
  const clean = new Set<Subject>();
  const known = new Set<string>();
  for (const s of loaded.subjects) {
    const v = validateSubject(s);
    if (!hasErrors(v.results)) clean.add(s);
    const found =
      hasErrors(v.results) || s.kind !== 'HostedCluster'
        ? v.results
        : [
            ...v.results,
            ...pullSecretResults(s.spec, s.namespace, secrets, s.resourceRef ? { resourceRef: s.resourceRef } : {}),
          ];
    for (const r of found) known.add(findingKey(r)).add(r.message);
    for (const r of found) results.push(placeResult(s, r));
  }
  if (opts.stdin) {
    const collisions = streamCollisions(loaded.subjects, clean);
    for (const r of collisions) known.add(findingKey(r));
    pushAll(results, collisions);
  }
  // Every subject's results are placed: the render below needs the memory of its document.
  loaded.forget();
  // Documents kpt refuses in a package: its render fails there.
  for (const r of render.problems()) results.push(r);
  // A file that does not parse would fail the render too: compare only what was read whole.
  let rendered = 0;
  const renderFound = new Set<string>();
  // Where each HostedCluster is, for an orphan whose cluster is among the files but rendered apart.
  const clusterFiles = new Map<string, string[]>();
  for (const s of loaded.subjects) {
    if (s.kind !== 'HostedCluster') continue;
    const id = s.namespace ? `${s.namespace}/${s.name}` : s.name;
    const list = clusterFiles.get(id);
    if (list) list.push(s.file);
    else clusterFiles.set(id, [s.file]);
  }
  if (!results.some(isUnreadable)) {
    // Not compared, but rendered all the same: the function's own errors (a NodePool it cannot wire).
    for (const unit of render.probed()) {
      const config = render.functionConfig(unit);
      const out = config.ok ? renderUnit(unit, config.value) : config;
      if (!out.ok) continue;
      for (const p of functionResults(out.value, known, 'error')) {
        if (p.located) locatedOf.set(p.result, p.located);
        results.push(p.result);
      }
    }
    for (const unit of render.required()) {
      const config = render.functionConfig(unit);
      const out = config.ok ? renderUnit(unit, config.value) : config;
      if (!out.ok) {
        results.push({
          severity: 'warning',
          message: `generated objects of ${unit.kptfile ?? unit.key} not compared: ${out.error}`,
          file: { path: unit.kptfile ?? unit.key },
          tags: { code: CODE.renderSkipped },
        });
        continue;
      }
      rendered++;
      for (const p of staleFindings(out.value, known, opts.existing, opts.gunzip)) {
        // A package and its subpackage both render a subpackage's documents: one finding each.
        const key = [p.result.tags.code, p.result.tags.subject ?? '', placeOf(p.result), p.result.message].join('|');
        if (renderFound.has(key)) continue;
        renderFound.add(key);
        if (p.located) locatedOf.set(p.result, p.located);
        results.push(orphanWhere(p.result, clusterFiles));
      }
    }
  }
  const count = (k: Subject['kind']) => loaded.subjects.filter((s) => s.kind === k).length;
  return finish(sortByPlace(results), {
    files: loaded.files,
    stdin: opts.stdin ?? false,
    hostedClusters: count('HostedCluster'),
    mirrorLists: count('MirrorList'),
    functionConfigs: count('ImageTagMirrors'),
    rendered,
    documents: loaded.documents,
  });
}

const ORPHAN = /^(.* generated for HostedCluster (\S+)), which is not in the input: kept as it is; .*$/s;

/**
 * The function says "not in the input" of a generated object whose cluster it did not see; when
 * the cluster is among the files checked, it is only rendered apart (another folder or package).
 */
function orphanWhere(r: Result, clusters: ReadonlyMap<string, string[]>): Result {
  if (r.tags.code !== CODE.orphanedGenerated) return r;
  const m = ORPHAN.exec(r.message);
  const files = m ? clusters.get(m[2]!) : undefined;
  if (!m || !files) return r;
  return {
    ...r,
    message: `${m[1]}, which is in ${[...new Set(files)].join(', ')}, rendered apart from this object: render them together (one kpt package, or one kpt fn eval over both folders) so that the function keeps it up to date`,
  };
}

const placeOf = (r: Result) =>
  `${r.file?.path ?? ''}#${r.file?.index ?? ''}:${r.position?.line ?? ''}:${r.position?.column ?? ''}`;

/** Input that cannot be read: exit 2, whatever else was found. */
export const isUnreadable = (r: Result) => r.tags.code === CODE.invalidYaml || r.tags.code === CODE.unreadable;

function finish(results: Result[], counts: Omit<CheckSummary, 'errors' | 'warnings' | 'infos'>): CheckReport {
  const n = (s: Severity) => results.filter((r) => r.severity === s).length;
  const exitCode: ExitCode = results.some(isUnreadable) ? EXIT.usage : n('error') > 0 ? EXIT.errors : EXIT.clean;
  return { exitCode, summary: { errors: n('error'), warnings: n('warning'), infos: n('info'), ...counts }, results };
}

/** The files that stream results point to through annotations: read them to relocate. */
export function originPaths(report: CheckReport): string[] {
  return [
    ...new Set(report.results.filter((r) => r.file?.path === STDIN_PATH && r.origin).map((r) => r.origin!.path)),
  ].sort();
}

/**
 * Moves stream results to their own file (named by config.kubernetes.io/path) when that file
 * holds the same value at the same place; the others keep their stream position.
 */
export function relocate(report: CheckReport, originals: ReadonlyMap<string, string>): CheckReport {
  const parsed = new Map<string, YamlStream>();
  const results = report.results.map((r) => {
    const loc = locatedOf.get(r);
    if (r.file?.path !== STDIN_PATH || !r.origin || !loc) return r;
    const text = originals.get(r.origin.path);
    if (text === undefined) return r;
    let stream = parsed.get(r.origin.path);
    if (!stream) parsed.set(r.origin.path, (stream = parseStream(text)));
    const position = locateInOriginal(stream, r.origin.index, loc);
    if (!position) return r;
    const moved: Result = { ...r, file: { path: r.origin.path, index: r.origin.index }, position };
    delete moved.origin;
    locatedOf.set(moved, loc);
    return moved;
  });
  return { ...report, results: sortByPlace(results) };
}
