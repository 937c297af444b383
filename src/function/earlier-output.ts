// A second run's input holds what the first run wrote: each generated object byte for byte as
// this run writes it again. Such an item is known by its text alone, compared with what this
// run would write, so the run never reads it (a fleet's second run holds two of them per
// cluster, three times the bytes of its clusters). Anything else about it (another layout,
// an edit, CRLF, path annotations) is read as any other item.
import { CONFIG_MAP_KIND, ITMS_API_VERSION, ITMS_KIND, OWNER_ANNOTATION } from '../constants.js';
import type { Generated } from '../generate/objects.js';
import type { SourceItem } from '../krm/item.js';
import type { JsonObject } from '../krm/kube.js';
import type { ClusterState } from './reconcile.js';
import type { GeneratedItem } from './select.js';

/**
 * The first lines the writer writes for a generated object: apiVersion and kind, then the
 * metadata with its name first. Line 2 at the item's key column fixes its kind (a later `kind`
 * would be a duplicate key, which no reader accepts; a merge key never overrides it), so an
 * item with these lines is never a HostedCluster or a NodePool.
 */
const KINDS = [
  { kind: CONFIG_MAP_KIND, apiVersion: 'v1' },
  { kind: ITMS_KIND, apiVersion: ITMS_API_VERSION },
];

interface Head {
  kind: string;
  /** Its first lines at a column, up to the name: apiVersion, kind, metadata, `name: `. */
  start: string;
  /** What comes before the namespace on the line after the name (a ConfigMap's: the writer's order). */
  beforeNamespace: string;
}

/** The heads at each column a list has its dashes at (a few in practice; bounded all the same). */
const heads = new Map<number, Head[]>();
function headsAt(column: number): Head[] {
  let out = heads.get(column);
  if (!out) {
    const pad = ' '.repeat(column);
    out = KINDS.map(({ kind, apiVersion }) => ({
      kind,
      start: `${pad}- apiVersion: ${apiVersion}\n${pad}  kind: ${kind}\n${pad}  metadata:\n${pad}    name: `,
      beforeNamespace: `${pad}    namespace: `,
    }));
    if (heads.size >= 64) heads.clear();
    heads.set(column, out);
  }
  return out;
}

/**
 * Where the item says it is, when its first lines are a generated object's: its kind, and as a
 * look-up key its name and (a ConfigMap's, on the line after the name; none there: none) its
 * namespace. A key, no more: the text decides.
 */
function placeOf(item: SourceItem): { kind: string; place: string } | undefined {
  const column = item.dashColumn;
  if (column === undefined) return undefined;
  // Five lines hold a ConfigMap's namespace; an ImageTagMirrorSet may have only four.
  const text = item.head(5) ?? item.head(4);
  const head = text === undefined ? undefined : headsAt(column).find((h) => text.startsWith(h.start));
  if (text === undefined || head === undefined) return undefined;
  const from = head.start.length;
  const end = text.indexOf('\n', from);
  const name = text.slice(from, end);
  const ns = end + 1 + head.beforeNamespace.length;
  const namespace =
    head.kind === CONFIG_MAP_KIND && text.startsWith(head.beforeNamespace, end + 1) ? text.slice(ns, -1) : '';
  return { kind: head.kind, place: key(name, namespace) };
}

const key = (name: string, namespace: string) => `${namespace}\0${name}`;

/**
 * The most objects an item is compared with: clusters of one name in many namespaces share a
 * ConfigMap name, and the namespace in the key tells them apart; should the key not (another
 * layout), an item is read as any other rather than compared with thousands.
 */
const MAX_COMPARED = 4;

/**
 * How a generated object starts as the writer writes it with its dash at `column`, up to its
 * name: an item that starts so, its name ending in the function's (every generated object's
 * does: constants.ts, names), is worth a look once the clusters are known
 * (ResourceList.startingWith). A list's own ConfigMaps start so too; their names tell them apart.
 */
export const earlierOutputHeads = (column: number): string[] => headsAt(column).map((h) => h.start);

/**
 * The recogniser of items that are exactly what this run generates (no path annotations: kpt's
 * own annotations are carried over, never written fresh): the item, taken as generated for
 * its owner; undefined for any other item.
 */
export function earlierOutput(
  clusters: ReadonlyMap<string, ClusterState>,
): (item: SourceItem) => GeneratedItem | undefined {
  // What this run generates without path annotations, in the order a run appends what is
  // missing: an earlier run's output holds them so, and each item is first compared with the one
  // after the last found (no look-up at all when nothing changed).
  // (Made at the first item: a first run has none to look at.)
  let order: Generated[] | undefined;
  const orderOf = (): Generated[] => {
    if (order) return order;
    order = [];
    for (const state of clusters.values())
      if (state.kind === 'generate') for (const g of state.objects) if (g.file === undefined) order.push(g);
    return order;
  };
  let next = 0;
  let byPlace: Map<string, Map<string, Generated[]>> | undefined;
  let position: Map<Generated, number> | undefined;
  const index = () => {
    const out = new Map<string, Map<string, Generated[]>>();
    for (const g of orderOf()) {
      let places = out.get(g.kind);
      if (!places) out.set(g.kind, (places = new Map()));
      const at = key(g.name, g.namespace ?? '');
      const list = places.get(at);
      if (list) list.push(g);
      else places.set(at, [g]);
    }
    return out;
  };
  // The text of the object expected next, kept while it is expected: items that are not it (a
  // list of ConfigMaps that only start as ours) are each compared with it, not each a new text.
  let made: { g: Generated; column: number; text: ReturnType<Generated['block']> } | undefined;
  const textOf = (g: Generated, column: number) =>
    made?.g === g && made.column === column ? made.text : (made = { g, column, text: g.block(column) }).text;
  const same = (item: SourceItem, g: Generated) => item.sameText((column) => textOf(g, column));
  return (item) => {
    const expected = orderOf()[next];
    // The text decides: an item with the text of the object expected here is that object.
    if (expected !== undefined && item.dashColumn !== undefined && same(item, expected)) {
      next++;
      return new Recognised(item, expected);
    }
    const at = placeOf(item);
    if (at === undefined) return undefined;
    byPlace ??= index();
    const candidates = byPlace.get(at.kind)?.get(at.place) ?? [];
    for (const g of candidates.slice(0, MAX_COMPARED))
      if (g !== expected && same(item, g)) {
        // Found elsewhere (the earlier output's order differs): the next item is compared with
        // the one after it.
        position ??= new Map(orderOf().map((o, i) => [o, i]));
        next = position.get(g)! + 1;
        return new Recognised(item, g);
      }
    return undefined;
  };
}

/** The item as select would have read it: what the reconciliation reads of a generated object. */
class Recognised implements GeneratedItem {
  readonly fast = true;
  readonly namespace: string;
  readonly owner: string;
  readonly name: string;
  constructor(
    readonly item: SourceItem,
    readonly same: Generated,
  ) {
    this.name = same.name;
    this.namespace = same.namespace ?? '';
    this.owner = same.owner;
  }
  private made: JsonObject | undefined;
  /** Its identity and owner, made when asked (messages and removals only: an unchanged one never is). */
  get obj(): JsonObject {
    if (this.made) return this.made;
    const { same, name } = this;
    const namespace = same.namespace;
    const annotations = { [OWNER_ANNOTATION]: this.owner };
    const metadata: JsonObject = namespace ? { name, namespace, annotations } : { name, annotations };
    return (this.made = { apiVersion: same.apiVersion, kind: same.kind, metadata });
  }
  whole(): JsonObject {
    return this.item.read(true) ?? this.obj;
  }
}
