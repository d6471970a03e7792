// One linter for the whole repo. The layering rule keeps shared/ platform-free:
// no DOM, no Node built-ins, no Electron, so it runs unchanged in the CLI, a worker and Electron.
import js from '@eslint/js';
import { builtinModules } from 'node:module';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Bare built-in names here; the node: prefixed forms are caught by the pattern below.
const nodeModules = builtinModules.filter((m) => !m.startsWith('_') && !m.startsWith('node:'));
const platformMessage = 'shared/ must stay platform-free (no DOM, Node or Electron): put platform code in cli/, renderer/ or electron/.';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'dist-web/', 'release/', 'test-artifacts/', 'bench/data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeModules, 'electron'].map((name) => ({ name, message: platformMessage })),
          patterns: [{ group: ['node:*', 'electron/*', 'react', 'react-dom', 'react-dom/*'], message: platformMessage }],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...[
          'window',
          'document',
          'navigator',
          'localStorage',
          'sessionStorage',
          'location',
          'HTMLElement',
          'process',
          'Buffer',
          'require',
          '__dirname',
          '__filename',
        ].map((name) => ({ name, message: platformMessage })),
      ],
    },
  },
);
