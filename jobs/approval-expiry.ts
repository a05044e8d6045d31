import type { AppContext } from '../src/context.ts';
import { decideExpire, type ApprovalRequest } from '../src/domain/approval.ts';
import { approvalRequestMessage } from '../src/slack/blocks/approval.ts';
import { approvalMessageKey } from './deploy-thread.ts';

/** Shows the request's current state on its message (approvals so far, decided, expired: buttons gone). */
export async function publishApproval(ctx: AppContext, request: ApprovalRequest): Promise<void> {
  await ctx.outbox.put(approvalMessageKey(request.id), { channel: request.channel, ...approvalRequestMessage(request, ctx.clock.now()) });
}

/** Expires one request if it is pending and due; updates its message and audits. True when it expired now. */
export async function expireRequest(ctx: AppContext, id: string): Promise<boolean> {
  const now = ctx.clock.now();
  const expired = await ctx.approvals.transition(id, (request) => {
    const decision = decideExpire(request, now);
    return decision.ok ? { next: decision.request, result: decision.request } : { result: undefined };
  });
  if (!expired) return false;
  await publishApproval(ctx, expired);
  await ctx.audit.record({ actor: 'bot', action: 'approval:expired', outcome: 'ok', channel: expired.channel, target: expired.endpoint, detail: `${expired.group} v${expired.version} to ${expired.stage} (request ${expired.id})` });
  return true;
}

/** Watcher tick: expires every pending request past its expiry. */
export async function processApprovalExpiryTick(ctx: AppContext): Promise<{ expired: number }> {
  let expired = 0;
  for (const id of await ctx.approvals.due(ctx.clock.now())) if (await expireRequest(ctx, id)) expired += 1;
  return { expired };
}
