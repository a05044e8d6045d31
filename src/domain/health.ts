import { alertKey, type AlertSeverity, type ErrorRateDetails, type LatencyDetails, type Observation } from './alerts.ts';
import type { MetricQuery, MetricSeries } from './monitoring.ts';

/*
 * Endpoint health (issue 4): the GetMetricData queries for every InService endpoint, and
 * the observations made from their results. Three queries per endpoint, batched 500 to a
 * call by the gateway: 1,000 endpoints are 6 calls, never one call per endpoint. Pure.
 */

/** Where SageMaker publishes endpoint invocation metrics. */
export const SAGEMAKER_NAMESPACE = 'AWS/SageMaker';
/** SageMaker's default production variant name; its metrics carry EndpointName and VariantName. */
export const DEFAULT_VARIANT = 'AllTraffic';
/** CloudWatch's limit of queries per GetMetricData call. */
export const GET_METRIC_DATA_MAX_QUERIES = 500;
/** CloudWatch's rule for a query id. */
export const METRIC_QUERY_ID = /^[a-z][a-zA-Z0-9_]{0,254}$/;

export const HEALTH_CONDITIONS = { errorRate: 'error-rate', latency: 'p99-latency' } as const;

/** An endpoint to watch. CloudWatch matches dimensions exactly, so the variant is part of it. */
export interface HealthTarget {
  endpoint: string;
  /** @defaultValue 'AllTraffic' */
  variant?: string;
}

export type HealthMetric = 'errors' | 'invocations' | 'latency';

export interface HealthQueryRef {
  endpoint: string;
  variant: string;
  metric: HealthMetric;
}

/** Queries, and what each query id stands for. */
export interface QueryPlan<R> {
  queries: MetricQuery[];
  byId: Map<string, R>;
}

export interface HealthQueryPlan extends QueryPlan<HealthQueryRef> {
  /** Read the metrics from `now - windowMs` to `now`. */
  windowMs: number;
  periodSeconds: number;
  /** The endpoints, de-duplicated, in the order given. */
  targets: Required<HealthTarget>[];
}

/** A CloudWatch period for a window: whole minutes, at least 60 s, at most `max`. */
export function periodFor(windowMs: number, max = Number.POSITIVE_INFINITY): number {
  const seconds = Math.min(max, Math.floor(windowMs / 1_000));
  return Math.max(60, Math.floor(seconds / 60) * 60);
}

/** Splits queries into GetMetricData calls of at most 500. */
export function batchQueries<T>(queries: readonly T[], size = GET_METRIC_DATA_MAX_QUERIES): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < queries.length; i += size) batches.push(queries.slice(i, i + size));
  return batches;
}

/** Endpoint names or targets, de-duplicated by endpoint, variant filled in. */
export function healthTargets(endpoints: readonly (string | HealthTarget)[]): Required<HealthTarget>[] {
  const seen = new Set<string>();
  const targets: Required<HealthTarget>[] = [];
  for (const entry of endpoints) {
    const target = typeof entry === 'string' ? { endpoint: entry } : entry;
    if (seen.has(target.endpoint)) continue;
    seen.add(target.endpoint);
    targets.push({ endpoint: target.endpoint, variant: target.variant ?? DEFAULT_VARIANT });
  }
  return targets;
}

const METRICS: readonly { metric: HealthMetric; suffix: string; metricName: string; stat: string }[] = [
  { metric: 'errors', suffix: 'err', metricName: 'Invocation5XXErrors', stat: 'Sum' },
  { metric: 'invocations', suffix: 'inv', metricName: 'Invocations', stat: 'Sum' },
  { metric: 'latency', suffix: 'lat', metricName: 'ModelLatency', stat: 'p99' },
];

/**
 * Three queries per endpoint (5xx sum, invocations sum, ModelLatency p99) over `window`.
 * Ids are `e<n>_err|inv|lat` (valid CloudWatch ids whatever the endpoint is called);
 * `byId` maps each back. `periodSeconds` defaults to the whole window, so each query has
 * one datapoint and the p99 is the window's own.
 */
export function healthQueries(endpoints: readonly (string | HealthTarget)[], options: { window: number; periodSeconds?: number }): HealthQueryPlan {
  const periodSeconds = options.periodSeconds ?? periodFor(options.window);
  const targets = healthTargets(endpoints);
  const queries: MetricQuery[] = [];
  const byId = new Map<string, HealthQueryRef>();
  targets.forEach((target, index) => {
    for (const { metric, suffix, metricName, stat } of METRICS) {
      const id = `e${index}_${suffix}`;
      queries.push({ id, namespace: SAGEMAKER_NAMESPACE, metricName, dimensions: { EndpointName: target.endpoint, VariantName: target.variant }, stat, periodSeconds });
      byId.set(id, { ...target, metric });
    }
  });
  return { queries, byId, windowMs: options.window, periodSeconds, targets };
}

export interface HealthThresholds {
  /** Fraction of invocations, e.g. 0.01. */
  errorRate: number;
  p99LatencyMs: number;
}

/** Only a complete result counts: partial or failed data must neither open nor resolve. */
function readable(series: MetricSeries | undefined): series is MetricSeries {
  return series !== undefined && series.status === 'Complete';
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + (Number.isFinite(value) ? value : 0), 0);
}

function why(series: MetricSeries | undefined, what: string): string {
  if (!series) return `no ${what} result`;
  return `${what}: ${series.status}${series.messages?.length ? ` (${series.messages.join('; ')})` : ''}`;
}

/**
 * One error-rate and one p99-latency observation per endpoint of the plan.
 * Error rate = 5xx / invocations over the window; no invocations is no breach. p99 is
 * ModelLatency (µs) in ms, the highest period's p99 when the window has several. A result
 * that is missing or not `Complete` makes that observation unknown.
 */
export function healthObservations(plan: HealthQueryPlan, results: Iterable<MetricSeries>, thresholds: HealthThresholds): Observation[] {
  const byEndpoint = new Map<string, Partial<Record<HealthMetric, MetricSeries>>>();
  for (const series of results) {
    const ref = plan.byId.get(series.id);
    if (!ref) continue;
    const entry = byEndpoint.get(ref.endpoint) ?? {};
    entry[ref.metric] = series;
    byEndpoint.set(ref.endpoint, entry);
  }
  const observations: Observation[] = [];
  for (const { endpoint } of plan.targets) {
    const got = byEndpoint.get(endpoint) ?? {};
    observations.push(errorRateObservation(endpoint, got.errors, got.invocations, thresholds.errorRate, plan.windowMs));
    observations.push(latencyObservation(endpoint, got.latency, thresholds.p99LatencyMs, plan.windowMs));
  }
  return observations;
}

function errorRateObservation(endpoint: string, errorsSeries: MetricSeries | undefined, invocationsSeries: MetricSeries | undefined, threshold: number, windowMs: number): Observation {
  const target = { key: alertKey('health', endpoint, HEALTH_CONDITIONS.errorRate), watcher: 'health' as const, resource: endpoint, condition: HEALTH_CONDITIONS.errorRate };
  if (!readable(errorsSeries) || !readable(invocationsSeries)) {
    return { ...target, unknown: true, reason: readable(errorsSeries) ? why(invocationsSeries, 'Invocations') : why(errorsSeries, 'Invocation5XXErrors') };
  }
  const errors = sum(errorsSeries.values);
  const invocations = sum(invocationsSeries.values);
  const errorRate = invocations > 0 ? errors / invocations : 0;
  const details: ErrorRateDetails = { kind: 'error-rate', endpoint, errorRate, errors, invocations, threshold, windowMs };
  const severity: AlertSeverity = threshold > 0 && errorRate >= threshold * 5 ? 'critical' : 'warning';
  return { ...target, breached: invocations > 0 && errorRate > threshold, severity, title: `High 5xx error rate on ${endpoint}`, details };
}

function latencyObservation(endpoint: string, series: MetricSeries | undefined, thresholdMs: number, windowMs: number): Observation {
  const target = { key: alertKey('health', endpoint, HEALTH_CONDITIONS.latency), watcher: 'health' as const, resource: endpoint, condition: HEALTH_CONDITIONS.latency };
  if (!readable(series)) return { ...target, unknown: true, reason: why(series, 'ModelLatency') };
  const values = series.values.filter(Number.isFinite);
  // ModelLatency is in microseconds.
  const p99Ms = values.length > 0 ? Math.max(...values) / 1_000 : undefined;
  const details: LatencyDetails = { kind: 'latency', endpoint, thresholdMs, windowMs, ...(p99Ms !== undefined ? { p99Ms } : {}) };
  const severity: AlertSeverity = p99Ms !== undefined && p99Ms >= thresholdMs * 2 ? 'critical' : 'warning';
  return { ...target, breached: p99Ms !== undefined && p99Ms > thresholdMs, severity, title: `Slow p99 latency on ${endpoint}`, details };
}
