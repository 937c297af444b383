// A second run reads the objects the first one wrote. An item that is, byte for byte, what a
// template writes (objects.ts) is read back by matching the template: its fixed parts compared
// as bytes, each slot one line of printable ASCII written exactly as the writer writes its
// value. Such a text is the writer's own, so the value is known without checking each line
// (the fast reader's cost); anything else (an edited item, kpt's annotations, another layout)
// returns undefined and is read as any other item.
import { ANNOTATION, CONFIG_MAP_KIND, ITMS_API_VERSION, ITMS_KIND, OWNER_ANNOTATION } from '../constants.js';
import { lineEnd, LF } from '../krm/bytes.js';
import type { JsonObject } from '../krm/kube.js';
import { scalarText, writesPlain } from '../krm/yaml-emit.js';
import { configMapTemplate, itmsTemplateAt } from './objects.js';
import type { Template } from './template.js';

/** An item's own text: bytes [start, contentEnd), its dash at `column`, then comments and blank lines to `end`. */
export interface ItemText {
  bytes: Buffer;
  start: number;
  contentEnd: number;
  end: number;
  column: number;
}

const printable = (c: number) => c >= 0x20 && c <= 0x7e;

/**
 * Blank lines and comments of printable ASCII and tabs, indented by spaces (what the fast
 * reader takes after an item without a doubt).
 */
function plainTail(b: Buffer, from: number, to: number): boolean {
  let i = from;
  while (i < to) {
    while (i < to && b[i] === 0x20) i++;
    if (i === to) return true;
    if (b[i] === LF) {
      i++;
      continue;
    }
    if (b[i] !== 0x23) return false; // (#)
    for (i++; i < to && b[i] !== LF; i++) if (!printable(b[i]!) && b[i] !== 9) return false;
    i++;
  }
  return true;
}

/**
 * The string a slot's text [s, e) is the writer's text of: written plain, or in double quotes
 * without escapes; undefined for anything else (not ours, or not surely that string).
 */
function slotValue(b: Buffer, s: number, e: number): string | undefined {
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    if (c < 0x20 || c > 0x7e) return undefined;
  }
  const t = b.toString('latin1', s, e);
  if (writesPlain(t)) return t;
  if (t.length >= 2 && t.charCodeAt(0) === 34 && t.charCodeAt(t.length - 1) === 34) {
    const u = t.slice(1, -1);
    if (!u.includes('"') && !u.includes('\\') && scalarText(u) === t) return u;
  }
  return undefined;
}

/** First bytes after which a plain scalar is not one (YAML indicators). */
const INDICATOR = new Uint8Array(256);
for (const ch of ',[]{}#&*!|>\'"%@`') INDICATOR[ch.charCodeAt(0)] = 1;

/**
 * Whether [s, e) is a scalar the fast reader takes where nobody asks for its value: one line of
 * printable ASCII, plain (no indicator first, no ": " or " #" in it, no final colon or space),
 * or in quotes without escapes or inner quotes.
 */
function validSlot(b: Buffer, s: number, e: number): boolean {
  if (e <= s) return false;
  for (let i = s; i < e; i++) {
    const c = b[i]!;
    if (c < 0x20 || c > 0x7e) return false;
  }
  const first = b[s]!;
  if (first === 34 || first === 39) {
    if (e - s < 2 || b[e - 1] !== first) return false;
    for (let i = s + 1; i < e - 1; i++) if (b[i] === first || (first === 34 && b[i] === 92)) return false;
    return true;
  }
  if (INDICATOR[first]) return false;
  if ((first === 45 || first === 63 || first === 58) && (e - s === 1 || b[s + 1] === 0x20)) return false;
  const last = b[e - 1]!;
  if (last === 0x20 || last === 58) return false;
  for (let i = s; i < e - 1; i++) {
    const c = b[i]!;
    if ((c === 58 && b[i + 1] === 0x20) || (c === 0x20 && b[i + 1] === 35)) return false;
  }
  return true;
}

/** Whether the bytes at `at` are `part` (and within `to`): a loop for a short part, compare for a long one. */
function partAt(b: Buffer, at: number, part: Uint8Array, to: number): boolean {
  const n = part.length;
  if (at + n > to) return false;
  if (n > 64) return b.compare(part, 0, n, at, at + n) === 0;
  for (let i = 0; i < n; i++) if (b[at + i] !== part[i]) return false;
  return true;
}

/**
 * The template's parts from `from` on, with a one-line slot between each two: the slots'
 * [start, end) pairs and where the last part ends, or undefined.
 */
function matchParts(b: Buffer, from: number, to: number, t: Template): { slots: number[]; end: number } | undefined {
  const slots: number[] = [];
  let at = from;
  const n = t.bytes.length;
  for (let i = 0; ; i++) {
    const part = t.bytes[i]!;
    if (!partAt(b, at, part, to)) return undefined;
    at += part.length;
    if (i === n - 1) return { slots, end: at };
    const nl = lineEnd(b, at, to);
    if (nl === to) return undefined;
    slots.push(at, nl);
    at = nl;
  }
}

/** The metadata the function reads of a generated object (CANDIDATE_FIELDS), from its slots. */
function metadataOf(
  b: Buffer,
  slots: number[],
  namespace: boolean,
  file: boolean,
): { name: string; namespace?: string; annotations: Record<string, string> } | undefined {
  const values: string[] = [];
  const count = 2 + (namespace ? 1 : 0) + (file ? 4 : 0);
  for (let i = 0; i < count; i++) {
    const v = slotValue(b, slots[2 * i]!, slots[2 * i + 1]!);
    if (v === undefined) return undefined;
    values.push(v);
  }
  const [name, ...rest] = values;
  const md: { name: string; namespace?: string; annotations: Record<string, string> } = {
    name: name!,
    annotations: {},
  };
  if (namespace) md.namespace = rest.shift()!;
  md.annotations[OWNER_ANNOTATION] = rest.shift()!;
  if (file) {
    md.annotations[ANNOTATION.path] = rest[0]!;
    md.annotations[ANNOTATION.index] = rest[1]!;
    md.annotations[ANNOTATION.legacyPath] = rest[2]!;
    md.annotations[ANNOTATION.legacyIndex] = rest[3]!;
  }
  return md;
}

const CONFIG_MAP_START = Buffer.from('- apiVersion: v1\n');
const ITMS_START = Buffer.from(`- apiVersion: ${ITMS_API_VERSION}\n`);

function readConfigMap(it: ItemText): JsonObject | undefined {
  const { bytes: b, start, contentEnd, column } = it;
  for (const namespace of [true, false])
    for (const file of [false, true]) {
      const t = configMapTemplate(column, namespace, file);
      const m = t && matchParts(b, start, contentEnd, t);
      if (!m || m.end !== contentEnd) continue;
      const slots = m.slots;
      // The MachineConfig's slots are text of a literal block: printable ASCII is enough.
      for (let i = slots.length - 6; i < slots.length; i += 2)
        for (let j = slots[i]!, e = slots[i + 1]!; j < e; j++) {
          const c = b[j]!;
          if (c < 0x20 || c > 0x7e) return undefined;
        }
      const metadata = metadataOf(b, slots, namespace, file);
      return metadata && { apiVersion: 'v1', kind: CONFIG_MAP_KIND, metadata };
    }
  return undefined;
}

function readImageTagMirrorSet(it: ItemText): JsonObject | undefined {
  const { bytes: b, start, contentEnd, column } = it;
  for (const file of [false, true]) {
    const t = itmsTemplateAt(column, file);
    if (!t) continue;
    // The head, up to "imageTagMirrors:\n", then the entries' lines.
    const head = matchParts(b, start, contentEnd, t.head);
    if (!head) continue;
    if (!entriesAt(b, head.end, contentEnd, t)) return undefined;
    const metadata = metadataOf(b, head.slots, false, file);
    return metadata && { apiVersion: ITMS_API_VERSION, kind: ITMS_KIND, metadata, spec: {} };
  }
  return undefined;
}

const bytesOf = new Map<string, Uint8Array>();
const encoded = (s: string) => {
  let v = bytesOf.get(s);
  if (v === undefined) bytesOf.set(s, (v = Buffer.from(s, 'latin1')));
  return v;
};

/** The mirror entries in the writer's lines, [from, to) exactly; at least one entry, each with a mirror. */
function entriesAt(
  b: Buffer,
  from: number,
  to: number,
  t: { entry: string; mirrors: string; mirror: string; policy: string },
): boolean {
  const [entry, mirrors, mirror, policy] = [encoded(t.entry), encoded(t.mirrors), encoded(t.mirror), encoded(t.policy)];
  let at = from;
  const slot = (): boolean => {
    const nl = lineEnd(b, at, to);
    if (nl === to || !validSlot(b, at, nl)) return false;
    at = nl + 1;
    return true;
  };
  if (at === to) return false;
  while (at < to) {
    if (!partAt(b, at, entry, to)) return false;
    at += entry.length;
    if (!slot() || !partAt(b, at, mirrors, to)) return false;
    at += mirrors.length;
    let count = 0;
    while (partAt(b, at, mirror, to)) {
      at += mirror.length;
      if (!slot()) return false;
      count++;
    }
    if (count === 0) return false;
    if (partAt(b, at, policy, to)) {
      at += policy.length;
      if (!slot()) return false;
    }
  }
  return at === to;
}

/**
 * The value the fast reader gives a generated ConfigMap or ImageTagMirrorSet (CANDIDATE_FIELDS:
 * apiVersion, kind, metadata's name, namespace and annotations, an empty spec), when the item
 * is what a template writes; else undefined.
 */
export function readBackGenerated(it: ItemText): JsonObject | undefined {
  const { bytes: b, start, contentEnd, end, column } = it;
  const at = start + column;
  // "- apiVersion: v1" or "- apiVersion: config.openshift.io/v1": told from any other kind's by one byte first.
  const v = b[at + 14];
  if (v !== 0x76 /* v */ && v !== 0x63 /* c */) return undefined;
  if (!plainTail(b, contentEnd, end)) return undefined;
  if (partAt(b, at, CONFIG_MAP_START, contentEnd)) return readConfigMap(it);
  if (partAt(b, at, ITMS_START, contentEnd)) return readImageTagMirrorSet(it);
  return undefined;
}
