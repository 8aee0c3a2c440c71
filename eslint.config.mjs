// One lint for the whole workspace: typescript-eslint's recommended rules, Nx's module boundaries from the
// project.json tags (docs/architecture.md draws the same arrows), and Prettier owning the layout.
import js from '@eslint/js';
import globals from 'globals';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const ALL_LIBS = ['type:contracts', 'type:pure', 'type:io', 'type:lib'];
/** Pure libraries stay free of I/O so they are fast to test and reusable by the replay and evaluation tools. */
const IO_MODULES = [
  'express',
  '@grpc/*',
  'amqplib',
  'mongodb',
  'fs',
  'node:fs',
  'net',
  'node:net',
  'http',
  'node:http',
  'https',
  'node:https',
  'child_process',
  'node:child_process',
  'dgram',
  'node:dgram',
];

const depConstraints = [
  { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
  { sourceTag: 'type:pure', onlyDependOnLibsWithTags: ['type:contracts', 'type:pure'], bannedExternalImports: IO_MODULES },
  { sourceTag: 'type:io', onlyDependOnLibsWithTags: ALL_LIBS },
  { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ALL_LIBS },
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ALL_LIBS },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: [...ALL_LIBS, 'type:tool'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: [...ALL_LIBS, 'type:tool'] },
  // Scopes: a library of one service's domain is used by that service, the tools and the batch that feeds it, never by another service.
  { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
];

/**
 * Each service's one public entry (apps/<name>/src/index.ts: start, its config loader, its settings). Nx forbids
 * importing an application at all ("Imports of apps are forbidden"), and rightly so for libraries and for the
 * services themselves; the override below lets through exactly these names, only where services are composed
 * in one process or their settings are read (rule option `allow` is checked before every other check).
 */
const APP_ENTRIES = [
  '@shelflife/storefront-gateway',
  '@shelflife/event-collector',
  '@shelflife/stream-scorer',
  '@shelflife/quality-sentinel',
  '@shelflife/batch-aggregator',
  '@shelflife/console',
];

function boundaries(allow = []) {
  return [
    'error',
    {
      enforceBuildableLibDependency: false,
      // Telemetry must load before the modules it instruments, so entry points import it with import(): not lazy loading.
      checkDynamicDependenciesExceptions: ['@shelflife/telemetry'],
      depConstraints,
      allow,
    },
  ];
}

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '.nx/**', 'libs/contracts/src/generated/**', 'tmp/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...nx.configs['flat/base'],
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(),
      // Unused names are already errors in tsc (noUnusedLocals / noUnusedParameters); a leading _ marks one kept on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Where running services are composed in one process: the all-in-one demo (and its console harness),
    // the benchmarks (the hot-path one serves the scorer's gRPC service), and a service's specs that start
    // the services it calls (the gateway's start a collector and a scorer). And where every service's
    // settings are read: the README's configuration table (print-config) and deploy-check's catalogue of
    // known settings. (e2e needs none: it runs the services as processes, through @shelflife/harness.)
    files: [
      'tools/demo/src/**/*.ts',
      'tools/benchmarks/src/**/*.ts',
      'apps/*/src/**/*.spec.ts',
      'tools/scripts/print-config.ts',
      'tools/deploy-check/src/settings/known-settings.ts',
      'tools/deploy-check/src/policy/configmap-settings.spec.ts',
    ],
    rules: { '@nx/enforce-module-boundaries': boundaries(APP_ENTRIES) },
  },
  {
    files: ['apps/console/web/**/*.tsx', 'apps/console/web/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: {
      globals: globals.node,
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  prettier,
);
