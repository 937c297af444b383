// eslint: the recommended JavaScript and typescript-eslint rules (syntax only, no type
// information, so that it stays fast), with formatting left to prettier.
import { globals, js, prettierConfig, tseslint } from 'lint-tools';

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'bench/out/', 'node_modules/', 'tools/*/node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettierConfig,
  {
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-control-regex': 'off',
      'no-var': 'error',
      'prefer-const': ['error', { destructuring: 'all' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    // Plain JavaScript run by node: the build script, the benchmark, the kustomize wrapper.
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
