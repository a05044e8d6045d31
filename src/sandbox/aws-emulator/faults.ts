import { knownError, type AwsServiceError } from './protocol.ts';

/** Which calls a fault applies to. `operation` is the bare name (`CreateTrainingJob`). */
interface FaultTarget {
  operation: string;
  /** Service name (`sagemaker`); any service when absent. */
  service?: string;
  /**
   * How many matching calls the fault affects before it expires.
   * @defaultValue unlimited
   */
  times?: number;
}

/** Answer with an AWS error instead of running the operation. */
export interface ErrorFault extends FaultTarget {
  /** `ThrottlingException` (400), `InternalFailure` (500), `ServiceUnavailable` (503) or any code. */
  error: string;
  /** @defaultValue the code's usual status, 400 for unknown codes */
  status?: number;
  message?: string;
}

/** Wait this many real milliseconds before running the operation. */
export interface LatencyFault extends FaultTarget {
  latencyMs: number;
}

/** Run the operation, then destroy the socket without answering (the caller never learns the outcome). */
export interface DropResponseFault extends FaultTarget {
  dropResponse: true;
}

export type FaultSpec = ErrorFault | LatencyFault | DropResponseFault;

interface ActiveFault {
  id: number;
  spec: FaultSpec;
  remaining: number;
}

/** What the faults in force do to one call. */
export interface FaultPlan {
  latencyMs: number;
  error?: AwsServiceError;
  dropResponse: boolean;
}

export class FaultInjector {
  private active: ActiveFault[] = [];
  private nextId = 1;

  /** Adds a fault; returns its id for `remove()`. */
  inject(spec: FaultSpec): number {
    if (spec.times !== undefined && (!Number.isInteger(spec.times) || spec.times < 1)) {
      throw new RangeError(`fault times must be a positive integer, got ${spec.times}`);
    }
    const id = this.nextId++;
    this.active.push({ id, spec, remaining: spec.times ?? Number.POSITIVE_INFINITY });
    return id;
  }

  remove(id: number): void {
    this.active = this.active.filter((fault) => fault.id !== id);
  }

  clear(): void {
    this.active = [];
  }

  /** The faults still in force, with how many calls each has left. */
  list(): (FaultSpec & { id: number; remaining: number | null })[] {
    return this.active.map((f) => ({ ...f.spec, id: f.id, remaining: Number.isFinite(f.remaining) ? f.remaining : null }));
  }

  /**
   * Decides what happens to one call and uses up the faults that fire: every matching
   * latency fault adds its delay, the first matching error fault answers instead of the
   * operation, and a drop fires only when no error does.
   */
  plan(service: string, operation: string): FaultPlan {
    const plan: FaultPlan = { latencyMs: 0, dropResponse: false };
    const matching = this.active.filter((f) => f.spec.operation === operation && (f.spec.service === undefined || f.spec.service === service));
    for (const fault of matching) {
      if ('latencyMs' in fault.spec) {
        plan.latencyMs += fault.spec.latencyMs;
        fault.remaining -= 1;
      }
    }
    const errorFault = matching.find((f) => 'error' in f.spec);
    if (errorFault && 'error' in errorFault.spec) {
      plan.error = knownError(errorFault.spec.error, errorFault.spec.status, errorFault.spec.message);
      errorFault.remaining -= 1;
    } else {
      const drop = matching.find((f) => 'dropResponse' in f.spec);
      if (drop) {
        plan.dropResponse = true;
        drop.remaining -= 1;
      }
    }
    this.active = this.active.filter((f) => f.remaining > 0);
    return plan;
  }
}
