import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { BudgetsService } from '../budgets/index.ts';
import { BUDGET_TIME_UNITS } from '../budgets/periods.ts';
import { AwsServiceError } from '../protocol.ts';
import { MONITORING_TYPES } from '../sagemaker/monitoring.ts';
import { readBody } from '../server.ts';
import type { MetricScenarios } from './scenarios.ts';
import { seedEndpoints, type SeedEndpointsTarget } from './seed-endpoints.ts';

/*
 * The watcher scenarios over the control API, so the sandbox (and tests driving a child
 * process) can trigger them. Times are simulated epoch ms; `from` defaults to now.
 *
 *   POST /_emulator/scenarios/metric        {namespace, metricName, dimensions?, value? | segments?, from?, to?, forMs?}
 *   POST /_emulator/scenarios/latency-spike {endpoint, variant?, p99Ms, from?, to?, forMs?}
 *   POST /_emulator/scenarios/error-rate    {endpoint, variant?, rate, from?, to?, forMs?}
 *   POST /_emulator/scenarios/invocations   {endpoint, variant?, perMinute, from?, to?, forMs?}
 *   POST /_emulator/scenarios/query-failure {namespace?, metricName?, dimensions?, status?, message?, from?, to?, forMs?}
 *   POST /_emulator/scenarios/monitoring    {endpoint, schedule?, every?, runtimeMs?, type?, features?, metricNames?}
 *   POST /_emulator/scenarios/drift         {endpoint, schedule?, feature, value?, from?, to?, forMs?}
 *   POST /_emulator/scenarios/end           {id, at?}
 *   POST /_emulator/scenarios/budget        {name, limitUsd, timeUnit?, spendPerDay, historyPeriods?}
 *   POST /_emulator/scenarios/spend-jump    {name, toPercent, at?}
 *   POST /_emulator/seed/endpoints          {count, prefix?, ageMs?, instanceType?, instanceCount?}
 */

export interface WatcherControlTarget extends SeedEndpointsTarget {
  metricScenarios: MetricScenarios;
  budgets: BudgetsService;
}

const time = z.number().nonnegative();
const window = { from: time.optional(), to: time.optional(), forMs: z.number().positive().optional() };
const endpoint = { endpoint: z.string().min(1), variant: z.string().min(1).optional(), ...window };
const dimensions = z.record(z.string(), z.string());

const routes: Record<string, (target: WatcherControlTarget, body: unknown) => unknown> = {
  'POST /_emulator/scenarios/metric': (t, body) => {
    const input = z
      .object({ namespace: z.string().min(1), metricName: z.string().min(1), dimensions: dimensions.optional(), value: z.number().optional(), segments: z.array(z.object({ from: time, to: time, value: z.number() })).optional(), ...window })
      .parse(body);
    return { id: t.metricScenarios.metric(strip(input)) };
  },
  'POST /_emulator/scenarios/latency-spike': (t, body) => ({ id: t.metricScenarios.latencySpike(strip(z.object({ ...endpoint, p99Ms: z.number().positive() }).parse(body))) }),
  'POST /_emulator/scenarios/error-rate': (t, body) => ({ id: t.metricScenarios.errorRate(strip(z.object({ ...endpoint, rate: z.number().min(0).max(1) }).parse(body))) }),
  'POST /_emulator/scenarios/invocations': (t, body) => ({ id: t.metricScenarios.invocations(strip(z.object({ ...endpoint, perMinute: z.number().nonnegative() }).parse(body))) }),
  'POST /_emulator/scenarios/query-failure': (t, body) => {
    const input = z
      .object({ namespace: z.string().optional(), metricName: z.string().optional(), dimensions: dimensions.optional(), status: z.enum(['InternalError', 'Forbidden']).optional(), message: z.string().optional(), ...window })
      .parse(body);
    return { id: t.metricScenarios.queryFailure(strip(input)) };
  },
  'POST /_emulator/scenarios/monitoring': (t, body) => {
    const input = z
      .object({
        endpoint: z.string().min(1),
        schedule: z.string().min(1).optional(),
        every: z.union([z.number().positive(), z.string().min(1)]).optional(),
        runtimeMs: z.number().positive().optional(),
        type: z.enum(MONITORING_TYPES).optional(),
        features: z.array(z.string().min(1)).optional(),
        metricNames: z.object({ namespace: z.string().min(1).optional(), endpointDimension: z.string().min(1).optional(), scheduleDimension: z.string().min(1).optional() }).optional(),
      })
      .parse(body);
    const { metricNames, ...rest } = input;
    return { schedule: t.metricScenarios.monitoring({ ...strip(rest), ...(metricNames ? { metricNames: strip(metricNames) } : {}) }) };
  },
  'POST /_emulator/scenarios/drift': (t, body) => {
    const input = z.object({ endpoint: z.string().min(1), schedule: z.string().min(1).optional(), feature: z.string().min(1), value: z.number().optional(), ...window }).parse(body);
    return { id: t.metricScenarios.drift(strip(input)) };
  },
  'POST /_emulator/scenarios/end': (t, body) => {
    const { id, at } = z.object({ id: z.string().min(1), at: time.optional() }).parse(body);
    const ended = at === undefined ? t.metricScenarios.end(id) : t.metricScenarios.end(id, at);
    if (!ended) throw new AwsServiceError('InvalidScenario', `no scenario ${id}`, 404);
    return { ok: true };
  },
  'POST /_emulator/scenarios/budget': (t, body) => {
    const input = z
      .object({ name: z.string().min(1), limitUsd: z.number().positive(), timeUnit: z.enum(BUDGET_TIME_UNITS).optional(), spendPerDay: z.number().nonnegative(), historyPeriods: z.number().int().nonnegative().optional() })
      .parse(body);
    return { name: t.budgets.budget(strip(input)) };
  },
  'POST /_emulator/scenarios/spend-jump': (t, body) => {
    const input = z.object({ name: z.string().min(1), toPercent: z.number().nonnegative(), at: time.optional() }).parse(body);
    return { addedUsd: t.budgets.spendJump(strip(input)) };
  },
  'POST /_emulator/seed/endpoints': (t, body) => {
    const { count, ...options } = z
      .object({ count: z.number().int().min(0).max(10_000), prefix: z.string().min(1).optional(), ageMs: z.number().nonnegative().optional(), instanceType: z.string().optional(), instanceCount: z.number().int().positive().optional() })
      .parse(body);
    return { endpoints: seedEndpoints(t, count, strip(options)) };
  },
};

/**
 * Runs a watcher control route; resolves undefined when `route` is not one of them. Bad
 * input and refused scenarios come back as a 400 AwsServiceError, which the control API
 * answers with.
 */
export async function handleWatcherControl(target: WatcherControlTarget, route: string, req: IncomingMessage): Promise<unknown> {
  const handler = routes[route];
  if (!handler) return undefined;
  const raw = await readBody(req);
  let body: unknown;
  try {
    body = raw.trim() === '' ? {} : JSON.parse(raw);
  } catch {
    throw new AwsServiceError('InvalidScenario', 'body is not JSON');
  }
  try {
    return handler(target, body);
  } catch (error) {
    if (error instanceof z.ZodError) throw new AwsServiceError('InvalidScenario', z.prettifyError(error));
    if (error instanceof RangeError) throw new AwsServiceError('InvalidScenario', error.message);
    throw error;
  }
}

/** Drops undefined members, for APIs typed with exactOptionalPropertyTypes. */
function strip<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
