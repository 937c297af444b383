// Everything probe works out before the first request, from what fn/probe.ts read: the
// cluster and its registries (chosen and validated as `explain` does), the images, each
// image's pull plan (explainNodePull: the same code as `explain`), and the credentials (an
// auth file, or the cluster's pull secret when that Secret is in the input). Pure.
import { placeResult, sortByPlace } from '../check/report.js';
import { loadInputs, type InputFile, type Subject } from '../check/subjects.js';
import { chooseCluster, registriesOf } from '../explain/cluster.js';
import { resultLine } from '../explain/format.js';
import { findPullSecret, isSecret, pullSecretName } from '../hypershift/pull-secret.js';
import { objectsOf, type JsonObject } from '../krm/kube.js';
import type { Result } from '../krm/result.js';
import { fail, ok, type Outcome } from '../outcome.js';
import { parseAuthFile, type AuthFile } from '../registries/credentials.js';
import { explainNodePull } from '../registries/pull.js';
import {
  isWorkload,
  mergeImages,
  parseImageList,
  workloadImages,
  type ImageSource,
  type InputObject,
} from './images.js';
import { fromNodePull, type ImagePlan } from './plan.js';
import { clusterText, type ClusterInfo } from './report.js';

export interface ProbeRequest {
  cluster?: string;
  namespace?: string;
  /** --image, in order. */
  images: readonly string[];
  /** --images files, as read. */
  imageLists: readonly InputFile[];
  /** --authfile, as read: the only auth file then (containers/image with an explicit path). */
  authFile?: InputFile;
  /** Paths that could not be read. */
  problems?: readonly Result[];
  /** The input is stdin: nothing there is a mistake (the command before the pipe failed). */
  stdin?: boolean;
}

export interface Prepared {
  cluster: ClusterInfo;
  plans: ImagePlan[];
  auth?: AuthFile;
  /** Where the credentials came from: the auth file's path, or "Secret ns/name". */
  credentials?: string;
  notes: string[];
}

const keep = (o: JsonObject) => isSecret(o) || isWorkload(o);

function clusterInfo(s: Subject): ClusterInfo {
  return { kind: s.kind, name: s.name, namespace: s.namespace, file: s.file, document: s.document };
}

/** The images: --image and --images; without either, the workloads in the input. */
function imagesOf(req: ProbeRequest, objects: readonly InputObject[]): Outcome<ImageSource[]> {
  const lists: ImageSource[][] = [req.images.map((image) => ({ image, origins: ['--image'] }))];
  for (const f of req.imageLists) {
    const parsed = parseImageList(f.text, f.path);
    if (parsed.problems.length > 0) return fail(parsed.problems.map((p) => `${p.where}: ${p.message}`).join('\n'));
    lists.push(parsed.images);
  }
  if (req.images.length === 0 && req.imageLists.length === 0) {
    const w = workloadImages(objects);
    if (w.problems.length > 0) return fail(w.problems.map((p) => `${p.where}: ${p.message}`).join('\n'));
    lists.push(w.images);
  }
  const images = mergeImages(lists);
  if (images.length === 0)
    return fail('no images to probe: give --image or --images, or workloads (Pods, Deployments, ...) in the input');
  return ok(images);
}

/** The credentials: --authfile, else the cluster's pull secret when it is in the input. */
function credentialsOf(
  req: ProbeRequest,
  s: Subject,
  objects: readonly { value: JsonObject }[],
  notes: string[],
): Outcome<{ auth?: AuthFile; credentials?: string }> {
  let text: string;
  let label: string;
  if (req.authFile !== undefined) {
    text = req.authFile.text;
    label = req.authFile.path;
  } else {
    const name = s.kind === 'HostedCluster' ? pullSecretName(s.spec) : undefined;
    if (name === undefined) return ok({});
    const secret = findPullSecret(
      objects.map((o) => o.value),
      name,
      s.namespace,
    );
    if (secret.kind === 'none') {
      notes.push(`${secret.why}: probing without credentials (give --authfile)`);
      return ok({});
    }
    label = `Secret ${s.namespace ? `${s.namespace}/` : ''}${name}`;
    if (secret.kind === 'invalid') return fail(`${label}: ${secret.why}`);
    text = secret.text;
  }
  const parsed = parseAuthFile(text);
  if (!parsed.ok) return fail(`${label}: ${parsed.error}`);
  for (const w of parsed.warnings) notes.push(`${label}: ${w}`);
  return ok({ auth: parsed.file, credentials: label });
}

/** The plans and credentials, or why probing cannot start (exit 2). */
export function prepareProbe(files: readonly InputFile[], req: ProbeRequest): Outcome<Prepared> {
  // The Secrets (a pull secret) and the workloads of the input, besides the clusters.
  const objects: InputObject[] = [];
  const loaded = loadInputs(files, {
    onDocument: (d) => {
      for (const value of objectsOf(d.value))
        if (keep(value)) objects.push({ value, file: d.file.path, document: d.index });
    },
  });
  const problems = [...(req.problems ?? []), ...loaded.problems];
  if (problems.length > 0) return fail(problems.map(resultLine).join('\n'));
  if (req.stdin && loaded.documents === 0)
    return fail('stdin holds no YAML document (did the command before the pipe fail?)');
  const chosen = chooseCluster(loaded.subjects, req.cluster, req.namespace);
  if (!chosen.ok) return chosen;
  const { subject: s, note } = chosen.value;
  const { results, registries, node } = registriesOf(s);
  if (!registries) {
    const lines = sortByPlace(results.map((r) => placeResult(s, r))).map(resultLine);
    return fail(
      `${clusterText(clusterInfo(s))} has errors; the function generates nothing for it, so there is nothing to probe:\n${lines.join('\n')}`,
    );
  }
  const images = imagesOf(req, objects);
  if (!images.ok) return images;
  const notes: string[] = note ? [note] : [];
  const creds = credentialsOf(req, s, objects, notes);
  if (!creds.ok) return creds;
  // The node as explain sees it: the registries.conf, policy.json and the short-name search list.
  const nodeConfig = {
    ...(node ? { policy: node.policy } : {}),
    ...(node?.searchRegistries ? { searchRegistries: node.searchRegistries } : {}),
  };
  const plans = images.value.map((i) => ({
    ...fromNodePull(explainNodePull(i.image, registries, nodeConfig)),
    origins: i.origins,
  }));
  return ok({ cluster: clusterInfo(s), plans, notes, ...creds.value });
}
