// The workload's resources, deterministic and realistic (comments, quoting, block scalars,
// YAML 1.1 words): bench/make-workload.mjs writes them as files or a ResourceList, and the
// tests' large lists (test/helpers/big-list.ts) repeat them. Plain Node, no dependencies.

/**
 * @param {number} c
 * @param {number} mirrors
 * @param {boolean} flow mirror lists in flow style (`mirrors: ["a", b]`), as many repositories write them
 */
const sources = (c, mirrors, flow) => {
  const out = [];
  for (let m = 0; m < mirrors; m++) {
    const policy =
      m % 3 === 1
        ? '\n    mirrorSourcePolicy: NeverContactSource'
        : m % 3 === 2
          ? '\n    mirrorSourcePolicy: AllowContactingSource'
          : '';
    const a = `mirror-a.internal.example.com:5000/team${c % 7}/app${m}`;
    const b = `mirror-b.internal.example.com/team${c % 7}/app${m}`;
    out.push(`  - source: registry${m}.example.com/team${c % 7}/app${m} # mirrored for cluster ${c}
    mirrors:${flow ? ` ["${a}", ${b}]` : `\n    - ${a}\n    - ${b}`}${policy}`);
  }
  return out.join('\n');
};

/**
 * HostedCluster c: `mirrors` imageTagMirrorSet entries and 3 imageContentSources entries.
 * @param {number} c
 * @param {number} mirrors
 * @param {boolean} [flow] mirror lists in flow style
 * @returns {string}
 */
export const hostedCluster = (c, mirrors, flow = false) => `apiVersion: hypershift.openshift.io/v1beta1
kind: HostedCluster
metadata:
  name: cluster-${c}
  namespace: clusters
  labels:
    fleet.example.com/region: region-${c % 5}
spec:
  release:
    image: quay.io/openshift-release-dev/ocp-release:4.21.${c % 9}-x86_64
  pullSecret:
    name: pull-secret-${c}
  sshKey:
    name: ssh-key-${c}
  platform:
    type: AWS
    aws:
      region: us-east-1
  # tag-based mirrors for workloads that do not pin digests
  imageTagMirrorSet:
${sources(c, mirrors, flow)}
  imageContentSources:
${[
  ['quay.io/openshift-release-dev/ocp-release', 'ocp/release'],
  ['quay.io/openshift-release-dev/ocp-v4.0-art-dev', 'ocp/art-dev'],
  ['registry.redhat.io/ubi9', 'ubi9'],
]
  .map(
    ([source, path]) =>
      `  - source: ${source}\n    mirrors:${flow ? ' [' : '\n    - '}mirror-a.internal.example.com:5000/${path}${flow ? ']' : ''}\n`,
  )
  .join('')}`;

/**
 * NodePool p of cluster c.
 * @param {number} c
 * @param {number} p
 * @returns {string}
 */
export const nodePool = (c, p) => `apiVersion: hypershift.openshift.io/v1beta1
kind: NodePool
metadata:
  name: cluster-${c}-pool-${p}
  namespace: clusters
spec:
  clusterName: cluster-${c}
  replicas: ${2 + p}
  management:
    upgradeType: Replace
  platform:
    type: AWS
    aws:
      instanceType: m6i.xlarge
  release:
    image: quay.io/openshift-release-dev/ocp-release:4.21.${c % 9}-x86_64
`;

/**
 * Filler resource i: a Deployment, a ConfigMap or a Service, in turn.
 * @param {number} i
 * @returns {string}
 */
export const filler = (i) => {
  switch (i % 3) {
    case 0:
      return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: team-${i % 13}
  labels:
    app: app-${i}
  annotations:
    example.com/owner: "team-${i % 13}" # who to page
spec:
  replicas: 2
  selector:
    matchLabels:
      app: app-${i}
  template:
    metadata:
      labels:
        app: app-${i}
    spec:
      containers:
      - name: main
        image: registry${i % 6}.example.com/team${i % 7}/app${i % 6}:v1.${i % 10}.0
        args: ["--port", "8080", "--verbose"]
        ports:
        - containerPort: 8080
        env:
        - name: FEATURE_ON
          value: "on" # a YAML 1.1 boolean if unquoted
        - name: MODE
          value: '0755'
`;
    case 1:
      return `apiVersion: v1
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
  port: "8080"
`;
    default:
      return `apiVersion: v1
kind: Service
metadata:
  name: svc-${i}
  namespace: team-${i % 13}
spec:
  selector:
    app: app-${i}
  ports:
  - port: 80
    targetPort: 8080
`;
  }
};

/**
 * A resource as an item of a ResourceList's block list: "- " before its first line, two
 * spaces before the others (no line break at the end).
 * @param {string} doc
 * @returns {string}
 */
export const asItem = (doc) =>
  doc
    .trimEnd()
    .split('\n')
    .map((l, k) => (k === 0 ? '- ' : '  ') + l)
    .join('\n');
