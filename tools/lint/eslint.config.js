import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import prettier from 'eslint-config-prettier'
import globals from 'globals'

// Run from the repository root (npm run lint): paths are relative to it.
export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'data/**',
      'openapi/**',
      'bench/results/**',
      'test-artifacts/**',
      '.tap/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      // Tests read answers of any shape through json<T = any>().
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // docs/architecture.md: a route reads the emulated clock once per request, through request.now().
    files: ['src/**/*.routes.ts'],
    ignores: ['src/emulator/clock.routes.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[property.name='clock'], ObjectPattern > Property[key.name='clock']",
          message: 'Routes read the emulated clock through request.now() (once per request), not the clock service.',
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Migrations are frozen and written over Kysely<any> on purpose: they never import the typed schema.
    files: ['migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/emulator/*.js', 'src/**/*.browser.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
)
