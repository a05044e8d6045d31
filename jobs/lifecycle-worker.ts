import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { AppContext } from '../src/context.ts';
import { isCodedError, PayloadError } from '../src/errors.ts';
import { queuePrefix, workerConnection } from '../src/queue/connection.ts';
import { QueueName } from '../src/queue/names.ts';
import { lifecyclePayloads, type LifecycleJobName, type LifecyclePayload } from '../src/queue/payloads.ts';
import { reportJobFailure } from './report-failure.ts';
import { processDeleteEndpoint, processRetrain } from './alert-actions.ts';
import { processAlertChart } from './alert-chart.ts';
import { processCostReport } from './cost-report.ts';
import { processDeploy } from './deploy.ts';
import { processDeployRequest } from './deploy-request.ts';
import { processEndpoints } from './endpoints.ts';
import { processListJobs } from './list-jobs.ts';
import { processModels } from './models.ts';
import { processRegistryReject } from './registry-reject.ts';
import { processRollback } from './rollback.ts';
import { processStatus } from './status.ts';
import { processStop } from './stop.ts';
import { processTrain } from './train.ts';

type Processor = (job: Job, payload: never, ctx: AppContext) => Promise<unknown>;

const processors: Record<LifecycleJobName, Processor> = {
  train: processTrain as Processor,
  stop: processStop as Processor,
  status: processStatus as Processor,
  jobs: processListJobs as Processor,
  'deploy-request': processDeployRequest as Processor,
  deploy: processDeploy as Processor,
  'registry-reject': processRegistryReject as Processor,
  models: processModels as Processor,
  endpoints: processEndpoints as Processor,
  rollback: processRollback as Processor,
  'alert-chart': processAlertChart as Processor,
  cost: processCostReport as Processor,
  retrain: processRetrain as Processor,
  'delete-endpoint': processDeleteEndpoint as Processor,
};

/**
 * Parses the payload, runs the processor, and sorts failures: what can succeed later
 * (throttling, 5xx, network) is rethrown for BullMQ to retry with backoff; everything else
 * fails the job at once.
 */
export async function runLifecycleJob(job: Job, ctx: AppContext): Promise<unknown> {
  const name = job.name as LifecycleJobName;
  const schema = lifecyclePayloads[name];
  if (!schema) throw new UnrecoverableError(`unknown job ${job.name}`);
  const parsed = schema.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(new PayloadError(`invalid ${name} payload: ${parsed.error.message}`).userMessage);
  try {
    const result = await processors[name](job, parsed.data as never, ctx);
    ctx.metrics.jobs.inc({ name, outcome: 'ok' });
    return result;
  } catch (error) {
    if (isCodedError(error) && !error.retryable) throw new UnrecoverableError(error.userMessage);
    throw error;
  }
}

export function createLifecycleWorker(ctx: AppContext, options: { concurrency?: number } = {}): Worker<LifecyclePayload> {
  const own = workerConnection(ctx.config.env.REDIS_URL);
  const worker = new Worker<LifecyclePayload>(QueueName.lifecycle, (job) => runLifecycleJob(job, ctx), {
    connection: own.connection,
    prefix: queuePrefix(ctx.prefix),
    concurrency: options.concurrency ?? ctx.config.env.WORKER_CONCURRENCY,
    lockDuration: ctx.config.env.WORKER_LOCK_MS,
    stalledInterval: ctx.config.env.WORKER_LOCK_MS,
  });
  worker.on('failed', (job, error) => {
    if (!job) return;
    const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    if (!final) {
      ctx.logger.warn({ job: job.id, name: job.name, attempt: job.attemptsMade, err: error }, 'job failed; will retry');
      return;
    }
    ctx.metrics.jobs.inc({ name: job.name, outcome: 'failed' });
    reportJobFailure(ctx, job, error).catch((reportError: unknown) => ctx.logger.error({ err: reportError, job: job.id }, 'could not report a failed job'));
  });
  own.closeWith(worker);
  worker.on('error', (error) => ctx.logger.error({ err: error }, 'lifecycle worker error'));
  return worker;
}
