import { setTimeout as sleep } from 'node:timers/promises';
import { SlackError } from '../errors.ts';

/** A message for a response_url. */
export interface ResponseMessage {
  text: string;
  blocks?: unknown[];
  /** @defaultValue 'ephemeral' */
  response_type?: 'ephemeral' | 'in_channel';
  /** Replace the message the interaction came from. @defaultValue false */
  replace_original?: boolean;
  delete_original?: boolean;
  thread_ts?: string;
}

export interface RespondOptions {
  /** Tries after the first on network errors and 5xx. @defaultValue 2 */
  retries?: number;
  /** @defaultValue 5000 */
  timeoutMs?: number;
  /** First backoff; doubles each try. @defaultValue 200 */
  backoffMs?: number;
}

/**
 * POSTs to a slash command's or click's response_url (5 uses within 30 minutes, says
 * Slack). Ephemeral and not replacing unless asked, so a reply never overwrites a channel
 * message by accident. Network errors and 5xx are retried a couple of times; an expired or
 * used URL is not (SlackError, not retryable).
 */
export async function respond(responseUrl: string, message: ResponseMessage, options: RespondOptions = {}): Promise<void> {
  const retries = options.retries ?? 2;
  const body = JSON.stringify({ response_type: 'ephemeral', replace_original: false, ...message });
  let lastError: SlackError | undefined;
  for (let attempt = 0; attempt <= retries; attempt += 1) {
    if (attempt > 0) await sleep((options.backoffMs ?? 200) * 2 ** (attempt - 1));
    let response: Response;
    try {
      response = await fetch(responseUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
      });
    } catch (error) {
      lastError = new SlackError('response_url', 'request_error', true, undefined, { cause: error });
      continue;
    }
    if (response.ok) {
      await response.body?.cancel();
      return;
    }
    const code = await errorCode(response);
    lastError = new SlackError('response_url', code, response.status >= 500, undefined);
    if (!lastError.retryable) throw lastError;
  }
  throw lastError ?? new SlackError('response_url', 'request_error', true);
}

async function errorCode(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    const parsed = JSON.parse(text) as { error?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
  } catch {
    // Slack answers some failures in plain text.
  }
  return text.trim().slice(0, 60) || `http_${response.status}`;
}
