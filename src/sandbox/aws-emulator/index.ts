import type { EventEmitter } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
  };
  /** Every call received, in order. */
  readonly calls: readonly RecordedCall[];
  callsOf(operation: string): RecordedCall[];
  /** `call` fires when a request arrives (before it is processed), `response` once answered. */
  readonly events: EventEmitter<EmulatorEvents>;
  readonly sagemaker: SageMakerService;
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
  // CloudWatch and Budgets register here the same way.

  const faults = new FaultInjector();
  const calls = new CallLog();
  const target: ControlTarget = {
    clock,
    registry,
    faults,
    calls,
    region: options.region ?? 'us-east-1',
    accountId: options.accountId ?? '123456789012',
    sagemaker,
    reset() {
      for (const service of registry.services) service.reset();
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
    },
    get calls() {
      return calls.all;
    },
    callsOf: (operation) => calls.of(operation),
    events: calls.events,
    sagemaker,
    reset: () => target.reset(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // The SDK keeps connections alive; without this close() waits for them to idle out.
        server.closeAllConnections();
      }),
  };
}
