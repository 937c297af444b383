// Registry credentials as containers/image finds them in one auth file.
//
// Follows containers/image v5.37 pkg/docker/config/config.go (read from upstream):
//   - dockerConfigFile{ auths map[string]dockerAuthConfig; credHelpers map[string]string } and
//     dockerAuthConfig{ auth, identitytoken }: the `username`/`password` fields that
//     docker/cli also writes are NOT read by containers/image (CRI-O, podman, skopeo); they are
//     reported here, never used. A legacy ~/.dockercfg file is the auths map itself.
//     encoding/json: field names match case-insensitively, the last duplicate wins, a JSON
//     null leaves a field empty, a value of the wrong type fails the whole file.
//   - GetCredentialsForRef(ref) looks up key = ref.Name() (host/namespace/repo, docker.io
//     spelled "docker.io"); registry = key up to the first "/".
//   - findCredentialsInFile: a credHelpers entry for the registry wins (the helper is run); then
//     authKeyLookupOrder: the key itself, then each parent namespace, then the registry
//     (legacy format: the registry only); the first key present decides, even when its entry
//     is empty (decodeDockerAuth then returns no credentials and the lookup stops there). Then,
//     "bad luck": every key is normalised (normalizeAuthFileKey: "http://"/"https://" removed
//     and, for such URL keys or in the legacy format, everything from the first "/"; then
//     normalizeRegistry: "registry-1.docker.io" and "docker.io" become "index.docker.io") and
//     compared with normalizeRegistry(registry). Go walks a map there, in random order; this
//     takes the first in file order and reports the ambiguity.
//   - decodeDockerAuth: base64.StdEncoding (padded; "\r"/"\n" ignored; any other bad byte is an
//     error that fails the lookup), split at the first ":" (no ":" -> no credentials), the
//     password trimmed of NUL bytes on both ends.
//   - With an explicit auth file (skopeo --authfile, CRI-O's global_auth_file) only that file
//     is read (getAuthFilePaths with a user-specified path).

/**
 * A credential value: prints as "[redacted]" however it is turned into text (String(),
 * template literals, JSON.stringify, util.inspect); only reveal() gives the value, for a
 * request header.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  get empty(): boolean {
    return this.#value === '';
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [Symbol.toPrimitive](): string {
    return REDACTED;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `Secret(${REDACTED})`;
  }
}

export const REDACTED = '[redacted]';

export interface AuthEntry {
  /** The key as written in the file. */
  key: string;
  /** The `auth` field (base64 "user:password"), still encoded. */
  auth?: Secret;
  identityToken?: Secret;
  /** Fields docker/cli reads but containers/image ignores. */
  ignoredFields: string[];
}

export interface AuthFile {
  legacyFormat: boolean;
  /** In file order (a later duplicate key replaces the earlier entry, as in Go). */
  entries: Map<string, AuthEntry>;
  credHelpers: Map<string, string>;
}

export interface Credentials {
  /** Raw bytes of the user name, as a latin1 string (Go keeps bytes, not UTF-8 text). */
  username: string;
  password: Secret;
  identityToken?: Secret;
}

export type Lookup =
  /** A key matched and decoded to credentials. */
  | { kind: 'found'; key: string; credentials: Credentials; notes: string[] }
  /** A key matched but holds no credentials (no ":" in auth, or an empty entry): the lookup stops. */
  | { kind: 'empty'; key: string; notes: string[] }
  /** credHelpers names a helper for the registry: containers/image would run it; probe does not. */
  | { kind: 'helper'; helper: string; registry: string; notes: string[] }
  | { kind: 'none'; tried: string[]; notes: string[] }
  /** containers/image fails the whole pull attempt ("getting username and password: ..."). */
  | { kind: 'error'; key: string; error: string; notes: string[] };

export type ParsedAuthFile = { ok: true; file: AuthFile; warnings: string[] } | { ok: false; error: string };

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isPlainObject = (v: unknown): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const goType = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v;

/** encoding/json's case-insensitive field match, last duplicate wins. */
function field(obj: Record<string, Json>, name: string): Json | undefined {
  let out: Json | undefined;
  for (const [k, v] of Object.entries(obj)) if (k.toLowerCase() === name) out = v;
  return out;
}

function stringField(
  obj: Record<string, Json>,
  name: string,
  where: string,
): { ok: true; value?: string } | { ok: false; error: string } {
  const v = field(obj, name);
  if (v === undefined || v === null) return { ok: true };
  if (typeof v !== 'string')
    return { ok: false, error: `json: cannot unmarshal ${goType(v)} into field ${where}.${name} of type string` };
  return { ok: true, value: v };
}

function parseEntries(
  map: Record<string, Json>,
  where: string,
): { ok: true; entries: Map<string, AuthEntry>; warnings: string[] } | { ok: false; error: string } {
  const entries = new Map<string, AuthEntry>();
  const warnings: string[] = [];
  for (const [key, raw] of Object.entries(map)) {
    if (raw !== null && !isPlainObject(raw))
      return {
        ok: false,
        error: `json: cannot unmarshal ${goType(raw)} into ${where}[${JSON.stringify(key)}] of type dockerAuthConfig`,
      };
    const obj = raw ?? {};
    const auth = stringField(obj, 'auth', where);
    if (!auth.ok) return auth;
    const token = stringField(obj, 'identitytoken', where);
    if (!token.ok) return token;
    const ignoredFields = Object.keys(obj).filter((k) =>
      ['username', 'password', 'email', 'registrytoken'].includes(k.toLowerCase()),
    );
    if (ignoredFields.some((f) => ['username', 'password'].includes(f.toLowerCase())) && auth.value === undefined) {
      warnings.push(
        `auth entry ${JSON.stringify(key)} has username/password fields but no "auth": containers/image (CRI-O, podman, skopeo) ignores those fields`,
      );
    }
    entries.delete(key);
    entries.set(key, {
      key,
      ...(auth.value !== undefined ? { auth: new Secret(auth.value) } : {}),
      ...(token.value !== undefined && token.value !== '' ? { identityToken: new Secret(token.value) } : {}),
      ignoredFields,
    });
  }
  return { ok: true, entries, warnings };
}

/**
 * Parses an auth file: containers auth.json, ~/.docker/config.json, a Secret's .dockerconfigjson
 * (all `{"auths": {...}}`), or with legacyFormat a .dockercfg (the map itself).
 */
export function parseAuthFile(text: string, options: { legacyFormat?: boolean } = {}): ParsedAuthFile {
  const legacyFormat = options.legacyFormat === true;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    // Node's messages quote the text around the mistake (and change between versions): never
    // show any of it.
    return { ok: false, error: 'not valid JSON' };
  }
  if (legacyFormat) {
    if (doc === null)
      return { ok: true, file: { legacyFormat, entries: new Map(), credHelpers: new Map() }, warnings: [] };
    if (!isPlainObject(doc))
      return { ok: false, error: `json: cannot unmarshal ${goType(doc)} into map[string]dockerAuthConfig` };
    const parsed = parseEntries(doc, 'auths');
    if (!parsed.ok) return parsed;
    return {
      ok: true,
      file: { legacyFormat, entries: parsed.entries, credHelpers: new Map() },
      warnings: parsed.warnings,
    };
  }
  if (doc === null)
    return { ok: true, file: { legacyFormat, entries: new Map(), credHelpers: new Map() }, warnings: [] };
  if (!isPlainObject(doc)) return { ok: false, error: `json: cannot unmarshal ${goType(doc)} into dockerConfigFile` };
  const auths = field(doc, 'auths');
  if (auths !== undefined && auths !== null && !isPlainObject(auths))
    return {
      ok: false,
      error: `json: cannot unmarshal ${goType(auths)} into field auths of type map[string]dockerAuthConfig`,
    };
  const helpers = field(doc, 'credhelpers');
  if (helpers !== undefined && helpers !== null && !isPlainObject(helpers))
    return {
      ok: false,
      error: `json: cannot unmarshal ${goType(helpers)} into field credHelpers of type map[string]string`,
    };
  const credHelpers = new Map<string, string>();
  for (const [k, v] of Object.entries(helpers ?? {})) {
    if (v === null) {
      credHelpers.set(k, '');
      continue;
    }
    if (typeof v !== 'string')
      return {
        ok: false,
        error: `json: cannot unmarshal ${goType(v)} into credHelpers[${JSON.stringify(k)}] of type string`,
      };
    credHelpers.set(k, v);
  }
  const parsed = parseEntries(isPlainObject(auths) ? auths : {}, 'auths');
  if (!parsed.ok) return parsed;
  return { ok: true, file: { legacyFormat, entries: parsed.entries, credHelpers }, warnings: parsed.warnings };
}

/** normalizeRegistry: the Docker Hub host names all mean index.docker.io. */
export function normalizeRegistry(registry: string): string {
  return registry === 'registry-1.docker.io' || registry === 'docker.io' ? 'index.docker.io' : registry;
}

/** normalizeAuthFileKey: a key as a host name (URL keys lose scheme and path). */
export function normalizeAuthFileKey(key: string, legacyFormat: boolean): string {
  let stripped = key.startsWith('http://') ? key.slice(7) : key;
  stripped = stripped.startsWith('https://') ? stripped.slice(8) : stripped;
  if (legacyFormat || stripped !== key) {
    const slash = stripped.indexOf('/');
    if (slash !== -1) stripped = stripped.slice(0, slash);
  }
  return normalizeRegistry(stripped);
}

/** authKeyLookupOrder: the key, its parent namespaces, then the registry (legacy: the registry only). */
export function authKeyLookupOrder(key: string, registry: string, legacyFormat: boolean): string[] {
  if (legacyFormat) return [registry];
  const out: string[] = [];
  let k = key;
  for (;;) {
    out.push(k);
    const slash = k.lastIndexOf('/');
    if (slash === -1) break;
    k = k.slice(0, slash);
  }
  return out;
}

/** validateKey: what GetCredentials refuses before looking. */
export function validateKey(key: string): string | undefined {
  if (key.startsWith('http://') || key.startsWith('https://')) return `key ${key} contains http[s]:// prefix`;
  if (key.includes('@')) return `key ${key} contains a '@' character`;
  const slash = key.indexOf('/');
  if (slash !== -1 && key.slice(slash + 1).includes(':'))
    return `key ${key} contains a ':' character after host[:port]`;
  return undefined;
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

/**
 * base64.StdEncoding.DecodeString: padded standard alphabet, "\r" and "\n" skipped anywhere;
 * anything else fails with Go's message (the offset counts the skipped newlines too).
 */
export function decodeStdBase64(s: string): { ok: true; bytes: Buffer } | { ok: false; error: string } {
  const clean: number[] = [];
  const offsets: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) continue;
    clean.push(c);
    offsets.push(i);
  }
  const illegal = (at: number) => ({ ok: false as const, error: `illegal base64 data at input byte ${at}` });
  const n = clean.length;
  let pad = 0;
  if (n > 0 && clean[n - 1] === 0x3d) pad = n > 1 && clean[n - 2] === 0x3d ? 2 : 1;
  for (let i = 0; i < n - pad; i++) {
    const c = clean[i]!;
    if (c >= 128 || B64_INDEX[c]! < 0) return illegal(offsets[i]!);
  }
  if (n % 4 !== 0) return illegal(offsets[n - 1] ?? s.length);
  // "x===" and a "=" inside a quantum fail above: a "=" before the padding is not in the alphabet.
  return { ok: true, bytes: Buffer.from(Buffer.from(clean).toString('latin1'), 'base64') };
}

function decodeEntry(
  entry: AuthEntry,
): { kind: 'found'; credentials: Credentials } | { kind: 'empty' } | { kind: 'error'; error: string } {
  const decoded = decodeStdBase64(entry.auth?.reveal() ?? '');
  if (!decoded.ok) return { kind: 'error', error: decoded.error };
  const bytes = decoded.bytes;
  const colon = bytes.indexOf(0x3a);
  if (colon === -1) return { kind: 'empty' };
  let start = colon + 1;
  let end = bytes.length;
  while (start < end && bytes[start] === 0) start++;
  while (end > start && bytes[end - 1] === 0) end--;
  return {
    kind: 'found',
    credentials: {
      username: bytes.subarray(0, colon).toString('latin1'),
      password: new Secret(bytes.subarray(start, end).toString('latin1')),
      ...(entry.identityToken ? { identityToken: entry.identityToken } : {}),
    },
  };
}

function decided(entry: AuthEntry, key: string, notes: string[]): Lookup {
  const d = decodeEntry(entry);
  if (d.kind === 'error') return { kind: 'error', key, error: d.error, notes };
  if (d.kind === 'empty') {
    if (entry.ignoredFields.length > 0)
      notes.push(
        `entry ${JSON.stringify(key)} has no usable "auth"; its ${entry.ignoredFields.join('/')} fields are ignored by containers/image`,
      );
    return { kind: 'empty', key, notes };
  }
  return { kind: 'found', key, credentials: d.credentials, notes };
}

/**
 * findCredentialsInFile for `key` (an image name: host[:port]/namespace/repo, or a host).
 */
export function lookupCredentials(file: AuthFile, key: string): Lookup {
  const notes: string[] = [];
  const invalid = validateKey(key);
  if (invalid !== undefined) return { kind: 'error', key, error: invalid, notes };
  const slash = key.indexOf('/');
  const registry = slash === -1 ? key : key.slice(0, slash);
  const helper = file.credHelpers.get(registry);
  if (helper !== undefined) return { kind: 'helper', helper, registry, notes };
  const tried = authKeyLookupOrder(key, registry, file.legacyFormat);
  for (const k of tried) {
    const entry = file.entries.get(k);
    if (entry) return decided(entry, k, notes);
  }
  const normalized = normalizeRegistry(registry);
  const matches = [...file.entries.values()].filter(
    (e) => normalizeAuthFileKey(e.key, file.legacyFormat) === normalized,
  );
  if (matches.length > 1) {
    notes.push(
      `several keys (${matches.map((m) => JSON.stringify(m.key)).join(', ')}) normalise to ${normalized}; containers/image picks one of them at random, probe uses the first`,
    );
  }
  const first = matches[0];
  if (first) return decided(first, first.key, notes);
  return { kind: 'none', tried: [...tried, `${normalized} (normalised keys)`], notes };
}

/**
 * Every secret value an auth file holds, in the forms they could be printed in: the `auth`
 * text, the decoded password, the identity token. The CLI scrubs these from its output.
 */
export function secretValues(file: AuthFile): string[] {
  const out: string[] = [];
  for (const e of file.entries.values()) {
    if (e.auth) {
      out.push(e.auth.reveal());
      const d = decodeStdBase64(e.auth.reveal());
      if (d.ok) {
        const colon = d.bytes.indexOf(0x3a);
        if (colon !== -1)
          out.push(d.bytes.subarray(colon + 1).toString('latin1'), d.bytes.subarray(colon + 1).toString('utf8'));
      }
    }
    if (e.identityToken) out.push(e.identityToken.reveal());
  }
  return out.filter((v) => v !== '');
}
