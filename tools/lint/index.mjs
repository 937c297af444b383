// The lint packages, re-exported so that eslint.config.mjs resolves them here, next to the
// typescript@6 that typescript-eslint loads (the project's own typescript is 7).
export { default as js } from '@eslint/js';
export { default as prettierConfig } from 'eslint-config-prettier';
export { default as tseslint } from 'typescript-eslint';
export { default as globals } from 'globals';
