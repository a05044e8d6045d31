import { countedApprovers, effectiveStatus, REJECT_REASON_MAX, type ApprovalRequest, type Refusal } from '../../domain/approval.ts';
import type { DeployPlan } from '../../domain/deployment.ts';
import { formatDuration } from '../../domain/duration.ts';
import { formatMetric } from '../../domain/training-view.ts';
import { code, escapeMrkdwn, truncate } from './escape.ts';
import { fit } from './fit.ts';
import { context, field, header, mrkdwn, section, slackDate, userMention } from './parts.ts';
import type { ActionsBlock, Block, InputBlock, ModalView, PlainText, SlackMessage } from './types.ts';

/*
 * The approval request message in the approvals channel, and the two modals its buttons
 * open. Buttons carry only the request id (rule 7); the handler re-checks everything.
 */

export const APPROVE_ACTION_ID = 'sm_approve';
export const REJECT_ACTION_ID = 'sm_reject';
export const APPROVE_CONFIRM_CALLBACK_ID = 'sm_approve_confirm';
export const REJECT_REASON_CALLBACK_ID = 'sm_reject_reason';
/** block_id and action_id of the reject modal's reason input. */
export const REASON_BLOCK_ID = 'reason';
export const REASON_ACTION_ID = 'reason';

const MAX_METRICS = 12;
const MODAL_TITLE_MAX = 24;

/** `churn v7 to prod` (plain, unescaped). */
function what(req: Pick<ApprovalRequest, 'group' | 'version' | 'stage'>): string {
  return `${req.group} v${req.version} to ${req.stage}`;
}

function mentions(users: readonly string[]): string {
  return users.map(userMention).join(', ');
}

function signed(delta: number): string {
  return `${delta > 0 ? '+' : ''}${formatMetric(delta)}`;
}

/**
 * The candidate's metrics beside the live version's, with the change, as an escaped code
 * block: `name  live  candidate  Δ`. Undefined when neither carries metrics.
 */
export function metricsComparison(candidate: Readonly<Record<string, number>>, live?: Readonly<Record<string, number>>): string | undefined {
  const names = [...new Set([...Object.keys(candidate), ...Object.keys(live ?? {})])].sort();
  if (names.length === 0) return undefined;
  const shown = names.slice(0, MAX_METRICS);
  const rows = [['metric', 'live', 'candidate', 'Δ']];
  for (const name of shown) {
    const now = live?.[name];
    const next = candidate[name];
    const delta = now !== undefined && next !== undefined ? signed(next - now) : '';
    rows.push([truncate(name, 28), now === undefined ? '–' : formatMetric(now), next === undefined ? '–' : formatMetric(next), delta]);
  }
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const lines = rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
  if (names.length > shown.length) lines.push(`… ${names.length - shown.length} more`);
  return `\`\`\`${escapeMrkdwn(lines.join('\n'))}\`\`\``;
}

/** The rollout in words (escaped): the blue/green plan, or all at once. */
export function rolloutInWords(plan: Pick<DeployPlan, 'blueGreen'>): string {
  const blueGreen = plan.blueGreen;
  if (!blueGreen) return 'All at once (no blue/green for this stage)';
  const alarms = blueGreen.rollbackAlarms.length > 0 ? `; auto-rollback on ${blueGreen.rollbackAlarms.slice(0, 10).map((alarm) => code(truncate(alarm, 120))).join(', ')}` : '; no rollback alarms';
  return `Blue/green: ${Math.round(blueGreen.canary * 1000) / 10}% of capacity first, bake ${formatDuration(blueGreen.bakeMs)}, then the rest${alarms}`;
}

/** What will change, as section fields (escaped). */
function changeFields(req: ApprovalRequest) {
  const live = req.live;
  const from = live?.version !== undefined ? `v${live.version}` : live?.configName ? code(live.configName) : undefined;
  return [
    field('Endpoint', `${code(req.endpoint)} (${escapeMrkdwn(req.stage)})`),
    field('Model version', from ? `${from} → *v${req.version}*` : `*v${req.version}* (new endpoint)`),
    field('Instances', `${escapeMrkdwn(req.plan.instanceType)} × ${req.plan.instanceCount}`),
    field('Rollout', rolloutInWords(req.plan)),
  ];
}

function buttons(req: ApprovalRequest): ActionsBlock {
  return {
    type: 'actions',
    elements: [
      { type: 'button', text: { type: 'plain_text', text: 'Approve' }, action_id: APPROVE_ACTION_ID, value: req.id, style: 'primary' },
      { type: 'button', text: { type: 'plain_text', text: 'Reject' }, action_id: REJECT_ACTION_ID, value: req.id, style: 'danger' },
    ],
  };
}

/** `n/min approvals (by …)`. */
function approvalsSoFar(req: ApprovalRequest): string {
  const counted = countedApprovers(req);
  return `${counted.length}/${req.minApprovals} approval${req.minApprovals === 1 ? '' : 's'}${counted.length > 0 ? ` (${mentions(counted)})` : ''}`;
}

/** The state line, and the fallback text's tail, for each status. */
function stateLine(req: ApprovalRequest, now: number): { line: string; text: string } {
  switch (effectiveStatus(req, now)) {
    case 'pending':
      return {
        line: `:hourglass_flowing_sand: *Waiting for approval* by the *${escapeMrkdwn(req.approverRole)}* role · ${approvalsSoFar(req)} · expires ${slackDate(req.expiresAt)} (in ${formatDuration(req.expiresAt - now)})`,
        text: `waiting for approval (${countedApprovers(req).length}/${req.minApprovals})`,
      };
    case 'approved':
      return { line: `:white_check_mark: *Approved* by ${mentions(countedApprovers(req))} · ${slackDate(req.decidedAt ?? now)}. The deploy runs in this thread.`, text: 'approved' };
    case 'rejected': {
      const rejection = req.rejection;
      const who = rejection ? userMention(rejection.user) : 'someone';
      const reason = rejection ? `\n${escapeMrkdwn(truncate(rejection.reason, 600)).split('\n').map((line) => `>${line}`).join('\n')}` : '';
      return rejection?.withdrawn
        ? { line: `:leftwards_arrow_with_hook: *Withdrawn* by ${who}, who asked for it · ${slackDate(rejection.at)}${reason}`, text: 'withdrawn' }
        : { line: `:x: *Rejected* by ${who} · ${slackDate(rejection?.at ?? req.decidedAt ?? now)}${reason}`, text: 'rejected' };
    }
    case 'expired':
      return {
        line: `:hourglass: *Expired* ${slackDate(req.expiresAt)} with ${approvalsSoFar(req)}; nothing was deployed. To try again: ${code(`/sm deploy ${req.group}@${req.version} to ${req.stage}`)}`,
        text: 'expired',
      };
  }
}

/**
 * The request message in the approvals channel, re-rendered on every change: what will
 * change (live → candidate, instances, metrics side by side, rollout), who asked, when it
 * expires, approvals so far, and Approve / Reject while it is pending. Once approved,
 * rejected or expired (including a pending request past its expiry) the buttons are gone
 * and the message says who decided, why, or that it expired.
 */
export function approvalRequestMessage(req: ApprovalRequest, now: number): SlackMessage {
  const status = effectiveStatus(req, now);
  const state = stateLine(req, now);
  const title = status === 'pending' ? `Deploy ${what(req)}?` : `Deploy ${what(req)}: ${state.text}`;
  const blocks: Block[] = [header(title), section(state.line), { type: 'section', fields: changeFields(req) }];
  const metrics = metricsComparison(req.candidateMetrics, req.live?.metrics);
  if (metrics) blocks.push(section(`*Metrics* (live → candidate)\n${metrics}`));
  blocks.push(
    context(
      `Requested by ${userMention(req.requester)} ${slackDate(req.requestedAt)}`,
      `Pinned package ${code(req.packageArn)}${req.imageDigest ? ` · image ${code(req.imageDigest)}` : ''}`,
    ),
  );
  if (status === 'pending') blocks.push(buttons(req));
  return fit({ text: escapeMrkdwn(`Deploy ${what(req)}: ${state.text}`), blocks });
}

export interface ModalMetadata {
  requestId: string;
  /** Where the click came from: the handler checks these against the request again on submit. */
  channel: string;
  messageTs: string;
}

/** Where a click came from; defaults to the request's own message. */
export type ClickOrigin = Pick<ModalMetadata, 'channel' | 'messageTs'>;

function metadata(req: ApprovalRequest, origin?: ClickOrigin): string {
  const value: ModalMetadata = { requestId: req.id, channel: origin?.channel ?? req.channel, messageTs: origin?.messageTs ?? req.messageTs ?? '' };
  return JSON.stringify(value);
}

/** Reads a modal's private_metadata back; undefined unless it is exactly what metadata() wrote. */
export function parseModalMetadata(text: string | undefined): ModalMetadata | undefined {
  if (!text || text.length > 3_000) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { requestId, channel, messageTs } = value as Record<string, unknown>;
  if (typeof requestId !== 'string' || !/^[A-Za-z0-9_.-]{1,128}$/.test(requestId)) return undefined;
  if (typeof channel !== 'string' || !/^[CGD][A-Z0-9]{2,}$/.test(channel)) return undefined;
  if (typeof messageTs !== 'string' || !/^\d{1,12}\.\d{1,9}$/.test(messageTs)) return undefined;
  return { requestId, channel, messageTs };
}

function plain(text: string, max: number): PlainText {
  return { type: 'plain_text', text: truncate(text, max) };
}

/** The modal's summary blocks, within limits. */
function summaryBlocks(req: ApprovalRequest, intro: string): Block[] {
  const blocks: Block[] = [section(intro), { type: 'section', fields: changeFields(req) }];
  const metrics = metricsComparison(req.candidateMetrics, req.live?.metrics);
  if (metrics) blocks.push(section(`*Metrics* (live → candidate)\n${metrics}`));
  blocks.push(context(`Requested by ${userMention(req.requester)} · ${approvalsSoFar(req)}`));
  return fit({ text: 'summary', blocks }).blocks;
}

/**
 * The confirmation step before an approval counts (mobile mis-clicks happen): what will
 * deploy, and "Approve and deploy". private_metadata carries the request id and where the
 * click came from, as JSON (parseModalMetadata reads it back).
 */
export function approveConfirmModal(req: ApprovalRequest, origin?: ClickOrigin): ModalView {
  const last = countedApprovers(req).length + 1 >= req.minApprovals;
  const intro = `You are approving the deploy of *${escapeMrkdwn(`${req.group} v${req.version}`)}* to *${escapeMrkdwn(req.stage)}*. ${
    last ? 'Yours is the last approval needed: the deploy starts at once.' : 'More approvals are needed before it deploys.'
  }`;
  return {
    type: 'modal',
    callback_id: APPROVE_CONFIRM_CALLBACK_ID,
    title: plain('Approve deploy', MODAL_TITLE_MAX),
    submit: plain('Approve and deploy', MODAL_TITLE_MAX),
    close: plain('Cancel', MODAL_TITLE_MAX),
    private_metadata: metadata(req, origin),
    blocks: summaryBlocks(req, intro),
  };
}

/**
 * Asks why before a rejection counts: a required reason of at most 500 characters
 * (block_id and action_id `reason`). The requester rejecting their own request withdraws it.
 */
export function rejectReasonModal(req: ApprovalRequest, origin?: ClickOrigin): ModalView {
  const reason: InputBlock = {
    type: 'input',
    block_id: REASON_BLOCK_ID,
    label: plain('Why reject it?', 2_000),
    element: { type: 'plain_text_input', action_id: REASON_ACTION_ID, multiline: true, min_length: 1, max_length: REJECT_REASON_MAX, placeholder: plain('e.g. AUC dropped on the holdout set', 150) },
    hint: plain('The reason is shown on the request and recorded in the model registry. If you asked for this deploy, rejecting it withdraws it.', 2_000),
  };
  return {
    type: 'modal',
    callback_id: REJECT_REASON_CALLBACK_ID,
    title: plain('Reject deploy', MODAL_TITLE_MAX),
    submit: plain('Reject', MODAL_TITLE_MAX),
    close: plain('Cancel', MODAL_TITLE_MAX),
    private_metadata: metadata(req, origin),
    blocks: [...summaryBlocks(req, `You are rejecting the deploy of *${escapeMrkdwn(`${req.group} v${req.version}`)}* to *${escapeMrkdwn(req.stage)}*.`), reason],
  };
}

const REFUSAL_EMOJI: Record<Refusal['reason'], string> = {
  'not-pending': ':information_source:',
  expired: ':hourglass:',
  'self-approval': ':no_entry:',
  'not-approver': ':no_entry:',
  'already-approved': ':information_source:',
  'wrong-message': ':no_entry:',
  'reason-required': ':warning:',
  'reason-too-long': ':warning:',
};

/** The private reply to a refused click: the domain's explanation, escaped. */
export function approvalRefusedReply(refusal: Pick<Refusal, 'reason' | 'message'>): SlackMessage {
  const text = escapeMrkdwn(refusal.message);
  return fit({ text, blocks: [section(`${REFUSAL_EMOJI[refusal.reason] ?? ':no_entry:'} ${text}`)] });
}

/** The private reply to a counted approval that did not complete the request. */
export function approvalCountedReply(req: ApprovalRequest): SlackMessage {
  const missing = Math.max(0, req.minApprovals - countedApprovers(req).length);
  const text = `Your approval of ${what(req)} is in; ${missing} more needed.`;
  return fit({ text: escapeMrkdwn(text), blocks: [{ type: 'section', text: mrkdwn(`:ballot_box_with_check: ${escapeMrkdwn(text)}`) }] });
}
