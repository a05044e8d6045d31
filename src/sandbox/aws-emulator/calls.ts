import { EventEmitter } from 'node:events';
import type { JsonObject } from './protocol.ts';

/** One request the emulator received. */
export interface RecordedCall {
  service: string;
  operation: string;
  input: JsonObject;
  /** HTTP status answered; undefined until answered, 0 when the response was dropped. */
  status?: number;
  /** AWS error code answered, if any. */
  error?: string;
  /** Simulated epoch milliseconds when the call arrived. */
  at: number;
}

export interface EmulatorEvents {
  /** Emitted when a request arrives, before it is processed or answered. */
  call: [call: RecordedCall];
  /** Emitted once the call has been answered (or dropped). */
  response: [call: RecordedCall];
}

/** Every call, in arrival order, for tests and the control API. */
export class CallLog {
  readonly events = new EventEmitter<EmulatorEvents>();
  private readonly recorded: RecordedCall[] = [];

  get all(): readonly RecordedCall[] {
    return this.recorded;
  }

  of(operation: string): RecordedCall[] {
    return this.recorded.filter((call) => call.operation === operation);
  }

  received(call: RecordedCall): void {
    this.recorded.push(call);
    this.events.emit('call', call);
  }

  answered(call: RecordedCall, status: number, error?: string): void {
    call.status = status;
    if (error !== undefined) call.error = error;
    this.events.emit('response', call);
  }

  clear(): void {
    this.recorded.length = 0;
  }
}
