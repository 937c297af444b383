import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export default defineConfig({
  // The version the build puts into dist/fn.js (scripts/build.mjs), so src/ run by the unit
  // tests and the bundle report the same one.
  define: { __IMAGE_TAG_MIRRORS_VERSION__: JSON.stringify(version) },
  test: {
    include: ['test/**/*.test.ts'],
    // fast-check's seed: fixed unless PROP_SEED says otherwise (test/helpers/property-seed.ts).
    setupFiles: ['test/helpers/property-seed.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // End-to-end suites start servers on fixed loopback ports; keep files sequential.
    fileParallelism: false,
  },
});
