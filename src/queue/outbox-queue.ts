import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { EnqueueDelivery, OutboxJobData } from '../slack/outbox.ts';
import { queuePrefix } from './connection.ts';
import { QueueName } from './names.ts';

/** The one job name on the outbox queue. */
export const OUTBOX_JOB = 'deliver';

export const outboxPayload = z.object({ key: z.string().min(1), version: z.number().int().positive() });

/**
 * Network errors and 5xx retry with backoff (pacing and Retry-After waits are not
 * attempts: the processor re-delays the job itself). Finished jobs go soon: job ids carry
 * the content version, so an id is never needed again once delivered.
 */
export const outboxJobOptions: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 600, count: 1_000 },
  removeOnFail: { age: 7 * 86_400 },
};

export type OutboxQueue = Queue<OutboxJobData, unknown, typeof OUTBOX_JOB>;

export function createOutboxQueue(connection: Redis, prefix: string): OutboxQueue {
  return new Queue<OutboxJobData, unknown, typeof OUTBOX_JOB>(QueueName.outbox, {
    connection,
    prefix: queuePrefix(prefix),
    defaultJobOptions: outboxJobOptions,
  });
}

/** The `enqueue` the Outbox is given: one job per content version, added once per id. */
export function outboxEnqueuer(queue: OutboxQueue): EnqueueDelivery {
  return async (jobId, data, delayMs) => {
    await queue.add(OUTBOX_JOB, data, { jobId, ...(delayMs ? { delay: delayMs } : {}) });
  };
}
