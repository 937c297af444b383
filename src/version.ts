// The release version. The build puts package.json's version in (scripts/build.mjs: esbuild
// `define`; vitest.config.mts does the same for the unit tests); code run any other way sees
// "0.0.0-dev".
declare const __IMAGE_TAG_MIRRORS_VERSION__: string | undefined;

export const VERSION: string =
  typeof __IMAGE_TAG_MIRRORS_VERSION__ === 'string' ? __IMAGE_TAG_MIRRORS_VERSION__ : '0.0.0-dev';
