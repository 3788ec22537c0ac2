// Lint is here for one thing above all: the module boundaries. Services depend on libraries, never on
// each other; contracts depend on nothing; the testing library stays out of production code.
import nx from '@nx/eslint-plugin';

const boundaries = (allow) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow,
    depConstraints: [
      { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib'] },
      { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: [] },
      { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['scope:contracts'] },
      { sourceTag: 'scope:testing', onlyDependOnLibsWithTags: ['scope:contracts'] },
    ],
  },
];

export default [
  { ignores: ['**/dist', '**/node_modules', '.local/**', '.nx/**', '**/runtime.js', 'coverage/**'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries([]),
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['services/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: '@fund-desk/testing', message: 'Test helpers stay out of production code.' }] }],
    },
  },
  {
    // Every write that could race another goes through the repository kit (libs/platform/src/mongo, decisions.md
    // §22): FerretDB does not apply concurrent updates of one document atomically, the kit makes them so.
    files: ['services/*/src/**/*.ts', 'libs/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts', 'libs/platform/src/mongo/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.property.name=/^(updateOne|updateMany|findOneAndUpdate|findOneAndReplace|findOneAndDelete|replaceOne|bulkWrite|findByIdAndUpdate)$/]:not([callee.object.name='guarded']):not([callee.object.property.name='guarded'])",
          message: 'Write through the repository kit (DocumentStore.collection(...).update / updateAndGet / upsert / replace / modify): FerretDB loses concurrent updates otherwise.',
        },
      ],
    },
  },
  {
    // Tests of any project may use the shared test helpers.
    files: ['**/test/**/*.ts', '**/*.spec.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(['@fund-desk/testing']) },
  },
];
