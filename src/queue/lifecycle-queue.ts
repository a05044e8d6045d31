import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { AuditEntry } from '../store/audit-log.ts';
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

/** What a claim records with it: an audit entry, stamped when written. */
export type ClaimAuditEntry = Omit<AuditEntry, 'at'>;

export interface RequestClaims {
  claim(id: string, audit?: ClaimAuditEntry): Promise<boolean>;
  release(id: string, audit?: ClaimAuditEntry): Promise<void>;
}

/**
 * Enqueues one job per Slack request. The job id is derived from the request, and a claim
 * that outlives BullMQ's memory of the id makes a redelivered request enqueue nothing. The
 * `queued` audit entry goes in with the claim, so a redelivery is never audited twice; when
 * the enqueue fails, the claim is given back and a `failed` entry follows it.
 */
export async function enqueueOnce<N extends LifecycleJobName>(
  queue: LifecycleQueue,
  claims: RequestClaims,
  name: N,
  jobId: string,
  payload: Extract<LifecyclePayload, unknown>,
  audit?: Omit<ClaimAuditEntry, 'outcome'>,
): Promise<'queued' | 'duplicate'> {
  if (!(await claims.claim(jobId, audit && { ...audit, outcome: 'queued' }))) return 'duplicate';
  try {
    await queue.add(name, payload, { jobId });
    return 'queued';
  } catch (error) {
    await claims.release(jobId, audit && { ...audit, outcome: 'failed', detail: `could not queue the job: ${error instanceof Error ? error.message : String(error)}` });
    throw error;
  }
}
