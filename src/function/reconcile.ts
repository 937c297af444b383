// Brings the items of an earlier run up to date: update in place, add, merge duplicates, prune;
// and wires the generated ConfigMap into the cluster's NodePools. What belongs to a
// HostedCluster the run cannot see (kpt selectors, split files) is never removed or unwired.
// What is generated is known by its descriptor (identity, owner, file); an object is made only
// when it is written or compared with an earlier run's.
import { CODE, CONFIG_MAP_KIND, ITMS_KIND, NODE_POOL_MAX_CONFIGS, names } from '../constants.js';
import { clusterOfNodePool, ownerOf } from '../hypershift/cluster.js';
import { withConfigEntry, withoutConfigEntries } from './node-pool-text.js';
import { WrittenItem, type ItemEdit, type NewItem } from '../krm/write.js';
import type { Generated } from '../generate/objects.js';
import {
  annotationsOf,
  fileAnnotation,
  groupOf,
  isObject,
  refOf,
  sameValue,
  targetOf,
  type JsonObject,
} from '../krm/kube.js';
import { result, type ResourceRef, type Result, type Target } from '../krm/result.js';
import { fileAbsent, type GeneratedItem, type Selected, type Selection } from './select.js';
import { maxOf } from '../arrays.js';

export type ClusterState =
  /** Valid, with objects to generate (made when needed). */
  | { kind: 'generate'; objects: Generated[]; target: Target }
  /** Valid, with nothing to generate: what we generated before goes. */
  | { kind: 'empty' }
  /** Has errors (or cannot be processed): leave what exists as it is. */
  | { kind: 'leave' };

export interface Plan {
  edits: Map<number, ItemEdit>;
  /** New items, made when the output reaches them. */
  added: NewItem[];
  results: Result[];
}

/** The identity of an object given by its parts (see identityOf). */
function identity(apiVersion: unknown, kind: unknown, namespace: string | undefined, name: unknown): string {
  const ns = kind === ITMS_KIND ? '' : (namespace ?? '');
  return `${groupOf(String(apiVersion))}/${String(kind)}/${ns}/${String(name)}`;
}

/**
 * What makes two objects the same object for the API server: group, kind, namespace, name.
 * The ImageTagMirrorSet is cluster scoped: a namespace on it (kustomize's namespace transformer
 * adds one to kinds it does not know) does not make another object.
 */
export function identityOf(o: JsonObject): string {
  const r = refOf(o);
  return identity(r.apiVersion, r.kind, r.namespace, r.name);
}

/** The identity of an object to generate, without making it. */
const identityOfGenerated = (g: Generated) => identity(g.apiVersion, g.kind, g.namespace, g.name);

/** Where an item is, for messages: its file (and document), or its place in the list. */
function where(s: Selected): string {
  const file = fileAnnotation(s.obj);
  return file ? `${file.path}${file.index > 0 ? ` #${file.index}` : ''}` : `item ${s.item.index}`;
}

/** An object in words, for messages: kind, name, and where it is. */
function describe(s: Selected): string {
  const ns = s.namespace && s.obj.kind !== ITMS_KIND ? `${s.namespace}/` : '';
  return `${String(s.obj.kind)} ${ns}${s.name} (${where(s)})`;
}

// kpt and kustomize own these: keep them as they are on items we update.
const KEEP_EXISTING = (key: string) =>
  key.startsWith('internal.config.kubernetes.io/') ||
  key.startsWith('config.kubernetes.io/') ||
  key.startsWith('config.k8s.io/');

const hasKeptAnnotations = (existing: JsonObject) => Object.keys(annotationsOf(existing)).some(KEEP_EXISTING);

/** The desired object, carrying over the annotations the orchestrator put on the existing one. */
function merged(existing: JsonObject, desired: JsonObject): JsonObject {
  const kept = Object.entries(annotationsOf(existing)).filter(([k]) => KEEP_EXISTING(k));
  if (kept.length === 0) return desired;
  const md = desired.metadata as JsonObject;
  const ours = Object.entries((md.annotations as JsonObject | undefined) ?? {}).filter(([k]) => !KEEP_EXISTING(k));
  return { ...desired, metadata: { ...md, annotations: Object.fromEntries([...ours, ...kept]) } };
}

export function reconcile(sel: Selection, input: ReadonlyMap<string, ClusterState>): Plan {
  const plan: Plan = { edits: new Map(), added: [], results: [] };
  const clusters = new Map(input);
  refuseTakenNames(sel, clusters, plan);
  const unseen = reconcileGenerated(sel, clusters, plan);
  for (const pool of sel.nodePools) wireNodePool(pool, clusters, plan, unseen);
  return plan;
}

/**
 * An object we would generate whose identity an object of another owner (or of none) already
 * has: never a second one beside it. The cluster gets an error naming both, and nothing changes
 * for it.
 */
function refuseTakenNames(sel: Selection, clusters: Map<string, ClusterState>, plan: Plan) {
  const holders = new Map<string, (Selected & { owner?: string })[]>();
  const hold = (s: Selected & { owner?: string }) => {
    const id = identityOf(s.obj);
    const list = holders.get(id);
    if (list) list.push(s);
    else holders.set(id, [s]);
  };
  // An item known by its text (earlier-output.ts) is an object its own cluster generates, and
  // no other cluster generates one of that identity (judge gives each name one owner): it is
  // never in another's way.
  for (const s of sel.generated) if (!s.same) hold(s);
  for (const s of sel.others) hold(s);
  if (holders.size === 0) return;
  for (const [owner, state] of clusters) {
    if (state.kind !== 'generate') continue;
    for (const g of state.objects) {
      const foreign = (holders.get(identityOfGenerated(g)) ?? []).filter((h) => h.owner !== owner);
      if (!foreign.length) continue;
      const whose = foreign.map(
        (h) => `${describe(h)}${h.owner ? `, generated for ${h.owner}` : ', not generated by this function'}`,
      );
      const escape =
        g.kind === ITMS_KIND
          ? 'rename or delete that object, or set namespacedNames: true in the function config to name ours <namespace>-<cluster>-image-tag-mirrors'
          : 'rename or delete that object';
      plan.results.push(
        result(
          'error',
          CODE.nameTaken,
          `cannot generate ${g.kind} ${g.name} for HostedCluster ${owner}: ${whose.join('; ')} already has that name; ${escape}`,
          state.target,
          'metadata.name',
        ),
      );
      clusters.set(owner, { kind: 'leave' });
      break;
    }
  }
}

/**
 * Updates, adds, merges duplicates of, and prunes what the function generated. Returns the
 * owners whose ConfigMap is neither in the input nor added (a selection that leaves items out).
 */
function reconcileGenerated(sel: Selection, clusters: ReadonlyMap<string, ClusterState>, plan: Plan): Set<string> {
  const wanted = new Map<string, Generated>();
  // Each one's identity, made once: an item known by its text is one of them.
  const identities = new Map<Generated, string>();
  for (const state of clusters.values())
    if (state.kind === 'generate')
      for (const g of state.objects) {
        const id = identityOfGenerated(g);
        wanted.set(id, g);
        identities.set(g, id);
      }

  const kept = new Map<string, GeneratedItem>();
  const copies = new Map<string, GeneratedItem[]>();
  for (const g of sel.generated) {
    const state = clusters.get(g.owner);
    if (!state) {
      if (!sel.unprocessed.has(g.owner)) plan.results.push(orphaned(g));
      continue;
    }
    if (state.kind === 'leave') continue;
    const id = (g.same && identities.get(g.same)) ?? identityOf(g.obj);
    const desired = state.kind === 'generate' ? wanted.get(id) : undefined;
    // No result for a prune: a second run must write the same bytes as the first.
    if (!desired || desired.owner !== g.owner) {
      plan.edits.set(g.item.index, { remove: true });
      continue;
    }
    if (kept.has(id)) {
      copies.get(id)!.push(g);
      plan.edits.set(g.item.index, { remove: true });
      continue;
    }
    kept.set(id, g);
    copies.set(id, []);
    // Written as it would be written now: unchanged without reading it whole (nor making the
    // object, when nothing of the existing one is carried over). Known by its text already
    // (earlier-output.ts): unchanged.
    if (g.same === desired) continue;
    if (!hasKeptAnnotations(g.obj) && g.item.sameText((column) => desired.block(column))) continue;
    const next = merged(g.obj, desired.make());
    if (!g.item.sameAs(next) && !sameValue(next, g.whole())) plan.edits.set(g.item.index, { replace: next });
  }
  // The documents each file keeps: those shown, but for the ones this run removes.
  const taken = new Map<string, Set<number>>();
  for (const [path, seen] of sel.documents) taken.set(path, new Set(seen.shown));
  for (const g of sel.generated) {
    const edit = plan.edits.get(g.item.index);
    if (!edit || !('remove' in edit)) continue;
    const file = fileAnnotation(g.obj);
    if (file) taken.get(file.path)?.delete(file.index);
  }
  // Under a kpt selection, what is not in the input may be among the items kpt left out, and
  // kpt would write a new object beside a hidden one on every run. Added only with evidence that
  // it does not exist: its file provably holds nothing (kpt's numbering), or a NodePool of the
  // cluster is shown and not wired (every run that adds the objects wires the NodePools it sees).
  const missing = new Map<string, Generated[]>();
  for (const [id, g] of wanted) {
    if (kept.has(id)) continue;
    const hidden = hiddenDocument(sel, g);
    if (hidden) plan.results.push(hidden);
    else {
      const list = missing.get(g.owner);
      if (list) list.push(g);
      else missing.set(g.owner, [g]);
    }
  }
  const wired = sel.kpt ? wiredOwners(sel) : new Set<string>();
  const pooled = sel.kpt ? poolOwners(sel) : new Set<string>();
  const unseen = new Set<string>();
  for (const [owner, list] of missing) {
    const state = clusters.get(owner);
    const target = state?.kind === 'generate' ? state.target : undefined;
    const kpt = sel.kpt;
    const absent = kpt !== undefined && list.every((g) => g.file !== undefined && fileAbsent(kpt, g.file.path));
    let add = true;
    if (kpt && !absent) {
      if (wired.has(owner)) {
        add = false;
        if (target) plan.results.push(selectionHides(owner, list, target));
      } else if (pooled.has(owner)) {
        if (target) plan.results.push(selectionAdds(owner, list, target));
      } else {
        add = false;
        if (target) plan.results.push(selectionUnknown(owner, list, target));
      }
    } else if (kpt && !pooled.has(owner) && target) plan.results.push(selectionPoolsHidden(owner, list, target));
    if (add) for (const g of list) plan.added.push(withFreeIndex(sel, g, taken));
    else if (list.some((g) => g.kind === CONFIG_MAP_KIND)) unseen.add(owner);
  }
  for (const [id, removed] of copies) {
    if (!removed.length) continue;
    const first = kept.get(id)!;
    plan.results.push(
      result(
        'warning',
        CODE.duplicateGenerated,
        `${removed.length + 1} copies of ${String(first.obj.kind)} ${first.name} generated for ${first.owner}: kept ${where(first)}, removed ${removed.map(where).join(', ')} (a selector run such as kpt fn eval --match-kind HostedCluster, or a merge, leaves copies)`,
        targetOf(first.obj),
      ),
    );
  }
  return unseen;
}

/** Owners some NodePool of the input belongs to. */
function poolOwners(sel: Selection): Set<string> {
  const out = new Set<string>();
  for (const pool of sel.nodePools) {
    const cluster = clusterOfNodePool(pool.obj, pool.namespace);
    if (cluster) out.add(ownerOf(cluster));
  }
  return out;
}

/** Owners whose ConfigMap some NodePool of the input names in spec.config. */
function wiredOwners(sel: Selection): Set<string> {
  const out = new Set<string>();
  for (const pool of sel.nodePools) {
    const cluster = clusterOfNodePool(pool.obj, pool.namespace);
    const config = isObject(pool.obj.spec) ? pool.obj.spec.config : undefined;
    if (cluster && Array.isArray(config) && config.some((e) => isObject(e) && e.name === names.configMap(cluster.name)))
      out.add(ownerOf(cluster));
  }
  return out;
}

const SELECTION = `kpt handed this step a selection of the package (a Kptfile step's selectors or exclusions, or kpt fn eval --match-*)`;

/**
 * The selectors that make a Kptfile step see everything it reads and writes for the cluster
 * (kpt selects an item matching any selector; the fields of one selector must all match).
 * kpt fn eval ANDs its --match-* flags into one selector, so no eval selection fits.
 */
function selectorsFor(owner: string, list: readonly Generated[]): string {
  const name = owner.slice(owner.indexOf('/') + 1);
  const kinds = [`{kind: HostedCluster, name: ${name}}`, `{kind: NodePool}`];
  for (const g of list) kinds.push(`{kind: ${g.kind}, name: ${g.name}}`);
  return `use the selectors [${kinds.join(', ')}] in the Kptfile step, or run without selectors (kpt fn eval --match-* cannot select them together)`;
}

const describeList = (list: readonly Generated[]) => list.map((g) => `${g.kind} ${g.name}`).join(' and ');

function selectionAdds(owner: string, list: readonly Generated[], target: Target): Result {
  return result(
    'warning',
    CODE.outOfSight,
    `${describeList(list)} added for HostedCluster ${owner}: ${SELECTION}; its NodePool is not wired yet, so they are taken not to exist, but should they exist among the items left out, kpt writes a copy beside them; ${selectorsFor(owner, list)}`,
    target,
  );
}

/**
 * kpt gave this run part of the package, and a NodePool is wired to the cluster's ConfigMap
 * already: the objects exist out of sight, and adding them would write a copy on every run.
 */
function selectionHides(owner: string, list: readonly Generated[], target: Target): Result {
  return result(
    'warning',
    CODE.outOfSight,
    `${describeList(list)} not added for HostedCluster ${owner}: ${SELECTION}, and a NodePool is wired to the ConfigMap already, so they exist out of sight (adding them would write a copy on every run); ${selectorsFor(owner, list)}`,
    target,
  );
}

/**
 * Neither a NodePool of the cluster nor the generated objects are in the selection, and the
 * numbering does not rule out that they are among the items left out. A warning, not an error:
 * adding may write a copy, not adding may leave nodes without mirrors, and the function can
 * prove neither (an error would make kpt drop the whole render on every run).
 */
function selectionUnknown(owner: string, list: readonly Generated[], target: Target): Result {
  return result(
    'warning',
    CODE.outOfSight,
    `${describeList(list)} not added for HostedCluster ${owner}, and its NodePools not wired: ${SELECTION} that leaves out its NodePools and may hold these objects out of sight (adding them would write a copy on every run); ${selectorsFor(owner, list)}`,
    target,
  );
}

/** Added (their file provably holds nothing), but the NodePools are not in the selection. */
function selectionPoolsHidden(owner: string, list: readonly Generated[], target: Target): Result {
  return result(
    'warning',
    CODE.outOfSight,
    `${describeList(list)} added for HostedCluster ${owner}, but none of its NodePools: ${SELECTION} without them, and a NodePool left out is not wired to the ConfigMap; ${selectorsFor(owner, list)}`,
    target,
  );
}

/** A generated object's resourceRef, as refOf gives it for the object once made. */
function refOfGenerated(g: Generated): ResourceRef {
  return { apiVersion: g.apiVersion, kind: g.kind, name: g.name, ...(g.namespace ? { namespace: g.namespace } : {}) };
}

/**
 * A new object's place in its file is a document the input does not show, though it shows a
 * later one of that file: the input is a selection (kpt --match-namespace, --match-kind
 * ConfigMap) and that document is most likely this very object. Adding it would write a copy.
 */
function hiddenDocument(sel: Selection, g: Generated): Result | undefined {
  const file = g.file;
  const seen = file && sel.documents.get(file.path);
  if (!file || !seen || seen.shown.has(file.index) || seen.last < file.index) return undefined;
  return result(
    'info',
    CODE.outOfSight,
    `${g.kind} ${g.name} not added: document ${file.index} of ${file.path} is not in the input (a selector run?) and is most likely this object; a full render adds it if it is missing`,
    { resourceRef: refOfGenerated(g), file: { path: file.path, ...(file.index > 0 ? { index: file.index } : {}) } },
  );
}

/**
 * A new object whose document index is already used in its file (kpt renumbers a file's
 * documents when it writes them, e.g. after the ImageTagMirrorSet was left out) goes after the
 * file's last document: two items with one path and index make kpt refuse the whole output.
 */
function withFreeIndex(sel: Selection, g: Generated, taken: Map<string, Set<number>>): NewItem {
  const file = g.file;
  if (!file) return newItem(g);
  let used = taken.get(file.path);
  if (!used) taken.set(file.path, (used = new Set()));
  let index = file.index;
  if (used.has(index)) index = Math.max(sel.documents.get(file.path)?.last ?? -1, maxOf(used)) + 1;
  used.add(index);
  if (index === file.index) return newItem(g);
  return newItem(g, { path: file.path, index });
}

/** A generated object as a new item, made (or written) when the output reaches it. */
class NewGenerated extends WrittenItem {
  constructor(
    private readonly g: Generated,
    private readonly at: Generated['file'],
  ) {
    super();
  }
  make() {
    return this.g.make(this.at);
  }
  block(column: number) {
    return this.g.block(column, this.at);
  }
}
const newItem = (g: Generated, at = g.file): NewItem => new NewGenerated(g, at);

function orphaned(g: GeneratedItem): Result {
  const file = fileAnnotation(g.obj);
  return result(
    'warning',
    CODE.orphanedGenerated,
    `${describe(g)} was generated for HostedCluster ${g.owner}, which is not in the input: kept as it is; if the cluster was deleted, delete ${file ? `this object from ${file.path}` : 'this object'}`,
    targetOf(g.obj),
  );
}

/**
 * NodePool.spec.config gets our ConfigMap exactly once (copies removed in one pass), or loses
 * it when the cluster is valid and has no mirrors. A NodePool whose cluster is not in the input,
 * or has errors, is left as it is.
 */
function wireNodePool(
  pool: Selected,
  clusters: ReadonlyMap<string, ClusterState>,
  plan: Plan,
  unseen: ReadonlySet<string>,
) {
  const cluster = clusterOfNodePool(pool.obj, pool.namespace);
  if (!cluster) return;
  const state = clusters.get(ownerOf(cluster));
  if (!state || state.kind === 'leave') return;
  const spec = pool.obj.spec as JsonObject;
  const cm = names.configMap(cluster.name);
  const list = Array.isArray(spec.config) ? spec.config : [];
  const count = list.filter((e) => isObject(e) && e.name === cm).length;
  let edit: ReturnType<typeof withConfigEntry>;
  if (state.kind === 'empty') {
    if (count === 0) return;
    // Every entry of ours goes in one pass: a second run must find nothing to do.
    edit = withoutConfigEntries(pool, cm);
  } else if (count > 1) {
    plan.results.push(
      result(
        'warning',
        CODE.duplicateConfigEntry,
        `NodePool ${pool.name} had ${count} spec.config entries for ConfigMap ${cm}: kept the first, removed the others`,
        targetOf(pool.obj),
        'spec.config',
      ),
    );
    edit = withoutConfigEntries(pool, cm, { keepFirst: true });
  } else if (count === 1) return;
  // A ConfigMap that may not exist: an entry naming it would stop the NodePool's rollout.
  else if (unseen.has(ownerOf(cluster))) return;
  else {
    if (spec.config !== undefined && spec.config !== null && !Array.isArray(spec.config)) {
      plan.results.push(
        result(
          'error',
          CODE.invalidType,
          'spec.config must be a list of {name} entries',
          targetOf(pool.obj),
          'spec.config',
        ),
      );
      return;
    }
    if (list.length >= NODE_POOL_MAX_CONFIGS) {
      plan.results.push(
        result(
          'error',
          CODE.nodePoolConfigLimit,
          `cannot add ConfigMap ${cm}: NodePool ${pool.name} already has ${list.length} spec.config entries, the most HyperShift allows (${NODE_POOL_MAX_CONFIGS}); merge some of them`,
          targetOf(pool.obj),
          'spec.config',
        ),
      );
      return;
    }
    edit = withConfigEntry(pool, cm);
  }
  if ('error' in edit)
    plan.results.push(result('error', CODE.cannotEdit, edit.error, targetOf(pool.obj), 'spec.config'));
  else plan.edits.set(pool.item.index, edit);
}
