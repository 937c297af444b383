// The images to probe: from a list file, or from the pod specs of workload manifests.
import { groupOf, isObject, refOf, type Json, type JsonObject } from '../krm/kube.js';
import { pushAll } from '../arrays.js';

/** An object of the input, and where it is. */
export interface InputObject {
  value: JsonObject;
  file: string;
  /** Document index within the file (0-based). */
  document: number;
}

export interface ImageSource {
  image: string;
  /** Where it was seen: "Deployment team/web containers[app]" or "images.txt:3". */
  origins: string[];
}

export interface ImageProblem {
  where: string;
  message: string;
}

/**
 * An image list: one reference a line; blank lines and "#" comments are skipped, surrounding
 * blanks trimmed. A line with blanks inside is a problem (a reference never has any).
 */
export function parseImageList(text: string, file: string): { images: ImageSource[]; problems: ImageProblem[] } {
  const images: ImageSource[] = [];
  const problems: ImageProblem[] = [];
  text.split('\n').forEach((raw, i) => {
    const hash = raw.indexOf('#');
    const line = (hash === -1 ? raw : raw.slice(0, hash)).trim();
    if (line === '') return;
    if (/\s/.test(line)) {
      problems.push({
        where: `${file}:${i + 1}`,
        message: 'more than one word on the line: one image reference a line',
      });
      return;
    }
    images.push({ image: line, origins: [`${file}:${i + 1}`] });
  });
  return { images, problems };
}

/** kind -> (API group, path from the object to its PodSpec). */
const POD_SPEC_PATHS: Record<string, { group: string; path: string[] }> = {
  Pod: { group: '', path: ['spec'] },
  ReplicationController: { group: '', path: ['spec', 'template', 'spec'] },
  PodTemplate: { group: '', path: ['template', 'spec'] },
  Deployment: { group: 'apps', path: ['spec', 'template', 'spec'] },
  StatefulSet: { group: 'apps', path: ['spec', 'template', 'spec'] },
  DaemonSet: { group: 'apps', path: ['spec', 'template', 'spec'] },
  ReplicaSet: { group: 'apps', path: ['spec', 'template', 'spec'] },
  Job: { group: 'batch', path: ['spec', 'template', 'spec'] },
  CronJob: { group: 'batch', path: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] },
};

/** The kinds whose container images probe reads (its usage names each). */
export const WORKLOAD_KINDS: readonly string[] = Object.keys(POD_SPEC_PATHS);

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

const shapeOf = (o: JsonObject) =>
  typeof o.kind === 'string' && typeof o.apiVersion === 'string' && Object.hasOwn(POD_SPEC_PATHS, o.kind)
    ? POD_SPEC_PATHS[o.kind]!.group === groupOf(o.apiVersion)
      ? POD_SPEC_PATHS[o.kind]
      : undefined
    : undefined;

/** An object with a pod spec: a Pod, or a workload with a pod template. */
export const isWorkload = (o: JsonObject) => shapeOf(o) !== undefined;

/**
 * The container images of the workloads among `objects`, first seen first, each once, with
 * every place it appears. Other objects are ignored; a container without an image is a problem.
 */
export function workloadImages(objects: readonly InputObject[]): { images: ImageSource[]; problems: ImageProblem[] } {
  const byImage = new Map<string, ImageSource>();
  const problems: ImageProblem[] = [];
  for (const o of objects) {
    const shape = shapeOf(o.value);
    if (!shape) continue;
    const ref = refOf(o.value);
    const name = `${ref.namespace ? `${ref.namespace}/` : ''}${ref.name || '?'}`;
    const where = `${o.file}${o.document > 0 ? `#${o.document}` : ''}`;
    let spec: Json | undefined = o.value;
    for (const key of shape.path) spec = isObject(spec) ? spec[key] : undefined;
    if (!isObject(spec)) continue;
    for (const list of CONTAINER_LISTS) {
      const containers = spec[list];
      if (!Array.isArray(containers)) continue;
      containers.forEach((c, i) => {
        const cname = isObject(c) && typeof c.name === 'string' ? c.name : String(i);
        const origin = `${ref.kind} ${name} ${list}[${cname}] (${where})`;
        const image = isObject(c) ? c.image : undefined;
        if (typeof image !== 'string' || image === '') {
          problems.push({ where: origin, message: 'no image' });
          return;
        }
        const seen = byImage.get(image);
        if (seen) seen.origins.push(origin);
        else byImage.set(image, { image, origins: [origin] });
      });
    }
  }
  return { images: [...byImage.values()], problems };
}

/** Several sources merged: first seen first, each image once, origins joined. */
export function mergeImages(lists: ReadonlyArray<readonly ImageSource[]>): ImageSource[] {
  const out = new Map<string, ImageSource>();
  for (const list of lists) {
    for (const s of list) {
      const seen = out.get(s.image);
      if (seen) pushAll(seen.origins, s.origins);
      else out.set(s.image, { image: s.image, origins: [...s.origins] });
    }
  }
  return [...out.values()];
}
