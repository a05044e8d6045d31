import type { Job } from 'bullmq';
import type { LineChartSpec } from '../src/charts/index.ts';
import type { AppContext } from '../src/context.ts';
import type { AlertState } from '../src/domain/alerts.ts';
import { DEFAULT_VARIANT, SAGEMAKER_NAMESPACE } from '../src/domain/health.ts';
import type { MetricQuery } from '../src/domain/monitoring.ts';
import { AwsError } from '../src/errors.ts';
import type { AlertChartPayload } from '../src/queue/payloads.ts';
import { uploadChart } from '../src/slack/files.ts';
import { alertMessageKey } from './alert-publish.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How far back a health chart looks, and its resolution. */
const HEALTH_SPAN = 6 * HOUR;
const HEALTH_PERIOD_SECONDS = 300;

/**
 * Renders the chart of a newly opened alert (PNG, on the server) and uploads it into the
 * alert's thread. Runs after the alert message is posted: until then it retries. A marker
 * keeps a retried job from uploading the same chart twice.
 */
export async function processAlertChart(_job: Job<AlertChartPayload>, payload: AlertChartPayload, ctx: AppContext): Promise<{ uploaded: boolean }> {
  const state = await ctx.alerts.get(payload.alertKey);
  if (!state || state.openedAt !== payload.openedAt) return { uploaded: false };
  const marker = `${ctx.prefix}:alert-chart:${state.key}:${state.openedAt}`;
  if (await ctx.redis.exists(marker)) return { uploaded: false };
  const ref = await ctx.outbox.ref(alertMessageKey(state));
  if (!ref) throw new AwsError('AlertChart', 'MessageNotPostedYet', 'the alert message is not posted yet', true);
  const spec = await chartSpec(ctx, state);
  if (!spec) return { uploaded: false };
  // Loaded on first use: the canvas library and chart.js weigh tens of MB a bot without alerts need not carry.
  const { renderLineChart } = await import('../src/charts/index.ts');
  await uploadChart(ctx.slack, { channel: ref.channel, threadTs: ref.ts, filename: `${state.watcher}-${state.resource}.png`, title: spec.title, png: renderLineChart(spec), altText: spec.title });
  await ctx.redis.set(marker, '1', 'EX', 90 * 86_400);
  return { uploaded: true };
}

async function chartSpec(ctx: AppContext, state: AlertState): Promise<LineChartSpec | undefined> {
  const now = ctx.clock.now();
  const { details } = state;
  switch (details.kind) {
    case 'latency': {
      const [series] = await ctx.cloudwatch.getMetricData([endpointQuery('lat', details.endpoint, 'ModelLatency', 'p99')], { start: now - HEALTH_SPAN, end: now });
      return {
        title: `${details.endpoint}: p99 model latency, last 6 h`,
        unit: 'ms',
        series: [{ label: 'p99 latency', points: points(series?.timestamps, series?.values, (v) => v / 1000) }],
        threshold: { value: details.thresholdMs, label: `limit ${details.thresholdMs} ms` },
      };
    }
    case 'error-rate': {
      const [errors, invocations] = await ctx.cloudwatch.getMetricData(
        [endpointQuery('err', details.endpoint, 'Invocation5XXErrors', 'Sum'), endpointQuery('inv', details.endpoint, 'Invocations', 'Sum')],
        { start: now - HEALTH_SPAN, end: now },
      );
      const totals = new Map((invocations?.timestamps ?? []).map((t, i) => [t, invocations?.values[i] ?? 0]));
      const rate = (errors?.timestamps ?? []).flatMap((t, i) => {
        const total = totals.get(t);
        return total ? [{ t, v: (100 * (errors?.values[i] ?? 0)) / total }] : [];
      });
      return { title: `${details.endpoint}: 5xx error rate, last 6 h`, unit: '% of invocations', series: [{ label: '5xx rate', points: rate }], threshold: { value: details.threshold * 100, label: `limit ${(details.threshold * 100).toFixed(2)} %` } };
    }
    case 'drift': {
      const settings = ctx.config.team.watchers.drift;
      if (!settings || details.features.length === 0) return undefined;
      const queries: MetricQuery[] = details.features.slice(0, 8).map((feature, i) => ({
        id: `f${i}`,
        namespace: settings.namespace,
        metricName: `feature_baseline_drift_${feature.name}`,
        dimensions: { [settings.endpointDimension]: details.endpoint ?? state.resource, [settings.scheduleDimension]: details.schedule },
        stat: 'Maximum',
        periodSeconds: 3_600,
      }));
      const series = await ctx.cloudwatch.getMetricData(queries, { start: now - settings.chartDays * DAY, end: now });
      return {
        title: `${details.endpoint ?? details.schedule}: feature drift, last ${settings.chartDays} days`,
        unit: 'drift distance',
        series: series.map((one, i) => ({ label: details.features[i]?.name ?? one.id, points: points(one.timestamps, one.values) })),
        threshold: { value: details.threshold, label: `threshold ${details.threshold}` },
      };
    }
    case 'budget': {
      const history = await ctx.budgets.performanceHistory(ctx.config.team.aws.accountId, details.budget, { periods: 6 });
      // Earlier periods' totals at their ends, this period's spend so far now, and the
      // forecast from now to the period's end, against the limit.
      const past = history.filter((p) => p.periodEnd <= details.periodStart).map((p) => ({ t: p.periodEnd, v: p.actualUsd }));
      return {
        title: `Budget ${details.budget}: spend against the limit`,
        unit: 'USD',
        series: [{ label: 'actual spend', points: [...past, { t: now, v: details.actualUsd }] }],
        ...(details.forecastUsd !== undefined ? { forecast: { label: 'forecast', points: [{ t: now, v: details.actualUsd }, { t: details.periodEnd, v: details.forecastUsd }] } } : {}),
        threshold: { value: details.limitUsd, label: `limit $${details.limitUsd}` },
      };
    }
    case 'idle':
      return undefined;
  }
}

function endpointQuery(id: string, endpoint: string, metricName: string, stat: string): MetricQuery {
  return { id, namespace: SAGEMAKER_NAMESPACE, metricName, dimensions: { EndpointName: endpoint, VariantName: DEFAULT_VARIANT }, stat, periodSeconds: HEALTH_PERIOD_SECONDS };
}

function points(timestamps: readonly number[] = [], values: readonly number[] = [], scale: (v: number) => number = (v) => v) {
  return timestamps.map((t, i) => ({ t, v: scale(values[i] ?? 0) }));
}
