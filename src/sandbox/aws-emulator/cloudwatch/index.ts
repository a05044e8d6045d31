import { AWS_JSON_1_0_QUERY_COMPATIBLE, type JsonObject } from '../protocol.ts';
import type { EmulatedService, OperationHandler } from '../registry.ts';
import { getMetricData } from './get-metric-data.ts';
import { listMetrics } from './list-metrics.ts';
import { metricKey } from './metric-identity.ts';
import { MetricSource, MetricStore, type MetricLayer } from './metric-store.ts';
import type { QueryFailure } from './query-failures.ts';

export { MAX_DATAPOINTS, MAX_QUERIES } from './get-metric-data.ts';
export { LIST_METRICS_PAGE } from './list-metrics.ts';
export type { MetricId } from './metric-identity.ts';
export type { MetricLayer, MetricReader, MetricValueFn } from './metric-store.ts';
export type { QueryFailure } from './query-failures.ts';

/**
 * CloudWatch (`X-Amz-Target: GraniteServiceVersion20100801.<Op>`, AWS JSON 1.0 in
 * query-compatible mode): GetMetricData and ListMetrics over scripted series (the scenario
 * API) layered on built-in ones (healthy InService endpoints, Model Monitor drift metrics).
 */
export class CloudWatchService implements EmulatedService {
  readonly name = 'cloudwatch';
  readonly targetPrefix = 'GraniteServiceVersion20100801';
  readonly protocol = AWS_JSON_1_0_QUERY_COMPATIBLE;
  readonly metrics = new MetricStore();
  readonly failures: QueryFailure[] = [];
  readonly operations: Readonly<Record<string, OperationHandler>>;

  /** @param builtIn the series that exist without a scenario, as of a time */
  constructor(private readonly builtIn: (now: number) => MetricLayer[]) {
    this.operations = {
      GetMetricData: (input, ctx) => getMetricData(input, ctx.now, (now) => this.sourceAt(now), this.failures),
      ListMetrics: (input, ctx) => listMetrics(this.sourceAt(ctx.now).identities(), input),
    };
  }

  /** Every series as of `now`, for reading values in-process (tests, the simulator page). */
  sourceAt(now: number): MetricSource {
    const builtIn = new Map<string, MetricLayer>();
    for (const layer of this.builtIn(now)) builtIn.set(metricKey(layer.metric), layer);
    return new MetricSource(this.metrics, builtIn, now);
  }

  snapshot(now: number): unknown {
    return {
      metrics: this.sourceAt(now).identities().length,
      scriptedLayers: this.metrics.all.map((layer): JsonObject => ({
        scenario: layer.scenario ?? null,
        namespace: layer.metric.namespace,
        metricName: layer.metric.metricName,
        dimensions: layer.metric.dimensions,
        from: layer.from,
        to: Number.isFinite(layer.to) ? layer.to : null,
        value: typeof layer.value === 'number' ? layer.value : 'function',
      })),
      queryFailures: this.failures.map((f) => ({ ...f, to: Number.isFinite(f.to) ? f.to : null })),
    };
  }

  reset(): void {
    this.metrics.reset();
    this.failures.length = 0;
  }
}
