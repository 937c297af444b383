// Reading YAML the way kubectl does: sigs.k8s.io/yaml hands the text to go-yaml v2
// (gopkg.in/yaml.v2 2.4 = go.yaml.in/yaml/v2 2.4.2), which gives every scalar of the items its
// meaning here and nowhere else. Merge keys `<<` are merged, `!!binary` is decoded to a string,
// timestamps stay the strings they were (go-yaml's decoding into interface{}), sexagesimal
// `1:20` is a string, and a plain scalar is a null, boolean, integer or float exactly when
// go-yaml's resolve() says so (goScalar below, from its resolve.go): `0o17`, `0X1F`, `0b-1`
// and `1e1_0` are numbers there, `1e400` and a 65-bit `0x…` are strings, `+.nan` is a string.
// The `yaml` package's YAML 1.1 schema with these tags; every item the function reads with
// the full parser is read this way, so it sees what the cluster will see.
import {
  Composer,
  Parser,
  YAMLParseError,
  visit,
  type CST,
  type Document,
  type DocumentOptions,
  type ParseOptions,
  type SchemaOptions,
} from 'yaml';
import { GO_ONLY_BREAK, goFlowScalar } from './go-line-breaks.js';
import { NESTED_TOO_DEEPLY, tooDeep } from './nesting.js';

/** Alias expansion cap per item: a "billion laughs" item fails instead of eating memory. */
export const MAX_ALIAS_COUNT = 1000;

type Tags = Exclude<SchemaOptions['customTags'], undefined | null>;
type TagList = Exclude<Tags, (tags: never) => unknown>;
type Tag = TagList[number];

const YAML_TAG = 'tag:yaml.org,2002:';

/** The meaning go-yaml v2 gives a plain scalar decoded into interface{} (timestamps: str). */
export type GoScalar =
  | { kind: 'str'; value: string }
  | { kind: 'null'; value: null }
  | { kind: 'bool'; value: boolean }
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number };

const WORDS = new Map<string, GoScalar>();
for (const [value, words] of [
  [true, 'y Y yes Yes YES true True TRUE on On ON'],
  [false, 'n N no No NO false False FALSE off Off OFF'],
] as const)
  for (const w of words.split(' ')) WORDS.set(w, { kind: 'bool', value });
for (const w of ['', '~', 'null', 'Null', 'NULL']) WORDS.set(w, { kind: 'null', value: null });
for (const [value, words] of [
  [NaN, '.nan .NaN .NAN'],
  [Infinity, '.inf .Inf .INF +.inf +.Inf +.INF'],
  [-Infinity, '-.inf -.Inf -.INF'],
] as const)
  for (const w of words.split(' ')) WORDS.set(w, { kind: 'float', value });

// The first characters after which resolve() looks further; any other makes a string.
const HINTED = /^[-+0-9yYnNtTfFoO~.]/;
// strconv.ParseInt/ParseUint(s, 0, 64) syntax (go-yaml removed every "_" first): sign, then
// 0x/0o/0b (either case) with at least one digit, or 0 and octal digits, or decimal.
const GO_INT = /^([-+]?)(?:0([xX])([0-9a-fA-F]+)|0([oO])([0-7]+)|0([bB])([01]+)|0([0-7]*)|([1-9][0-9]*))$/;
// resolve.go's yamlStyleFloat.
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
// strconv.ParseFloat of a scalar starting with "." (unchanged: underscores only between digits).
const DOT_FLOAT = /^\.[0-9]+(?:_[0-9]+)*(?:[eE][-+]?[0-9]+(?:_[0-9]+)*)?$/;
// parseTimestamp's quick check (four digits and "-"); whatever follows, it is no number.
const TIMESTAMP_START = /^[0-9]{4}-/;

const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** strconv.ParseInt(s, 0, 64), else ParseUint(s, 0, 64): the value, or undefined on error. */
function goParseInt(s: string): bigint | undefined {
  const m = GO_INT.exec(s);
  if (!m) return undefined;
  const [, sign, x, hex, o, oct, b, bin, zeroOct, dec] = m;
  const digits =
    x !== undefined
      ? BigInt(`0x${hex}`)
      : o !== undefined
        ? BigInt(`0o${oct}`)
        : b !== undefined
          ? BigInt(`0b${bin}`)
          : zeroOct !== undefined
            ? BigInt(`0o${zeroOct || '0'}`)
            : BigInt(dec!);
  // ParseInt takes a sign and int64; ParseUint no sign and uint64.
  if (sign === '-') return digits <= INT64_MAX + 1n ? -digits : undefined;
  return digits <= (sign === '+' ? INT64_MAX : UINT64_MAX) ? digits : undefined;
}

/** strconv.ParseInt/ParseUint(s, 2, 64) (a sign allowed by ParseInt), as resolve's "0b" branch calls them. */
function goParseBinary(s: string): bigint | undefined {
  const m = /^([-+]?)([01]+)$/.exec(s);
  if (!m) return undefined;
  const v = BigInt(`0b${m[2]}`);
  if (m[1] === '-') return v <= INT64_MAX + 1n ? -v : undefined;
  return v <= (m[1] === '+' ? INT64_MAX : UINT64_MAX) ? v : undefined;
}

/** ParseFloat's answer: a finite number (out of range is an error; underflow to 0 is not). */
function goFloat(s: string): GoScalar | undefined {
  const v = Number(s);
  return Number.isFinite(v) ? { kind: 'float', value: v } : undefined;
}

const int = (v: bigint): GoScalar => ({ kind: 'int', value: Number(v) });

/** go-yaml v2's resolve("", s) for a plain scalar, then decoded into interface{}. */
function resolvePlain(s: string): GoScalar {
  const word = WORDS.get(s);
  if (word) return word;
  if (!HINTED.test(s) || s === '<<') return { kind: 'str', value: s };
  const c = s[0]!;
  if (c === '.') return (DOT_FLOAT.test(s) && goFloat(s.replaceAll('_', ''))) || { kind: 'str', value: s };
  if (!/[-+0-9]/.test(c) || TIMESTAMP_START.test(s)) return { kind: 'str', value: s };
  const plain = s.replaceAll('_', '');
  const i = goParseInt(plain);
  if (i !== undefined) return int(i);
  const f = YAML_STYLE_FLOAT.test(plain) ? goFloat(plain) : undefined;
  if (f) return f;
  // resolve's own binary branches (for Go before 1.13), reached by "0b" and a sign, "0b-1".
  const b = plain.startsWith('0b')
    ? goParseBinary(plain.slice(2))
    : plain.startsWith('-0b')
      ? goParseBinary(`-${plain.slice(3)}`)
      : undefined;
  return b === undefined ? { kind: 'str', value: s } : int(b);
}

// Each plain scalar is tested against up to four tags: remember the last answer.
let lastInput: string | undefined;
let lastScalar: GoScalar = { kind: 'str', value: '' };

/** What a plain scalar means to kubectl (go-yaml v2 through sigs.k8s.io/yaml). */
export function goScalar(s: string): GoScalar {
  if (s !== lastInput) {
    lastScalar = resolvePlain(s);
    lastInput = s;
  }
  return lastScalar;
}

/** A RegExp whose test() asks goScalar: the `yaml` package picks a scalar's tag by its test. */
class GoKindTest extends RegExp {
  constructor(private readonly kinds: readonly GoScalar['kind'][]) {
    super('(?:)');
  }
  override test(s: string): boolean {
    return this.kinds.includes(goScalar(s).kind);
  }
}

/** go-yaml decodes `!!binary` (standard base64, padded; line breaks ignored) into the bytes as a string. */
const binaryAsString: Tag = {
  tag: `${YAML_TAG}binary`,
  resolve(str: string, onError: (message: string) => void) {
    const b64 = str.replace(/[\r\n]/g, '');
    if (/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(b64))
      return Buffer.from(b64, 'base64').toString('utf8');
    onError('!!binary value contains invalid base64 data');
    return str;
  },
};

// go-yaml's parseTimestamp: "2006-1-2T15:4:5.999999999Z07:00" (T or t), "2006-1-2 15:4:5.999999999"
// or "2006-1-2" through time.Parse (one- or two-digit fields, a real calendar day).
const TIMESTAMP =
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:[Tt]([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.[0-9]+)?(?:Z|[-+][0-9]{2}:[0-9]{2}))|(?: ([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2})(?:\.[0-9]+)?))?$/;

/** Does go-yaml's parseTimestamp accept `s`? */
export function goTimestamp(s: string): boolean {
  const m = TIMESTAMP.exec(s);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const [h, min, sec] = [Number(m[4] ?? m[7] ?? 0), Number(m[5] ?? m[8] ?? 0), Number(m[6] ?? m[9] ?? 0)];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && h < 24 && min < 60 && sec < 60;
}

/** How a tag mismatch's message starts: an error of the item's meaning, not of its syntax. */
export const TAG_MISMATCH = 'cannot decode ';

/**
 * The error go-yaml's resolve() fails with when a scalar's explicit tag is not the kind its
 * text resolves to (`!!null some/image`, `!!int 1.5`): kubectl refuses the whole file. Any
 * text is a `!!str`; an int is a `!!float` too.
 */
function tagMismatch(tag: GoScalar['kind'] | 'timestamp', s: string): string | undefined {
  if (tag === 'timestamp' && goTimestamp(s)) return undefined;
  const kind = goScalar(s).kind;
  if (kind === tag || (tag === 'float' && kind === 'int')) return undefined;
  return `${TAG_MISMATCH}!!${kind} \`${s}\` as a !!${tag}`;
}

/** An explicit `!!timestamp` is a string to go-yaml's interface{} decoding too (when it is one). */
const timestampAsString: Tag = {
  tag: `${YAML_TAG}timestamp`,
  resolve(str: string, onError: (message: string) => void) {
    const mismatch = tagMismatch('timestamp', str);
    if (mismatch) onError(mismatch);
    return str;
  },
};

/**
 * One tag per go-yaml kind, tested in this order (int before float: `!!float 1` is a float,
 * as go-yaml converts an int it was told is a float). Formats and writers come from the
 * `yaml` package's own tags of that name.
 */
function goTags(tags: TagList): TagList {
  const like = (name: string) =>
    tags.find((t) => (t as { tag?: string }).tag === `${YAML_TAG}${name}` && !(t as { format?: string }).format);
  const tag = (name: GoScalar['kind'], kinds: GoScalar['kind'][]): Tag =>
    ({
      ...(like(name) as object),
      tag: `${YAML_TAG}${name}`,
      default: true,
      test: new GoKindTest(kinds),
      resolve: (s: string) => goScalar(s).value,
    }) as Tag;
  // A scalar tagged `!!<name>` gets the first tag of that name without a test (the `yaml`
  // package tries the tested ones only on untagged scalars, and on a failed test falls back
  // to a string): decoded, or refused, as go-yaml's resolve() does. Not used for writing.
  const explicit = (name: GoScalar['kind']): Tag => ({
    tag: `${YAML_TAG}${name}`,
    resolve(s: string, onError: (message: string) => void) {
      const mismatch = tagMismatch(name, s);
      if (mismatch) onError(mismatch);
      return goScalar(s).value;
    },
  });
  const kinds = ['null', 'bool', 'int', 'float'] as const;
  return [
    tag('null', ['null']),
    tag('bool', ['bool']),
    tag('int', ['int']),
    tag('float', ['float', 'int']),
    ...kinds.map(explicit),
  ];
}

const GO_KINDS = new Set(['null', 'bool', 'int', 'float', 'timestamp'].map((k) => `${YAML_TAG}${k}`));

const kubeTags = (tags: TagList): TagList => [
  ...tags
    .filter((t) => !GO_KINDS.has((t as { tag: string }).tag))
    .map((t) => ((t as { tag: string }).tag === binaryAsString.tag ? binaryAsString : t)),
  ...goTags(tags),
  timestampAsString,
];

/**
 * For every document the tools only read: the `yaml` package's warnings (a complex key `? [x, y]`
 * "will be stringified") would otherwise go to stderr as Node process warnings, in no format of
 * ours; errors are still collected on the document.
 */
export const QUIET_YAML = { logLevel: 'error' } as const satisfies DocumentOptions;

export const KUBE_YAML: ParseOptions & DocumentOptions & SchemaOptions = {
  ...QUIET_YAML,
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
  // A document nested deeper than MAX_NESTING is not built (building recurses: the stack would
  // overflow at a depth that depends on the Node version) but fails with NESTED_TOO_DEEPLY:
  // the same bound for every item, wherever it is.
  const deep = new Map<number, number>();
  function* tokens(): Generator<CST.Token> {
    for (const token of new Parser().parse(src)) {
      const found = token.type === 'document' ? tooDeep(token) : undefined;
      if (!found) yield token;
      else {
        deep.set(token.offset, found.offset);
        yield { ...token, value: { type: 'scalar', offset: token.offset, indent: 0, source: '' } } as CST.Document;
      }
    }
  }
  const docs = Array.from(new Composer(KUBE_YAML).compose(tokens(), true, src.length));
  for (const doc of docs) {
    const at = deep.get(doc.range[0]);
    if (at !== undefined) doc.errors.unshift(new YAMLParseError([at, at + 1], 'IMPOSSIBLE', NESTED_TOO_DEEPLY));
  }
  if (GO_ONLY_BREAK.test(src)) for (const d of docs) goLineBreaks(d, src);
  return docs;
}
