#!/usr/bin/env node
// Makes a realistic, deterministic workload for benchmarks and scale tests of the function.
//
//   node make-workload.mjs --items N [--clusters H] [--mirrors M] --resource-list > rl.yaml
//   node make-workload.mjs --items N [--clusters H] [--mirrors M] --dir OUT   (one file per resource,
//                                                        plus kustomization.yaml listing them)
//
// H HostedClusters (default: items/50, at least 1), each with M imageTagMirrorSet entries (default 6)
// and 3 imageContentSources entries, two NodePools per cluster, and filler resources (Deployments,
// ConfigMaps, Services, each with comments) up to N items in all. No dependencies: plain Node.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const items = Number(opt('--items', '1000'));
const clusters = Number(opt('--clusters', String(Math.max(1, Math.floor(items / 50)))));
const mirrors = Number(opt('--mirrors', '6'));
const dir = opt('--dir', null);
const asList = args.includes('--resource-list');
if (!Number.isInteger(items) || items < 1 || (!dir && !asList)) {
  console.error('usage: make-workload.mjs --items N [--clusters H] [--mirrors M] (--resource-list | --dir OUT)');
  process.exit(2);
}

const sources = (c) => {
  const out = [];
  for (let m = 0; m < mirrors; m++) {
    const policy =
      m % 3 === 1
        ? '\n    mirrorSourcePolicy: NeverContactSource'
        : m % 3 === 2
          ? '\n    mirrorSourcePolicy: AllowContactingSource'
          : '';
    out.push(`  - source: registry${m}.example.com/team${c % 7}/app${m} # mirrored for cluster ${c}
    mirrors:
    - mirror-a.internal.example.com:5000/team${c % 7}/app${m}
    - mirror-b.internal.example.com/team${c % 7}/app${m}${policy}`);
  }
  return out.join('\n');
};

const hostedCluster = (c) => `apiVersion: hypershift.openshift.io/v1beta1
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
${sources(c)}
  imageContentSources:
  - source: quay.io/openshift-release-dev/ocp-release
    mirrors:
    - mirror-a.internal.example.com:5000/ocp/release
  - source: quay.io/openshift-release-dev/ocp-v4.0-art-dev
    mirrors:
    - mirror-a.internal.example.com:5000/ocp/art-dev
  - source: registry.redhat.io/ubi9
    mirrors:
    - mirror-a.internal.example.com:5000/ubi9
`;

const nodePool = (c, p) => `apiVersion: hypershift.openshift.io/v1beta1
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

const filler = (i) => {
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

const docs = [];
for (let c = 0; c < clusters && docs.length < items; c++) {
  docs.push([`hostedcluster-${c}.yaml`, hostedCluster(c)]);
  for (let p = 0; p < 2 && docs.length < items; p++) docs.push([`nodepool-${c}-${p}.yaml`, nodePool(c, p)]);
}
for (let i = 0; docs.length < items; i++) docs.push([`filler-${i}.yaml`, filler(i)]);

if (asList) {
  const indent = (s) =>
    s
      .trimEnd()
      .split('\n')
      .map((l, k) => (k === 0 ? '- ' : '  ') + l)
      .join('\n');
  process.stdout.write(
    `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${docs.map(([, d]) => indent(d)).join('\n')}\n`,
  );
} else {
  mkdirSync(dir, { recursive: true });
  for (const [name, d] of docs) writeFileSync(join(dir, name), d);
  writeFileSync(join(dir, 'kustomization.yaml'), `resources:\n${docs.map(([n]) => `- ${n}`).join('\n')}\n`);
}
