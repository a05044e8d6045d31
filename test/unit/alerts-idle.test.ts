import { describe, expect, it } from 'vitest';
import { decide, rulesFor, type AlertState, type Observation } from '../../src/domain/alerts.ts';
import { pricePerHour } from '../../src/domain/cost.ts';
import { METRIC_QUERY_ID } from '../../src/domain/health.ts';
import { idleObservations, idleQueries, idleSeriesByEndpoint, isIdle, type IdleInput } from '../../src/domain/idle.ts';
import type { MetricSeries } from '../../src/domain/monitoring.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-10T09:00:00Z');
const OLD = NOW - 30 * DAY;

function series(values: number[], status: MetricSeries['status'] = 'Complete'): MetricSeries {
  return { id: 'i0', timestamps: values.map((_, i) => NOW - (values.length - i) * DAY), values, status };
}

function input(overrides: Partial<IdleInput> = {}): IdleInput {
  return { endpoint: 'churn-staging', createdAt: OLD, series: series([]), instances: [{ instanceType: 'ml.m5.xlarge', count: 2 }], ...overrides };
}

describe('idleQueries', () => {
  it('asks one daily Invocations sum per endpoint over the idle days, with valid ids', () => {
    const plan = idleQueries(['a', { endpoint: 'b', variant: 'blue' }], { idleDays: 7 });
    expect(plan.queries).toHaveLength(2);
    expect(plan.queries[1]).toMatchObject({ metricName: 'Invocations', stat: 'Sum', periodSeconds: 86_400, dimensions: { EndpointName: 'b', VariantName: 'blue' } });
    expect(plan.windowMs).toBe(7 * DAY);
    for (const query of plan.queries) expect(query.id).toMatch(METRIC_QUERY_ID);
    const byEndpoint = idleSeriesByEndpoint(plan, [{ ...series([3]), id: plan.queries[1]!.id }]);
    expect(byEndpoint.get('b')?.values).toEqual([3]);
  });
});

describe('isIdle', () => {
  it('is true with no invocations (or no datapoints) for the idle days', () => {
    expect(isIdle(series([0, 0, 0]), OLD, 7, NOW)).toBe(true);
    expect(isIdle(series([]), OLD, 7, NOW)).toBe(true);
  });

  it('is false with any traffic, or for an endpoint younger than the idle days', () => {
    expect(isIdle(series([0, 1, 0]), OLD, 7, NOW)).toBe(false);
    expect(isIdle(series([]), NOW - 2 * DAY, 7, NOW)).toBe(false);
  });

  it('does not know when the data could not be read', () => {
    expect(isIdle(undefined, OLD, 7, NOW)).toBeUndefined();
    expect(isIdle(series([], 'InternalError'), OLD, 7, NOW)).toBeUndefined();
  });
});

describe('idleObservations', () => {
  it('reports an idle endpoint with its hourly cost: price per instance-hour × instance count', () => {
    const [observation] = idleObservations([input()], { idleDays: 7 }, NOW);
    expect(observation).toMatchObject({
      key: 'idle:churn-staging:idle',
      breached: true,
      details: { kind: 'idle', endpoint: 'churn-staging', idleDays: 7, invocations: 0, hourlyUsd: pricePerHour('ml.m5.xlarge')! * 2 },
    });
  });

  it('uses the team’s prices and leaves the cost out for an unknown instance type', () => {
    const [priced] = idleObservations([input()], { idleDays: 7, prices: { 'ml.m5.xlarge': 1 } }, NOW);
    expect(priced).toMatchObject({ details: { hourlyUsd: 2 } });
    const [unpriced] = idleObservations([input({ instances: [{ instanceType: 'ml.zz.huge', count: 1 }] })], { idleDays: 7 }, NOW);
    expect(unpriced).toMatchObject({ breached: true });
    expect((unpriced as Extract<Observation, { breached: boolean }>).details).not.toHaveProperty('hourlyUsd');
  });

  it('is unknown when the invocations could not be read', () => {
    const [observation] = idleObservations([input({ series: series([], 'InternalError') })], { idleDays: 7 }, NOW);
    expect(observation!.unknown).toBe(true);
  });

  it('is reported once however many ticks it stays idle, and resolves when traffic returns', () => {
    let state: AlertState | undefined;
    const posted: string[] = [];
    const tick = (values: number[], i: number) => {
      const [observation] = idleObservations([input({ series: series(values) })], { idleDays: 7 }, NOW + i * 3_600_000);
      const decision = decide(state, observation!, rulesFor('idle'), NOW + i * 3_600_000);
      if (decision.next) state = decision.next;
      if (decision.notify) posted.push(decision.action);
    };
    for (let i = 0; i < 48; i++) tick([0, 0, 0, 0, 0, 0, 0], i);
    // A tick that could not describe the instances does not count as a change either.
    const [bare] = idleObservations([input({ instances: undefined })], { idleDays: 7 }, NOW + 49 * 3_600_000);
    const decision = decide(state, bare!, rulesFor('idle'), NOW + 49 * 3_600_000);
    expect(decision.notify).toBe(false);
    tick([0, 0, 0, 0, 0, 0, 12], 50);
    expect(posted).toEqual(['open', 'resolve']);
  });
});
