import type { Job } from 'bullmq';
import type { AppContext } from '../src/context.ts';
import type { StatusPayload } from '../src/queue/payloads.ts';
import { statusReply } from '../src/slack/blocks/replies.ts';
import { respond } from '../src/slack/respond.ts';

/** `/sm status <job>`: describes the training job and answers privately. */
export async function processStatus(_job: Job<StatusPayload>, payload: StatusPayload, ctx: AppContext): Promise<void> {
  const view = await ctx.sagemaker.describeTrainingJob(payload.job);
  const record = await ctx.records.get(payload.job);
  if (payload.responseUrl) {
    await respond(payload.responseUrl, statusReply(view, { requester: record?.requester, recipe: record?.recipe, now: ctx.clock.now(), prices: ctx.config.team.prices }));
  }
}
