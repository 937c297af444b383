// Reading YAML the way kubectl does (go-yaml v2 through sigs.k8s.io/yaml): YAML 1.1 scalars
// (`yes`/`on` are booleans, `0644` is 420), merge keys `<<` merged, `!!binary` decoded to a
// string, timestamps left as strings, no sexagesimal numbers. The `yaml` package's YAML 1.1
// schema with those differences; every item the function reads with the full parser is
// read with these options, so it sees what the cluster will see.
import {
  parseAllDocuments,
  visit,
  type Document,
  type DocumentOptions,
  type ParseOptions,
  type SchemaOptions,
} from 'yaml';
import { GO_ONLY_BREAK, goFlowScalar } from './go-line-breaks.js';

/** Alias expansion cap per item: a "billion laughs" item fails instead of eating memory. */
export const MAX_ALIAS_COUNT = 1000;

type Tags = Exclude<SchemaOptions['customTags'], undefined | null>;
type TagList = Exclude<Tags, (tags: never) => unknown>;

const BINARY = 'tag:yaml.org,2002:binary';

/** go-yaml decodes `!!binary` into the bytes as a string; invalid base64 stays the text it was. */
const binaryAsString = {
  tag: BINARY,
  resolve(str: string) {
    const b64 = str.replace(/[\s]/g, '');
    return /^[A-Za-z0-9+/]*={0,2}$/.test(b64) ? Buffer.from(b64, 'base64').toString('utf8') : str;
  },
};

const kubeTags = (tags: TagList): TagList =>
  tags
    .filter((t) => {
      const { tag, format } = t as { tag: string; format?: string };
      return tag !== 'tag:yaml.org,2002:timestamp' && format !== 'TIME';
    })
    .map((t) => ((t as { tag: string }).tag === BINARY ? binaryAsString : t)) as TagList;

export const KUBE_YAML: ParseOptions & DocumentOptions & SchemaOptions = {
  version: '1.1',
  merge: true,
  customTags: kubeTags,
};

const STYLE = { QUOTE_SINGLE: 'single', QUOTE_DOUBLE: 'double', PLAIN: 'plain' } as const;

/**
 * Flow scalars holding a raw NEL, U+2028 or U+2029, read as go-yaml reads them
 * (go-line-breaks.ts); `src` is the text the document's ranges point into.
 */
export function goLineBreaks(doc: Document.Parsed, src: string): void {
  if (!GO_ONLY_BREAK.test(src.slice(doc.range[0], doc.range[2]))) return;
  visit(doc, {
    Scalar(_, node) {
      const style = STYLE[node.type as keyof typeof STYLE];
      if (style === undefined || typeof node.value !== 'string' || !node.range) return;
      const source = src.slice(node.range[0], node.range[1]);
      if (!GO_ONLY_BREAK.test(source)) return;
      const value = goFlowScalar(source, style);
      if (value !== undefined) node.value = value;
    },
  });
}

/** The documents of a text, read with kubectl's meaning. */
export function parseKube(src: string): Document.Parsed[] {
  const docs = parseAllDocuments(src, KUBE_YAML);
  if (!Array.isArray(docs)) return [];
  if (GO_ONLY_BREAK.test(src)) for (const d of docs) goLineBreaks(d, src);
  return docs;
}
