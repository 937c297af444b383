// YAML text for items we write: generated objects and edited documents.
import { Document, stringify, type ToStringOptions } from 'yaml';
import type { JsonObject } from '../types.js';

/** No line folding: long base64 data URLs and messages stay on one line. */
export const TO_STRING: ToStringOptions = { lineWidth: 0, minContentWidth: 0 };

export type ItemValue = Document | JsonObject;

export function itemYaml(v: ItemValue): string {
  return v instanceof Document ? v.toString(TO_STRING) : stringify(v, TO_STRING);
}

/** Writes a mapping as an entry of a block sequence whose dashes are at column `indent`. */
export function asSequenceEntry(yaml: string, indent: number): string {
  const pad = ' '.repeat(indent);
  const lines = yaml.endsWith('\n') ? yaml.slice(0, -1).split('\n') : yaml.split('\n');
  return lines.map((l, i) => (i === 0 ? `${pad}- ${l}` : l === '' ? '' : `${pad}  ${l}`)).join('\n') + '\n';
}
