// Bundles fn/main.ts into one executable file with no runtime node_modules.
import { build } from 'esbuild';
import { chmodSync } from 'node:fs';

const outfile = 'dist/fn.js';
await build({
  entryPoints: ['fn/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  banner: { js: '#!/usr/bin/env node' },
  // Types only: importing its runtime would pull in a whole HTTP client.
  external: ['@kubernetes/client-node'],
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
