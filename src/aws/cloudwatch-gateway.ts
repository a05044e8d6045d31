import { GetMetricDataCommand, ListMetricsCommand, type CloudWatchClient, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import type { MetricIdentity, MetricQuery, MetricSeries, MetricStatus } from '../domain/monitoring.ts';
import { toAwsError } from './errors.ts';

/** CloudWatch takes at most this many queries in one GetMetricData call. */
export const MAX_QUERIES_PER_CALL = 500;
/** GetMetricData calls in flight at once (CloudWatch allows 50 a second per account). */
const PARALLEL_CALLS = 4;
const ID = /^[a-z][a-zA-Z0-9_]*$/;

export interface MetricWindow {
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive. */
  end: number;
  /**
   * Datapoints per call before CloudWatch paginates.
   * @defaultValue CloudWatch's own (100,800)
   */
  maxDatapoints?: number;
}

export interface ListMetricsFilter {
  namespace: string;
  metricName?: string;
  /** Dimensions the metric must have; an undefined value matches any value of that dimension. */
  dimensions?: Record<string, string | undefined>;
}

interface Merged {
  points: [number, number][];
  status: MetricStatus;
  messages: string[];
}

/**
 * CloudWatch metrics in the bot's words (src/domain/monitoring.ts). Batches queries 500 to
 * a call — one call per 500 queries, never one per resource — and follows NextToken pages.
 * Every SDK error leaves as an AwsError (throttling and 5xx retryable).
 */
export class CloudWatchGateway {
  constructor(private readonly client: CloudWatchClient) {}

  /**
   * One series per query, in the order given, points oldest first. A query CloudWatch could
   * not answer fully keeps its status (`InternalError`, `Forbidden`) and messages, so a
   * caller can tell "no data" from "could not read".
   */
  async getMetricData(queries: readonly MetricQuery[], window: MetricWindow): Promise<MetricSeries[]> {
    const ids = new Set<string>();
    for (const q of queries) {
      if (!ID.test(q.id)) throw new RangeError(`metric query id "${q.id}" must match ${ID.source}`);
      if (ids.has(q.id)) throw new RangeError(`metric query id "${q.id}" is used twice`);
      ids.add(q.id);
    }
    const chunks: MetricQuery[][] = [];
    for (let i = 0; i < queries.length; i += MAX_QUERIES_PER_CALL) chunks.push(queries.slice(i, i + MAX_QUERIES_PER_CALL));
    const merged = new Map<string, Merged>();
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < chunks.length) {
        const chunk = chunks[next++] as MetricQuery[];
        await this.fetchChunk(chunk, window, merged);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_CALLS, chunks.length) }, worker));
    return queries.map((q) => toSeries(q.id, merged.get(q.id)));
  }

  /** Every metric matching the filter, following all pages. */
  async listMetrics(filter: ListMetricsFilter): Promise<MetricIdentity[]> {
    const metrics: MetricIdentity[] = [];
    let nextToken: string | undefined;
    do {
      try {
        const out = await this.client.send(
          new ListMetricsCommand({
            Namespace: filter.namespace,
            ...(filter.metricName ? { MetricName: filter.metricName } : {}),
            ...(filter.dimensions ? { Dimensions: Object.entries(filter.dimensions).map(([Name, Value]) => (Value === undefined ? { Name } : { Name, Value })) } : {}),
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
        for (const m of out.Metrics ?? []) {
          metrics.push({
            namespace: m.Namespace ?? filter.namespace,
            metricName: m.MetricName ?? '',
            dimensions: Object.fromEntries((m.Dimensions ?? []).map((d) => [d.Name ?? '', d.Value ?? ''])),
          });
        }
        nextToken = out.NextToken;
      } catch (error) {
        throw toAwsError('ListMetrics', error);
      }
    } while (nextToken);
    return metrics;
  }

  private async fetchChunk(chunk: readonly MetricQuery[], window: MetricWindow, merged: Map<string, Merged>): Promise<void> {
    let nextToken: string | undefined;
    do {
      let results: MetricDataResult[];
      try {
        const out = await this.client.send(
          new GetMetricDataCommand({
            MetricDataQueries: chunk.map((q) => ({
              Id: q.id,
              MetricStat: {
                Metric: { Namespace: q.namespace, MetricName: q.metricName, Dimensions: Object.entries(q.dimensions).map(([Name, Value]) => ({ Name, Value })) },
                Period: q.periodSeconds,
                Stat: q.stat,
              },
              ReturnData: true,
            })),
            StartTime: new Date(window.start),
            EndTime: new Date(window.end),
            ScanBy: 'TimestampDescending',
            ...(window.maxDatapoints !== undefined ? { MaxDatapoints: window.maxDatapoints } : {}),
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
        results = out.MetricDataResults ?? [];
        nextToken = out.NextToken;
      } catch (error) {
        throw toAwsError('GetMetricData', error);
      }
      for (const r of results) mergePage(merged, r);
    } while (nextToken);
  }
}

function mergePage(merged: Map<string, Merged>, result: MetricDataResult): void {
  const id = result.Id ?? '';
  const entry = merged.get(id) ?? { points: [], status: 'Complete', messages: [] };
  const timestamps = result.Timestamps ?? [];
  const values = result.Values ?? [];
  for (let i = 0; i < Math.min(timestamps.length, values.length); i++) entry.points.push([(timestamps[i] as Date).getTime(), values[i] as number]);
  // A failure on any page stands; otherwise the latest page's word (PartialData, then Complete) wins.
  const status = (result.StatusCode ?? 'Complete') as MetricStatus;
  if (entry.status !== 'InternalError' && entry.status !== 'Forbidden') entry.status = status;
  for (const m of result.Messages ?? []) {
    const text = [m.Code, m.Value].filter(Boolean).join(': ');
    if (text && !entry.messages.includes(text)) entry.messages.push(text);
  }
  merged.set(id, entry);
}

function toSeries(id: string, entry: Merged | undefined): MetricSeries {
  if (!entry) return { id, timestamps: [], values: [], status: 'InternalError', messages: ['CloudWatch returned no result for this query'] };
  const points = [...entry.points].sort((a, b) => a[0] - b[0]);
  const series: MetricSeries = { id, timestamps: points.map((p) => p[0]), values: points.map((p) => p[1]), status: entry.status };
  if (entry.messages.length > 0) series.messages = entry.messages;
  return series;
}
