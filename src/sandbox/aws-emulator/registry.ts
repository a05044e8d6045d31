import type { JsonObject, JsonProtocol } from './protocol.ts';

/** What an operation handler gets besides its input. */
export interface OperationContext {
  /** Simulated epoch milliseconds. */
  now: number;
  /** From the request's SigV4 credential scope, else the emulator's default. */
  region: string;
  accountId: string;
}

/** Returns the operation's output, or throws an `AwsServiceError`. */
export type OperationHandler = (input: JsonObject, context: OperationContext) => unknown;

/**
 * One emulated AWS service. To add one (CloudWatch, Budgets), implement this in its own
 * folder and register it in `startAwsEmulator`; routing, faults, call recording and the
 * control API then work for it unchanged.
 */
export interface EmulatedService {
  /** Short name used in recorded calls, faults and `/_emulator/state` (`sagemaker`). */
  readonly name: string;
  /** The `X-Amz-Target` prefix before the dot: `SageMaker`, `GraniteServiceVersion20100801`, `AWSBudgetServiceGateway`. */
  readonly targetPrefix: string;
  readonly protocol: JsonProtocol;
  readonly operations: Readonly<Record<string, OperationHandler>>;
  /** A JSON view of everything the service holds, as of `now`. */
  snapshot(now: number): unknown;
  reset(): void;
}

export class ServiceRegistry {
  private readonly byPrefix = new Map<string, EmulatedService>();

  register(service: EmulatedService): void {
    this.byPrefix.set(service.targetPrefix, service);
  }

  /** Resolves `X-Amz-Target: <Prefix>.<Operation>`. */
  resolve(target: string): { service: EmulatedService; operation: string } | undefined {
    const dot = target.lastIndexOf('.');
    if (dot <= 0) return undefined;
    const service = this.byPrefix.get(target.slice(0, dot));
    if (!service) return undefined;
    return { service, operation: target.slice(dot + 1) };
  }

  get services(): EmulatedService[] {
    return [...this.byPrefix.values()];
  }
}
