import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import type { RecordedCall } from '../src/sandbox/aws-emulator/index.ts';
import { cpuMsOf, freePort, spawnServer, summarizeLog, type LogSummary, type ServerProcess } from './lib/child-process.ts';
import { Redis } from 'ioredis';
import { queuePrefix } from '../src/queue/connection.ts';
import { QueueName } from '../src/queue/names.ts';
import { REDIS_URL, startOfflineWorld } from './lib/offline-world.ts';
import { sendOpenLoop } from './lib/open-loop.ts';
import { productionArgs } from './lib/production.ts';
import { writeSection } from './lib/results.ts';
import { expectedTrainingJobName } from './lib/slash-command.ts';
import { max, median, percentile, round } from './lib/stats.ts';
import { formatTable } from './lib/table.ts';

/*
 * Command → CreateTrainingJob: the time from a signed `/sm train` leaving the client to the
 * AWS emulator receiving the bot's CreateTrainingJob for it, at a fixed rate (open loop).
 * The bot runs as `npm start` runs it: receiver and workers in one process. The emulator
 * lives in this process, so both timestamps come from one clock (performance.now()); each
 * call is matched to its command by the training job name the bot derives from the
 * request's trigger_id.
 */

export interface CommandToCreateOptions {
  /** @defaultValue 20 */
  rate?: number;
  /** @defaultValue 20 */
  seconds?: number;
  /** Give the last command this long to arrive. @defaultValue 60000 */
  drainMs?: number;
}

export interface CommandToCreateFigures {
  rate: number;
  seconds: number;
  sent: number;
  created: number;
  missing: number;
  /** CreateTrainingJob calls beyond one per command (retries, duplicates). */
  extraCreateCalls: number;
  createMs: { p50: number; p90: number; p99: number; max: number };
  ackMs: { p50: number; p99: number; max: number };
  /** Created per second over the measured window, from the first to the last arrival. */
  achievedRate: number;
  maxSendLagMs: number;
  /** The bot's CPU use while commands were sent, % of one core. */
  botCpuPercent: number;
  /** The bot's CPU use over 5 s after the last CreateTrainingJob, with no command coming in, % of one core. */
  botCpuAfterPercent: number;
  /** What the outbox made of it: Slack posts and updates answered, 429s, and deliveries still waiting at the end. */
  slack: { postMessage: number; update: number; rateLimited: number; outboxWaiting: number };
  ackFailures: number;
  ackFailureSamples: string[];
  botLog: LogSummary;
}

export async function runCommandToCreate(options: CommandToCreateOptions = {}): Promise<CommandToCreateFigures> {
  const rate = options.rate ?? 20;
  const seconds = options.seconds ?? 20;
  const world = await startOfflineWorld();
  let bot: ServerProcess | undefined;
  try {
    const port = await freePort();
    bot = await spawnServer({ name: 'bot-start', args: productionArgs('start'), env: world.botEnv(port), port, readyPath: '/healthz' });
    const botUrl = bot.url;

    const sentAt = new Map<string, number>();
    const createdAt = new Map<string, number>();
    let createCalls = 0;
    world.emulator.events.on('call', (call: RecordedCall) => {
      if (call.operation !== 'CreateTrainingJob') return;
      createCalls += 1;
      const name = String(call.input['TrainingJobName'] ?? '');
      if (sentAt.has(name) && !createdAt.has(name)) createdAt.set(name, performance.now());
    });
    const send = (count: number) =>
      sendOpenLoop({ botUrl, rate, count, responseUrl: () => world.slack.responseUrl(), onSend: (triggerId, at) => sentAt.set(expectedTrainingJobName(triggerId), at) });
    const drain = async (timeoutMs: number) => {
      const deadline = Date.now() + timeoutMs;
      while (createdAt.size < sentAt.size && Date.now() < deadline) await sleep(100);
    };

    // Warm-up: JIT, connection pools, the first outbox posts. Not measured.
    process.stdout.write('command-to-create: warming up (2 s)…\n');
    await send(rate * 2);
    await drain(20_000);
    sentAt.clear();
    createdAt.clear();
    createCalls = 0;

    process.stdout.write(`command-to-create: ${rate} commands/s for ${seconds} s…\n`);
    const cpuBefore = cpuMsOf(bot.pid);
    const sent = await send(rate * seconds);
    const botCpuPercent = round(((cpuMsOf(bot.pid) - cpuBefore) / sent.durationMs) * 100);
    await drain(options.drainMs ?? 60_000);
    const cpuAfter = cpuMsOf(bot.pid);
    await sleep(5_000);
    const botCpuAfterPercent = round(((cpuMsOf(bot.pid) - cpuAfter) / 5_000) * 100);
    const calls = world.slack.calls;
    const redis = new Redis(REDIS_URL);
    const outboxKey = `${queuePrefix(world.prefix)}:${QueueName.outbox}`;
    const outboxWaiting = (await redis.zcard(`${outboxKey}:delayed`)) + (await redis.llen(`${outboxKey}:wait`));
    redis.disconnect();

    const latencies = [...sentAt].flatMap(([name, at]) => {
      const created = createdAt.get(name);
      return created === undefined ? [] : [created - at];
    });
    const arrivals = [...createdAt.values()];
    const window = (max(arrivals) - Math.min(...arrivals)) / 1000;
    await bot.stop();
    return {
      rate,
      seconds,
      sent: sent.sent,
      created: createdAt.size,
      missing: sent.sent - createdAt.size,
      extraCreateCalls: createCalls - createdAt.size,
      createMs: { p50: round(median(latencies)), p90: round(percentile(latencies, 90)), p99: round(percentile(latencies, 99)), max: round(max(latencies)) },
      ackMs: { p50: round(median(sent.ackMs)), p99: round(percentile(sent.ackMs, 99)), max: round(max(sent.ackMs)) },
      achievedRate: round(window > 0 ? (arrivals.length - 1) / window : Number.NaN),
      maxSendLagMs: round(sent.maxSendLagMs),
      botCpuPercent,
      botCpuAfterPercent,
      slack: {
        postMessage: calls.filter((c) => c.method === 'chat.postMessage' && c.ok).length,
        update: calls.filter((c) => c.method === 'chat.update' && c.ok).length,
        rateLimited: calls.filter((c) => c.status === 429).length,
        outboxWaiting,
      },
      ackFailures: sent.failed,
      ackFailureSamples: sent.failures,
      botLog: summarizeLog(bot.logFile),
    };
  } finally {
    await bot?.stop();
    bot?.discardLogs();
    await world.close();
  }
}

export function commandToCreateTable(f: CommandToCreateFigures): string {
  return [
    `Command → CreateTrainingJob: ${f.rate} commands/s for ${f.seconds} s, open loop, bot = receiver + workers`,
    formatTable(
      ['figure', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'],
      [
        ['command → CreateTrainingJob', f.createMs.p50, f.createMs.p90, f.createMs.p99, f.createMs.max],
        ['ack (HTTP answer)', f.ackMs.p50, '', f.ackMs.p99, f.ackMs.max],
      ],
    ),
    `sent ${f.sent}, created ${f.created}, missing ${f.missing}, extra CreateTrainingJob calls ${f.extraCreateCalls}, created at ${f.achievedRate}/s, ack failures ${f.ackFailures}, max send lag ${f.maxSendLagMs} ms`,
    `bot CPU while sending ${f.botCpuPercent}% of a core, then ${f.botCpuAfterPercent}% with no command coming in; Slack posts ${f.slack.postMessage}, updates ${f.slack.update}, 429s ${f.slack.rateLimited}, outbox deliveries still waiting ${f.slack.outboxWaiting}`,
    `bot log: ${f.botLog.warn} warn, ${f.botLog.error} error${f.botLog.messages.length ? `; most frequent: ${f.botLog.messages.slice(0, 3).map((m) => `${m.count}× ${m.level} "${m.msg}"`).join('; ')}` : ''}`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await runCommandToCreate();
  console.log(`\n${commandToCreateTable(figures)}`);
  writeSection('commandToCreate', figures);
}
