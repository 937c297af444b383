// A cluster's registries.conf two ways: from the spec (the function's own processor renders the
// cluster's files, as check does) or as committed (the data URL inside the generated ConfigMap
// in the files, decoded). Shared by `registries-conf` and `explain --from`.
import { CONFIG_MAP_KIND, OWNER_ANNOTATION, RESOURCE_LIST_API_VERSIONS, RESOURCE_LIST_KIND } from '../constants.js';
import {
  RenderInput,
  locateItem,
  originalValue,
  renderUnit,
  generatedByOwner,
  type UnitItem,
} from '../check/render.js';
import { loadInputs, type DocumentSeen, type InputFile, type Loaded, type Subject } from '../check/subjects.js';
import { firstConfDifference } from '../check/stale.js';
import { processResourceList } from '../function/process.js';
import { registriesConfOf, type Gunzip } from '../generate/objects.js';
import { ownerOf } from '../hypershift/cluster.js';
import { annotationsOf, isObject, type JsonObject } from '../krm/kube.js';
import { readResourceList } from '../krm/read.js';
import type { Result } from '../krm/result.js';
import { fail, ok, type Outcome } from '../outcome.js';
import { tick } from '../work.js';

export const CONF_SOURCES = ['spec', 'committed'] as const;
export type ConfSource = (typeof CONF_SOURCES)[number];

/** The committed generated ConfigMap of a cluster, where it is, and its registries.conf. */
export interface Committed {
  text: Outcome<string>;
  /** "path:line" of the ConfigMap's name. */
  place: string;
  /** "ConfigMap namespace/name". */
  label: string;
}

export const ownerOfSubject = (s: Subject) => ownerOf({ name: s.name, namespace: s.namespace });

/** One render's findings by cluster ("ns/name"), indexed once: a fleet asks once per cluster. */
interface RenderIndex {
  errors: Map<string, Result[]>;
  configMaps: Map<string, JsonObject[]>;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function errorsByCluster(results: readonly Result[]): Map<string, Result[]> {
  const out = new Map<string, Result[]>();
  for (const r of results) {
    tick();
    if (r.severity === 'error' && r.resourceRef?.kind === 'HostedCluster')
      push(out, ownerOf({ name: r.resourceRef.name, namespace: r.resourceRef.namespace ?? '' }), r);
  }
  return out;
}

const isResourceList = (v: unknown): v is JsonObject =>
  isObject(v) &&
  v.kind === RESOURCE_LIST_KIND &&
  (RESOURCE_LIST_API_VERSIONS as readonly unknown[]).includes(v.apiVersion);

const ownerOfObject = (o: JsonObject) => annotationsOf(o)[OWNER_ANNOTATION];

/**
 * A ResourceList document (a file as kpt hands it to the function, such as
 * examples/resource-list.yaml) is rendered as it is: the function reads its items and its
 * functionConfig, as when the file is piped to it.
 */
function renderResourceList(text: string): Outcome<RenderIndex> {
  const configMaps = new Map<string, JsonObject[]>();
  let results: Result[];
  try {
    const processed = processResourceList(Buffer.from(text, 'utf8'));
    const output = Buffer.concat(
      [...processed.output].map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)),
    );
    results = processed.results;
    for (const item of readResourceList(output).candidates([OWNER_ANNOTATION])) {
      tick();
      const loaded = item.load();
      if (!loaded.ok || loaded.value.obj.kind !== CONFIG_MAP_KIND) continue;
      const owner = ownerOfObject(loaded.value.obj);
      if (owner !== undefined) push(configMaps, owner, loaded.value.obj);
    }
  } catch (e) {
    return fail(`the function cannot render it: ${(e as Error)?.message ?? String(e)}`);
  }
  return ok({ errors: errorsByCluster(results), configMaps });
}

const docKey = (file: string, index: number) => `${file}\0${index}`;

export class ClusterConfs {
  readonly loaded: Loaded;
  private readonly render: RenderInput;
  /** Renders by unit key (or ResourceList document), each indexed by cluster. */
  private readonly rendered = new Map<string, Outcome<RenderIndex>>();
  /** ResourceList documents by file and index: their items are rendered in the list. */
  private readonly lists = new Map<string, { seen: DocumentSeen; value: JsonObject }>();
  /** Decompresses a committed file with `compression: gzip` (node:zlib, from fn/). */
  private readonly gunzip: Gunzip | undefined;

  /**
   * `places`: the caller places results in the files (explain): the documents' trees are kept
   * until it calls loaded.forget(). Else they are read without trees (registries-conf).
   */
  constructor(
    files: readonly InputFile[],
    opts: { stdin?: boolean; ignores?: readonly InputFile[]; gunzip?: Gunzip; places?: boolean } = {},
  ) {
    this.gunzip = opts.gunzip;
    this.render = new RenderInput(files, { mode: 'require', stdin: opts.stdin, ignores: opts.ignores });
    this.loaded = loadInputs(files, {
      fast: opts.places !== true,
      onDocument: (d) => {
        if (isResourceList(d.value)) this.lists.set(docKey(d.file.path, d.index), { seen: d, value: d.value });
        this.render.add(d);
      },
    });
  }

  /** The ResourceList document a subject is an item of, if it is one. */
  private listOf(s: Subject) {
    return this.lists.get(docKey(s.file, s.document));
  }

  /** The generated ConfigMap of the cluster in the input, preferring one rendered with it (same unit). */
  committed(s: Subject): Committed | undefined {
    const list = this.listOf(s);
    if (list) {
      const items = Array.isArray(list.value.items) ? list.value.items : [];
      const found = items.find(
        (i): i is JsonObject => isObject(i) && i.kind === CONFIG_MAP_KIND && ownerOfObject(i) === ownerOfSubject(s),
      );
      return found ? committedOf(found, s.file, undefined, this.gunzip) : undefined;
    }
    const own = this.render.unitOf(s.file);
    const maps = this.render.ownedBy(ownerOfSubject(s)).filter((i) => i.ref.kind === CONFIG_MAP_KIND);
    const found = maps.find((i) => own?.items[i.id] === i) ?? maps[0];
    if (!found) return undefined;
    return committedOf(originalValue(found), placeOf(found), found.ref, this.gunzip);
  }

  /** The registries.conf the function renders for the cluster from the files, or why there is none. */
  spec(s: Subject): Outcome<string> {
    if (s.kind !== 'HostedCluster')
      return fail(`a ${s.kind === 'MirrorList' ? 'mirror list' : 'function config'} is not a cluster`);
    const out = this.indexOf(s);
    if (!out.ok) return out;
    const owner = ownerOfSubject(s);
    // A cluster with errors keeps what was committed: that is no render of its spec.
    const errors = out.value.errors.get(owner);
    // Every error, one per line after the first (the caller prints each line).
    if (errors)
      return fail(
        errors.length === 1
          ? `the function generates nothing for it: ${errorText(errors[0]!)}`
          : [`the function generates nothing for it: ${errors.length} errors:`, ...errors.map(errorText)].join('\n'),
      );
    const cm = out.value.configMaps.get(owner)?.[0];
    if (cm) return registriesConfOf(cm);
    const spec = isObject(s.spec) ? s.spec : {};
    if (!Array.isArray(spec.imageTagMirrorSet) || spec.imageTagMirrorSet.length === 0)
      return fail(
        'no imageTagMirrorSet: the function generates no registries.conf (the nodes keep the one MCO renders)',
      );
    return fail('the function generates no ConfigMap for it');
  }

  /** The render the subject is part of (its unit's, or its ResourceList's), made and indexed once. */
  private indexOf(s: Subject): Outcome<RenderIndex> {
    const list = this.listOf(s);
    const key = list ? `list ${docKey(s.file, s.document)}` : this.render.unitOf(s.file)?.key;
    if (key === undefined) return fail(`${s.file} is left out of its kpt package (.krmignore), so no render sees it`);
    let out = this.rendered.get(key);
    if (!out) {
      if (list) out = renderResourceList(list.seen.file.text.slice(list.seen.start, list.seen.end));
      else {
        const unit = this.render.unitOf(s.file)!;
        const config = this.render.functionConfig(unit);
        const rendered = config.ok ? renderUnit(unit, config.value) : config;
        out = rendered.ok
          ? ok({ errors: errorsByCluster(rendered.value.results), configMaps: generatedByOwner(rendered.value) })
          : rendered;
      }
      this.rendered.set(key, out);
    }
    return out;
  }

  /** A note when the committed registries.conf is not what the spec renders now. */
  staleNote(s: Subject, committed: Committed): string | undefined {
    if (!committed.text.ok)
      return `the committed ${committed.label} (${committed.place}) cannot be read: ${committed.text.error}`;
    const spec = this.spec(s);
    if (!spec.ok) return undefined;
    const diff = firstConfDifference(committed.text.value, spec.value);
    return diff
      ? `the committed registries.conf in ${committed.label} (${committed.place}) differs from what the spec renders now (${diff}): it is stale; render again`
      : undefined;
  }
}

function placeOf(i: UnitItem): string {
  const at = locateItem(i, ['metadata', 'name']);
  return `${i.file.path}${at ? `:${at.line}` : ''}`;
}

function committedOf(
  value: unknown,
  place: string,
  ref: { name: string; namespace?: string } = refOfValue(value),
  gunzip?: Gunzip,
): Committed {
  return {
    text: registriesConfOf(value, gunzip),
    place,
    label: `${CONFIG_MAP_KIND} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`,
  };
}

function refOfValue(value: unknown): { name: string; namespace?: string } {
  const md = isObject(value) && isObject(value.metadata) ? value.metadata : {};
  return {
    name: typeof md.name === 'string' ? md.name : '',
    ...(typeof md.namespace === 'string' ? { namespace: md.namespace } : {}),
  };
}

const errorText = (r: Result) => `error[${r.tags.code}] ${r.field ? `${r.field.path}: ` : ''}${r.message}`;
