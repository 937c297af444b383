// One differential check of the fast reader (src/krm/block-read.ts), shared by its table and
// property tests: every item of a ResourceList read fast and by the full parse the function
// falls back to, and NodePool edits made from the reader's offsets and from node ranges.
import { parseAllDocuments } from 'yaml';
import { withConfigEntry, withoutConfigEntries } from '../../src/function/node-pool-text.js';
import { CANDIDATE_FIELDS, select, type Selected } from '../../src/function/select.js';
import type { Selection } from '../../src/krm/block-read.js';
import { isObject } from '../../src/krm/kube.js';
import { parseKube } from '../../src/krm/kube-yaml.js';
import { readResourceList } from '../../src/krm/read.js';
import { applySplices } from '../../src/krm/write.js';
import { goYamlDisagreement, project, same } from './yaml-oracle.js';

const SELECTIONS: Selection[] = [CANDIDATE_FIELDS, true];
export const HEADER = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n';

export interface Stats {
  items: number;
  read: number;
  gaveUp: number;
  edits: number;
}
export const newStats = (): Stats => ({ items: 0, read: 0, gaveUp: 0, edits: 0 });

/** A ResourceList's items, each read both ways; undefined when they agree, else what differs. */
export function check(items: string, stats: Stats = newStats()): string | undefined {
  const input = Buffer.from(HEADER + items);
  let list;
  try {
    list = readResourceList(input);
  } catch {
    return undefined; // refused whole (e.g. a broken last item): nothing read fast
  }
  // Every item holds its dash: all of them are candidates.
  for (const item of list.candidates(['-'])) {
    stats.items++;
    for (const sel of SELECTIONS) {
      const fast = item.fast(sel);
      if (!fast) {
        stats.gaveUp++;
        continue;
      }
      stats.read++;
      const loaded = item.load();
      const where = `item ${item.index} (${sel === true ? 'whole' : 'candidate fields'}):\n${item.source}`;
      if (!loaded.ok) return `the reader read an item the full parse refuses (${loaded.error}): ${where}`;
      const want = project(loaded.value.obj, sel);
      if (!same(fast.value, want))
        return `values differ: reader ${JSON.stringify(fast.value)}, full parse ${JSON.stringify(want)}: ${where}`;
      // YAML 1.2 (a reader that knows no YAML 1.1 words) sees the same strings.
      const docs = parseAllDocuments(item.source.replace(/^( *)-/, '$1 '));
      const v12 = Array.isArray(docs) && docs.length === 1 ? project(docs[0]!.toJS(), sel) : undefined;
      if (!same(fast.value, v12)) return `YAML 1.2 reads ${JSON.stringify(v12)}: ${where}`;
      const tree = item.tree();
      if (!tree.ok) return `no tree: ${where}`;
      const go = goYamlDisagreement(tree.value.node, sel);
      if (go) return `go-yaml reads differently: ${go}: ${where}`;
    }
  }
  // NodePool edits: from the reader's offsets and from the parsed item, the same meaning (and
  // from the parsed item alone where the reader gave up: anchors, merge keys, flow style...).
  for (const pool of select(list).nodePools) {
    const why = checkEdits(input, pool, stats);
    if (why) return `${why}:\n${pool.item.source}`;
  }
  return undefined;
}

/** The whole list as kubectl reads it (go-yaml's scalars, and its line breaks: NEL, U+2028, U+2029 in flow scalars). */
const kube = (text: string) => {
  // (A lone CR is a line break to kubectl, not to the yaml package.)
  const docs = parseKube(text.replace(/\r(?!\n)/g, '\n'));
  if (docs.length !== 1 || docs[0]!.errors.length) return undefined;
  try {
    return docs[0]!.toJS({ maxAliasCount: 1000 });
  } catch {
    return undefined; // an alias without its anchor: not YAML kubectl reads
  }
};

function checkEdits(input: Buffer, pool: Selected, stats: Stats): string | undefined {
  const before = kube(input.toString('utf8')) as { items: { spec: Record<string, unknown> }[] } | undefined;
  if (!before) return undefined; // not valid YAML as a whole (a mutation outside the items): nothing to compare
  const index = pool.item.index;
  const spec = isObject(pool.obj.spec) ? pool.obj.spec : {};
  const entries = Array.isArray(spec.config) ? spec.config : [];
  const names = ['ours-x', ...entries.flatMap((e) => (isObject(e) && typeof e.name === 'string' ? [e.name] : []))];
  const listOrNone = spec.config === undefined || spec.config === null || Array.isArray(spec.config);
  for (const name of names.slice(0, 2)) {
    for (const op of ['add', 'remove'] as const) {
      // What reconcile asks for: add a new name to a list (or none), remove a name it holds.
      if (op === 'add' ? name !== 'ours-x' || !listOrNone : name === 'ours-x') continue;
      const results: unknown[] = [];
      for (const via of pool.layout ? (['layout', 'tree'] as const) : (['tree'] as const)) {
        const p = via === 'tree' ? { ...pool, layout: undefined } : pool;
        const edit = op === 'add' ? withConfigEntry(p, name) : withoutConfigEntries(p, name);
        if ('error' in edit) {
          // Refusing is allowed where the reader gave up (an alias, an anchor repeated elsewhere).
          if (!pool.layout) continue;
          return `${via} ${op} ${name}: ${edit.error}`;
        }
        const out = Buffer.concat([...applySplices(input, edit.splices)].map((x) => Buffer.from(x))).toString('utf8');
        const after = kube(out) as typeof before;
        if (!after) return `${via} ${op} ${name}: the list no longer parses:\n${out}`;
        const spec = { ...after.items[index]!.spec };
        const config = spec.config as unknown[] | undefined;
        const old = before.items[index]!.spec.config;
        const oldList = Array.isArray(old) ? old : [];
        const want =
          op === 'add' ? [...oldList, { name }] : oldList.filter((e) => (e as { name?: unknown })?.name !== name);
        if (!same(config ?? [], want))
          return `${via} ${op} ${name}: config is ${JSON.stringify(config)}, want ${JSON.stringify(want)}:\n${out}`;
        // Nothing else of the item changed, nor any other item.
        delete spec.config;
        const wantSpec = { ...before.items[index]!.spec };
        delete wantSpec.config;
        if (!same(spec, wantSpec))
          return `${via} ${op} ${name}: another field changed: ${JSON.stringify(spec)} was ${JSON.stringify(wantSpec)}:\n${out}`;
        if (!same(after.items.length, before.items.length)) return `${via} ${op}: items lost`;
        results.push(after);
        stats.edits++;
      }
    }
  }
  return undefined;
}
