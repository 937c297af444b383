// What the function would make of the files: the documents of each render unit (a kpt package,
// or the files under one path given, or the stdin stream) become one ResourceList, as kpt
// would send them (path, index and id annotations), and the function's own processor runs
// on it. Nothing here knows what the function generates: comparing its output with its input
// tells check which generated objects are stale or missing and which NodePools it would edit,
// and gives registries-conf and explain the registries.conf the function renders.
import { LineCounter, parseAllDocuments, parseDocument } from 'yaml';
import { ANNOTATION, CONFIG_MAP_KIND, OWNER_ANNOTATION } from '../constants.js';
import { processResourceList } from '../function/process.js';
import { annotationsOf, isObject, metadataOf, refOf, type JsonObject } from '../krm/kube.js';
import { readResourceList } from '../krm/read.js';
import type { Result } from '../krm/result.js';
import { asSequenceEntry } from '../krm/write.js';
import { emitYaml } from '../krm/yaml-emit.js';
import { fail, ok, type Outcome } from '../outcome.js';
import { tick } from '../work.js';
import { isIgnored, parseKrmignore } from './krmignore.js';
import { locateIn, type Located, type Segment } from './locate.js';
import type { DocumentSeen, InputFile } from './subjects.js';

/** When check compares the committed generated objects with a render (--generated). */
export const GENERATED_MODES = ['auto', 'require', 'ignore'] as const;
export type GeneratedMode = (typeof GENERATED_MODES)[number];

/** kpt's id annotation: how an item of the output is matched with the document it came from. */
export const ID_ANNOTATION = 'internal.config.kubernetes.io/id';
/** What we set on each item: the id, and for files their path and index as kpt sets them. */
const STREAM_TRANSPORT = [ID_ANNOTATION];
const FILE_TRANSPORT = [
  ID_ANNOTATION,
  ANNOTATION.path,
  ANNOTATION.index,
  ANNOTATION.legacyPath,
  ANNOTATION.legacyIndex,
];
const KPTFILE = 'Kptfile';
const KPT_GROUP = 'kpt.dev';

/** One document of a unit, as an item of its ResourceList. */
export interface UnitItem {
  /** Its index in the unit: the value of its id annotation. */
  id: number;
  file: InputFile;
  /** The document's index in its file. */
  index: number;
  start: number;
  end: number;
  lines: LineCounter;
  /** Where the item's text (a sequence entry) is among the unit's entries: [offset, offset + length) bytes. */
  offset: number;
  length: number;
  /** The document's own values of the annotations we set (path, index, id), when it had any. */
  transport?: Record<string, string | undefined>;
  /** The annotations we set, the same for every item of the unit. */
  transportKeys: readonly string[];
  ref: { apiVersion: string; kind: string; name: string; namespace: string };
  /** Its owner annotation: the cluster ("namespace/name") the function generated it for. */
  owner?: string;
}

/** Files rendered together: what one `kpt fn render` of a package, one folder or one stream hands the function. */
export interface RenderUnit {
  /** "folder DIR" or the package folder, or "<stdin>". */
  key: string;
  /** Path annotations are relative to this folder; undefined for a stream (its own annotations stay). */
  root?: string;
  /** The package's Kptfile, when the unit is a kpt package. */
  kptfile?: string;
  /** A Kptfile pipeline mutator runs the function: its output belongs in the files. */
  namesFunction: boolean;
  /** The config of that mutator (configMap or configPath), if any. */
  configPath?: string;
  configMap?: JsonObject;
  items: UnitItem[];
  /** The items' texts as written, in order: bytes, not strings, so a big stream costs its size once. */
  entries: Buffer[];
  entriesSize: number;
  /** Some document carries the function's owner annotation: generated output is committed. */
  hasGenerated: boolean;
}

const dirOf = (p: string) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '.');
const baseOf = (p: string) => p.slice(p.lastIndexOf('/') + 1);
const join = (dir: string, rel: string) => (dir === '.' ? rel : `${dir}/${rel}`);

/** `path` relative to `dir`, or undefined when it is not below it. Both as shown ("/"-separated). */
export function relativeTo(dir: string, path: string): string | undefined {
  if (dir === '.' || dir === '') return path.startsWith('../') || path.startsWith('/') ? undefined : path;
  const d = dir.replace(/\/+$/, '');
  return path.startsWith(`${d}/`) ? path.slice(d.length + 1) : undefined;
}

/** Does a Kptfile pipeline step run this function? Its exec or image names it. */
export function stepRunsFunction(step: unknown): boolean {
  if (!isObject(step)) return false;
  const exec = typeof step.exec === 'string' ? step.exec.trim().split(/\s+/)[0]! : '';
  const image = typeof step.image === 'string' ? step.image : '';
  return /(^|\/)(fn\.js|image-tag-mirrors(\.js)?)$/.test(exec) || /(^|\/)image-tag-mirrors(:|@|$)/.test(image);
}

/**
 * Gathers the documents of every unit while check reads them (loadInputs' onDocument), then
 * says which units to render. `active` is false when nothing can need a render: then no
 * document is kept (a 65 MB stream of other objects costs nothing more).
 */
export class RenderInput {
  readonly active: boolean;
  private readonly packages: { dir: string; kptfile: string; ignore: ReturnType<typeof parseKrmignore> }[];
  private readonly units = new Map<string, RenderUnit>();
  /** file -> the unit holding its documents (a file's documents go to one unit). */
  private readonly byFile = new Map<string, RenderUnit>();
  /** Owner annotation -> the documents that carry it, in order. */
  private readonly byOwner = new Map<string, UnitItem[]>();

  constructor(
    private readonly files: readonly InputFile[],
    private readonly opts: { mode: GeneratedMode; stdin?: boolean; ignores?: readonly InputFile[] },
  ) {
    // kpt packages: the folders of the Kptfiles read, deepest first (a file belongs to the nearest).
    this.packages = files
      .filter((f) => baseOf(f.path) === KPTFILE && !opts.stdin)
      .map((f) => {
        const dir = dirOf(f.path);
        const ignore = opts.ignores?.find((i) => dirOf(i.path) === dir);
        return { dir, kptfile: f.path, ignore: ignore ? parseKrmignore(ignore.text) : [] };
      })
      .sort((a, b) => b.dir.length - a.dir.length);
    // A cheap look at the text first: no owner annotation and no Kptfile anywhere, nothing to compare.
    this.active =
      opts.mode === 'require' ||
      (opts.mode === 'auto' && files.some((f) => f.text.includes(OWNER_ANNOTATION) || f.text.includes(KPTFILE)));
  }

  /** The unit a file's documents belong to, or undefined when kpt leaves the file out. */
  private unitFor(file: InputFile): RenderUnit | undefined {
    if (this.opts.stdin) return this.unit(file.path, undefined);
    for (const p of this.packages) {
      const rel = relativeTo(p.dir, file.path);
      if (rel === undefined) continue;
      if (isIgnored(p.ignore, rel)) return undefined;
      return this.unit(p.dir, p.dir, p.kptfile);
    }
    // Outside kpt packages, a folder is rendered as one: the function writes generated objects
    // beside their HostedCluster, and a folder of sources and one of build output stay apart.
    const dir = dirOf(file.path);
    return this.unit(`folder ${dir}`, dir);
  }

  private unit(key: string, root: string | undefined, kptfile?: string): RenderUnit {
    let u = this.units.get(key);
    if (!u) {
      u = { key, items: [], entries: [], entriesSize: 0, namesFunction: false, hasGenerated: false };
      if (root !== undefined) u.root = root;
      if (kptfile !== undefined) u.kptfile = kptfile;
      this.units.set(key, u);
    }
    return u;
  }

  /** One document as loadInputs reads it. */
  add(d: DocumentSeen): void {
    if (!this.active || !isObject(d.value)) return;
    const u = this.unitFor(d.file);
    if (!u) return;
    const value = d.value;
    const md = value.metadata === undefined ? {} : value.metadata;
    const annotations = isObject(md) ? (md.annotations === undefined ? {} : md.annotations) : undefined;
    // kpt refuses an object whose metadata or annotations are not maps; the function never sees it.
    if (!isObject(md) || !isObject(annotations)) return;
    const own = annotationsOf(value);
    if (own[OWNER_ANNOTATION] !== undefined) u.hasGenerated = true;
    if (isKptfile(value) && (u.kptfile === undefined || u.kptfile === d.file.path)) this.readPipeline(u, value);

    const id = u.items.length;
    const transport: Record<string, string> = { [ID_ANNOTATION]: String(id) };
    if (u.root !== undefined) {
      const rel = relativeTo(u.root, d.file.path) ?? baseOf(d.file.path);
      Object.assign(transport, {
        [ANNOTATION.path]: rel,
        [ANNOTATION.index]: String(d.index),
        [ANNOTATION.legacyPath]: rel,
        [ANNOTATION.legacyIndex]: String(d.index),
      });
    }
    const item: JsonObject = { ...value, metadata: { ...md, annotations: { ...annotations, ...transport } } };
    const ref = refOf(value);
    this.byFile.set(d.file.path, u);
    const keys = Object.keys(transport);
    const had = keys.some((k) => own[k] !== undefined);
    const owner = own[OWNER_ANNOTATION];
    const text = Buffer.from(asSequenceEntry(emitYaml(item), 0), 'utf8');
    const entry: UnitItem = {
      id,
      file: d.file,
      index: d.index,
      start: d.start,
      end: d.end,
      lines: d.lines,
      offset: u.entriesSize,
      length: text.length,
      ...(had ? { transport: Object.fromEntries(keys.map((k) => [k, own[k]])) } : {}),
      transportKeys: u.root === undefined ? STREAM_TRANSPORT : FILE_TRANSPORT,
      ref: { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, namespace: ref.namespace ?? '' },
      ...(owner !== undefined ? { owner } : {}),
    };
    u.items.push(entry);
    u.entries.push(text);
    u.entriesSize += text.length;
    if (owner !== undefined) {
      const list = this.byOwner.get(owner);
      if (list) list.push(entry);
      else this.byOwner.set(owner, [entry]);
    }
  }

  private readPipeline(u: RenderUnit, kptfile: JsonObject): void {
    const pipeline = isObject(kptfile.pipeline) ? kptfile.pipeline : {};
    const mutators = Array.isArray(pipeline.mutators) ? pipeline.mutators : [];
    const step = mutators.find(stepRunsFunction);
    if (!isObject(step)) return;
    u.namesFunction = true;
    if (typeof step.configPath === 'string') u.configPath = step.configPath;
    else if (isObject(step.configMap)) u.configMap = step.configMap;
  }

  /** Every unit with documents, in a stable order. */
  all(): RenderUnit[] {
    return [...this.units.values()].filter((u) => u.items.length > 0).sort((a, b) => (a.key < b.key ? -1 : 1));
  }

  /** The units whose generated output must be in the files (--generated). */
  required(): RenderUnit[] {
    if (this.opts.mode === 'ignore') return [];
    return this.all().filter((u) => this.opts.mode === 'require' || u.namesFunction || u.hasGenerated);
  }

  /** The unit holding a file's documents (every document of a file goes to one unit). */
  unitOf(file: string): RenderUnit | undefined {
    return this.byFile.get(file);
  }

  /** The documents carrying an owner annotation ("namespace/name"), in order. */
  ownedBy(owner: string): readonly UnitItem[] {
    return this.byOwner.get(owner) ?? [];
  }

  /** The function config of a unit's Kptfile step: a configMap, or the first document of configPath. */
  functionConfig(u: RenderUnit): Outcome<JsonObject | undefined> {
    if (u.configMap) {
      const data = Object.fromEntries(Object.entries(u.configMap).map(([k, v]) => [k, String(v)]));
      return ok({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data });
    }
    if (u.configPath === undefined) return ok(undefined);
    const path = join(u.kptfile ? dirOf(u.kptfile) : '.', u.configPath.replace(/^\.\//, ''));
    const file = this.files.find((f) => f.path === path);
    if (!file) return fail(`its Kptfile's function config ${path} is not among the files checked`);
    const first = parseAllDocuments(file.text);
    const value = Array.isArray(first) && first[0] && first[0].errors.length === 0 ? first[0].toJS() : undefined;
    return isObject(value) ? ok(value) : fail(`its Kptfile's function config ${path} is not a YAML object`);
  }
}

const isKptfile = (o: JsonObject) =>
  o.kind === KPTFILE && typeof o.apiVersion === 'string' && o.apiVersion.startsWith(`${KPT_GROUP}/`);

const HEADER = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';

/** The ResourceList of a unit, with its function config, and where its entries start in it. */
export function resourceListOf(u: RenderUnit, functionConfig?: JsonObject): { bytes: Buffer; entriesAt: number } {
  const head = Buffer.from(`${HEADER}${u.items.length === 0 ? 'items: []\n' : 'items:\n'}`, 'utf8');
  const tail = functionConfig
    ? Buffer.from(`functionConfig:\n${asSequenceEntry(emitYaml(functionConfig), 0).replace(/^- /, '  ')}`, 'utf8')
    : Buffer.alloc(0);
  const bytes = Buffer.concat([head, ...u.entries, tail]);
  // The entries now live in `bytes`: keep one view of them, not a second copy.
  u.entries = [bytes.subarray(head.length, head.length + u.entriesSize)];
  return { bytes, entriesAt: head.length };
}

/** An item of the function's output: the document it came from (by id), or none (added). */
export interface OutputItem {
  /** The input item it came from; undefined for an object the function adds. */
  from?: UnitItem;
  /** True when its text is the input's, byte for byte: nothing to compare. */
  unchanged: boolean;
  /** Its value, when changed or added. */
  obj?: JsonObject;
}

export interface Rendered {
  unit: RenderUnit;
  items: OutputItem[];
  /** Input items the function's output no longer has. */
  removed: UnitItem[];
  results: Result[];
}

/** `  internal.config.kubernetes.io/id: "12"` as the emitter writes it: a quick guess, always verified. */
const ID_LINE = /^ {6}internal\.config\.kubernetes\.io\/id: ["']?(\d+)["']?$/m;

/** Runs the function's processor on a unit and matches its output items with the input. */
export function renderUnit(u: RenderUnit, functionConfig?: JsonObject): Outcome<Rendered> {
  let output: Buffer;
  let results: Result[];
  const input = resourceListOf(u, functionConfig);
  const textOf = (i: UnitItem) =>
    input.bytes.toString('utf8', input.entriesAt + i.offset, input.entriesAt + i.offset + i.length);
  try {
    const processed = processResourceList(input.bytes);
    output = Buffer.concat([...processed.output].map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
    results = processed.results;
  } catch (e) {
    return fail(`the function cannot render it: ${(e as Error)?.message ?? String(e)}`);
  }
  const items: OutputItem[] = [];
  const seen = new Set<number>();
  for (const item of readResourceList(output).candidates([ID_ANNOTATION, 'kind', OWNER_ANNOTATION])) {
    const source = item.source;
    const guess = ID_LINE.exec(source)?.[1];
    const same = guess !== undefined ? u.items[Number(guess)] : undefined;
    if (same && source.trimEnd() === textOf(same).trimEnd()) {
      items.push({ from: same, unchanged: true });
      seen.add(same.id);
      continue;
    }
    const loaded = item.load();
    if (!loaded.ok) continue;
    const obj = loaded.value.obj;
    const id = annotationsOf(obj)[ID_ANNOTATION];
    const from = id !== undefined && /^\d+$/.test(id) ? u.items[Number(id)] : undefined;
    if (from && !seen.has(from.id)) {
      seen.add(from.id);
      items.push({ from, unchanged: false, obj: withoutTransport(obj, from) });
    } else items.push({ unchanged: false, obj: withoutTransport(obj) });
  }
  const removed = u.items.filter((i) => !seen.has(i.id));
  return ok({ unit: u, items, removed, results });
}

/**
 * The object without the annotations we added for the render (theirs, if the document had
 * them), and without the metadata or annotations maps we had to create to hold them.
 */
function withoutTransport(obj: JsonObject, from?: UnitItem): JsonObject {
  const md = metadataOf(obj);
  if (!isObject(md.annotations)) return obj;
  const annotations: JsonObject = { ...md.annotations };
  for (const k of from?.transportKeys ?? STREAM_TRANSPORT) {
    const v = from?.transport?.[k];
    if (v === undefined) delete annotations[k];
    else annotations[k] = v;
  }
  const metadata: JsonObject = { ...md, annotations };
  const out: JsonObject = { ...obj, metadata };
  if (!from || Object.keys(annotations).length > 0) return out;
  const original = originalValue(from);
  const originalMd = isObject(original) ? original.metadata : undefined;
  if (!isObject(originalMd) || originalMd.annotations === undefined) delete metadata.annotations;
  if (Object.keys(metadata).length === 0 && (!isObject(original) || original.metadata === undefined))
    delete out.metadata;
  return out;
}

/** The document's own value, read again from its file (only for the few items that differ). */
export function originalValue(i: UnitItem): unknown {
  tick(); // a parse: counted, so that a test sees a caller that parses per cluster per item
  const doc = parseDocument(i.file.text.slice(i.start, i.end));
  return doc.errors.length === 0 ? doc.toJS({ maxAliasCount: 100 }) : undefined;
}

/** Where a field of an input document is, as a position in its file. */
export function locateItem(i: UnitItem, segments: readonly Segment[]): Located | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(i.file.text.slice(i.start, i.end), { lineCounter: lines });
  if (doc.errors.length > 0 || !doc.contents) return undefined;
  const at = locateIn(doc, lines, doc.contents, segments);
  // The slice starts at a line start: shift its lines to the file's.
  const shift = i.lines.linePos(i.start).line - 1;
  return { ...at, line: at.line + shift, endLine: at.endLine + shift };
}

/**
 * The objects of one kind of the output (and of the unchanged input) the function generated,
 * by cluster ("ns/name"), in one pass: a fleet asks once per cluster. An unchanged item is its
 * input document, whose kind and owner are known: only the ones that match are read again.
 */
export function generatedByOwner(r: Rendered, kind = CONFIG_MAP_KIND): Map<string, JsonObject[]> {
  const out = new Map<string, JsonObject[]>();
  for (const i of r.items) {
    tick();
    if (!i.obj && (!i.from || i.from.owner === undefined || i.from.ref.kind !== kind)) continue;
    const obj = i.obj ?? (i.from ? originalValue(i.from) : undefined);
    if (!isObject(obj) || obj.kind !== kind) continue;
    const owner = annotationsOf(obj)[OWNER_ANNOTATION];
    if (owner === undefined) continue;
    const list = out.get(owner);
    if (list) list.push(obj);
    else out.set(owner, [obj]);
  }
  return out;
}
