// One input item: its original text (when the fast path found it) and, on demand, its
// parsed document. Parsing is the expensive step, so it happens only for items the
// function needs, and at most once.
import { Document, isMap, parseAllDocuments, type YAMLMap } from 'yaml';
import { fail, ok, type Outcome } from '../outcome.js';
import { isObject, type JsonObject } from './kube.js';
import type { ItemSpans } from './scan.js';

export interface LoadedItem {
  /** Edit this to change the item with its comments and styles kept. */
  doc: Document;
  obj: JsonObject;
}

/** The item's document and value, or why it cannot be read. */
export type LoadResult = Outcome<LoadedItem>;

/** Alias expansion cap per item: a "billion laughs" item fails instead of eating memory. */
export const MAX_ALIAS_COUNT = 1000;

export const NOT_A_MAP = 'the item is not a map';

export function firstLine(message: string): string {
  return message.split('\n')[0]!.trim();
}

export abstract class SourceItem {
  private loaded?: LoadResult;
  constructor(readonly index: number) {}

  /** The item's YAML as it came in (for messages; may be re-rendered on the full-parse path). */
  abstract get source(): string;
  /** True when `source` is the input text, with offsets matching the parsed document's ranges. */
  abstract readonly spliceable: boolean;
  /** The item as a document of its own, and how to read its value (aliases may reach outside it). */
  protected abstract parse(): { doc: Document; toJS: () => unknown } | { error: string };

  /** Is this item of that kind? A guess from its text when it does not parse. */
  abstract looksLike(kind: string): boolean;

  private parsed?: ReturnType<SourceItem['parse']>;
  private parseOnce(): ReturnType<SourceItem['parse']> {
    if (!this.parsed) {
      try {
        this.parsed = this.parse();
      } catch (e) {
        // The parser recurses: nesting thousands deep overflows the stack.
        this.parsed = {
          error: e instanceof RangeError ? 'nested too deeply to read' : firstLine(String((e as Error)?.message ?? e)),
        };
      }
    }
    return this.parsed;
  }

  /** The YAML syntax error of this item, if any (aliases are not resolved here). */
  syntaxError(): string | undefined {
    const parsed = this.parseOnce();
    return 'error' in parsed ? parsed.error : undefined;
  }

  load(): LoadResult {
    if (this.loaded) return this.loaded;
    const parsed = this.parseOnce();
    if ('error' in parsed) return (this.loaded = fail(parsed.error));
    const { doc } = parsed;
    try {
      const obj = parsed.toJS();
      this.loaded = isObject(obj) && isMap(doc.contents) ? ok({ doc, obj }) : fail(NOT_A_MAP);
    } catch (e) {
      this.loaded = fail(firstLine((e as Error).message));
    }
    return this.loaded;
  }
}

/** An item of a document parsed whole (the slow path). */
export class NodeItem extends SourceItem {
  constructor(
    index: number,
    readonly node: YAMLMap | null,
    private readonly owner: Document,
  ) {
    super(index);
  }
  readonly spliceable = false;
  get source(): string {
    return this.node ? String(this.node) : '';
  }
  looksLike(kind: string): boolean {
    const k = this.node?.get('kind');
    return k === kind;
  }
  protected parse() {
    const doc = new Document(null);
    doc.contents = this.node;
    const toJS = () => (this.node ? this.node.toJS(this.owner, { maxAliasCount: MAX_ALIAS_COUNT }) : null);
    return { doc, toJS };
  }
}

/** An item of the fast path: its own lines of the input, parsed alone when asked. */
export class SpanItem extends SourceItem {
  constructor(
    index: number,
    private readonly text: Buffer,
    private readonly spans: ItemSpans,
  ) {
    super(index);
  }
  readonly spliceable = true;
  get source(): string {
    return this.text.toString('utf8', this.spans.starts[this.index], this.spans.contentEnds[this.index]);
  }
  looksLike(kind: string): boolean {
    return kindLine(kind).test(this.source);
  }
  protected parse() {
    // The item's lines with its dash blanked out: a mapping indented as before.
    const { indent } = this.spans;
    const dash = this.spans.starts[this.index]! + indent;
    const own = ' '.repeat(indent + 1) + this.text.toString('utf8', dash + 1, this.spans.contentEnds[this.index]);
    const doc = parseAllDocuments(own);
    const first = Array.isArray(doc) ? doc[0] : undefined;
    if (!first || (Array.isArray(doc) && doc.length > 1)) return { error: 'the item is not a single YAML mapping' };
    if (first.errors.length) return { error: firstLine(first.errors[0]!.message) };
    return { doc: first, toJS: () => first.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  }
}

/** A `kind: X` line, with the item's dash or not, quoted or not (linear: no nested repeats). */
const kindLine = (kind: string) => new RegExp(`^[ \\t-]*kind:[ \\t]*["']?${kind}["']?[ \\t]*(#.*)?$`, 'm');
