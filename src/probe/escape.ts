// What probe prints: registry names, file paths, and error texts from the network and from auth
// files can hold control characters (krm/escape.ts, the tool's one escaping of text lines); and
// no credential value may be printed, whatever text carried it.
import { escapeData, escapeProperty } from '../check/format.js';
import { escapeText } from '../krm/escape.js';
import { REDACTED } from '../registries/credentials.js';

export { escapeText };

/**
 * JSON.stringify, with what escapeText escapes beyond JSON (DEL, C1, the line separators, bidi
 * controls, lone surrogates) as \u escapes too: the same value, safe to show.
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).split('\n').map(escapeText).join('\n');
}

/** A GitHub workflow command's message: escapeText, then GitHub's own escaping (check's). */
export const escapeGithubData = (s: string) => escapeData(escapeText(s));
/** ... and a property value: also ":" and ",". */
export const escapeGithubProperty = (s: string) => escapeProperty(escapeText(s));

/**
 * A last line of defence before anything is printed: every occurrence of a known secret value
 * (password, the base64 `auth` text, a bearer token, a Basic header value) is replaced.
 * Values shorter than 4 characters are left alone: replacing "a" everywhere would only garble.
 */
export function scrub(text: string, secrets: Iterable<string>): string {
  let out = text;
  const values = [...new Set([...secrets].filter((s) => s.length >= 4))].sort((a, b) => b.length - a.length);
  for (const v of values) out = out.split(v).join(REDACTED);
  return out;
}

/**
 * Every string of a report scrubbed, before any format escapes it: a secret that the JSON or
 * GitHub format would write escaped (`p\"a`, `pa%25ss`) is no longer there to be written.
 */
export function scrubAll<T>(value: T, secrets: readonly string[]): T {
  if (typeof value === 'string') return scrub(value, secrets) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => scrubAll(v, secrets)) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrubAll(v, secrets);
    return out as T;
  }
  return value;
}

/**
 * A value a registry sent back (a header, a redirect's host), whole or not at all: when it
 * holds any credential we sent, even one too short for scrub to replace everywhere (a
 * 3-character password), the whole value is withheld.
 */
export function withheldIfEchoed(value: string, sent: Iterable<string>): string {
  for (const s of sent) if (s !== '' && value.includes(s)) return REDACTED;
  return value;
}
