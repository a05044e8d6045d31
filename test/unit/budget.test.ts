import { describe, expect, it } from 'vitest';
import { decide, rulesFor, type AlertState, type MeasuredObservation } from '../../src/domain/alerts.ts';
import { budgetCondition, budgetObservations, endpointCosts, hourlyUsd, trainingCosts } from '../../src/domain/budget.ts';
import { pricePerHour } from '../../src/domain/cost.ts';
import type { BudgetView } from '../../src/domain/monitoring.ts';
import type { TrainingJobView } from '../../src/domain/training.ts';

const HOUR = 3_600_000;
const MARCH = Date.parse('2026-03-01T00:00:00Z');
const APRIL = Date.parse('2026-04-01T00:00:00Z');
const MAY = Date.parse('2026-05-01T00:00:00Z');
const THRESHOLDS = [50, 80, 100];

function budget(actualUsd: number, forecastUsd?: number, period: 'march' | 'april' = 'march'): BudgetView {
  return {
    name: 'ml-monthly',
    limitUsd: 1_000,
    actualUsd,
    ...(forecastUsd !== undefined ? { forecastUsd } : {}),
    timeUnit: 'MONTHLY',
    periodStart: period === 'march' ? MARCH : APRIL,
    periodEnd: period === 'march' ? APRIL : MAY,
  };
}

/** A cost watcher over a list of budget readings: what it posted (notify), as `action key`. */
function watch(readings: readonly BudgetView[]): { posted: string[]; states: Map<string, AlertState> } {
  const states = new Map<string, AlertState>();
  const posted: string[] = [];
  readings.forEach((reading, i) => {
    const now = reading.periodStart + (i + 1) * HOUR;
    for (const observation of budgetObservations(reading, THRESHOLDS, states.values())) {
      const decision = decide(states.get(observation.key), observation, rulesFor('cost'), now);
      if (decision.next) states.set(observation.key, decision.next);
      if (decision.notify) posted.push(`${decision.action} ${observation.key}`);
    }
  });
  return { posted, states };
}

describe('budgetObservations', () => {
  it('gives one observation per threshold, keyed by threshold and period start', () => {
    const observations = budgetObservations(budget(600, 900), THRESHOLDS, []);
    expect(observations.map((observation) => observation.key)).toEqual(['cost:ml-monthly:50pct@2026-03-01', 'cost:ml-monthly:80pct@2026-03-01', 'cost:ml-monthly:100pct@2026-03-01']);
    expect(observations.map((observation) => (observation as MeasuredObservation).breached)).toEqual([true, true, false]);
    expect(budgetCondition(80, MARCH)).toBe('80pct@2026-03-01');
  });

  it('says which of actual and forecast crossed, with both against the limit', () => {
    const [, eighty] = budgetObservations(budget(600, 900), THRESHOLDS, []) as MeasuredObservation[];
    expect(eighty).toMatchObject({
      title: 'Budget ml-monthly forecast to pass 80%',
      severity: 'warning',
      period: { start: MARCH, end: APRIL },
      details: { kind: 'budget', budget: 'ml-monthly', thresholdPercent: 80, crossed: ['forecast'], actualUsd: 600, forecastUsd: 900, limitUsd: 1_000, periodStart: MARCH, periodEnd: APRIL },
    });
  });

  it('is unknown for a budget without a positive limit', () => {
    expect(budgetObservations({ ...budget(10), limitUsd: 0 }, THRESHOLDS, []).every((observation) => observation.unknown)).toBe(true);
  });
});

describe('the cost watcher rules', () => {
  it('posts each threshold once per period, by forecast first, and updates when actual catches up', () => {
    const { posted } = watch([budget(100, 400), budget(300, 600), budget(520, 850), budget(540, 820), budget(560, 760), budget(820, 1_050), budget(900, 1_100)]);
    expect(posted).toEqual([
      'open cost:ml-monthly:50pct@2026-03-01',
      'update cost:ml-monthly:50pct@2026-03-01',
      'open cost:ml-monthly:80pct@2026-03-01',
      'update cost:ml-monthly:80pct@2026-03-01',
      'open cost:ml-monthly:100pct@2026-03-01',
    ]);
  });

  it('does not post again when the forecast dips below a threshold and comes back', () => {
    const { posted, states } = watch([budget(300, 850), budget(310, 700), budget(320, 860)]);
    expect(posted.filter((line) => line.includes('80pct'))).toEqual(['open cost:ml-monthly:80pct@2026-03-01']);
    expect(states.get('cost:ml-monthly:80pct@2026-03-01')!.status).toBe('open');
  });

  it('posts again in the next period, and resolves the last period’s alerts', () => {
    const { posted } = watch([budget(600, 900), budget(950, 1_000), budget(550, 900, 'april')]);
    expect(posted).toEqual([
      'open cost:ml-monthly:50pct@2026-03-01',
      'open cost:ml-monthly:80pct@2026-03-01',
      'update cost:ml-monthly:80pct@2026-03-01',
      'open cost:ml-monthly:100pct@2026-03-01',
      'open cost:ml-monthly:50pct@2026-04-01',
      'open cost:ml-monthly:80pct@2026-04-01',
      'resolve cost:ml-monthly:50pct@2026-03-01',
      'resolve cost:ml-monthly:80pct@2026-03-01',
      'resolve cost:ml-monthly:100pct@2026-03-01',
    ]);
  });

  it('calls actual spend over the whole limit critical', () => {
    const observations = budgetObservations(budget(1_010, 1_200), THRESHOLDS, []) as MeasuredObservation[];
    expect(observations.map((observation) => observation.severity)).toEqual(['info', 'warning', 'critical']);
    expect(observations[2]!.title).toBe('Budget ml-monthly passed 100%');
  });
});

describe('running costs', () => {
  const NOW = MARCH + 10 * 24 * HOUR;

  it('prices a set of instances per hour, or not at all when one type is unknown', () => {
    expect(hourlyUsd([{ instanceType: 'ml.m5.xlarge', count: 2 }, { instanceType: 'ml.m5.large', count: 1 }])).toBeCloseTo(pricePerHour('ml.m5.xlarge')! * 2 + pricePerHour('ml.m5.large')!);
    expect(hourlyUsd([{ instanceType: 'ml.zz.huge', count: 1 }])).toBeUndefined();
  });

  it('ranks endpoints by cost per hour and counts instance-hours since the period start', () => {
    const rows = endpointCosts(
      [
        { name: 'small', createdAt: MARCH - 30 * 24 * HOUR, instances: [{ instanceType: 'ml.m5.large', count: 1 }] },
        { name: 'big', createdAt: NOW - 5 * HOUR, instances: [{ instanceType: 'ml.g5.2xlarge', count: 2 }] },
        { name: 'odd', createdAt: MARCH, instances: [{ instanceType: 'ml.zz.huge', count: 1 }] },
      ],
      {},
      { since: MARCH, now: NOW },
    );
    expect(rows.map((row) => row.endpoint)).toEqual(['big', 'small', 'odd']);
    expect(rows[0]).toMatchObject({ instanceHours: 10, hourlyUsd: pricePerHour('ml.g5.2xlarge')! * 2 });
    expect(rows[0]!.sinceUsd).toBeCloseTo(pricePerHour('ml.g5.2xlarge')! * 2 * 5);
    expect(rows[1]!.instanceHours).toBe(240);
  });

  it('lists running training jobs only, by cost so far', () => {
    const job = (name: string, status: TrainingJobView['status'], hours: number): TrainingJobView => ({
      name,
      arn: `arn:aws:sagemaker:us-east-1:123456789012:training-job/${name}`,
      status,
      secondaryStatus: 'Training',
      createdAt: NOW - hours * HOUR,
      startedAt: NOW - hours * HOUR,
      instanceType: 'ml.m5.xlarge',
      instanceCount: 2,
      hyperparameters: {},
      metrics: [],
      transitions: [],
    });
    const rows = trainingCosts([job('short', 'InProgress', 1), job('done', 'Completed', 9), job('long', 'InProgress', 3)], {}, NOW);
    expect(rows.map((row) => row.job)).toEqual(['long', 'short']);
    expect(rows[0]!.soFarUsd).toBeCloseTo(pricePerHour('ml.m5.xlarge')! * 2 * 3);
  });
});
