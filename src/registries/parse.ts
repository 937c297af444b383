// Reading a registries.conf back into the containers/image model: the inverse of render.ts,
// for the TOML MCO (and this function) write: top-level keys, [[registry]] and
// [[registry.mirror]] tables, basic and literal strings, booleans and arrays of strings. explain --from
// committed explains what nodes with a committed file do. Anything else in the file (inline
// tables, the v1 [registries.search] format, keys containers/image does not have) is refused
// with its line rather than guessed at.
import { fail, ok, type Outcome } from '../outcome.js';
import type { Endpoint, PullFromMirror, Registry } from './model.js';

export interface RegistriesConf {
  unqualifiedSearchRegistries: string[];
  registries: Registry[];
}

type Value = string | boolean | string[];

const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };

/** A TOML basic string starting at s[at] === '"': its value and the index after it. */
function basicString(s: string, at: number): Outcome<{ value: string; next: number }> {
  let out = '';
  for (let i = at + 1; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"') return ok({ value: out, next: i + 1 });
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = s[++i];
    if (e === 'u' || e === 'U') {
      const len = e === 'u' ? 4 : 8;
      const hex = s.slice(i + 1, i + 1 + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) return fail('invalid \\u escape');
      out += String.fromCodePoint(parseInt(hex, 16));
      i += len;
    } else if (e !== undefined && ESCAPES[e] !== undefined) out += ESCAPES[e];
    else return fail(`invalid escape \\${e ?? ''}`);
  }
  return fail('unterminated string');
}

/** A TOML literal string starting at s[at] === "'": no escapes. */
function literalString(s: string, at: number): Outcome<{ value: string; next: number }> {
  const end = s.indexOf("'", at + 1);
  return end < 0 ? fail('unterminated string') : ok({ value: s.slice(at + 1, end), next: end + 1 });
}

/** A basic or literal string at s[at]. */
const stringAt = (s: string, at: number) => (s[at] === "'" ? literalString(s, at) : basicString(s, at));

/** The value after "key = ", and what follows it on the line (only a comment may). */
function parseValue(s: string): Outcome<Value> {
  const rest = (next: number) => s.slice(next).trim();
  const done = (v: Value, next: number): Outcome<Value> =>
    rest(next) === '' || rest(next).startsWith('#') ? ok(v) : fail(`unexpected "${rest(next)}" after the value`);
  if (s.startsWith('"') || s.startsWith("'")) {
    const str = stringAt(s, 0);
    return str.ok ? done(str.value.value, str.value.next) : str;
  }
  const bool = /^(true|false)\b/.exec(s);
  if (bool) return done(bool[1] === 'true', bool[0].length);
  if (s.startsWith('[')) {
    const items: string[] = [];
    let i = 1;
    for (;;) {
      while (s[i] === ' ' || s[i] === '\t') i++;
      if (s[i] === ']') return done(items, i + 1);
      if (s[i] !== '"' && s[i] !== "'") return fail('an array of strings on one line expected');
      const str = stringAt(s, i);
      if (!str.ok) return str;
      items.push(str.value.value);
      i = str.value.next;
      while (s[i] === ' ' || s[i] === '\t') i++;
      if (s[i] === ',') i++;
      else if (s[i] !== ']') return fail('"," or "]" expected in the array');
    }
  }
  return fail(`unsupported value "${s}"`);
}

const PULL_FROM_MIRROR: readonly string[] = ['all', 'digest-only', 'tag-only'];

export function parseRegistriesConf(text: string): Outcome<RegistriesConf> {
  const out: RegistriesConf = { unqualifiedSearchRegistries: [], registries: [] };
  let table: 'top' | 'registry' | 'mirror' = 'top';
  let registry: Registry | undefined;
  let mirror: Endpoint | undefined;
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!.trim();
    const at = (msg: string) => fail<RegistriesConf>(`registries.conf line ${n + 1}: ${msg}`);
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('[')) {
      const header = line.replace(/\s*#.*$/, '');
      if (header === '[[registry]]') {
        // Built as a variable, not a literal: the model may carry more fields (insecure) than read here.
        const r = { prefix: '', location: '', blocked: false, insecure: false, mirrors: [] as Endpoint[] };
        registry = r as Registry;
        out.registries.push(registry);
        table = 'registry';
      } else if (header === '[[registry.mirror]]') {
        if (!registry) return at('[[registry.mirror]] before any [[registry]]');
        const m = { location: '', insecure: false, pullFromMirror: 'all' };
        mirror = m as unknown as Endpoint;
        registry.mirrors.push(mirror);
        table = 'mirror';
      } else return at(`unsupported table ${header}`);
      continue;
    }
    const kv = /^([A-Za-z0-9_-]+)\s*=\s*(.*)$/.exec(line);
    if (!kv) return at(`not a key = value line: ${line}`);
    const key = kv[1]!;
    const value = parseValue(kv[2]!);
    if (!value.ok) return at(value.error);
    const v = value.value;
    const str = (): Outcome<string> => (typeof v === 'string' ? ok(v) : fail(`${key} must be a string`));
    const bool = (): Outcome<boolean> => (typeof v === 'boolean' ? ok(v) : fail(`${key} must be true or false`));
    let err: string | undefined;
    const set = <T>(o: Outcome<T>, apply: (x: T) => void) => (o.ok ? apply(o.value) : (err = o.error));
    if (table === 'top') {
      if (key === 'unqualified-search-registries') {
        if (!Array.isArray(v)) err = `${key} must be an array of strings`;
        else out.unqualifiedSearchRegistries = v;
      } else if (!['short-name-mode', 'additional-layer-store-auth-helper', 'credential-helpers'].includes(key))
        err = `unsupported key ${key}`;
    } else if (table === 'registry') {
      const r = registry as Registry & { insecure?: boolean; mirrorByDigestOnly?: boolean };
      if (key === 'prefix') set(str(), (x) => (r.prefix = x));
      else if (key === 'location') set(str(), (x) => (r.location = x));
      else if (key === 'blocked') set(bool(), (x) => (r.blocked = x));
      else if (key === 'insecure') set(bool(), (x) => (r.insecure = x));
      else if (key === 'mirror-by-digest-only') set(bool(), (x) => (r.mirrorByDigestOnly = x));
      else err = `unsupported key ${key} in [[registry]]`;
    } else {
      const m = mirror as Endpoint & { insecure?: boolean };
      if (key === 'location') set(str(), (x) => (m.location = x));
      else if (key === 'insecure') set(bool(), (x) => (m.insecure = x));
      else if (key === 'pull-from-mirror')
        set(str(), (x) =>
          PULL_FROM_MIRROR.includes(x) ? (m.pullFromMirror = x as PullFromMirror) : (err = `pull-from-mirror "${x}"`),
        );
      else err = `unsupported key ${key} in [[registry.mirror]]`;
    }
    if (err) return at(err);
  }
  for (const r of out.registries) {
    // containers/image: a [[registry]] with mirror-by-digest-only makes its mirrors digest-only.
    const digestOnly = (r as Registry & { mirrorByDigestOnly?: boolean }).mirrorByDigestOnly;
    for (const m of r.mirrors)
      if (digestOnly && (m.pullFromMirror as string) === 'all') m.pullFromMirror = 'digest-only';
    delete (r as Registry & { mirrorByDigestOnly?: boolean }).mirrorByDigestOnly;
    if (!r.prefix && !r.location) return fail('registries.conf: a [[registry]] without prefix or location');
  }
  return ok(out);
}
