// A cluster's registries.conf two ways: from the spec (the function's own processor renders the
// cluster's files, as check does) or as committed (the data URL inside the generated ConfigMap
// in the files, decoded). Shared by `registries-conf` and `explain --from`.
import { CONFIG_MAP_KIND } from '../constants.js';
import {
  RenderInput,
  locateItem,
  originalValue,
  renderUnit,
  generatedObjects,
  type Rendered,
} from '../check/render.js';
import { loadInputs, type InputFile, type Loaded, type Subject } from '../check/subjects.js';
import { firstConfDifference } from '../check/stale.js';
import { registriesConfOf, type Gunzip } from '../generate/objects.js';
import { ownerOf } from '../hypershift/cluster.js';
import { isObject } from '../krm/kube.js';
import { fail, type Outcome } from '../outcome.js';

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

export class ClusterConfs {
  readonly loaded: Loaded;
  private readonly render: RenderInput;
  private readonly rendered = new Map<string, Outcome<Rendered>>();
  /** Decompresses a committed file with `compression: gzip` (node:zlib, from fn/). */
  private readonly gunzip: Gunzip | undefined;

  constructor(
    files: readonly InputFile[],
    opts: { stdin?: boolean; ignores?: readonly InputFile[]; gunzip?: Gunzip } = {},
  ) {
    this.gunzip = opts.gunzip;
    this.render = new RenderInput(files, { mode: 'require', stdin: opts.stdin, ignores: opts.ignores });
    this.loaded = loadInputs(files, { onDocument: (d) => this.render.add(d) });
  }

  /** The generated ConfigMap of the cluster in the input, preferring one rendered with it (same unit). */
  committed(s: Subject): Committed | undefined {
    const own = this.render.unitOf(s.file);
    const maps = this.render.ownedBy(ownerOfSubject(s)).filter((i) => i.ref.kind === CONFIG_MAP_KIND);
    const found = maps.find((i) => own?.items[i.id] === i) ?? maps[0];
    if (!found) return undefined;
    const at = locateItem(found, ['metadata', 'name']);
    return {
      text: registriesConfOf(originalValue(found), this.gunzip),
      place: `${found.file.path}${at ? `:${at.line}` : ''}`,
      label: `${CONFIG_MAP_KIND} ${found.ref.namespace ? `${found.ref.namespace}/` : ''}${found.ref.name}`,
    };
  }

  /** The registries.conf the function renders for the cluster from the files, or why there is none. */
  spec(s: Subject): Outcome<string> {
    if (s.kind !== 'HostedCluster')
      return fail(`a ${s.kind === 'MirrorList' ? 'mirror list' : 'function config'} is not a cluster`);
    const unit = this.render.unitOf(s.file);
    if (!unit) return fail(`${s.file} is left out of its kpt package (.krmignore), so no render sees it`);
    let out = this.rendered.get(unit.key);
    if (!out) {
      const config = this.render.functionConfig(unit);
      out = config.ok ? renderUnit(unit, config.value) : config;
      this.rendered.set(unit.key, out);
    }
    if (!out.ok) return out;
    // A cluster with errors keeps what was committed: that is no render of its spec.
    const error = out.value.results.find(
      (r) =>
        r.severity === 'error' &&
        r.resourceRef?.kind === 'HostedCluster' &&
        r.resourceRef.name === s.name &&
        (r.resourceRef.namespace ?? '') === s.namespace,
    );
    if (error) return fail(`the function generates nothing for it: ${error.message}`);
    const cm = generatedObjects(out.value, ownerOfSubject(s))[0];
    if (cm) return registriesConfOf(cm);
    const spec = isObject(s.spec) ? s.spec : {};
    if (!Array.isArray(spec.imageTagMirrorSet) || spec.imageTagMirrorSet.length === 0)
      return fail(
        'no imageTagMirrorSet: the function generates no registries.conf (the nodes keep the one MCO renders)',
      );
    return fail('the function generates no ConfigMap for it');
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
