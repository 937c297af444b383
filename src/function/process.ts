// The pure processor, orchestration only: ResourceList bytes in, ResourceList pieces and
// results out. Reads the list and its config, selects the items that matter, applies the
// config, validates each cluster, generates its objects, and reconciles them with the list.
// No process, no fs: fn/main.ts does the I/O.
import { ANNOTATION, CODE, ITMS_KIND, names } from '../constants.js';
import { generatedForCluster, type Generated } from '../generate/objects.js';
import {
  canNameObjects,
  clusterOfNodePool,
  collisionAdvice,
  imageTagMirrorSetName,
  ImageTagMirrorSetNames,
  ownerOf,
} from '../hypershift/cluster.js';
import { fileOf, targetOf, type JsonObject } from '../krm/kube.js';
import { readResourceList } from '../krm/read.js';
import { hasErrors, result, sortResults, type Result } from '../krm/result.js';
import type { ItemEdit, NewItem, Piece } from '../krm/write.js';
import { byteOrder } from '../order.js';
import { pullSecretResults } from '../validate/credentials.js';
import type { ClusterValidation } from '../validate/hosted-cluster.js';
import { validateRemembered } from '../validate/remembered.js';
import { checkNodePoolRelease, nodePoolReleaseMatters } from '../validate/node-pool.js';
import { applyConfig, clusterFromConfig, isConfigTarget, type ClusterInput } from './apply-config.js';
import { readConfig, type FnConfig } from './config.js';
import { reconcile, type ClusterState } from './reconcile.js';
import { renderedByKpt, select, settle, type Selected, type Selection } from './select.js';
import { earlierOutput } from './earlier-output.js';
import { pushAll } from '../arrays.js';

export interface Processed {
  /** The output ResourceList, in pieces to write in order (made as they are consumed: iterate once). */
  output: Iterable<Piece>;
  results: Result[];
  failed: boolean;
  /** kpt ran the function (it shows the results itself, and the function's stderr too). */
  underKpt: boolean;
}

export interface ProcessOptions {
  /**
   * Know an earlier run's output by its text (earlier-output.ts; the default). false reads it
   * as any item: the tests hold the two ways to one output.
   */
  earlierOutput?: boolean;
}

export function processResourceList(text: Buffer | string, opts: ProcessOptions = {}): Processed {
  const list = readResourceList(text);
  const { config, results: configResults } = readConfig(list.functionConfig, list.functionConfigError);
  const known: number[] = [];
  const done = (results: Result[], edits = new Map<number, ItemEdit>(), added: NewItem[] = []): Processed => {
    const sorted = sortResults(results);
    return {
      output: list.write(edits, added, sorted),
      results: sorted,
      failed: hasErrors(sorted),
      underKpt: list.count > 0 && list.candidates([ANNOTATION.packagePath], { skip: known }).some(renderedByKpt),
    };
  };
  // A config that is wrong may have meant anything (validateOnly: "yes", a misspelt key):
  // change nothing, and say only what is wrong with it.
  if (hasErrors(configResults)) return done(configResults);

  const results: Result[] = [...configResults];
  const clusterInputs = new ClusterInputs(config, results);
  // Each HostedCluster is validated as soon as it is read: what was read of it can then go,
  // before the next is read (10,000 clusters never all held at once).
  const sel = select(list, (hc, secrets) => clusterInputs.add(hc, secrets));
  pushAll(results, sel.results);
  const inputs = clusterInputs.done(sel.secrets);
  const pooled = new Set(
    sel.nodePools.flatMap((p) => {
      const c = clusterOfNodePool(p.obj, p.namespace);
      return c ? [ownerOf(c)] : [];
    }),
  );
  const releases = new Map<string, ClusterValidation>();
  const pullSecrets: { owner: string; results: readonly Result[] }[] = [];
  for (const c of inputs) {
    if (c.release) releases.set(ownerOf(c.id), c.release);
    if (c.pullSecret.length) pullSecrets.push({ owner: ownerOf(c.id), results: c.pullSecret });
  }
  const clusters = judge(inputs, config, results, pooled);
  // What an earlier run generated, known now by its text when it is what this run generates.
  const settledFrom = sel.results.length;
  settle(sel, list, opts.earlierOutput === false ? () => undefined : earlierOutput(clusters));
  pushAll(results, sel.results.slice(settledFrom));
  // Our own text, which carries no kpt annotation: not searched for one.
  for (const g of sel.generated) if (g.same) known.push(g.item.index);
  pushAll(results, nodePoolResults(sel, clusters, releases));
  // A cluster's pull secret, when it is in the list, against its mirrors (warnings).
  for (const p of pullSecrets) if (clusters.get(p.owner)?.kind !== 'leave') pushAll(results, p.results);
  if (config.validateOnly) return done(results);

  const plan = reconcile(sel, clusters);
  pushAll(results, plan.results);
  const edits = new Map<number, ItemEdit>(plan.edits);
  for (const [i, e] of clusterInputs.edited) edits.set(i, e);
  return done(results, edits, plan.added);
}

/** No results (one shared empty list: a fleet keeps one per cluster). */
const NONE: readonly Result[] = [];

/** A cluster once validated: what judging and generating need, without what was read of it. */
interface Validated extends Omit<ClusterInput, 'spec'> {
  failed: boolean;
  /** What to generate, when it is valid and has mirrors (made only if its name is free). */
  objects?: Generated[];
  /** What the NodePool release check needs, kept only when its Image config can make a difference. */
  release?: ClusterValidation;
  /** The pull secret rule's results (reported unless the cluster is left as it is). */
  pullSecret: readonly Result[];
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

  add(hc: Selected, secrets: readonly JsonObject[]): void {
    const { config } = this;
    const id = { name: hc.name, namespace: hc.namespace };
    // The config's values (read by the full parser) replace some of the spec of its target.
    let plainValues = hc.fast === true;
    if (isConfigTarget(config, id)) {
      plainValues = false;
      this.targetFound = true;
      if (!config.validateOnly) {
        const edit = applyConfig(hc, config);
        if ('error' in edit) this.results.push(result('error', CODE.cannotEdit, edit.error, targetOf(hc.obj), 'spec'));
        else this.edited.set(hc.item.index, edit);
      }
    }
    this.validate(
      { id, spec: hc.obj.spec, target: targetOf(hc.obj), path: fileOf(hc.obj)?.path, options: {} },
      secrets,
      plainValues,
    );
  }

  private validate({ spec, ...c }: ClusterInput, secrets: readonly JsonObject[], plainValues = false): void {
    const { config } = this;
    const v = validateRemembered(spec, c.target, c.options, plainValues);
    pushAll(this.results, v.results);
    const objects =
      v.mirrors && v.registries
        ? generatedForCluster(c.id, v.mirrors, v.registries, {
            path: c.path,
            namespacedNames: config.namespacedNames,
            generate: config.generate,
          })
        : undefined;
    const release = nodePoolReleaseMatters(v) ? { ...v, results: [] } : undefined;
    const pullSecret = secrets.length ? pullSecretResults(spec, c.id.namespace, secrets, c.target) : NONE;
    this.inputs.push({ ...c, failed: hasErrors(v.results), objects, release, pullSecret });
  }

  done(secrets: readonly JsonObject[]): Validated[] {
    const { config } = this;
    if (!this.targetFound && config.imageTagMirrorSet) {
      const v = clusterFromConfig(config);
      if (v) this.validate(v, secrets);
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
function judge(
  inputs: Validated[],
  config: FnConfig,
  results: Result[],
  pooled: ReadonlySet<string>,
): Map<string, ClusterState> {
  const clusters = new Map<string, ClusterState>();
  const nameOptions = { namespacedNames: config.namespacedNames };
  // Only a generated ImageTagMirrorSet claims its cluster-scoped name (generate: [ConfigMap]
  // leaves it out; the ConfigMap is namespaced, and the cluster's own name makes it unique there).
  const itmsNames = config.generate.includes(ITMS_KIND) ? new ImageTagMirrorSetNames(nameOptions) : undefined;
  // In owner order, taken off the end of the list so that each one's value can go once judged.
  const byOwner = inputs.map((c) => ({ owner: ownerOf(c.id), c }));
  inputs.length = 0;
  byOwner.sort((a, b) => byteOrder(b.owner, a.owner));
  for (let next = byOwner.pop(); next; next = byOwner.pop()) {
    const { owner, c } = next;
    let state: ClusterState = c.failed ? { kind: 'leave' } : { kind: 'empty' };
    if (c.objects) {
      const nameable = canNameObjects(c.id, itmsNames ? nameOptions : {});
      const other = nameable ? itmsNames?.claim(c.id) : undefined;
      if (!nameable) {
        results.push(
          result(
            'error',
            CODE.invalidType,
            `cannot name generated objects after HostedCluster ${JSON.stringify(c.id.name).slice(0, 100)} in namespace ${JSON.stringify(c.id.namespace).slice(0, 100)}: names must be lowercase letters, digits and "-"${itmsNames && config.namespacedNames ? ', and 253 characters at most' : ''}`,
            c.target,
            'metadata.name',
          ),
        );
        state = { kind: 'leave' };
      } else if (other && ownerOf(other) !== owner) {
        const name = imageTagMirrorSetName(c.id, nameOptions);
        results.push(
          result(
            'error',
            CODE.nameCollision,
            `ImageTagMirrorSet ${name} is cluster scoped and already generated for ${ownerOf(other)}: ${config.namespacedNames ? `HostedClusters ${ownerOf(other)} and ${owner} both make that name: ` : ''}${collisionAdvice(names.imageTagMirrorSet(c.id.name), nameOptions)}`,
            c.target,
            'metadata.name',
          ),
        );
        state = { kind: 'leave' };
      } else {
        state = { kind: 'generate', target: c.target, objects: c.objects };
        if (c.fromConfig && !pooled.has(owner)) results.push(nodePoolWiring(c, c.id.name));
      }
    }
    if (clusters.has(owner)) {
      results.push(result('error', CODE.nameCollision, `HostedCluster ${owner} appears twice in the input`, c.target));
      state = { kind: 'leave' };
    }
    clusters.set(owner, state);
  }
  return clusters;
}

/** Generator mode: kustomize hands the function no NodePools, so the user wires them. */
function nodePoolWiring(c: Validated, cluster: string): Result {
  return result(
    'info',
    CODE.nodePoolWiring,
    `generated ConfigMap ${names.configMap(cluster)} for HostedCluster ${ownerOf(c.id)} without seeing its NodePools: add "- name: ${names.configMap(cluster)}" to spec.config of each of them (a patch in your kustomization; see the README, Kustomize generator)`,
    c.target,
  );
}

/** NodePools whose own release image would give their nodes another registries.conf (MCO's payload rule). */
function nodePoolResults(
  sel: Selection,
  clusters: ReadonlyMap<string, ClusterState>,
  releases: ReadonlyMap<string, ClusterValidation>,
): Result[] {
  const out: Result[] = [];
  if (releases.size === 0) return out;
  for (const pool of sel.nodePools) {
    const id = clusterOfNodePool(pool.obj, pool.namespace);
    const owner = id && ownerOf(id);
    const v = owner === undefined ? undefined : releases.get(owner);
    if (!v || clusters.get(owner!)?.kind !== 'generate') continue;
    const r = checkNodePoolRelease(v, pool.obj.spec, targetOf(pool.obj));
    if (r) out.push(r);
  }
  return out;
}
