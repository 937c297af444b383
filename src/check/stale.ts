// check's findings from a render (render.ts): each difference between the function's output
// and the committed documents is an error at the document's line, naming what differs and
// the command that fixes it. The rules of what is generated stay the function's: this module
// only reads the difference.
import {
  ANNOTATION,
  CODE,
  CONFIG_MAP_DATA_KEY,
  OWNER_ANNOTATION,
  REGISTRIES_CONF_PATH,
  type Code,
} from '../constants.js';
import { pushAll } from '../arrays.js';
import { registriesConfOf, type Gunzip } from '../generate/objects.js';
import { isNodePool } from '../hypershift/cluster.js';
import { annotationsOf, isObject, refOf, sameValue, type JsonObject } from '../krm/kube.js';
import { QUIET_YAML } from '../krm/kube-yaml.js';
import type { ResourceRef, Result, Severity } from '../krm/result.js';
import { formatSegments, parseFieldPath, type Located, type Segment } from './locate.js';
import { parseAllDocuments, parseDocument } from 'yaml';
import { ID_ANNOTATION, locateItem, originalValue, type Rendered, type RenderUnit, type UnitItem } from './render.js';

/** A finding and where it was found in its document (check relocates stream results with it). */
export interface Placed {
  result: Result;
  located?: Located;
}

const who = (r: { kind: string; name: string; namespace?: string }) =>
  `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`;

/** The command that brings a unit's files up to date. */
export function fixHint(u: RenderUnit): string {
  if (u.kptfile && u.namesFunction) {
    const dir = u.kptfile.includes('/') ? u.kptfile.slice(0, u.kptfile.lastIndexOf('/')) : '.';
    return `render again: kpt fn render ${u.renderRoot ?? dir} --allow-exec`;
  }
  if (u.root === undefined) return 'render the files again with the function and commit the output';
  return `render again: run the function over ${u.root}/ (kpt fn eval, or your repository's render step) and commit the output`;
}

/** Up to `max` field paths where two values differ, in document order. */
export function differences(a: unknown, b: unknown, max = 3, path: Segment[] = [], out: Segment[][] = []): Segment[][] {
  if (out.length >= max || sameValue(a, b)) return out;
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const k of keys) differences(a[k], b[k], max, [...path, k], out);
  } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((x, i) => differences(x, b[i], max, [...path, i], out));
  } else out.push(path);
  return out;
}

const quote = (s: string) => JSON.stringify(s.length > 100 ? `${s.slice(0, 99)}…` : s);

/** The line of `s` that starts at `start`, without its newline. */
function lineAt(s: string, start: number): string {
  const end = s.indexOf('\n', start);
  return s.slice(start, end < 0 ? s.length : end);
}

/**
 * The first line where two registries.conf texts differ, in words. Linear and without
 * splitting: a committed file may be 64 MiB of decompressed newlines.
 */
export function firstConfDifference(committed: string, rendered: string): string | undefined {
  if (committed === rendered) return undefined;
  const n = Math.min(committed.length, rendered.length);
  let k = 0;
  while (k < n && committed.charCodeAt(k) === rendered.charCodeAt(k)) k++;
  let start = k === 0 ? 0 : committed.lastIndexOf('\n', k - 1) + 1;
  let line = 1;
  for (let i = committed.indexOf('\n'); i >= 0 && i < start; i = committed.indexOf('\n', i + 1)) line++;
  // The same line in both: one text ends there, the other goes on to a next line.
  if (lineAt(committed, start) === lineAt(rendered, start)) {
    start += lineAt(committed, start).length + 1;
    line++;
  }
  const side = (s: string) =>
    start === 0 || s[start - 1] === '\n' ? quote(lineAt(s, start)) : 'nothing (the file ends)';
  return `registries.conf line ${line}: committed ${side(committed)}, rendered ${side(rendered)}`;
}

/** The MachineConfig in a generated ConfigMap's data.config, or undefined when it cannot be read. */
function machineConfigOf(configMap: unknown): JsonObject | undefined {
  const data = isObject(configMap) && isObject(configMap.data) ? configMap.data[CONFIG_MAP_DATA_KEY] : undefined;
  if (typeof data !== 'string') return undefined;
  const doc = parseDocument(data, QUIET_YAML);
  if (doc.errors.length > 0) return undefined;
  try {
    const mc: unknown = doc.toJS({ maxAliasCount: 100 });
    return isObject(mc) ? mc : undefined;
  } catch {
    return undefined;
  }
}

/** How a MachineConfig writes registries.conf: "gzip-compressed in a "data:;base64," URL". */
function encodingOf(mc: JsonObject): string | undefined {
  const config = isObject(mc.spec) && isObject(mc.spec.config) ? mc.spec.config : {};
  const storage = isObject(config.storage) ? config.storage : {};
  const files = Array.isArray(storage.files) ? storage.files : [];
  const file = files.find((f) => isObject(f) && f.path === REGISTRIES_CONF_PATH);
  const contents = isObject(file) && isObject(file.contents) ? file.contents : undefined;
  const source = typeof contents?.source === 'string' ? contents.source : undefined;
  const header = source === undefined ? undefined : /^data:[^,]*,/.exec(source)?.[0];
  if (header === undefined) return undefined;
  const compressed = contents?.compression === 'gzip' ? 'gzip-compressed' : 'uncompressed';
  return `${compressed} in a ${quote(header)} URL`;
}

/**
 * What a stale generated ConfigMap's registries.conf says, decoded as the node gets it
 * (`gunzip` for `compression: gzip`): the first line that differs; or, the same file once
 * decoded, where its MachineConfig differs (a gzip-compressed or %-encoded copy of the same
 * file: the next render writes the function's form); or why the committed file cannot be read.
 */
function confNote(before: unknown, after: JsonObject, gunzip?: Gunzip): string | undefined {
  const next = registriesConfOf(after, gunzip);
  if (!next.ok) return undefined;
  const conf = registriesConfOf(before, gunzip);
  if (!conf.ok) return `the committed registries.conf cannot be read: ${conf.error}`;
  const line = firstConfDifference(conf.value, next.value);
  if (line) return line;
  const same = 'the registries.conf it writes is the same once decoded';
  const [a, b] = [machineConfigOf(before), machineConfigOf(after)];
  if (!a || !b) return same;
  const at = differences(a, b).map(formatSegments).filter(Boolean);
  if (at.length === 0) return `${same}, and so is the MachineConfig: only the YAML text of data.config differs`;
  const [was, now] = [encodingOf(a), encodingOf(b)];
  const how = was && now && was !== now ? `: committed ${was}, generated ${now}` : '';
  return `${same}; the MachineConfig differs at ${at.join(', ')}${how}; the next render writes the generated form`;
}

function finding(
  severity: Severity,
  code: Code,
  message: string,
  i: UnitItem | undefined,
  unit: RenderUnit,
  segments: readonly Segment[] = ['metadata', 'name'],
  ref?: ResourceRef,
): Placed {
  const result: Result = { severity, message, tags: { code } };
  const r = ref ?? (i ? { apiVersion: i.ref.apiVersion, kind: i.ref.kind, name: i.ref.name } : undefined);
  if (r) {
    result.resourceRef = { ...r };
    const ns = ref ? ref.namespace : i?.ref.namespace;
    if (ns) result.resourceRef.namespace = ns;
    result.tags.subject = who(result.resourceRef);
  }
  if (!i) {
    result.file = { path: unit.kptfile ?? unit.key };
    return { result };
  }
  result.file = { path: i.file.path, index: i.index };
  const located = locateItem(i, segments);
  if (located) {
    const { line, column, endLine, endColumn } = located;
    result.position = { line, column, endLine, endColumn };
    const field = formatSegments(located.segments);
    if (field) result.field = { path: field };
  }
  // A stream document that names its own file (kustomize, kpt): check moves the finding there.
  const v = i.file.path === unit.key ? originalValue(i) : undefined;
  if (isObject(v)) {
    const a = annotationsOf(v);
    const path = a[ANNOTATION.path] || a[ANNOTATION.legacyPath];
    if (path) result.origin = { path, index: Number(a[ANNOTATION.index] || a[ANNOTATION.legacyIndex] || 0) || 0 };
  }
  return located ? { result, located } : { result };
}

const configNames = (o: unknown): string[] => {
  const spec = isObject(o) && isObject(o.spec) ? o.spec : {};
  const list = Array.isArray(spec.config) ? spec.config : [];
  return list.flatMap((e) => (isObject(e) && typeof e.name === 'string' ? [e.name] : []));
};

function changed(
  unit: RenderUnit,
  i: UnitItem,
  before: unknown,
  after: JsonObject,
  hint: string,
  gunzip?: Gunzip,
): Placed {
  const paths = differences(before, after);
  const at = paths[0] ?? [];
  const where = paths.map(formatSegments).filter(Boolean).join(', ') || 'the object';
  if (isObject(before) && isNodePool(before)) {
    const had = configNames(before);
    const wants = configNames(after);
    const missing = wants.filter((n) => !had.includes(n));
    const extra = had.filter((n) => !wants.includes(n));
    const field = ['spec', 'config'];
    if (missing.length > 0)
      return finding(
        'error',
        CODE.nodePoolNotWired,
        `lacks ${missing.map((n) => `{name: ${n}}`).join(', ')} in spec.config: without it the pool's nodes never get the generated registries.conf; ${hint}`,
        i,
        unit,
        field,
      );
    if (extra.length > 0)
      return finding(
        'error',
        CODE.nodePoolStale,
        `still has ${extra.map((n) => `{name: ${n}}`).join(', ')} in spec.config, which the function removes (nothing is generated for it any more); ${hint}`,
        i,
        unit,
        field,
      );
    return finding(
      'error',
      CODE.nodePoolStale,
      `differs from what the function makes of it at ${where}; ${hint}`,
      i,
      unit,
      at,
    );
  }
  const generated = isObject(before) && annotationsOf(before)[OWNER_ANNOTATION] !== undefined;
  if (generated) {
    const conf = paths.some((p) => p[0] === 'data' && p[1] === CONFIG_MAP_DATA_KEY)
      ? confNote(before, after, gunzip)
      : undefined;
    return finding(
      'error',
      CODE.staleGenerated,
      `stale: ${where} differ${paths.length === 1 ? 's' : ''} from what the function generates now${conf ? ` (${conf})` : ''}; ${hint}`,
      i,
      unit,
      at,
    );
  }
  return finding(
    'error',
    CODE.notRendered,
    `differs from what the function makes of it at ${where}; ${hint}`,
    i,
    unit,
    at,
  );
}

const shownPath = (unit: RenderUnit, file: string) => (unit.root === '.' ? file : `${unit.root}/${file}`);
const WRITE_ANNOTATIONS = [
  ANNOTATION.path,
  ANNOTATION.index,
  ANNOTATION.legacyPath,
  ANNOTATION.legacyIndex,
  ID_ANNOTATION,
];

/**
 * Objects the function adds into a file that is not among the unit's files but exists (a
 * file kpt leaves out through .krmignore): kpt writes that file whole from the objects with
 * its path, so when it already holds exactly them, one per document in order, the render
 * changes nothing there and nothing is missing.
 */
function alreadyWritten(r: Rendered, existing?: (path: string) => string | undefined): Set<JsonObject> {
  const out = new Set<JsonObject>();
  if (!existing || r.unit.root === undefined) return out;
  const byFile = new Map<string, JsonObject[]>();
  for (const o of r.items) {
    const file = o.from || !o.obj ? undefined : annotationsOf(o.obj)[ANNOTATION.path];
    if (!o.obj || file === undefined) continue;
    const list = byFile.get(file);
    if (list) list.push(o.obj);
    else byFile.set(file, [o.obj]);
  }
  for (const [file, objs] of byFile) {
    const path = shownPath(r.unit, file);
    if (r.unit.items.some((i) => i.file.path === path)) continue;
    const text = existing(path);
    if (text === undefined) continue;
    const docs = parseAllDocuments(text, QUIET_YAML);
    if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) continue;
    const values = docs.map((d) => d.toJS() as unknown).filter((v) => v !== null && v !== undefined);
    const index = (o: JsonObject) => Number(annotationsOf(o)[ANNOTATION.index] ?? 0);
    const sorted = [...objs].sort((a, b) => index(a) - index(b));
    const bare = (o: JsonObject) => {
      const md = isObject(o.metadata) ? o.metadata : {};
      const annotations: JsonObject = { ...(isObject(md.annotations) ? md.annotations : {}) };
      for (const k of WRITE_ANNOTATIONS) delete annotations[k];
      return { ...o, metadata: { ...md, annotations } };
    };
    if (values.length === sorted.length && sorted.every((o, i) => sameValue(values[i], bare(o))))
      for (const o of objs) out.add(o);
  }
  return out;
}

/** A key that says two results are the same finding, to leave out what check already reports. */
export const findingKey = (r: Result) =>
  [r.tags.code, r.resourceRef?.kind ?? '', r.resourceRef?.namespace ?? '', r.resourceRef?.name ?? ''].join('|') +
  `|${r.field?.path ?? ''}`;

/**
 * Every difference between a unit's documents and the function's output, and the function's
 * own results that check does not already report (`known` holds their findingKey and message).
 */
export function staleFindings(
  r: Rendered,
  known: ReadonlySet<string>,
  existing?: (path: string) => string | undefined,
  gunzip?: Gunzip,
): Placed[] {
  const { unit } = r;
  const hint = fixHint(unit);
  const out: Placed[] = [];
  const unchanged = alreadyWritten(r, existing);
  for (const o of r.items) {
    if (o.obj && unchanged.has(o.obj)) continue;
    if (o.unchanged || !o.obj) continue;
    if (o.from) {
      const before = originalValue(o.from);
      if (sameValue(before, o.obj)) continue;
      out.push(changed(unit, o.from, before, o.obj, hint, gunzip));
      continue;
    }
    const ref = refOf(o.obj);
    const owner = annotationsOf(o.obj)[OWNER_ANNOTATION];
    const ownerItem = owner
      ? unit.items.find(
          (i) =>
            i.ref.kind === 'HostedCluster' && `${i.ref.namespace ? `${i.ref.namespace}/` : ''}${i.ref.name}` === owner,
        )
      : undefined;
    const file = annotationsOf(o.obj)[ANNOTATION.path];
    const into = file && unit.root !== undefined ? ` into ${shownPath(unit, file)}` : '';
    out.push(
      finding(
        'error',
        CODE.missingGenerated,
        `missing: the function generates it${owner ? ` for HostedCluster ${owner}` : ''}${into}; ${hint}`,
        ownerItem,
        unit,
        ['metadata', 'name'],
        ref,
      ),
    );
  }
  for (const i of r.removed) {
    const v = originalValue(i);
    const owner = isObject(v) ? annotationsOf(v)[OWNER_ANNOTATION] : undefined;
    out.push(
      finding(
        'error',
        CODE.staleGenerated,
        `left over: the function removes it when it renders these files${owner ? ` (generated for ${owner})` : ''}; ${hint}`,
        i,
        unit,
      ),
    );
  }
  pushAll(out, functionResults(r, known));
  return out;
}

/**
 * The function's own results for a unit that check does not already report (`known` holds
 * their findingKey and message); only errors with `only: 'error'`.
 */
export function functionResults(r: Rendered, known: ReadonlySet<string>, only?: 'error'): Placed[] {
  const { unit } = r;
  const out: Placed[] = [];
  for (const res of r.results) {
    if (only && res.severity !== only) continue;
    if (known.has(findingKey(res)) || known.has(res.message)) continue;
    const ref = res.resourceRef;
    const item = ref
      ? unit.items.find(
          (i) => i.ref.kind === ref.kind && i.ref.name === ref.name && i.ref.namespace === (ref.namespace ?? ''),
        )
      : undefined;
    const p = finding(res.severity, res.tags.code, res.message, item, unit, parseFieldPath(res.field?.path ?? ''), ref);
    if (res.field) p.result.field = { path: res.field.path };
    out.push(p);
  }
  return out;
}
