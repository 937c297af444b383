// How every YAML text we write is styled, and a small block-YAML writer for the plain data
// we generate (objects, lists, strings, numbers, booleans), writing what the `yaml` package
// writes with YAML_STYLE, at a fraction of its cost: the function writes dozens of objects
// per render and the general-purpose serializer was a third of its run time. Anything it is
// not sure to write exactly (unusual strings, nested lists, odd keys) goes to the `yaml` package.
import { stringify, type CreateNodeOptions, type ToStringOptions } from 'yaml';
import { isObject } from './kube.js';

/**
 * No line folding (long base64 data URLs and messages stay on one line), no anchors for
 * repeated objects, and sequences written compact, as kpt and kustomize write them.
 */
export const YAML_STYLE: ToStringOptions & CreateNodeOptions = {
  lineWidth: 0,
  minContentWidth: 0,
  indentSeq: false,
  aliasDuplicateObjects: false,
};

class Unsure extends Error {}

/** Values a YAML 1.2 core-schema reader would not read back as a string. */
const NOT_A_STRING =
  /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0x[0-9a-fA-F]+|0o[0-7]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|[Tt]rue|TRUE|[Ff]alse|FALSE|[Nn]ull|NULL|~|)$/;
/** The `yaml` package's test for a string that cannot be written plain. */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const DOCUMENT_MARKER = /^(?:%|---|\.\.\.)/m;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

function scalarString(s: string): string {
  // Non-ASCII, control characters, escapes: the `yaml` package's own rules apply.
  if (s.length > 4096 || !PRINTABLE_ASCII.test(s) || DOCUMENT_MARKER.test(s)) throw new Unsure();
  if (!NOT_PLAIN.test(s) && !NOT_A_STRING.test(s)) return s;
  const hasDouble = s.includes('"');
  if (hasDouble && !s.includes("'")) return `'${s}'`;
  if (hasDouble || s.includes('\\')) throw new Unsure();
  return `"${s}"`;
}

function key(k: string): string {
  if (k.length > 256 || !PRINTABLE_ASCII.test(k) || NOT_PLAIN.test(k) || NOT_A_STRING.test(k)) throw new Unsure();
  return k;
}

/** A multi-line string as a literal block, or Unsure when it needs more than the simple form. */
function literal(s: string, indent: string): string {
  const trailing = s.length - s.replace(/\n+$/, '').length;
  if (trailing > 1 || s.startsWith(' ') || s.startsWith('\n') || !/^[\x20-\x7e\n]*$/.test(s)) throw new Unsure();
  const body = trailing ? s.slice(0, -1) : s;
  const lines = body.split('\n').map((l) => (l === '' ? '' : indent + l));
  if (lines.some((l) => l.endsWith(' '))) throw new Unsure();
  return `${trailing ? '|' : '|-'}\n${lines.join('\n')}\n`;
}

function scalar(v: unknown): string {
  if (typeof v === 'string') return scalarString(v);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  if (v === null) return 'null';
  throw new Unsure();
}

/** `key: value` lines of a mapping at the given indentation. */
function mapping(obj: Record<string, unknown>, indent: string): string {
  let out = '';
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    out += indent + key(k) + ':' + value(v, indent);
  }
  return out;
}

/** What follows "key:" (or "-") for a value whose parent is at `indent`. */
function value(v: unknown, indent: string): string {
  if (Array.isArray(v)) {
    if (v.length === 0) return ' []\n';
    return '\n' + sequence(v, indent);
  }
  if (isObject(v)) {
    if (Object.keys(v).length === 0) return ' {}\n';
    return '\n' + mapping(v, indent + '  ');
  }
  if (typeof v === 'string' && v.includes('\n')) return ' ' + literal(v, indent + '  ');
  return ' ' + scalar(v) + '\n';
}

/** Compact sequence entries ("- ") at the parent's indentation, as kpt writes them. */
function sequence(list: readonly unknown[], indent: string): string {
  let out = '';
  for (const item of list) {
    if (isObject(item) && Object.keys(item).length > 0) {
      // The first pair goes on the dash line; the rest align under it.
      const body = mapping(item, indent + '  ');
      out += indent + '- ' + body.slice(indent.length + 2);
    } else if (Array.isArray(item) || (typeof item === 'string' && item.includes('\n'))) {
      throw new Unsure();
    } else out += indent + '-' + value(item, indent);
  }
  return out;
}

/** Block YAML for a plain object, byte for byte what `yaml` writes with YAML_STYLE. */
export function emitYaml(obj: Record<string, unknown>): string {
  try {
    return Object.keys(obj).length === 0 ? '{}\n' : mapping(obj, '');
  } catch (e) {
    if (!(e instanceof Unsure)) throw e;
    return stringify(obj, YAML_STYLE);
  }
}
