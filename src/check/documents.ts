// The documents of one YAML file or stream, built one at a time: a 65 MB `kustomize build`
// stream is never held as a whole tree, only the documents a caller keeps. The same documents
// and indices as parseAllDocuments; a document nested deeper than MAX_NESTING is not built
// (the parser would overflow the stack): reported when check may need it (the function's own
// bound for the items it reads), else counted and passed over, as the function passes it through.
import { Composer, type LineCounter, Parser, type CST, type Document } from 'yaml';
import { MAX_NESTING, tooDeep } from '../krm/nesting.js';
import {
  CONFIG_MAP_KIND,
  FN_CONFIG_KIND,
  FUNCTION_NAME,
  HOSTED_CLUSTER_KIND,
  ITMS_KIND,
  MACHINE_CONFIG_KIND,
  NODE_POOL_KIND,
  SECRET_KIND,
} from '../constants.js';
import { readItem } from '../krm/block-read.js';
import { GO_ONLY_BREAK } from '../krm/go-line-breaks.js';
import { goLineBreaks, QUIET_YAML } from '../krm/kube-yaml.js';
import type { Position } from '../krm/result.js';

export interface StreamDocument {
  /** 0-based, as kpt's config.kubernetes.io/index counts. */
  index: number;
  doc: Document.Parsed;
  /** The document's text in the file: [start, end). */
  start: number;
  end: number;
  /** Why it cannot be read: a syntax error, or nesting too deep. */
  problem?: { message: string; position: Position };
  /** Nested too deeply to build, and of no kind check reads: `doc` is empty. */
  unread?: true;
}

function position(lines: LineCounter, start: number, end = start): Position {
  const a = lines.linePos(start);
  const b = lines.linePos(Math.max(start, end));
  return { line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
}

/** An empty plain scalar in place of a document's content: the document still counts, unbuilt. */
function emptied(doc: CST.Document): CST.Document {
  return { ...doc, value: { type: 'scalar', offset: doc.offset, indent: 0, source: '' } };
}

/** The kinds check (or a render of its files) reads; any `…List` may hold them. */
const NEEDED_KINDS = new Set<string>([
  HOSTED_CLUSTER_KIND,
  NODE_POOL_KIND,
  SECRET_KIND,
  ITMS_KIND,
  MACHINE_CONFIG_KIND,
  FN_CONFIG_KIND,
  'Kptfile',
]);

/** A plain or simply quoted scalar's text, from the syntax tree. */
function scalarText(token: CST.Token | null | undefined): string | undefined {
  if (!token) return undefined;
  if (token.type === 'scalar') return token.source;
  if (token.type === 'single-quoted-scalar' || token.type === 'double-quoted-scalar') {
    const inner = token.source.slice(1, -1);
    return /['"\\\n]/.test(inner) ? undefined : inner;
  }
  return undefined;
}

/** The value of `key` in a map of the syntax tree (undefined when it is no map or has it not). */
function field(token: CST.Token | null | undefined, key: string): CST.Token | null | undefined {
  if (!token || (token.type !== 'block-map' && token.type !== 'flow-collection')) return undefined;
  for (const item of token.items) {
    if (!('key' in item) || scalarText(item.key) !== key) continue;
    // A tag (`!!binary …`) or anchor on the value: its text is not its value.
    return item.sep?.some((t) => t.type === 'tag' || t.type === 'anchor') ? null : item.value;
  }
  return undefined;
}

/**
 * May check need this document (read from its syntax tree, unbuilt)? A kind it reads, a List,
 * a generated ConfigMap (`<cluster>-image-tag-mirrors`), or a kind or name it cannot tell.
 */
function mayBeNeeded(doc: CST.Document): boolean {
  const kind = scalarText(field(doc.value, 'kind'));
  if (kind === undefined || NEEDED_KINDS.has(kind) || kind.endsWith('List')) return true;
  if (kind !== CONFIG_MAP_KIND) return false;
  const name = scalarText(field(field(doc.value, 'metadata'), 'name'));
  return name === undefined || name.endsWith(`-${FUNCTION_NAME}`);
}

/** The documents of `text`, in order; `lines` learns every line start as the parser goes. */
export function* documentsOf(text: string, lines: LineCounter): Generator<StreamDocument> {
  const deep = new Map<number, { offset: number; depth: number; needed: boolean }>();
  function* tokens(): Generator<CST.Token> {
    for (const token of new Parser(lines.addNewLine).parse(text)) {
      if (token.type !== 'document') {
        yield token;
        continue;
      }
      const found = tooDeep(token);
      if (!found) yield token;
      else {
        deep.set(token.offset, { ...found, needed: mayBeNeeded(token) });
        yield emptied(token);
      }
    }
  }
  let index = 0;
  // Raw NEL/U+2028/U+2029 in a scalar: read as kpt reads them (krm/go-line-breaks.ts).
  const goBreaks = GO_ONLY_BREAK.test(text);
  for (const doc of new Composer(QUIET_YAML).compose(tokens())) {
    const start = doc.range[0];
    const out: StreamDocument = { index: index++, doc, start, end: doc.range[2] };
    const d = deep.get(start);
    if (d && !d.needed) out.unread = true;
    else if (d) {
      out.problem = {
        message: `nesting deeper than ${MAX_NESTING} levels: not supported`,
        position: position(lines, d.offset),
      };
    } else if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      out.problem = {
        message: `not valid YAML: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`,
        position: position(lines, e.pos[0], e.pos[1]),
      };
    } else if (goBreaks) goLineBreaks(doc, text);
    yield out;
  }
}

/** A document read without building its tree (fastDocuments). */
export interface FastDocument {
  /** As documentsOf counts. */
  index: number;
  /** Its first content line, and where the next document starts: [start, end). */
  start: number;
  end: number;
  /** Its value; undefined for a document of only blank and comment lines. */
  value?: Record<string, unknown>;
}

const MARKER = '---';

/** Where the line starting at `from` ends (its newline, or the end of the text). */
function lineEndAt(text: string, from: number): number {
  const nl = text.indexOf('\n', from);
  return nl < 0 ? text.length : nl;
}

/** The first line of [from, to) that is neither blank nor a comment, or -1. */
function firstContentLine(text: string, from: number, to: number): number {
  for (let p = from; p < to;) {
    let q = p;
    while (q < to && text.charCodeAt(q) === 32) q++;
    const end = lineEndAt(text, p);
    if (q < end && text.charCodeAt(q) !== 35 /* # */) return p;
    p = end + 1;
  }
  return -1;
}

/** A top-level document's lines as an entry of a block sequence ("- " before the first, "  " before the others). */
function asEntry(text: string, from: number, to: number): Buffer {
  const body = text.slice(from, to).replace(/\n(?=[^\n])/g, '\n  ');
  return Buffer.from(`- ${body}`, 'utf8');
}

/**
 * The documents of a file of plain block YAML maps, read by the KRM function's fast reader
 * (krm/block-read.ts: strings only, no anchors, tags, flow maps or odd characters) without the
 * parser's trees: an 8 MB HostedCluster's syntax tree and document take about 650 MB, its
 * value 50 MB. Split at `---` lines (a line starting `---` or `...` is always a document
 * marker in YAML); undefined (read it with documentsOf) for anything else: a directive, a BOM,
 * CR, a marker with text after it, a document the fast reader does not read whole. `lines`
 * learns every line start.
 */
export function fastDocuments(text: string, lines: LineCounter): FastDocument[] | undefined {
  if (text.includes('\r') || text.charCodeAt(0) === 0xfeff) return undefined;
  const markers: number[] = [];
  for (let p = 0; p <= text.length;) {
    const c = text.charCodeAt(p);
    if (c === 37 /* % */) return undefined;
    const end = lineEndAt(text, p);
    if (text.startsWith(MARKER, p) || text.startsWith('...', p)) {
      if (end - p !== MARKER.length || c !== 45) return undefined;
      markers.push(p);
    }
    if (end === text.length) break;
    p = end + 1;
  }
  // Text before the first marker is a document when it has content; else the first marker starts one.
  const pieces: [number, number][] = [];
  let from = 0;
  for (const m of markers) {
    pieces.push([from, m]);
    from = Math.min(m + MARKER.length + 1, text.length);
  }
  pieces.push([from, text.length]);
  if (markers.length > 0 && firstContentLine(text, 0, markers[0]!) < 0) pieces.shift();
  const out: FastDocument[] = [];
  for (const [i, [from, to]] of pieces.entries()) {
    const start = firstContentLine(text, from, to);
    if (start < 0) {
      out.push({ index: i, start: from, end: to });
      continue;
    }
    const c = text.charCodeAt(start);
    if (c === 32 || c === 9 || c === 45 /* a top-level list */) return undefined;
    const entry = asEntry(text, start, to);
    const read = readItem(entry, 0, entry.length, 0, true);
    if (!read) return undefined;
    out.push({ index: i, start, end: to, value: read.value });
  }
  lines.addNewLine(0);
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) lines.addNewLine(nl + 1);
  return out;
}
