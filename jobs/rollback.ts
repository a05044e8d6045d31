import type { Job } from 'bullmq';
import { UnrecoverableError } from 'bullmq';
import type { AppContext } from '../src/context.ts';
import type { RollbackPayload } from '../src/queue/payloads.ts';
import { deployThreadLine } from '../src/slack/blocks/deploy.ts';
import { respond } from '../src/slack/respond.ts';
import { rollbackQueuedReply } from '../src/slack/blocks/deploy.ts';
import { deployLine, type DeployThread } from './deploy-thread.ts';

/**
 * `/sm rollback <endpoint>`: puts the previous config that went live through the bot back
 * on the endpoint. It was approved when it was deployed, so no new approval is asked; the
 * command needs the approver role. A retried job does not start a second update.
 */
export async function processRollback(job: Job<RollbackPayload>, payload: RollbackPayload, ctx: AppContext): Promise<void> {
  const id = job.id ?? '';
  const endpoint = await ctx.deploy.describeEndpoint(payload.endpoint);
  const history = await ctx.deployments.history(payload.endpoint);
  const flight = await ctx.deployments.flight(id);
  const target = flight?.entry ?? history.find((entry) => entry.configName !== (history[0]?.configName ?? endpoint.configName));
  if (!target) throw new UnrecoverableError(`${payload.endpoint} has no earlier config deployed through the bot to roll back to.`);
  const thread: DeployThread = { requestId: id, threadKey: `rollback:${id}`, channel: ctx.config.team.channels.ops };
  await ctx.outbox.put(thread.threadKey, { channel: thread.channel, ...deployThreadLine({ kind: 'rollback-started', endpoint: payload.endpoint, configName: target.configName, by: payload.user }) });
  if (endpoint.configName !== target.configName && endpoint.pendingConfigName !== target.configName) {
    await ctx.deploy.updateEndpoint({ name: payload.endpoint, configName: target.configName });
  }
  await ctx.deployments.startFlight({
    requestId: id,
    kind: 'rollback',
    endpoint: payload.endpoint,
    stage: target.stage,
    configName: target.configName,
    previousConfigName: flight?.previousConfigName ?? endpoint.configName,
    threadKey: thread.threadKey,
    channel: thread.channel,
    startedAt: flight?.startedAt ?? ctx.clock.now(),
    entry: { ...target, requestId: id, kind: 'rollback', deployedBy: payload.user, at: 0 },
  });
  await deployLine(ctx, thread, 'requested', deployThreadLine({ kind: 'endpoint', endpoint: payload.endpoint, status: 'Updating', version: target.version }));
  await ctx.audit.record({ actor: payload.user, action: 'rollback', outcome: 'ok', channel: payload.channel, target: payload.endpoint, detail: `back to ${target.group} v${target.version} (${target.configName})` });
  if (payload.responseUrl) await respond(payload.responseUrl, rollbackQueuedReply(payload.endpoint, ctx.config.team.channels.ops));
}
