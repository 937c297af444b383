// The pure processor, orchestration only: ResourceList bytes in, ResourceList pieces and
// results out. Reads the list and its config, selects the items that matter, applies the
// config, validates each cluster, generates its objects, and reconciles them with the list.
// No process, no fs: fn/main.ts does the I/O.
import { CODE, names } from '../constants.js';
import { generateForCluster } from '../generate/objects.js';
import {
  canNameObjects,
  clusterOfNodePool,
  collisionAdvice,
  imageTagMirrorSetName,
  ImageTagMirrorSetNames,
  ownerOf,
} from '../hypershift/cluster.js';
import { fileOf, targetOf } from '../krm/kube.js';
import { readResourceList } from '../krm/read.js';
import { hasErrors, result, sortResults, type Result } from '../krm/result.js';
import type { ItemEdit, ItemValue, Piece } from '../krm/write.js';
import { byteOrder } from '../order.js';
import { pullSecretResults } from '../validate/credentials.js';
import { validateHostedCluster, type ClusterValidation } from '../validate/hosted-cluster.js';
import { checkNodePoolRelease } from '../validate/node-pool.js';
import { applyConfig, clusterFromConfig, isConfigTarget, type ClusterInput } from './apply-config.js';
import { readConfig, type FnConfig } from './config.js';
import { reconcile, type ClusterState } from './reconcile.js';
import { select, type Selection } from './select.js';

export interface Processed {
  /** The output ResourceList, in pieces to write in order. */
  output: Piece[];
  results: Result[];
  failed: boolean;
}

export function processResourceList(text: Buffer | string): Processed {
  const list = readResourceList(text);
  const { config, results: configResults } = readConfig(list.functionConfig, list.functionConfigError);
  const done = (results: Result[], edits = new Map<number, ItemEdit>(), added: ItemValue[] = []): Processed => {
    const sorted = sortResults(results);
    return { output: list.write(edits, added, sorted), results: sorted, failed: hasErrors(sorted) };
  };
  // A config that is wrong may have meant anything (validateOnly: "yes", a misspelt key):
  // change nothing, and say only what is wrong with it.
  if (hasErrors(configResults)) return done(configResults);

  const results: Result[] = [...configResults];
  const sel = select(list);
  results.push(...sel.results);
  const { inputs, edited } = clusterInputs(sel, config, results);
  const pooled = new Set(
    sel.nodePools.flatMap((p) => {
      const c = clusterOfNodePool(p.obj, p.namespace);
      return c ? [ownerOf(c)] : [];
    }),
  );
  const validations = new Map<string, ClusterValidation>();
  const clusters = judge(inputs, config, results, pooled, validations);
  results.push(...nodePoolResults(sel, clusters, validations));
  // A cluster's pull secret, when it is in the list, against its mirrors (warnings).
  for (const c of inputs)
    if (clusters.get(ownerOf(c.id))?.kind !== 'leave')
      results.push(...pullSecretResults(c.spec, c.id.namespace, sel.secrets, c.target));
  if (config.validateOnly) return done(results);

  const plan = reconcile(sel, clusters);
  results.push(...plan.results);
  const edits = new Map<number, ItemEdit>(plan.edits);
  for (const hc of sel.hostedClusters) if (edited.has(hc.item.index)) edits.set(hc.item.index, { replace: hc.doc });
  return done(results, edits, plan.added);
}

/** The clusters to validate, with the config applied; and the items the config edited. */
function clusterInputs(sel: Selection, config: FnConfig, results: Result[]) {
  const inputs: ClusterInput[] = [];
  const edited = new Set<number>();
  let targetFound = false;
  for (const hc of sel.hostedClusters) {
    const id = { name: hc.name, namespace: hc.namespace };
    if (isConfigTarget(config, id)) {
      targetFound = true;
      if (!config.validateOnly) {
        applyConfig(hc, config);
        edited.add(hc.item.index);
      }
    }
    inputs.push({ id, spec: hc.obj.spec, target: targetOf(hc.obj), path: fileOf(hc.obj)?.path, options: {} });
  }
  if (!targetFound && config.imageTagMirrorSet) {
    const v = clusterFromConfig(config);
    if (v) inputs.push(v);
    else
      results.push(
        result(
          'error',
          CODE.invalidConfig,
          'imageTagMirrorSet in the function config needs cluster.name and cluster.namespace to say which HostedCluster it is for',
          {},
          'spec.cluster',
        ),
      );
  }
  return { inputs, edited };
}

/** Each cluster's state, by owner: validated, named, and checked against the others. */
function judge(
  inputs: ClusterInput[],
  config: FnConfig,
  results: Result[],
  pooled: ReadonlySet<string>,
  validations: Map<string, ClusterValidation>,
): Map<string, ClusterState> {
  const clusters = new Map<string, ClusterState>();
  const nameOptions = { namespacedNames: config.namespacedNames };
  const itmsNames = new ImageTagMirrorSetNames(nameOptions);
  inputs.sort((a, b) => byteOrder(ownerOf(a.id), ownerOf(b.id)));
  for (const c of inputs) {
    const owner = ownerOf(c.id);
    const v = validateHostedCluster(c.spec, c.target, c.options);
    results.push(...v.results);
    validations.set(owner, v);
    let state: ClusterState = hasErrors(v.results) ? { kind: 'leave' } : { kind: 'empty' };
    if (v.mirrors && v.registries) {
      const nameable = canNameObjects(c.id, nameOptions);
      const other = nameable ? itmsNames.claim(c.id) : undefined;
      if (!nameable) {
        results.push(
          result(
            'error',
            CODE.invalidType,
            `cannot name generated objects after HostedCluster ${JSON.stringify(c.id.name).slice(0, 100)} in namespace ${JSON.stringify(c.id.namespace).slice(0, 100)}: names must be lowercase letters, digits and "-"${config.namespacedNames ? ', and 253 characters at most' : ''}`,
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
            `ImageTagMirrorSet ${name} is cluster scoped and already generated for ${ownerOf(other)}: ${config.namespacedNames ? `HostedClusters ${ownerOf(other)} and ${owner} both make that name` : collisionAdvice(names.imageTagMirrorSet(c.id.name))}`,
            c.target,
            'metadata.name',
          ),
        );
        state = { kind: 'leave' };
      } else {
        state = {
          kind: 'generate',
          target: c.target,
          objects: generateForCluster(c.id, v.mirrors, v.registries, {
            path: c.path,
            namespacedNames: config.namespacedNames,
            generate: config.generate,
          }),
        };
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
function nodePoolWiring(c: ClusterInput, cluster: string): Result {
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
  validations: ReadonlyMap<string, ClusterValidation>,
): Result[] {
  const out: Result[] = [];
  for (const pool of sel.nodePools) {
    const id = clusterOfNodePool(pool.obj, pool.namespace);
    const owner = id && ownerOf(id);
    const v = owner === undefined ? undefined : validations.get(owner);
    if (!v || clusters.get(owner!)?.kind !== 'generate') continue;
    const r = checkNodePoolRelease(v, pool.obj.spec, targetOf(pool.obj));
    if (r) out.push(r);
  }
  return out;
}
