import { describe, expect, it } from 'vitest';
import { decide, rulesFor, type AlertState, type MeasuredObservation, type Observation } from '../../src/domain/alerts.ts';
import { batchQueries, GET_METRIC_DATA_MAX_QUERIES, healthObservations, healthQueries, METRIC_QUERY_ID, periodFor, type HealthQueryPlan } from '../../src/domain/health.ts';
import type { MetricSeries, MetricStatus } from '../../src/domain/monitoring.ts';

const T0 = Date.parse('2026-03-01T09:00:00Z');
const WINDOW = 5 * 60_000;
const thresholds = { errorRate: 0.01, p99LatencyMs: 500 };

/** Results for every query of the plan: per endpoint, its 5xx, invocations and p99 (µs) values. */
function results(plan: HealthQueryPlan, data: Record<string, { errors?: number[]; invocations?: number[]; latencyUs?: number[]; status?: MetricStatus }>): MetricSeries[] {
  return plan.queries.map((query) => {
    const ref = plan.byId.get(query.id)!;
    const entry = data[ref.endpoint] ?? {};
    const values = ref.metric === 'errors' ? (entry.errors ?? []) : ref.metric === 'invocations' ? (entry.invocations ?? []) : (entry.latencyUs ?? []);
    return { id: query.id, timestamps: values.map((_, i) => T0 + i * 60_000), values, status: entry.status ?? 'Complete' };
  });
}

function find(observations: Observation[], key: string): Observation {
  const found = observations.find((observation) => observation.key === key);
  if (!found) throw new Error(`no observation ${key}`);
  return found;
}

function measured(observation: Observation): MeasuredObservation {
  if (observation.unknown) throw new Error(`${observation.key} is unknown: ${observation.reason}`);
  return observation;
}

describe('healthQueries', () => {
  it('asks three queries per endpoint: 5xx sum, invocations sum and p99 ModelLatency, by endpoint and variant', () => {
    const plan = healthQueries(['churn-prod', { endpoint: 'fraud-prod', variant: 'blue' }], { window: WINDOW });
    expect(plan.queries).toHaveLength(6);
    expect(plan.queries.map((query) => [query.metricName, query.stat])).toEqual([
      ['Invocation5XXErrors', 'Sum'],
      ['Invocations', 'Sum'],
      ['ModelLatency', 'p99'],
      ['Invocation5XXErrors', 'Sum'],
      ['Invocations', 'Sum'],
      ['ModelLatency', 'p99'],
    ]);
    expect(plan.queries[0]).toMatchObject({ namespace: 'AWS/SageMaker', dimensions: { EndpointName: 'churn-prod', VariantName: 'AllTraffic' }, periodSeconds: 300 });
    expect(plan.queries[3]!.dimensions).toEqual({ EndpointName: 'fraud-prod', VariantName: 'blue' });
    expect(plan.byId.get(plan.queries[5]!.id)).toEqual({ endpoint: 'fraud-prod', variant: 'blue', metric: 'latency' });
  });

  it('turns 1,000 endpoints into 3,000 queries with unique valid ids, in six calls of 500', () => {
    const endpoints = Array.from({ length: 1_000 }, (_, i) => `Endpoint-${i}-With.Odd_Chars`);
    const plan = healthQueries(endpoints, { window: WINDOW, periodSeconds: 60 });
    expect(plan.queries).toHaveLength(3_000);
    const ids = plan.queries.map((query) => query.id);
    expect(new Set(ids).size).toBe(3_000);
    for (const id of ids) expect(id).toMatch(METRIC_QUERY_ID);
    expect(plan.byId.size).toBe(3_000);
    const batches = batchQueries(plan.queries);
    expect(batches.map((batch) => batch.length)).toEqual([500, 500, 500, 500, 500, 500]);
    expect(GET_METRIC_DATA_MAX_QUERIES).toBe(500);
    expect(new Set(plan.queries.map((query) => plan.byId.get(query.id)!.endpoint)).size).toBe(1_000);
  });

  it('asks once for an endpoint listed twice', () => {
    expect(healthQueries(['a', 'a', { endpoint: 'a' }], { window: WINDOW }).queries).toHaveLength(3);
  });
});

describe('periodFor', () => {
  it('gives whole minutes of at least 60 s, capped', () => {
    expect(periodFor(5 * 60_000)).toBe(300);
    expect(periodFor(90_000)).toBe(60);
    expect(periodFor(10_000)).toBe(60);
    expect(periodFor(7 * 86_400_000, 86_400)).toBe(86_400);
  });
});

describe('healthObservations', () => {
  const plan = healthQueries(['churn-prod'], { window: WINDOW, periodSeconds: 60 });

  it('computes the error rate as 5xx over invocations across the window', () => {
    const observations = healthObservations(plan, results(plan, { 'churn-prod': { errors: [3, 2], invocations: [100, 150], latencyUs: [120_000] } }), thresholds);
    const error = measured(find(observations, 'health:churn-prod:error-rate'));
    expect(error.breached).toBe(true);
    expect(error.details).toEqual({ kind: 'error-rate', endpoint: 'churn-prod', errorRate: 0.02, errors: 5, invocations: 250, threshold: 0.01, windowMs: WINDOW });
    expect(error.severity).toBe('warning');
  });

  it('calls it critical at five times the threshold', () => {
    const observations = healthObservations(plan, results(plan, { 'churn-prod': { errors: [10], invocations: [100] } }), thresholds);
    expect(measured(find(observations, 'health:churn-prod:error-rate')).severity).toBe('critical');
  });

  it('does not breach the error rate without invocations', () => {
    const observations = healthObservations(plan, results(plan, { 'churn-prod': { errors: [], invocations: [] } }), thresholds);
    expect(measured(find(observations, 'health:churn-prod:error-rate'))).toMatchObject({ breached: false, details: { errorRate: 0, invocations: 0 } });
  });

  it('reads ModelLatency in microseconds and compares the p99 in ms', () => {
    const slow = healthObservations(plan, results(plan, { 'churn-prod': { invocations: [10], latencyUs: [400_000, 812_000] } }), thresholds);
    expect(measured(find(slow, 'health:churn-prod:p99-latency'))).toMatchObject({ breached: true, severity: 'warning', details: { p99Ms: 812, thresholdMs: 500 } });
    const fast = healthObservations(plan, results(plan, { 'churn-prod': { invocations: [10], latencyUs: [499_000] } }), thresholds);
    expect(measured(find(fast, 'health:churn-prod:p99-latency')).breached).toBe(false);
  });

  it('treats no latency data as clear', () => {
    const observations = healthObservations(plan, results(plan, {}), thresholds);
    const latency = measured(find(observations, 'health:churn-prod:p99-latency'));
    expect(latency.breached).toBe(false);
    expect(latency.details).not.toHaveProperty('p99Ms');
  });

  it('is unknown when a result is missing, failed or partial', () => {
    expect(healthObservations(plan, [], thresholds).every((observation) => observation.unknown)).toBe(true);
    for (const status of ['InternalError', 'Forbidden', 'PartialData'] as const) {
      const observations = healthObservations(plan, results(plan, { 'churn-prod': { errors: [50], invocations: [100], latencyUs: [900_000], status } }), thresholds);
      expect(observations.map((observation) => observation.unknown)).toEqual([true, true]);
    }
  });

  it('ignores results for ids it did not ask for', () => {
    const observations = healthObservations(plan, [...results(plan, {}), { id: 'e99_err', timestamps: [T0], values: [1e6], status: 'Complete' }], thresholds);
    expect(observations).toHaveLength(2);
  });
});

describe('a flapping p99 latency through the health watcher rules', () => {
  it('does not alert every tick, and opens once when it stays high', () => {
    const plan = healthQueries(['churn-prod'], { window: WINDOW });
    const rules = rulesFor('health', 3);
    let state: AlertState | undefined;
    const posted: string[] = [];
    const tick = (latencyUs: number, i: number) => {
      const observation = find(healthObservations(plan, results(plan, { 'churn-prod': { invocations: [100], latencyUs: [latencyUs] } }), thresholds), 'health:churn-prod:p99-latency');
      const decision = decide(state, observation, rules, T0 + i * 60_000);
      if (decision.next) state = decision.next;
      if (decision.notify) posted.push(`${i}:${decision.action}`);
    };
    for (let i = 0; i < 20; i++) tick(i % 2 === 0 ? 900_000 : 100_000, i);
    expect(posted).toEqual([]);
    for (let i = 20; i < 30; i++) tick(900_000, i);
    expect(posted).toEqual(['22:open']);
  });
});
