// Lint rules beyond formatting (Prettier settles that): module boundaries and configuration discipline.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.data/**',
      'bench/results/**',
      'test-artifacts/**',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
      // A library exposes only its index.ts: no deep imports through the alias, and apps never reach
      // into a library's folders by relative path.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@app/*/*'], message: 'Import a library only through its index (@app/<lib>).' },
            { regex: '^(\\.\\./)+libs/[^/]+/src/.+', message: 'Import a library only through @app/<lib>.' },
          ],
        },
      ],
      // Configuration is read once, validated, in the config modules; everything else receives AppConfig.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings from the validated AppConfig.' },
      ],
    },
  },
  {
    // The places allowed to read the environment: configuration, the launcher, tools and the test harness.
    files: [
      'libs/platform/src/config/**',
      'libs/platform/src/http/run-app-main.ts',
      'apps/cli/src/**',
      'bench/**',
      'test/**',
      '**/*.e2e-spec.ts',
      '**/*.medium-spec.ts',
      '**/*.browser-spec.ts',
      '**/*.spec.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off', 'no-console': 'off' },
  },
);
