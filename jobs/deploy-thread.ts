import type { AppContext } from '../src/context.ts';
import type { SlackMessage } from '../src/slack/blocks/types.ts';

/** Where a deploy tells its story: the thread of one message. */
export interface DeployThread {
  requestId: string;
  /** Outbox key of the parent message (the approval request, or the deploy message). */
  threadKey: string;
  channel: string;
}

/** Outbox key of the message a deploy's thread hangs from. */
export const approvalMessageKey = (requestId: string) => `approval:${requestId}`;
export const deployMessageKey = (requestId: string) => `deploy:${requestId}`;

/**
 * Posts one named line in a deploy's thread, at most once (a retried job or tick puts the
 * same key again), after the lines named before it so the thread reads in order.
 */
export async function deployLine(ctx: AppContext, thread: DeployThread, name: string, message: SlackMessage): Promise<void> {
  const listKey = `${ctx.prefix}:deploy:lines:${thread.requestId}`;
  const names = await ctx.redis.lrange(listKey, 0, -1);
  let index = names.indexOf(name);
  if (index < 0) {
    index = (await ctx.redis.rpush(listKey, name)) - 1;
    await ctx.redis.expire(listKey, 30 * 86_400);
  }
  const previous = index > 0 ? (await ctx.redis.lindex(listKey, index - 1)) ?? undefined : undefined;
  await ctx.outbox.put(`${thread.threadKey}:line:${name}`, {
    channel: thread.channel,
    thread: thread.threadKey,
    ...(previous ? { after: `${thread.threadKey}:line:${previous}` } : {}),
    ...message,
  });
}
