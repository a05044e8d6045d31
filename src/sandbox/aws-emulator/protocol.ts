import type { ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';

/*
 * The AWS JSON wire protocols (1.0 and 1.1), as far as the emulator needs them: request
 * bodies are JSON objects, timestamps are epoch-second numbers, errors carry their code in
 * `__type` and `x-amzn-ErrorType`, and query-compatible services (CloudWatch) repeat it in
 * `x-amzn-query-error` because the SDK reads the code from there.
 */

export interface JsonProtocol {
  version: '1.0' | '1.1';
  /** CloudWatch-style "awsQueryCompatible": errors also in `x-amzn-query-error: <Code>;<Sender|Receiver>`. */
  queryCompatible?: boolean;
}

export const AWS_JSON_1_1: JsonProtocol = { version: '1.1' };
export const AWS_JSON_1_0_QUERY_COMPATIBLE: JsonProtocol = { version: '1.0', queryCompatible: true };

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** An error the emulated service returns, in AWS's words. */
export class AwsServiceError extends Error {
  constructor(
    public code: string,
    message: string,
    public status = 400,
  ) {
    super(message);
    this.name = code;
  }
}

/** Default status and message of the error codes faults inject by name. */
const KNOWN_ERRORS: Record<string, { status: number; message: string }> = {
  ThrottlingException: { status: 400, message: 'Rate exceeded' },
  Throttling: { status: 400, message: 'Rate exceeded' },
  InternalFailure: { status: 500, message: 'We encountered an internal error. Please try again.' },
  ServiceUnavailable: { status: 503, message: 'Service is unavailable. Please try again later.' },
};

export function knownError(code: string, status?: number, message?: string): AwsServiceError {
  const known = KNOWN_ERRORS[code];
  return new AwsServiceError(code, message ?? known?.message ?? `Injected fault: ${code}`, status ?? known?.status ?? 400);
}

export function contentType(protocol: JsonProtocol): string {
  return `application/x-amz-json-${protocol.version}`;
}

/** Epoch milliseconds → the epoch-second number the SDK parses into a Date. */
export function toEpochSeconds(ms: number): number {
  return ms / 1000;
}

/** A timestamp member of a request (epoch seconds, as the SDK sends them) → epoch ms. */
export function fromTimestamp(value: JsonValue | undefined): number | undefined {
  if (typeof value === 'number') return value * 1000;
  if (typeof value === 'string') {
    const parsed = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return undefined;
}

function baseHeaders(protocol: JsonProtocol, requestId: string): Record<string, string> {
  return { 'content-type': contentType(protocol), 'x-amzn-requestid': requestId };
}

export function sendResult(res: ServerResponse, protocol: JsonProtocol, output: unknown, requestId: string = randomUUID()): void {
  const body = JSON.stringify(output ?? {});
  res.writeHead(200, { ...baseHeaders(protocol, requestId), 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The headers and body of an error response, as the given protocol encodes it. */
export function encodeError(
  protocol: JsonProtocol,
  error: AwsServiceError,
  requestId: string = randomUUID(),
): { status: number; headers: Record<string, string>; body: string } {
  const headers: Record<string, string> = { ...baseHeaders(protocol, requestId), 'x-amzn-errortype': error.code };
  if (protocol.queryCompatible) {
    headers['x-amzn-query-error'] = `${error.code};${error.status >= 500 ? 'Receiver' : 'Sender'}`;
  }
  const body = JSON.stringify({ __type: error.code, message: error.message });
  return { status: error.status, headers, body };
}

export function sendError(res: ServerResponse, protocol: JsonProtocol, error: AwsServiceError, requestId: string = randomUUID()): void {
  const encoded = encodeError(protocol, error, requestId);
  res.writeHead(encoded.status, { ...encoded.headers, 'content-length': Buffer.byteLength(encoded.body) });
  res.end(encoded.body);
}

/** Parses a request body; an empty body is `{}` as AWS treats it. */
export function decodeBody(raw: string): JsonObject {
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new AwsServiceError('SerializationException', 'Malformed JSON in request body');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AwsServiceError('SerializationException', 'Request body must be a JSON object');
  }
  return parsed as JsonObject;
}
