// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/*
 * The import rules that keep the rooms apart (DESIGN.md, "Layout"). ESLint lets only one
 * `no-restricted-imports` setting apply per file, so each room lists everything it may not
 * import in one place.
 */
const ban = (groups, message) => ({ group: groups, message });
const AWS = ban(['@aws-sdk/*', '@smithy/*'], 'Only src/aws imports the AWS SDK.');
const SLACK = ban(['@slack/*'], 'Only handlers/ and src/slack (and the entry) import @slack/*.');
const BULLMQ = ban(['bullmq'], 'Only src/queue and jobs/ import bullmq.');
const SANDBOX = ban(['**/sandbox/**', '**/sandbox/*'], 'Product code never depends on the sandbox.');
const IO = ban(['ioredis', 'node:net', 'node:http', 'node:https', 'node:fs', 'node:child_process', 'node:dgram'], 'Pure code: no I/O here.');
const HANDLERS_JOBS = ban(['**/handlers/**', '**/jobs/**'], 'Pure code does not depend on adapters.');

const rooms = [
  { files: ['src/commands/**/*.ts', 'src/domain/**/*.ts', 'src/slack/blocks/**/*.ts'], patterns: [AWS, SLACK, BULLMQ, SANDBOX, IO, HANDLERS_JOBS] },
  { files: ['src/aws/**/*.ts'], patterns: [SLACK, BULLMQ, SANDBOX] },
  { files: ['src/slack/**/*.ts'], ignores: ['src/slack/blocks/**'], patterns: [AWS, BULLMQ, SANDBOX] },
  { files: ['handlers/**/*.ts'], patterns: [AWS, BULLMQ, SANDBOX] },
  { files: ['src/queue/**/*.ts', 'jobs/**/*.ts'], patterns: [AWS, SLACK, SANDBOX] },
  { files: ['src/store/**/*.ts'], patterns: [AWS, SLACK, BULLMQ, SANDBOX] },
  // Charts render PNGs in memory (chart.js on @napi-rs/canvas): no network, no queues.
  { files: ['src/charts/**/*.ts'], patterns: [AWS, SLACK, BULLMQ, SANDBOX, HANDLERS_JOBS, ban(['ioredis', 'node:net', 'node:http', 'node:https', 'node:child_process'], 'Charts do no I/O but reading a font file.')] },
  // The entry files (main.ts, context.ts, bot.ts) may import anything but the AWS SDK directly.
  { files: ['src/*.ts'], ignores: ['src/main.ts', 'src/context.ts', 'src/bot.ts'], patterns: [AWS, SLACK, BULLMQ, SANDBOX] },
  { files: ['src/main.ts', 'src/context.ts', 'src/bot.ts'], patterns: [AWS] },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports.' }],
    },
  },
  ...rooms.map(({ files, ignores, patterns }) => ({
    files,
    ...(ignores ? { ignores } : {}),
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
  // Tool config files must default-export.
  { files: ['*.config.ts', '*.config.js'], rules: { 'no-restricted-syntax': 'off' } },
);
