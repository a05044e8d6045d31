import type { AppContext } from '../src/context.ts';
import { NotFoundError } from '../src/errors.ts';
import { isTerminal, type TrainingJobView } from '../src/domain/training.ts';
import { trainingJobMessage, trainingStateReply } from '../src/slack/blocks/training-job.ts';
import { trainingMessageKey, trainingStateKey } from './message-keys.ts';

/** How many DescribeTrainingJob calls one tick makes at once. */
const DESCRIBE_CONCURRENCY = 8;

/**
 * Brings a training job's Slack message up to date: the ops message is replaced in place,
 * and each status transition gets one line in its thread (keyed by its position, so a
 * retried tick or a second replica posts nothing twice and a coarse tick misses none).
 */
export async function publishTrainingProgress(ctx: AppContext, view: TrainingJobView): Promise<void> {
  const record = await ctx.records.get(view.name);
  const channel = ctx.config.team.channels.ops;
  const parent = trainingMessageKey(view.name);
  // Elapsed time and cost are shown to the minute: between state changes the message then
  // changes once a minute, not on every tick, and the outbox sends nothing for an unchanged
  // message, which leaves the channel's write slots to the thread lines that matter.
  const start = view.startedAt ?? view.createdAt;
  const now = Math.max(start, start + Math.floor((ctx.clock.now() - start) / 60_000) * 60_000);
  const context = { requester: record?.requester, recipe: record?.recipe, now, prices: ctx.config.team.prices };
  await ctx.outbox.put(parent, { channel, ...trainingJobMessage(view, context) });
  for (const [index, transition] of view.transitions.entries()) {
    const previous = view.transitions[index - 1];
    await ctx.outbox.put(trainingStateKey(view.name, index, transition.status), {
      channel,
      thread: parent,
      // Thread lines appear in the order the states happened, even when several are delivered at once.
      ...(previous ? { after: trainingStateKey(view.name, index - 1, previous.status) } : {}),
      ...trainingStateReply(view, transition, context),
    });
  }
  await ctx.records.observe(view.name, view.status, view.secondaryStatus);
}

/**
 * One tick of the progress watcher: describes every tracked training job, updates its
 * message, and stops tracking the ones that ended. A job that fails to describe is left
 * for the next tick; a job SageMaker no longer knows is dropped.
 */
export async function processProgressTick(ctx: AppContext): Promise<{ tracked: number; ended: number; errors: number }> {
  const names = await ctx.records.tracked();
  let ended = 0;
  let errors = 0;
  for (let i = 0; i < names.length; i += DESCRIBE_CONCURRENCY) {
    await Promise.all(
      names.slice(i, i + DESCRIBE_CONCURRENCY).map(async (name) => {
        try {
          const view = await ctx.sagemaker.describeTrainingJob(name);
          await publishTrainingProgress(ctx, view);
          if (isTerminal(view.status)) {
            await ctx.records.stopTracking(name);
            ended += 1;
          }
        } catch (error) {
          if (error instanceof NotFoundError) {
            await ctx.records.stopTracking(name);
            return;
          }
          errors += 1;
          ctx.logger.warn({ err: error, job: name }, 'progress: describe failed; will retry next tick');
        }
      }),
    );
  }
  return { tracked: names.length, ended, errors };
}
