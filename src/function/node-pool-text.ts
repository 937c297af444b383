// Edits a NodePool's spec.config in its own text, so that the rest of the item (comments,
// spacing, quoting, values a re-serialisation would change) stays byte for byte as the user
// wrote it. From the fast reader's offsets when it read the item (no parse), else from the
// parsed item's node ranges (krm/node-edit.ts), in block or flow style. Where entries cannot
// be added or removed one by one (merge keys, an alias for the list), the whole list is
// written out with its meaning kept; where even that would change something else (spec an
// alias, an anchor repeated elsewhere), the edit says why instead.
import { isAlias, isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { isObject, sameValue, type JsonObject } from '../krm/kube.js';
import {
  appendEntry,
  blocker,
  CannotEdit,
  pairOf,
  removeEntries,
  removePair,
  setPair,
  type EditContext,
  type NodeEdit,
} from '../krm/node-edit.js';
import { sequenceStyle, type Splice } from '../krm/write.js';
import type { Selected } from './select.js';

const SAFE_NAME = /^[a-z0-9][a-z0-9.-]*$/;

/** The entries of spec.config as the function read them. */
function entries(pool: Selected): unknown[] {
  const spec = isObject(pool.obj.spec) ? pool.obj.spec : {};
  return Array.isArray(spec.config) ? spec.config : [];
}

const named = (e: unknown, name: string) => isObject(e) && e.name === name;

/** Appends `- name: NAME` to spec.config (creating the key at the end of spec if absent). */
export function withConfigEntry(pool: Selected, name: string): NodeEdit {
  // (Reading the item's style costs a decode: only when a new list is written.)
  const wide = () => pool.layout?.wide ?? sequenceStyle(pool.item.source) === 'wide';
  const c = pool.layout?.config;
  if (pool.layout && SAFE_NAME.test(name)) {
    if (c?.style === 'block' && c.entries.length > 0)
      return { splices: [{ from: c.end, to: c.end, text: `\n${' '.repeat(c.dashColumn)}- name: ${name}` }] };
    const end = pool.layout.end;
    if (!c && end !== undefined) {
      const col = pool.layout.keyColumn;
      const text = `\n${' '.repeat(col)}config:\n${' '.repeat(col + (wide() ? 2 : 0))}- name: ${name}`;
      return { splices: [{ from: end, to: end, text }] };
    }
  }
  return viaTree(
    pool,
    wide(),
    (ctx, spec) => {
      const own = pairOf(spec, 'config')?.value;
      if (!hasMergeKey(spec) && isSeq(own) && own.items.length > 0) return [() => appendEntry(ctx, own, { name })];
      return [() => setPair(ctx, spec, 'config', [...entries(pool), { name }])];
    },
    [...entries(pool), { name }],
  );
}

/**
 * Removes every `name: NAME` entry of spec.config (and the key, when no entry is left); with
 * keepFirst, every one but the first (copies of an entry, removed in one pass).
 */
export function withoutConfigEntries(pool: Selected, name: string, opts: { keepFirst?: boolean } = {}): NodeEdit {
  const list = entries(pool);
  const at = list.flatMap((e, i) => (named(e, name) ? [i] : []));
  const drop = new Set(opts.keepFirst ? at.slice(1) : at);
  if (drop.size === 0) return { splices: [] };
  const kept = list.filter((_, i) => !drop.has(i));
  const c = pool.layout?.config;
  if (c?.style === 'block' && c.entries.length === list.length) {
    // (After a `|+` scalar, the blank lines that follow go too: they would join its value.)
    if (kept.length === 0) return { splices: [{ from: c.keyLineStart, to: c.blankEnd ?? c.end + 1, text: '' }] };
    return { splices: [...drop].map((i) => ({ from: c.entries[i]!.start, to: c.entries[i]!.end + 1, text: '' })) };
  }
  const wide = sequenceStyle(pool.item.source) === 'wide';
  return viaTree(
    pool,
    wide,
    (ctx, spec) => {
      const own = pairOf(spec, 'config')?.value;
      const write = () => setPair(ctx, spec, 'config', kept);
      if (hasMergeKey(spec) || !isSeq(own) || own.items.length !== list.length) return [write];
      // The key goes with its last entry; where that would change another value (a comment
      // line after it joining a block scalar before it), the list stays, emptied.
      const entries = () => removeEntries(ctx, own, drop);
      return kept.length === 0 ? [() => removePair(ctx, spec, 'config'), entries, write] : [entries, write];
    },
    kept,
  );
}

function hasMergeKey(map: YAMLMap): boolean {
  return map.items.some((p) => isScalar(p.key) && p.key.value === '<<');
}

/**
 * An edit of spec from the parsed item, once nothing stands in its way: the first of the
 * ways `edit` gives (undefined: not possible) that changes spec.config to `want` and nothing else.
 */
function viaTree(
  pool: Selected,
  wide: boolean,
  edit: (ctx: EditContext, spec: YAMLMap) => (() => Splice[] | undefined)[],
  want: readonly unknown[],
): NodeEdit {
  const t = pool.item.tree();
  if (!t.ok) return { error: `NodePool ${pool.name} cannot be read to edit its spec.config: ${t.error}` };
  const ctx: EditContext = { tree: t.value, wide };
  const root = t.value.node;
  const spec = isMap(root) ? (root.get('spec', true) as Node | undefined) : undefined;
  const config = isMap(spec) ? (spec.get('config', true) as Node | undefined) : undefined;
  // (spec.config as an alias is fine: the list is written out with the value it stands for.)
  const why =
    blocker(ctx, 'the NodePool', [root]) ??
    blocker(ctx, 'its spec', [spec]) ??
    blocker(ctx, 'its spec.config', isAlias(config) ? [] : [config]);
  if (why) return { error: `cannot wire NodePool ${pool.name} in place: ${why}` };
  if (!isMap(spec)) return { error: `cannot wire NodePool ${pool.name} in place: its spec is not a map` };
  const rest = (o: JsonObject) => {
    const spec = isObject(o.spec) ? { ...o.spec } : {};
    const config = spec.config ?? [];
    delete spec.config;
    return { obj: { ...o, spec }, config };
  };
  const before = pool.item.load();
  let error = `cannot wire NodePool ${pool.name} in place: its layout does not allow an edit that changes nothing else`;
  for (const way of edit(ctx, spec)) {
    let splices: Splice[] | undefined;
    try {
      splices = way();
    } catch (e) {
      if (!(e instanceof CannotEdit)) throw e;
      error = `cannot wire NodePool ${pool.name} in place: ${e.message}`;
      continue;
    }
    if (!splices) continue;
    // Read the item again as it would be written: spec.config as wanted, everything else as it was.
    const after = pool.item.valueAfter(splices);
    if (after === undefined || !before.ok) return { splices }; // (read only with other items: checked by its node ranges)
    const a = after.ok ? rest(after.value) : undefined;
    const b = rest(before.value.obj);
    if (a && sameValue(a.obj, b.obj) && sameValue(a.config, want)) return { splices };
  }
  return { error };
}
