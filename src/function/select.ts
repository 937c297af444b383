// Finds the items the function works on, reading only what it needs from those that may
// matter: the fast reader where their layout allows, the full parse where it does not.
import { isScalar, parse } from 'yaml';
import {
  ANNOTATION,
  CODE,
  CONFIG_MAP_KIND,
  FUNCTION_NAME,
  HOSTED_CLUSTER_KIND,
  HYPERSHIFT_VERSIONS,
  ITMS_KIND,
  NODE_POOL_KIND,
  OWNER_ANNOTATION,
  SECRET_KIND,
} from '../constants.js';
import { isHostedCluster, isKnownVersion, isNodePool, ownerOf } from '../hypershift/cluster.js';
import { isSecret } from '../hypershift/pull-secret.js';
import type { Selection as Fields, SpecLayout } from '../krm/block-read.js';
import { annotationsOf, fileAnnotation, isObject, metadataOf, targetOf, type JsonObject } from '../krm/kube.js';
import type { ResourceList } from '../krm/read.js';
import type { SourceItem } from '../krm/item.js';
import { result, type Result } from '../krm/result.js';
import { show, typeName } from '../validate/rules.js';
import type { Generated } from '../generate/objects.js';
import { earlierOutputHeads } from './earlier-output.js';

export interface Selected {
  item: SourceItem;
  /** The item's value: whole, or the fields of CANDIDATE_FIELDS when the fast reader read it. */
  obj: JsonObject;
  name: string;
  namespace: string;
  /** NodePool spec layout from the fast reader, for text edits without a parse. */
  layout?: SpecLayout;
  /** The fast reader read it: its values are strings, nulls, lists and plain maps only. */
  fast?: boolean;
}

/** An item an earlier run generated: its owner "namespace/name", and its whole value (read when asked). */
export interface GeneratedItem extends Selected {
  owner: string;
  whole(): JsonObject;
  /** What this run generates that the item's text already is, byte for byte (earlier-output.ts). */
  same?: Generated;
}

export interface Selection {
  hostedClusters: Selected[];
  nodePools: Selected[];
  /** Items an earlier run generated (our owner annotation), in input order. */
  generated: GeneratedItem[];
  /** ImageTagMirrorSets and ConfigMaps without our annotation: their names are taken. */
  others: Selected[];
  /** HostedClusters in the input that are not processed (another API version): their objects stay. */
  unprocessed: Set<string>;
  /**
   * The documents (by index) of each file that may hold generated objects (its path names the
   * function), as the items' path annotations show them: every item of such a file is a
   * candidate, since its path annotation holds the needle.
   */
  documents: Map<string, { shown: Set<number>; last: number }>;
  /**
   * Items whose first lines are a generated object's, not read yet: settled (settle) once the
   * clusters are judged, when what this run generates is known and most are that, byte for byte.
   */
  deferred: SourceItem[];
  /** Secrets: a HostedCluster's pull secret may be among them (validate/credentials.ts). */
  secrets: JsonObject[];
  /**
   * kpt handed the function a selection (every item carries kpt's number and kpt's path and
   * index annotations): items of the package may be left out, and an object the function would
   * add may exist out of sight. Undefined for any other input (kustomize, stdin): numbers there
   * are not kpt's and prove nothing. Set by settle.
   */
  kpt: KptSelection | undefined;
  results: Result[];
}

// Every generated object's name, file and owner annotation contain the function's name; so do
// the NodePool entries wired to them. Searched in this order, each where none before it was
// found (a second run's generated objects are not searched at all: select defers them).
const NEEDLES = [FUNCTION_NAME, NODE_POOL_KIND, HOSTED_CLUSTER_KIND];

/**
 * The fields the function reads from a candidate item (HostedCluster, NodePool, or an item
 * an earlier run generated), one selection for all, since the kind is not known before the
 * item is read. Whatever validate/ and generate/ read must be here.
 */
export const CANDIDATE_FIELDS: Fields = {
  apiVersion: true,
  kind: true,
  metadata: { name: true, namespace: true, annotations: true },
  spec: {
    // HostedCluster (and a NodePool's own release image)
    release: { image: true },
    imageTagMirrorSet: true,
    imageContentSources: true,
    configuration: { image: true },
    pullSecret: { name: true },
    // NodePool
    clusterName: true,
    config: true,
  },
};

/** What a candidate for a Secret is read for first: whether it is one. */
const KIND_FIELDS: Fields = { apiVersion: true, kind: true };

function invalidYaml(item: SourceItem, error: string): Result | undefined {
  const what = item.looksLike(HOSTED_CLUSTER_KIND)
    ? 'a HostedCluster'
    : item.looksLike(NODE_POOL_KIND)
      ? 'a NodePool'
      : item.source.includes(OWNER_ANNOTATION)
        ? 'an object generated for a HostedCluster'
        : undefined;
  return what
    ? result('error', CODE.invalidYaml, `item ${item.index} (${what}) is not valid YAML: ${error}`, {})
    : undefined;
}

/** The metadata scalar as written, when it is a plain scalar of the parsed item. */
function plainSource(item: SourceItem, key: string): string | undefined {
  const t = item.tree();
  if (!t.ok) return undefined;
  const doc = t.value.doc;
  const node = doc.getIn(['metadata', key], true);
  return isScalar(node) && node.type === 'PLAIN' && typeof node.source === 'string' ? node.source : undefined;
}

/**
 * metadata.name or .namespace as kubectl reads it: a string ('' when absent), or what it is
 * instead. A plain scalar that YAML 1.1 (kubectl) reads as a boolean or a number (`yes`, `on`,
 * `0.5`) is not a name. Our own generated objects are matched by the names we wrote (YAML
 * 1.2), whatever their quoting: an earlier version wrote `namespace: yes` unquoted.
 */
function metadataString(
  item: SourceItem,
  obj: JsonObject,
  key: 'name' | 'namespace',
  ours: boolean,
): string | { invalid: string } {
  const v = metadataOf(obj)[key];
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  const plain = plainSource(item, key);
  if (plain === undefined) return { invalid: `${typeName(v)} (${show(v)})` };
  if (ours) {
    let asWritten: unknown;
    try {
      asWritten = parse(plain);
    } catch {
      asWritten = undefined;
    }
    if (typeof asWritten === 'string') return asWritten;
    return { invalid: `${typeName(v)} (${show(v)})` };
  }
  return { invalid: `${typeName(v)} (${show(v)}) as kubectl reads the unquoted ${plain}; quote it` };
}

/**
 * A NodePool whose spec.clusterName kubectl reads as no string (`clusterName: 0b1` is the
 * integer 1): the API server refuses it, and the function cannot tell its cluster, so it is
 * not wired; say so instead of passing it by.
 */
function clusterNameProblem(pool: JsonObject): Result | undefined {
  const spec = isObject(pool.spec) ? pool.spec : undefined;
  const v = spec?.clusterName;
  if (v === undefined || v === null || typeof v === 'string') return undefined;
  return result(
    'warning',
    CODE.invalidType,
    `NodePool spec.clusterName must be a string, not ${typeName(v)} (${show(v)}): quote it; the NodePool is not wired`,
    targetOf(pool),
    'spec.clusterName',
  );
}

const ID_FIELDS: Fields = { metadata: { annotations: true } };

/** An item's annotations, read as little as its layout allows (undefined: it does not read). */
function annotationsRead(item: SourceItem): Record<string, string> | undefined {
  const obj = item.read(ID_FIELDS);
  return obj && annotationsOf(obj);
}

/**
 * kpt fn render ran the function: the item carries the package path kpt sets on every item (a
 * candidate only may: the needle can be anywhere in its text, and a list read whole gives all).
 */
export const renderedByKpt = (item: SourceItem): boolean =>
  annotationsRead(item)?.[ANNOTATION.packagePath] !== undefined;

/** Where kpt read an item: its file and document, as kpt annotates it. */
export interface KptPlace {
  readonly path: string;
  readonly index: number;
}

/** The items kpt showed the function under a selection, by kpt's number. */
export interface KptSelection {
  readonly shown: ReadonlyMap<number, KptPlace>;
  /**
   * `kpt fn render` (its items carry the package path): the package's Kptfile is an item of the
   * package at the path "Kptfile", shown or not.
   */
  readonly rendered: boolean;
}

const KPTFILE = 'Kptfile';

const DIGITS = /^(0|[1-9][0-9]{0,8})$/;

/**
 * kpt's place of an item when its annotations are kpt's: kpt (kyaml) sets the path and index
 * both in the internal.config.kubernetes.io and the legacy config.kubernetes.io form, with
 * equal values.
 */
function kptPlace(a: Readonly<Record<string, string>>): KptPlace | undefined {
  const path = a[ANNOTATION.path];
  const index = a[ANNOTATION.index];
  if (!path || path !== a[ANNOTATION.legacyPath] || index === undefined || index !== a[ANNOTATION.legacyIndex])
    return undefined;
  return DIGITS.test(index) ? { path, index: Number(index) } : undefined;
}

/**
 * A kpt selection: kpt numbers every item of the package (0, 1, ...) when a step or an eval
 * selects part of it, and hands the function the selected ones. Trusted only when every item
 * has a distinct number and kpt's path and index annotations: a list from kustomize or a file
 * may carry a copied or forged number, and skipping generation on it would leave a NodePool
 * naming a ConfigMap that exists nowhere.
 */
function kptSelectionOf(list: Pick<ResourceList, 'candidates' | 'count'>): KptSelection | undefined {
  const shown = new Map<number, KptPlace>();
  let rendered = true;
  for (const item of list.candidates([ANNOTATION.kptResourceId])) {
    const a = annotationsRead(item);
    if (!a) return undefined;
    const id = a[ANNOTATION.kptResourceId];
    const place = kptPlace(a);
    if (typeof id !== 'string' || !DIGITS.test(id) || !place || shown.has(Number(id))) return undefined;
    shown.set(Number(id), place);
    if (!a[ANNOTATION.packagePath]) rendered = false;
  }
  return shown.size > 0 && shown.size === list.count ? { shown, rendered } : undefined;
}

/** Go's byte order of names (UTF-8 bytes sort as code points). */
function compareNames(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < x.length && i < y.length; i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** kpt reads a package's files in walk order: folder by folder, names in byte order. */
export function comparePaths(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < x.length && i < y.length; i++) {
    const d = compareNames(x[i]!, y[i]!);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/**
 * Whether the package holds no item in the file `path`, as far as the numbers show: kpt numbers
 * the items in the order it read them (its files in walk order, a file's documents in order), so
 * an item of `path` would sit between the shown items just before and just after that path.
 * When the numbers between those two are all accounted for (none, or the package's Kptfile under
 * render when its path sorts there), nothing else is hidden between them. Unknown (false) when
 * the shown items are not in walk order (kpt appends a subpackage's items after the parent's
 * ones), when `path` sorts after every shown item (items after the last one shown leave no
 * trace), or when some shown item is in that file.
 */
export function fileAbsent(sel: KptSelection, path: string): boolean {
  const ids = [...sel.shown.keys()].sort((a, b) => a - b);
  let before = -1;
  let after: number | undefined;
  let prev: KptPlace | undefined;
  let low: string | undefined;
  let high: string | undefined;
  let kptfileShown = false;
  for (const id of ids) {
    const place = sel.shown.get(id)!;
    if (prev) {
      const d = comparePaths(prev.path, place.path);
      if (d > 0 || (d === 0 && prev.index >= place.index)) return false;
    }
    prev = place;
    if (place.path === KPTFILE) kptfileShown = true;
    const d = comparePaths(place.path, path);
    if (d === 0) return false;
    if (d < 0) {
      before = id;
      low = place.path;
    } else if (after === undefined) {
      after = id;
      high = place.path;
    }
  }
  if (after === undefined) return false;
  // The root Kptfile, hidden, sorts between the two shown neighbours: one number is its own.
  const kptfileBetween =
    sel.rendered &&
    !kptfileShown &&
    (low === undefined || comparePaths(low, KPTFILE) < 0) &&
    high !== undefined &&
    comparePaths(KPTFILE, high) < 0;
  return after === before + 1 + (kptfileBetween ? 1 : 0);
}

/** The Secrets of the list, read whole: only items that may be one are read at all. */
function secretsOf(list: Pick<ResourceList, 'candidates'>, skip: readonly number[]): JsonObject[] {
  const out: JsonObject[] = [];
  // `kind: Secret`, not `pullSecret:` (every HostedCluster has one): no HostedCluster is read here.
  for (const item of list.candidates([SECRET_KIND], { word: true, skip })) {
    const kind = item.fast(KIND_FIELDS);
    if (kind && !isSecret(kind.value as JsonObject)) continue;
    const obj = item.read(true);
    if (obj && isSecret(obj)) out.push(obj);
  }
  return out;
}

type OnHostedCluster = (hc: Selected, secrets: readonly JsonObject[]) => void;

/**
 * The items that matter, in input order. With `onHostedCluster`, each HostedCluster goes to it
 * as soon as it is read instead of into the selection (what was read of it can go once used);
 * the Secrets are read before. An item with a generated object's first lines waits (deferred).
 */
export function select(
  list: Pick<ResourceList, 'candidates' | 'count' | 'startingWith'>,
  onHostedCluster?: OnHostedCluster,
): Selection {
  // Told by their first lines among the items that name the function: a second run's generated
  // objects are most of its bytes, and the searches below pass over them (skip).
  const deferred = list.startingWith(earlierOutputHeads, FUNCTION_NAME);
  const later = deferred.map((item) => item.index);
  const sel: Selection = {
    hostedClusters: [],
    nodePools: [],
    generated: [],
    others: [],
    unprocessed: new Set(),
    documents: new Map(),
    deferred,
    // Nor is a Secret among the deferred: their kind line says what they are.
    secrets: secretsOf(list, later),
    kpt: undefined, // settle
    results: [],
  };
  const waiting = new Set(later);
  for (const item of list.candidates(NEEDLES, { skip: later }))
    if (!waiting.has(item.index)) take(sel, item, onHostedCluster);
  return sel;
}

/**
 * Settles the deferred items, in input order: each one `known` recognises is generated as it
 * says; the others are read as select reads any item. A deferred item is never a HostedCluster
 * or a NodePool (its kind line says which it is), so nothing judged changes. Then the kpt
 * selection, which needs every item to carry kpt's number.
 */
export function settle(
  sel: Selection,
  list: Pick<ResourceList, 'candidates' | 'count'>,
  known: (item: SourceItem) => GeneratedItem | undefined,
): void {
  let recognised = false;
  // A deferred item not known is read when select would have read it: when it holds a needle
  // (searched for only then, once: a second run that changed nothing never asks).
  let needed: Set<number> | undefined;
  for (const item of sel.deferred) {
    const g = known(item);
    if (g) {
      sel.generated.push(g);
      recognised = true;
      continue;
    }
    needed ??= new Set(list.candidates(NEEDLES).map((c) => c.index));
    if (needed.has(item.index)) take(sel, item);
  }
  if (sel.deferred.length > 0) {
    sel.deferred = [];
    // Input order, as if read in one pass: the first of two copies is the one kept.
    for (const items of [sel.generated, sel.others]) items.sort((a, b) => a.item.index - b.item.index);
  }
  // An item known by its text is the writer's text, which never carries kpt's number: no item
  // left unnumbered makes a kpt selection, and the search for the numbers is not needed.
  sel.kpt = recognised ? undefined : kptSelectionOf(list);
}

/** Reads one candidate item into the selection. */
function take(sel: Selection, item: SourceItem, onHostedCluster?: OnHostedCluster): void {
  const fast = item.fast(CANDIDATE_FIELDS);
  let obj: JsonObject;
  if (fast) obj = fast.value as JsonObject;
  else {
    const loaded = item.load();
    if (!loaded.ok) {
      const r = invalidYaml(item, loaded.error);
      if (r) sel.results.push(r);
      return;
    }
    obj = loaded.value.obj;
  }
  const file = fileAnnotation(obj);
  if (file && file.path.includes(FUNCTION_NAME)) {
    const seen = sel.documents.get(file.path);
    if (!seen) sel.documents.set(file.path, { shown: new Set([file.index]), last: file.index });
    else {
      seen.shown.add(file.index);
      seen.last = Math.max(seen.last, file.index);
    }
  }
  const hostedCluster = isHostedCluster(obj);
  const nodePool = !hostedCluster && isNodePool(obj);
  const kind = obj.kind;
  const ours = kind === ITMS_KIND || kind === CONFIG_MAP_KIND;
  if (!hostedCluster && !nodePool && !ours) return;
  const name = metadataString(item, obj, 'name', ours);
  const namespace = metadataString(item, obj, 'namespace', ours);
  if (typeof name !== 'string' || typeof namespace !== 'string') {
    // Generated objects and other owners' ones of such names cannot be ours: no result.
    if (!ours) {
      const bad = (key: string, what: string) =>
        result(
          hostedCluster ? 'error' : 'warning',
          CODE.invalidType,
          `${String(kind)} metadata.${key} must be a string, not ${what}: ${hostedCluster ? 'the cluster is not processed' : 'the item is left as it is'}`,
          targetOf(obj),
          `metadata.${key}`,
        );
      if (typeof name !== 'string') sel.results.push(bad('name', name.invalid));
      if (typeof namespace !== 'string') sel.results.push(bad('namespace', namespace.invalid));
    }
    return;
  }
  const s: Selected = { item, obj, name, namespace, layout: fast?.spec, fast: fast !== undefined };
  if (hostedCluster || nodePool) {
    if (!isKnownVersion(obj)) {
      sel.results.push(
        result(
          'warning',
          CODE.unsupportedApiVersion,
          `${String(obj.apiVersion)} is not a HyperShift API version the function reads (${HYPERSHIFT_VERSIONS.join(', ')}): the ${String(kind)} is left as it is${hostedCluster ? ', and so is what was generated for it' : ''}`,
          targetOf(obj),
          'apiVersion',
        ),
      );
      if (hostedCluster && name) sel.unprocessed.add(ownerOf({ name, namespace }));
      return;
    }
    if (nodePool) {
      const bad = clusterNameProblem(obj);
      if (bad) sel.results.push(bad);
      sel.nodePools.push(s);
    } else if (!name)
      sel.results.push(
        result('error', CODE.invalidType, 'HostedCluster has no metadata.name', targetOf(obj), 'metadata.name'),
      );
    else if (onHostedCluster) onHostedCluster(s, sel.secrets);
    else sel.hostedClusters.push(s);
    return;
  }
  const owner = annotationsOf(obj)[OWNER_ANNOTATION];
  if (owner) {
    // Compared with what this run generates: by text first (the usual case, an earlier run's
    // own output), whole only when the text differs.
    const whole = (): JsonObject => (fast ? (item.read(true) ?? obj) : obj);
    sel.generated.push({ ...s, owner, whole });
  } else if (name) sel.others.push(s);
}
