// Lint: typescript-eslint (type-aware for the TypeScript that has a tsconfig), React's hook rules for the renderer,
// and the layer map of docs/architecture.md as rules the build enforces. Prettier owns formatting (last entry).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig } from 'eslint/config';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './scripts/eslint-rules/plugin.mjs';

const ROOT = import.meta.dirname;
const PRODUCT = ['main/**', 'preload/**', 'renderer/**'];
const CONFIG_FILES = ['**/*.config.{js,mjs,cjs,ts,mts}'];
const NO_ELECTRON = "only main/electron and preload load 'electron'; everything else must run where no Electron binary exists";
const PLAIN_CORE = 'the core is plain Node that the CLI, the app and the tests share; it never depends on a front end or on Electron';

/**
 * The layer map. A file belongs to the first layer whose `files` match; it may import (types included) only paths
 * in `allow` and not in `deny`, and never the packages in `denyPackages`. Paths are relative to the repository.
 */
const LAYERS = [
  {
    name: 'main/contract',
    files: ['main/contract/**'],
    allow: ['main/contract/**'],
    denyPackages: ['electron'],
    denyNodeBuiltins: true,
    why: 'the contract is what the main process and the renderer share, so it imports nothing of either side',
  },
  // The API layer and the app service assemble the domain behind the AppApi.
  {
    name: 'main/core/api',
    files: ['main/core/api/**'],
    allow: ['main/core/**', 'main/contract/**'],
    denyPackages: ['electron'],
    why: PLAIN_CORE,
  },
  {
    name: 'main/core/app',
    files: ['main/core/app/**'],
    allow: ['main/core/**', 'main/contract/**'],
    denyPackages: ['electron'],
    why: PLAIN_CORE,
  },
  {
    name: 'main/core domain',
    files: ['main/core/**'],
    allow: ['main/core/**', 'main/contract/**'],
    deny: ['main/core/api/**', 'main/core/app/**', 'main/contract/{app-api,transport}{,.*,/**}'],
    denyPackages: ['electron'],
    why: `domain folders sit below the AppApi (main/core/api, main/core/app, main/contract/app-api and transport) and never import it; ${PLAIN_CORE}`,
  },
  {
    name: 'main/electron',
    files: ['main/electron/**'],
    allow: ['main/electron/**', 'main/core/**', 'main/contract/**'],
    why: 'the Electron shell turns core state into Electron objects; it does not reach into the CLI, the preload or the renderer',
  },
  {
    name: 'main/cli',
    files: ['main/cli/**'],
    allow: ['main/cli/**', 'main/core/**', 'main/contract/**'],
    denyPackages: ['electron'],
    why: `the CLI runs in plain Node on the shared core; ${NO_ELECTRON}`,
  },
  {
    name: 'preload',
    files: ['preload/**'],
    allow: ['preload/**', 'main/contract/**'],
    why: 'the sandboxed preload only forwards AppApi calls, so it knows the contract and nothing else of the main process',
  },
  {
    name: 'renderer',
    files: ['renderer/src/**'],
    allow: ['renderer/src/**', 'main/contract/**'],
    denyPackages: ['electron'],
    denyNodeBuiltins: true,
    why: 'the renderer is a sandboxed web page that sees the main process only through the AppApi contract',
  },
  {
    name: 'renderer build',
    files: ['renderer/**'],
    allow: ['renderer/**'],
    denyPackages: ['electron'],
    why: 'the renderer folder builds the web page on its own',
  },
  { name: 'tests and tools', files: ['**'], allow: ['**'], denyPackages: ['electron'], why: NO_ELECTRON },
];

// Node's own globals for the plain JavaScript scripts, read from the Node that runs the linter.
const nodeGlobals = Object.fromEntries(Object.getOwnPropertyNames(globalThis).map((name) => [name, 'readonly']));

export default defineConfig(
  { ignores: ['dist/', 'release/', 'test-output/', '.tsbuild/', '.cognito/', 'build/icons/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: ROOT },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  {
    // Plain JavaScript and the build scripts have no tsconfig; the tests are checked without type information to
    // keep the lint inside a minute on a two-core machine (tsc -b type-checks them).
    files: ['**/*.{js,mjs,cjs}', 'scripts/**', 'test/**', 'vitest.config.mts'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: nodeGlobals },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { __dirname: 'readonly', __filename: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.{ts,tsx,mts,cts}'],
    rules: {
      // `typeof import('undici')` stays allowed: it types a module right where it is loaded lazily (the hot path).
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'separate-type-imports', disallowTypeAnnotations: false }],
      // `let timer; const stop = () => clearTimeout(timer); timer = setTimeout(stop, ms)` needs its `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat.recommended],
  },
  {
    plugins: { layers: layersPlugin },
    rules: { 'layers/boundaries': ['error', { root: ROOT, layers: LAYERS }] },
  },
  {
    files: PRODUCT,
    ignores: CONFIG_FILES,
    plugins: { 'import-x': importX },
    rules: {
      'layers/no-cycle': ['error', { root: ROOT }],
      // Named exports keep one name per concept across the code base (architecture.md, habit 5).
      'import-x/no-default-export': 'error',
    },
  },
  prettier,
);
