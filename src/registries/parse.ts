// Reading a registries.conf back into the containers/image model, refusing exactly what
// containers/image refuses: explain --from committed predicts what nodes with a committed file
// do, and a file containers/image refuses fails every pull on such a node.
//
// Follows containers/image v5 pkg/sysregistriesv2 (system_registries_v2.go loadConfigFile,
// postProcessRegistries, V1RegistriesConf.ConvertToV2; shortnames.go newShortNameAliasCache)
// and BurntSushi/toml's decoding into its structs:
//   - the file is TOML 1.0 (smol-toml parses it; a syntax error, a key or table defined twice
//     is refused, as BurntSushi does);
//   - keys are matched to the struct's fields exactly, else case-insensitively; unknown keys are
//     ignored (containers/image only logs them at debug level); a known key with a value of the
//     wrong type is refused ("incompatible types");
//   - the v1 format ([registries.search] / .insecure / .block) is converted, mixing v1 and v2
//     is refused;
//   - postProcessRegistries: locations, prefixes and search registries lose trailing "/" and
//     refuse http(s)://; a [[registry]] needs a location unless its prefix is "*.domain";
//     pull-from-mirror only on mirrors, not together with mirror-by-digest-only, and only
//     all / digest-only / tag-only; a mirror needs a location; one location twice with a
//     different insecure or blocked is refused; a later [[registry]] with the same prefix is
//     ignored (findRegistry sorts by prefix); search registries must be domains;
//   - short-name-mode must be empty, disabled, enforcing or permissive; a "*." prefix may not
//     contain "/", "@" or ":"; [aliases] are validated.
// The error strings are containers/image's own, so a refusal reads like the node's log.
import { parse as parseToml, TomlError } from 'smol-toml';
import { fail, ok, type Outcome } from '../outcome.js';
import type { Endpoint, PullFromMirror, Registry } from './model.js';
import { parseNormalizedNamed, parseReference } from './reference.js';
import { isDomain } from './scope.js';

export interface RegistriesConf {
  unqualifiedSearchRegistries: string[];
  registries: Registry[];
}

type Table = Record<string, unknown>;

/** A decoding failure, in BurntSushi's words: "toml: (last key "a.b"): ...". */
class DecodeError extends Error {}

const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v) && !isDate(v);
const isDate = (v: unknown) => v instanceof Date || (typeof v === 'object' && v !== null && 'toISOString' in v);

/** Go's %T of the decoded TOML value (BurntSushi fmtType). */
function goType(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v))) return 'int64';
  if (typeof v === 'number') return 'float64';
  if (isDate(v)) return 'time.Time';
  if (Array.isArray(v)) return v.length > 0 && v.every(isTable) ? '[]map[string]any' : '[]any';
  return 'map[string]any';
}

/** A struct's fields, by their toml tag; the decoder of each. */
type Fields<T> = Record<string, (value: unknown, key: string[], into: T) => void>;

function mismatch(key: string[], v: unknown, dst: string): never {
  throw new DecodeError(
    `toml: (last key "${key.join('.')}"): incompatible types: TOML value has type ${goType(v)}; destination has type ${dst}`,
  );
}

const asString = (v: unknown, key: string[]): string => (typeof v === 'string' ? v : mismatch(key, v, 'string'));
const asBool = (v: unknown, key: string[]): boolean => (typeof v === 'boolean' ? v : mismatch(key, v, 'boolean'));
function asStrings(v: unknown, key: string[]): string[] {
  if (!Array.isArray(v)) return mismatch(key, v, 'slice');
  return v.map((x) => asString(x, key));
}

/** unifyStruct: each key to the field of the same name, else one that matches ignoring case. */
function decodeStruct<T>(v: unknown, key: string[], type: string, fields: Fields<T>, into: T): T {
  if (!isTable(v))
    throw new DecodeError(
      `toml: (last key "${key.join('.')}"): type mismatch for ${type}: expected table but found ${goType(v)}`,
    );
  const names = Object.keys(fields);
  for (const [k, value] of Object.entries(v)) {
    const name = names.includes(k) ? k : names.find((n) => n.toLowerCase() === k.toLowerCase());
    if (name !== undefined) fields[name]!(value, [...key, k], into);
  }
  return into;
}

interface RawEndpoint {
  location: string;
  insecure: boolean;
  pullFromMirror: string;
}
interface RawRegistry extends RawEndpoint {
  prefix: string;
  blocked: boolean;
  mirrorByDigestOnly: boolean;
  mirrors: RawEndpoint[];
}

const ENDPOINT_FIELDS: Fields<RawEndpoint> = {
  location: (v, k, e) => (e.location = asString(v, k)),
  insecure: (v, k, e) => (e.insecure = asBool(v, k)),
  'pull-from-mirror': (v, k, e) => (e.pullFromMirror = asString(v, k)),
};
const newEndpoint = (): RawEndpoint => ({ location: '', insecure: false, pullFromMirror: '' });

function tables<T>(v: unknown, key: string[], type: string, fields: Fields<T>, make: () => T): T[] {
  if (!Array.isArray(v)) return mismatch(key, v, 'slice');
  return v.map((x) => decodeStruct(x, key, type, fields, make()));
}

const REGISTRY_FIELDS: Fields<RawRegistry> = {
  ...(ENDPOINT_FIELDS as unknown as Fields<RawRegistry>),
  prefix: (v, k, r) => (r.prefix = asString(v, k)),
  blocked: (v, k, r) => (r.blocked = asBool(v, k)),
  'mirror-by-digest-only': (v, k, r) => (r.mirrorByDigestOnly = asBool(v, k)),
  mirror: (v, k, r) => (r.mirrors = tables(v, k, 'sysregistriesv2.Endpoint', ENDPOINT_FIELDS, newEndpoint)),
};
const newRegistry = (): RawRegistry => ({
  ...newEndpoint(),
  prefix: '',
  blocked: false,
  mirrorByDigestOnly: false,
  mirrors: [],
});

/** The decoded file: V2RegistriesConf and V1RegistriesConf side by side (loadConfigFile's tomlConfig). */
interface RawConf {
  registries?: RawRegistry[];
  search?: string[];
  credentialHelpers?: string[];
  shortNameMode: string;
  additionalLayerStoreAuthHelper: string;
  aliases?: Map<string, string>;
  v1: { search?: string[]; insecure?: string[]; block?: string[] };
}

const v1List =
  (which: 'search' | 'insecure' | 'block'): Fields<RawConf['v1']>[string] =>
  (v, k, into) =>
    decodeStruct(
      v,
      k,
      'sysregistriesv2.V1TOMLregistries',
      { registries: (x, kk) => (into[which] = asStrings(x, kk)) },
      {},
    );

const V1_FIELDS: Fields<RawConf['v1']> = {
  search: v1List('search'),
  insecure: v1List('insecure'),
  block: v1List('block'),
};

const CONF_FIELDS: Fields<RawConf> = {
  registry: (v, k, c) => (c.registries = tables(v, k, 'sysregistriesv2.Registry', REGISTRY_FIELDS, newRegistry)),
  'unqualified-search-registries': (v, k, c) => (c.search = asStrings(v, k)),
  'credential-helpers': (v, k, c) => (c.credentialHelpers = asStrings(v, k)),
  'short-name-mode': (v, k, c) => (c.shortNameMode = asString(v, k)),
  'additional-layer-store-auth-helper': (v, k, c) => (c.additionalLayerStoreAuthHelper = asString(v, k)),
  aliases: (v, k, c) => {
    if (!isTable(v)) return mismatch(k, v, 'map');
    c.aliases = new Map(Object.entries(v).map(([name, value]) => [name, asString(value, [...k, name])]));
  },
  registries: (v, k, c) => decodeStruct(v, k, 'sysregistriesv2.V1TOMLConfig', V1_FIELDS, c.v1),
};

/** The table a header line names ("[a.b]", "[[a.b]]"), else undefined; linear (no regex backtracking). */
function headerOf(line: string): string | undefined {
  const t = line.trim();
  if (!t.startsWith('[')) return undefined;
  const body = t.slice(t.startsWith('[[') ? 2 : 1);
  const end = body.indexOf(']');
  return end < 0 ? undefined : body.slice(0, end).trim();
}

/** BurntSushi's words for a TOML syntax error; a key or table defined twice as it says it. */
function syntaxError(text: string, e: TomlError): string {
  const first = e.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '');
  if (!first.includes('redefine')) return `toml: line ${e.line}: ${first}`;
  const lines = text.split('\n');
  const line = (lines[e.line - 1] ?? '').trim();
  let key = headerOf(line);
  if (key === undefined) {
    let table = '';
    for (let n = e.line - 2; n >= 0; n--) {
      const h = headerOf(lines[n]!);
      if (h !== undefined) {
        table = h;
        break;
      }
    }
    const eq = line.indexOf('=');
    const own = (eq < 0 ? line : line.slice(0, eq)).trim();
    key = table ? `${table}.${own}` : own;
  }
  return `toml: line ${e.line} (last key "${key}"): Key '${key}' has already been defined.`;
}

/**
 * Where smol-toml (TOML 1.0) refuses what BurntSushi/toml accepts, so a refusal would be a guess.
 * Checked against BurntSushi v1.2.0 (skopeo 1.9.3 here), v1.4.0, v1.5.0 (CRI-O 1.34, OpenShift
 * 4.21) and v1.6.0, which all agree: a `[table]` header over a table that dotted keys or an
 * inline table created (`a.b = 1` then `[a]`; `[a]` `b.c = 1` then `[a.b]`) is accepted, and
 * nesting has no limit (smol-toml stops at 1000 levels, deeper recursion would overflow the
 * stack). A header naming a table or array of tables an earlier header defined is refused by both.
 */
function lenientInBurntSushi(text: string, e: TomlError): boolean {
  const first = e.message.split('\n')[0]!;
  if (first.includes('excessively nested')) return true;
  if (!first.includes('redefine')) return false;
  const lines = text.split('\n');
  const line = (lines[e.line - 1] ?? '').trim();
  if (line.startsWith('[[')) return false;
  const header = headerOf(line);
  if (header === undefined) return false;
  for (let n = 0; n < e.line - 1; n++) {
    if (headerOf(lines[n]!) === header) return false;
  }
  return true;
}

/** A refusal, or (cannotTell) a file BurntSushi/toml may accept where our TOML parser refuses it. */
type Refusal = { ok: false; error: string; cannotTell?: true };

/**
 * BurntSushi's decoding of the file into loadConfigFile's struct. A UTF-8 BOM is read over
 * (smol-toml skips one, as BurntSushi ≥ 1.3 does; a second one is refused by both).
 */
function decode(text: string): Outcome<RawConf> | Refusal {
  let doc: unknown;
  try {
    doc = parseToml(text);
  } catch (e) {
    if (e instanceof TomlError)
      return lenientInBurntSushi(text, e)
        ? { ok: false, error: `line ${e.line}: ${e.message.split('\n')[0]!}`, cannotTell: true }
        : fail(syntaxError(text, e));
    throw e;
  }
  const conf: RawConf = { shortNameMode: '', additionalLayerStoreAuthHelper: '', v1: {} };
  try {
    decodeStruct(doc, [], 'struct', CONF_FIELDS, conf);
  } catch (e) {
    if (e instanceof DecodeError) return fail(e.message);
    throw e;
  }
  return ok(conf);
}

/** parseLocation: trailing "/" trimmed; a URI scheme refused. */
function parseLocation(input: string): string {
  let end = input.length;
  while (end > 0 && input[end - 1] === '/') end--; // strings.TrimRight, linear (a regex backtracks on "a//…/b")
  const trimmed = input.slice(0, end);
  if (trimmed.startsWith('http://') || trimmed.startsWith('https://'))
    throw new DecodeError(`invalid location '${input}': URI schemes are not supported`);
  return trimmed;
}

/** V1RegistriesConf.ConvertToV2: one [[registry]] per location, blocked/insecure set, in first-seen order. */
function convertV1(v1: RawConf['v1']): { registries: RawRegistry[]; search?: string[] } {
  const byLocation = new Map<string, RawRegistry>();
  const get = (location: string) => {
    const l = parseLocation(location);
    let r = byLocation.get(l);
    if (!r) byLocation.set(l, (r = { ...newRegistry(), location: l, prefix: l }));
    return r;
  };
  for (const b of v1.block ?? []) get(b).blocked = true;
  for (const i of v1.insecure ?? []) get(i).insecure = true;
  return { registries: [...byLocation.values()], ...(v1.search ? { search: v1.search } : {}) };
}

const PULL_FROM_MIRROR: readonly string[] = ['', 'all', 'digest-only', 'tag-only'];
const SHORT_NAME_MODES: readonly string[] = ['', 'disabled', 'enforcing', 'permissive'];

/** postProcessRegistries, in its order of checks; the registries deduplicated by prefix and sorted. */
function postProcess(registries: RawRegistry[], search: string[]): RawRegistry[] {
  // Per location (a wildcard's prefix): its first [[registry]] and the first that disagrees with it.
  const byLocation = new Map<string, { first: RawRegistry; differs?: RawRegistry }>();
  for (const reg of registries) {
    reg.location = parseLocation(reg.location);
    if (reg.prefix === '') {
      if (reg.location === '') throw new DecodeError('invalid condition: both location and prefix are unset');
      reg.prefix = reg.location;
    } else {
      reg.prefix = parseLocation(reg.prefix);
      if (!reg.prefix.startsWith('*.') && reg.location === '')
        throw new DecodeError('invalid condition: location is unset and prefix is not in the format: *.example.com');
    }
    if (reg.pullFromMirror !== '')
      throw new DecodeError(`pull-from-mirror must not be set for a non-mirror registry ${goQuote(reg.prefix)}`);
    for (const mir of reg.mirrors) {
      mir.location = parseLocation(mir.location);
      if (mir.location === '') throw new DecodeError('invalid condition: mirror location is unset');
      if (reg.mirrorByDigestOnly && mir.pullFromMirror !== '')
        throw new DecodeError(
          `cannot set mirror usage mirror-by-digest-only for the registry (${goQuote(reg.prefix)}) and pull-from-mirror for per-mirror (${goQuote(mir.location)}) at the same time`,
        );
      if (!PULL_FROM_MIRROR.includes(mir.pullFromMirror))
        throw new DecodeError(
          `unsupported pull-from-mirror value ${goQuote(mir.pullFromMirror)} for mirror ${goQuote(mir.location)}`,
        );
    }
    const key = reg.location === '' ? reg.prefix : reg.location;
    const group = byLocation.get(key);
    if (!group) byLocation.set(key, { first: reg });
    else if (!group.differs && (group.first.insecure !== reg.insecure || group.first.blocked !== reg.blocked))
      group.differs = reg;
  }
  // Go compares every pair, registries in file order: the first to fail is the first
  // [[registry]] of a location that has a disagreeing one, against the first of those (linear here).
  for (const { first, differs } of byLocation.values()) {
    if (!differs) continue;
    const setting = first.insecure !== differs.insecure ? 'insecure' : 'blocked';
    throw new DecodeError(
      `registry '${first.location}' is defined multiple times with conflicting '${setting}' setting`,
    );
  }
  for (let i = 0; i < search.length; i++) {
    const registry = parseLocation(search[i]!);
    if (!isDomain(registry)) throw new DecodeError(`Invalid unqualified-search-registries entry ${goQuote(registry)}`);
    search[i] = registry;
  }
  // The first [[registry]] of a prefix wins; the later ones do not exist for containers/image.
  // File order is kept (findRegistry sorts by prefix itself), so MCO's file reads back as written.
  const unique = new Map<string, RawRegistry>();
  for (const reg of registries) if (!unique.has(reg.prefix)) unique.set(reg.prefix, reg);
  return [...unique.values()];
}

/** Go's %q for the strings in these messages (printable text; others escaped as JSON does). */
const goQuote = (s: string) => JSON.stringify(s);

/** shortnames.go validateShortName / parseShortNameValue: the first problem of an alias. */
function aliasError(name: string, value: string): string | undefined {
  const hasRegistry = (domain: string) => /[.:]/.test(domain) || domain === 'localhost';
  const key = parseReference(name);
  if (!key.ok) return `cannot parse short name: ${goQuote(name)}: ${key.error}`;
  if (key.value.digest !== undefined) return `invalid short name ${goQuote(name)}: must not contain digest`;
  if (key.value.tag !== undefined) return `invalid short name ${goQuote(name)}: must not contain tag`;
  if (hasRegistry(key.value.domain)) return `invalid short name ${goQuote(name)}: must not contain registry`;
  if (value === '') return undefined;
  const ref = parseReference(value);
  if (!ref.ok) return `parsing alias ${goQuote(value)}: ${ref.error}`;
  if (ref.value.digest !== undefined) return `invalid alias ${goQuote(value)}: must not contain digest`;
  if (ref.value.tag !== undefined) return `invalid alias ${goQuote(value)}: must not contain tag`;
  if (!hasRegistry(ref.value.domain)) return `invalid alias ${goQuote(value)}: must contain registry and repository`;
  const named = parseNormalizedNamed(value);
  return named.ok ? undefined : named.error;
}

/** The model's form: a [[registry]] scoped by its location has prefix "" (as MCO writes it). */
function toModel(r: RawRegistry): Registry {
  const mirrors: Endpoint[] = r.mirrors.map((m) => ({
    location: m.location,
    insecure: m.insecure,
    // containers/image: mirror-by-digest-only applies to every mirror of the registry.
    pullFromMirror: (r.mirrorByDigestOnly ? 'digest-only' : m.pullFromMirror || 'all') as PullFromMirror,
  }));
  return {
    prefix: r.prefix === r.location ? '' : r.prefix,
    location: r.location,
    insecure: r.insecure,
    blocked: r.blocked,
    mirrors,
  };
}

/**
 * A registries.conf as containers/image reads it, or containers/image's reason to refuse it
 * (then every pull on a node with this file fails), or our TOML parser's reason when
 * BurntSushi/toml may accept the file (cannotTell).
 */
export function parseRegistriesConf(text: string): Outcome<RegistriesConf> | Refusal {
  const decoded = decode(text);
  if (!decoded.ok) return decoded;
  const c = decoded.value;
  const v2Set =
    c.registries !== undefined ||
    c.search !== undefined ||
    c.credentialHelpers !== undefined ||
    c.shortNameMode !== '' ||
    c.additionalLayerStoreAuthHelper !== '' ||
    c.aliases !== undefined;
  const v1Set = c.v1.search !== undefined || c.v1.insecure !== undefined || c.v1.block !== undefined;
  try {
    let registries = c.registries ?? [];
    let search = c.search ?? [];
    if (v1Set) {
      if (v2Set) return fail('mixing sysregistry v1/v2 is not supported');
      const converted = convertV1(c.v1);
      registries = converted.registries;
      search = converted.search ?? [];
    }
    const processed = postProcess(registries, search);
    if (!SHORT_NAME_MODES.includes(c.shortNameMode))
      return fail(`invalid short-name mode: ${goQuote(c.shortNameMode)}`);
    for (const r of processed)
      if (r.prefix.startsWith('*.') && /[/@:]/.test(r.prefix))
        return fail(
          `Wildcarded prefix should be in the format: *.example.com. Current prefix ${goQuote(r.prefix)} is incorrectly formatted`,
        );
    const aliasErrors = [...(c.aliases ?? [])].map(([n, v]) => aliasError(n, v)).filter((e) => e !== undefined);
    if (aliasErrors.length > 0) return fail(`validating short-name aliases: ${aliasErrors.join('\n')}`);
    // MCO writes a v2 file; a [[registry]] may be the tail of a v1 conversion: same model.
    return ok({ unqualifiedSearchRegistries: search, registries: processed.map(toModel) });
  } catch (e) {
    if (e instanceof DecodeError) return fail(e.message);
    throw e;
  }
}
