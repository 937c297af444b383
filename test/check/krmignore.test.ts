// .krmignore: which files kpt leaves out of a package, as go-gitignore (kyaml's matcher) reads it.
import { describe, expect, it } from 'vitest';
import { goMatch, isIgnored, matchesEntry, parseKrmignore } from '../../src/check/krmignore.js';

const ROOT_KRMIGNORE = `# the repository root's own file
/*
!/clusters/
!/Kptfile
`;

describe('isIgnored (go-gitignore, as kpt reads .krmignore)', () => {
  it.each([
    // [patterns, path, ignored]
    ['fn-config/', 'fn-config/replace.yaml', true],
    ['fn-config/', 'sub/fn-config/replace.yaml', true],
    ['fn-config/', 'fn-config', false], // a file of that name is no directory
    ['fn-config/', 'clusters/a.yaml', false],
    ['*.bak.yaml', 'clusters/a.bak.yaml', true],
    ['*.bak.yaml', 'clusters/a.yaml', false],
    ['/drafts', 'drafts/a.yaml', true],
    ['/drafts', 'clusters/drafts/a.yaml', false],
    ['clusters/*.tmp.yaml', 'clusters/a.tmp.yaml', true],
    ['clusters/*.tmp.yaml', 'clusters/x/a.tmp.yaml', false],
    // a pattern of n parts matches the last n parts of the path, at any depth (git: anchored)
    ['sub/*', 'clusters/sub/np.yaml', true],
    ['sub/*', 'sub/np.yaml', true],
    ['clusters/*.tmp.yaml', 'x/clusters/a.tmp.yaml', true],
    ['a/b.yaml', 'z/a/b.yaml', true],
    // "/" first: the first n parts
    ['/sub/*', 'clusters/sub/np.yaml', false],
    ['/clusters/*.yaml', 'clusters/a.yaml', true],
    // "**" is two stars: one part at least, never none (git: none too)
    ['**/secret.yaml', 'a/b/secret.yaml', true],
    ['**/secret.yaml', 'secret.yaml', false],
    ['a/**/b.yaml', 'a/b.yaml', false],
    ['a?.yaml', 'ab.yaml', true],
    ['a?.yaml', 'abc.yaml', false],
    ['[n]p.yaml', 'clusters/np.yaml', true],
    ['[!n]p.yaml', 'clusters/np.yaml', true], // Go negates with ^: this class is "!" or "n"
    ['[!n]p.yaml', 'clusters/xp.yaml', false],
    ['[^x]p.yaml', 'clusters/np.yaml', true],
    ['[a-m]p.yaml', 'np.yaml', false],
    ['\\#np.yaml', 'clusters/#np.yaml', true],
    ['\\#np.yaml', 'clusters/np.yaml', false],
    ['#np.yaml', 'clusters/#np.yaml', false], // a comment
    ['\\*.yaml', '*.yaml', true],
    ['\\*.yaml', 'a.yaml', false],
    ['  a.yaml  ', 'a.yaml', true], // spaces trimmed both ends
    ['a.yaml\r\n', 'a.yaml', true],
    ['[', 'a.yaml', false], // a bad pattern matches nothing
    ['/\n!\n', 'a.yaml', false], // (kpt would panic on these lines)
    ['*-image-tag-mirrors.yaml', 'c1-image-tag-mirrors.yaml', true],
    ['# only a comment\n\n', 'a.yaml', false],
    [ROOT_KRMIGNORE, 'clusters/sample.yaml', false],
    [ROOT_KRMIGNORE, 'Kptfile', false],
    [ROOT_KRMIGNORE, 'testdata/check/x.yaml', true],
    [ROOT_KRMIGNORE, 'package.json', true],
    [ROOT_KRMIGNORE, '.github/workflows/ci.yml', true],
    // an ignored directory is not entered: nothing inside it comes back
    ['/drafts/\n!/drafts/keep.yaml', 'drafts/keep.yaml', true],
    // any matching "!" pattern wins, whatever the order (git: the last matching line)
    ['*.yaml\n!keep.yaml', 'keep.yaml', false],
    ['!keep.yaml\n*.yaml', 'keep.yaml', false],
    ['*.yaml\n!keep.yaml', 'other.yaml', true],
    ['a.b.yaml', 'aXb.yaml', false], // dots are literal
  ])('%j: %s -> %s', (patterns, path, ignored) => {
    expect(isIgnored(parseKrmignore(patterns), path)).toBe(ignored);
  });

  it('directories: a "/"-ended pattern matches them only', () => {
    const k = parseKrmignore('build/\n/only-top\n');
    expect(matchesEntry(k, 'a/build', true)).toBe(true);
    expect(matchesEntry(k, 'a/build', false)).toBe(false);
    expect(matchesEntry(k, 'only-top', true)).toBe(true);
    expect(matchesEntry(k, 'x/only-top', true)).toBe(false);
  });

  it('stops at a line longer than bufio.Scanner takes (64 KiB), as go-gitignore does', () => {
    const k = parseKrmignore(`a.yaml\n${'x'.repeat(70_000)}\nb.yaml\n`);
    expect(isIgnored(k, 'a.yaml')).toBe(true);
    expect(isIgnored(k, 'b.yaml')).toBe(false);
  });
});

describe("goMatch (Go's filepath.Match)", () => {
  it.each([
    ['abc', 'abc', true],
    ['*', 'abc', true],
    ['*c', 'abc', true],
    ['a*', 'a', true],
    ['a*', 'ab/c', false],
    ['a*/b', 'abc/b', true],
    ['a*b*c*d*e*/f', 'axbxcxdxe/f', true],
    ['a*b*c*d*e*/f', 'axbxcxdxexxx/f', true],
    ['a*b*c*d*e*/f', 'axbxcxdxe/xxx/f', false],
    ['a*b?c*x', 'abxbbxdbxebxczzx', true],
    ['a*b?c*x', 'abxbbxdbxebxczzy', false],
    ['ab[c]', 'abc', true],
    ['ab[b-d]', 'abc', true],
    ['ab[e-g]', 'abc', false],
    ['ab[^c]', 'abc', false],
    ['ab[^e-g]', 'abc', true],
    ['a\\*b', 'a*b', true],
    ['a\\*b', 'ab', false],
    ['a?b', 'a☺b', true],
    ['a[^a]b', 'a☺b', true],
    ['a???b', 'a☺b', false],
    ['*x', 'xxx', true],
    ['a[', 'a', false],
    ['[]a]', ']', false],
    ['[-]', '-', false],
    ['[x-]', 'x', false],
    ['[a-b-c]', 'a', false],
    ['a[/]b', 'a/b', true], // a class is no separator check in Go
    ['a?b', 'a/b', false],
  ])('%s ~ %s -> %s', (p, name, want) => {
    expect(goMatch(p, name)).toBe(want);
  });

  it('is a bounded scan on hostile patterns (no backtracking blow-up)', () => {
    // A regular expression from this glob backtracks exponentially; the scan is polynomial (a hang fails the test by its time-out).
    const p = `${'*a'.repeat(40)}b`;
    const name = 'a'.repeat(5000);
    expect(goMatch(p, name)).toBe(false);
    expect(goMatch(p, `${name}b`)).toBe(true);
  });
});
