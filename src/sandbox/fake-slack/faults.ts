/**
 * Faults a test injects into the fake, each matched by Web API method (and optionally
 * channel) and used up after `times` calls.
 */
interface FaultBase {
  method: string;
  /** Only calls for this channel. */
  channel?: string;
  /** How many matching calls it affects. @defaultValue 1 (Infinity for "always") */
  times?: number;
}

export type Fault =
  | (FaultBase & { kind: 'rateLimit'; retryAfterSec: number })
  | (FaultBase & { kind: 'error'; error: string; status?: number })
  | (FaultBase & { kind: 'dropResponse' })
  | (FaultBase & { kind: 'latency'; ms: number });

type Armed = Fault & { remaining: number };

export class Faults {
  private armed: Armed[] = [];

  /** Answers HTTP 429 with `Retry-After: retryAfterSec` without applying the call. */
  rateLimit(options: FaultBase & { retryAfterSec?: number }): void {
    this.arm({ kind: 'rateLimit', retryAfterSec: options.retryAfterSec ?? 1, ...options });
  }

  /** Answers `{ ok: false, error }` (HTTP `status`, default 200) without applying the call. */
  error(options: FaultBase & { error: string; status?: number }): void {
    this.arm({ kind: 'error', ...options });
  }

  /** Applies the call, then destroys the socket without answering: the caller cannot know it worked. */
  dropResponse(options: FaultBase): void {
    this.arm({ kind: 'dropResponse', ...options });
  }

  /** Waits `ms` before handling the call. */
  latency(options: FaultBase & { ms: number }): void {
    this.arm({ kind: 'latency', ...options });
  }

  clear(): void {
    this.armed = [];
  }

  /** The next armed fault of one of `kinds` matching the call, used up by this call. */
  take<K extends Fault['kind']>(kinds: readonly K[], method: string, channel: string | undefined): Extract<Fault, { kind: K }> | undefined {
    const fault = this.armed.find(
      (f) => (kinds as readonly string[]).includes(f.kind) && f.method === method && (f.channel === undefined || f.channel === channel) && f.remaining > 0,
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    this.armed = this.armed.filter((f) => f.remaining > 0);
    return fault as unknown as Extract<Fault, { kind: K }>;
  }

  private arm(fault: Fault): void {
    this.armed.push({ ...fault, remaining: fault.times ?? 1 });
  }
}
