import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer, readiness } from '../../src/http-server.ts';
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
