import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { processHealthTick } from '../jobs/watchers/health.ts';
import { loadConfig } from '../src/config.ts';
import { buildContext } from '../src/context.ts';
import { createLogger } from '../src/logger.ts';
import { seedEndpoints } from '../src/sandbox/aws-emulator/index.ts';
import { BOT_TOKEN, REDIS_URL, SIGNING_SECRET, startOfflineWorld, TEAM_CONFIG_PATH } from './lib/offline-world.ts';
import { writeSection } from './lib/results.ts';
import { max, median, round } from './lib/stats.ts';
import { formatTable, verdict } from './lib/table.ts';

/*
 * Health watcher tick over 1,000 InService endpoints (issue 4): how many AWS calls one tick
 * makes, by operation, and how long it takes. The tick runs in this process on a context
 * built as the bot builds it, against the AWS emulator (also in this process, so its work
 * is part of the wall time: an upper bound on the bot's own). One warm-up tick, then the
 * median of the measured ones. Targets: ≤ 9 GetMetricData calls, ≤ 11 ListEndpoints pages,
 * ≤ 2 s.
 */

export interface HealthTickOptions {
  /** @defaultValue 1000 */
  endpoints?: number;
  /** Measured ticks after one warm-up. @defaultValue 5 */
  ticks?: number;
}

export interface HealthTickFigures {
  endpoints: number;
  ticks: number;
  /** AWS calls of one tick by operation (the median tick; every tick makes the same calls). */
  callsPerTick: Record<string, number>;
  wallMs: { median: number; max: number; warmUp: number; each: number[] };
  /** Alerts the ticks opened (healthy endpoints: 0) and observations they could not read. */
  opened: number;
  unknown: number;
  targets: { getMetricData: number; listEndpointsPages: number; wallMs: number };
  verdicts: { getMetricData: 'PASS' | 'MISS'; listEndpointsPages: 'PASS' | 'MISS'; wallMs: 'PASS' | 'MISS' };
}

const TARGETS = { getMetricData: 9, listEndpointsPages: 11, wallMs: 2_000 };
const MINUTE = 60_000;

/** The bench team config with a health watcher (the scheduler is not started: ticks are called directly). */
function teamYaml(): string {
  const text = readFileSync(TEAM_CONFIG_PATH, 'utf8');
  const at = text.search(/^watchers:/m);
  const head = at < 0 ? text : text.slice(0, at);
  return `${head}watchers:\n  health: { every: 1m, window: 5m, p99LatencyMs: 500, errorRate: 0.01, consecutiveBreaches: 3, idleDays: 7 }\n`;
}

export async function runHealthTick(options: HealthTickOptions = {}): Promise<HealthTickFigures> {
  const count = options.endpoints ?? 1_000;
  const ticks = options.ticks ?? 5;
  // The SDK's own credential chain, as in the bot's process: fake keys, and no metadata lookup.
  process.env['AWS_ACCESS_KEY_ID'] ??= 'AKIDBENCHMARK';
  process.env['AWS_SECRET_ACCESS_KEY'] ??= 'bench-secret';
  process.env['AWS_EC2_METADATA_DISABLED'] = 'true';
  const world = await startOfflineWorld();
  const env = { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_API_URL: world.slack.apiUrl, REDIS_URL, CHATOPS_PREFIX: world.prefix, LOG_LEVEL: 'silent' };
  const ctx = buildContext(loadConfig(env, 'team.yml', teamYaml()), { logger: createLogger({ level: 'silent' }), defaultMetrics: false, awsEndpoint: world.emulator.url, clock: world.emulator.clock });
  try {
    seedEndpoints(world.emulator, count);
    const samples: { wallMs: number; calls: Record<string, number> }[] = [];
    let opened = 0;
    let unknown = 0;
    for (let i = 0; i <= ticks; i += 1) {
      world.emulator.clock.advance(MINUTE);
      const before = world.emulator.calls.length;
      const started = performance.now();
      const result = await processHealthTick(ctx);
      const wallMs = performance.now() - started;
      if (result.endpoints !== count) throw new Error(`the tick saw ${result.endpoints} endpoints, not ${count}`);
      opened += result.opened;
      unknown += result.unknown;
      const calls: Record<string, number> = {};
      for (const call of world.emulator.calls.slice(before)) calls[call.operation] = (calls[call.operation] ?? 0) + 1;
      samples.push({ wallMs, calls });
    }
    const [warmUp, ...measured] = samples;
    const walls = measured.map((s) => s.wallMs);
    const mid = [...measured].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(measured.length / 2)] ?? warmUp!;
    const wallMs = { median: round(median(walls)), max: round(max(walls)), warmUp: round(warmUp?.wallMs ?? Number.NaN), each: walls.map((w) => round(w)) };
    const getMetricData = Math.max(...samples.map((s) => s.calls['GetMetricData'] ?? 0));
    const pages = Math.max(...samples.map((s) => s.calls['ListEndpoints'] ?? 0));
    return {
      endpoints: count,
      ticks: measured.length,
      callsPerTick: mid.calls,
      wallMs,
      opened,
      unknown,
      targets: TARGETS,
      verdicts: {
        getMetricData: verdict(getMetricData <= TARGETS.getMetricData),
        listEndpointsPages: verdict(pages <= TARGETS.listEndpointsPages),
        wallMs: verdict(wallMs.median <= TARGETS.wallMs),
      },
    };
  } finally {
    await ctx.close();
    await world.close();
  }
}

export function healthTickTable(f: HealthTickFigures): string {
  const calls = (op: string) => f.callsPerTick[op] ?? 0;
  const others = Object.entries(f.callsPerTick).filter(([op]) => op !== 'GetMetricData' && op !== 'ListEndpoints');
  return [
    `Health watcher tick over ${f.endpoints.toLocaleString('en-US')} InService endpoints (emulator in-process), ${f.ticks} ticks after a warm-up`,
    formatTable(
      ['figure', 'measured', 'target', 'verdict'],
      [
        ['GetMetricData calls per tick', calls('GetMetricData'), `≤ ${f.targets.getMetricData}`, f.verdicts.getMetricData],
        ['ListEndpoints pages per tick', calls('ListEndpoints'), `≤ ${f.targets.listEndpointsPages}`, f.verdicts.listEndpointsPages],
        ['wall time per tick, median (ms)', f.wallMs.median, `≤ ${f.targets.wallMs}`, f.verdicts.wallMs],
      ],
    ),
    `other calls per tick: ${others.length > 0 ? others.map(([op, n]) => `${op} ${n}`).join(', ') : 'none'}; wall ms each ${f.wallMs.each.join(', ')} (max ${f.wallMs.max}, warm-up ${f.wallMs.warmUp}); alerts opened ${f.opened}, unreadable observations ${f.unknown}`,
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await runHealthTick();
  console.log(`\n${healthTickTable(figures)}`);
  writeSection('healthTick', figures);
}
