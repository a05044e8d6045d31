import type { Job } from 'bullmq';
import type { AppContext } from '../src/context.ts';
import { endpointNameFor } from '../src/domain/deploy-plan.ts';
import type { ModelsPayload } from '../src/queue/payloads.ts';
import { modelsList, type LiveOnStage, type ModelPackageRow } from '../src/slack/blocks/deploy.ts';
import { respond } from '../src/slack/respond.ts';

/** How many versions `/sm models` shows, and describes for their metrics. */
const SHOWN = 10;

/** `/sm models <group>`: the group's versions, newest first, and what is live on each stage. */
export async function processModels(_job: Job<ModelsPayload>, payload: ModelsPayload, ctx: AppContext): Promise<void> {
  const summaries = (await ctx.deploy.listModelPackages(payload.group, { limit: SHOWN })).slice(0, SHOWN);
  const rows: ModelPackageRow[] = await Promise.all(
    summaries.map(async (summary) => {
      const view = await ctx.deploy.describeModelPackage(summary.arn);
      return { ...summary, metrics: view.metrics, ...(view.generatedBy ? { generatedBy: view.generatedBy } : {}) };
    }),
  );
  const liveByStage: Record<string, LiveOnStage> = {};
  for (const [stage, config] of Object.entries(ctx.config.team.stages)) {
    const endpoint = endpointNameFor(config.endpoint, payload.group);
    const live = await ctx.deployments.live(endpoint);
    liveByStage[stage] = { endpoint, ...(live ? { version: live.version } : {}) };
  }
  if (payload.responseUrl) await respond(payload.responseUrl, modelsList(payload.group, rows, liveByStage, ctx.clock.now()));
}
