// The objects generated for one HostedCluster: the ImageTagMirrorSet, and the
// MachineConfig that writes registries.conf wrapped in a ConfigMap for NodePools.
import {
  ANNOTATION,
  CONFIG_MAP_DATA_KEY,
  CONFIG_MAP_KIND,
  FUNCTION_NAME,
  GENERATED_KINDS,
  IGNITION_VERSION,
  ITMS_API_VERSION,
  ITMS_KIND,
  MACHINE_CONFIG_API_VERSION,
  MACHINE_CONFIG_KIND,
  MACHINE_CONFIG_ROLE,
  MACHINE_CONFIG_ROLE_LABEL,
  MANAGED_BY_LABEL,
  OWNER_ANNOTATION,
  REGISTRIES_CONF_PATH,
  names,
  type GeneratedKind,
} from '../constants.js';
import type { MirrorInput, TagMirrorEntry, Registry } from '../registries/model.js';
import { parseDocument } from 'yaml';
import { imageTagMirrorSetName, ownerOf, type ClusterId, type NameOptions } from '../hypershift/cluster.js';
import { isObject, type JsonObject, type KubeObject } from '../krm/kube.js';
import { QUIET_YAML } from '../krm/kube-yaml.js';
import { fail, ok, type Outcome } from '../outcome.js';
import { emitEntry, emitYaml, scalarText } from '../krm/yaml-emit.js';
import { cutAt, pieces, template, Templates, type Parts, type Template } from './template.js';
import { renderRegistries } from '../registries/render.js';

export interface GenerateOptions extends NameOptions {
  /** The HostedCluster's file, so generated objects are written beside it; none in generator mode. */
  path?: string;
  /** Which objects (default: all of GENERATED_KINDS). */
  generate?: readonly GeneratedKind[];
}

/**
 * The folder of a HostedCluster's file, inside the package: "" (the package root) when the
 * path is absolute or climbs out of it, so a new file is never written outside the package.
 */
export function packageFolder(path: string): string {
  if (path.startsWith('/') || path.includes('\\')) return '';
  const parts: string[] = [];
  for (const seg of path.split('/').slice(0, -1)) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (!parts.length) return '';
      parts.pop();
    } else parts.push(seg);
  }
  return parts.length ? `${parts.join('/')}/` : '';
}

/** `owner`: the owner annotation's value ("namespace/name"). */
function metadata(name: string, owner: string, extra: JsonObject = {}): JsonObject {
  return {
    name,
    ...extra,
    labels: { [MANAGED_BY_LABEL]: FUNCTION_NAME },
    annotations: { [OWNER_ANNOTATION]: owner },
  };
}

/** A file annotation's values as written: the path, and the document index (the legacy keys' too: the same but in templates). */
type FileText = { path: string; index: string; legacyPath?: string; legacyIndex?: string };
const fileText = (file: Generated['file']): FileText | undefined =>
  file === undefined ? undefined : { path: file.path, index: String(file.index) };

/** kpt writes a new item to internal.config.kubernetes.io/path: the HostedCluster's folder. */
function withPath(obj: JsonObject, file: FileText | undefined): KubeObject {
  if (file === undefined) return obj;
  const annotations = (obj.metadata as JsonObject).annotations as JsonObject;
  Object.assign(annotations, {
    [ANNOTATION.path]: file.path,
    [ANNOTATION.index]: file.index,
    [ANNOTATION.legacyPath]: file.legacyPath ?? file.path,
    [ANNOTATION.legacyIndex]: file.legacyIndex ?? file.index,
  });
  return obj;
}

function tagMirror(e: TagMirrorEntry): JsonObject {
  const out: JsonObject = { source: e.source, mirrors: [...e.mirrors] };
  if (e.mirrorSourcePolicy) out.mirrorSourcePolicy = e.mirrorSourcePolicy;
  return out;
}

function imageTagMirrorSetWith(name: string, owner: string, entries: readonly TagMirrorEntry[]): KubeObject {
  return {
    apiVersion: ITMS_API_VERSION,
    kind: ITMS_KIND,
    metadata: metadata(name, owner),
    spec: { imageTagMirrors: entries.map(tagMirror) },
  };
}

export function imageTagMirrorSet(owner: ClusterId, mirrors: MirrorInput, opts: NameOptions = {}): KubeObject {
  return imageTagMirrorSetWith(imageTagMirrorSetName(owner, opts), ownerOf(owner), mirrors.imageTagMirrorSet);
}

const DATA_URL_PREFIX = 'data:text/plain;charset=utf-8;base64,';

export function dataUrl(content: string): string {
  return DATA_URL_PREFIX + Buffer.from(content, 'utf8').toString('base64');
}

/**
 * Decompresses gzip data to at most maxBytes (the I/O layer passes node:zlib in: src stays
 * pure), or says why not (corrupt data, or more than maxBytes: a zip bomb is cut short).
 */
export type Gunzip = (data: Uint8Array, maxBytes: number) => Outcome<Uint8Array>;

/** The most a compressed committed registries.conf may expand to (MCO renders a few KiB). */
export const MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

/** RFC 3986 %-decoding to bytes: a %XX is one byte, the text between is UTF-8. */
function percentDecode(data: string): Outcome<Uint8Array> {
  const out = Buffer.alloc(Buffer.byteLength(data, 'utf8'));
  let n = 0;
  let from = 0;
  for (let i = data.indexOf('%'); i >= 0; i = data.indexOf('%', from)) {
    const hex = data.slice(i + 1, i + 3);
    if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return fail('invalid %-encoding in the data URL');
    n += out.write(data.slice(from, i), n, 'utf8');
    out[n++] = parseInt(hex, 16);
    from = i + 3;
  }
  n += out.write(data.slice(from), n, 'utf8');
  return ok(out.subarray(0, n));
}

/** The bytes of any RFC 2397 data URL Ignition takes: `;base64` or %-encoded, any media type. */
function dataUrlBytes(url: string): Outcome<Uint8Array> {
  const m = /^data:([^,]*),(.*)$/s.exec(url);
  if (!m) return fail('not a data URL (data:[type][;base64],...)');
  const params = m[1]!.split(';');
  const data = m[2]!;
  if (params.includes('base64')) {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(data.replace(/\s/g, ''))) return fail('invalid base64 in the data URL');
    return ok(Buffer.from(data, 'base64'));
  }
  return percentDecode(data);
}

const utf8Text = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');

/** The inverse of dataUrl, for any data URL Ignition takes, decoded as UTF-8. */
export function decodeDataUrl(url: string): Outcome<string> {
  const bytes = dataUrlBytes(url);
  return bytes.ok ? ok(utf8Text(bytes.value)) : bytes;
}

/** Ignition spec version "3.1.0" as [3, 1, 0]; undefined when it is no x.y.z. */
function specVersion(v: unknown): number[] | undefined {
  const m = typeof v === 'string' ? /^(\d+)\.(\d+)\.(\d+)(?:-.*)?$/.exec(v) : null;
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

/**
 * A storage file's contents as the node gets it: the data URL decoded and, with
 * `contents.compression: gzip` (Ignition spec 3.1.0 and later), decompressed.
 */
function fileContents(contents: JsonObject, ignitionVersion: unknown, gunzip?: Gunzip): Outcome<string> {
  const source = contents.source;
  if (typeof source !== 'string') return fail(`${REGISTRIES_CONF_PATH} has no contents.source`);
  const bytes = dataUrlBytes(source);
  if (!bytes.ok) return fail(`${REGISTRIES_CONF_PATH}: ${bytes.error}`);
  const compression = contents.compression;
  if (compression === undefined || compression === null || compression === '') return ok(utf8Text(bytes.value));
  if (compression !== 'gzip')
    return fail(
      `${REGISTRIES_CONF_PATH}: contents.compression ${JSON.stringify(compression)} is no compression Ignition knows (only gzip)`,
    );
  const v = specVersion(ignitionVersion);
  if (!v || v[0]! < 3 || (v[0] === 3 && v[1]! < 1))
    return fail(
      `${REGISTRIES_CONF_PATH}: contents.compression needs Ignition spec 3.1.0 or later, and the MachineConfig says ignition.version ${JSON.stringify(ignitionVersion ?? null)}`,
    );
  if (!gunzip) return fail(`${REGISTRIES_CONF_PATH}: contents.compression gzip cannot be decompressed here`);
  const out = gunzip(bytes.value, MAX_DECOMPRESSED_BYTES);
  return out.ok ? ok(utf8Text(out.value)) : fail(`${REGISTRIES_CONF_PATH}: contents.compression gzip: ${out.error}`);
}

/**
 * The registries.conf a generated ConfigMap gives the nodes: data.config, the MachineConfig
 * inside, its storage file at /etc/containers/registries.conf, the data URL decoded (and
 * decompressed with `gunzip` when the file says gzip). The committed side of
 * `registries-conf --from committed` and of check's comparison.
 */
export function registriesConfOf(configMap: unknown, gunzip?: Gunzip): Outcome<string> {
  const data = isObject(configMap) && isObject(configMap.data) ? configMap.data[CONFIG_MAP_DATA_KEY] : undefined;
  if (typeof data !== 'string') return fail(`the ConfigMap has no data.${CONFIG_MAP_DATA_KEY}`);
  const doc = parseDocument(data, QUIET_YAML);
  if (doc.errors.length > 0)
    return fail(`data.${CONFIG_MAP_DATA_KEY} is not valid YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
  let mc: unknown;
  try {
    mc = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return fail(`data.${CONFIG_MAP_DATA_KEY} cannot be read: ${(e as Error).message}`);
  }
  const spec = isObject(mc) && isObject(mc.spec) ? mc.spec : {};
  const config = isObject(spec.config) ? spec.config : {};
  const storage = isObject(config.storage) ? config.storage : {};
  const files = Array.isArray(storage.files) ? storage.files : [];
  const file = files.find((f) => isObject(f) && f.path === REGISTRIES_CONF_PATH);
  if (!isObject(file))
    return fail(`the MachineConfig in data.${CONFIG_MAP_DATA_KEY} writes no ${REGISTRIES_CONF_PATH}`);
  const ignition = isObject(config.ignition) ? config.ignition.version : undefined;
  return fileContents(isObject(file.contents) ? file.contents : {}, ignition, gunzip);
}

export function machineConfig(owner: ClusterId, registries: readonly Registry[]): KubeObject {
  return machineConfigWith(names.machineConfig(owner.name), ownerOf(owner), dataUrl(renderRegistries(registries)));
}

/** The MachineConfig of that name and owner annotation writing `source` (a data URL) to registries.conf. */
function machineConfigWith(name: string, owner: string, source: string): KubeObject {
  return {
    apiVersion: MACHINE_CONFIG_API_VERSION,
    kind: MACHINE_CONFIG_KIND,
    metadata: {
      name,
      labels: { [MACHINE_CONFIG_ROLE_LABEL]: MACHINE_CONFIG_ROLE },
      annotations: { [OWNER_ANNOTATION]: owner },
    },
    spec: {
      config: {
        ignition: { version: IGNITION_VERSION },
        storage: {
          files: [
            {
              path: REGISTRIES_CONF_PATH,
              mode: 0o644,
              overwrite: true,
              contents: { source },
            },
          ],
        },
      },
    },
  };
}

export function configMap(owner: ClusterId, mc: JsonObject | string): KubeObject {
  return configMapWith(
    names.configMap(owner.name),
    owner.namespace,
    ownerOf(owner),
    typeof mc === 'string' ? mc : emitYaml(mc),
  );
}

function configMapWith(name: string, namespace: string, owner: string, mc: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: CONFIG_MAP_KIND,
    metadata: metadata(name, owner, namespace ? { namespace } : {}),
    data: { [CONFIG_MAP_DATA_KEY]: mc },
  };
}

/** The MachineConfig's text cut at its name, its owner annotation and the base64 of contents.source. */
let mcParts: Parts | null | undefined;
const machineConfigParts = (): Parts | null =>
  mcParts !== undefined
    ? mcParts
    : (mcParts = cutAt(emitYaml(machineConfigWith(MARKS.mcName, MARKS.mcOwner, DATA_URL_PREFIX + MARKS.base64)), [
        MARKS.mcName,
        MARKS.mcOwner,
        MARKS.base64,
      ]));

/**
 * emitYaml(machineConfig(owner, registries)), from the template: the name and owner written
 * as the writer writes values at their columns, the base64 not read again.
 */
export function machineConfigYaml(owner: ClusterId, registries: readonly Registry[]): string {
  return machineConfigYamlWith(owner, dataUrl(renderRegistries(registries)));
}

function machineConfigYamlWith(owner: ClusterId, url: string): string {
  const name = names.machineConfig(owner.name);
  const ref = ownerOf(owner);
  const parts = machineConfigParts();
  // A value with a line break is a literal block at its column: the generic writer writes it.
  if (parts === null || name.includes(NL) || ref.includes(NL)) return emitYaml(machineConfigWith(name, ref, url));
  return (
    parts[0] + scalarText(name) + parts[1] + scalarText(ref) + parts[2] + url.slice(DATA_URL_PREFIX.length) + parts[3]
  );
}

/** One object to generate: what it is, where it goes, and how to make it when it is needed. */
export interface Generated {
  readonly apiVersion: string;
  readonly kind: GeneratedKind;
  readonly name: string;
  /** The namespace, when the object has one. */
  readonly namespace: string | undefined;
  /** The HostedCluster it is generated for, "namespace/name" (its owner annotation). */
  readonly owner: string;
  /** The file and document index kpt writes it to (its path annotations); none in generator mode. */
  readonly file: { path: string; index: number } | undefined;
  /** The object, with its path annotations for `at` (default: file). */
  make(at?: Generated['file']): KubeObject;
  /**
   * blockEntry(make(at), column): the object as a block sequence entry with its dash at
   * `column`; or that text in pieces.
   */
  block(column: number, at?: Generated['file']): string | readonly (string | Uint8Array)[];
}

/**
 * A registries.conf rendered for the nodes, and its data URL when first asked. Clusters whose
 * files are the same share one (a fleet gives most of its clusters one of a few mirror setups):
 * each cluster keeps a reference, not the registries it was rendered from.
 */
class NodeFile {
  /**
   * The text in base64, as the data URL has it, as bytes: written and compared as they are.
   * Neither the text nor its base64 string is kept: a fleet's files would be megabytes of the
   * collector's heap, held from the clusters' validation to the last write.
   */
  readonly base64Bytes: Buffer;
  constructor(text: string) {
    this.base64Bytes = Buffer.from(Buffer.from(text, 'utf8').toString('base64'), 'latin1');
  }
  get dataUrl(): string {
    return DATA_URL_PREFIX + this.base64Bytes.toString('latin1');
  }
}

/** The files rendered lately, by their text: bounded, emptied when full. */
const nodeFiles = new Map<string, NodeFile>();

/** The file of registries already rendered (clusters of one setup share their validation's registries). */
const renderedFiles = new WeakMap<readonly Registry[], NodeFile>();

function nodeFile(registries: readonly Registry[]): NodeFile {
  const known = renderedFiles.get(registries);
  if (known !== undefined) return known;
  const file = nodeFileOf(renderRegistries(registries));
  renderedFiles.set(registries, file);
  return file;
}

function nodeFileOf(text: string): NodeFile {
  let file = nodeFiles.get(text);
  if (file === undefined) {
    if (nodeFiles.size >= 256) nodeFiles.clear();
    nodeFiles.set(text, (file = new NodeFile(text)));
  }
  return file;
}

/**
 * A cluster's mirror entries as its ImageTagMirrorSet lists them, in lists of their own
 * length. Clusters with the same entries share one, and the entries' text at each column.
 */
class TagMirrors {
  readonly entries: readonly TagMirrorEntry[];
  /** The entries' lines by template shape, as bytes (null: the template cannot write them). */
  readonly texts = new Map<number, Uint8Array | null>();
  constructor(entries: readonly TagMirrorEntry[]) {
    this.entries = entries.map((e) => ({ ...e, mirrors: e.mirrors.slice() }));
  }
}

/** The entries seen lately, by their JSON: bounded, emptied when full. */
const tagMirrorSets = new Map<string, TagMirrors>();

/** The shared entries of a validation's own list (clusters of one setup share their validation). */
const listed = new WeakMap<readonly TagMirrorEntry[], TagMirrors>();

function tagMirrors(entries: readonly TagMirrorEntry[]): TagMirrors {
  const known = listed.get(entries);
  if (known !== undefined) return known;
  const set = tagMirrorsOf(entries);
  listed.set(entries, set);
  return set;
}

function tagMirrorsOf(entries: readonly TagMirrorEntry[]): TagMirrors {
  let key = '';
  for (const e of entries)
    key += JSON.stringify(e.source) + JSON.stringify(e.mirrors) + JSON.stringify(e.mirrorSourcePolicy ?? null);
  let set = tagMirrorSets.get(key);
  if (set === undefined) {
    if (tagMirrorSets.size >= 256) tagMirrorSets.clear();
    tagMirrorSets.set(key, (set = new TagMirrors(entries)));
  }
  return set;
}

const NO_ENTRIES = new TagMirrors([]);

/**
 * What one cluster's objects are made from, kept until they are written: only what they need
 * (its mirror entries and its registries.conf, shared with the clusters of the same setup).
 */
class Sources {
  readonly tagMirrors: TagMirrors;
  readonly nodeFile: NodeFile | undefined;
  /** The owner as its annotation has it, "namespace/name". */
  readonly ownerText: string;
  constructor(
    readonly owner: ClusterId,
    checked: MirrorInput,
    checkedRegistries: readonly Registry[],
    kinds: readonly GeneratedKind[],
    readonly path: string | undefined,
    readonly names: NameOptions,
  ) {
    this.ownerText = ownerOf(owner);
    this.tagMirrors = kinds.includes(ITMS_KIND) ? tagMirrors(checked.imageTagMirrorSet) : NO_ENTRIES;
    this.nodeFile = kinds.includes(CONFIG_MAP_KIND) ? nodeFile(checkedRegistries) : undefined;
  }
}

// ---- writing the objects from templates ---------------------------------------------------

const MARK = (what: string) => `image-tag-mirrors-${what}-mark`;
const MARKS = {
  name: MARK('name'),
  namespace: MARK('namespace'),
  owner: MARK('owner'),
  path: MARK('path'),
  index: MARK('index'),
  legacyPath: MARK('legacy-path'),
  legacyIndex: MARK('legacy-index'),
  mcName: MARK('mc-name'),
  mcOwner: MARK('mc-owner'),
  base64: MARK('base64'),
  source: MARK('source'),
  mirror: MARK('mirror'),
  policy: MARK('policy'),
};
const FILE_MARKS: FileText = {
  path: MARKS.path,
  index: MARKS.index,
  legacyPath: MARKS.legacyPath,
  legacyIndex: MARKS.legacyIndex,
};
const FILE_SLOTS = [MARKS.path, MARKS.index, MARKS.legacyPath, MARKS.legacyIndex];

/** Printable ASCII: what the MachineConfig's text may hold to be written as a literal block. */
const PRINTABLE = /^[\x20-\x7e]*$/;
const NL = '\n';

/** The file annotations' slot values (path, index, path, index), or none. */
const fileValues = (file: FileText | undefined): string[] =>
  file ? [scalarText(file.path), scalarText(file.index), scalarText(file.path), scalarText(file.index)] : [];
const fileOneLine = (file: FileText | undefined) => !file || !(file.path.includes(NL) || file.index.includes(NL));

/** A template's key: the entry's column, and which optional slots it has. */
const shape = (column: number, namespace: boolean, file: boolean) => column * 4 + (namespace ? 2 : 0) + (file ? 1 : 0);

const configMapTemplates = new Templates<Template>();

/**
 * The ConfigMap entry: its metadata, and the MachineConfig as a literal block with its name,
 * owner and base64 in it. undefined when a value would not be written as the marker was (a
 * line break; text a literal block cannot hold): the caller writes generically.
 */
export function configMapBlock(
  column: number,
  name: string,
  namespace: string,
  owner: string,
  file: FileText | undefined,
  base64: string | Uint8Array,
): (string | Uint8Array)[] | undefined {
  const mcName = names.machineConfig(name);
  const mcNameText = scalarText(mcName);
  const ownerText = scalarText(owner);
  if (
    mcName.includes(NL) ||
    owner.includes(NL) ||
    namespace.includes(NL) ||
    !fileOneLine(file) ||
    !PRINTABLE.test(mcNameText) ||
    !PRINTABLE.test(ownerText)
  )
    return undefined;
  const parts = configMapTemplates.get(shape(column, namespace !== '', file !== undefined), () => {
    const mc = emitYaml(machineConfigWith(MARKS.mcName, MARKS.mcOwner, DATA_URL_PREFIX + MARKS.base64));
    const obj = configMapWith(MARKS.name, namespace ? MARKS.namespace : '', MARKS.owner, mc);
    const slots = [MARKS.name, ...(namespace ? [MARKS.namespace] : []), MARKS.owner];
    const parts = cutAt(emitEntry(withPath(obj, file && FILE_MARKS), column), [
      ...slots,
      ...(file ? FILE_SLOTS : []),
      MARKS.mcName,
      MARKS.mcOwner,
      MARKS.base64,
    ]);
    return parts && template(parts);
  });
  if (parts === null) return undefined;
  // In pieces: the base64 is the file's own string, shared by the clusters with that file.
  return pieces(parts, [
    scalarText(names.configMap(name)),
    ...(namespace ? [scalarText(namespace)] : []),
    ownerText,
    ...fileValues(file),
    mcNameText,
    ownerText,
    base64,
  ]);
}

/** The ImageTagMirrorSet's text around its metadata values, and the lines of a mirror entry. */
interface ItmsTemplate {
  /** Up to and with "imageTagMirrors:\n", slots for the name, owner and file annotations. */
  head: Template;
  /** "<pad>- source: " */
  entry: string;
  /** "<pad>  mirrors:\n" */
  mirrors: string;
  /** "<pad>  - " */
  mirror: string;
  /** "<pad>  mirrorSourcePolicy: " */
  policy: string;
}

const itmsTemplates = new Templates<ItmsTemplate>();

function itmsTemplate(column: number, file: boolean): ItmsTemplate | null {
  const entry = { source: MARKS.source, mirrors: [MARKS.mirror], mirrorSourcePolicy: MARKS.policy };
  const obj = withPath(imageTagMirrorSetWith(MARKS.name, MARKS.owner, [entry]), file ? FILE_MARKS : undefined);
  const cut = cutAt(emitEntry(obj, column), [
    MARKS.name,
    MARKS.owner,
    ...(file ? FILE_SLOTS : []),
    MARKS.source,
    MARKS.mirror,
    MARKS.policy,
  ]);
  if (cut === null || cut.at(-1) !== NL) return null;
  // ... "imageTagMirrors:\n<pad>- source: " S "\n<pad>  mirrors:\n<pad>  - " M "\n<pad>  mirrorSourcePolicy: " P "\n"
  const n = cut.length;
  const [beforeSource, toMirror, toPolicy] = [cut[n - 4]!, cut[n - 3]!, cut[n - 2]!];
  const entryAt = beforeSource.lastIndexOf(NL) + 1;
  const mirrorAt = toMirror.lastIndexOf(NL) + 1;
  return {
    head: template([...cut.slice(0, n - 4), beforeSource.slice(0, entryAt)]),
    entry: beforeSource.slice(entryAt),
    mirrors: toMirror.slice(1, mirrorAt),
    mirror: toMirror.slice(mirrorAt),
    policy: toPolicy.slice(1),
  };
}

/** The entries' lines in the template's layout; null when one has no mirror, or a line break. */
function entryLines(t: ItmsTemplate, entries: readonly TagMirrorEntry[]): string | null {
  let out = '';
  for (const e of entries) {
    const { source, mirrors, mirrorSourcePolicy: policy } = e;
    if (mirrors.length === 0 || source.includes(NL) || (policy && policy.includes(NL))) return null;
    out += t.entry + scalarText(source) + NL + t.mirrors;
    for (const m of mirrors) {
      if (m.includes(NL)) return null;
      out += t.mirror + scalarText(m) + NL;
    }
    if (policy) out += t.policy + scalarText(policy) + NL;
  }
  return out;
}

/**
 * The ImageTagMirrorSet entry: its metadata from a template, then each mirror entry in the
 * writer's lines (`texts`: those lines already written, by shape). undefined when a value has
 * a line break, or an entry no mirror (the caller writes generically).
 */
export function imageTagMirrorSetBlock(
  column: number,
  name: string,
  owner: string,
  file: FileText | undefined,
  entries: readonly TagMirrorEntry[],
  texts = new Map<number, Uint8Array | null>(),
): (string | Uint8Array)[] | undefined {
  if (entries.length === 0 || name.includes(NL) || owner.includes(NL) || !fileOneLine(file)) return undefined;
  const key = shape(column, false, file !== undefined);
  const t = itmsTemplates.get(key, () => itmsTemplate(column, file !== undefined));
  if (t === null) return undefined;
  let lines = texts.get(key);
  if (lines === undefined) {
    const text = entryLines(t, entries);
    texts.set(key, (lines = text === null ? null : Buffer.from(text, 'utf8')));
  }
  if (lines === null) return undefined;
  const out = pieces(t.head, [scalarText(name), scalarText(owner), ...fileValues(file)]);
  out.push(lines);
  return out;
}

/** A Generated of a cluster: three fields, the rest computed from its cluster's sources when asked. */
class GeneratedObject implements Generated {
  constructor(
    private readonly from: Sources,
    readonly kind: GeneratedKind,
    /** Its document in the cluster's file. */
    private readonly index: number,
  ) {}
  get apiVersion(): string {
    return this.kind === ITMS_KIND ? ITMS_API_VERSION : 'v1';
  }
  private named: string | undefined;
  /** Asked for again and again (identity, templates, a second run's look-up): made once. */
  get name(): string {
    const { owner } = this.from;
    return (this.named ??=
      this.kind === ITMS_KIND ? imageTagMirrorSetName(owner, this.from.names) : names.configMap(owner.name));
  }
  get namespace(): string | undefined {
    return this.kind === ITMS_KIND ? undefined : this.from.owner.namespace || undefined;
  }
  get owner(): string {
    return this.from.ownerText;
  }
  get file(): Generated['file'] {
    const { path, owner } = this.from;
    return path === undefined ? undefined : { path: packageFolder(path) + names.file(owner.name), index: this.index };
  }
  make(at = this.file): KubeObject {
    const { owner, tagMirrors, nodeFile } = this.from;
    const obj =
      this.kind === ITMS_KIND
        ? imageTagMirrorSetWith(this.name, this.owner, tagMirrors.entries)
        : configMapWith(this.name, owner.namespace, this.owner, machineConfigYamlWith(owner, nodeFile!.dataUrl));
    return withPath(obj, fileText(at));
  }
  block(column: number, at = this.file): string | readonly (string | Uint8Array)[] {
    const { owner, tagMirrors, nodeFile } = this.from;
    const file = fileText(at);
    const text =
      this.kind === ITMS_KIND
        ? imageTagMirrorSetBlock(column, this.name, this.owner, file, tagMirrors.entries, tagMirrors.texts)
        : configMapBlock(column, owner.name, owner.namespace, this.owner, file, nodeFile!.base64Bytes);
    return text ?? emitEntry(this.make(at), column);
  }
}

/**
 * What is generated for one valid cluster, in file order, made only when asked: the function
 * writes each object when the output reaches it, so that 10,000 clusters never hold 10,000
 * objects at once. What the reconciliation needs (identity, owner, file) is known without
 * making the object.
 */
export function generatedForCluster(
  owner: ClusterId,
  checked: MirrorInput,
  checkedRegistries: readonly Registry[],
  opts: GenerateOptions = {},
): Generated[] {
  const kinds = opts.generate ?? GENERATED_KINDS;
  const sources = new Sources(owner, checked, checkedRegistries, kinds, opts.path, {
    namespacedNames: opts.namespacedNames,
  });
  // One file per cluster, its objects at index 0, 1, ... (the ConfigMap at 0 when alone).
  return GENERATED_KINDS.filter((k) => kinds.includes(k)).map((k, i) => new GeneratedObject(sources, k, i));
}

/** Everything generated for one valid cluster, in file order. */
export function generateForCluster(
  owner: ClusterId,
  mirrors: MirrorInput,
  registries: readonly Registry[],
  opts: GenerateOptions = {},
): KubeObject[] {
  return generatedForCluster(owner, mirrors, registries, opts).map((g) => g.make());
}
