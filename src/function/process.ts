// The pure processor, orchestration only: ResourceList bytes in, ResourceList pieces and
// results out. Reads the list and its config, selects the items that matter, applies the
// config, validates each cluster, generates its objects, and reconciles them with the list.
// No process, no fs: fn/main.ts does the I/O.
import { CODE, names } from '../constants.js';
import { generatedForCluster, type Generated } from '../generate/objects.js';
import { canNameObjects, ImageTagMirrorSetNames, ownerOf } from '../hypershift/cluster.js';
import { fileOf, targetOf } from '../krm/kube.js';
import { readResourceList } from '../krm/read.js';
import { hasErrors, result, sortResults, type Result } from '../krm/result.js';
import type { ItemEdit, NewItem, Piece } from '../krm/write.js';
import { byteOrder } from '../order.js';
import { validateHostedCluster } from '../validate/hosted-cluster.js';
import { applyConfig, clusterFromConfig, isConfigTarget, type ClusterInput } from './apply-config.js';
import { readConfig, type FnConfig } from './config.js';
import { reconcile, type ClusterState } from './reconcile.js';
import { select, type Selected } from './select.js';

export interface Processed {
  /** The output ResourceList, in pieces to write in order (made as they are consumed: iterate once). */
  output: Iterable<Piece>;
  results: Result[];
  failed: boolean;
}

export function processResourceList(text: Buffer | string): Processed {
  const list = readResourceList(text);
  const { config, results: configResults } = readConfig(list.functionConfig, list.functionConfigError);
  const results: Result[] = [...configResults];
  const clusterInputs = new ClusterInputs(config, results);
  // Each HostedCluster is validated as soon as it is read: what was read of it can then go,
  // before the next is read (10,000 clusters never all held at once).
  const sel = select(list, (hc) => clusterInputs.add(hc));
  results.push(...sel.results);
  const inputs = clusterInputs.done();
  const clusters = judge(inputs, results);

  const edits = new Map<number, ItemEdit>();
  let added: NewItem[] = [];
  if (!config.validateOnly) {
    const plan = reconcile(sel, clusters);
    results.push(...plan.results);
    for (const [i, e] of plan.edits) edits.set(i, e);
    added = plan.added;
    for (const [i, e] of clusterInputs.edited) edits.set(i, e);
  }
  const sorted = sortResults(results);
  return { output: list.write(edits, added, sorted), results: sorted, failed: hasErrors(sorted) };
}

/** A cluster once validated: what judging and generating need, without what was read of it. */
interface Validated extends Omit<ClusterInput, 'spec'> {
  failed: boolean;
  /** What to generate, when it is valid and has mirrors (made only if its name is free). */
  objects?: Generated[];
}

/** The clusters to judge, with the config applied and each validated; and the items the config edited. */
class ClusterInputs {
  readonly edited = new Map<number, ItemEdit>();
  private readonly inputs: Validated[] = [];
  private targetFound = false;
  constructor(
    private readonly config: FnConfig,
    private readonly results: Result[],
  ) {}

  add(hc: Selected): void {
    const { config } = this;
    const id = { name: hc.name, namespace: hc.namespace };
    if (isConfigTarget(config, id)) {
      this.targetFound = true;
      if (!config.validateOnly) {
        const edit = applyConfig(hc, config);
        if ('error' in edit) this.results.push(result('error', CODE.cannotEdit, edit.error, targetOf(hc.obj), 'spec'));
        else this.edited.set(hc.item.index, edit);
      }
    }
    this.validate({ id, spec: hc.obj.spec, target: targetOf(hc.obj), path: fileOf(hc.obj)?.path, options: {} });
  }

  private validate({ spec, ...c }: ClusterInput): void {
    const v = validateHostedCluster(spec, c.target, c.options);
    this.results.push(...v.results);
    const objects =
      v.mirrors && v.registries
        ? generatedForCluster(c.id, v.mirrors, v.registries, { role: this.config.role, path: c.path })
        : undefined;
    this.inputs.push({ ...c, failed: hasErrors(v.results), objects });
  }

  done(): Validated[] {
    const { config } = this;
    if (!this.targetFound && config.imageTagMirrorSet) {
      const v = clusterFromConfig(config);
      if (v) this.validate(v);
      else
        this.results.push(
          result(
            'error',
            CODE.invalidConfig,
            'imageTagMirrorSet in the function config needs cluster.name and cluster.namespace to say which HostedCluster it is for',
            {},
            'spec.cluster',
          ),
        );
    }
    return this.inputs;
  }
}

/** Each cluster's state, by owner: validated, named, and checked against the others. */
function judge(inputs: Validated[], results: Result[]): Map<string, ClusterState> {
  const clusters = new Map<string, ClusterState>();
  const itmsNames = new ImageTagMirrorSetNames();
  // In owner order, taken off the end of the list so that each one's value can go once judged.
  const byOwner = inputs.map((c) => ({ owner: ownerOf(c.id), c }));
  inputs.length = 0;
  byOwner.sort((a, b) => byteOrder(b.owner, a.owner));
  for (let next = byOwner.pop(); next; next = byOwner.pop()) {
    const { owner, c } = next;
    let state: ClusterState = c.failed ? { kind: 'failed' } : { kind: 'empty' };
    if (c.objects) {
      const nameable = canNameObjects(c.id);
      const other = nameable ? itmsNames.claim(c.id) : undefined;
      if (!nameable) {
        results.push(
          result(
            'error',
            CODE.invalidType,
            `cannot name generated objects after HostedCluster ${JSON.stringify(c.id.name).slice(0, 100)} in namespace ${JSON.stringify(c.id.namespace).slice(0, 100)}: names must be lowercase letters, digits and "-"`,
            c.target,
            'metadata.name',
          ),
        );
        state = { kind: 'failed' };
      } else if (other) {
        results.push(
          result(
            'error',
            CODE.nameCollision,
            `ImageTagMirrorSet ${names.imageTagMirrorSet(c.id.name)} is cluster scoped and already generated for ${ownerOf(other)}: two HostedClusters named "${c.id.name}" cannot both carry an imageTagMirrorSet; rename one`,
            c.target,
            'metadata.name',
          ),
        );
        state = { kind: 'failed' };
      } else {
        state = { kind: 'generate', objects: c.objects };
      }
    }
    if (clusters.has(owner)) {
      results.push(result('error', CODE.nameCollision, `HostedCluster ${owner} appears twice in the input`, c.target));
      state = { kind: 'failed' };
    }
    clusters.set(owner, state);
  }
  return clusters;
}
