import { pathToFileURL } from 'node:url';
import autocannon, { type AutocannonResult } from 'autocannon';
import { Redis } from 'ioredis';
import { queuePrefix } from '../src/queue/connection.ts';
import { QueueName } from '../src/queue/names.ts';
import { cpuMsOf, freePort, spawnServer, summarizeLog, type LogSummary, type ServerProcess } from './lib/child-process.ts';
import { REDIS_URL, SIGNING_SECRET, startOfflineWorld } from './lib/offline-world.ts';
import { bareBoltArgs, productionArgs } from './lib/production.ts';
import { writeSection } from './lib/results.ts';
import { signedTrainCommand, postCommand } from './lib/slash-command.ts';
import { median, round } from './lib/stats.ts';
import { formatTable, verdict } from './lib/table.ts';

/*
 * The ack path: how many signed `/sm train churn-xgb` requests per second the bot's receiver
 * answers, and how fast, next to a bare Bolt app that only acks. Both run as child
 * processes on the production runtime (compiled JavaScript under `npm start`'s node flags,
 * see lib/production.ts); the bot runs as `receiver` only, so
 * it parses, checks the role, claims the request id and enqueues to Redis, and no worker
 * competes for its CPU. Rounds alternate between the two targets so drift on the two noisy
 * cores hits both alike; figures are medians over rounds.
 */

export const ACK_TARGETS = { ratioAt10: 0.6, p99At100Ms: 60 } as const;
/*
 * The loop is closed: every connection sends again as soon as it is answered, so at 100
 * connections latency is mostly queueing (Little's law: mean ≈ 100 / throughput). A
 * fixed-rate phase was tried with autocannon's overallRate and dropped: autocannon spends
 * each connection's per-second quota at the start of the second, which makes bursts, not a
 * rate. Open-loop ack latencies at a steady rate come from command-to-create and memory.
 */

export interface AckPathOptions {
  rounds?: number;
  seconds?: number;
  connections?: number[];
}

interface RoundFigures {
  /** 2xx answers in the round. */
  answered: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** CPU time of the server process per answered request, in µs. */
  cpuUsPerRequest: number;
}

export interface TargetFigures {
  rounds: RoundFigures[];
  rps: number;
  p50: number;
  p99: number;
  cpuUsPerRequest: number;
  non2xx: number;
  errors: number;
}

export interface AckPathFigures {
  rounds: number;
  secondsPerRound: number;
  byConnections: { connections: number; bot: TargetFigures; bare: TargetFigures; ratio: number; roundRatios: number[] }[];
  /** Jobs the bot enqueued vs 2xx answers it gave: equal when every request enqueued exactly once. */
  enqueued: { answered2xx: number; jobsAdded: number };
  targets: { ratioAt10: { target: number; value: number; verdict: string }; p99At100Ms: { target: number; value: number; verdict: string } };
  botLog: LogSummary;
}

export async function runAckPath(options: AckPathOptions = {}): Promise<AckPathFigures> {
  const rounds = options.rounds ?? 3;
  const seconds = options.seconds ?? 5;
  const connectionCounts = options.connections ?? [10, 100];
  const world = await startOfflineWorld();
  const redis = new Redis(REDIS_URL);
  const waitKey = `${queuePrefix(world.prefix)}:${QueueName.lifecycle}:wait`;
  let bot: ServerProcess | undefined;
  let bare: ServerProcess | undefined;
  const bareBolt = bareBoltArgs();
  try {
    const botPort = await freePort();
    bot = await spawnServer({ name: 'bot-receiver', args: productionArgs('receiver'), env: world.botEnv(botPort), port: botPort, readyPath: '/healthz' });
    const barePort = await freePort();
    bare = await spawnServer({
      name: 'bare-bolt',
      args: bareBolt.args,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', NODE_ENV: 'production', SLACK_SIGNING_SECRET: SIGNING_SECRET, PORT: String(barePort) },
      port: barePort,
    });
    // Never used (no worker runs here), but it points at the fake, never at hooks.slack.com.
    const responseUrl = `${world.slack.url}/response/ack-path-bench`;
    await checkBothAnswer(bot.url, bare.url, responseUrl);

    const targets = { bot, bare };
    const load = async (name: keyof typeof targets, connections: number, duration: number): Promise<RoundFigures> => {
      const server = targets[name];
      const cpuBefore = cpuMsOf(server.pid);
      const result = await fire(server.url, connections, duration, responseUrl);
      const cpuMs = cpuMsOf(server.pid) - cpuBefore;
      return figuresOf(result, cpuMs);
    };

    process.stdout.write('ack-path: warming up both targets…\n');
    await load('bot', 10, 2);
    await load('bare', 10, 2);

    let answered2xx = 0;
    const jobsBefore = await redis.llen(waitKey);
    const byConnections: AckPathFigures['byConnections'] = [];
    for (const connections of connectionCounts) {
      const botRounds: RoundFigures[] = [];
      const bareRounds: RoundFigures[] = [];
      for (let r = 0; r < rounds; r += 1) {
        const order: (keyof typeof targets)[] = r % 2 === 0 ? ['bot', 'bare'] : ['bare', 'bot'];
        for (const name of order) {
          const figures = await load(name, connections, seconds);
          (name === 'bot' ? botRounds : bareRounds).push(figures);
          if (name === 'bot') answered2xx += figures.answered;
          process.stdout.write(`ack-path: ${String(connections).padStart(3)} conns, round ${r + 1}/${rounds}, ${name.padEnd(4)}: ${round(figures.rps, 0)} req/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms\n`);
        }
      }
      const bot = summarize(botRounds);
      const bare = summarize(bareRounds);
      const roundRatios = botRounds.map((b, i) => round(b.rps / bareRounds[i]!.rps, 3));
      byConnections.push({ connections, bot, bare, ratio: round(median(roundRatios), 3), roundRatios });
    }
    const jobsAdded = (await redis.llen(waitKey)) - jobsBefore;

    const at10 = byConnections.find((c) => c.connections === 10);
    const at100 = byConnections.find((c) => c.connections === 100);
    const ratioAt10 = at10?.ratio ?? Number.NaN;
    const p99At100 = at100?.bot.p99 ?? Number.NaN;
    await bot.stop();
    await bare.stop();
    const figures: AckPathFigures = {
      rounds,
      secondsPerRound: seconds,
      byConnections,
      enqueued: { answered2xx, jobsAdded },
      targets: {
        ratioAt10: { target: ACK_TARGETS.ratioAt10, value: ratioAt10, verdict: verdict(ratioAt10 >= ACK_TARGETS.ratioAt10) },
        p99At100Ms: { target: ACK_TARGETS.p99At100Ms, value: p99At100, verdict: verdict(p99At100 <= ACK_TARGETS.p99At100Ms) },
      },
      botLog: summarizeLog(bot.logFile),
    };
    return figures;
  } finally {
    await bot?.stop();
    bot?.discardLogs();
    await bare?.stop();
    bare?.discardLogs();
    bareBolt.cleanup();
    redis.disconnect();
    await world.close();
  }
}

/** One request to each before the load: both must answer 200, and the bot must queue. */
async function checkBothAnswer(botUrl: string, bareUrl: string, responseUrl: string): Promise<void> {
  const botAnswer = await postCommand(botUrl, signedTrainCommand(responseUrl));
  if (botAnswer.status !== 200 || !/queued/i.test(botAnswer.text)) throw new Error(`the bot did not queue the command: ${botAnswer.status} ${botAnswer.text.slice(0, 300)}`);
  const bareAnswer = await postCommand(bareUrl, signedTrainCommand(responseUrl));
  if (bareAnswer.status !== 200) throw new Error(`the bare Bolt app answered ${bareAnswer.status}`);
}

/** autocannon with a new trigger_id, timestamp and signature on every request. */
function fire(url: string, connections: number, duration: number, responseUrl: string): Promise<AutocannonResult> {
  return autocannon({
    url: `${url}/slack/events`,
    connections,
    duration,
    pipelining: 1,
    timeout: 10,
    requests: [
      {
        method: 'POST',
        path: '/slack/events',
        setupRequest: (request) => {
          const command = signedTrainCommand(responseUrl);
          return { ...request, method: 'POST', path: '/slack/events', headers: { ...request.headers, ...command.headers }, body: command.body };
        },
      },
    ],
  });
}

function figuresOf(result: AutocannonResult, cpuMs: number): RoundFigures {
  const ok = result['2xx'];
  return {
    answered: ok,
    rps: ok / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    cpuUsPerRequest: ok > 0 ? round((cpuMs * 1000) / ok, 0) : Number.NaN,
  };
}

function summarize(rounds: RoundFigures[]): TargetFigures {
  return {
    rounds: rounds.map((r) => ({ ...r, rps: round(r.rps, 0) })),
    rps: round(median(rounds.map((r) => r.rps)), 0),
    p50: median(rounds.map((r) => r.p50)),
    p99: median(rounds.map((r) => r.p99)),
    cpuUsPerRequest: median(rounds.map((r) => r.cpuUsPerRequest)),
    non2xx: rounds.reduce((a, r) => a + r.non2xx, 0),
    errors: rounds.reduce((a, r) => a + r.errors + r.timeouts, 0),
  };
}

export function ackPathTable(f: AckPathFigures): string {
  const rows = f.byConnections.flatMap((c) => [
    [`bot   @${c.connections}`, c.bot.rps, c.bot.p50, c.bot.p99, c.bot.cpuUsPerRequest, c.bot.non2xx + c.bot.errors, c.ratio],
    [`bare  @${c.connections}`, c.bare.rps, c.bare.p50, c.bare.p99, c.bare.cpuUsPerRequest, c.bare.non2xx + c.bare.errors, ''],
  ]);
  const t = f.targets;
  return [
    `Ack path: signed /sm train, ${f.rounds} alternating rounds × ${f.secondsPerRound} s, medians`,
    formatTable(['target', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/req', 'non-2xx+err', 'bot/bare'], rows),
    `bot/bare req/s at 10 conns ≥ ${t.ratioAt10.target}×: ${t.ratioAt10.value}× ${t.ratioAt10.verdict}`,
    `bot p99 at 100 conns (closed loop) ≤ ${t.p99At100Ms.target} ms: ${t.p99At100Ms.value} ms ${t.p99At100Ms.verdict}`,
    `jobs enqueued ${f.enqueued.jobsAdded} for ${f.enqueued.answered2xx} answered (the extra ones are answered by autocannon's cut-off or in flight when a round ended); bot log: ${f.botLog.warn} warn, ${f.botLog.error} error`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await runAckPath();
  console.log(`\n${ackPathTable(figures)}`);
  writeSection('ackPath', figures);
}
