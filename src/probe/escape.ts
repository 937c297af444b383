// Everything probe prints passes through here: registry names, file paths, error texts from
// the network and from auth files can hold terminal escapes, newlines or bidi overrides; and
// no credential value may be printed, whatever text carried it.
import { escapeData, escapeProperty } from '../check/format.js';
import { REDACTED } from '../registries/credentials.js';

/** C0 and C1 controls, DEL, line/paragraph separators and the bidi embedding/override/isolate marks. */
function isUnsafe(c: number): boolean {
  return (
    c < 0x20 ||
    (c >= 0x7f && c <= 0x9f) ||
    c === 0x2028 ||
    c === 0x2029 ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0xfeff
  );
}

const hex = (c: number, width: number) => c.toString(16).padStart(width, '0');

/** Text for a terminal or a log: unsafe characters as \n, \t, \xNN or \uNNNN; a backslash stays as is. */
export function escapeText(s: string): string {
  let out = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!isUnsafe(c)) continue;
    out += s.slice(start, i);
    out +=
      c === 0x0a ? '\\n' : c === 0x0d ? '\\r' : c === 0x09 ? '\\t' : c <= 0xff ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`;
    start = i + 1;
  }
  return start === 0 ? s : out + s.slice(start);
}

/**
 * JSON.stringify escapes C0 controls but writes DEL, C1 controls and bidi marks raw: those
 * become \uNNNN escapes here, so the JSON means the same and is safe to show.
 */
export function safeJson(value: unknown): string {
  const text = JSON.stringify(value, null, 2);
  let out = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x7f || !isUnsafe(c)) continue;
    out += text.slice(start, i) + `\\u${hex(c, 4)}`;
    start = i + 1;
  }
  return start === 0 ? text : out + text.slice(start);
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
