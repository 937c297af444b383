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
    // No array spread into call arguments (f(...xs), Math.max(...xs), push(...xs)) nor
    // .apply(): V8 puts the elements on the stack and throws "Maximum call stack size
    // exceeded" past ~125k of them, and our lists are as long as the input makes them.
    // src/arrays.ts has pushAll and maxOf instead.
    files: ['src/**/*.ts', 'fn/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...['CallExpression', 'NewExpression'].map((call) => ({
          selector: `${call} > SpreadElement`,
          message: 'A spread argument overflows the stack on long arrays: use pushAll/maxOf (src/arrays.ts) or a loop.',
        })),
        {
          selector: "CallExpression[callee.property.name='apply']",
          message: '.apply(x, array) overflows the stack on long arrays: use a loop.',
        },
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
