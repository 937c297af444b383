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
  /** Its first two lines at a column. */
  lines: string;
  /** What comes before the name on the next two. */
  beforeName: string;
}

/** The heads at each column a list has its dashes at (a few in practice; bounded all the same). */
const heads = new Map<number, Head[]>();
function headsAt(column: number): Head[] {
  let out = heads.get(column);
  if (!out) {
    const pad = ' '.repeat(column);
    out = KINDS.map(({ kind, apiVersion }) => ({
      kind,
      lines: `${pad}- apiVersion: ${apiVersion}\n${pad}  kind: ${kind}\n`,
      beforeName: `${pad}  metadata:\n${pad}    name: `,
    }));
    if (heads.size >= 64) heads.clear();
    heads.set(column, out);
  }
  return out;
}

/** The generated kind whose first lines the item has, at its column. */
function headOf(item: SourceItem): Head | undefined {
  const column = item.dashColumn;
  if (column === undefined) return undefined;
  for (const h of headsAt(column)) if (item.startsWith(h.lines)) return h;
  return undefined;
}

/** The name on the two lines after the kind line, when they are the writer's (metadata, its name first). */
function nameOf(item: SourceItem, head: Head): string | undefined {
  const text = item.head(4);
  const from = head.lines.length + head.beforeName.length;
  if (text === undefined || !text.startsWith(head.beforeName, head.lines.length)) return undefined;
  return text.indexOf('\n', from) === text.length - 1 ? text.slice(from, -1) : undefined;
}

/** Whether the item starts as a generated object does (the writer's layout): worth a look once the clusters are known. */
export const mayBeEarlierOutput = (item: SourceItem): boolean => headOf(item) !== undefined;

/**
 * The recogniser of items that are exactly what this run generates (no path annotations: kpt's
 * own annotations are carried over, never written fresh): the item, taken as generated for
 * its owner; undefined for any other item.
 */
export function earlierOutput(
  clusters: ReadonlyMap<string, ClusterState>,
): (item: SourceItem) => GeneratedItem | undefined {
  let byName: Map<string, Map<string, Generated[]>> | undefined;
  const index = () => {
    const out = new Map<string, Map<string, Generated[]>>();
    for (const state of clusters.values()) {
      if (state.kind !== 'generate') continue;
      for (const g of state.objects) {
        if (g.file !== undefined) continue;
        let names = out.get(g.kind);
        if (!names) out.set(g.kind, (names = new Map()));
        const list = names.get(g.name);
        if (list) list.push(g);
        else names.set(g.name, [g]);
      }
    }
    return out;
  };
  return (item) => {
    const head = headOf(item);
    const name = head === undefined ? undefined : nameOf(item, head);
    if (head === undefined || name === undefined) return undefined;
    byName ??= index();
    for (const g of byName.get(head.kind)?.get(name) ?? [])
      if (item.sameText((column) => g.block(column))) return new Recognised(item, g, name);
    return undefined;
  };
}

/** The item as select would have read it: what the reconciliation reads of a generated object. */
class Recognised implements GeneratedItem {
  readonly fast = true;
  readonly obj: JsonObject;
  readonly namespace: string;
  readonly owner: string;
  constructor(
    readonly item: SourceItem,
    readonly same: Generated,
    readonly name: string,
  ) {
    const namespace = same.namespace;
    this.namespace = namespace ?? '';
    this.owner = same.owner;
    const annotations = { [OWNER_ANNOTATION]: this.owner };
    const metadata: JsonObject = namespace ? { name, namespace, annotations } : { name, annotations };
    this.obj = { apiVersion: same.apiVersion, kind: same.kind, metadata };
  }
  whole(): JsonObject {
    const read = this.item.fast(true);
    if (read) return read.value as JsonObject;
    const loaded = this.item.load();
    return loaded.ok ? loaded.value.obj : this.obj;
  }
}
