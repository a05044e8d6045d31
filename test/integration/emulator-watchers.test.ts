import { DescribeBudgetCommand, DescribeBudgetPerformanceHistoryCommand, DescribeBudgetsCommand, type BudgetsClient } from '@aws-sdk/client-budgets';
import { GetMetricDataCommand, ListMetricsCommand, type CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { DescribeMonitoringScheduleCommand, ListEndpointsCommand, ListMonitoringExecutionsCommand, ListMonitoringSchedulesCommand, type SageMakerClient } from '@aws-sdk/client-sagemaker';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBudgetsClient, createCloudWatchClient, createSageMakerClient } from '../../src/aws/clients.ts';
import { seedEndpoints, SimClock, startAwsEmulator, type AwsEmulator } from '../../src/sandbox/aws-emulator/index.ts';

// A Thursday in the middle of April (30 days): 15 days of the month have passed.
const T0 = Date.parse('2026-04-16T00:00:00Z');
const MINUTE = 60_000;
const HOUR = 3_600_000;
const ACCOUNT = '123456789012';
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

let emulator: AwsEmulator;
let cloudwatch: CloudWatchClient;
let budgets: BudgetsClient;
let sagemaker: SageMakerClient;

beforeEach(async () => {
  emulator = await startAwsEmulator({ clock: new SimClock({ start: T0 }) });
  const options = { region: 'us-east-1', endpoint: emulator.url, credentials };
  cloudwatch = createCloudWatchClient(options);
  budgets = createBudgetsClient(options);
  sagemaker = createSageMakerClient(options);
});

afterEach(async () => {
  cloudwatch.destroy();
  budgets.destroy();
  sagemaker.destroy();
  await emulator.close();
});

async function rejection(promise: Promise<unknown>): Promise<{ name: string; message: string; $fault?: string; $metadata?: { httpStatusCode?: number } }> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected the call to fail');
  return error as Error & { $fault?: string };
}

const endpointQuery = (id: string, endpoint: string, metricName: string, stat: string, period = 300): MetricDataQuery => ({
  Id: id,
  MetricStat: {
    Metric: { Namespace: 'AWS/SageMaker', MetricName: metricName, Dimensions: [{ Name: 'EndpointName', Value: endpoint }, { Name: 'VariantName', Value: 'AllTraffic' }] },
    Period: period,
    Stat: stat,
  },
});

describe('the emulated CloudWatch', () => {
  describe('for a healthy InService endpoint', () => {
    it('has steady invocations, no 5xx errors and a model latency in microseconds', async () => {
      const [endpoint] = seedEndpoints(emulator, 1);
      const out = await cloudwatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: [
            endpointQuery('inv', endpoint ?? '', 'Invocations', 'Sum'),
            endpointQuery('errors', endpoint ?? '', 'Invocation5XXErrors', 'Sum'),
            endpointQuery('latency', endpoint ?? '', 'ModelLatency', 'p99'),
          ],
          StartTime: new Date(T0 - 15 * MINUTE),
          EndTime: new Date(T0),
        }),
      );
      const [inv, errors, latency] = out.MetricDataResults ?? [];
      expect(inv?.StatusCode).toBe('Complete');
      expect(inv?.Timestamps).toEqual([new Date(T0 - 5 * MINUTE), new Date(T0 - 10 * MINUTE), new Date(T0 - 15 * MINUTE)]);
      const perFiveMinutes = inv?.Values?.[0] ?? 0;
      expect(perFiveMinutes).toBeGreaterThan(0);
      expect(inv?.Values).toEqual([perFiveMinutes, perFiveMinutes, perFiveMinutes]);
      expect(errors?.Values).toEqual([0, 0, 0]);
      expect(latency?.Values?.[0]).toBeGreaterThanOrEqual(20_000);
      expect(latency?.Values?.[0]).toBeLessThan(50_000);
    });

    it('gives the same numbers on every call (no randomness)', async () => {
      seedEndpoints(emulator, 3);
      const query = new GetMetricDataCommand({
        MetricDataQueries: ['seeded-0001', 'seeded-0002', 'seeded-0003'].map((e, i) => endpointQuery(`q${i}`, e, 'ModelLatency', 'Average', 60)),
        StartTime: new Date(T0 - HOUR),
        EndTime: new Date(T0),
      });
      const first = await cloudwatch.send(query);
      const second = await cloudwatch.send(query);
      expect(second.MetricDataResults).toEqual(first.MetricDataResults);
    });

    it('has no datapoints from before it was InService, nor for the minute still running', async () => {
      seedEndpoints(emulator, 1, { ageMs: 10 * MINUTE });
      emulator.clock.advance(30_000);
      const out = await cloudwatch.send(
        new GetMetricDataCommand({ MetricDataQueries: [endpointQuery('inv', 'seeded-0001', 'Invocations', 'SampleCount', 60)], StartTime: new Date(T0 - HOUR), EndTime: new Date(T0 + HOUR) }),
      );
      // Created 10 minutes before T0, InService 4 minutes later: minutes T0-6 … T0-1 have data.
      expect(out.MetricDataResults?.[0]?.Timestamps).toHaveLength(6);
      expect(out.MetricDataResults?.[0]?.Timestamps?.[0]).toEqual(new Date(T0 - MINUTE));
    });
  });

  describe('GetMetricData', () => {
    // CloudWatch's query code is ValidationError; its model (and so the SDK) names the exception ValidationException.
    it('refuses more than 500 queries in one call with ValidationError', async () => {
      const queries = Array.from({ length: 501 }, (_, i) => endpointQuery(`q${i}`, 'any', 'Invocations', 'Sum'));
      const error = await rejection(cloudwatch.send(new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: new Date(T0 - HOUR), EndTime: new Date(T0) })));
      expect(error.name).toBe('ValidationException');
      expect(error.message).toContain('must not have a size greater than 500');
      expect(error.$metadata?.httpStatusCode).toBe(400);
    });

    it('says which statistic is not valid', async () => {
      const error = await rejection(
        cloudwatch.send(new GetMetricDataCommand({ MetricDataQueries: [endpointQuery('q', 'any', 'Invocations', 'Median')], StartTime: new Date(T0 - HOUR), EndTime: new Date(T0) })),
      );
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe('The value Median for parameter MetricDataQueries.member.1.MetricStat.Stat is not a valid statistic.');
    });

    it('paginates at MaxDatapoints, marking the queries cut short PartialData, newest points first', async () => {
      seedEndpoints(emulator, 2);
      const input = {
        MetricDataQueries: [endpointQuery('a', 'seeded-0001', 'Invocations', 'Sum', 60), endpointQuery('b', 'seeded-0002', 'Invocations', 'Sum', 60)],
        StartTime: new Date(T0 - 10 * MINUTE),
        EndTime: new Date(T0),
        MaxDatapoints: 15,
      };
      const page1 = await cloudwatch.send(new GetMetricDataCommand(input));
      expect(page1.MetricDataResults?.map((r) => [r.Id, r.StatusCode, r.Timestamps?.length])).toEqual([
        ['a', 'Complete', 10],
        ['b', 'PartialData', 5],
      ]);
      expect(page1.MetricDataResults?.[1]?.Timestamps?.[0]).toEqual(new Date(T0 - MINUTE));
      expect(page1.NextToken).toBeDefined();
      emulator.clock.advance(HOUR); // later pages still read the data as of the first
      const page2 = await cloudwatch.send(new GetMetricDataCommand({ ...input, NextToken: page1.NextToken }));
      expect(page2.MetricDataResults?.map((r) => [r.Id, r.StatusCode, r.Timestamps?.length])).toEqual([
        ['a', 'Complete', 0],
        ['b', 'Complete', 5],
      ]);
      expect(page2.MetricDataResults?.[1]?.Timestamps?.[4]).toEqual(new Date(T0 - 10 * MINUTE));
      expect(page2.NextToken).toBeUndefined();
    });

    it('refuses a NextToken it did not issue for this request', async () => {
      const error = await rejection(
        cloudwatch.send(new GetMetricDataCommand({ MetricDataQueries: [endpointQuery('q', 'x', 'Invocations', 'Sum')], StartTime: new Date(T0 - HOUR), EndTime: new Date(T0), NextToken: 'bogus' })),
      );
      expect(error.name).toBe('InvalidNextToken');
    });

    it('reports a failing query in its StatusCode and Messages while the others complete', async () => {
      seedEndpoints(emulator, 2);
      emulator.scenarios.queryFailure({ dimensions: { EndpointName: 'seeded-0002' } });
      const out = await cloudwatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: [endpointQuery('ok', 'seeded-0001', 'Invocations', 'Sum'), endpointQuery('broken', 'seeded-0002', 'Invocations', 'Sum')],
          StartTime: new Date(T0 - 10 * MINUTE),
          EndTime: new Date(T0),
        }),
      );
      expect(out.MetricDataResults?.[0]?.StatusCode).toBe('Complete');
      expect(out.MetricDataResults?.[1]).toMatchObject({ StatusCode: 'InternalError', Timestamps: [], Values: [] });
      expect(out.MetricDataResults?.[1]?.Messages?.[0]?.Code).toBe('InternalError');
    });

    it('answers an injected throttling fault with Throttling, in the query-compatible header the SDK reads', async () => {
      emulator.faults.inject({ operation: 'GetMetricData', error: 'Throttling', times: 1 });
      const input = { MetricDataQueries: [endpointQuery('q', 'x', 'Invocations', 'Sum')], StartTime: new Date(T0 - HOUR), EndTime: new Date(T0) };
      const error = await rejection(cloudwatch.send(new GetMetricDataCommand(input)));
      expect(error.name).toBe('Throttling');
      expect(error.$fault).toBe('client');
      await expect(cloudwatch.send(new GetMetricDataCommand(input))).resolves.toBeDefined();
      expect(emulator.callsOf('GetMetricData').map((c) => c.error ?? 'ok')).toEqual(['Throttling', 'ok']);
    });

    it('puts the error code in x-amzn-query-error on the wire, as query-compatible CloudWatch does', async () => {
      emulator.faults.inject({ operation: 'GetMetricData', error: 'Throttling', times: 1 });
      const res = await fetch(emulator.url, {
        method: 'POST',
        headers: { 'x-amz-target': 'GraniteServiceVersion20100801.GetMetricData', 'content-type': 'application/x-amz-json-1.0', authorization: 'AWS4-HMAC-SHA256 Credential=AKID/20260416/us-east-1/monitoring/aws4_request' },
        body: '{}',
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.0');
      expect(res.headers.get('x-amzn-query-error')).toBe('Throttling;Sender');
    });
  });

  describe('scenarios', () => {
    it('a latency spike raises p99 ModelLatency inside its window only', async () => {
      seedEndpoints(emulator, 1);
      emulator.scenarios.latencySpike({ endpoint: 'seeded-0001', from: T0 - 10 * MINUTE, to: T0 - 5 * MINUTE, p99Ms: 900 });
      const out = await cloudwatch.send(
        new GetMetricDataCommand({ MetricDataQueries: [endpointQuery('p99', 'seeded-0001', 'ModelLatency', 'p99')], StartTime: new Date(T0 - 15 * MINUTE), EndTime: new Date(T0) }),
      );
      const [latest, spike, before] = out.MetricDataResults?.[0]?.Values ?? [];
      expect(spike).toBe(900_000);
      expect(latest).toBeLessThan(100_000);
      expect(before).toBe(latest);
    });

    it('an error rate makes 5xx errors that fraction of invocations', async () => {
      seedEndpoints(emulator, 1);
      emulator.scenarios.invocations({ endpoint: 'seeded-0001', perMinute: 200, from: T0 - HOUR });
      emulator.scenarios.errorRate({ endpoint: 'seeded-0001', rate: 0.05, from: T0 - HOUR });
      const out = await cloudwatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: [endpointQuery('inv', 'seeded-0001', 'Invocations', 'Sum'), endpointQuery('err', 'seeded-0001', 'Invocation5XXErrors', 'Sum')],
          StartTime: new Date(T0 - 5 * MINUTE),
          EndTime: new Date(T0),
        }),
      );
      expect(out.MetricDataResults?.map((r) => r.Values)).toEqual([[1000], [50]]);
    });

    it('scripts any metric with a function of time, aggregated per period with every statistic', async () => {
      const dims = { Queue: 'jobs' };
      // Minute k of the hour before T0 has the value k (0 … 59).
      emulator.scenarios.metric({ namespace: 'Custom/App', metricName: 'Depth', dimensions: dims, from: T0 - HOUR, fn: (t) => (t - (T0 - HOUR)) / MINUTE });
      const stat = (Id: string, Stat: string): MetricDataQuery => ({ Id, MetricStat: { Metric: { Namespace: 'Custom/App', MetricName: 'Depth', Dimensions: [{ Name: 'Queue', Value: 'jobs' }] }, Period: 3600, Stat } });
      const out = await cloudwatch.send(
        new GetMetricDataCommand({
          MetricDataQueries: [stat('sum', 'Sum'), stat('avg', 'Average'), stat('min', 'Minimum'), stat('max', 'Maximum'), stat('n', 'SampleCount'), stat('p90', 'p90')],
          StartTime: new Date(T0 - HOUR),
          EndTime: new Date(T0),
        }),
      );
      expect(Object.fromEntries((out.MetricDataResults ?? []).map((r) => [r.Id, r.Values?.[0]]))).toEqual({ sum: 1770, avg: 29.5, min: 0, max: 59, n: 60, p90: 53 });
    });

    it('ends a scenario on request, and the built-in series shows through again', async () => {
      seedEndpoints(emulator, 1);
      const id = emulator.scenarios.latencySpike({ endpoint: 'seeded-0001', p99Ms: 2000 });
      emulator.clock.advance(10 * MINUTE);
      expect(emulator.scenarios.end(id)).toBe(true);
      emulator.clock.advance(10 * MINUTE);
      const out = await cloudwatch.send(
        new GetMetricDataCommand({ MetricDataQueries: [endpointQuery('p99', 'seeded-0001', 'ModelLatency', 'Maximum', 600)], StartTime: new Date(T0), EndTime: new Date(T0 + 20 * MINUTE) }),
      );
      expect(out.MetricDataResults?.[0]?.Values?.[1]).toBe(2_000_000);
      expect(out.MetricDataResults?.[0]?.Values?.[0]).toBeLessThan(100_000);
    });
  });

  describe('ListMetrics', () => {
    it('lists the endpoints’ metrics, filtered by dimension, in pages of 500', async () => {
      seedEndpoints(emulator, 120);
      const page1 = await cloudwatch.send(new ListMetricsCommand({ Namespace: 'AWS/SageMaker' }));
      expect(page1.Metrics).toHaveLength(500);
      const page2 = await cloudwatch.send(new ListMetricsCommand({ Namespace: 'AWS/SageMaker', NextToken: page1.NextToken }));
      expect(page2.Metrics).toHaveLength(100);
      expect(page2.NextToken).toBeUndefined();
      const one = await cloudwatch.send(new ListMetricsCommand({ Namespace: 'AWS/SageMaker', MetricName: 'ModelLatency', Dimensions: [{ Name: 'EndpointName', Value: 'seeded-0007' }] }));
      expect(one.Metrics).toEqual([
        {
          Namespace: 'AWS/SageMaker',
          MetricName: 'ModelLatency',
          Dimensions: [
            { Name: 'EndpointName', Value: 'seeded-0007' },
            { Name: 'VariantName', Value: 'AllTraffic' },
          ],
        },
      ]);
    });
  });
});

describe('the emulated Budgets', () => {
  it('sends amounts as strings, with actual spend so far and a linear forecast to the end of the calendar month', async () => {
    emulator.scenarios.budget({ name: 'ml-monthly', limitUsd: 1000, spendPerDay: 20 });
    const out = await budgets.send(new DescribeBudgetCommand({ AccountId: ACCOUNT, BudgetName: 'ml-monthly' }));
    expect(out.Budget).toMatchObject({
      BudgetName: 'ml-monthly',
      BudgetType: 'COST',
      TimeUnit: 'MONTHLY',
      BudgetLimit: { Amount: '1000.0', Unit: 'USD' },
      CalculatedSpend: { ActualSpend: { Amount: '300.0', Unit: 'USD' }, ForecastedSpend: { Amount: '600.0', Unit: 'USD' } },
    });
  });

  it('jumps spend to a share of the limit, counted in the current period only', async () => {
    emulator.scenarios.budget({ name: 'ml-monthly', limitUsd: 1000, spendPerDay: 10 });
    expect(emulator.scenarios.spendJump({ name: 'ml-monthly', toPercent: 85 })).toBe(700);
    const now = await budgets.send(new DescribeBudgetCommand({ AccountId: ACCOUNT, BudgetName: 'ml-monthly' }));
    expect(now.Budget?.CalculatedSpend?.ActualSpend?.Amount).toBe('850.0');
    emulator.clock.advance(15 * 86_400_000); // 1 May: a new period
    const may = await budgets.send(new DescribeBudgetCommand({ AccountId: ACCOUNT, BudgetName: 'ml-monthly' }));
    expect(may.Budget?.CalculatedSpend?.ActualSpend?.Amount).toBe('0.0');
    expect(may.Budget?.CalculatedSpend?.ForecastedSpend).toBeUndefined();
  });

  it('keeps a performance history per calendar month, oldest first, ending with the current month', async () => {
    emulator.scenarios.budget({ name: 'ml-monthly', limitUsd: 1000, spendPerDay: 10, historyPeriods: 2 });
    const out = await budgets.send(new DescribeBudgetPerformanceHistoryCommand({ AccountId: ACCOUNT, BudgetName: 'ml-monthly' }));
    const list = out.BudgetPerformanceHistory?.BudgetedAndActualAmountsList ?? [];
    expect(list.map((p) => [p.TimePeriod?.Start?.toISOString(), p.ActualAmount?.Amount, p.BudgetedAmount?.Amount])).toEqual([
      ['2026-02-01T00:00:00.000Z', '280.0', '1000.0'],
      ['2026-03-01T00:00:00.000Z', '310.0', '1000.0'],
      ['2026-04-01T00:00:00.000Z', '150.0', '1000.0'],
    ]);
    expect(list[2]?.TimePeriod?.End).toEqual(new Date('2026-05-01T00:00:00Z'));
  });

  it('lists budgets in pages, and answers NotFoundException for an account without any', async () => {
    const none = await rejection(budgets.send(new DescribeBudgetsCommand({ AccountId: ACCOUNT })));
    expect(none.name).toBe('NotFoundException');
    for (const name of ['a', 'b', 'c']) emulator.scenarios.budget({ name, limitUsd: 100, spendPerDay: 1 });
    const page1 = await budgets.send(new DescribeBudgetsCommand({ AccountId: ACCOUNT, MaxResults: 2 }));
    const page2 = await budgets.send(new DescribeBudgetsCommand({ AccountId: ACCOUNT, MaxResults: 2, NextToken: page1.NextToken }));
    expect([...(page1.Budgets ?? []), ...(page2.Budgets ?? [])].map((b) => b.BudgetName)).toEqual(['a', 'b', 'c']);
    expect(page2.NextToken).toBeUndefined();
  });

  it('answers NotFoundException for a missing budget and AccessDeniedException for another account', async () => {
    emulator.scenarios.budget({ name: 'ml-monthly', limitUsd: 1000, spendPerDay: 10 });
    expect((await rejection(budgets.send(new DescribeBudgetCommand({ AccountId: ACCOUNT, BudgetName: 'nope' })))).name).toBe('NotFoundException');
    expect((await rejection(budgets.send(new DescribeBudgetCommand({ AccountId: '999999999999', BudgetName: 'ml-monthly' })))).name).toBe('AccessDeniedException');
  });
});

describe('the emulated Model Monitor', () => {
  it('runs a schedule’s executions each hour of simulated time', async () => {
    seedEndpoints(emulator, 1);
    const schedule = emulator.scenarios.monitoring({ endpoint: 'seeded-0001', schedule: 'churn-drift', every: '1h' });
    expect(schedule).toBe('churn-drift');
    emulator.clock.advance(3 * HOUR + 5 * MINUTE);
    const out = await sagemaker.send(new ListMonitoringExecutionsCommand({ MonitoringScheduleName: schedule, SortBy: 'ScheduledTime', SortOrder: 'Descending' }));
    expect(out.MonitoringExecutionSummaries?.map((e) => [e.ScheduledTime?.toISOString(), e.MonitoringExecutionStatus])).toEqual([
      ['2026-04-16T03:00:00.000Z', 'InProgress'],
      ['2026-04-16T02:00:00.000Z', 'Completed'],
      ['2026-04-16T01:00:00.000Z', 'Completed'],
    ]);
    const listed = await sagemaker.send(new ListMonitoringSchedulesCommand({ EndpointName: 'seeded-0001' }));
    expect(listed.MonitoringScheduleSummaries?.map((s) => [s.MonitoringScheduleName, s.MonitoringScheduleStatus, s.EndpointName])).toEqual([['churn-drift', 'Scheduled', 'seeded-0001']]);
  });

  it('ends executions CompletedWithViolations while a drift scenario is open, and Completed again after', async () => {
    seedEndpoints(emulator, 1);
    emulator.scenarios.monitoring({ endpoint: 'seeded-0001', schedule: 'churn-drift' });
    const drift = emulator.scenarios.drift({ endpoint: 'seeded-0001', feature: 'age', value: 0.4 });
    emulator.clock.advance(HOUR + 15 * MINUTE);
    const during = await sagemaker.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: 'churn-drift' }));
    expect(during.LastMonitoringExecutionSummary?.MonitoringExecutionStatus).toBe('CompletedWithViolations');
    emulator.scenarios.end(drift);
    emulator.clock.advance(HOUR);
    const after = await sagemaker.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: 'churn-drift' }));
    expect(after.LastMonitoringExecutionSummary?.MonitoringExecutionStatus).toBe('Completed');

    // Each execution published the feature's drift metric when it finished.
    const metric = await cloudwatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: [
          {
            Id: 'age',
            MetricStat: {
              Metric: {
                Namespace: 'aws/sagemaker/Endpoints/data-metrics',
                MetricName: 'feature_baseline_drift_age',
                Dimensions: [{ Name: 'Endpoint', Value: 'seeded-0001' }, { Name: 'MonitoringSchedule', Value: 'churn-drift' }],
              },
              Period: 3600,
              Stat: 'Maximum',
            },
          },
        ],
        StartTime: new Date(T0),
        EndTime: new Date(T0 + 3 * HOUR),
        ScanBy: 'TimestampAscending',
      }),
    );
    expect(metric.MetricDataResults?.[0]?.Timestamps).toEqual([new Date(T0 + HOUR), new Date(T0 + 2 * HOUR)]);
    expect(metric.MetricDataResults?.[0]?.Values).toEqual([0.4, 0.02]);
  });

  it('answers ResourceNotFound for a schedule that does not exist', async () => {
    const error = await rejection(sagemaker.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: 'nope' })));
    expect(error.name).toBe('ResourceNotFound');
  });
});

describe('seedEndpoints', () => {
  it('creates a thousand InService endpoints at once', async () => {
    const names = seedEndpoints(emulator, 1000);
    expect(names).toHaveLength(1000);
    const page = await sagemaker.send(new ListEndpointsCommand({ StatusEquals: 'InService', MaxResults: 100 }));
    expect(page.Endpoints).toHaveLength(100);
    expect(emulator.sagemaker.endpoints.filter((e) => e['EndpointStatus'] === 'InService')).toHaveLength(1000);
  });
});

describe('the control API', () => {
  const post = async (path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
    const res = await fetch(`${emulator.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  it('seeds endpoints and triggers metric, drift and budget scenarios over HTTP', async () => {
    expect((await post('/_emulator/seed/endpoints', { count: 2, prefix: 'demo' })).json).toEqual({ endpoints: ['demo-0001', 'demo-0002'] });
    const spike = await post('/_emulator/scenarios/latency-spike', { endpoint: 'demo-0001', p99Ms: 750, forMs: 10 * MINUTE });
    expect(spike.status).toBe(200);
    expect(spike.json['id']).toMatch(/^scenario-\d+$/);
    expect((await post('/_emulator/scenarios/monitoring', { endpoint: 'demo-0002', every: '1h', features: ['age'] })).json).toEqual({ schedule: 'demo-0002-data-quality' });
    const drift = await post('/_emulator/scenarios/drift', { endpoint: 'demo-0002', feature: 'income', value: 0.3 });
    expect((await post('/_emulator/scenarios/end', { id: drift.json['id'] })).json).toEqual({ ok: true });
    expect((await post('/_emulator/scenarios/budget', { name: 'ml-monthly', limitUsd: 500, spendPerDay: 5 })).json).toEqual({ name: 'ml-monthly' });
    expect((await post('/_emulator/scenarios/spend-jump', { name: 'ml-monthly', toPercent: 80 })).json).toEqual({ addedUsd: 325 });

    emulator.clock.advance(2 * MINUTE);
    const out = await cloudwatch.send(
      new GetMetricDataCommand({ MetricDataQueries: [endpointQuery('p99', 'demo-0001', 'ModelLatency', 'p99', 60)], StartTime: new Date(T0), EndTime: new Date(T0 + 2 * MINUTE) }),
    );
    expect(out.MetricDataResults?.[0]?.Values).toEqual([750_000, 750_000]);
    const state = (await (await fetch(`${emulator.url}/_emulator/state`)).json()) as { services: Record<string, unknown> };
    expect(Object.keys(state.services).sort()).toEqual(['budgets', 'cloudwatch', 'sagemaker']);
  });

  it('refuses a scenario with bad input, saying what is wrong', async () => {
    const bad = await post('/_emulator/scenarios/error-rate', { endpoint: 'x', rate: 3 });
    expect(bad.status).toBe(400);
    expect(String(bad.json['error'])).toContain('rate');
    expect((await post('/_emulator/scenarios/end', { id: 'scenario-999' })).status).toBe(404);
  });
});
