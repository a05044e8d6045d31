import { Queue, Worker } from 'bullmq';
import type { AppContext } from '../src/context.ts';
import { queuePrefix, workerConnection } from '../src/queue/connection.ts';
import { QueueName } from '../src/queue/names.ts';
import { processApprovalExpiryTick } from './approval-expiry.ts';
import { processDeployProgress } from './deploy-progress.ts';
import { processProgressTick } from './progress.ts';
import { processCostTick } from './watchers/cost.ts';
import { processDriftTick } from './watchers/drift.ts';
import { processHealthTick } from './watchers/health.ts';

/** Watcher ticks by scheduler id. Each is one BullMQ job scheduler: one tick runs once across all replicas. */
const watchers: Record<string, (ctx: AppContext) => Promise<unknown>> = {
  progress: async (ctx) => ({ training: await processProgressTick(ctx), deploys: await processDeployProgress(ctx) }),
  approvals: processApprovalExpiryTick,
  health: processHealthTick,
  drift: processDriftTick,
  cost: processCostTick,
};

/**
 * Creates or updates the job schedulers from the config (intervals may have changed since
 * the last start) and removes those no longer configured.
 */
export async function syncWatcherSchedulers(ctx: AppContext): Promise<Queue> {
  const queue = new Queue(QueueName.watchers, { connection: ctx.redis, prefix: queuePrefix(ctx.prefix) });
  const { watchers: config } = ctx.config.team;
  const wanted: Record<string, number> = { progress: config.progress.every, approvals: config.approvals.every };
  for (const name of ['health', 'drift', 'cost'] as const) {
    const settings = config[name];
    if (settings) wanted[name] = settings.every;
  }
  for (const [id, every] of Object.entries(wanted)) {
    await queue.upsertJobScheduler(id, { every }, { name: id, opts: { removeOnComplete: { count: 10 }, removeOnFail: { count: 50 } } });
  }
  for (const scheduler of await queue.getJobSchedulers()) {
    if (scheduler.key && !(scheduler.key in wanted)) await queue.removeJobScheduler(scheduler.key);
  }
  return queue;
}

export function createWatcherWorker(ctx: AppContext): Worker {
  const own = workerConnection(ctx.config.env.REDIS_URL);
  const worker = new Worker(
    QueueName.watchers,
    async (job) => {
      const run = watchers[job.name];
      if (!run) return undefined;
      return run(ctx);
    },
    { connection: own.connection, prefix: queuePrefix(ctx.prefix), concurrency: 1, lockDuration: ctx.config.env.WORKER_LOCK_MS },
  );
  own.closeWith(worker);
  worker.on('completed', (job) => ctx.metrics.watcherTicks.inc({ watcher: job.name, outcome: 'ok' }));
  // A failed tick (AWS throttling, an error) is logged and counted; the next tick tries again.
  worker.on('failed', (job, error) => {
    ctx.metrics.watcherTicks.inc({ watcher: job?.name ?? 'unknown', outcome: 'failed' });
    ctx.logger.warn({ err: error, watcher: job?.name }, 'watcher tick failed; the next tick tries again');
  });
  worker.on('error', (error) => ctx.logger.error({ err: error }, 'watcher worker error'));
  return worker;
}
