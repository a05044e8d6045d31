import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BudgetsGateway } from '../../src/aws/budgets-gateway.ts';
import { createBudgetsClient, createCloudWatchClient, createSageMakerClient } from '../../src/aws/clients.ts';
import { CloudWatchGateway } from '../../src/aws/cloudwatch-gateway.ts';
import { MonitoringGateway } from '../../src/aws/monitoring-gateway.ts';
import type { MetricQuery } from '../../src/domain/monitoring.ts';
import { AwsError, NotFoundError } from '../../src/errors.ts';
import { seedEndpoints, SimClock, startAwsEmulator, type AwsEmulator } from '../../src/sandbox/aws-emulator/index.ts';
import { failure } from '../helpers/failure.ts';

// Mid-April (30 days): 15 days of the month have passed.
const T0 = Date.parse('2026-04-16T00:00:00Z');
const MINUTE = 60_000;
const HOUR = 3_600_000;
const ACCOUNT = '123456789012';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

let emulator: AwsEmulator;
let metrics: CloudWatchGateway;
let budgets: BudgetsGateway;
let monitoring: MonitoringGateway;
let destroy: () => void;

beforeEach(async () => {
  emulator = await startAwsEmulator({ clock: new SimClock({ start: T0 }) });
  const options = { region: 'eu-west-1', endpoint: emulator.url, credentials };
  const cloudwatchClient = createCloudWatchClient(options);
  const budgetsClient = createBudgetsClient(options);
  const sagemakerClient = createSageMakerClient(options);
  destroy = () => {
    cloudwatchClient.destroy();
    budgetsClient.destroy();
    sagemakerClient.destroy();
  };
  metrics = new CloudWatchGateway(cloudwatchClient);
  budgets = new BudgetsGateway(budgetsClient, emulator.clock);
  monitoring = new MonitoringGateway(sagemakerClient);
});

afterEach(async () => {
  destroy();
  await emulator.close();
});


const endpointQuery = (id: string, endpoint: string, metricName: string, stat: string, periodSeconds = 300): MetricQuery => ({
  id,
  namespace: 'AWS/SageMaker',
  metricName,
  dimensions: { EndpointName: endpoint, VariantName: 'AllTraffic' },
  stat,
  periodSeconds,
});

/** The three health queries per endpoint the health watcher makes. */
const healthQueries = (endpoints: string[]): MetricQuery[] =>
  endpoints.flatMap((endpoint, i) => [
    endpointQuery(`inv_${i}`, endpoint, 'Invocations', 'Sum'),
    endpointQuery(`err_${i}`, endpoint, 'Invocation5XXErrors', 'Sum'),
    endpointQuery(`p99_${i}`, endpoint, 'ModelLatency', 'p99'),
  ]);

describe('CloudWatchGateway', () => {
  describe('getMetricData', () => {
    it('sends 1,200 queries in exactly 3 GetMetricData calls of at most 500', async () => {
      const endpoints = seedEndpoints(emulator, 400);
      const series = await metrics.getMetricData(healthQueries(endpoints), { start: T0 - 15 * MINUTE, end: T0 });
      const calls = emulator.callsOf('GetMetricData');
      expect(calls).toHaveLength(3);
      expect(calls.map((c) => (c.input['MetricDataQueries'] as unknown[]).length).sort()).toEqual([200, 500, 500]);
      expect(series).toHaveLength(1200);
      expect(series.map((s) => s.id)).toEqual(healthQueries(endpoints).map((q) => q.id));
      for (const s of series) {
        expect(s.status).toBe('Complete');
        expect(s.timestamps).toEqual([T0 - 15 * MINUTE, T0 - 10 * MINUTE, T0 - 5 * MINUTE]);
      }
    });

    it('makes no call for no queries', async () => {
      expect(await metrics.getMetricData([], { start: T0 - HOUR, end: T0 })).toEqual([]);
      expect(emulator.callsOf('GetMetricData')).toHaveLength(0);
    });

    it('follows NextToken when a call’s datapoints exceed CloudWatch’s 100,800, merging each query’s points oldest first', async () => {
      const endpoints = seedEndpoints(emulator, 500);
      // 500 queries × 240 one-minute datapoints = 120,000 datapoints.
      const queries = endpoints.map((e, i) => endpointQuery(`q${i}`, e, 'Invocations', 'Sum', 60));
      const series = await metrics.getMetricData(queries, { start: T0 - 4 * HOUR, end: T0 });
      expect(emulator.callsOf('GetMetricData')).toHaveLength(2);
      for (const s of series) {
        expect(s.status).toBe('Complete');
        expect(s.timestamps).toHaveLength(240);
        expect(s.timestamps[0]).toBe(T0 - 4 * HOUR);
        expect(s.timestamps[239]).toBe(T0 - MINUTE);
      }
    });

    it('merges a query split across several pages back into one series', async () => {
      seedEndpoints(emulator, 1);
      emulator.scenarios.metric({ namespace: 'AWS/SageMaker', metricName: 'Invocations', dimensions: { EndpointName: 'seeded-0001', VariantName: 'AllTraffic' }, from: T0 - 10 * MINUTE, fn: (t) => (t - T0) / MINUTE });
      const [series] = await metrics.getMetricData([endpointQuery('inv', 'seeded-0001', 'Invocations', 'Sum', 60)], { start: T0 - 10 * MINUTE, end: T0, maxDatapoints: 3 });
      expect(emulator.callsOf('GetMetricData')).toHaveLength(4);
      expect(series).toEqual({ id: 'inv', status: 'Complete', timestamps: Array.from({ length: 10 }, (_, i) => T0 - (10 - i) * MINUTE), values: [-10, -9, -8, -7, -6, -5, -4, -3, -2, -1] });
    });

    it('keeps each query’s own status, so a query CloudWatch could not answer is not mistaken for "no data"', async () => {
      seedEndpoints(emulator, 2);
      emulator.scenarios.queryFailure({ dimensions: { EndpointName: 'seeded-0002' }, message: 'Metric data is temporarily unavailable.' });
      const [ok, broken] = await metrics.getMetricData([endpointQuery('ok', 'seeded-0001', 'Invocations', 'Sum'), endpointQuery('broken', 'seeded-0002', 'Invocations', 'Sum')], { start: T0 - 10 * MINUTE, end: T0 });
      expect(ok?.status).toBe('Complete');
      expect(broken).toEqual({ id: 'broken', status: 'InternalError', timestamps: [], values: [], messages: ['InternalError: Metric data is temporarily unavailable.'] });
    });

    it('surfaces throttling as a retryable AwsError', async () => {
      emulator.faults.inject({ operation: 'GetMetricData', error: 'Throttling', times: 5 });
      const error = await failure(metrics.getMetricData([endpointQuery('q', 'any', 'Invocations', 'Sum')], { start: T0 - HOUR, end: T0 }));
      expect(error).toBeInstanceOf(AwsError);
      expect(error).toMatchObject({ operation: 'GetMetricData', awsCode: 'Throttling', retryable: true });
    });

    it('surfaces a request CloudWatch refuses as an AwsError that is not retryable', async () => {
      const error = await failure(metrics.getMetricData([endpointQuery('q', 'any', 'Invocations', 'Median')], { start: T0 - HOUR, end: T0 }));
      expect(error).toMatchObject({ awsCode: 'ValidationException', retryable: false });
    });

    it('refuses query ids CloudWatch would reject before calling it', async () => {
      await expect(metrics.getMetricData([endpointQuery('Bad-Id', 'x', 'Invocations', 'Sum')], { start: T0 - HOUR, end: T0 })).rejects.toThrow(RangeError);
      const twice = [endpointQuery('q', 'x', 'Invocations', 'Sum'), endpointQuery('q', 'y', 'Invocations', 'Sum')];
      await expect(metrics.getMetricData(twice, { start: T0 - HOUR, end: T0 })).rejects.toThrow(/used twice/);
      expect(emulator.callsOf('GetMetricData')).toHaveLength(0);
    });
  });

  describe('listMetrics', () => {
    it('follows every page and filters on dimensions', async () => {
      seedEndpoints(emulator, 120);
      expect(await metrics.listMetrics({ namespace: 'AWS/SageMaker' })).toHaveLength(600);
      expect(emulator.callsOf('ListMetrics')).toHaveLength(2);
      expect(await metrics.listMetrics({ namespace: 'AWS/SageMaker', metricName: 'Invocations', dimensions: { EndpointName: undefined } })).toHaveLength(120);
      expect(await metrics.listMetrics({ namespace: 'AWS/SageMaker', dimensions: { EndpointName: 'seeded-0042' } })).toContainEqual({
        namespace: 'AWS/SageMaker',
        metricName: 'ModelLatency',
        dimensions: { EndpointName: 'seeded-0042', VariantName: 'AllTraffic' },
      });
    });
  });
});

describe('BudgetsGateway', () => {
  it('parses the amounts Budgets sends as strings, with the forecast and the current calendar month', async () => {
    emulator.scenarios.budget({ name: 'ml-monthly', limitUsd: 1234.5, spendPerDay: 12.34 });
    expect(await budgets.describeBudget(ACCOUNT, 'ml-monthly')).toEqual({
      name: 'ml-monthly',
      limitUsd: 1234.5,
      actualUsd: 185.1,
      forecastUsd: 370.2,
      timeUnit: 'MONTHLY',
      periodStart: Date.parse('2026-04-01T00:00:00Z'),
      periodEnd: Date.parse('2026-05-01T00:00:00Z'),
    });
  });

  it('sees the forecast cross the limit when spend jumps', async () => {
    emulator.scenarios.budget({ name: 'ml-monthly', limitUsd: 1000, spendPerDay: 10 });
    emulator.scenarios.spendJump({ name: 'ml-monthly', toPercent: 80 });
    const view = await budgets.describeBudget(ACCOUNT, 'ml-monthly');
    expect(view.actualUsd).toBe(800);
    expect(view.forecastUsd).toBe(1600);
  });

  it('lists every budget of the account, and none as an empty list', async () => {
    expect(await budgets.describeBudgets(ACCOUNT)).toEqual([]);
    emulator.scenarios.budget({ name: 'ml-monthly', limitUsd: 1000, spendPerDay: 10 });
    emulator.scenarios.budget({ name: 'ml-daily', limitUsd: 50, timeUnit: 'DAILY', spendPerDay: 24 });
    const views = await budgets.describeBudgets(ACCOUNT);
    expect(views.map((v) => [v.name, v.timeUnit, v.limitUsd])).toEqual([
      ['ml-daily', 'DAILY', 50],
      ['ml-monthly', 'MONTHLY', 1000],
    ]);
    expect(views[0]?.periodEnd).toBe(T0 + 24 * HOUR);
  });

  it('throws NotFoundError for a budget that does not exist', async () => {
    expect(await failure(budgets.describeBudget(ACCOUNT, 'nope'))).toBeInstanceOf(NotFoundError);
    expect(await failure(budgets.performanceHistory(ACCOUNT, 'nope'))).toBeInstanceOf(NotFoundError);
  });

  it('returns the last periods of the performance history, oldest first', async () => {
    emulator.scenarios.budget({ name: 'ml-monthly', limitUsd: 1000, spendPerDay: 10 });
    expect(await budgets.performanceHistory(ACCOUNT, 'ml-monthly', { periods: 3 })).toEqual([
      { periodStart: Date.parse('2026-02-01T00:00:00Z'), periodEnd: Date.parse('2026-03-01T00:00:00Z'), budgetedUsd: 1000, actualUsd: 280 },
      { periodStart: Date.parse('2026-03-01T00:00:00Z'), periodEnd: Date.parse('2026-04-01T00:00:00Z'), budgetedUsd: 1000, actualUsd: 310 },
      { periodStart: Date.parse('2026-04-01T00:00:00Z'), periodEnd: Date.parse('2026-05-01T00:00:00Z'), budgetedUsd: 1000, actualUsd: 150 },
    ]);
  });

  it('surfaces Budgets throttling as a retryable AwsError', async () => {
    emulator.scenarios.budget({ name: 'ml-monthly', limitUsd: 1000, spendPerDay: 10 });
    emulator.faults.inject({ operation: 'DescribeBudget', error: 'ThrottlingException', times: 1 });
    expect(await failure(budgets.describeBudget(ACCOUNT, 'ml-monthly'))).toMatchObject({ operation: 'DescribeBudget', awsCode: 'ThrottlingException', retryable: true });
  });
});

describe('MonitoringGateway', () => {
  beforeEach(() => {
    seedEndpoints(emulator, 2);
    emulator.scenarios.monitoring({ endpoint: 'seeded-0001', schedule: 'churn-drift' });
    emulator.scenarios.monitoring({ endpoint: 'seeded-0002', schedule: 'fraud-drift' });
  });

  it('lists the schedules with their last execution', async () => {
    expect(await monitoring.listSchedules()).toEqual([
      { name: 'churn-drift', endpoint: 'seeded-0001', status: 'Scheduled', type: 'DataQuality' },
      { name: 'fraud-drift', endpoint: 'seeded-0002', status: 'Scheduled', type: 'DataQuality' },
    ]);
    emulator.clock.advance(HOUR + 30 * MINUTE);
    const [churn] = await monitoring.listSchedules({ endpoint: 'seeded-0001' });
    expect(churn?.lastExecution).toEqual({
      schedule: 'churn-drift',
      endpoint: 'seeded-0001',
      status: 'Completed',
      scheduledAt: T0 + HOUR,
      createdAt: T0 + HOUR,
      lastModifiedAt: T0 + HOUR + 10 * MINUTE,
    });
  });

  it('sees the latest execution flip to CompletedWithViolations under drift, and back once the drift ends', async () => {
    expect(await monitoring.latestExecution('churn-drift')).toBeUndefined();
    const drift = emulator.scenarios.drift({ endpoint: 'seeded-0001', feature: 'tenure', value: 0.35 });
    emulator.clock.advance(HOUR + 15 * MINUTE);
    expect((await monitoring.latestExecution('churn-drift'))?.status).toBe('CompletedWithViolations');
    expect((await monitoring.latestExecution('fraud-drift'))?.status).toBe('Completed');
    emulator.scenarios.end(drift);
    emulator.clock.advance(HOUR);
    expect((await monitoring.latestExecution('churn-drift'))?.status).toBe('Completed');
  });

  it('can skip an execution still running to read the last finished one', async () => {
    emulator.clock.advance(2 * HOUR + 5 * MINUTE);
    expect((await monitoring.latestExecution('churn-drift'))?.status).toBe('InProgress');
    expect(await monitoring.latestExecution('churn-drift', { finished: true })).toMatchObject({ status: 'Completed', scheduledAt: T0 + HOUR });
  });

  it('lists executions newest first, since a time', async () => {
    emulator.clock.advance(5 * HOUR + 30 * MINUTE);
    const executions = await monitoring.listExecutions('churn-drift', { since: T0 + 2 * HOUR });
    expect(executions.map((e) => e.scheduledAt)).toEqual([T0 + 5 * HOUR, T0 + 4 * HOUR, T0 + 3 * HOUR]);
  });
});
