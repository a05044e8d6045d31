import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { createRedis } from '../../src/queue/connection.ts';
import { createLifecycleQueue, enqueueOnce, type LifecycleQueue } from '../../src/queue/lifecycle-queue.ts';
import { AuditLog } from '../../src/store/audit-log.ts';
import { RequestDedupe } from '../../src/store/request-dedupe.ts';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const PAYLOAD = { user: 'U0BOB', channel: 'C0OPS', responseUrl: 'http://127.0.0.1:1/response', job: 'sm-train-x' };
const WHO = { actor: 'U0BOB', action: 'command:status', channel: 'C0OPS', target: 'status-abc', detail: 'status sm-train-x' };

let prefix: string;
let redis: Redis;
let queue: LifecycleQueue;
let audit: AuditLog;
let claims: RequestDedupe;

beforeEach(() => {
  prefix = `test-${randomUUID()}`;
  redis = createRedis(REDIS_URL);
  queue = createLifecycleQueue(redis, prefix);
  audit = new AuditLog(redis, prefix, new ManualClock(1_700_000_000_000));
  claims = new RequestDedupe(redis, prefix, audit);
});

afterEach(async () => {
  await queue.obliterate({ force: true }).catch(() => undefined);
  await queue.close();
  const leftovers = await redis.keys(`${prefix}:*`);
  if (leftovers.length > 0) await redis.del(...leftovers);
  await redis.quit();
});

describe('enqueueOnce: one job and one audit entry per Slack request', () => {
  it('queues the job and writes the queued entry with the claim', async () => {
    expect(await enqueueOnce(queue, claims, 'status', 'status-abc', PAYLOAD, WHO)).toBe('queued');
    expect((await queue.getJob('status-abc'))?.data).toEqual(PAYLOAD);
    expect(await audit.recent(10)).toEqual([{ at: 1_700_000_000_000, outcome: 'queued', ...WHO }]);
  });

  it('a redelivery enqueues nothing and is not audited again, even after BullMQ forgot the job', async () => {
    await enqueueOnce(queue, claims, 'status', 'status-abc', PAYLOAD, WHO);
    expect(await enqueueOnce(queue, claims, 'status', 'status-abc', PAYLOAD, WHO)).toBe('duplicate');
    await (await queue.getJob('status-abc'))?.remove();
    expect(await enqueueOnce(queue, claims, 'status', 'status-abc', PAYLOAD, WHO)).toBe('duplicate');
    expect(await queue.getJob('status-abc')).toBeUndefined();
    expect(await audit.recent(10)).toHaveLength(1);
  });

  it('when the enqueue fails, gives the claim back and audits the failure, so a retry goes through', async () => {
    const broken = createLifecycleQueue(createRedis(REDIS_URL), prefix);
    await broken.close();
    await (await broken.client).quit().catch(() => undefined);
    await expect(enqueueOnce(broken, claims, 'status', 'status-abc', PAYLOAD, WHO)).rejects.toThrow();
    const [failed, queued] = await audit.recent(10);
    expect(queued).toMatchObject({ outcome: 'queued', target: 'status-abc' });
    expect(failed).toMatchObject({ outcome: 'failed', target: 'status-abc', detail: expect.stringMatching(/^could not queue the job: /) });

    expect(await enqueueOnce(queue, claims, 'status', 'status-abc', PAYLOAD, WHO)).toBe('queued');
    expect(await queue.getJob('status-abc')).toBeDefined();
  });

  it('a claim without an entry writes nothing to the audit log', async () => {
    expect(await claims.claim('plain-id')).toBe(true);
    expect(await claims.claim('plain-id')).toBe(false);
    expect(await audit.recent(10)).toEqual([]);
  });
});
