import { canReachRedis, findExecutable, startRedisServer, type PrivateRedis } from '../src/sandbox/redis-server.ts';

/*
 * The tests use a real Redis (never a mock): REDIS_URL when set, else 127.0.0.1:6379 when
 * something answers there, else a private redis-server on a free port, stopped afterwards.
 * Test files inherit REDIS_URL from here.
 */
let privateRedis: PrivateRedis | undefined;

export async function setup(): Promise<void> {
  if (process.env['REDIS_URL']) return;
  if (await canReachRedis('redis://127.0.0.1:6379', 1_000)) return;
  const executable = findExecutable('redis-server');
  if (!executable) throw new Error('The tests need Redis: set REDIS_URL, start Redis on 127.0.0.1:6379, or install redis-server (apt-get install redis-server).');
  privateRedis = await startRedisServer({ executable });
  process.env['REDIS_URL'] = privateRedis.url;
}

export async function teardown(): Promise<void> {
  await privateRedis?.stop();
}
