// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Rooms that must stay free of I/O (DESIGN.md, "Import rules"). */
const io = ['@slack/*', 'bullmq', 'ioredis', '@aws-sdk/*', 'node:net', 'node:http', 'node:fs', 'node:child_process'];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  {
    files: ['src/commands/**/*.ts', 'src/domain/**/*.ts', 'src/slack/blocks/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: io.map((group) => ({ group: [group], message: 'Pure code: no I/O here.' })) }] },
  },
  {
    files: ['**/*.ts'],
    ignores: ['src/aws/**', 'src/sandbox/**', 'test/**', 'bench/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['@aws-sdk/*'], message: 'Only src/aws imports the AWS SDK.' }] }] },
  },
  {
    files: ['src/**/*.ts', 'handlers/**/*.ts', 'jobs/**/*.ts'],
    ignores: ['src/main.ts', 'src/context.ts', 'src/sandbox/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/sandbox/*', '**/sandbox/**'], message: 'Product code never depends on the sandbox.' }] }],
    },
  },
);
