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
 * item with this head is never a HostedCluster or a NodePool.
 */
const FIRST_LINES = [
  { kind: CONFIG_MAP_KIND, apiVersion: '- apiVersion: v1\n', kindLine: `  kind: ${CONFIG_MAP_KIND}\n` },
  { kind: ITMS_KIND, apiVersion: `- apiVersion: ${ITMS_API_VERSION}\n`, kindLine: `  kind: ${ITMS_KIND}\n` },
];
const HEAD_LINES = 4;

/** What an item's head shows: its column, kind, and the lines after (undefined when not a generated object's). */
function headOf(item: SourceItem, lines: number): { column: number; kind: string; rest: string } | undefined {
  const head = item.head(lines);
  if (head === undefined) return undefined;
  let column = 0;
  while (head.charCodeAt(column) === 0x20) column++;
  for (const f of FIRST_LINES) {
    if (!head.startsWith(f.apiVersion, column)) continue;
    let at = column + f.apiVersion.length;
    for (let i = 0; i < column; i++) if (head.charCodeAt(at++) !== 0x20) return undefined;
    if (!head.startsWith(f.kindLine, at)) return undefined;
    return { column, kind: f.kind, rest: head.slice(at + f.kindLine.length) };
  }
  return undefined;
}

/** The name on the lines after the kind line, when they are the writer's (metadata, its name first, at the item's columns). */
function nameOf(rest: string, column: number): string | undefined {
  const pad = ' '.repeat(column);
  const before = `${pad}  metadata:\n${pad}    name: `;
  const end = rest.length - 1;
  return rest.startsWith(before) && rest.indexOf('\n', before.length) === end
    ? rest.slice(before.length, end)
    : undefined;
}

/** Whether the item starts as a generated object does (the writer's layout): worth a look once the clusters are known. */
export const mayBeEarlierOutput = (item: SourceItem): boolean => headOf(item, 2) !== undefined;

/**
 * The recogniser of items that are exactly what this run generates (no path annotations: kpt's
 * own annotations are carried over, never written fresh): the item, taken as generated for
 * its owner; undefined for any other item.
 */
export function earlierOutput(
  clusters: ReadonlyMap<string, ClusterState>,
): (item: SourceItem) => GeneratedItem | undefined {
  let byName: Map<string, Generated[]> | undefined;
  const index = () => {
    const out = new Map<string, Generated[]>();
    for (const state of clusters.values()) {
      if (state.kind !== 'generate') continue;
      for (const g of state.objects) {
        if (g.file !== undefined) continue;
        const key = `${g.kind}\0${g.name}`;
        const list = out.get(key);
        if (list) list.push(g);
        else out.set(key, [g]);
      }
    }
    return out;
  };
  return (item) => {
    const head = headOf(item, HEAD_LINES);
    const name = head === undefined ? undefined : nameOf(head.rest, head.column);
    if (head === undefined || name === undefined) return undefined;
    byName ??= index();
    for (const g of byName.get(`${head.kind}\0${name}`) ?? [])
      if (item.sameText((column) => g.block(column))) return recognised(item, g);
    return undefined;
  };
}

/** The item as select would have read it: what the reconciliation reads of a generated object. */
function recognised(item: SourceItem, g: Generated): GeneratedItem {
  const metadata: JsonObject = {
    name: g.name,
    ...(g.namespace ? { namespace: g.namespace } : {}),
    annotations: { [OWNER_ANNOTATION]: g.owner },
  };
  const obj: JsonObject = { apiVersion: g.apiVersion, kind: g.kind, metadata };
  return {
    item,
    obj,
    name: g.name,
    namespace: g.namespace ?? '',
    fast: true,
    owner: g.owner,
    same: g,
    whole: () => {
      const read = item.fast(true);
      if (read) return read.value as JsonObject;
      const loaded = item.load();
      return loaded.ok ? loaded.value.obj : obj;
    },
  };
}
