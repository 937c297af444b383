// The HostedCluster's pull secret, when that Secret is in the input. HyperShift reads
// spec.pullSecret.name in the HostedCluster's namespace and uses its data[".dockerconfigjson"]
// ("expected .dockerconfigjson key in pull secret" otherwise; the Secret's type is not
// checked), and hands it to the nodes as their global pull secret: the one auth file CRI-O
// reads with containers/image.
import { DOCKER_CONFIG_JSON_KEY, SECRET_KIND } from '../constants.js';
import { isObject, metadataOf, type JsonObject } from '../krm/kube.js';

export type PullSecret =
  | { kind: 'none'; why: string }
  | { kind: 'found'; name: string; namespace: string; text: string }
  | { kind: 'invalid'; name: string; namespace: string; why: string };

/** spec.pullSecret.name, if set. */
export function pullSecretName(hostedClusterSpec: unknown): string | undefined {
  if (!isObject(hostedClusterSpec) || !isObject(hostedClusterSpec.pullSecret)) return undefined;
  const name = hostedClusterSpec.pullSecret.name;
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/** Kubernetes decodes data values with base64 StdEncoding: padded, nothing else allowed. */
function decodeData(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) return undefined;
  return Buffer.from(value, 'base64').toString('utf8');
}

/** A core v1 Secret. */
export const isSecret = (o: JsonObject) => o.apiVersion === 'v1' && o.kind === SECRET_KIND;

/** The Secret `name` in `namespace` among the input objects (the last copy wins), read. */
export function findPullSecret(objects: readonly unknown[], name: string, namespace: string): PullSecret {
  const found = objects.filter(
    (o): o is JsonObject =>
      isObject(o) && isSecret(o) && metadataOf(o).name === name && (metadataOf(o).namespace ?? '') === namespace,
  );
  const where = `${namespace ? `${namespace}/` : ''}${name}`;
  const s = found[found.length - 1];
  if (s === undefined) return { kind: 'none', why: `Secret ${where} (spec.pullSecret) is not in the input` };
  const stringData = isObject(s.stringData) ? s.stringData : {};
  const data = isObject(s.data) ? s.data : {};
  // stringData wins over data, as the API server merges them.
  const plain = stringData[DOCKER_CONFIG_JSON_KEY];
  if (typeof plain === 'string') return { kind: 'found', name, namespace, text: plain };
  if (data[DOCKER_CONFIG_JSON_KEY] === undefined)
    return { kind: 'invalid', name, namespace, why: `expected ${DOCKER_CONFIG_JSON_KEY} key in pull secret` };
  const text = decodeData(data[DOCKER_CONFIG_JSON_KEY]);
  if (text === undefined)
    return { kind: 'invalid', name, namespace, why: `data["${DOCKER_CONFIG_JSON_KEY}"] is not base64` };
  return { kind: 'found', name, namespace, text };
}
