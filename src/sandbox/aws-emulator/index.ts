import type { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BudgetsService, type BudgetSpec } from './budgets/index.ts';
import { CloudWatchService } from './cloudwatch/index.ts';
import { driftMetrics } from './cloudwatch/drift-metrics.ts';
import { healthyEndpointMetrics } from './cloudwatch/endpoint-metrics.ts';
import {
  MetricScenarios,
  type DriftScenario,
  type EndpointScenario,
  type MetricScenario,
  type MonitoringScenario,
  type QueryFailureScenario,
} from './cloudwatch/scenarios.ts';
import { CallLog, type EmulatorEvents, type RecordedCall } from './calls.ts';
import { SimClock } from './clock.ts';
import { handleControlRequest, type ControlTarget } from './control-api.ts';
import { FaultInjector } from './faults.ts';
import { AwsServiceError, AWS_JSON_1_1, sendError } from './protocol.ts';
import { ServiceRegistry } from './registry.ts';
import {
  SageMakerService,
  type EndpointDurations,
  type EndpointFailureScenario,
  type EndpointRollbackScenario,
  type TrainingDurations,
  type TrainingFailureScenario,
} from './sagemaker/index.ts';
import { handleAwsRequest } from './server.ts';

export { SimClock, type SimClockOptions } from './clock.ts';
export { CloudWatchService, MAX_DATAPOINTS, MAX_QUERIES, LIST_METRICS_PAGE, type MetricId } from './cloudwatch/index.ts';
export { BudgetsService, periodOf, type BudgetSpec, type BudgetTimeUnit, type Period } from './budgets/index.ts';
export type { DriftScenario, EndpointScenario, MetricScenario, MonitoringScenario, QueryFailureScenario, ScenarioWindow } from './cloudwatch/scenarios.ts';
export { seedEndpoints, type SeedEndpointsOptions, type SeedEndpointsTarget } from './cloudwatch/seed-endpoints.ts';
export { DEFAULT_DRIFT_METRIC_NAMES, DRIFT_BASELINE, type DriftMetricNames, type MonitoringType } from './sagemaker/index.ts';
export type { FaultSpec, ErrorFault, LatencyFault, DropResponseFault } from './faults.ts';
export type { RecordedCall, EmulatorEvents } from './calls.ts';
export { encodeError, AwsServiceError, AWS_JSON_1_1, AWS_JSON_1_0_QUERY_COMPATIBLE, type JsonProtocol } from './protocol.ts';
export type { EmulatedService, OperationHandler, OperationContext } from './registry.ts';
export { DEFAULT_TRAINING_DURATIONS, type TrainingDurations, type TrainingFailureScenario } from './sagemaker/index.ts';
export {
  DEFAULT_ENDPOINT_DURATIONS,
  DEFAULT_SEED_IMAGE,
  seedModelRegistry,
  type EndpointDurations,
  type EndpointFailureScenario,
  type EndpointRollbackScenario,
  type SeedModelRegistryInput,
  type SeedModelRegistryResult,
  type SeedModelVersion,
  type SeedTarget,
} from './sagemaker/index.ts';

export interface AwsEmulatorOptions {
  /** @defaultValue 0 (a free port) */
  port?: number;
  /** @defaultValue '127.0.0.1' */
  host?: string;
  /** @defaultValue a frozen SimClock starting at the real time (moves only when advanced) */
  clock?: SimClock;
  /** Phase durations of training jobs. @defaultValue {@link DEFAULT_TRAINING_DURATIONS} */
  training?: Partial<TrainingDurations>;
  /** How long endpoint creations, updates and rollbacks take. @defaultValue {@link DEFAULT_ENDPOINT_DURATIONS} */
  endpoints?: Partial<EndpointDurations>;
  /** Region used in ARNs when a request's credential scope names none. @defaultValue 'us-east-1' */
  region?: string;
  /** @defaultValue '123456789012' */
  accountId?: string;
}

export interface AwsEmulator {
  /** Base URL to give the SDK as `endpoint` or `AWS_ENDPOINT_URL`. */
  readonly url: string;
  readonly port: number;
  /** Region used in ARNs when a request names none, and by `seedModelRegistry`. */
  readonly region: string;
  readonly accountId: string;
  readonly clock: SimClock;
  readonly faults: FaultInjector;
  readonly scenarios: {
    /** Makes the next training job whose name matches fail (halfway through `at`, default Training). */
    failTraining(scenario?: TrainingFailureScenario): void;
    /**
     * Makes the next UpdateEndpoint of the endpoint (any endpoint when absent) go Updating →
     * RollingBack (an alarm fires halfway through the first bake) → InService with the old
     * config, with a FailureReason naming the alarm.
     */
    rollbackNextUpdate(scenario?: EndpointRollbackScenario): void;
    /** Makes the next CreateEndpoint of that name (any when absent) end Failed instead of InService. */
    failNextEndpoint(scenario?: EndpointFailureScenario): void;
    /**
     * A CloudWatch series: a constant `value`, a per-minute `fn(t)` (undefined leaves what lies
     * beneath), or constant `segments`. Returns the scenario id (for `end`).
     */
    metric(scenario: MetricScenario): string;
    /** The endpoint's ModelLatency (every statistic, p99 included) is `p99Ms` over the window. */
    latencySpike(scenario: EndpointScenario & { p99Ms: number }): string;
    /** Invocation5XXErrors = `rate` × Invocations over the window. */
    errorRate(scenario: EndpointScenario & { rate: number }): string;
    /** Invocations per minute over the window (0: idle). */
    invocations(scenario: EndpointScenario & { perMinute: number }): string;
    /** Matching GetMetricData queries answer StatusCode InternalError (or Forbidden) with no values. */
    queryFailure(scenario: QueryFailureScenario): string;
    /** A Model Monitor schedule on the endpoint, executing every `every` (default 1h) of sim time. Returns its name. */
    monitoring(scenario: MonitoringScenario): string;
    /**
     * `feature` drifts: executions scheduled in the window end CompletedWithViolations and
     * report `value` for feature_baseline_drift_<feature>. Creates an hourly schedule when
     * the endpoint has none. Returns the scenario id.
     */
    drift(scenario: DriftScenario): string;
    /** Ends a metric, failure or drift scenario at `at` (default now); false for an unknown id. */
    end(id: string, at?: number): boolean;
    /** A budget whose spend accrues `spendPerDay` (or `spend(t, period)`); forecast is linear. Returns its name. */
    budget(spec: BudgetSpec): string;
    /** Actual spend of the budget jumps now to `toPercent` of its limit. Returns the USD added. */
    spendJump(input: { name: string; toPercent: number; at?: number }): number;
  };
  /** Every call received, in order. */
  readonly calls: readonly RecordedCall[];
  callsOf(operation: string): RecordedCall[];
  /** `call` fires when a request arrives (before it is processed), `response` once answered. */
  readonly events: EventEmitter<EmulatorEvents>;
  readonly sagemaker: SageMakerService;
  readonly cloudwatch: CloudWatchService;
  readonly budgets: BudgetsService;
  /** Forgets every resource, call, fault and scenario; the clock keeps its time. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * Starts the offline AWS: one HTTP server speaking the services' wire protocols, routed on
 * `X-Amz-Target`, plus a JSON control API under `/_emulator/`.
 */
export async function startAwsEmulator(options: AwsEmulatorOptions = {}): Promise<AwsEmulator> {
  const clock = options.clock ?? new SimClock();
  const registry = new ServiceRegistry();
  const sagemaker = new SageMakerService(clock, options.training, options.endpoints);
  registry.register(sagemaker);
  const cloudwatch = new CloudWatchService((now) => [...sagemaker.endpointStore.records.flatMap((e) => healthyEndpointMetrics(e, now)), ...driftMetrics(sagemaker.monitoring)]);
  registry.register(cloudwatch);
  const budgets = new BudgetsService(clock);
  registry.register(budgets);
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  const metricScenarios = new MetricScenarios(cloudwatch, sagemaker.monitoring, () => ({ now: clock.now(), region, accountId }));

  const faults = new FaultInjector();
  const calls = new CallLog();
  const target: ControlTarget = {
    clock,
    registry,
    faults,
    calls,
    region,
    accountId,
    sagemaker,
    budgets,
    metricScenarios,
    reset() {
      for (const service of registry.services) service.reset();
      metricScenarios.reset();
      faults.clear();
      calls.clear();
    },
  };

  const server = createServer((req, res) => {
    const work = req.url?.startsWith('/_emulator/') ? handleControlRequest(target, req, res) : handleAwsRequest(target, req, res);
    work.catch((error: unknown) => {
      if (res.headersSent || res.destroyed) return;
      const failure = error instanceof AwsServiceError ? error : new AwsServiceError('InternalFailure', String(error), 500);
      sendError(res, AWS_JSON_1_1, failure);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    region: target.region,
    accountId: target.accountId,
    clock,
    faults,
    scenarios: {
      failTraining: (scenario = {}) => sagemaker.training.failNext(scenario),
      rollbackNextUpdate: (scenario = {}) => sagemaker.endpointStore.rollbackNextUpdate(scenario),
      failNextEndpoint: (scenario = {}) => sagemaker.endpointStore.failNext(scenario),
      metric: (scenario) => metricScenarios.metric(scenario),
      latencySpike: (scenario) => metricScenarios.latencySpike(scenario),
      errorRate: (scenario) => metricScenarios.errorRate(scenario),
      invocations: (scenario) => metricScenarios.invocations(scenario),
      queryFailure: (scenario) => metricScenarios.queryFailure(scenario),
      monitoring: (scenario) => metricScenarios.monitoring(scenario),
      drift: (scenario) => metricScenarios.drift(scenario),
      end: (id, at) => metricScenarios.end(id, at),
      budget: (spec) => budgets.budget(spec),
      spendJump: (input) => budgets.spendJump(input),
    },
    get calls() {
      return calls.all;
    },
    callsOf: (operation) => calls.of(operation),
    events: calls.events,
    sagemaker,
    cloudwatch,
    budgets,
    reset: () => target.reset(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // The SDK keeps connections alive; without this close() waits for them to idle out.
        server.closeAllConnections();
      }),
  };
}
