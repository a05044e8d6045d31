import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Redis } from 'ioredis';
import { startBot } from '../bot.ts';
import { loadConfig, type Config } from '../config.ts';
import { buildContext } from '../context.ts';
import { ConfigError } from '../errors.ts';
import { createLogger } from '../logger.ts';
import { seedModelRegistry, SimClock, startAwsEmulator } from './aws-emulator/index.ts';
import { DEMO_CONFIG_SOURCE, DEMO_CONFIG_YAML, DEMO_DEFAULT_USER, DEMO_MODEL_REGISTRY, DEMO_USERGROUPS, DEMO_USERS, DEMO_WATCHED_WORLD, SANDBOX_CHANNEL } from './demo-config.ts';
import { startFakeSlack } from './fake-slack/index.ts';
import { canReachRedis, findExecutable, redisMissingMessage, startRedisServer } from './redis-server.ts';
import { createStyles } from './repl/ansi.ts';
import { banner } from './repl/banner.ts';
import { directoryOf, replUsers } from './repl/people.ts';
import { SandboxRepl } from './repl/repl.ts';
import { ScenarioDesk } from './repl/scenario-desk.ts';
import { FileSaver } from './repl/uploaded-file.ts';
import { seedWatchedWorld } from './repl/watched-world.ts';

/*
 * `npm run sandbox`: the whole bot, offline. A Redis (given or private), the AWS emulator
 * with a simulated clock, the fake Slack Web API, the real bot (receiver + workers) between
 * them, and a terminal where you type `/sm …` as one of the demo people and watch what the
 * bot posts. Requests reach the bot as signed HTTP, exactly as Slack sends them.
 */

export interface SandboxOptions {
  /** The environment: REDIS_URL, CHATOPS_CONFIG, SANDBOX_SPEED, SANDBOX_LOG, SANDBOX_CHARTS, LOG_LEVEL, PATH, NO_COLOR. */
  env: NodeJS.ProcessEnv;
  input: Readable;
  output: Writable;
  /** Looks an executable up on the PATH. @defaultValue a search of `env.PATH` */
  findExecutable?: (name: string) => string | undefined;
  /** @defaultValue true when `output` is a TTY and NO_COLOR is unset */
  color?: boolean;
  /** Stop on SIGINT/SIGTERM and set process.exitCode on failure. @defaultValue true when input is process.stdin */
  standalone?: boolean;
}

/** Simulated ms per real ms: a 9-minute training job takes about 18 s. */
export const DEFAULT_SANDBOX_SPEED = 30;

/** AWS variables the sandbox points at the emulator while it runs (fake credentials, so real ones are never used). */
const AWS_ENV_KEYS = [
  'AWS_ENDPOINT_URL',
  'AWS_ENDPOINT_URL_SAGEMAKER',
  'AWS_ENDPOINT_URL_CLOUDWATCH',
  'AWS_ENDPOINT_URL_BUDGETS',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_PROFILE',
  'AWS_REGION',
  'AWS_EC2_METADATA_DISABLED',
] as const;

type Closer = { name: string; close: () => Promise<void> | void };

/**
 * Runs the sandbox until `quit`, end of input or Ctrl-C, then stops everything it started.
 * Resolves with the exit code: 0, or 1 when it could not start (the reason is printed).
 */
export async function runSandbox(options: SandboxOptions): Promise<number> {
  const { env, output } = options;
  const standalone = options.standalone ?? options.input === process.stdin;
  const styles = createStyles(options.color ?? (Boolean((output as Partial<NodeJS.WriteStream>).isTTY) && !env['NO_COLOR']));
  const say = (text: string) => output.write(`${text}\n`);
  const closers: Closer[] = [];
  const closeAll = async () => {
    for (const closer of closers.reverse()) {
      try {
        await closer.close();
      } catch (error) {
        say(styles.dim(`(while stopping ${closer.name}: ${error instanceof Error ? error.message : String(error)})`));
      }
    }
    closers.length = 0;
  };
  const fail = async (message: string) => {
    say(styles.red(message));
    await closeAll();
    if (standalone) process.exitCode = 1;
    return 1;
  };

  try {
    const speed = parseSpeed(env['SANDBOX_SPEED']);
    if (speed === undefined) return await fail(`SANDBOX_SPEED must be a number ≥ 0 (simulated seconds per real second), got ${JSON.stringify(env['SANDBOX_SPEED'])}.`);

    // 1. Redis.
    let redisUrl = env['REDIS_URL'];
    let redisNote: string;
    if (redisUrl) {
      if (!(await canReachRedis(redisUrl))) return await fail(`Cannot reach Redis at ${redisUrl} (REDIS_URL). Start it, or unset REDIS_URL to let the sandbox run its own.`);
      redisNote = `${redisUrl} (REDIS_URL; the sandbox's keys are removed on exit)`;
    } else {
      const executable = (options.findExecutable ?? ((name: string) => findExecutable(name, env['PATH'])))('redis-server');
      if (!executable) return await fail(redisMissingMessage());
      const redis = await startRedisServer({ executable });
      closers.push({ name: 'redis-server', close: () => redis.stop() });
      redisUrl = redis.url;
      redisNote = `${redis.url} (private redis-server, stopped on exit)`;
    }

    // 2. The offline AWS and Slack.
    const emulator = await startAwsEmulator({ clock: new SimClock({ speed }) });
    closers.push({ name: 'the AWS emulator', close: () => emulator.close() });
    // A registry with versions to deploy, so the approval gate can be tried at once.
    const seeded = seedModelRegistry(emulator, DEMO_MODEL_REGISTRY);
    const botToken = `xoxb-sandbox-${randomBytes(12).toString('hex')}`;
    const signingSecret = randomBytes(32).toString('hex');
    const fake = await startFakeSlack({ users: [...DEMO_USERS], usergroups: DEMO_USERGROUPS, botToken });
    closers.push({ name: 'the fake Slack', close: () => fake.close() });

    const restoreEnv = pointAwsAtEmulator(emulator.url);
    closers.push({ name: 'the environment', close: restoreEnv });

    // 3. The bot.
    const prefix = `sandbox-${randomUUID().slice(0, 8)}`;
    const botEnv: NodeJS.ProcessEnv = {
      ...env,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_BOT_TOKEN: botToken,
      SLACK_API_URL: fake.apiUrl,
      SLACK_APP_TOKEN: '',
      REDIS_URL: redisUrl,
      CHATOPS_PREFIX: prefix,
      PORT: '0',
    };
    const customConfig = env['CHATOPS_CONFIG'];
    let config: Config;
    try {
      config = customConfig ? loadConfig(botEnv) : loadConfig(botEnv, DEMO_CONFIG_SOURCE, DEMO_CONFIG_YAML);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      return await fail(`Cannot start: the configuration is invalid.\n  ${error.issues.join('\n  ')}`);
    }

    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const logPath = env['SANDBOX_LOG'] || join(tmpdir(), `sagemaker-chatops-sandbox-${stamp}.log`);
    // Charts the bot uploads are kept, like the log, so they can be opened after the run too.
    const files = new FileSaver(env['SANDBOX_CHARTS'] || join(tmpdir(), `sagemaker-chatops-sandbox-${stamp}-charts`));
    const logStream = createWriteStream(logPath, { flags: 'a' });
    closers.push({ name: 'the log', close: () => closeStream(logStream) });
    const logger = createLogger({ level: config.env.LOG_LEVEL, name: 'sandbox', destination: logStream });

    // Something for the watchers to watch, in place before their first tick.
    const world = seedWatchedWorld(emulator, DEMO_WATCHED_WORLD, { budgets: config.team.watchers.cost?.budgets ?? [] });

    const ctx = buildContext(config, { logger, clock: emulator.clock, defaultMetrics: false, awsEndpoint: emulator.url });
    closers.push({ name: 'the bot context', close: () => ctx.close() });
    if (env['REDIS_URL']) closers.push({ name: 'the sandbox keys', close: () => deleteKeys(ctx.redis, prefix) });
    const bot = await startBot(ctx, { receiver: true, workers: true, port: 0 });
    closers.push({ name: 'the bot', close: () => bot.stop() });
    if (!bot.url) return await fail('The bot started without its HTTP receiver.');

    // 4. The terminal.
    const users = replUsers(config);
    const directory = directoryOf(config);
    const terminal = Boolean((options.input as Partial<NodeJS.ReadStream>).isTTY) && Boolean((output as Partial<NodeJS.WriteStream>).isTTY);
    const alertsChannel = `#${directory.channels?.get(config.team.channels.alerts) ?? config.team.channels.alerts}`;
    const scenarios = new ScenarioDesk({ emulator, watchers: config.team.watchers, world, alertsChannel });
    const repl = new SandboxRepl({
      input: options.input,
      output,
      styles,
      terminal,
      botUrl: bot.url,
      signingSecret,
      fake,
      emulator,
      users,
      defaultUser: DEMO_DEFAULT_USER,
      channel: SANDBOX_CHANNEL,
      directory,
      scenarios,
      files,
      help: { endpoint: world.endpoint, alertsChannel, ...(world.budgets[0] ? { budget: world.budgets[0] } : {}) },
    });
    say(
      banner(styles, {
        slack: fake.url,
        aws: emulator.url,
        bot: bot.url,
        redis: redisNote,
        speed,
        config: customConfig ? `${customConfig} (CHATOPS_CONFIG)` : `${DEMO_CONFIG_SOURCE} (src/sandbox/demo-config.ts)`,
        recipes: Object.keys(config.team.recipes),
        log: logPath,
        me: users.find((u) => u.id === DEMO_DEFAULT_USER),
        models: { group: DEMO_MODEL_REGISTRY.group, versions: seeded.packages.length },
        // The alert walkthrough only when its first step (the health watcher) is configured.
        ...(config.team.watchers.health ? { watched: { endpoint: world.endpoint, alertsChannel, charts: files.directory, ...(world.budgets[0] && config.team.watchers.cost ? { budget: world.budgets[0] } : {}) } } : {}),
      }),
    );

    // A second Ctrl-C while stopping means "now": something is stuck, and the user said so twice.
    let signalled = false;
    const stopOnSignal = () => {
      if (signalled) process.exit(130);
      signalled = true;
      repl.stop();
    };
    if (standalone) {
      process.on('SIGINT', stopOnSignal);
      process.on('SIGTERM', stopOnSignal);
      closers.push({
        name: 'signal handlers',
        close: () => {
          process.off('SIGINT', stopOnSignal);
          process.off('SIGTERM', stopOnSignal);
        },
      });
    }
    await repl.run();
    say(styles.dim('Stopping the bot, the emulators and Redis…'));
    await closeAll();
    say(styles.dim(`Stopped. The bot's log is in ${logPath}.${files.saved > 0 ? ` The charts it uploaded are in ${files.directory}.` : ''}`));
    return 0;
  } catch (error) {
    return await fail(`The sandbox failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

function parseSpeed(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return DEFAULT_SANDBOX_SPEED;
  const value = Number(raw.replace(/[x×]$/, ''));
  return Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * The SDK reads its endpoint and credentials from process.env, so they are set for as long
 * as the sandbox runs and restored afterwards.
 */
function pointAwsAtEmulator(url: string): () => void {
  const saved = new Map(AWS_ENV_KEYS.map((key) => [key, process.env[key]]));
  for (const key of ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_SAGEMAKER', 'AWS_ENDPOINT_URL_CLOUDWATCH', 'AWS_ENDPOINT_URL_BUDGETS']) process.env[key] = url;
  process.env['AWS_ACCESS_KEY_ID'] = 'AKIASANDBOXFAKEKEY00';
  process.env['AWS_SECRET_ACCESS_KEY'] = 'sandbox-fake-secret-access-key';
  delete process.env['AWS_SESSION_TOKEN'];
  delete process.env['AWS_PROFILE'];
  process.env['AWS_REGION'] ??= 'us-east-1';
  process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
  return () => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/** Removes every key under the sandbox's prefix from a Redis it shares with others. */
async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

function closeStream(stream: WriteStream): Promise<void> {
  return new Promise((resolve) => stream.end(() => resolve()));
}
