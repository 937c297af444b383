// The pure processor: ResourceList bytes in, ResourceList pieces and results out.
// No process, no fs: fn/main.ts does the I/O.
import type { Document } from 'yaml';
import { CODE, HOSTED_CLUSTER_KIND, HYPERSHIFT_GROUP, names } from './constants.js';
import { readConfig, type FnConfig } from './config.js';
import { generateForCluster, ownerOf, type ClusterId } from './generate/objects.js';
import { fileOf, targetOf, isObject, type JsonObject } from './krm/kube.js';
import { reconcile, type ClusterState } from './reconcile.js';
import { parseVersion } from './release-version.js';
import { readResourceList } from './krm/read.js';
import type { ItemEdit, ItemValue, Piece } from './krm/write.js';
import { hasErrors, result, sortResults, type Target, type Result } from './krm/result.js';
import { select, type Selected } from './select.js';
import { YAML_STYLE } from './krm/yaml-emit.js';
import { validateHostedCluster, type ValidateOptions } from './validate/hosted-cluster.js';

/** What Kubernetes accepts as an object name (linear: one anchored pass). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

export interface Outcome {
  /** The output ResourceList, in pieces to write in order. */
  output: Piece[];
  results: Result[];
  failed: boolean;
}

interface ClusterInput {
  id: ClusterId;
  spec: unknown;
  subject: Target;
  path?: string;
  options: ValidateOptions;
}

/** Generator mode: the config alone describes the cluster (kustomize hands us no resources). */
function virtualCluster(config: FnConfig): ClusterInput | undefined {
  const c = config.cluster;
  if (!c) return undefined;
  const version = c.version ? parseVersion(c.version) : undefined;
  return {
    id: { name: c.name, namespace: c.namespace },
    spec: {
      release: c.releaseImage ? { image: c.releaseImage } : undefined,
      imageTagMirrorSet: config.imageTagMirrorSet ?? [],
      imageContentSources: config.imageContentSources ?? [],
    },
    subject: {
      resourceRef: {
        apiVersion: `${HYPERSHIFT_GROUP}/v1beta1`,
        kind: HOSTED_CLUSTER_KIND,
        name: c.name,
        namespace: c.namespace,
      },
    },
    options: version ? { version } : {},
  };
}

/**
 * Puts the config's list into the named HostedCluster, keeping the rest of the item:
 * "replace" sets the list; "merge" replaces entries of the same source and appends the others.
 */
export function mergeMirrorList(
  existing: unknown,
  incoming: readonly unknown[],
  strategy: FnConfig['mergeStrategy'],
): unknown[] {
  if (strategy === 'replace' || !Array.isArray(existing)) return [...incoming];
  const sourceOf = (e: unknown) => (isObject(e) && typeof e.source === 'string' ? e.source : undefined);
  const used = new Set<number>();
  const merged = existing.map((e) => {
    const s = sourceOf(e);
    // The first incoming entry of that source takes its place; any further one is appended,
    // so a duplicate in the config is reported, not silently dropped.
    const i = s === undefined ? -1 : incoming.findIndex((x, j) => !used.has(j) && sourceOf(x) === s);
    if (i < 0) return e;
    used.add(i);
    return incoming[i];
  });
  return [...merged, ...incoming.filter((_, j) => !used.has(j))];
}

function setMirrors(hc: Selected, config: FnConfig): void {
  const doc: Document = hc.doc;
  const spec = isObject(hc.obj.spec) ? hc.obj.spec : {};
  const list = mergeMirrorList(spec.imageTagMirrorSet, config.imageTagMirrorSet ?? [], config.mergeStrategy);
  doc.setIn(['spec', 'imageTagMirrorSet'], doc.createNode(list, YAML_STYLE));
  if (config.imageContentSources)
    doc.setIn(['spec', 'imageContentSources'], doc.createNode(config.imageContentSources));
  hc.obj = doc.toJS() as JsonObject;
}

export function processResourceList(text: Buffer | string): Outcome {
  const list = readResourceList(text);
  const { config, results: configResults } = readConfig(list.functionConfig, list.functionConfigError);
  const results: Result[] = [...configResults];
  const sel = select(list);
  results.push(...sel.results);
  const edited = new Set<number>();

  const inputs: ClusterInput[] = [];
  let targetFound = false;
  for (const hc of sel.hostedClusters) {
    const id = { name: hc.name, namespace: hc.namespace };
    if (
      config.cluster &&
      config.imageTagMirrorSet &&
      config.cluster.name === id.name &&
      config.cluster.namespace === id.namespace
    ) {
      targetFound = true;
      if (!config.validateOnly) {
        setMirrors(hc, config);
        edited.add(hc.item.index);
      }
    }
    inputs.push({ id, spec: hc.obj.spec, subject: targetOf(hc.obj), path: fileOf(hc.obj)?.path, options: {} });
  }
  if (!targetFound && config.imageTagMirrorSet) {
    const v = virtualCluster(config);
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

  const clusters = new Map<string, ClusterState>();
  const itmsNames = new Map<string, string>();
  inputs.sort((a, b) => (ownerOf(a.id) < ownerOf(b.id) ? -1 : ownerOf(a.id) > ownerOf(b.id) ? 1 : 0));
  for (const c of inputs) {
    const owner = ownerOf(c.id);
    const v = validateHostedCluster(c.spec, c.subject, c.options);
    results.push(...v.results);
    let state: ClusterState = hasErrors(v.results) ? { kind: 'failed' } : { kind: 'empty' };
    if (v.mirrors && v.blocks) {
      const itms = names.imageTagMirrorSet(c.id.name);
      const other = itmsNames.get(itms);
      if (!DNS_SUBDOMAIN.test(itms) || itms.length > 253 || !DNS_SUBDOMAIN.test(c.id.namespace || 'default')) {
        results.push(
          result(
            'error',
            CODE.invalidType,
            `cannot name generated objects after HostedCluster ${JSON.stringify(c.id.name).slice(0, 100)} in namespace ${JSON.stringify(c.id.namespace).slice(0, 100)}: names must be lowercase letters, digits and "-"`,
            c.subject,
            'metadata.name',
          ),
        );
        state = { kind: 'failed' };
      } else if (other) {
        results.push(
          result(
            'error',
            CODE.nameCollision,
            `ImageTagMirrorSet ${itms} is cluster scoped and already generated for ${other}: two HostedClusters named "${c.id.name}" cannot both carry an imageTagMirrorSet; rename one`,
            c.subject,
            'metadata.name',
          ),
        );
        state = { kind: 'failed' };
      } else {
        itmsNames.set(itms, owner);
        state = {
          kind: 'generate',
          objects: generateForCluster(c.id, v.mirrors, v.blocks, { role: config.role, path: c.path }),
        };
      }
    }
    if (clusters.has(owner)) {
      results.push(result('error', CODE.nameCollision, `HostedCluster ${owner} appears twice in the input`, c.subject));
      state = { kind: 'failed' };
    }
    clusters.set(owner, state);
  }

  const edits = new Map<number, ItemEdit>();
  let added: ItemValue[] = [];
  if (!config.validateOnly) {
    const plan = reconcile(sel, clusters);
    results.push(...plan.results);
    for (const [i, e] of plan.edits) edits.set(i, e);
    added = plan.added;
    for (const hc of sel.hostedClusters) if (edited.has(hc.item.index)) edits.set(hc.item.index, { replace: hc.doc });
  }
  const sorted = sortResults(results);
  return { output: list.write(edits, added, sorted), results: sorted, failed: hasErrors(sorted) };
}
