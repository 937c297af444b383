// What the function would make of the files: the documents of each render unit (a kpt package,
// or the files under one path given, or the stdin stream) become one ResourceList, as kpt
// would send them (path, index and id annotations), and the function's own processor runs
// on it. Nothing here knows what the function generates: comparing its output with its input
// tells check which generated objects are stale or missing and which NodePools it would edit,
// and gives registries-conf and explain the registries.conf the function renders.
import { LineCounter, parseAllDocuments, parseDocument } from 'yaml';
import { ANNOTATION, CODE, CONFIG_MAP_KIND, ITMS_KIND, OWNER_ANNOTATION } from '../constants.js';
import { processResourceList } from '../function/process.js';
import { annotationsOf, isObject, metadataOf, refOf, type JsonObject } from '../krm/kube.js';
import { readResourceList } from '../krm/read.js';
import type { Result } from '../krm/result.js';
import { asSequenceEntry } from '../krm/write.js';
import { emitYaml } from '../krm/yaml-emit.js';
import { fail, ok, type Outcome } from '../outcome.js';
import { clusterOfNodePool, isHostedCluster, isNodePool, ownerOf } from '../hypershift/cluster.js';
import { byteOrder } from '../order.js';
import { tick } from '../work.js';
import { isIgnored, parseKrmignore, type Krmignore } from './krmignore.js';
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
const KRMIGNORE = '.krmignore';
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
  /** The kinds of the committed documents that carry the owner annotation. */
  generatedKinds: Set<string>;
  /** The outermost package of the unit's tree: `kpt fn render` of it renders the unit. */
  renderRoot?: string;
  /** kpt refuses a document of the tree (not KRM): the render fails, nothing to compare. */
  fails?: boolean;
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

/** A document kept for the render: what a unit's item is made from. */
interface Doc {
  file: InputFile;
  index: number;
  start: number;
  end: number;
  lines: LineCounter;
  value: JsonObject;
  md: JsonObject;
  annotations: JsonObject;
  own: Record<string, string>;
  /** The folder its path annotation is relative to: its package's, or the unit's (set when built). */
  base?: string;
}

/** A kpt package among the files: its folder, Kptfile, .krmignore, pipeline and place in the tree. */
interface Pkg {
  dir: string;
  kptfile: string;
  ignore: Krmignore;
  parent?: Pkg;
  children: Pkg[];
  docs: Doc[];
  namesFunction: boolean;
  configPath?: string;
  configMap?: JsonObject;
  /** The documents kpt refuses ("input resource list must contain only KRM resources"). */
  notKrm: { doc: DocumentSeen; why: string }[];
}

/** kpt's IsKRM: why a document is no KRM resource kpt can render, or undefined. */
export function notKrmReason(value: unknown, fileName: string): string | undefined {
  // kpt leaves Kustomizations out of the check (kptfile/v1 validation.go isKustomization).
  if (['kustomization.yaml', 'kustomization.yml', 'Kustomization'].includes(fileName)) return undefined;
  if (!isObject(value)) return 'resource must have `apiVersion`';
  const str = (v: unknown) =>
    typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
  const apiVersion = str(value.apiVersion);
  const kind = str(value.kind);
  if (apiVersion.startsWith('kustomize.config.k8s.io') || (apiVersion === '' && kind === 'Kustomization'))
    return undefined;
  if (value.metadata !== undefined && value.metadata !== null && !isObject(value.metadata))
    return 'resource must have `apiVersion`, `kind`, and `name`';
  if (apiVersion === '') return 'resource must have `apiVersion`';
  if (kind === '') return 'resource must have `kind`';
  const md = isObject(value.metadata) ? value.metadata : {};
  if (str(md.name) === '') return 'resource must have `metadata.name`';
  return undefined;
}

/** The longest folder both are in ("." for none). */
function commonDir(a: string, b: string): string {
  const pa = a === '.' ? [] : a.split('/');
  const pb = b === '.' ? [] : b.split('/');
  let i = 0;
  while (i < pa.length && i < pb.length && pa[i] === pb[i]) i++;
  return i === 0 ? '.' : pa.slice(0, i).join('/');
}

/**
 * Gathers the documents while check reads them (loadInputs' onDocument), then builds the
 * render units, as kpt would render the files:
 * - a kpt package renders hierarchically (kpt fn render): each package whose Kptfile pipeline
 *   runs the function renders its own documents and those of its subpackages (subpackages
 *   first, by path, as kpt 1.0.0-beta.56 gathers them), each with its path relative to its own
 *   package. The files are taken as committed: rendered, a fixpoint of every stage.
 * - outside packages, each folder is one unit (the function writes generated objects beside
 *   their HostedCluster; sources and build output stay apart), but a folder whose generated
 *   objects or NodePools belong to a HostedCluster of exactly one other folder renders with it.
 * - stdin is one stream.
 * `active` is false when nothing can need a render: then no document is kept.
 */
export class RenderInput {
  readonly active: boolean;
  private readonly packages: Pkg[];
  private readonly byDir = new Map<string, Pkg>();
  private readonly folders = new Map<string, Doc[]>();
  private readonly stream = new Map<string, Doc[]>();
  private built?: { units: RenderUnit[]; byFile: Map<string, RenderUnit>; byOwner: Map<string, UnitItem[]> };
  /** Whether any document kept is a HostedCluster or a NodePool (the function has something to say). */
  private readonly kinds = new Set<string>();

  constructor(
    private readonly files: readonly InputFile[],
    private readonly opts: { mode: GeneratedMode; stdin?: boolean; ignores?: readonly InputFile[] },
  ) {
    this.packages = files
      .filter((f) => baseOf(f.path) === KPTFILE && !opts.stdin)
      .map((f): Pkg => {
        const dir = dirOf(f.path);
        const ignore = opts.ignores?.find((i) => dirOf(i.path) === dir);
        return {
          dir,
          kptfile: f.path,
          ignore: parseKrmignore(ignore ? ignore.text : ''),
          children: [],
          docs: [],
          namesFunction: false,
          notKrm: [],
        };
      })
      // Deepest first: a file belongs to the nearest package.
      .sort((a, b) => b.dir.length - a.dir.length || byteOrder(a.dir, b.dir));
    for (const p of this.packages) this.byDir.set(p.dir, p);
    for (const p of this.packages) {
      p.parent = p.dir === '.' || p.dir === '' ? undefined : this.nearest(dirOf(p.dir));
      p.parent?.children.push(p);
    }
    for (const p of this.packages) p.children.sort((a, b) => byteOrder(a.dir, b.dir));
    // A cheap look at the text first: nothing generated, no Kptfile and no NodePool anywhere,
    // nothing for a render to say.
    this.active =
      this.packages.length > 0 ||
      opts.mode === 'require' ||
      (opts.mode === 'auto' &&
        files.some(
          (f) => f.text.includes(OWNER_ANNOTATION) || f.text.includes(KPTFILE) || f.text.includes('NodePool'),
        ));
  }

  /** The package of a folder: its own or the nearest up (one look-up per folder of its path). */
  private nearest(dir: string): Pkg | undefined {
    for (let d = dir; ; d = dirOf(d)) {
      const p = this.byDir.get(d);
      if (p) return p;
      // "." and "" (an absolute path's root) have nothing above; ".." is no child of ".".
      if (d === '.' || d === '' || d === '..' || d.endsWith('/..')) return undefined;
    }
  }

  /** The package a file belongs to (undefined outside packages); `ignored` when its .krmignore leaves it out. */
  private packageOf(path: string): { pkg?: Pkg; ignored: boolean } {
    const p = this.packages.length === 0 ? undefined : this.nearest(dirOf(path));
    if (!p) return { ignored: false };
    return { pkg: p, ignored: isIgnored(p.ignore, relativeTo(p.dir, path) ?? baseOf(path)) };
  }

  /** One document as loadInputs reads it. */
  add(d: DocumentSeen): void {
    if (!this.active) return;
    const at = this.opts.stdin ? { ignored: false } : this.packageOf(d.file.path);
    if (at.ignored) return; // kpt leaves the file out: no render sees it
    if (at.pkg) {
      const why = notKrmReason(d.value, baseOf(d.file.path));
      if (why !== undefined) {
        at.pkg.notKrm.push({ doc: d, why });
        return;
      }
    }
    if (!isObject(d.value)) return;
    const value = d.value;
    const md = value.metadata === undefined ? {} : value.metadata;
    const annotations = isObject(md) ? (md.annotations === undefined ? {} : md.annotations) : undefined;
    // kpt refuses an object whose metadata or annotations are not maps; the function never sees it.
    if (!isObject(md) || !isObject(annotations)) return;
    const doc: Doc = {
      file: d.file,
      index: d.index,
      start: d.start,
      end: d.end,
      lines: d.lines,
      value,
      md,
      annotations,
      own: annotationsOf(value),
    };
    if (typeof value.kind === 'string') this.kinds.add(value.kind);
    if (at.pkg) {
      if (isKptfile(value) && at.pkg.kptfile === d.file.path) readPipeline(at.pkg, value);
      at.pkg.docs.push(doc);
    } else if (this.opts.stdin) listOf(this.stream, d.file.path).push(doc);
    else listOf(this.folders, dirOf(d.file.path)).push(doc);
  }

  /** Errors for the documents kpt refuses in a package: the render fails on the first of them. */
  problems(): Result[] {
    const out: Result[] = [];
    for (const p of this.packages) {
      const top = topOf(p);
      for (const { doc, why } of p.notKrm) {
        const rel = relativeTo(p.dir, doc.file.path) ?? baseOf(doc.file.path);
        const at = doc.lines.linePos(doc.start);
        const ignore = p.dir === '.' ? KRMIGNORE : `${p.dir}/${KRMIGNORE}`;
        out.push({
          severity: 'error',
          message: `input resource list must contain only KRM resources: ${rel}: ${why}: kpt fn render ${top.dir} fails on it; list it in ${ignore} (kpt leaves out what that file names) or move it out of the package`,
          file: { path: doc.file.path, index: doc.index },
          position: { line: at.line, column: at.col, endLine: at.line, endColumn: at.col },
          tags: { code: CODE.notKrm },
        });
      }
    }
    return out;
  }

  private build() {
    if (this.built) return this.built;
    const units: RenderUnit[] = [];
    const byFile = new Map<string, RenderUnit>();
    const claim = (u: RenderUnit, files: Iterable<string>, override: boolean) => {
      for (const f of files) if (override || !byFile.has(f)) byFile.set(f, u);
    };
    // Packages: each that runs the function renders its tree; a tree where none does, from its top.
    for (const top of this.packages.filter((p) => !p.parent)) {
      const tree = treeOf(top);
      const fails = tree.some((p) => p.notKrm.length > 0);
      const running = tree.filter((p) => p.namesFunction);
      const stages = running.length > 0 ? running : [top];
      // Outermost last: its render is the one whose output stays (byFile points there).
      for (const p of [...stages].sort((a, b) => b.dir.length - a.dir.length)) {
        const docs: Doc[] = [];
        const gather = (q: Pkg) => {
          for (const c of q.children) gather(c);
          for (const d of q.docs) docs.push({ ...d, base: q.dir });
        };
        gather(p);
        if (docs.length === 0) continue;
        const u = makeUnit(p.dir, p.dir, docs, { kptfile: p.kptfile, renderRoot: top.dir, fails });
        if (p.namesFunction) {
          u.namesFunction = true;
          if (p.configPath !== undefined) u.configPath = p.configPath;
          if (p.configMap !== undefined) u.configMap = p.configMap;
        }
        units.push(u);
        claim(
          u,
          docs.map((d) => d.file.path),
          true,
        );
      }
    }
    // Folders outside packages, joined when one holds what belongs to a cluster of exactly one other.
    const groups = this.joinFolders();
    for (const [dirs, docs] of groups) {
      const root = dirs.reduce(commonDir);
      const u = makeUnit(
        dirs.length === 1 ? `folder ${root}` : `folders ${dirs.join(', ')}`,
        root,
        docs.map((d) => ({ ...d, base: root })),
        {},
      );
      units.push(u);
      claim(
        u,
        docs.map((d) => d.file.path),
        false,
      );
    }
    for (const [path, docs] of this.stream) {
      const u = makeUnit(path, undefined, docs, {});
      units.push(u);
      claim(u, [path], false);
    }
    units.sort((a, b) => byteOrder(a.key, b.key));
    const byOwner = new Map<string, UnitItem[]>();
    for (const u of units) {
      for (const i of u.items) {
        if (i.owner === undefined || byFile.get(i.file.path) !== u) continue;
        listOf(byOwner, i.owner).push(i);
      }
    }
    return (this.built = { units, byFile, byOwner });
  }

  /** Folder groups outside packages: [folders, documents in file order]. */
  private joinFolders(): [string[], Doc[]][] {
    const clusters = new Map<string, Set<string>>();
    for (const [dir, docs] of this.folders) {
      for (const d of docs) {
        if (!isHostedCluster(d.value)) continue;
        const md = d.md;
        const id = ownerOf({
          name: String(md.name ?? ''),
          namespace: typeof md.namespace === 'string' ? md.namespace : '',
        });
        let set = clusters.get(id);
        if (!set) clusters.set(id, (set = new Set()));
        set.add(dir);
      }
    }
    const parent = new Map<string, string>();
    const find = (x: string): string => {
      let r = x;
      while (parent.has(r)) r = parent.get(r)!;
      return r;
    };
    for (const [dir, docs] of this.folders) {
      for (const d of docs) {
        const ns = typeof d.md.namespace === 'string' ? d.md.namespace : '';
        const pool = isNodePool(d.value) ? clusterOfNodePool(d.value, ns) : undefined;
        const owner = d.own[OWNER_ANNOTATION] ?? (pool ? ownerOf(pool) : undefined);
        const homes = owner === undefined ? undefined : clusters.get(owner);
        if (!homes || homes.has(dir) || homes.size !== 1) continue;
        const a = find(dir);
        const b = find([...homes][0]!);
        if (a !== b) parent.set(a, b);
      }
    }
    const groups = new Map<string, [string[], Doc[]]>();
    for (const dir of this.folders.keys()) {
      const r = find(dir);
      let g = groups.get(r);
      if (!g) groups.set(r, (g = [[], []]));
      g[0].push(dir);
    }
    const order = new Map(this.files.map((f, i) => [f.path, i]));
    const out = [...groups.values()];
    for (const g of out) {
      g[0].sort(byteOrder);
      g[1] = g[0]
        .flatMap((dir) => this.folders.get(dir)!)
        .sort((a, b) => (order.get(a.file.path) ?? 0) - (order.get(b.file.path) ?? 0) || a.index - b.index);
    }
    return out;
  }

  /** Every unit with documents, in a stable order. */
  all(): RenderUnit[] {
    return this.build().units.filter((u) => u.items.length > 0);
  }

  /** The units whose generated output must be in the files (--generated); none where kpt fails anyway. */
  required(): RenderUnit[] {
    if (this.opts.mode === 'ignore') return [];
    return this.all().filter((u) => !u.fails && (this.opts.mode === 'require' || u.namesFunction || u.hasGenerated));
  }

  /**
   * The units not compared whose render still has something to say (a HostedCluster and a
   * NodePool: wiring errors such as node-pool-config-limit): rendered for the function's errors only.
   */
  probed(): RenderUnit[] {
    if (this.opts.mode === 'ignore' || !this.kinds.has('NodePool') || !this.kinds.has('HostedCluster')) return [];
    const required = new Set(this.required());
    return this.all().filter(
      (u) =>
        !u.fails &&
        !required.has(u) &&
        u.items.some((i) => i.ref.kind === 'HostedCluster') &&
        u.items.some((i) => i.ref.kind === 'NodePool'),
    );
  }

  /** The unit whose render decides a file's documents (the outermost that renders it). */
  unitOf(file: string): RenderUnit | undefined {
    return this.build().byFile.get(file);
  }

  /** The documents carrying an owner annotation ("namespace/name"), in order. */
  ownedBy(owner: string): readonly UnitItem[] {
    return this.build().byOwner.get(owner) ?? [];
  }

  /**
   * The function config of a unit's Kptfile step: a configMap, or the first document of
   * configPath. Outside a kpt package the config is not in the files (kustomize drops a
   * transformer's config from its output, as in examples/flux): committed generated ConfigMaps
   * without any ImageTagMirrorSet say the render ran with `generate: [ConfigMap]`, so the
   * comparison does not ask for the object that was left out on purpose.
   */
  functionConfig(u: RenderUnit): Outcome<JsonObject | undefined> {
    if (u.configMap) return ok(configMapInput(u.configMap));
    if (u.kptfile === undefined && u.generatedKinds.has(CONFIG_MAP_KIND) && !u.generatedKinds.has(ITMS_KIND))
      return ok(configMapInput({ generate: CONFIG_MAP_KIND }));
    if (u.configPath === undefined) return ok(undefined);
    const path = join(u.kptfile ? dirOf(u.kptfile) : '.', u.configPath.replace(/^\.\//, ''));
    const file = this.files.find((f) => f.path === path);
    if (!file) return fail(`its Kptfile's function config ${path} is not among the files checked`);
    const first = parseAllDocuments(file.text);
    const value = Array.isArray(first) && first[0] && first[0].errors.length === 0 ? first[0].toJS() : undefined;
    return isObject(value) ? ok(value) : fail(`its Kptfile's function config ${path} is not a YAML object`);
  }
}

function listOf<T>(m: Map<string, T[]>, key: string): T[] {
  let l = m.get(key);
  if (!l) m.set(key, (l = []));
  return l;
}

const topOf = (p: Pkg): Pkg => (p.parent ? topOf(p.parent) : p);

function treeOf(p: Pkg, out: Pkg[] = []): Pkg[] {
  out.push(p);
  for (const c of p.children) treeOf(c, out);
  return out;
}

function readPipeline(p: Pkg, kptfile: JsonObject): void {
  const pipeline = isObject(kptfile.pipeline) ? kptfile.pipeline : {};
  const mutators = Array.isArray(pipeline.mutators) ? pipeline.mutators : [];
  const step = mutators.find(stepRunsFunction);
  if (!isObject(step)) return;
  p.namesFunction = true;
  if (typeof step.configPath === 'string') p.configPath = step.configPath;
  else if (isObject(step.configMap)) p.configMap = step.configMap;
}

/** A unit's items from its documents: each with kpt's annotations (path relative to its `base`). */
function makeUnit(
  key: string,
  root: string | undefined,
  docs: readonly Doc[],
  extra: { kptfile?: string; renderRoot?: string; fails?: boolean },
): RenderUnit {
  const u: RenderUnit = {
    key,
    items: [],
    entries: [],
    entriesSize: 0,
    namesFunction: false,
    hasGenerated: false,
    generatedKinds: new Set(),
  };
  if (root !== undefined) u.root = root;
  if (extra.kptfile !== undefined) u.kptfile = extra.kptfile;
  if (extra.renderRoot !== undefined) u.renderRoot = extra.renderRoot;
  if (extra.fails) u.fails = true;
  for (const d of docs) {
    const own = d.own;
    if (own[OWNER_ANNOTATION] !== undefined) {
      u.hasGenerated = true;
      if (typeof d.value.kind === 'string') u.generatedKinds.add(d.value.kind);
    }
    const id = u.items.length;
    const transport: Record<string, string> = { [ID_ANNOTATION]: String(id) };
    if (root !== undefined) {
      const base = d.base ?? root;
      const rel = relativeTo(base, d.file.path) ?? baseOf(d.file.path);
      Object.assign(transport, {
        [ANNOTATION.path]: rel,
        [ANNOTATION.index]: String(d.index),
        [ANNOTATION.legacyPath]: rel,
        [ANNOTATION.legacyIndex]: String(d.index),
      });
    }
    const item: JsonObject = { ...d.value, metadata: { ...d.md, annotations: { ...d.annotations, ...transport } } };
    const ref = refOf(d.value);
    const keys = Object.keys(transport);
    const had = keys.some((k) => own[k] !== undefined);
    const owner = own[OWNER_ANNOTATION];
    const text = Buffer.from(asSequenceEntry(emitYaml(item), 0), 'utf8');
    u.items.push({
      id,
      file: d.file,
      index: d.index,
      start: d.start,
      end: d.end,
      lines: d.lines,
      offset: u.entriesSize,
      length: text.length,
      ...(had ? { transport: Object.fromEntries(keys.map((k) => [k, own[k]])) } : {}),
      transportKeys: root === undefined ? STREAM_TRANSPORT : FILE_TRANSPORT,
      ref: { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, namespace: ref.namespace ?? '' },
      ...(owner !== undefined ? { owner } : {}),
    });
    u.entries.push(text);
    u.entriesSize += text.length;
  }
  return u;
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

/** A Kptfile's `configMap:` as the ConfigMap kpt hands the function (every value a string). */
function configMapInput(values: JsonObject): JsonObject {
  const data = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)]));
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data };
}
