import type { Job } from 'bullmq';
import type { AppContext } from '../src/context.ts';
import { lifecyclePayloads, type LifecycleJobName } from '../src/queue/payloads.ts';
import { jobFailed } from '../src/slack/blocks/replies.ts';
import { respond } from '../src/slack/respond.ts';

/**
 * The worker's error boundary: a job that failed for good tells the person who asked (a
 * private reply), and a failed training request also says so in the ops channel, where
 * the job's thread would have been. Everything is audited.
 */
export async function reportJobFailure(ctx: AppContext, job: Job, error: Error): Promise<void> {
  const name = job.name as LifecycleJobName;
  const parsed = lifecyclePayloads[name]?.safeParse(job.data);
  const payload = parsed?.success ? parsed.data : undefined;
  const reason = error.message || 'unknown error';
  ctx.logger.error({ job: job.id, name, err: error }, 'job failed');
  await ctx.audit.record({
    actor: payload?.user ?? 'bot',
    action: `job:${name}`,
    outcome: 'failed',
    ...(payload ? { channel: payload.channel } : {}),
    ...(payload && 'job' in payload ? { target: payload.job } : {}),
    detail: reason,
  });
  if (!payload) return;
  const message = jobFailed(name, reason, payload.user);
  if (payload.responseUrl) await respond(payload.responseUrl, message);
  if (name === 'train') await ctx.outbox.put(`job-failed:${job.id}`, { channel: ctx.config.team.channels.ops, ...message });
}
