import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import getRawBody from 'raw-body';
import { slackSignatureValid } from './slack/signature.ts';

/** Slack's own window for a request timestamp, applied both ways (Bolt checks only the past). */
export const TIMESTAMP_WINDOW_SECONDS = 300;
/** Larger bodies are refused unread (Slack's largest, a modal submission, is far smaller). */
export const MAX_BODY_BYTES = 1_048_576;

export interface HttpServerOptions {
  /**
   * `POST /slack/events`: Bolt's request listener, which runs only for requests this server
   * has verified (timestamp window, then signature); Bolt's own check is off. Absent in
   * Socket Mode.
   */
  slack?: { listener: RequestListener; signingSecret: string };
  redis: Redis;
  registry: Registry;
  /** A further readiness check, after Redis's (Socket Mode: the socket has not been down too long). */
  ready?: () => Readiness;
  now?: () => number;
}

export interface Readiness {
  ok: boolean;
  reason?: string;
}

/**
 * The bot's HTTP surface: `POST /slack/events` (Bolt, behind a timestamp check), `GET
 * /healthz` (the process is up), `GET /readyz` (Redis answers and will not evict queue
 * keys, and the `ready` check passes), `GET /metrics` (Prometheus).
 */
export function createHttpServer(options: HttpServerOptions): Server {
  const now = options.now ?? Date.now;
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') return send(res, 200, { ok: true });
    if (req.method === 'GET' && path === '/readyz') return void readiness(options.redis, options.ready).then(({ ok, reason }) => send(res, ok ? 200 : 503, { ok, ...(reason ? { reason } : {}) }));
    if (req.method === 'GET' && path === '/metrics') {
      return void options.registry.metrics().then((body) => {
        res.writeHead(200, { 'content-type': options.registry.contentType });
        res.end(body);
      });
    }
    if (path === '/slack/events' && options.slack) {
      if (!timestampFresh(req, now())) return send(res, 401, { ok: false, error: 'stale or future request timestamp' });
      return void verified(req, options.slack.signingSecret).then(
        (outcome) => (outcome === 'ok' ? options.slack!.listener(req, res) : send(res, outcome.status, { ok: false, error: outcome.error })),
        () => send(res, 400, { ok: false, error: 'could not read the request body' }),
      );
    }
    return send(res, 404, { ok: false, error: 'not found' });
  });
}

/**
 * Reads the body (at most MAX_BODY_BYTES) and checks Slack's signature over it. A verified
 * request carries its body as `rawBody`, where Bolt's receiver takes it from.
 */
async function verified(req: IncomingMessage, signingSecret: string): Promise<'ok' | { status: number; error: string }> {
  let body: Buffer;
  try {
    body = await getRawBody(req, { limit: MAX_BODY_BYTES });
  } catch (error) {
    if ((error as { type?: string }).type === 'entity.too.large') return { status: 413, error: 'request body too large' };
    throw error;
  }
  const signature = req.headers['x-slack-signature'];
  if (!slackSignatureValid(signingSecret, String(req.headers['x-slack-request-timestamp']), body, Array.isArray(signature) ? signature[0] : signature)) {
    return { status: 401, error: 'invalid signature' };
  }
  (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
  return 'ok';
}

/** Rejects a request whose X-Slack-Request-Timestamp is more than 5 minutes away from now, either way. */
export function timestampFresh(req: IncomingMessage, nowMs: number): boolean {
  const header = req.headers['x-slack-request-timestamp'];
  const seconds = Number(Array.isArray(header) ? header[0] : header);
  return Number.isFinite(seconds) && Math.abs(nowMs / 1_000 - seconds) <= TIMESTAMP_WINDOW_SECONDS;
}

/**
 * Redis must answer and run with `maxmemory-policy noeviction`, or queued jobs can vanish;
 * then the `extra` check, if any, must pass.
 */
export async function readiness(redis: Redis, extra?: () => Readiness): Promise<Readiness> {
  const redisReady = await redisReadiness(redis);
  return redisReady.ok && extra ? extra() : redisReady;
}

async function redisReadiness(redis: Redis): Promise<Readiness> {
  try {
    const info = await Promise.race([
      redis.info('memory'),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('Redis did not answer within 1 s')), 1_000).unref()),
    ]);
    const policy = /maxmemory_policy:(\S+)/.exec(info)?.[1];
    if (policy !== 'noeviction') return { ok: false, reason: `Redis maxmemory-policy is ${policy ?? 'unknown'}; it must be noeviction` };
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `Redis unreachable: ${(error as Error).message}` };
  }
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
