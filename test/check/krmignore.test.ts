// .krmignore: which files kpt leaves out of a package (gitignore patterns, the common subset).
import { describe, expect, it } from 'vitest';
import { isIgnored, parseKrmignore } from '../../src/check/krmignore.js';

const ROOT_KRMIGNORE = `# the repository root's own file
/*
!/clusters/
!/Kptfile
`;

describe('isIgnored', () => {
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
    ['**/secret.yaml', 'a/b/secret.yaml', true],
    ['**/secret.yaml', 'secret.yaml', true],
    ['a?.yaml', 'ab.yaml', true],
    ['a?.yaml', 'abc.yaml', false],
    ['# only a comment\n\n', 'a.yaml', false],
    [ROOT_KRMIGNORE, 'clusters/sample.yaml', false],
    [ROOT_KRMIGNORE, 'Kptfile', false],
    [ROOT_KRMIGNORE, 'testdata/check/x.yaml', true],
    [ROOT_KRMIGNORE, 'package.json', true],
    // re-including a file inside an ignored directory does not work (as in git)
    ['/drafts/\n!/drafts/keep.yaml', 'drafts/keep.yaml', true],
    ['*.yaml\n!keep.yaml', 'keep.yaml', false],
    ['*.yaml\n!keep.yaml', 'other.yaml', true],
    ['a.b.yaml', 'aXb.yaml', false], // dots are literal
  ])('%j: %s -> %s', (patterns, path, ignored) => {
    expect(isIgnored(parseKrmignore(patterns), path)).toBe(ignored);
  });
});
