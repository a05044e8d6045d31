import type { RoleName, StageConfig } from '../config.ts';
import type { DeployPlan, ModelPackageView } from './deployment.ts';

/*
 * The approval gate's state machine (issue 3; DESIGN.md, "The gate cannot be bypassed").
 * Every function takes a request and returns a decision; none mutates its input. The store
 * applies a decision atomically (pending → approved | rejected | expired), and the deploy
 * job runs checkDeployable itself, so the button handler is never the only guard.
 * Messages are plain text for people; the Block Kit builders escape them. Pure: `now` is
 * passed in.
 */

export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired';

export interface ApprovalRequest {
  /** Also the deploy job id (see approvalRequestId in deploy-plan.ts). */
  id: string;
  group: string;
  version: number;
  /** The exact model package version, pinned at request time. */
  packageArn: string;
  imageDigest?: string;
  image: string;
  modelDataUrl: string;
  stage: string;
  endpoint: string;
  /** Slack user id of whoever asked. */
  requester: string;
  /** The channel where the request message lives (the approvals channel). */
  channel: string;
  /** The request message's ts, once posted. Clicks from any other message are refused. */
  messageTs?: string;
  requestedAt: number;
  expiresAt: number;
  minApprovals: number;
  approverRole: RoleName;
  approvals: { user: string; at: number }[];
  /** `withdrawn` is true when the requester cancelled their own request. */
  rejection?: { user: string; at: number; reason: string; withdrawn?: boolean };
  status: ApprovalStatus;
  decidedAt?: number;
  /** What the endpoint serves now, when it exists. */
  live?: { version?: number; packageArn?: string; configName?: string; metrics?: Record<string, number> };
  candidateMetrics: Record<string, number>;
  plan: DeployPlan;
}

export type RefusalReason = 'not-pending' | 'expired' | 'self-approval' | 'not-approver' | 'already-approved' | 'wrong-message' | 'reason-required' | 'reason-too-long';

export type Refusal = { ok: false; reason: RefusalReason; message: string };
export type ApproveDecision = { ok: true; request: ApprovalRequest; complete: boolean } | Refusal;
export type RejectDecision = { ok: true; request: ApprovalRequest; withdrawn: boolean } | Refusal;
export type ExpireDecision = { ok: true; request: ApprovalRequest } | { ok: false; reason: 'not-pending' | 'not-due' };
export type DeployCheck = { ok: true } | { ok: false; reasons: string[] };

/** Where a click came from and who made it. `isApprover`: the user holds `req.approverRole`. */
export interface ClickInput {
  user: string;
  isApprover: boolean;
  now: number;
  channel: string;
  messageTs: string;
}

/** A reject reason is required and at most this long (the modal's max_length too). */
export const REJECT_REASON_MAX = 500;
export const WITHDRAWN_REASON = 'withdrawn by requester';

/** A pending request past its expiry is expired, whether or not the store has said so yet. */
export function effectiveStatus(req: Pick<ApprovalRequest, 'status' | 'expiresAt'>, now: number): ApprovalStatus {
  return req.status === 'pending' && now > req.expiresAt ? 'expired' : req.status;
}

/**
 * The approvals that count: one per person, never the requester's, none given after expiry.
 * The state machine never records the other kinds; the deploy job counts this way anyway.
 */
export function countedApprovers(req: Pick<ApprovalRequest, 'approvals' | 'requester' | 'expiresAt'>): string[] {
  const users = new Set<string>();
  for (const approval of req.approvals) if (approval.user !== req.requester && approval.at <= req.expiresAt) users.add(approval.user);
  return [...users];
}

/** `churn v7 to prod`, for messages. */
function what(req: Pick<ApprovalRequest, 'group' | 'version' | 'stage'>): string {
  return `${req.group} v${req.version} to ${req.stage}`;
}

function utc(ms: number): string {
  return Number.isFinite(ms) ? `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC` : 'an unknown time';
}

function refuse(reason: RefusalReason, message: string): Refusal {
  return { ok: false, reason, message };
}

/** The checks every click shares: the right message, still pending, not expired. */
function checkClick(req: ApprovalRequest, click: Pick<ClickInput, 'now' | 'channel' | 'messageTs'>): Refusal | undefined {
  // A button carries only the request id (rule 7): a click whose message is not the
  // request's own is a copied or tampered button, whatever it says.
  if (req.messageTs === undefined || click.channel !== req.channel || click.messageTs !== req.messageTs) {
    return refuse('wrong-message', 'This button does not belong to this approval request. Use the buttons on the request message in the approvals channel.');
  }
  const status = effectiveStatus(req, click.now);
  if (status === 'expired') {
    return refuse('expired', `This request to deploy ${what(req)} expired at ${utc(req.expiresAt)}; it can no longer be approved or rejected. Ask again with /sm deploy ${req.group}@${req.version} to ${req.stage}.`);
  }
  if (status !== 'pending') {
    const decided = status === 'approved' ? 'approved' : req.rejection?.withdrawn ? 'withdrawn' : 'rejected';
    return refuse('not-pending', `This request to deploy ${what(req)} was already ${decided}; nothing more to do.`);
  }
  return undefined;
}

/**
 * One approve click (after the confirmation step). Refusals, in order: wrong message,
 * expired, already decided, the requester (even an admin: rule 2), not an approver, and
 * the same person twice. The `minApprovals`-th distinct approval approves the request.
 */
export function decideApprove(req: ApprovalRequest, click: ClickInput): ApproveDecision {
  const refused = checkClick(req, click);
  if (refused) return refused;
  if (click.user === req.requester) {
    return refuse('self-approval', `You asked for this deploy, so you cannot approve it, even as an admin: someone else with the ${req.approverRole} role must.`);
  }
  if (!click.isApprover) return refuse('not-approver', `Only people with the ${req.approverRole} role may approve deploys to ${req.stage}.`);
  const counted = countedApprovers(req);
  if (counted.includes(click.user)) {
    const missing = req.minApprovals - counted.length;
    return refuse('already-approved', `You already approved this request; it still needs ${missing} more approval${missing === 1 ? '' : 's'} from someone else (${counted.length} of ${req.minApprovals}).`);
  }
  const approvals = [...req.approvals, { user: click.user, at: click.now }];
  const complete = counted.length + 1 >= req.minApprovals;
  const request: ApprovalRequest = complete ? { ...req, approvals, status: 'approved', decidedAt: click.now } : { ...req, approvals };
  return { ok: true, request, complete };
}

export interface RejectInput extends ClickInput {
  /** Why; required (1–500 characters after trimming). */
  reason: string;
}

/**
 * One reject click (after the reason is given). Any approver may reject a pending request,
 * including one who approved it earlier: a rejection is a veto. The requester may also
 * reject their own request, which withdraws it: status `rejected`, reason
 * "withdrawn by requester: <their reason>", `rejection.withdrawn` true.
 */
export function decideReject(req: ApprovalRequest, click: RejectInput): RejectDecision {
  const refused = checkClick(req, click);
  if (refused) return refused;
  const withdrawn = click.user === req.requester;
  if (!withdrawn && !click.isApprover) return refuse('not-approver', `Only people with the ${req.approverRole} role, or the requester, may reject deploys to ${req.stage}.`);
  const reason = click.reason.trim();
  if (reason.length === 0) return refuse('reason-required', 'Say why you are rejecting it: the reason goes to the requester and into the model registry.');
  if (reason.length > REJECT_REASON_MAX) return refuse('reason-too-long', `The reason is ${reason.length} characters long; keep it to ${REJECT_REASON_MAX}.`);
  const rejection = { user: click.user, at: click.now, reason: withdrawn ? `${WITHDRAWN_REASON}: ${reason}` : reason, ...(withdrawn ? { withdrawn: true } : {}) };
  return { ok: true, request: { ...req, status: 'rejected', decidedAt: click.now, rejection }, withdrawn };
}

/** Marks a pending request past its expiry as expired; anything else is left as it is. */
export function decideExpire(req: ApprovalRequest, now: number): ExpireDecision {
  if (req.status !== 'pending') return { ok: false, reason: 'not-pending' };
  if (now <= req.expiresAt) return { ok: false, reason: 'not-due' };
  return { ok: true, request: { ...req, status: 'expired', decidedAt: now } };
}

/** Passed to checkDeployable for a stage whose config has no `approval`. */
export const APPROVAL_NOT_REQUIRED = 'approval-not-required';

/**
 * The deploy job's own guard, run just before deploying with the package re-described now
 * (rules 5 and 6). Pass the request for a stage that needs approval (undefined when none
 * was found: refused), or APPROVAL_NOT_REQUIRED for one that does not (only the registry's
 * Rejected status stops that deploy). Every reason is returned, in words.
 */
export function checkDeployable(req: ApprovalRequest | typeof APPROVAL_NOT_REQUIRED | undefined, input: { now: number; pkg: ModelPackageView }): DeployCheck {
  const { now, pkg } = input;
  const reasons: string[] = [];
  const rejected = () => `the model registry marks ${pkg.arn} as Rejected${pkg.approvalDescription ? ` (${pkg.approvalDescription})` : ''}`;
  if (req === APPROVAL_NOT_REQUIRED) return pkg.approvalStatus === 'Rejected' ? { ok: false, reasons: [rejected()] } : { ok: true };
  if (req === undefined) return { ok: false, reasons: ['this stage needs an approved request and there is none for this deploy'] };

  const status = effectiveStatus(req, now);
  if (status !== 'approved') reasons.push(`the request is ${status}, not approved`);
  else if (req.decidedAt === undefined || req.decidedAt > req.expiresAt) reasons.push(`the request was approved after it expired at ${utc(req.expiresAt)}`);
  const counted = countedApprovers(req);
  if (counted.length < req.minApprovals) reasons.push(`it has ${counted.length} valid approval${counted.length === 1 ? '' : 's'} of the ${req.minApprovals} needed`);
  if (req.approvals.some((approval) => approval.user === req.requester)) reasons.push('the requester is among the approvers');
  if (req.plan.packageArn !== req.packageArn || req.plan.version !== req.version || req.plan.group !== req.group || req.plan.stage !== req.stage || req.plan.endpoint !== req.endpoint) {
    reasons.push('the deploy plan does not match the approved request');
  }

  if (pkg.arn !== req.packageArn) reasons.push(`the model package is now ${pkg.arn}, not the approved ${req.packageArn}`);
  if (req.imageDigest !== undefined) {
    if (pkg.imageDigest !== req.imageDigest) reasons.push(`the image digest changed after approval: ${req.imageDigest} → ${pkg.imageDigest ?? 'none'}`);
  } else if (pkg.image !== req.image) {
    reasons.push(`the image changed after approval: ${req.image} → ${pkg.image}`);
  }
  if (pkg.modelDataUrl !== req.modelDataUrl) reasons.push(`the model data URL changed after approval: ${req.modelDataUrl} → ${pkg.modelDataUrl}`);
  if (pkg.approvalStatus === 'Rejected') reasons.push(`${rejected()} since the request`);
  return reasons.length === 0 ? { ok: true } : { ok: false, reasons };
}

export interface NewApprovalInput {
  id: string;
  plan: DeployPlan;
  /** The package as described when the request is made: what gets pinned. */
  pkg: ModelPackageView;
  stage: StageConfig;
  requester: string;
  /** The approvals channel, where the request message will be posted. */
  channel: string;
  now: number;
  live?: ApprovalRequest['live'];
}

/**
 * A new pending request for a stage that needs approval, pinning the package's ARN, image
 * digest (or image) and model data URL, with the stage's approver role, count and expiry.
 * @throws RangeError when the stage needs no approval or the plan is for another package.
 */
export function newApprovalRequest(input: NewApprovalInput): ApprovalRequest {
  const { plan, stage, now } = input;
  if (!stage.approval) throw new RangeError(`stage ${plan.stage} needs no approval`);
  return {
    ...pinnedRequest(input),
    expiresAt: now + stage.approval.expiresIn,
    minApprovals: stage.approval.minApprovals,
    // The config schema accepts only role names here; its type is still `string`.
    approverRole: stage.approval.approvers as RoleName,
    status: 'pending',
  };
}

/** How long a deploy to a stage without approval may wait in the queue before it is void. */
export const DIRECT_DEPLOY_WINDOW_MS = 3_600_000;

/**
 * The record of a deploy to a stage that needs no approval. The deploy job still refuses to
 * run without a record, so a deploy enqueued some other way does nothing.
 */
export function directDeployRequest(input: Omit<NewApprovalInput, 'stage'>): ApprovalRequest {
  return { ...pinnedRequest(input), expiresAt: input.now + DIRECT_DEPLOY_WINDOW_MS, minApprovals: 0, approverRole: 'operator', status: 'approved', decidedAt: input.now };
}

/** What every request pins: the package's ARN, image digest (or image) and model data URL, and the plan. */
function pinnedRequest(input: Omit<NewApprovalInput, 'stage'>): Omit<ApprovalRequest, 'expiresAt' | 'minApprovals' | 'approverRole' | 'status'> {
  const { id, plan, pkg, requester, channel, now, live } = input;
  if (plan.packageArn !== pkg.arn) throw new RangeError(`the plan is for ${plan.packageArn}, not ${pkg.arn}`);
  return {
    id,
    group: plan.group,
    version: plan.version,
    packageArn: pkg.arn,
    ...(pkg.imageDigest !== undefined ? { imageDigest: pkg.imageDigest } : {}),
    image: pkg.image,
    modelDataUrl: pkg.modelDataUrl,
    stage: plan.stage,
    endpoint: plan.endpoint,
    requester,
    channel,
    requestedAt: now,
    approvals: [],
    ...(live ? { live } : {}),
    candidateMetrics: { ...pkg.metrics },
    plan,
  };
}
