import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';

// Layer boundaries (docs/architecture.md "Layers"): imports point down only. Each entry forbids a layer from
// importing the layers above it; a violation is a lint error, not a review comment. `wire` (what Node and the
// browser, or the worker and the page, share: endpoints, frames, API calls, journal records) is forbidden to no one.
const layers = [
  // The leaf: imports nothing of the project.
  {
    layer: 'wire',
    forbidden: [
      'coap',
      'capture',
      'messaging',
      'broker',
      'gateway',
      'sim',
      'worker',
      'ui',
      'relay',
    ],
  },
  {
    layer: 'coap',
    forbidden: ['capture', 'messaging', 'broker', 'gateway', 'sim', 'worker', 'ui', 'relay'],
  },
  // Capture files → UDP datagrams: pure, beside the codec; may use src/coap and nothing above.
  {
    layer: 'capture',
    forbidden: ['messaging', 'broker', 'gateway', 'sim', 'worker', 'ui', 'relay'],
  },
  { layer: 'messaging', forbidden: ['broker', 'gateway', 'sim', 'worker', 'ui', 'relay'] },
  { layer: 'broker', forbidden: ['coap', 'messaging', 'gateway', 'sim', 'worker', 'ui', 'relay'] },
  { layer: 'gateway', forbidden: ['sim', 'worker', 'ui', 'relay'] },
  { layer: 'sim', forbidden: ['worker', 'ui', 'relay'] },
  { layer: 'worker', forbidden: ['ui', 'relay'] },
  // The Node relay: src/wire, Node and `ws`, nothing of the core or the page.
  {
    layer: 'relay',
    forbidden: ['coap', 'capture', 'messaging', 'broker', 'gateway', 'sim', 'worker', 'ui'],
  },
];

// Tests, and the scaffolding they share in a layer's testing/ folder, may reach across layers.
const boundaryRules = layers.map(({ layer, forbidden }) => ({
  files: [`src/${layer}/**/*.ts`],
  ignores: [`src/${layer}/**/*.test.ts`, `src/${layer}/**/testing/**`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          ...forbidden.map((f) => ({
            group: [`**/${f}/*`, `**/${f}`],
            message: `src/${layer} must not import src/${f}: imports point down only (docs/architecture.md).`,
          })),
          {
            group: ['**/testing/*', '**/testing'],
            message: 'product code never imports test scaffolding (a testing/ folder).',
          },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
  },
  {
    files: ['**/*.{js,mjs,cjs}', '*.config.ts', 'e2e/**', 'scripts/**', 'bench/**', 'src/relay/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  ...boundaryRules,
  {
    // Import paths resolved to files (relative, with or without `.ts`), for the two rules below.
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] }),
      ],
    },
    // A cycle of value imports runs a module before what it imports is defined. (`import type`
    // erases at compile time: the rule does not follow it.)
    rules: { 'import-x/no-cycle': 'error' },
  },
  {
    // Only the relay imports src/relay (Node code); the worker reaches it through src/wire. A
    // resolved path, not a pattern: src/ui/relay/ is the page's relay status, not the relay.
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/relay/**'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src',
              from: './src/relay',
              message:
                'Only src/relay imports src/relay; share through src/wire (docs/architecture.md).',
            },
          ],
        },
      ],
    },
  },
  {
    // The Rules of React (the plugin's recommended set): hooks called unconditionally, complete
    // dependencies, no ref read or written during render, no state set synchronously in an effect.
    files: ['src/ui/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat.recommended,
  },
  {
    // The page imports only *types* from the core: state lives in the worker (docs/architecture.md).
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/gateway/*', '**/broker/*', '**/messaging/*', '**/sim/*'],
              allowTypeImports: true,
              message: 'src/ui imports no runtime value from the core; ask the worker.',
            },
            {
              // The contract (and the scripts, plain data in its format) is the worker's only door.
              group: ['**/worker/*', '!**/worker/api', '!**/worker/scripts'],
              message: 'src/ui talks to the worker through its contract, src/worker/api.ts, only.',
            },
          ],
        },
      ],
    },
  },
);
