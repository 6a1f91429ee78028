// ESLint (flat config). `npm test` runs the rules that need no type information (fast); `npm run lint:types`
// adds the type-aware ones for a deeper look.
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const typeAware = process.env.BAOMI_LINT_TYPES === '1';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.tmp/', 'data/', 'coverage/'] },
  js.configs.recommended,
  ...(typeAware ? tseslint.configs.recommendedTypeChecked : tseslint.configs.recommended),
  {
    languageOptions: {
      globals: { ...globals.node },
      ...(typeAware ? { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } : {}),
    },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    // The classic hook rules; the React Compiler's rules (refs, purity, effects) would need the compiler.
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Migrations see the schema as it was at their time, not as the application types describe it now.
    files: ['src/platform/db/migrations/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  { files: ['**/*.{js,mjs,cjs}'], ...tseslint.configs.disableTypeChecked },
);
