// Bundles fn/main.ts into one executable file with no runtime node_modules, puts the version
// from package.json into it, and writes the third-party notices of what it bundled (next to it
// and, so a copied fn.js keeps them, as a comment at its end).
import { build } from 'esbuild';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { noticesComment, noticesText } from './third-party-notices.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
export const OUTFILE = join(ROOT, 'dist', 'fn.js');
export const NOTICES = join(ROOT, 'dist', 'THIRD_PARTY_NOTICES.txt');

/**
 * esbuild options of the bundle, shared with test/fn/notices.test.ts (which needs the same metafile).
 * @type {import('esbuild').BuildOptions & { metafile: true; write: false }}
 */
export const options = {
  absWorkingDir: ROOT,
  entryPoints: ['fn/main.ts'],
  outfile: OUTFILE,
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  minify: true,
  // No bundled package carries /*! */ or @license comments (checked: every legalComments value
  // gives the same bytes): their licences are in their LICENSE files, which the notices copy.
  legalComments: 'none',
  banner: { js: '#!/usr/bin/env node' },
  // src/version.ts reads this; JSON.stringify makes it a string literal.
  define: { __IMAGE_TAG_MIRRORS_VERSION__: JSON.stringify(pkg.version) },
  // Types only: importing its runtime would pull in a whole HTTP client.
  external: ['@kubernetes/client-node'],
  metafile: true,
  write: false,
  logLevel: 'warning',
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await build(options);
  const notices = noticesText(ROOT, result.metafile, `${pkg.name} ${pkg.version}`);
  const [js] = result.outputFiles;
  mkdirSync(dirname(OUTFILE), { recursive: true });
  writeFileSync(OUTFILE, js.text + noticesComment(notices));
  chmodSync(OUTFILE, 0o755);
  writeFileSync(NOTICES, notices);
}
