// registries.conf as MCO writes it: its header, then one [[registry]] block per Registry,
// with TOML basic strings exactly as BurntSushi/toml (the encoder MCO uses) writes them.
// Rules and worked examples: the project's registries.conf reference. Byte for byte.
import { editRegistriesConfig } from './merge.js';
import { UNQUALIFIED_SEARCH_REGISTRIES, type MirrorInput, type Registry } from './model.js';

/** Characters a TOML basic string writes as they are: everything but `"`, `\`, C0 controls and DEL. */
const TOML_PLAIN = /^[^"\\\x00-\x1f\x7f]*$/;

export function tomlString(s: string): string {
  if (TOML_PLAIN.test(s)) return `"${s}"`; // (the common case, without a pass per character)
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
  let s = HEADER;
  for (const b of blocks) {
    s += `\n[[registry]]\n  prefix = ${tomlString(b.prefix)}\n`;
    if (b.location) s += `  location = ${tomlString(b.location)}\n`;
    if (b.blocked) s += '  blocked = true\n';
    for (const m of b.mirrors) {
      s += `\n  [[registry.mirror]]\n    location = ${tomlString(m.location)}\n`;
      s += `    pull-from-mirror = ${tomlString(m.pullFromMirror)}\n`;
    }
  }
  return s;
}

export function renderRegistriesConf(input: MirrorInput): string {
  return renderRegistries(editRegistriesConfig(input));
}
