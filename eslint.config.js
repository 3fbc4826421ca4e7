// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The mongoose models (src/store/models/index.ts, createModels). */
const MODEL = '/^(ActivitySettings|Attempt|Submission|GradeSync|GeneratedExam|PlatformDeployment|LaunchLogin)$/';
const modelMessage = 'Read and write through src/store/repositories, not the mongoose models';
const modelCalls = [
  { selector: `MemberExpression[object.name='models'][property.name=${MODEL}]`, message: modelMessage },
  { selector: `MemberExpression[object.property.name='models'][property.name=${MODEL}]`, message: modelMessage },
  { selector: `VariableDeclarator[init.name='models'] > ObjectPattern`, message: modelMessage },
  { selector: `VariableDeclarator[init.property.name='models'] > ObjectPattern`, message: modelMessage },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'exams/', 'test-output/', 'coverage/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Math.random must never decide anything a student sees; seedrandom with an explicit seed does.
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Use the seeded rng from src/engine/rng.ts' },
      ],
    },
  },
  {
    // The numeric core is pure: no I/O, no randomness, no clock.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'fs', 'http', 'net', 'mongoose', 'seedrandom', '../*/**', '../engine/*', '../store/*'] },
      ],
    },
  },
  {
    // Only the store's repositories call the mongoose models (issue 15): everything else reads and
    // writes through src/store/repositories, where the size checks, the activity key and the
    // acknowledgement rules live. (.dependency-cruiser.cjs checks the imports; this the calls.)
    files: ['src/**/*.ts', 'templates/**/*.ts'],
    ignores: ['src/store/**', '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...modelCalls],
    },
  },
  {
    // CommonJS configuration files (.dependency-cruiser.cjs).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    // Scripts sent to browsers as they are (no build step): browser globals, no Node.
    files: ['src/web/assets/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: {
        window: 'readonly',
        document: 'readonly',
        HTMLFormElement: 'readonly',
        URLSearchParams: 'readonly',
        FormData: 'readonly',
        fetch: 'readonly',
        Error: 'readonly',
        navigator: 'readonly',
        Blob: 'readonly',
        Date: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
  },
);
