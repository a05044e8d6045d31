import type { Job } from 'bullmq';
import type { AppContext } from '../src/context.ts';
import { APPROVAL_NOT_REQUIRED, checkDeployable, countedApprovers, type ApprovalRequest } from '../src/domain/approval.ts';
import { approvalRequired } from '../src/domain/deploy-plan.ts';
import { NotFoundError } from '../src/errors.ts';
import type { DeployPayload } from '../src/queue/payloads.ts';
import { deployThreadLine } from '../src/slack/blocks/deploy.ts';
import { approvalMessageKey, deployLine, deployMessageKey, type DeployThread } from './deploy-thread.ts';

/** Enqueues the deploy of a request: the job id is the request id, so it runs once. */
export async function enqueueDeploy(ctx: AppContext, requestId: string): Promise<void> {
  await ctx.lifecycle.add('deploy', { requestId }, { jobId: requestId });
}

/** The thread a request's deploy reports in: the approval message's, or a deploy message in the ops channel. */
export function threadOf(ctx: AppContext, request: ApprovalRequest): DeployThread {
  return request.minApprovals > 0
    ? { requestId: request.id, threadKey: approvalMessageKey(request.id), channel: request.channel }
    : { requestId: request.id, threadKey: deployMessageKey(request.id), channel: ctx.config.team.channels.ops };
}

/**
 * Deploys an approved request: the gate's last guard and the only code that changes an
 * endpoint for a deploy. It re-reads the request, re-checks the approval against the
 * current config and roles, re-describes the package and aborts if anything changed; then
 * creates the model and endpoint config (adopting them on a retry) and creates or updates
 * the endpoint, never starting a second update for the same request.
 */
export async function processDeploy(job: Job<DeployPayload>, payload: DeployPayload, ctx: AppContext): Promise<{ outcome: string }> {
  const request = await ctx.approvals.get(payload.requestId);
  if (!request || job.id !== request.id) {
    await ctx.audit.record({ actor: 'bot', action: 'deploy', outcome: 'refused', target: payload.requestId, detail: 'no deploy request with this id: a deploy runs only from an approved request' });
    return { outcome: 'refused' };
  }
  const thread = threadOf(ctx, request);
  if (request.minApprovals === 0) await ctx.outbox.put(thread.threadKey, { channel: thread.channel, ...deployThreadLine({ kind: 'started', plan: request.plan }) });

  const reasons = await gateReasons(ctx, request);
  if (reasons.length > 0) {
    await deployLine(ctx, thread, 'aborted', deployThreadLine({ kind: 'aborted', reasons }));
    await ctx.audit.record({ actor: 'bot', action: 'deploy', outcome: 'refused', channel: thread.channel, target: request.endpoint, detail: reasons.join('; ') });
    return { outcome: 'aborted' };
  }

  const { plan } = request;
  const approvers = countedApprovers(request);
  if (request.minApprovals > 0) await deployLine(ctx, thread, 'started', deployThreadLine({ kind: 'started', plan, approvers }));
  const tags = { 'chatops:request-id': request.id, 'chatops:requester': request.requester, 'chatops:model-package': request.packageArn };
  if (request.minApprovals > 0) {
    const names = approvers.join(', ');
    await ctx.deploy.setPackageApproval(request.packageArn, 'Approved', `Approved in Slack for ${plan.stage} by ${names} (requested by ${request.requester}, request ${request.id})`.slice(0, 1000));
    await deployLine(ctx, thread, 'registry', deployThreadLine({ kind: 'registry-updated', version: plan.version, status: 'Approved', approvers }));
  }
  const model = await ctx.deploy.createModel({ name: plan.modelName, image: request.imageDigest ? pinnedImage(request.image, request.imageDigest) : request.image, modelDataUrl: request.modelDataUrl, roleArn: ctx.config.team.aws.executionRoleArn, tags });
  await deployLine(ctx, thread, 'model', deployThreadLine({ kind: 'model-created', modelName: plan.modelName, existed: !model.created }));
  const config = await ctx.deploy.createEndpointConfig({ name: plan.endpointConfigName, modelName: plan.modelName, instanceType: plan.instanceType, instanceCount: plan.instanceCount, tags });
  await deployLine(ctx, thread, 'config', deployThreadLine({ kind: 'endpoint-config-created', configName: plan.endpointConfigName, existed: !config.created }));

  let previousConfigName: string | undefined;
  try {
    const endpoint = await ctx.deploy.describeEndpoint(plan.endpoint);
    previousConfigName = endpoint.configName === plan.endpointConfigName ? undefined : endpoint.configName;
    // A retried job must not start a second update: the endpoint already moves to (or
    // serves) this request's config.
    if (endpoint.configName !== plan.endpointConfigName && endpoint.pendingConfigName !== plan.endpointConfigName) {
      await ctx.deploy.updateEndpoint({ name: plan.endpoint, configName: plan.endpointConfigName, ...(plan.blueGreen ? { blueGreen: plan.blueGreen } : {}) });
    }
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
    await ctx.deploy.createEndpoint({ name: plan.endpoint, configName: plan.endpointConfigName, tags });
  }
  const existing = await ctx.deployments.flight(request.id);
  await ctx.deployments.startFlight({
    requestId: request.id,
    kind: 'deploy',
    endpoint: plan.endpoint,
    stage: plan.stage,
    configName: plan.endpointConfigName,
    ...((existing?.previousConfigName ?? previousConfigName) ? { previousConfigName: existing?.previousConfigName ?? previousConfigName } : {}),
    threadKey: thread.threadKey,
    channel: thread.channel,
    startedAt: existing?.startedAt ?? ctx.clock.now(),
    entry: { requestId: request.id, kind: 'deploy', endpoint: plan.endpoint, stage: plan.stage, configName: plan.endpointConfigName, group: plan.group, version: plan.version, packageArn: plan.packageArn, deployedBy: request.requester, approvers, at: 0 },
  });
  await ctx.audit.record({ actor: request.requester, action: 'deploy', outcome: 'ok', channel: thread.channel, target: plan.endpoint, detail: `${plan.group} v${plan.version} to ${plan.stage}${approvers.length ? `, approved by ${approvers.join(', ')}` : ''}` });
  return { outcome: 'started' };
}

/**
 * Why this request may not deploy now, in words; empty when it may. Checked against the
 * config and roles of today, not of the day it was requested.
 */
async function gateReasons(ctx: AppContext, request: ApprovalRequest): Promise<string[]> {
  const stage = ctx.config.team.stages[request.stage];
  if (!stage) return [`stage ${request.stage} is no longer in the team config`];
  const now = ctx.clock.now();
  const pkg = await ctx.deploy.describeModelPackage(request.packageArn).catch((error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
  if (!pkg) return [`the model package ${request.packageArn} no longer exists`];
  if (!approvalRequired(stage)) {
    const check = request.status === 'approved' ? checkDeployable(APPROVAL_NOT_REQUIRED, { now, pkg }) : { ok: false as const, reasons: [`the request is ${request.status}`] };
    return check.ok ? [] : check.reasons;
  }
  const approval = stage.approval;
  const check = checkDeployable(request.minApprovals > 0 ? request : undefined, { now, pkg });
  const reasons = check.ok ? [] : [...check.reasons];
  if (approval && request.minApprovals < approval.minApprovals) reasons.push(`the stage now needs ${approval.minApprovals} approvals; the request was approved with ${request.minApprovals}`);
  for (const user of countedApprovers(request)) {
    if (!(await ctx.roles.has(user, request.approverRole))) reasons.push(`approver ${user} no longer holds the ${request.approverRole} role`);
  }
  return reasons;
}

/** The image reference that pins the digest approved, whatever its tag points at later. */
function pinnedImage(image: string, digest: string): string {
  const repository = image.split('@')[0]?.replace(/:[^/:]+$/, '') ?? image;
  return `${repository}@${digest}`;
}
