// registries.conf as MCO writes it: its header, then one [[registry]] block per Registry,
// with TOML basic strings exactly as BurntSushi/toml (the encoder MCO uses) writes them.
// Rules and worked examples: the project's registries.conf reference. Byte for byte.
// Key order follows the Go structs BurntSushi/toml encodes (c/image sysregistriesv2.Registry:
// prefix, then Endpoint{location, insecure}, blocked, then the mirror sub-tables; a mirror:
// location, insecure, pull-from-mirror); false booleans and empty locations are left out.
import { editRegistriesConfig } from './merge.js';
import { UNQUALIFIED_SEARCH_REGISTRIES, type MirrorInput, type PullFromMirror, type Registry } from './model.js';

/** What a TOML basic string must escape: `"`, `\`, C0 controls and DEL. */
const TOML_ESCAPED = /["\\\x00-\x1f\x7f]/;

export function tomlString(s: string): string {
  // The common case (a regex: native even before the code is hot; no memo, the quoted string
  // is two concatenations).
  if (!TOML_ESCAPED.test(s)) return '"' + s + '"';
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

const HEADER =
  `unqualified-search-registries = [${UNQUALIFIED_SEARCH_REGISTRIES.map((r) => `"${r}"`).join(', ')}]\n` +
  'short-name-mode = ""\n' +
  'additional-layer-store-auth-helper = ""\n';

export function renderRegistries(blocks: readonly Registry[]): string {
  let out = HEADER;
  for (const b of blocks) {
    out += '\n[[registry]]\n  prefix = ' + tomlString(b.prefix) + '\n';
    if (b.location) out += '  location = ' + tomlString(b.location) + '\n';
    if (b.insecure) out += '  insecure = true\n';
    if (b.blocked) out += '  blocked = true\n';
    for (const m of b.mirrors) {
      out += '\n  [[registry.mirror]]\n    location = ' + tomlString(m.location) + '\n';
      if (m.insecure) out += '    insecure = true\n';
      out += '    pull-from-mirror = ' + pullFromMirror(m.pullFromMirror) + '\n';
    }
  }
  return out;
}

// The two pull-from-mirror values, written once.
const DIGEST_ONLY = tomlString('digest-only');
const TAG_ONLY = tomlString('tag-only');
const pullFromMirror = (p: PullFromMirror): string =>
  p === 'tag-only' ? TAG_ONLY : p === 'digest-only' ? DIGEST_ONLY : tomlString(p);

/** The length renderRegistries would give, without building the text (scopes are ASCII). */
export function renderedLength(blocks: readonly Registry[]): number {
  let n = HEADER.length;
  for (const b of blocks) {
    n += '\n[[registry]]\n  prefix = ""\n'.length + b.prefix.length;
    if (b.location) n += '  location = ""\n'.length + b.location.length;
    if (b.insecure) n += '  insecure = true\n'.length;
    if (b.blocked) n += '  blocked = true\n'.length;
    for (const m of b.mirrors) n += mirrorLength(m.location.length, m.insecure, m.pullFromMirror.length);
  }
  return n;
}

/** The length of one rendered [[registry.mirror]] entry. */
export const mirrorLength = (location: number, insecure: boolean, pullFromMirror: number): number =>
  '\n  [[registry.mirror]]\n    location = ""\n'.length +
  location +
  (insecure ? '    insecure = true\n'.length : 0) +
  '    pull-from-mirror = ""\n'.length +
  pullFromMirror;

export function renderRegistriesConf(input: MirrorInput): string {
  return renderRegistries(editRegistriesConfig(input));
}
