import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import type { AppContext } from '../src/context.ts';
import { requestJobId } from '../src/domain/naming.ts';
import type { AlertActionPayload } from '../src/queue/payloads.ts';
import { plainReply } from '../src/slack/blocks/replies.ts';
import { respond } from '../src/slack/respond.ts';
import { alertLine } from './alert-publish.ts';

/**
 * Retrain, from a drift alert: runs the training recipe of the endpoint's model. The recipe
 * is the one whose training job produced the live model package (the bot's own record of
 * that job), else the recipe named like the model group.
 */
export async function processRetrain(job: Job<AlertActionPayload>, payload: AlertActionPayload, ctx: AppContext): Promise<{ recipe: string }> {
  const state = await ctx.alerts.get(payload.alertKey);
  if (!state || state.details.kind !== 'drift') throw new UnrecoverableError('That alert is not a drift alert the bot knows.');
  const endpoint = state.details.endpoint ?? state.resource;
  const recipe = await recipeOf(ctx, endpoint);
  if (!recipe) throw new UnrecoverableError(`No training recipe is known for ${endpoint}: deploy it through the bot from a training job it started, or name a recipe after its model group.`);
  await ctx.lifecycle.add('train', { user: payload.user, channel: payload.channel, recipe, overrides: {}, hyperparameters: {}, ...(payload.responseUrl ? { responseUrl: payload.responseUrl } : {}) }, { jobId: requestJobId('train', `retrain:${job.id}`) });
  await alertLine(ctx, state, `retrain:${job.id}`, { kind: 'retrain-queued', user: payload.user, recipe, endpoint });
  await ctx.audit.record({ actor: payload.user, action: 'alert:retrain', outcome: 'queued', channel: payload.channel, target: state.key, detail: `recipe ${recipe} for ${endpoint}` });
  return { recipe };
}

async function recipeOf(ctx: AppContext, endpoint: string): Promise<string | undefined> {
  const live = await ctx.deployments.live(endpoint);
  if (live) {
    const pkg = await ctx.deploy.describeModelPackage(live.packageArn).catch(() => undefined);
    const trainingJob = pkg?.generatedBy?.split('/').pop();
    const record = trainingJob ? await ctx.records.get(trainingJob) : undefined;
    if (record && ctx.config.team.recipes[record.recipe]) return record.recipe;
    if (ctx.config.team.recipes[live.group]) return live.group;
  }
  return Object.keys(ctx.config.team.recipes).find((recipe) => endpoint.startsWith(`${recipe}-`));
}

/** Delete, from an idle-endpoint report (admin, after Slack's confirmation dialog). */
export async function processDeleteEndpoint(_job: Job<AlertActionPayload>, payload: AlertActionPayload, ctx: AppContext): Promise<{ deleted: boolean }> {
  const state = await ctx.alerts.get(payload.alertKey);
  if (!state || state.details.kind !== 'idle' || state.status !== 'open') throw new UnrecoverableError('That endpoint is no longer reported idle; nothing was deleted.');
  const endpoint = state.details.endpoint;
  const { deleted } = await ctx.deploy.deleteEndpoint(endpoint);
  await alertLine(ctx, state, 'delete', { kind: 'delete-requested', user: payload.user, endpoint });
  await ctx.audit.record({ actor: payload.user, action: 'endpoint:delete', outcome: 'ok', channel: payload.channel, target: endpoint, detail: deleted ? 'deleted' : 'already gone' });
  if (payload.responseUrl) await respond(payload.responseUrl, plainReply(`:wastebasket: Deleting ${endpoint}. Its endpoint config and model stay.`));
  return { deleted };
}
