import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import type { RecordedCall } from '../src/sandbox/aws-emulator/index.ts';
import { queuePrefix } from '../src/queue/connection.ts';
import { QueueName } from '../src/queue/names.ts';
import { cpuMsOf, freePort, spawnServer, summarizeLog, type LogSummary, type ServerProcess } from './lib/child-process.ts';
import { REDIS_URL, startOfflineWorld } from './lib/offline-world.ts';
import { sendOpenLoop } from './lib/open-loop.ts';
import { productionArgs, productionNodeFlags } from './lib/production.ts';
import { writeSection } from './lib/results.ts';
import { max, median, percentile, round } from './lib/stats.ts';
import { formatTable, verdict } from './lib/table.ts';

/*
 * Memory of the bot as production runs it (`npm start`: dist/src/main.js under the start
 * script's node flags, receiver + workers in one process, see lib/production.ts): RSS idle,
 * then while it takes 10,000 `/sm train` commands at a steady rate. RSS is VmRSS from
 * /proc/<pid>/status every 250 ms. The AWS emulator and the fake Slack run in this process,
 * so what they hold (every training job, every call) is never counted against the bot. The
 * same bot from source under tsx (how the tests run it) is measured idle too, for reference.
 */

export const MEMORY_TARGETS = { idleMb: 110, growthPercent: 10, peakMb: 200 } as const;
const SAMPLE_MS = 250;

export type Runtime = 'tsx' | 'production';

export interface MemoryOptions {
  /** @defaultValue 10000 */
  commands?: number;
  /** Commands per second. @defaultValue 100 */
  rate?: number;
  /** Idle window after start-up; its second half gives the idle RSS, s. @defaultValue 30 */
  idleSeconds?: number;
  /** Runtimes that take the load; every runtime is measured idle. @defaultValue ['production'] */
  loadRuntimes?: Runtime[];
}

export interface LoadFigures {
  commands: number;
  rate: number;
  halfwayMb: number;
  endMb: number;
  peakMb: number;
  growthPercent: number;
  /** RSS every second (MB), for a plot. */
  series: number[];
  sendSeconds: number;
  maxSendLagMs: number;
  ack: { queued: number; failed: number; p50Ms: number; p99Ms: number; maxMs: number; failureSamples: string[] };
  /** Training jobs the emulator had received when the last command went out, and 10 s later. */
  createdBySendEnd: number;
  createdAfter10s: number;
  botCpuPercent: number;
  /** Redis at the end: lifecycle jobs not yet run, outbox deliveries waiting, and Redis's used memory. */
  backlog: { lifecycleWaiting: number; outboxWaiting: number; redisUsedMb: number };
  slackPosts: number;
}

export interface RuntimeFigures {
  runtime: Runtime;
  /** Median RSS 2–5 s after the bot answered, MB. */
  afterStartMb: number;
  /** Median RSS over the second half of the idle window, MB. */
  idleMb: number;
  load?: LoadFigures;
  botLog: LogSummary;
}

export interface MemoryFigures {
  runtimes: RuntimeFigures[];
  /** RSS that running from source under tsx adds when idle: tsx minus production, MB. */
  tsxOverheadMb: number;
  /** The node flags production runs with (package.json's start script). */
  nodeFlags: string[];
  targets: Record<'idleMb' | 'growthPercent' | 'peakMb', { target: number; value: number; verdict: string; runtime: Runtime }>;
}

export async function runMemory(options: MemoryOptions = {}): Promise<MemoryFigures> {
  const loadRuntimes = options.loadRuntimes ?? ['production'];
  const runtimes: RuntimeFigures[] = [];
  for (const runtime of ['production', 'tsx'] as Runtime[]) {
    runtimes.push(await measureRuntime(runtime, loadRuntimes.includes(runtime), options));
  }
  const tsx = runtimes.find((r) => r.runtime === 'tsx');
  const production = runtimes.find((r) => r.runtime === 'production')!;
  const loaded = runtimes.find((r) => r.load) ?? production;
  const growth = loaded.load?.growthPercent ?? Number.NaN;
  const peak = loaded.load?.peakMb ?? Number.NaN;
  return {
    runtimes,
    tsxOverheadMb: round((tsx?.idleMb ?? Number.NaN) - production.idleMb),
    nodeFlags: productionNodeFlags(),
    targets: {
      idleMb: { target: MEMORY_TARGETS.idleMb, value: production.idleMb, verdict: verdict(production.idleMb <= MEMORY_TARGETS.idleMb), runtime: 'production' },
      growthPercent: { target: MEMORY_TARGETS.growthPercent, value: growth, verdict: verdict(growth <= MEMORY_TARGETS.growthPercent), runtime: loaded.runtime },
      peakMb: { target: MEMORY_TARGETS.peakMb, value: peak, verdict: verdict(peak <= MEMORY_TARGETS.peakMb), runtime: loaded.runtime },
    },
  };
}

async function measureRuntime(runtime: Runtime, withLoad: boolean, options: MemoryOptions): Promise<RuntimeFigures> {
  const world = await startOfflineWorld();
  let bot: ServerProcess | undefined;
  try {
    const port = await freePort();
    const args = runtime === 'tsx' ? ['--import', 'tsx', 'src/main.ts', 'start'] : productionArgs('start');
    bot = await spawnServer({ name: `bot-${runtime}`, args, env: world.botEnv(port), port, readyPath: '/healthz' });
    const pid = bot.pid;

    // RSS every 250 ms from the moment the bot answers: the first seconds still carry
    // start-up's garbage; V8 shrinks the heap once the process has been idle for about 8 s
    // (its memory reducer), so "idle" is the median over the second half of the window.
    const idleSeconds = options.idleSeconds ?? 30;
    process.stdout.write(`memory: ${runtime} bot up (pid ${pid}); idle ${idleSeconds} s…\n`);
    const window: { at: number; mb: number }[] = [];
    const idleStart = performance.now();
    while (performance.now() - idleStart < idleSeconds * 1000) {
      window.push({ at: performance.now() - idleStart, mb: bot.rssMb() });
      await sleep(SAMPLE_MS);
    }
    const between = (fromS: number, toS: number) => window.filter((w) => w.at >= fromS * 1000 && w.at < toS * 1000).map((w) => w.mb);
    const afterStartMb = round(median(between(2, 5)));
    const idleSamples = between(idleSeconds / 2, idleSeconds);
    const idleMb = round(median(idleSamples));
    process.stdout.write(`memory: ${runtime} RSS ${afterStartMb} MB 2–5 s after start, ${idleMb} MB idle\n`);

    let load: LoadFigures | undefined;
    if (withLoad) load = await applyLoad(bot, world, options);
    await bot.stop();
    return { runtime, afterStartMb, idleMb, ...(load ? { load } : {}), botLog: summarizeLog(bot.logFile) };
  } finally {
    await bot?.stop();
    bot?.discardLogs();
    await world.close();
  }
}

async function applyLoad(bot: ServerProcess, world: Awaited<ReturnType<typeof startOfflineWorld>>, options: MemoryOptions): Promise<LoadFigures> {
  const commands = options.commands ?? 10_000;
  const rate = options.rate ?? 100;
  let created = 0;
  world.emulator.events.on('call', (call: RecordedCall) => {
    if (call.operation === 'CreateTrainingJob' && call.status === undefined) created += 1;
  });
  const samples: { at: number; mb: number }[] = [];
  const start = performance.now();
  const sampler = setInterval(() => samples.push({ at: performance.now() - start, mb: bot.rssMb() }), SAMPLE_MS);
  const cpuBefore = cpuMsOf(bot.pid);
  process.stdout.write(`memory: sending ${commands} commands at ${rate}/s…\n`);
  let sent;
  try {
    sent = await sendOpenLoop({
      botUrl: bot.url,
      rate,
      count: commands,
      responseUrl: () => world.slack.responseUrl(),
      progressEvery: 2_000,
      onProgress: (n) => process.stdout.write(`memory: ${n} sent, RSS ${round(bot.rssMb())} MB, ${created} created\n`),
    });
  } finally {
    clearInterval(sampler);
  }
  const sendMs = performance.now() - start;
  const botCpuPercent = round(((cpuMsOf(bot.pid) - cpuBefore) / sendMs) * 100);
  const createdBySendEnd = created;
  await sleep(10_000);
  const createdAfter10s = created;

  const redis = new Redis(REDIS_URL);
  const q = queuePrefix(world.prefix);
  const lifecycleWaiting = (await redis.llen(`${q}:${QueueName.lifecycle}:wait`)) + (await redis.zcard(`${q}:${QueueName.lifecycle}:delayed`));
  const outboxWaiting = (await redis.llen(`${q}:${QueueName.outbox}:wait`)) + (await redis.zcard(`${q}:${QueueName.outbox}:delayed`));
  const redisUsedMb = round(Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? Number.NaN) / 2 ** 20);
  redis.disconnect();

  const mbs = samples.map((s) => s.mb);
  const inWindow = (from: number, to: number) => samples.filter((s) => s.at >= from * sendMs && s.at <= to * sendMs).map((s) => s.mb);
  // Half-way and end are medians over a window (5 % of the run either side / the last 5 %), not single samples.
  const halfwayMb = round(median(inWindow(0.45, 0.55)));
  const endMb = round(median(inWindow(0.95, 1)));
  const series: number[] = [];
  for (let i = 0; i < samples.length; i += Math.round(1000 / SAMPLE_MS)) series.push(round(samples[i]!.mb));
  return {
    commands,
    rate,
    halfwayMb,
    endMb,
    peakMb: round(max(mbs)),
    growthPercent: round(((endMb - halfwayMb) / halfwayMb) * 100),
    series,
    sendSeconds: round(sendMs / 1000),
    maxSendLagMs: round(sent.maxSendLagMs),
    ack: { queued: sent.queued, failed: sent.failed, p50Ms: round(median(sent.ackMs)), p99Ms: round(percentile(sent.ackMs, 99)), maxMs: round(max(sent.ackMs)), failureSamples: sent.failures },
    createdBySendEnd,
    createdAfter10s,
    botCpuPercent,
    backlog: { lifecycleWaiting, outboxWaiting, redisUsedMb },
    slackPosts: world.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.ok).length,
  };
}

export function memoryTable(f: MemoryFigures): string {
  const rows = f.runtimes.map((r) => [r.runtime, r.afterStartMb, r.idleMb, r.load?.halfwayMb ?? '', r.load?.endMb ?? '', r.load?.peakMb ?? '', r.load ? `${r.load.growthPercent}%` : '']);
  const lines = [
    'Memory: RSS of the bot (receiver + workers), MB; 2–5 s = just after start-up; idle = median over the last half of a 30 s idle window',
    formatTable(['runtime', '2–5 s', 'idle', 'half-way', 'end', 'peak', 'growth ½→end'], rows),
    `production: node ${f.nodeFlags.join(' ')} dist/src/main.js; from source under tsx it takes ${f.tsxOverheadMb} MB more when idle`,
    `idle ≤ ${f.targets.idleMb.target} MB (${f.targets.idleMb.runtime}): ${f.targets.idleMb.value} MB ${f.targets.idleMb.verdict}`,
    `growth half-way→end ≤ ${f.targets.growthPercent.target} % (${f.targets.growthPercent.runtime}): ${f.targets.growthPercent.value} % ${f.targets.growthPercent.verdict}`,
    `peak ≤ ${f.targets.peakMb.target} MB (${f.targets.peakMb.runtime}): ${f.targets.peakMb.value} MB ${f.targets.peakMb.verdict}`,
  ];
  for (const r of f.runtimes) {
    const l = r.load;
    if (!l) continue;
    lines.push(
      `${r.runtime} under load: ${l.commands} commands at ${l.rate}/s sent in ${l.sendSeconds} s (max send lag ${l.maxSendLagMs} ms); acks queued ${l.ack.queued}, failed ${l.ack.failed}, p50 ${l.ack.p50Ms} ms, p99 ${l.ack.p99Ms} ms, max ${l.ack.maxMs} ms`,
      `  CreateTrainingJob received: ${l.createdBySendEnd} when sending ended, ${l.createdAfter10s} 10 s later; bot CPU ${l.botCpuPercent}% of a core; Slack posts ${l.slackPosts}`,
      `  backlog at the end: ${l.backlog.lifecycleWaiting} lifecycle jobs, ${l.backlog.outboxWaiting} outbox deliveries; Redis used ${l.backlog.redisUsedMb} MB`,
      `  bot log: ${r.botLog.warn} warn, ${r.botLog.error} error${r.botLog.messages.filter((m) => m.level !== 'stderr').length ? `; ${r.botLog.messages.filter((m) => m.level !== 'stderr').slice(0, 3).map((m) => `${m.count}× ${m.level} "${m.msg}"`).join('; ')}` : ''}`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const both = process.argv.includes('--load=both');
  const figures = await runMemory(both ? { loadRuntimes: ['production', 'tsx'] } : {});
  console.log(`\n${memoryTable(figures)}`);
  writeSection('memory', figures);
}
