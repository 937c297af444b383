// Reading the ResourceList. Three readers share one interface; each keeps every item's
// original bytes and knows where they are, so the output is the input with splices
// (write.ts) on every path:
// - the fast path (scan.ts): block YAML as kpt, kustomize and the function write it, split
//   by line starts; items are read only when the function asks, by the fast reader where
//   their layout allows, else parsed alone;
// - JSON (json-scan.ts): split over the bytes, items read with JSON.parse;
// - the full parse: anything else (flow-style YAML, unusual top-level layouts), parsed
//   whole by the `yaml` package, up to a size limit.
import { scanJson } from './json-scan.js';
import type { ResourceList } from './list.js';
import { fromScan } from './read-block.js';
import { fromDocument } from './read-document.js';
import { fromJson } from './read-json.js';
import { scan } from './scan.js';

export { FULL_PARSE_MAX_BYTES, ResourceListError, type ResourceList } from './list.js';

export function readResourceList(input: Buffer | string): ResourceList {
  let bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3); // BOM
  let first = 0;
  while (
    first < bytes.length &&
    (bytes[first] === 32 || bytes[first] === 9 || bytes[first] === 10 || bytes[first] === 13)
  )
    first++;
  if (bytes[first] === 0x7b) {
    const j = scanJson(bytes);
    if (j) return fromJson(bytes, j);
  }
  const s = scan(bytes);
  if (s && (s.items || s.sections.length)) return fromScan(bytes, s);
  return fromDocument(bytes);
}
