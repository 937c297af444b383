// Cheap checks that a run lost no item, without parsing YAML: line starts only. The tests use
// them too (test/helpers/hostile.ts), so the JSDoc types are what TypeScript sees.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const NL = 10,
  SPACE = 32,
  DASH = 45,
  HASH = 35;

/**
 * The item spans of a block-layout ResourceList (top-level keys at column 0, `items:`
 * followed by `- ` entries at one indentation): [starts[i], starts[i+1]) is item i, the
 * last one ending at `end`. undefined when there is no `items:` line.
 * @param {Buffer} buf
 * @returns {{ starts: number[]; end: number } | undefined}
 */
export function itemSpans(buf) {
  let pos = 0;
  let inItems = false;
  let indent = -1;
  /** @type {number[]} */
  const starts = [];
  let end = buf.length;
  while (pos < buf.length) {
    let nl = buf.indexOf(NL, pos);
    if (nl < 0) nl = buf.length;
    const c0 = buf[pos];
    if (!inItems) {
      if (nl - pos >= 6 && buf.toString('latin1', pos, pos + 6) === 'items:') inItems = true;
    } else if (pos !== nl && c0 !== HASH) {
      let j = pos;
      while (j < nl && buf[j] === SPACE) j++;
      const blank = j === nl || buf[j] === HASH;
      if (!blank) {
        const col = j - pos;
        const dash = buf[j] === DASH && (j + 1 === nl || buf[j + 1] === SPACE);
        if (indent < 0 && dash) indent = col;
        if (dash && col === indent) starts.push(pos);
        else if (col === 0) {
          end = pos; // the next top-level key
          break;
        }
      }
    }
    pos = nl + 1;
  }
  return inItems ? { starts, end } : undefined;
}

/** @param {Buffer} buf */
export const countItems = (buf) => itemSpans(buf)?.starts.length ?? 0;

/**
 * Checks that every input item, except those `skip` accepts (items the function may
 * edit), appears byte for byte in the output, in input order. One forward search per
 * item: linear in the output while nothing is lost. Returns the first missing item's
 * index, or -1.
 * @param {Buffer} input
 * @param {Buffer} output
 * @param {(item: Buffer) => boolean} [skip]
 * @returns {number}
 */
export function firstMissingItem(input, output, skip = () => false) {
  const spans = itemSpans(input);
  if (!spans) return -1;
  let from = 0;
  for (let i = 0; i < spans.starts.length; i++) {
    const chunk = input.subarray(spans.starts[i], i + 1 < spans.starts.length ? spans.starts[i + 1] : spans.end);
    if (skip(chunk)) continue;
    const at = output.indexOf(chunk, from);
    if (at < 0) return i;
    from = at + chunk.length;
  }
  return -1;
}

/** Objects in a folder of YAML files: lines starting `apiVersion:` at column 0. */
export function countObjectsInDir(dir) {
  let n = 0;
  for (const name of readdirSync(dir, { recursive: true })) {
    if (!/\.ya?ml$/.test(name)) continue;
    n += countTopLevel(readFileSync(join(dir, name)));
  }
  return n;
}

/** Lines starting `apiVersion:` at column 0 (one per object in a YAML stream). */
export function countTopLevel(buf) {
  const needle = Buffer.from('\napiVersion:');
  let n = buf.subarray(0, 11).toString() === 'apiVersion:' ? 1 : 0;
  for (let at = buf.indexOf(needle); at >= 0; at = buf.indexOf(needle, at + 1)) n++;
  return n;
}
