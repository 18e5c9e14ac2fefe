import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

// Layer boundaries (docs/architecture.md "Layers"): imports point down only. Each entry forbids a layer from
// importing the layers above it; a violation is a lint error, not a review comment.
const layers = [
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
  { layer: 'worker', forbidden: ['ui'] },
];

const boundaryRules = layers.map(({ layer, forbidden }) => ({
  files: [`src/${layer}/**/*.ts`],
  ignores: [`src/${layer}/**/*.test.ts`, `src/${layer}/**/*.bench.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((f) => ({
          group: [`**/${f}/*`, `**/${f}`],
          message: `src/${layer} must not import src/${f}: imports point down only (docs/architecture.md).`,
        })),
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
    files: ['**/*.{js,mjs,cjs}', '*.config.ts', 'e2e/**', 'scripts/**', 'src/relay/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  ...boundaryRules,
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
          ],
        },
      ],
    },
  },
);
