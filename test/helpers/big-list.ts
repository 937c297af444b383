// Writes a large ResourceList to a file by repetition, without holding it in memory:
// `clusters` HostedClusters (one imageTagMirrorSet entry each) with one NodePool each,
// then filler ConfigMaps and Deployments until the file reaches `targetBytes`.
import { closeSync, openSync, writeSync } from 'node:fs';

export interface BigList {
  items: number;
  clusters: number;
  bytes: number;
}

const hostedCluster = (c: number) => `- apiVersion: hypershift.openshift.io/v1beta1
  kind: HostedCluster
  metadata:
    name: big-${c}
    namespace: clusters
  spec:
    release:
      image: quay.io/openshift-release-dev/ocp-release:4.21.0-x86_64
    imageTagMirrorSet:
    - source: registry.example.com/team${c}
      mirrors:
      - mirror.example.com/team${c}
`;

const nodePool = (c: number) => `- apiVersion: hypershift.openshift.io/v1beta1
  kind: NodePool
  metadata:
    name: big-${c}-workers
    namespace: clusters
  spec:
    clusterName: big-${c}
    replicas: 3
`;

const filler = (i: number) =>
  i % 2
    ? `- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: settings-${i}
    namespace: team-${i % 13}
  data:
    # free-form settings
    greeting: |
      hello
        indented line ${i}
    yes: "no"
`
    : `- apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: app-${i}
    namespace: team-${i % 13}
  spec:
    template:
      spec:
        containers:
        - name: main
          image: registry.example.com/team/app:v1.${i % 10}.0 # pinned
          args: ["--port", "8080"]
`;

export function writeBigList(file: string, targetBytes: number, clusters = 30): BigList {
  const fd = openSync(file, 'w');
  let bytes = 0;
  let items = 0;
  let chunk: string[] = [];
  let chunkLen = 0;
  const put = (s: string, isItem = true) => {
    chunk.push(s);
    chunkLen += s.length; // ASCII only: characters are bytes
    if (isItem) items++;
    if (chunkLen >= 1 << 20) flush();
  };
  const flush = () => {
    bytes += writeSync(fd, chunk.join(''));
    chunk = [];
    chunkLen = 0;
  };
  try {
    put('apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n', false);
    for (let c = 0; c < clusters; c++) {
      put(hostedCluster(c));
      put(nodePool(c));
    }
    for (let i = 0; bytes + chunkLen < targetBytes; i++) put(filler(i));
    flush();
  } finally {
    closeSync(fd);
  }
  return { items, clusters, bytes };
}
