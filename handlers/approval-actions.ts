import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { expireRequest, publishApproval } from '../jobs/approval-expiry.ts';
import { approvalMessageKey } from '../jobs/deploy-thread.ts';
import type { AppContext } from '../src/context.ts';
import { decideApprove, decideReject, type ApprovalRequest, type ApproveDecision, type Refusal, type RejectDecision } from '../src/domain/approval.ts';
import { approvalCountedReply, approvalRefusedReply, approveConfirmModal, parseModalMetadata, REASON_ACTION_ID, REASON_BLOCK_ID, rejectReasonModal } from '../src/slack/blocks/approval.ts';
import type { SlackMessage } from '../src/slack/blocks/types.ts';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

interface Click {
  user: string;
  channel: string;
  messageTs: string;
}

/**
 * The approval gate's buttons and modals. A button carries only the request id; the
 * request, the caller's role and where the click came from are checked here on every
 * click and again, atomically, when the modal is submitted. The deploy job checks once
 * more before it touches anything.
 */

/** The request as the checks see it: its message ts is the outbox's record of where it was posted. */
async function withMessageTs(ctx: AppContext, request: ApprovalRequest): Promise<ApprovalRequest> {
  if (request.messageTs) return request;
  const ref = await ctx.outbox.ref(approvalMessageKey(request.id));
  return ref ? { ...request, messageTs: ref.ts } : request;
}

async function refuse(ctx: AppContext, click: Click, action: string, refusal: Pick<Refusal, 'reason' | 'message'>, request?: ApprovalRequest): Promise<void> {
  await tell(ctx, click, approvalRefusedReply(refusal));
  await ctx.audit.record({ actor: click.user, action, outcome: 'refused', channel: click.channel, ...(request ? { target: request.id } : {}), detail: `${refusal.reason}: ${refusal.message}` });
  // A click on an expired request also brings its message up to date (buttons gone).
  if (refusal.reason === 'expired' && request) await expireRequest(ctx, request.id);
}

/** A private note to the clicker in the channel of the click. */
async function tell(ctx: AppContext, click: Click, message: SlackMessage): Promise<void> {
  await ctx.slack.chat.postEphemeral({ channel: click.channel, user: click.user, text: message.text, blocks: message.blocks as never });
}

function clickOf(body: BlockButtonAction): Click {
  return { user: body.user.id, channel: body.channel?.id ?? body.container?.channel_id ?? '', messageTs: body.container?.message_ts ?? body.message?.ts ?? '' };
}

const UNKNOWN: Pick<Refusal, 'reason' | 'message'> = { reason: 'wrong-message', message: 'This button does not belong to a deploy request the bot knows.' };

/** Approve: checks the click, then asks for confirmation in a modal before it counts. */
export function approveButton(ctx: AppContext) {
  return async function handleApproveButton({ ack, body, action, client }: ButtonArgs): Promise<void> {
    await ack();
    const click = clickOf(body);
    const stored = action.value ? await ctx.approvals.get(action.value) : undefined;
    if (!stored) return refuse(ctx, click, 'button:approve', UNKNOWN);
    const request = await withMessageTs(ctx, stored);
    const decision = decideApprove(request, { ...click, isApprover: await ctx.roles.has(click.user, request.approverRole), now: ctx.clock.now() });
    if (!decision.ok) return refuse(ctx, click, 'button:approve', decision, request);
    await client.views.open({ trigger_id: body.trigger_id, view: approveConfirmModal(request, click) as never });
  };
}

/** Reject: checks the click, then asks for the reason in a modal. */
export function rejectButton(ctx: AppContext) {
  return async function handleRejectButton({ ack, body, action, client }: ButtonArgs): Promise<void> {
    await ack();
    const click = clickOf(body);
    const stored = action.value ? await ctx.approvals.get(action.value) : undefined;
    if (!stored) return refuse(ctx, click, 'button:reject', UNKNOWN);
    const request = await withMessageTs(ctx, stored);
    const decision = decideReject(request, { ...click, isApprover: await ctx.roles.has(click.user, request.approverRole), now: ctx.clock.now(), reason: 'checking the click' });
    if (!decision.ok) return refuse(ctx, click, 'button:reject', decision, request);
    await client.views.open({ trigger_id: body.trigger_id, view: rejectReasonModal(request, click) as never });
  };
}

/** The confirmed approval: counted atomically; the last one needed queues the deploy. */
export function approveSubmitted(ctx: AppContext) {
  return async function handleApproveSubmitted({ ack, body, view }: SubmitArgs): Promise<void> {
    await ack();
    const meta = parseModalMetadata(view.private_metadata);
    if (!meta) return;
    const click: Click = { user: body.user.id, channel: meta.channel, messageTs: meta.messageTs };
    const stored = await ctx.approvals.get(meta.requestId);
    if (!stored) return refuse(ctx, click, 'approval:approve', UNKNOWN);
    const isApprover = await ctx.roles.has(click.user, stored.approverRole);
    const ref = await ctx.outbox.ref(approvalMessageKey(stored.id));
    const decision = await ctx.approvals.transition<ApproveDecision>(meta.requestId, (request) => {
      const current = request.messageTs || !ref ? request : { ...request, messageTs: ref.ts };
      const result = decideApprove(current, { ...click, isApprover, now: ctx.clock.now() });
      return result.ok ? { next: result.request, result } : { result };
    });
    if (!decision) return refuse(ctx, click, 'approval:approve', UNKNOWN);
    if (!decision.ok) return refuse(ctx, click, 'approval:approve', decision, stored);
    const request = decision.request;
    await ctx.audit.record({ actor: click.user, action: 'approval:approve', outcome: 'ok', channel: click.channel, target: request.id, detail: `${request.group} v${request.version} to ${request.stage}` });
    await publishApproval(ctx, request);
    if (decision.complete) {
      await ctx.lifecycle.add('deploy', { requestId: request.id }, { jobId: request.id });
      await ctx.audit.record({ actor: click.user, action: 'approval:approved', outcome: 'ok', channel: click.channel, target: request.id, detail: `deploy of ${request.group} v${request.version} to ${request.stage} queued` });
    } else {
      await tell(ctx, click, approvalCountedReply(request));
    }
  };
}

/** The rejection with its reason: recorded atomically, shown on the request and in the registry. */
export function rejectSubmitted(ctx: AppContext) {
  return async function handleRejectSubmitted({ ack, body, view }: SubmitArgs): Promise<void> {
    const meta = parseModalMetadata(view.private_metadata);
    const reason = view.state.values[REASON_BLOCK_ID]?.[REASON_ACTION_ID]?.value ?? '';
    if (!reason.trim()) {
      await ack({ response_action: 'errors', errors: { [REASON_BLOCK_ID]: 'Say why, so the requester knows what to fix.' } });
      return;
    }
    await ack();
    if (!meta) return;
    const click: Click = { user: body.user.id, channel: meta.channel, messageTs: meta.messageTs };
    const stored = await ctx.approvals.get(meta.requestId);
    if (!stored) return refuse(ctx, click, 'approval:reject', UNKNOWN);
    const isApprover = await ctx.roles.has(click.user, stored.approverRole);
    const ref = await ctx.outbox.ref(approvalMessageKey(stored.id));
    const decision = await ctx.approvals.transition<RejectDecision>(meta.requestId, (request) => {
      const current = request.messageTs || !ref ? request : { ...request, messageTs: ref.ts };
      const result = decideReject(current, { ...click, isApprover, now: ctx.clock.now(), reason });
      return result.ok ? { next: result.request, result } : { result };
    });
    if (!decision) return refuse(ctx, click, 'approval:reject', UNKNOWN);
    if (!decision.ok) return refuse(ctx, click, 'approval:reject', decision, stored);
    const request = decision.request;
    await ctx.audit.record({ actor: click.user, action: decision.withdrawn ? 'approval:withdraw' : 'approval:reject', outcome: 'ok', channel: click.channel, target: request.id, detail: request.rejection?.reason ?? reason });
    await publishApproval(ctx, request);
    if (!decision.withdrawn) await ctx.lifecycle.add('registry-reject', { requestId: request.id }, { jobId: `reject-${request.id}` });
  };
}
