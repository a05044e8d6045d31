import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHttpServer, MAX_BODY_BYTES, readiness } from '../../src/http-server.ts';
import { signSlackRequest } from '../../src/sandbox/slack-signer.ts';
import { findExecutable, freePort, startRedisServer, type PrivateRedis } from '../../src/sandbox/redis-server.ts';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';

describe('readiness', () => {
  it('is ready when Redis answers and runs with noeviction', async () => {
    const redis = new Redis(REDIS_URL);
    try {
      expect(await readiness(redis)).toEqual({ ok: true });
    } finally {
      redis.disconnect();
    }
  });

  it('is not ready while Redis is unreachable, and says so', async () => {
    const port = await freePort();
    const redis = new Redis(`redis://127.0.0.1:${port}`, { maxRetriesPerRequest: 0, retryStrategy: () => null, lazyConnect: true });
    redis.on('error', () => undefined);
    try {
      const result = await readiness(redis);
      expect(result.ok).toBe(false);
      expect(result.reason).toMatch(/unreachable/);
    } finally {
      redis.disconnect();
    }
  });

  it('is not ready when the extra check fails (Socket Mode down too long), and says why', async () => {
    const redis = new Redis(REDIS_URL);
    const http = createHttpServer({ redis, registry: new Registry(), ready: () => ({ ok: false, reason: 'Slack Socket Mode disconnected for 45 s' }) });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    try {
      expect(await readiness(redis, () => ({ ok: true }))).toEqual({ ok: true });
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ ok: false, reason: 'Slack Socket Mode disconnected for 45 s' });
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    } finally {
      http.close();
      redis.disconnect();
    }
  });

  describe('when Redis may evict keys', () => {
    let server: PrivateRedis;
    let redis: Redis;
    beforeAll(async () => {
      const executable = findExecutable('redis-server');
      if (!executable) throw new Error('redis-server is needed on the PATH for this test');
      server = await startRedisServer({ executable });
      redis = new Redis(server.url);
      await redis.config('SET', 'maxmemory-policy', 'allkeys-lru');
    });
    afterAll(async () => {
      redis.disconnect();
      await server.stop();
    });

    it('is not ready, naming the policy', async () => {
      const result = await readiness(redis);
      expect(result).toEqual({ ok: false, reason: 'Redis maxmemory-policy is allkeys-lru; it must be noeviction' });
    });

    it('names Redis first when the extra check fails too', async () => {
      const result = await readiness(redis, () => ({ ok: false, reason: 'Slack Socket Mode disconnected for 45 s' }));
      expect(result).toEqual({ ok: false, reason: 'Redis maxmemory-policy is allkeys-lru; it must be noeviction' });
    });

    it('answers /readyz with 503 and /healthz with 200', async () => {
      const http = createHttpServer({ redis, registry: new Registry() });
      await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
      const { port } = http.address() as AddressInfo;
      try {
        expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(503);
        expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
        expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);
      } finally {
        http.close();
      }
    });
  });
});

describe('POST /slack/events', () => {
  const SECRET = 'http-server-test-secret';
  let redis: Redis;
  let url: string;
  let http: ReturnType<typeof createHttpServer>;
  const received: { rawBody: string }[] = [];

  beforeAll(async () => {
    redis = new Redis(REDIS_URL);
    // Stands in for Bolt's listener: records what it is handed and answers 200.
    const listener = (req: IncomingMessage & { rawBody?: Buffer }, res: ServerResponse) => {
      received.push({ rawBody: req.rawBody?.toString() ?? '' });
      res.writeHead(200).end();
    };
    http = createHttpServer({ redis, registry: new Registry(), slack: { listener, signingSecret: SECRET } });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/slack/events`;
  });

  afterAll(async () => {
    http.close();
    await redis.quit();
  });

  const post = (body: string, headers: Record<string, string>) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });

  it('hands a signed request to the listener with its body already read', async () => {
    received.length = 0;
    const res = await post('command=%2Fsm&text=help', signSlackRequest(SECRET, 'command=%2Fsm&text=help'));
    expect(res.status).toBe(200);
    expect(received).toEqual([{ rawBody: 'command=%2Fsm&text=help' }]);
  });

  it('refuses a bad signature with 401 and never reaches the listener', async () => {
    received.length = 0;
    const headers = signSlackRequest('not-the-secret', 'command=%2Fsm&text=help');
    const res = await post('command=%2Fsm&text=help', headers);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ ok: false, error: 'invalid signature' });
    const unsigned = await post('command=%2Fsm&text=help', { 'x-slack-request-timestamp': headers['X-Slack-Request-Timestamp'] });
    expect(unsigned.status).toBe(401);
    expect(received).toEqual([]);
  });

  it('refuses a body over the limit with 413 without reading it all', async () => {
    received.length = 0;
    const body = 'x'.repeat(MAX_BODY_BYTES + 1);
    const res = await post(body, signSlackRequest(SECRET, body));
    expect(res.status).toBe(413);
    expect(received).toEqual([]);
  });
});
