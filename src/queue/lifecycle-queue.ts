import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { queuePrefix } from './connection.ts';
import { QueueName } from './names.ts';
import type { LifecycleJobName, LifecyclePayload } from './payloads.ts';

/**
 * Retries with exponential backoff for what can succeed later (throttling, 5xx); processors
 * throw UnrecoverableError for the rest. Finished jobs are kept for a while for `/sm jobs`
 * debugging and then removed: the request dedupe record, not BullMQ, remembers ids.
 */
export const lifecycleJobOptions: JobsOptions = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 1_000 },
  removeOnComplete: { age: 3_600, count: 1_000 },
  removeOnFail: { age: 7 * 86_400 },
};

export type LifecycleQueue = Queue<LifecyclePayload, unknown, LifecycleJobName>;

export function createLifecycleQueue(connection: Redis, prefix: string): LifecycleQueue {
  return new Queue<LifecyclePayload, unknown, LifecycleJobName>(QueueName.lifecycle, {
    connection,
    prefix: queuePrefix(prefix),
    defaultJobOptions: lifecycleJobOptions,
  });
}

export interface RequestClaims {
  claim(id: string): Promise<boolean>;
  release(id: string): Promise<void>;
}

/**
 * Enqueues one job per Slack request. The job id is derived from the request, and a claim
 * that outlives BullMQ's memory of the id makes a redelivered request enqueue nothing.
 */
export async function enqueueOnce<N extends LifecycleJobName>(
  queue: LifecycleQueue,
  claims: RequestClaims,
  name: N,
  jobId: string,
  payload: Extract<LifecyclePayload, unknown>,
): Promise<'queued' | 'duplicate'> {
  if (!(await claims.claim(jobId))) return 'duplicate';
  try {
    await queue.add(name, payload, { jobId });
    return 'queued';
  } catch (error) {
    await claims.release(jobId);
    throw error;
  }
}
