import { describe, expect, it } from 'vitest';
import { decide, rulesFor, type AlertState, type Observation } from '../../src/domain/alerts.ts';
import { driftMetricsFor, driftObservation, driftQueries, driftSeriesBySchedule, featureOf, violatingSince, type DriftSettings } from '../../src/domain/drift.ts';
import { METRIC_QUERY_ID } from '../../src/domain/health.ts';
import type { MetricIdentity, MetricSeries, MonitoringExecutionStatus, MonitoringExecutionView, MonitoringScheduleView } from '../../src/domain/monitoring.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-03-01T09:00:00Z');
const settings: DriftSettings = { namespace: 'aws/sagemaker/Endpoints/data-metrics', endpointDimension: 'Endpoint', scheduleDimension: 'MonitoringSchedule', threshold: 0.1, chartDays: 7 };

function execution(status: MonitoringExecutionStatus, scheduledAt: number, failureReason?: string): MonitoringExecutionView {
  return { schedule: 'churn-dq', endpoint: 'churn-prod', status, scheduledAt, createdAt: scheduledAt, lastModifiedAt: scheduledAt + 600_000, ...(failureReason ? { failureReason } : {}) };
}

function schedule(last?: MonitoringExecutionView): MonitoringScheduleView {
  return { name: 'churn-dq', endpoint: 'churn-prod', status: 'Scheduled', ...(last ? { lastExecution: last } : {}) };
}

function metric(feature: string, dimensions: Record<string, string> = { Endpoint: 'churn-prod', MonitoringSchedule: 'churn-dq' }, namespace = settings.namespace): MetricIdentity {
  return { namespace, metricName: `feature_baseline_drift_${feature}`, dimensions };
}

function series(values: number[], status: MetricSeries['status'] = 'Complete'): MetricSeries {
  return { id: 'x', timestamps: values.map((_, i) => T0 - (values.length - i) * HOUR), values, status };
}

function drifts(byFeature: Record<string, number[]>): Map<string, MetricSeries> {
  return new Map(Object.entries(byFeature).map(([feature, values]) => [feature, series(values)]));
}

describe('featureOf and driftMetricsFor', () => {
  it('find the drift metrics of one schedule among ListMetrics results', () => {
    expect(featureOf('feature_baseline_drift_age')).toBe('age');
    expect(featureOf('feature_baseline_drift_')).toBeUndefined();
    expect(featureOf('Invocations')).toBeUndefined();
    const metrics = [
      metric('age'),
      metric('income'),
      metric('age', { Endpoint: 'fraud-prod', MonitoringSchedule: 'fraud-dq' }),
      metric('age', { Endpoint: 'churn-prod', MonitoringSchedule: 'churn-dq' }, 'elsewhere'),
      { namespace: settings.namespace, metricName: 'missing_column_check', dimensions: { Endpoint: 'churn-prod', MonitoringSchedule: 'churn-dq' } },
    ];
    expect(driftMetricsFor(schedule(), metrics, settings).map((m) => m.metricName)).toEqual(['feature_baseline_drift_age', 'feature_baseline_drift_income']);
  });
});

describe('driftQueries', () => {
  it('asks hourly maxima over the chart days, one valid id per metric, and maps them back', () => {
    const plan = driftQueries([{ schedule: schedule(), metrics: [metric('age'), metric('income')] }], settings);
    expect(plan.windowMs).toBe(7 * 24 * HOUR);
    expect(plan.queries).toHaveLength(2);
    expect(plan.queries[0]).toMatchObject({ namespace: settings.namespace, metricName: 'feature_baseline_drift_age', stat: 'Maximum', periodSeconds: 3_600, dimensions: { Endpoint: 'churn-prod', MonitoringSchedule: 'churn-dq' } });
    for (const query of plan.queries) expect(query.id).toMatch(METRIC_QUERY_ID);
    const grouped = driftSeriesBySchedule(plan, plan.queries.map((query, i) => ({ ...series([i]), id: query.id })));
    expect([...grouped.get('churn-dq')!.keys()]).toEqual(['age', 'income']);
  });
});

describe('violatingSince', () => {
  it('is the first execution of the unbroken run of violations, skipping failed and running ones', () => {
    const executions = [
      execution('Completed', T0 - 5 * HOUR),
      execution('CompletedWithViolations', T0 - 4 * HOUR),
      execution('Failed', T0 - 3 * HOUR),
      execution('CompletedWithViolations', T0 - 2 * HOUR),
      execution('CompletedWithViolations', T0 - HOUR),
      execution('InProgress', T0),
    ];
    expect(violatingSince(executions)).toBe(T0 - 4 * HOUR);
    expect(violatingSince([...executions, execution('Completed', T0 + HOUR)])).toBeUndefined();
    expect(violatingSince([])).toBeUndefined();
  });
});

describe('driftObservation', () => {
  it('names the drifting features, largest first, with their value and the threshold', () => {
    const observation = driftObservation(
      { schedule: schedule(execution('CompletedWithViolations', T0)), since: T0 - 3 * HOUR, series: drifts({ age: [0.05, 0.31], income: [0.2, 0.12], tenure: [0.4, 0.02] }) },
      settings,
    );
    expect(observation).toMatchObject({
      key: 'drift:churn-prod:drift@churn-dq',
      breached: true,
      title: 'Data drift on churn-prod',
      severity: 'critical',
      details: {
        kind: 'drift',
        endpoint: 'churn-prod',
        schedule: 'churn-dq',
        executionStatus: 'CompletedWithViolations',
        executionAt: T0,
        since: T0 - 3 * HOUR,
        features: [
          { name: 'age', value: 0.31, threshold: 0.1 },
          { name: 'income', value: 0.12, threshold: 0.1 },
        ],
      },
    });
  });

  it('is breached with no features when the violations are not drift', () => {
    const observation = driftObservation({ schedule: schedule(execution('CompletedWithViolations', T0)), series: new Map() }, settings);
    expect(observation).toMatchObject({ breached: true, severity: 'warning', details: { features: [], since: T0 } });
  });

  it('is clear when the latest execution is clean', () => {
    expect(driftObservation({ schedule: schedule(execution('Completed', T0)) }, settings)).toMatchObject({ breached: false });
  });

  it('is unknown for a failed, running or missing execution, or unread drift metrics', () => {
    const cases: Observation[] = [
      driftObservation({ schedule: schedule(execution('Failed', T0, 'Algorithm error')) }, settings),
      driftObservation({ schedule: schedule(execution('InProgress', T0)) }, settings),
      driftObservation({ schedule: schedule() }, settings),
      driftObservation({ schedule: schedule(execution('CompletedWithViolations', T0)) }, settings),
      driftObservation({ schedule: schedule(execution('CompletedWithViolations', T0)), series: new Map([['age', series([0.5], 'InternalError')]]) }, settings),
    ];
    expect(cases.map((observation) => observation.unknown)).toEqual([true, true, true, true, true]);
    expect(cases[0]).toMatchObject({ reason: expect.stringContaining('Algorithm error') });
  });
});

describe('drift through the alert rules', () => {
  it('opens one alert, stays quiet on the next ticks, ignores a failed run and resolves when clean', () => {
    let state: AlertState | undefined;
    const events: string[] = [];
    const tick = (last: MonitoringExecutionView, at: number, values: Record<string, number[]> = { age: [0.3] }) => {
      const decision = decide(state, driftObservation({ schedule: schedule(last), series: drifts(values) }, settings), rulesFor('drift'), at);
      if (decision.next) state = decision.next;
      if (decision.notify) events.push(decision.action);
    };
    const violated = execution('CompletedWithViolations', T0);
    for (let i = 0; i < 4; i++) tick(violated, T0 + i * 15 * 60_000);
    tick(execution('Failed', T0 + HOUR), T0 + HOUR + 60_000);
    tick(execution('CompletedWithViolations', T0 + 2 * HOUR), T0 + 2 * HOUR + 60_000, { age: [0.3, 0.28] });
    expect(events).toEqual(['open']);
    tick(execution('CompletedWithViolations', T0 + 3 * HOUR), T0 + 3 * HOUR + 60_000, { age: [0.3], income: [0.2] });
    expect(events).toEqual(['open', 'update']);
    tick(execution('Completed', T0 + 4 * HOUR), T0 + 4 * HOUR + 60_000);
    expect(events).toEqual(['open', 'update', 'resolve']);
    expect(state).toMatchObject({ status: 'resolved', resolvedAt: T0 + 4 * HOUR + 60_000 });
  });
});
