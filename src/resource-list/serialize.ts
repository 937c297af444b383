// YAML text for items we write: generated objects and edited documents.
import { Document, stringify } from 'yaml';
import { emitYaml } from '../yaml-emit.js';
import { YAML_STYLE } from '../yaml-style.js';
import type { JsonObject } from '../types.js';

export type ItemValue = Document | JsonObject;

/** "wide" when the item's own text indents sequence entries under their key, else "compact". */
export function sequenceStyle(source: string): 'wide' | 'compact' {
  const m = /\n( *)[^ \n#-][^\n]*:\n( *)- /.exec(source);
  return m && m[2]!.length > m[1]!.length ? 'wide' : 'compact';
}

export function itemYaml(v: ItemValue, style: 'wide' | 'compact' = 'compact'): string {
  if (!(v instanceof Document) && style === 'compact') return emitYaml(v);
  const opts = { ...YAML_STYLE, indentSeq: style === 'wide' };
  return v instanceof Document ? v.toString(opts) : stringify(v, opts);
}

/** Writes a mapping as an entry of a block sequence whose dashes are at column `indent`. */
export function asSequenceEntry(yaml: string, indent: number): string {
  const pad = ' '.repeat(indent);
  const lines = yaml.endsWith('\n') ? yaml.slice(0, -1).split('\n') : yaml.split('\n');
  return lines.map((l, i) => (i === 0 ? `${pad}- ${l}` : l === '' ? '' : `${pad}  ${l}`)).join('\n') + '\n';
}
