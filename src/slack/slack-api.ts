import {
  ErrorCode,
  LogLevel,
  WebClient,
  type Logger as SlackLogger,
  type WebAPIHTTPError,
  type WebAPIPlatformError,
  type WebAPIRateLimitedError,
} from '@slack/web-api';
import { SlackError } from '../errors.ts';
import type { Logger } from '../logger.ts';

/**
 * Platform errors (`{ ok: false, error }`) that can succeed when tried again. Every other
 * platform error is a fact about the request (bad blocks, unknown channel, no access) and
 * fails the same way each time.
 */
const TRANSIENT_PLATFORM_ERRORS = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

export interface SlackClientOptions {
  token: string;
  /** Web API base URL (SLACK_API_URL); the fake's `apiUrl` in tests. @defaultValue Slack's own */
  apiUrl?: string;
  logger: Logger;
  /** Per-request timeout: a hung call must end before the outbox's delivery lock does. @defaultValue 10000 */
  timeoutMs?: number;
}

/**
 * The one place the Web API client is built. It never retries or waits on its own
 * (`retries: 0`, `rejectRateLimitedCalls`): the outbox owns retries and rate limits, across
 * replicas, and a client-side sleep would hold a worker slot.
 */
export function createSlackClient(options: SlackClientOptions): WebClient {
  return new WebClient(options.token, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl } : {}),
    logger: slackLogger(options.logger),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
  });
}

/** Adapts pino to the Web API's logger interface (its debug chatter goes to debug). */
export function slackLogger(logger: Logger): SlackLogger {
  const child = logger.child({ component: 'slack-web-api' });
  const text = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
  let level = LogLevel.INFO;
  return {
    debug: (...msg: unknown[]) => child.debug(text(msg)),
    info: (...msg: unknown[]) => child.info(text(msg)),
    // The client warns on every failed request; the caller decides what is worth a warning.
    warn: (...msg: unknown[]) => child.debug(text(msg)),
    error: (...msg: unknown[]) => child.error(text(msg)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

function codeOf(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? (error as { code: unknown }).code : undefined;
}

/** Maps anything the WebClient throws to a SlackError, by the client's error codes. */
export function toSlackError(method: string, error: unknown): SlackError {
  if (error instanceof SlackError) return error;
  const options = { cause: error };
  switch (codeOf(error)) {
    case ErrorCode.RateLimitedError: {
      const retryAfterSec = (error as WebAPIRateLimitedError).retryAfter;
      return new SlackError(method, 'ratelimited', true, Math.max(0, retryAfterSec) * 1000, options);
    }
    case ErrorCode.PlatformError: {
      const slackCode = (error as WebAPIPlatformError).data.error;
      return new SlackError(method, slackCode, TRANSIENT_PLATFORM_ERRORS.has(slackCode), undefined, options);
    }
    case ErrorCode.HTTPError: {
      const status = (error as WebAPIHTTPError).statusCode;
      return new SlackError(method, `http_${status}`, status >= 500 || status === 408, undefined, options);
    }
    case ErrorCode.RequestError:
      return new SlackError(method, 'request_error', true, undefined, options);
    default:
      return new SlackError(method, 'unexpected_error', false, undefined, options);
  }
}

/**
 * True when a failed call may nevertheless have been applied by Slack: the request was
 * sent but no answer came back (connection reset, timeout) or the server failed mid-way.
 */
export function mayHaveBeenApplied(error: SlackError): boolean {
  const code = codeOf(error.cause);
  if (code === ErrorCode.RequestError) return true;
  return code === ErrorCode.HTTPError && (error.cause as WebAPIHTTPError).statusCode >= 500;
}

/** Runs one Web API call and rethrows its failure as a SlackError. */
export async function slackCall<T>(method: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toSlackError(method, error);
  }
}
