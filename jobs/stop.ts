import type { Job } from 'bullmq';
import type { AppContext } from '../src/context.ts';
import type { StopPayload } from '../src/queue/payloads.ts';
import { stopRequested } from '../src/slack/blocks/replies.ts';
import { respond } from '../src/slack/respond.ts';
import { publishTrainingProgress } from './progress.ts';

/** `/sm stop <job>` and the Stop button: asks SageMaker to stop, then shows the new state. */
export async function processStop(_job: Job<StopPayload>, payload: StopPayload, ctx: AppContext): Promise<void> {
  await ctx.sagemaker.stopTrainingJob(payload.job);
  await ctx.audit.record({ actor: payload.user, action: 'job:stop', outcome: 'ok', channel: payload.channel, target: payload.job });
  const view = await ctx.sagemaker.describeTrainingJob(payload.job);
  if (await ctx.records.get(payload.job)) await publishTrainingProgress(ctx, view);
  if (payload.responseUrl) await respond(payload.responseUrl, stopRequested(view));
}
