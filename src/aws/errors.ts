import { AwsError } from '../errors.ts';

/*
 * SDK errors → AwsError(operation, awsCode, message, retryable). Decided from the error's
 * class name / `$fault` / `$metadata` / Node error code, never from its message text.
 */

/** Codes AWS services use for "slow down" (the SDK's own list); any of them can succeed later. */
const THROTTLING_CODES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'ProvisionedThroughputExceededException',
  'SlowDown',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
  'TransactionInProgressException',
]);

/** Server-side codes that are transient even when they arrive without a 5xx status. */
const TRANSIENT_CODES = new Set(['InternalFailure', 'InternalServerError', 'InternalError', 'ServiceUnavailable', 'ServiceUnavailableException', 'RequestTimeout', 'RequestTimeoutException']);

/** Node and SDK transport failures: the request may never have reached AWS, or its answer was lost. */
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_SOCKET']);
const NETWORK_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'AbortError']);

interface SdkErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  $fault?: unknown;
  $retryable?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

function shape(error: unknown): SdkErrorShape {
  return typeof error === 'object' && error !== null ? (error as SdkErrorShape) : {};
}

/**
 * The AWS error code of an error the service answered with (the SDK names the exception
 * after it), or undefined for anything else. The SDK attaches `$metadata` to transport
 * errors too; only service exceptions carry `$fault`.
 */
export function awsErrorCode(error: unknown): string | undefined {
  const e = shape(error);
  return (e.$fault === 'client' || e.$fault === 'server') && typeof e.name === 'string' ? e.name : undefined;
}

export function isRetryableAwsFailure(error: unknown): boolean {
  const e = shape(error);
  const name = typeof e.name === 'string' ? e.name : '';
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  if (THROTTLING_CODES.has(name) || TRANSIENT_CODES.has(name)) return true;
  if (e.$fault === 'server' || (status !== undefined && status >= 500) || status === 429) return true;
  if (e.$retryable !== undefined && e.$retryable !== null && typeof e.$retryable === 'object') return true;
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return true;
  return NETWORK_NAMES.has(name);
}

/** Wraps any error thrown by an SDK call; an AwsError passes through unchanged. */
export function toAwsError(operation: string, error: unknown): AwsError {
  if (error instanceof AwsError) return error;
  const e = shape(error);
  const code = awsErrorCode(error) ?? (typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : 'UnknownError');
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : String(error);
  return new AwsError(operation, code, message, isRetryableAwsFailure(error), { cause: error });
}
