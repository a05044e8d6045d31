import { parseDuration } from '../../../domain/duration.ts';
import type { OperationContext } from '../registry.ts';
import type { MonitoringSchedules, MonitoringScheduleSpec } from '../sagemaker/monitoring.ts';
import type { CloudWatchService } from './index.ts';
import { endpointMetric, type MetricId } from './metric-identity.ts';
import type { MetricLayer, MetricValueFn } from './metric-store.ts';
import type { QueryFailure } from './query-failures.ts';

/*
 * The scenario API for the watchers: scripts metric series and Model Monitor drift over the
 * simulated clock. Every scenario starts at `from` (default: now) and lasts until `to`, or
 * for `forMs`, or until `end(id)`; each returns its id.
 */

/** When a scenario is in force. Times are simulated epoch ms. */
export interface ScenarioWindow {
  /** @defaultValue now */
  from?: number;
  /** Exclusive. @defaultValue open-ended (or `from + forMs`) */
  to?: number;
  /** Sugar for `to = from + forMs`. */
  forMs?: number;
}

export interface MetricScenario extends ScenarioWindow {
  namespace: string;
  metricName: string;
  dimensions?: Record<string, string>;
  /** One of `value` (constant), `fn` (per minute; undefined leaves what lies beneath) or `segments`. */
  value?: number;
  fn?: (t: number) => number | undefined;
  /** Constant values over stretches of time (absolute epoch ms, `to` exclusive). */
  segments?: { from: number; to: number; value: number }[];
}

export interface EndpointScenario extends ScenarioWindow {
  endpoint: string;
  /** @defaultValue 'AllTraffic' */
  variant?: string;
}

export interface QueryFailureScenario extends ScenarioWindow {
  namespace?: string;
  metricName?: string;
  /** Matches queries whose dimensions include these. */
  dimensions?: Record<string, string>;
  /** @defaultValue 'InternalError' */
  status?: 'InternalError' | 'Forbidden';
  message?: string;
}

export interface MonitoringScenario extends Omit<MonitoringScheduleSpec, 'every'> {
  /** ms, or a duration such as `1h`. @defaultValue 1h */
  every?: number | string;
}

export interface DriftScenario extends ScenarioWindow {
  endpoint: string;
  /** @defaultValue the endpoint's schedule, created (hourly) when it has none */
  schedule?: string;
  feature: string;
  /** The drift metric's value while drifting. @defaultValue 0.5 */
  value?: number;
}

interface Scenario {
  layers: MetricLayer[];
  failures: QueryFailure[];
  drift: boolean;
}

export class MetricScenarios {
  private readonly scenarios = new Map<string, Scenario>();
  private next = 1;

  constructor(
    private readonly cloudwatch: CloudWatchService,
    private readonly monitoringStore: MonitoringSchedules,
    private readonly context: () => OperationContext,
  ) {}

  /** A series of any metric. */
  metric(input: MetricScenario): string {
    const metric: MetricId = { namespace: input.namespace, metricName: input.metricName, dimensions: input.dimensions ?? {} };
    const given = [input.value !== undefined, input.fn !== undefined, input.segments !== undefined].filter(Boolean).length;
    if (given !== 1) throw new RangeError('a metric scenario takes exactly one of value, fn or segments');
    if (input.segments) {
      const id = this.newId();
      for (const s of input.segments) this.addLayer(id, { metric, from: s.from, to: s.to, value: s.value });
      return id;
    }
    return this.layer(metric, input, input.fn ?? (input.value as number));
  }

  /** ModelLatency (p99 and every other statistic) at `p99Ms` over the window. */
  latencySpike(input: EndpointScenario & { p99Ms: number }): string {
    positive('p99Ms', input.p99Ms);
    return this.layer(endpointMetric(input.endpoint, 'ModelLatency', input.variant), input, input.p99Ms * 1000);
  }

  /**
   * Invocation5XXErrors at `rate` × the endpoint's Invocations, minute by minute. The counts
   * are not rounded to whole requests, so the error rate a watcher computes is `rate` exactly.
   */
  errorRate(input: EndpointScenario & { rate: number }): string {
    if (!(input.rate >= 0 && input.rate <= 1)) throw new RangeError(`rate must be a fraction between 0 and 1, got ${input.rate}`);
    const invocations = endpointMetric(input.endpoint, 'Invocations', input.variant);
    const fn: MetricValueFn = (t, reader) => {
      const count = reader.valueAt(invocations, t);
      return count === undefined ? undefined : count * input.rate;
    };
    return this.layer(endpointMetric(input.endpoint, 'Invocation5XXErrors', input.variant), input, fn);
  }

  /** Invocations per minute (0 for an idle endpoint). */
  invocations(input: EndpointScenario & { perMinute: number }): string {
    if (!(input.perMinute >= 0)) throw new RangeError(`perMinute must be ≥ 0, got ${input.perMinute}`);
    return this.layer(endpointMetric(input.endpoint, 'Invocations', input.variant), input, input.perMinute);
  }

  /** Matching GetMetricData queries come back with StatusCode InternalError (or Forbidden) and no values. */
  queryFailure(input: QueryFailureScenario): string {
    const { from, to } = this.window(input);
    const id = this.newId();
    const failure: QueryFailure = { scenario: id, status: input.status ?? 'InternalError', from, to };
    if (input.namespace !== undefined) failure.namespace = input.namespace;
    if (input.metricName !== undefined) failure.metricName = input.metricName;
    if (input.dimensions !== undefined) failure.dimensions = input.dimensions;
    if (input.message !== undefined) failure.message = input.message;
    this.cloudwatch.failures.push(failure);
    this.scenarioOf(id).failures.push(failure);
    return id;
  }

  /** Creates a Model Monitor schedule on the endpoint; returns the schedule's name. */
  monitoring(input: MonitoringScenario): string {
    const every = typeof input.every === 'string' ? parseDuration(input.every) : input.every;
    if (typeof input.every === 'string' && every === undefined) throw new RangeError(`every: "${input.every}" is not a duration such as 1h`);
    const spec: MonitoringScheduleSpec = { ...input, every: every ?? 3_600_000 };
    return this.monitoringStore.create(spec, this.context()).name;
  }

  /**
   * The feature drifts: executions of the schedule scheduled in the window end
   * CompletedWithViolations and report `value` for `feature_baseline_drift_<feature>`.
   */
  drift(input: DriftScenario): string {
    const schedule = input.schedule ?? this.monitoringStore.forEndpoint(input.endpoint)?.name ?? this.monitoring({ endpoint: input.endpoint });
    if (!this.monitoringStore.get(schedule)) throw new RangeError(`no monitoring schedule named ${schedule}; create it with scenarios.monitoring first`);
    const { from, to } = this.window(input);
    const id = this.newId();
    this.monitoringStore.addDrift({ scenario: id, schedule: this.monitoringStore.get(schedule)?.name ?? schedule, feature: input.feature, value: input.value ?? 0.5, from, to });
    this.scenarioOf(id).drift = true;
    return id;
  }

  /** Ends the scenario at `at` (default now); returns false for an unknown id. */
  end(id: string, at: number = this.context().now): boolean {
    const scenario = this.scenarios.get(id);
    if (!scenario) return false;
    for (const layer of scenario.layers) layer.to = Math.max(layer.from, Math.min(layer.to, at));
    for (const failure of scenario.failures) failure.to = Math.max(failure.from, Math.min(failure.to, at));
    if (scenario.drift) this.monitoringStore.endDrift(id, at);
    return true;
  }

  reset(): void {
    this.scenarios.clear();
  }

  private layer(metric: MetricId, window: ScenarioWindow, value: number | MetricValueFn): string {
    const { from, to } = this.window(window);
    const id = this.newId();
    this.addLayer(id, { metric, from, to, value });
    return id;
  }

  private addLayer(id: string, layer: Omit<MetricLayer, 'scenario'>): void {
    this.scenarioOf(id).layers.push(this.cloudwatch.metrics.add({ ...layer, scenario: id }));
  }

  private window(input: ScenarioWindow): { from: number; to: number } {
    const from = input.from ?? this.context().now;
    const to = input.to ?? (input.forMs !== undefined ? from + input.forMs : Number.POSITIVE_INFINITY);
    if (!(to > from)) throw new RangeError(`a scenario must end after it starts (from ${from}, to ${to})`);
    return { from, to };
  }

  private newId(): string {
    const id = `scenario-${this.next++}`;
    this.scenarios.set(id, { layers: [], failures: [], drift: false });
    return id;
  }

  private scenarioOf(id: string): Scenario {
    const scenario = this.scenarios.get(id);
    if (!scenario) throw new Error(`unknown scenario ${id}`);
    return scenario;
  }
}

function positive(name: string, value: number): void {
  if (!(value > 0)) throw new RangeError(`${name} must be positive, got ${value}`);
}
