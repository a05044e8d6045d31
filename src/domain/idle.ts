import { alertKey, type IdleDetails, type Observation } from './alerts.ts';
import { hourlyUsd, type InstanceSpec } from './budget.ts';
import { healthTargets, periodFor, SAGEMAKER_NAMESPACE, type HealthTarget, type QueryPlan } from './health.ts';
import type { MetricQuery, MetricSeries } from './monitoring.ts';

/*
 * Idle endpoints (issue 4): InService endpoints with no invocations for `idleDays`, reported
 * once with what they cost per hour and a Delete button. One query per endpoint (invocations
 * summed per day over the idle window), batched with the health queries. Pure.
 */

export const IDLE_CONDITION = 'idle';
const DAY_MS = 86_400_000;

export interface IdleQueryRef {
  endpoint: string;
  variant: string;
}

export interface IdleQueryPlan extends QueryPlan<IdleQueryRef> {
  windowMs: number;
  periodSeconds: number;
}

/** The idle window in ms. */
export function idleWindowMs(idleDays: number): number {
  return Math.round(idleDays * DAY_MS);
}

/** One Invocations (Sum) query per endpoint over `idleDays`; ids `i<n>`. */
export function idleQueries(endpoints: readonly (string | HealthTarget)[], options: { idleDays: number }): IdleQueryPlan {
  const windowMs = idleWindowMs(options.idleDays);
  const periodSeconds = periodFor(windowMs, 86_400);
  const queries: MetricQuery[] = [];
  const byId = new Map<string, IdleQueryRef>();
  healthTargets(endpoints).forEach((target, index) => {
    const id = `i${index}`;
    queries.push({ id, namespace: SAGEMAKER_NAMESPACE, metricName: 'Invocations', dimensions: { EndpointName: target.endpoint, VariantName: target.variant }, stat: 'Sum', periodSeconds });
    byId.set(id, target);
  });
  return { queries, byId, windowMs, periodSeconds };
}

/**
 * True: no invocations over the window and the endpoint is at least that old. False: it
 * had traffic, or is too young to tell. Undefined: the data could not be read.
 */
export function isIdle(series: MetricSeries | undefined, createdAt: number, idleDays: number, now: number): boolean | undefined {
  if (!series || series.status !== 'Complete') return undefined;
  if (now - createdAt < idleWindowMs(idleDays)) return false;
  return series.values.every((value) => !(value > 0));
}

/** Maps each endpoint of the plan to its Invocations result. */
export function idleSeriesByEndpoint(plan: IdleQueryPlan, results: Iterable<MetricSeries>): Map<string, MetricSeries> {
  const byEndpoint = new Map<string, MetricSeries>();
  for (const series of results) {
    const ref = plan.byId.get(series.id);
    if (ref) byEndpoint.set(ref.endpoint, series);
  }
  return byEndpoint;
}

export interface IdleInput {
  endpoint: string;
  createdAt: number;
  series: MetricSeries | undefined;
  /** What the endpoint runs on (DescribeEndpoint), for its hourly cost; only needed for idle ones. */
  instances?: InstanceSpec[];
}

/**
 * One observation per endpoint: breached when idle (see isIdle), with its hourly cost
 * (price per instance-hour × instance count; undefined when a type has no known price);
 * clear when it has traffic; unknown when the invocations could not be read.
 */
export function idleObservations(inputs: readonly IdleInput[], options: { idleDays: number; prices?: Readonly<Record<string, number>> }, now: number): Observation[] {
  return inputs.map((input): Observation => {
    const target = { key: alertKey('idle', input.endpoint, IDLE_CONDITION), watcher: 'idle' as const, resource: input.endpoint, condition: IDLE_CONDITION };
    const idle = isIdle(input.series, input.createdAt, options.idleDays, now);
    if (idle === undefined) return { ...target, unknown: true, reason: input.series ? `Invocations: ${input.series.status}` : 'no Invocations result' };
    const invocations = (input.series?.values ?? []).reduce((total, value) => total + (value > 0 ? value : 0), 0);
    const hourly = input.instances ? hourlyUsd(input.instances, options.prices) : undefined;
    const details: IdleDetails = {
      kind: 'idle',
      endpoint: input.endpoint,
      idleDays: options.idleDays,
      invocations,
      ...(hourly !== undefined ? { hourlyUsd: hourly } : {}),
      ...(input.instances ? { instances: input.instances } : {}),
    };
    return { ...target, breached: idle, severity: 'info', title: `Idle endpoint ${input.endpoint}`, details };
  });
}
