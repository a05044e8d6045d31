import { setTimeout as sleep } from 'node:timers/promises';
import { signedTrainCommand } from './slash-command.ts';

export interface OpenLoopOptions {
  botUrl: string;
  /** Commands per second. */
  rate: number;
  count: number;
  /** A response_url for each command (minted by the fake Slack, never Slack's own host). */
  responseUrl: () => string;
  /** Called just before each request goes out, with performance.now(). */
  onSend?: (triggerId: string, at: number) => void;
  /** Called every `progressEvery` commands sent. */
  onProgress?: (sent: number) => void;
  progressEvery?: number;
}

export interface OpenLoopResult {
  sent: number;
  /** Answers with status 200 whose body says the command was queued. */
  queued: number;
  /** Answers that were not 200 or not "queued", and requests that failed. */
  failed: number;
  failures: string[];
  /** Ack latencies (request out → response in), ms. */
  ackMs: number[];
  /** Largest delay between when a command was due and when it went out, ms. */
  maxSendLagMs: number;
  maxInFlight: number;
  durationMs: number;
}

/**
 * Sends signed `/sm train` commands at a fixed rate without waiting for answers (open
 * loop): a slow bot shows up as latency, not as a lower send rate.
 */
export async function sendOpenLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const interval = 1000 / options.rate;
  const result: OpenLoopResult = { sent: 0, queued: 0, failed: 0, failures: [], ackMs: [], maxSendLagMs: 0, maxInFlight: 0, durationMs: 0 };
  const pending = new Set<Promise<void>>();
  const start = performance.now();
  for (let i = 0; i < options.count; i += 1) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const command = signedTrainCommand(options.responseUrl());
    const at = performance.now();
    result.maxSendLagMs = Math.max(result.maxSendLagMs, at - due);
    options.onSend?.(command.triggerId, at);
    const request = fetch(`${options.botUrl}/slack/events`, { method: 'POST', headers: command.headers, body: command.body, signal: AbortSignal.timeout(30_000) })
      .then(async (res) => {
        const text = await res.text();
        result.ackMs.push(performance.now() - at);
        if (res.status === 200 && /queued/i.test(text)) result.queued += 1;
        else fail(result, `${res.status} ${text.slice(0, 120)}`);
      })
      .catch((error: unknown) => fail(result, error instanceof Error ? `${error.name}: ${error.message}` : String(error)))
      .finally(() => pending.delete(request));
    pending.add(request);
    result.sent += 1;
    result.maxInFlight = Math.max(result.maxInFlight, pending.size);
    if (options.onProgress && result.sent % (options.progressEvery ?? 1000) === 0) options.onProgress(result.sent);
  }
  await Promise.all(pending);
  result.durationMs = performance.now() - start;
  return result;
}

function fail(result: OpenLoopResult, reason: string): void {
  result.failed += 1;
  if (result.failures.length < 5) result.failures.push(reason);
}
