import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import type { AppContext } from '../src/context.ts';
import { trainingJobName } from '../src/domain/naming.ts';
import { buildTrainingSpec } from '../src/domain/training-spec.ts';
import type { TrainPayload } from '../src/queue/payloads.ts';
import { trainingStarted } from '../src/slack/blocks/replies.ts';
import { respond } from '../src/slack/respond.ts';
import { publishTrainingProgress } from './progress.ts';

/**
 * `/sm train`: creates the SageMaker training job and its ops-channel message, and starts
 * tracking it. Idempotent: the SageMaker name is derived from the job id, so a retried job
 * adopts the training job it already created (`ResourceInUse`) instead of making another.
 */
export async function processTrain(job: Job<TrainPayload>, payload: TrainPayload, ctx: AppContext): Promise<{ name: string; created: boolean }> {
  const recipe = ctx.config.team.recipes[payload.recipe];
  if (!recipe) throw new UnrecoverableError(`Recipe ${payload.recipe} is no longer in the team config.`);
  const jobId = job.id ?? '';
  const name = trainingJobName(payload.recipe, jobId);
  const spec = buildTrainingSpec({
    name,
    recipeName: payload.recipe,
    recipe,
    roleArn: ctx.config.team.aws.executionRoleArn,
    overrides: payload.overrides,
    hyperparameters: payload.hyperparameters,
    requester: payload.user,
    jobId,
  });
  // The record goes first: a worker killed right after CreateTrainingJob leaves a record
  // that the retry completes, never a training job the bot has forgotten.
  await ctx.records.start({ name, recipe: payload.recipe, requester: payload.user, channel: payload.channel, jobId, createdAt: ctx.clock.now() });
  const { created } = await ctx.sagemaker.createTrainingJob(spec);
  const view = await ctx.sagemaker.describeTrainingJob(name);
  await publishTrainingProgress(ctx, view);
  if (created) {
    await ctx.audit.record({ actor: payload.user, action: 'job:train', outcome: 'ok', channel: payload.channel, target: name, detail: `recipe ${payload.recipe}` });
  }
  if (payload.responseUrl) {
    await respond(payload.responseUrl, { ...trainingStarted(name, ctx.config.team.channels.ops), replace_original: true });
  }
  return { name, created };
}
