import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import type { AppContext } from '../src/context.ts';
import { directDeployRequest, newApprovalRequest, type ApprovalRequest } from '../src/domain/approval.ts';
import { approvalRequired, buildDeployPlan } from '../src/domain/deploy-plan.ts';
import type { DeployRequestPayload } from '../src/queue/payloads.ts';
import { approvalRequestMessage } from '../src/slack/blocks/approval.ts';
import { approvalRequestedReply, deployQueuedReply } from '../src/slack/blocks/deploy.ts';
import { respond } from '../src/slack/respond.ts';
import { approvalMessageKey } from './deploy-thread.ts';
import { enqueueDeploy } from './deploy.ts';

/** How long the job waits for the approval message to be posted, to link to it. */
const LINK_WAIT_MS = 5_000;

/**
 * `/sm deploy <group>[@<version>] to <stage>`: pins the package version, plans the deploy,
 * and either queues the deploy (a stage without approval) or posts the approval request in
 * the approvals channel. Idempotent: the request id comes from the Slack request, and a
 * retried job finds the request it already stored.
 */
export async function processDeployRequest(_job: Job<DeployRequestPayload>, payload: DeployRequestPayload, ctx: AppContext): Promise<void> {
  const { requestId } = payload;
  const stage = ctx.config.team.stages[payload.stage];
  if (!stage) throw new UnrecoverableError(`Stage ${payload.stage} is no longer in the team config.`);
  const now = ctx.clock.now();
  let request = await ctx.approvals.get(requestId);
  if (!request) {
    const packages = await ctx.deploy.listModelPackages(payload.group, { limit: 100 });
    const summary = payload.version === undefined ? packages[0] : packages.find((p) => p.version === payload.version);
    if (!summary) {
      throw new UnrecoverableError(
        payload.version === undefined ? `Model package group ${payload.group} has no versions.` : `Model package group ${payload.group} has no version ${payload.version}.`,
      );
    }
    const pkg = await ctx.deploy.describeModelPackage(summary.arn);
    if (pkg.approvalStatus === 'Rejected') throw new UnrecoverableError(`${payload.group} v${pkg.version} is Rejected in the model registry; it cannot be deployed.`);
    const plan = buildDeployPlan({ requestId, group: payload.group, version: pkg.version, packageArn: pkg.arn, stageName: payload.stage, stage });
    const live = await liveOn(ctx, plan.endpoint);
    const input = { id: requestId, plan, pkg, requester: payload.user, now, ...(live ? { live } : {}) };
    request = approvalRequired(stage)
      ? newApprovalRequest({ ...input, stage, channel: ctx.config.team.channels.approvals })
      : directDeployRequest({ ...input, channel: ctx.config.team.channels.ops });
    if (await ctx.approvals.create(request)) {
      await ctx.audit.record({ actor: payload.user, action: 'deploy:request', outcome: 'ok', channel: payload.channel, target: plan.endpoint, detail: `${plan.group} v${plan.version} to ${plan.stage}` });
    }
  }

  if (request.status === 'approved' && request.minApprovals === 0) {
    await enqueueDeploy(ctx, request.id);
    if (payload.responseUrl) await respond(payload.responseUrl, { ...deployQueuedReply({ group: request.group, version: request.version, stage: request.stage }, { needsApproval: false, channel: ctx.config.team.channels.ops }), replace_original: true });
    return;
  }
  const key = approvalMessageKey(request.id);
  await ctx.outbox.put(key, { channel: request.channel, ...approvalRequestMessage(request, now) });
  const ref = await waitForRef(ctx, key, LINK_WAIT_MS);
  if (payload.responseUrl) {
    const link = ref ? `https://slack.com/archives/${ref.channel}/p${ref.ts.replace('.', '')}` : undefined;
    await respond(payload.responseUrl, { ...approvalRequestedReply(request, link), replace_original: true });
  }
}

/** What the endpoint serves now, from the bot's own deployment record. */
async function liveOn(ctx: AppContext, endpoint: string): Promise<ApprovalRequest['live'] | undefined> {
  const entry = await ctx.deployments.live(endpoint);
  if (!entry) return undefined;
  const pkg = await ctx.deploy.describeModelPackage(entry.packageArn).catch(() => undefined);
  return { version: entry.version, packageArn: entry.packageArn, configName: entry.configName, ...(pkg ? { metrics: pkg.metrics } : {}) };
}

async function waitForRef(ctx: AppContext, key: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ref = await ctx.outbox.ref(key);
    if (ref || Date.now() > deadline) return ref;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
