import { DelayedError, UnrecoverableError, Worker, type ConnectionOptions, type Job } from 'bullmq';
import { isCodedError } from '../src/errors.ts';
import type { Logger } from '../src/logger.ts';
import { queuePrefix } from '../src/queue/connection.ts';
import { QueueName } from '../src/queue/names.ts';
import { outboxPayload } from '../src/queue/outbox-queue.ts';
import type { Outbox, OutboxJobData } from '../src/slack/outbox.ts';

export interface OutboxWorkerOptions {
  /** A connection for the worker alone (BullMQ blocks on it); ioredis with `maxRetriesPerRequest: null`. */
  connection: ConnectionOptions;
  /** CHATOPS_PREFIX. */
  prefix: string;
  outbox: Outbox;
  logger: Logger;
  /** @defaultValue 8 */
  concurrency?: number;
  /** @defaultValue 30000 */
  lockDurationMs?: number;
}

/**
 * Delivers one outbox job. A delivery that must wait (channel paced or paused, parent not
 * posted, key busy) re-delays the job instead of sleeping in the worker; errors that will
 * recur fail the job for good, the rest retry with backoff.
 */
export async function processOutboxJob(job: Job<OutboxJobData>, token: string | undefined, outbox: Outbox, logger: Logger): Promise<string> {
  const parsed = outboxPayload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`invalid outbox payload: ${parsed.error.message}`);
  let outcome;
  try {
    outcome = await outbox.deliver(parsed.data, job.timestamp);
  } catch (error) {
    if (isCodedError(error) && !error.retryable) {
      logger.error({ key: parsed.data.key, job: job.id, err: error }, 'outbox: Slack refused the message; giving up on this version');
      throw new UnrecoverableError(error.message);
    }
    logger.warn({ key: parsed.data.key, job: job.id, attempt: job.attemptsMade + 1, err: error }, 'outbox: delivery failed; will retry');
    throw error;
  }
  if (outcome.kind === 'wait') {
    await job.moveToDelayed(Date.now() + outcome.delayMs, token);
    throw new DelayedError(`outbox: ${outcome.reason}`);
  }
  if (outcome.kind === 'posted' || outcome.kind === 'updated' || outcome.kind === 'adopted') {
    logger.debug({ key: parsed.data.key, version: outcome.version, ts: outcome.ref.ts }, `outbox: ${outcome.kind}`);
  }
  return outcome.kind;
}

export function createOutboxWorker(options: OutboxWorkerOptions): Worker<OutboxJobData> {
  const worker = new Worker<OutboxJobData>(QueueName.outbox, (job, token) => processOutboxJob(job, token, options.outbox, options.logger), {
    connection: options.connection,
    prefix: queuePrefix(options.prefix),
    concurrency: options.concurrency ?? 8,
    lockDuration: options.lockDurationMs ?? 30_000,
  });
  worker.on('error', (error) => options.logger.error({ err: error }, 'outbox worker error'));
  return worker;
}
