#!/usr/bin/env node
// Makes a realistic, deterministic workload for benchmarks and scale tests of the function.
//
//   node make-workload.mjs --items N [--clusters H] [--mirrors M] [--flow] --resource-list > rl.yaml
//   node make-workload.mjs --items N [--clusters H] [--mirrors M] --dir OUT   (one file per resource,
//                                                        plus kustomization.yaml listing them)
//
// H HostedClusters (default: items/50, at least 1), each with M imageTagMirrorSet entries (default 6)
// and 3 imageContentSources entries, two NodePools per cluster, and filler resources (Deployments,
// ConfigMaps, Services, each with comments) up to N items in all. --flow writes the mirror lists
// in flow style (`mirrors: ["a", b]`). No dependencies: plain Node.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { asItem, filler, hostedCluster, nodePool } from './lib/workload.mjs';

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
const flow = args.includes('--flow');
if (!Number.isInteger(items) || items < 1 || (!dir && !asList)) {
  console.error('usage: make-workload.mjs --items N [--clusters H] [--mirrors M] (--resource-list | --dir OUT)');
  process.exit(2);
}

const docs = [];
for (let c = 0; c < clusters && docs.length < items; c++) {
  docs.push([`hostedcluster-${c}.yaml`, hostedCluster(c, mirrors, flow)]);
  for (let p = 0; p < 2 && docs.length < items; p++) docs.push([`nodepool-${c}-${p}.yaml`, nodePool(c, p)]);
}
for (let i = 0; docs.length < items; i++) docs.push([`filler-${i}.yaml`, filler(i)]);

if (asList) {
  process.stdout.write(
    `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${docs.map(([, d]) => asItem(d)).join('\n')}\n`,
  );
} else {
  mkdirSync(dir, { recursive: true });
  for (const [name, d] of docs) writeFileSync(join(dir, name), d);
  writeFileSync(join(dir, 'kustomization.yaml'), `resources:\n${docs.map(([n]) => `- ${n}`).join('\n')}\n`);
}
