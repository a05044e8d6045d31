import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { startBot, type RunningBot } from '../../src/bot.ts';
import type { Clock } from '../../src/clock.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { buildContext, type AppContext } from '../../src/context.ts';
import { createLogger } from '../../src/logger.ts';
import { startAwsEmulator, type AwsEmulator } from '../../src/sandbox/aws-emulator/index.ts';
import { startFakeSlack, type FakeSlack } from '../../src/sandbox/fake-slack/index.ts';
import { sendBlockAction, sendSlashCommand, type BlockActionInput } from '../../src/sandbox/slack-signer.ts';

export const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
export const SIGNING_SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-bot-token';
export const APP_TOKEN = 'xapp-1-A0FAKEAPP-test-app-token';
export const TEAM_YAML = readFileSync(new URL('../fixtures/team.yml', import.meta.url), 'utf8');

export const USERS = [
  { id: 'U0ALICE', name: 'alice' },
  { id: 'U0BOB', name: 'bob' },
  { id: 'U0CAROL', name: 'carol' },
  { id: 'U0DAVE', name: 'dave' },
  { id: 'U0VIEW', name: 'victor' },
  { id: 'U0ADMIN', name: 'ada' },
  { id: 'U0ERIN', name: 'erin' },
  { id: 'U0FRANK', name: 'frank' },
];

export interface World {
  prefix: string;
  env: Record<string, string>;
  config: Config;
  emulator: AwsEmulator;
  slack: FakeSlack;
  ctx: AppContext;
  bot: RunningBot;
  /** Sends `/sm <text>` as Slack would, signed; returns the HTTP response. */
  command(user: string, text: string, extra?: { triggerId?: string; timestamp?: number; responseUrl?: string }): Promise<Response>;
  click(input: Omit<BlockActionInput, 'responseUrl'> & { responseUrl?: string }): Promise<Response>;
  close(): Promise<void>;
}

export interface WorldOptions {
  receiver?: boolean;
  workers?: boolean;
  teamYaml?: string;
  env?: Record<string, string>;
  clock?: Clock;
  useEmulatorClock?: boolean;
  /** Run the receiver in Socket Mode (SLACK_APP_TOKEN): requests then arrive as `slack.socketMode.send(…)` envelopes. @defaultValue false */
  socketMode?: boolean;
}

/**
 * The offline world for one test: the AWS emulator, the fake Slack API, and the real bot
 * (Bolt receiver over HTTP or Socket Mode, BullMQ workers on the local Redis) under a fresh key prefix.
 */
export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const prefix = `test-${randomUUID()}`;
  const emulator = await startAwsEmulator();
  const slack = await startFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN, users: USERS, usergroups: { S0MLOPS: ['U0DAVE'], S0LEADS: ['U0ERIN'] } });
  const env: Record<string, string> = {
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    ...(options.socketMode ? { SLACK_APP_TOKEN: APP_TOKEN } : {}),
    REDIS_URL,
    CHATOPS_PREFIX: prefix,
    WORKER_LOCK_MS: '2000',
    LOG_LEVEL: 'silent',
    ...options.env,
  };
  const config = loadConfig(env, 'team.yml', options.teamYaml ?? TEAM_YAML);
  const ctx = buildContext(config, { logger: createLogger({ level: env['LOG_LEVEL'] ?? 'silent' }), defaultMetrics: false, awsEndpoint: emulator.url, ...(options.clock ? { clock: options.clock } : options.useEmulatorClock ? { clock: emulator.clock } : {}) });
  const bot = await startBot(ctx, { receiver: options.receiver ?? true, workers: options.workers ?? true, port: 0 });
  return {
    prefix,
    env,
    config,
    emulator,
    slack,
    ctx,
    bot,
    command: (user, text, extra = {}) =>
      sendSlashCommand(bot.url ?? '', SIGNING_SECRET, { user, channel: 'C0OPS', text, responseUrl: extra.responseUrl ?? slack.responseUrl(), ...(extra.triggerId ? { triggerId: extra.triggerId } : {}), ...(extra.timestamp ? { timestamp: extra.timestamp } : {}) }),
    click: (input) => sendBlockAction(bot.url ?? '', SIGNING_SECRET, { ...input, responseUrl: input.responseUrl ?? slack.responseUrl() }),
    async close() {
      await bot.stop();
      await ctx.close();
      await emulator.close();
      await slack.close();
      await deletePrefix(prefix);
    },
  };
}

/** Removes every Redis key under a test's prefix. */
export async function deletePrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (found.length > 0) await redis.del(...found);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
