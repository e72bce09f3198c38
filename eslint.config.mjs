// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.state/**', 'coverage/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.js'] } } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/require-await': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Nest's HttpStatus is a numeric enum compared with the numbers Express and Node report.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      eqeqeq: ['error', 'always'],
      curly: ['error', 'multi-line'],
      'no-console': 'error',
      // Each app and lib has its own package.json: a relative import across one is a layering breach.
      'import-x/no-relative-packages': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@app/*/*'], message: 'Import a library through its public index: @app/<lib>.' },
            { group: ['**/apps/**', '**/libs/**'], message: 'Reach other packages through @app/<lib>; a library never imports an app.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.integration-spec.ts', 'test/**/*.ts', 'bench/**/*.ts', 'faults/**/*.ts'],
    // Response bodies (supertest) and asymmetric matchers (expect.any) are untyped by nature.
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    // The platform-level suites and the benchmark compose several apps, which is their job;
    // libraries still may not import apps, and apps may not import each other.
    files: ['test/**/*.ts', 'bench/**/*.ts', 'faults/**/*.ts'],
    rules: {
      'import-x/no-relative-packages': 'off',
      'no-restricted-imports': ['error', { patterns: [{ group: ['@app/*/*'], message: 'Import a library through its public index: @app/<lib>.' }] }],
    },
  },
);
