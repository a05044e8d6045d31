import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { FaultSpec } from './faults.ts';
import { AwsServiceError } from './protocol.ts';
import { TRAINING_PHASES } from './sagemaker/training-lifecycle.ts';
import { readBody, type EmulatorCore } from './server.ts';
import { handleWatcherControl, type WatcherControlTarget } from './cloudwatch/control-routes.ts';
import { seedModelRegistry, type SageMakerService } from './sagemaker/index.ts';

/*
 * `/_emulator/…`: the same controls tests have in-process, over JSON HTTP, for the sandbox
 * REPL and for tests that drive the bot in a child process.
 *
 *   GET    /_emulator/calls[?operation=&service=]   recorded calls
 *   DELETE /_emulator/calls                         forget them
 *   GET    /_emulator/clock                         { now, iso, speed }
 *   POST   /_emulator/clock/advance {ms}            move simulated time
 *   POST   /_emulator/clock/speed {speed}           sim ms per real ms (0 = frozen)
 *   GET    /_emulator/faults                        faults in force
 *   POST   /_emulator/faults {operation, error|latencyMs|dropResponse, status?, message?, service?, times?}
 *   DELETE /_emulator/faults                        remove all faults
 *   POST   /_emulator/scenarios/fail-training {nameContains?, reason?, at?}
 *   POST   /_emulator/scenarios/rollback-update {endpoint?, alarm?, reason?}
 *   POST   /_emulator/scenarios/fail-endpoint {endpoint?, reason?}
 *   POST   /_emulator/seed/model-packages {group, versions: [{approvalStatus?, metrics?, image?, trainingJob?, modelDataUrl?, description?}], region?}
 *   POST   /_emulator/scenarios/{metric,latency-spike,error-rate,invocations,query-failure,monitoring,drift,end,budget,spend-jump}
 *   POST   /_emulator/seed/endpoints {count, prefix?, ageMs?}   (see cloudwatch/control-routes.ts)
 *   GET    /_emulator/state                         every resource as of now
 *   POST   /_emulator/reset                         forget resources, calls, faults, scenarios
 */

const target = { operation: z.string().min(1), service: z.string().optional(), times: z.number().int().positive().optional() };
const faultSchema = z.union([
  z.object({ ...target, error: z.string().min(1), status: z.number().int().min(400).max(599).optional(), message: z.string().optional() }),
  z.object({ ...target, latencyMs: z.number().nonnegative() }),
  z.object({ ...target, dropResponse: z.literal(true) }),
]);
const failTrainingSchema = z.object({
  nameContains: z.string().optional(),
  reason: z.string().optional(),
  at: z.enum(TRAINING_PHASES).optional(),
});

const rollbackUpdateSchema = z.object({ endpoint: z.string().optional(), alarm: z.string().optional(), reason: z.string().optional() });
const failEndpointSchema = z.object({ endpoint: z.string().optional(), reason: z.string().optional() });
const seedSchema = z.object({
  group: z.string().min(1),
  region: z.string().optional(),
  versions: z.array(
    z.object({
      approvalStatus: z.enum(['Approved', 'Rejected', 'PendingManualApproval']).optional(),
      metrics: z.record(z.string(), z.number()).optional(),
      image: z.string().optional(),
      trainingJob: z.string().optional(),
      modelDataUrl: z.string().optional(),
      description: z.string().optional(),
    }),
  ),
});

export interface ControlTarget extends EmulatorCore, Omit<WatcherControlTarget, keyof EmulatorCore> {
  sagemaker: SageMakerService;
  reset(): void;
}

class ControlError extends Error {
  constructor(
    public status: number,
    message: string,
  ) {
    super(message);
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function json<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  const raw = await readBody(req);
  let value: unknown;
  try {
    value = raw.trim() === '' ? {} : JSON.parse(raw);
  } catch {
    throw new ControlError(400, 'body is not JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new ControlError(400, z.prettifyError(parsed.error));
  return parsed.data;
}

export async function handleControlRequest(emulator: ControlTarget, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator');
  const route = `${req.method ?? 'GET'} ${url.pathname.replace(/\/+$/, '')}`;
  try {
    switch (route) {
      case 'GET /_emulator/calls': {
        const operation = url.searchParams.get('operation');
        const service = url.searchParams.get('service');
        const calls = emulator.calls.all.filter((c) => (!operation || c.operation === operation) && (!service || c.service === service));
        return send(res, 200, { calls });
      }
      case 'DELETE /_emulator/calls':
        emulator.calls.clear();
        return send(res, 200, { ok: true });
      case 'GET /_emulator/clock':
        return send(res, 200, clockView(emulator));
      case 'POST /_emulator/clock/advance': {
        const { ms } = await json(req, z.object({ ms: z.number().nonnegative() }));
        emulator.clock.advance(ms);
        return send(res, 200, clockView(emulator));
      }
      case 'POST /_emulator/clock/speed': {
        const { speed } = await json(req, z.object({ speed: z.number().nonnegative() }));
        emulator.clock.setSpeed(speed);
        return send(res, 200, clockView(emulator));
      }
      case 'GET /_emulator/faults':
        return send(res, 200, { faults: emulator.faults.list() });
      case 'POST /_emulator/faults': {
        const spec = (await json(req, faultSchema)) as FaultSpec;
        return send(res, 200, { id: emulator.faults.inject(spec) });
      }
      case 'DELETE /_emulator/faults':
        emulator.faults.clear();
        return send(res, 200, { ok: true });
      case 'POST /_emulator/scenarios/fail-training': {
        const scenario = await json(req, failTrainingSchema);
        emulator.sagemaker.training.failNext(scenario);
        return send(res, 200, { ok: true });
      }
      case 'POST /_emulator/scenarios/rollback-update': {
        emulator.sagemaker.endpointStore.rollbackNextUpdate(await json(req, rollbackUpdateSchema));
        return send(res, 200, { ok: true });
      }
      case 'POST /_emulator/scenarios/fail-endpoint': {
        emulator.sagemaker.endpointStore.failNext(await json(req, failEndpointSchema));
        return send(res, 200, { ok: true });
      }
      case 'POST /_emulator/seed/model-packages': {
        const input = await json(req, seedSchema);
        return send(res, 200, seedModelRegistry(emulator, input));
      }
      case 'GET /_emulator/state': {
        const now = emulator.clock.now();
        const services = Object.fromEntries(emulator.registry.services.map((s) => [s.name, s.snapshot(now)]));
        return send(res, 200, { ...clockView(emulator), services, faults: emulator.faults.list() });
      }
      case 'POST /_emulator/reset':
        emulator.reset();
        return send(res, 200, { ok: true });
      default: {
        const result = await handleWatcherControl(emulator, route, req);
        if (result === undefined) throw new ControlError(404, `no control route ${route}`);
        return send(res, 200, result);
      }
    }
  } catch (error) {
    if (error instanceof ControlError) return send(res, error.status, { error: error.message });
    // A seed the emulated service refuses (a bad group name): the caller's mistake, in AWS's words.
    if (error instanceof AwsServiceError) return send(res, error.status, { error: error.message, code: error.code });
    return send(res, 500, { error: error instanceof Error ? error.message : String(error) });
  }
}

function clockView(emulator: ControlTarget): { now: number; iso: string; speed: number } {
  const now = emulator.clock.now();
  return { now, iso: new Date(now).toISOString(), speed: emulator.clock.speed };
}
