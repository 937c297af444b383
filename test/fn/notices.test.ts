// The third-party notices name every package esbuild bundles, with each licence file word for
// word, in dist/THIRD_PARTY_NOTICES.txt and at the end of dist/fn.js; and the generator refuses
// what it cannot vouch for.
import type { Metafile } from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundle, NOTICES, OUTFILE } from '../../scripts/build.mjs';
import {
  bundledPackages,
  noticesComment,
  noticesText,
  packageDirOf,
  packageNotice,
} from '../../scripts/third-party-notices.mjs';
import { ROOT } from '../helpers/run-fn.js';

describe('third-party notices', async () => {
  const { metafile } = await bundle();
  const dirs = [...bundledPackages(metafile).keys()];
  const notices = readFileSync(NOTICES, 'utf8');

  it('the bundle holds third-party code (else this test checks nothing)', () => {
    expect(dirs.length).toBeGreaterThanOrEqual(2);
  });
  it.each(dirs)('%s: named, with its licence file word for word', (dir) => {
    const n = packageNotice(ROOT, dir);
    expect(notices).toContain(`  ${n.name}@${n.version}  ${n.license}\n`);
    expect(notices).toContain(`${n.file}:\n\n${n.text}\n`);
  });
  it('dist/THIRD_PARTY_NOTICES.txt is what the generator makes of this build (not stale)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { name: string; version: string };
    expect(notices).toBe(noticesText(ROOT, metafile, `${pkg.name} ${pkg.version}`));
  });
  it('dist/fn.js ends with the same notices as a comment', () => {
    expect(readFileSync(OUTFILE, 'utf8').endsWith(noticesComment(notices))).toBe(true);
  });
  it('@kubernetes/client-node (types only) is not among them', () => {
    expect(dirs.some((d) => d.includes('client-node'))).toBe(false);
  });
});

describe('the notices generator', () => {
  const root = mkdtempSync(join(tmpdir(), 'itm-notices-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const fakePackage = (name: string, license: string, licenseFile?: string) => {
    const dir = join(root, 'node_modules', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', license }));
    if (licenseFile !== undefined) writeFileSync(join(dir, licenseFile), `${license} text of ${name}\n`);
  };
  const metafileOf = (...inputs: string[]): Metafile => ({
    inputs: {},
    outputs: {
      'dist/fn.js': {
        bytes: 1,
        inputs: Object.fromEntries(inputs.map((i) => [i, { bytesInOutput: 1 }])),
        imports: [],
        exports: [],
        entryPoint: 'fn/main.ts',
        cssBundle: undefined,
      } as never,
    },
  });

  it.each([
    ['node_modules/yaml/dist/index.js', 'node_modules/yaml'],
    ['node_modules/@scope/pkg/lib/a.js', 'node_modules/@scope/pkg'],
    ['node_modules/ajv/node_modules/fast-uri/index.js', 'node_modules/ajv/node_modules/fast-uri'],
    ['fn/main.ts', undefined],
  ])('finds the package of %s', (input, dir) => {
    expect(packageDirOf(input)).toBe(dir);
  });
  it('copies a licence file and names the package', () => {
    fakePackage('good', 'MIT', 'LICENSE.md');
    const text = noticesText(root, metafileOf('node_modules/good/index.js'), 'test 0');
    expect(text).toContain('  good@1.0.0  MIT\n');
    expect(text).toContain('LICENSE.md:\n\nMIT text of good\n');
  });
  it('refuses a bundled package without a licence file', () => {
    fakePackage('nofile', 'MIT');
    expect(() => noticesText(root, metafileOf('node_modules/nofile/index.js'), 'test 0')).toThrow(
      /nofile@1\.0\.0 .* ships no LICENSE file/,
    );
  });
  it('refuses a licence that is not on the list', () => {
    fakePackage('copyleft', 'GPL-3.0-only', 'LICENSE');
    expect(() => noticesText(root, metafileOf('node_modules/copyleft/index.js'), 'test 0')).toThrow(
      /"GPL-3.0-only", which is not in ALLOWED_LICENSES/,
    );
  });
  it('a "*/" in a licence text cannot end the comment early', () => {
    expect(noticesComment('a */ b\n')).toBe('/*! THIRD-PARTY NOTICES\na * / b\n*/\n');
  });
});

describe('LICENSE', () => {
  it('is the Apache License 2.0 that package.json names', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { license: string };
    const text = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    expect(pkg.license).toBe('Apache-2.0');
    expect(text).toMatch(/^ +Apache License\n +Version 2\.0, January 2004\n/);
    expect(text).toContain('END OF TERMS AND CONDITIONS');
  });
});
