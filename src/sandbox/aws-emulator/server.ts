import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CallLog, RecordedCall } from './calls.ts';
import type { SimClock } from './clock.ts';
import type { FaultInjector } from './faults.ts';
import { AWS_JSON_1_1, AwsServiceError, decodeBody, sendError, sendResult, type JsonObject } from './protocol.ts';
import type { ServiceRegistry } from './registry.ts';

/** Everything the AWS request handler works with. */
export interface EmulatorCore {
  clock: SimClock;
  registry: ServiceRegistry;
  faults: FaultInjector;
  calls: CallLog;
  region: string;
  accountId: string;
}

/** Requests larger than this are refused: nothing the bot sends comes close. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new AwsServiceError('SerializationException', 'Request body too large', 413);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The region of the SigV4 credential scope (`Credential=AKID/20260101/us-east-1/sagemaker/aws4_request`). */
function regionOf(authorization: string | undefined): string | undefined {
  return authorization ? /Credential=[^/,\s]+\/\d{8}\/([^/]+)\//.exec(authorization)?.[1] : undefined;
}

/**
 * Answers one AWS API request: routes on `X-Amz-Target`, records the call, applies the
 * faults in force, runs the operation against simulated time, and encodes the answer in
 * the service's protocol. Signatures are not verified, but a request must carry one.
 */
export async function handleAwsRequest(core: EmulatorCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const target = String(req.headers['x-amz-target'] ?? '');
  const route = core.registry.resolve(target);
  const protocol = route?.service.protocol ?? AWS_JSON_1_1;
  const raw = await readBody(req);
  let input: JsonObject = {};
  let decodeError: AwsServiceError | undefined;
  try {
    input = decodeBody(raw);
  } catch (error) {
    decodeError = error instanceof AwsServiceError ? error : new AwsServiceError('SerializationException', String(error));
  }

  const call: RecordedCall = {
    service: route?.service.name ?? 'unknown',
    operation: route?.operation ?? (target || 'unknown'),
    input,
    at: core.clock.now(),
  };
  core.calls.received(call);

  const fail = (error: AwsServiceError): void => {
    sendError(res, protocol, error);
    core.calls.answered(call, error.status, error.code);
  };

  if (req.method !== 'POST') return fail(new AwsServiceError('UnknownOperationException', `${req.method} is not supported`, 404));
  if (!req.headers.authorization) return fail(new AwsServiceError('MissingAuthenticationTokenException', 'Missing Authentication Token', 403));
  if (!route) return fail(new AwsServiceError('UnknownOperationException', `Unknown operation ${target || '(no X-Amz-Target)'}`));
  if (decodeError) return fail(decodeError);

  const plan = core.faults.plan(route.service.name, route.operation);
  if (plan.latencyMs > 0) await sleep(plan.latencyMs);
  if (plan.error) return fail(plan.error);

  const handler = route.service.operations[route.operation];
  if (!handler) return fail(new AwsServiceError('UnknownOperationException', `Unknown operation ${target}`));
  let output: unknown;
  try {
    output = await handler(input, { now: core.clock.now(), region: regionOf(req.headers.authorization) ?? core.region, accountId: core.accountId });
  } catch (error) {
    if (error instanceof AwsServiceError) return fail(error);
    // A bug in the emulator: answer as AWS would, and say what broke.
    return fail(new AwsServiceError('InternalFailure', error instanceof Error ? (error.stack ?? error.message) : String(error), 500));
  }

  if (plan.dropResponse) {
    // The operation took effect, but the caller never hears so: what a lost response looks like.
    req.socket.destroy();
    core.calls.answered(call, 0);
    return;
  }
  sendResult(res, protocol, output);
  core.calls.answered(call, 200);
}
