// A NodePool may run another release than its HostedCluster (spec.release.image). MCO's
// release-payload rule (registries/bootstrap.ts) depends on the release image: a blocked scope
// that contains the payload repository is dropped or kept per release. HyperShift renders MCO's
// files per NodePool; our MachineConfig is per cluster and follows the cluster's release image,
// so a NodePool whose release would give another registries.conf gets a warning.
import { CODE } from '../constants.js';
import { releaseImageOf } from '../hypershift/cluster.js';
import { result, type Result, type Target } from '../krm/result.js';
import { runImageBootstrap, type NodeRegistries } from '../registries/bootstrap.js';
import { goQuote } from '../registries/go-quote.js';
import { renderRegistries } from '../registries/render.js';
import type { ClusterValidation } from './hosted-cluster.js';

const decisions = (n: NodeRegistries) => n.payload.map((d) => `${goQuote(d.scope)} ${d.outcome}`).join(', ') || 'none';

/** Can a NodePool's own release image change what the cluster's nodes get? Only through blocked scopes. */
export const nodePoolReleaseMatters = (cluster: ClusterValidation): boolean =>
  Boolean(cluster.node && cluster.mirrors && cluster.sources?.blockedRegistries);

/** The warning for one NodePool of a cluster the function generates for, if its release changes the file. */
export function checkNodePoolRelease(cluster: ClusterValidation, poolSpec: unknown, pool: Target): Result | undefined {
  if (!cluster.node || !cluster.mirrors || !cluster.sources?.blockedRegistries) return undefined;
  const release = releaseImageOf(poolSpec);
  if (typeof release !== 'string' || release === '' || release === cluster.releaseImage) return undefined;
  const out = runImageBootstrap({ mirrors: cluster.mirrors, sources: cluster.sources, releaseImage: release });
  const ours = `the generated MachineConfig is per cluster and follows the HostedCluster's spec.release.image (${goQuote(cluster.releaseImage ?? '')})`;
  if (!out.ok)
    return result(
      'warning',
      CODE.nodePoolReleasePayload,
      `with this NodePool's release image the Machine Config Operator renders nothing (MCO: ${out.error}), while ${ours}`,
      pool,
      'spec.release.image',
    );
  if (renderRegistries(out.registries) === renderRegistries(cluster.node.registries)) return undefined;
  return result(
    'warning',
    CODE.nodePoolReleasePayload,
    `the Machine Config Operator's release-payload rule gives this NodePool's nodes another registries.conf than its HostedCluster's: blocked scopes that contain the payload repository ${goQuote(out.payloadRepo ?? '')} are ${decisions(out)} here, but ${decisions(cluster.node)} for the cluster's release; ${ours}, so these nodes get the cluster's file; give the NodePool the cluster's release image (same repository, named the same way: by digest or by tag), or block no scope that contains the release repository`,
    pool,
    'spec.release.image',
  );
}
