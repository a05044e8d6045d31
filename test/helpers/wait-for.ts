import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitForOptions {
  /** Give up after this long (a bound that turns a hang into a clear failure, not a timing assertion). @defaultValue 20000 */
  timeoutMs?: number;
  /** @defaultValue 25 */
  intervalMs?: number;
  /** Says what was awaited when it times out. */
  message?: string;
}

/**
 * Polls `fn` until it returns a value other than undefined/false (or stops throwing) and
 * returns that value. A bound on waiting for an outcome, not a timing assertion: the
 * timeout only turns a hang into a clear failure.
 */
export async function waitFor<T>(fn: () => T | Promise<T>, options: WaitForOptions = {}): Promise<Exclude<T, undefined | false>> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let lastError: unknown;
  for (;;) {
    try {
      const value = await fn();
      if (value !== undefined && value !== false) return value as Exclude<T, undefined | false>;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`waitFor timed out after ${options.timeoutMs ?? 20_000} ms${options.message ? ` (${options.message})` : ''}${reason}`, { cause: lastError });
    }
    await sleep(options.intervalMs ?? 25);
  }
}
