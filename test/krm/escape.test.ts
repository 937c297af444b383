// escapeText: the one escaping of every line the tool prints (issue 11, kind 7).
import { describe, expect, it } from 'vitest';
import { escapeLines, escapeText } from '../../src/krm/escape.js';

describe('escapeText', () => {
  it.each([
    ['plain text stays', 'clusters/c1: ok', 'clusters/c1: ok'],
    ['a newline cannot start a line of ours', 'c1\nimage-tag-mirrors: all good', 'c1\\nimage-tag-mirrors: all good'],
    ['a GitHub command after a newline', 'x\n::error file=a::FORGED', 'x\\n::error file=a::FORGED'],
    ['carriage return', 'c1\rPASS', 'c1\\rPASS'],
    ['tab', 'a\tb', 'a\\tb'],
    ['ESC (terminal escape codes)', 'c1\u001b[2K\u001b[32mPASS', 'c1\\u001b[2K\\u001b[32mPASS'],
    ['BEL ending an OSC title', '\u001b]0;t\u0007', '\\u001b]0;t\\u0007'],
    ['NUL', 'a\u0000b', 'a\\u0000b'],
    ['DEL', 'a\u007fb', 'a\\u007fb'],
    ['C1 CSI (one character on some terminals)', 'a\u009b31mb', 'a\\u009b31mb'],
    ['C1 NEL', 'a\u0085b', 'a\\u0085b'],
    ['line and paragraph separators', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
    ['bidi overrides and isolates (Trojan Source)', 'a\u202eb\u2066c\u2069d\u200f', 'a\\u202eb\\u2066c\\u2069d\\u200f'],
    ['the Arabic letter mark', 'a\u061cb', 'a\\u061cb'],
    ['non-ASCII letters and emoji stay', 'café ☃ 🚀', 'café ☃ 🚀'],
    ['U+00A0 (after C1) stays', 'a\u00a0b', 'a\u00a0b'],
    ['backslashes stay', 'a\\nb', 'a\\nb'],
    ['a lone high surrogate', 'a\ud800b', 'a\\ud800b'],
    ['a lone low surrogate', 'a\udc00b', 'a\\udc00b'],
    ['a lone high surrogate at the end', 'a\udbff', 'a\\udbff'],
    ['a surrogate pair (astral) stays', 'a\ud83d\ude80b', 'a\ud83d\ude80b'],
  ])('%s', (_, input, want) => {
    const out = escapeText(input);
    expect(out).toBe(want);
    expect(out).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/);
    expect(Buffer.from(out, 'utf8').toString('utf8')).toBe(out);
  });

  it('keeps a line of JSON valid JSON with the same value', () => {
    const value = { name: 'a\u009b\u007f\u0085\u2028\u202eb', n: 'x\ny' };
    const line = JSON.stringify(value);
    expect(JSON.parse(escapeText(line))).toEqual(value);
  });

  it('escapeLines: one output line per input line', () => {
    expect(escapeLines(['a\nb', 'c'])).toBe('a\\nb\nc');
  });
});
