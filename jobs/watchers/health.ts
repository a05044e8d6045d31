import type { AppContext } from '../../src/context.ts';
import { rulesFor } from '../../src/domain/alerts.ts';
import type { EndpointSummary } from '../../src/domain/deployment.ts';
import { healthObservations, healthQueries } from '../../src/domain/health.ts';
import { idleObservations, idleQueries, idleSeriesByEndpoint, idleWindowMs, type IdleInput } from '../../src/domain/idle.ts';
import { applyObservations } from './apply-observations.ts';

/**
 * One health tick over every InService endpoint: 5xx rate, p99 model latency and invocations
 * over the window, and invocations over the idle window, read with batched GetMetricData
 * (500 queries a call: 1,000 endpoints cost 8 calls, never one per endpoint). Thresholds need
 * `consecutiveBreaches` ticks in a row to open and as many clear ticks to resolve, so a
 * flapping metric does not alert every tick. A failed read fails the tick: nothing is
 * decided on data that was not read, and the next tick tries again.
 */
export async function processHealthTick(ctx: AppContext): Promise<{ endpoints: number; opened: number; unknown: number }> {
  const settings = ctx.config.team.watchers.health;
  if (!settings) return { endpoints: 0, opened: 0, unknown: 0 };
  const now = ctx.clock.now();
  const endpoints = await ctx.deploy.listEndpoints({ status: 'InService' });
  const plan = healthQueries(
    endpoints.map((e) => e.name),
    { window: settings.window },
  );
  const idlePlan = idleQueries(
    endpoints.map((e) => e.name),
    { idleDays: settings.idleDays },
  );
  const [series, idleSeries] = await Promise.all([
    ctx.cloudwatch.getMetricData(plan.queries, { start: now - settings.window, end: now }),
    ctx.cloudwatch.getMetricData(idlePlan.queries, { start: now - idleWindowMs(settings.idleDays), end: now }),
  ]);
  const present = new Set(endpoints.map((e) => e.name));
  const health = await applyObservations(ctx, 'health', healthObservations(plan, series, settings), {
    rules: rulesFor('health', settings.consecutiveBreaches),
    present,
    chart: () => true,
  });
  const idle = await applyObservations(ctx, 'idle', await idleInputs(ctx, endpoints, idleSeriesByEndpoint(idlePlan, idleSeries), settings.idleDays, now), { present });
  return { endpoints: endpoints.length, opened: health.opened.length + idle.opened.length, unknown: health.unknown + idle.unknown };
}

/** Idle observations; only the endpoints that look idle are described, for their hourly cost. */
async function idleInputs(ctx: AppContext, endpoints: EndpointSummary[], series: ReturnType<typeof idleSeriesByEndpoint>, idleDays: number, now: number) {
  const prices = ctx.config.team.prices;
  const plain: IdleInput[] = endpoints.map((e) => ({ endpoint: e.name, createdAt: e.createdAt, series: series.get(e.name) }));
  const candidates = idleObservations(plain, { idleDays, prices }, now);
  return Promise.all(
    candidates.map(async (observation, index) => {
      if (observation.unknown || !observation.breached) return observation;
      const input = plain[index]!;
      const instances = await instancesOf(ctx, input.endpoint).catch(() => undefined);
      return instances ? (idleObservations([{ ...input, instances }], { idleDays, prices }, now)[0] ?? observation) : observation;
    }),
  );
}

async function instancesOf(ctx: AppContext, endpoint: string) {
  const view = await ctx.deploy.describeEndpoint(endpoint);
  const config = await ctx.deploy.describeEndpointConfig(view.configName);
  return config.variants.map((variant) => ({ instanceType: variant.instanceType ?? 'unknown', count: variant.instanceCount ?? 1 }));
}
