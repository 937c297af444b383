// Writes a large ResourceList to a file by repetition, without holding it in memory:
// `clusters` HostedClusters (one imageTagMirrorSet entry each) with one NodePool each,
// then filler Deployments, ConfigMaps and Services until the file reaches `targetBytes`.
// The resources are the benchmark's workload's (one generator for both).
import { closeSync, openSync, writeSync } from 'node:fs';
import { asItem, filler, hostedCluster, nodePool } from '../../bench/lib/workload.mjs';

export interface BigList {
  items: number;
  clusters: number;
  bytes: number;
}

const item = (doc: string) => `${asItem(doc)}\n`;

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
      put(item(hostedCluster(c, 1)));
      put(item(nodePool(c, 0)));
    }
    for (let i = 0; bytes + chunkLen < targetBytes; i++) put(item(filler(i)));
    flush();
  } finally {
    closeSync(fd);
  }
  return { items, clusters, bytes };
}
