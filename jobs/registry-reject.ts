import type { Job } from 'bullmq';
import type { AppContext } from '../src/context.ts';
import type { RegistryRejectPayload } from '../src/queue/payloads.ts';
import { deployThreadLine } from '../src/slack/blocks/deploy.ts';
import { deployLine } from './deploy-thread.ts';
import { threadOf } from './deploy.ts';

/** A rejected request marks its package version Rejected in the registry, with the reason and who. */
export async function processRegistryReject(_job: Job<RegistryRejectPayload>, payload: RegistryRejectPayload, ctx: AppContext): Promise<void> {
  const request = await ctx.approvals.get(payload.requestId);
  if (!request?.rejection || request.status !== 'rejected' || request.rejection.withdrawn) return;
  const { user, reason } = request.rejection;
  await ctx.deploy.setPackageApproval(request.packageArn, 'Rejected', `Rejected in Slack by ${user} for ${request.stage}: ${reason}`.slice(0, 1000));
  await deployLine(ctx, threadOf(ctx, request), 'registry', deployThreadLine({ kind: 'registry-updated', version: request.version, status: 'Rejected' }));
}
