import type { Job } from 'bullmq';
import type { AppContext } from '../src/context.ts';
import type { JobsPayload } from '../src/queue/payloads.ts';
import { jobsList } from '../src/slack/blocks/replies.ts';
import { respond } from '../src/slack/respond.ts';

/** How many recent training jobs `/sm jobs` looks at. */
const LIST_LIMIT = 100;
/** How many it shows. */
const SHOW_LIMIT = 20;

/**
 * `/sm jobs [mine] [failed]`: one ListTrainingJobs call, annotated with who asked for each
 * job the bot started; `mine` keeps the caller's.
 */
export async function processListJobs(_job: Job<JobsPayload>, payload: JobsPayload, ctx: AppContext): Promise<void> {
  const summaries = await ctx.sagemaker.listTrainingJobs({ ...(payload.failed ? { status: 'Failed' as const } : {}), limit: LIST_LIMIT });
  const records = await ctx.records.getMany(summaries.map((summary) => summary.name));
  const rows = summaries
    .map((summary) => ({ ...summary, requester: records.get(summary.name)?.requester }))
    .filter((row) => !payload.mine || row.requester === payload.user)
    .slice(0, SHOW_LIMIT);
  if (payload.responseUrl) await respond(payload.responseUrl, jobsList(rows, { mine: payload.mine, failed: payload.failed, now: ctx.clock.now() }));
}
