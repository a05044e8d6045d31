import type { Job } from 'bullmq';
import type { AppContext } from '../src/context.ts';
import { lifecyclePayloads, type LifecycleJobName } from '../src/queue/payloads.ts';
import { deployThreadLine } from '../src/slack/blocks/deploy.ts';
import { jobFailed } from '../src/slack/blocks/replies.ts';
import { respond } from '../src/slack/respond.ts';
import { deployLine } from './deploy-thread.ts';
import { threadOf } from './deploy.ts';

/**
 * The worker's error boundary: a job that failed for good tells the person who asked (a
 * private reply); a failed training request also says so in the ops channel, where the
 * job's thread would have been, and a failed deploy in its thread. Everything is audited.
 */
export async function reportJobFailure(ctx: AppContext, job: Job, error: Error): Promise<void> {
  const name = job.name as LifecycleJobName;
  const parsed = lifecyclePayloads[name]?.safeParse(job.data);
  const payload: Record<string, unknown> = parsed?.success ? parsed.data : {};
  const text = (key: string) => (typeof payload[key] === 'string' ? (payload[key] as string) : undefined);
  const user = text('user');
  const channel = text('channel');
  const responseUrl = text('responseUrl');
  const target = text('job') ?? text('endpoint') ?? text('group') ?? text('requestId');
  const reason = error.message || 'unknown error';
  ctx.logger.error({ job: job.id, name, err: error }, 'job failed');
  await ctx.audit.record({ actor: user ?? 'bot', action: `job:${name}`, outcome: 'failed', ...(channel ? { channel } : {}), ...(target ? { target } : {}), detail: reason });
  const message = jobFailed(name, reason, user);
  if (responseUrl) await respond(responseUrl, message);
  if (name === 'train') await ctx.outbox.put(`job-failed:${job.id}`, { channel: ctx.config.team.channels.ops, ...message });
  if (name === 'deploy') {
    const request = await ctx.approvals.get(job.id ?? '');
    if (request) await deployLine(ctx, threadOf(ctx, request), 'failed', deployThreadLine({ kind: 'failed', error: reason }));
  }
}
