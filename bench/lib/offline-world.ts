import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { startAwsEmulator, type AwsEmulator } from '../../src/sandbox/aws-emulator/index.ts';
import { startFakeSlack, type FakeSlack } from '../../src/sandbox/fake-slack/index.ts';

export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
export const SIGNING_SECRET = 'bench-signing-secret';
export const BOT_TOKEN = 'xoxb-bench-bot-token';
export const TEAM_CONFIG_PATH = fileURLToPath(new URL('../team.yml', import.meta.url));
/** The operator who sends every benchmark command (listed by id under roles.operator). */
export const OPERATOR = 'U0BOB';
export const OPS_CHANNEL = 'C0OPS';

const USERS = [
  { id: 'U0ALICE', name: 'alice' },
  { id: 'U0BOB', name: 'bob' },
  { id: 'U0CAROL', name: 'carol' },
  { id: 'U0DAVE', name: 'dave' },
];

export interface OfflineWorld {
  /** Fresh CHATOPS_PREFIX of this run; its keys are deleted by close(). */
  prefix: string;
  emulator: AwsEmulator;
  slack: FakeSlack;
  /** The environment a bot process needs to run against this world (no other variable leaks in). */
  botEnv(port: number, extra?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

/**
 * The AWS emulator and the fake Slack, in the benchmark's own process (so their memory and
 * their recorded calls are never counted against the bot), plus a fresh Redis key prefix.
 */
export async function startOfflineWorld(): Promise<OfflineWorld> {
  const prefix = `bench-${randomUUID()}`;
  const emulator = await startAwsEmulator();
  // Slack's real per-channel limit stays on: the bot's outbox is meant to live with it.
  const slack = await startFakeSlack({ botToken: BOT_TOKEN, users: USERS, usergroups: { S0MLOPS: ['U0DAVE'] } });
  return {
    prefix,
    emulator,
    slack,
    botEnv: (port, extra = {}) => ({
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: process.env['HOME'] ?? '/tmp',
      NODE_ENV: 'production',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      REDIS_URL,
      CHATOPS_PREFIX: prefix,
      CHATOPS_CONFIG: TEAM_CONFIG_PATH,
      PORT: String(port),
      LOG_LEVEL: 'info',
      AWS_ENDPOINT_URL_SAGEMAKER: emulator.url,
      AWS_REGION: 'us-east-1',
      // Fake credentials, and no instance-metadata lookup: nothing may leave the machine.
      AWS_ACCESS_KEY_ID: 'AKIDBENCHMARK',
      AWS_SECRET_ACCESS_KEY: 'bench-secret',
      AWS_EC2_METADATA_DISABLED: 'true',
      ...extra,
    }),
    async close() {
      await emulator.close();
      await slack.close();
      await deletePrefix(prefix);
    },
  };
}

/** Removes every Redis key under a prefix. */
export async function deletePrefix(prefix: string): Promise<number> {
  const redis = new Redis(REDIS_URL);
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (found.length > 0) deleted += await redis.del(...found);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
