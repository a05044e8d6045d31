import type { AppContext } from '../src/context.ts';
import type { EndpointView } from '../src/domain/deployment.ts';
import { NotFoundError } from '../src/errors.ts';
import { deployThreadLine } from '../src/slack/blocks/deploy.ts';
import type { DeployInFlight } from '../src/store/deployments.ts';
import { deployLine } from './deploy-thread.ts';

/**
 * Follows each deploy or rollback in flight: one thread line per endpoint state, the
 * FailureReason when SageMaker rolls back, and, once the endpoint serves the new config,
 * the record of what is live (the rollback target of the next deploy).
 */
export async function processDeployProgress(ctx: AppContext): Promise<{ flights: number; errors: number }> {
  const flights = await ctx.deployments.inFlight();
  let errors = 0;
  for (const flight of flights) {
    try {
      await follow(ctx, flight, await ctx.deploy.describeEndpoint(flight.endpoint));
    } catch (error) {
      if (error instanceof NotFoundError) {
        await line(ctx, flight, 'gone', { kind: 'failed', error: `endpoint ${flight.endpoint} no longer exists` });
        await ctx.deployments.endFlight(flight.requestId);
        continue;
      }
      errors += 1;
      ctx.logger.warn({ err: error, endpoint: flight.endpoint }, 'deploy progress: describe failed; will retry next tick');
    }
  }
  return { flights: flights.length, errors };
}

async function follow(ctx: AppContext, flight: DeployInFlight, endpoint: EndpointView): Promise<void> {
  const now = ctx.clock.now();
  const elapsedMs = now - flight.startedAt;
  const serving = endpoint.configName === flight.configName;
  const moving = endpoint.pendingConfigName === flight.configName;
  if (endpoint.status === 'InService' && serving) {
    await line(ctx, flight, 'status:InService', { kind: 'endpoint', endpoint: flight.endpoint, status: 'InService', version: flight.entry.version, elapsedMs });
    await ctx.deployments.recordLive({ ...flight.entry, at: now });
    await ctx.deployments.endFlight(flight.requestId);
    await ctx.audit.record({ actor: flight.entry.deployedBy, action: `${flight.kind}:live`, outcome: 'ok', channel: flight.channel, target: flight.endpoint, detail: `${flight.entry.group} v${flight.entry.version} (${flight.configName}) is live` });
    return;
  }
  if (endpoint.status === 'InService' && !moving) {
    // The update ended on another config: SageMaker rolled it back.
    await line(ctx, flight, 'rolled-back', { kind: 'endpoint', endpoint: flight.endpoint, status: 'InService', rolledBack: true, ...(endpoint.failureReason ? { failureReason: endpoint.failureReason } : {}), elapsedMs });
    await ctx.deployments.endFlight(flight.requestId);
    await ctx.audit.record({ actor: 'bot', action: `${flight.kind}:rolled-back`, outcome: 'failed', channel: flight.channel, target: flight.endpoint, detail: endpoint.failureReason ?? 'rolled back' });
    return;
  }
  if (endpoint.status === 'Failed' || endpoint.status === 'UpdateRollbackFailed' || endpoint.status === 'OutOfService') {
    await line(ctx, flight, `status:${endpoint.status}`, { kind: 'endpoint', endpoint: flight.endpoint, status: endpoint.status, ...(endpoint.failureReason ? { failureReason: endpoint.failureReason } : {}), elapsedMs });
    await ctx.deployments.endFlight(flight.requestId);
    await ctx.audit.record({ actor: 'bot', action: flight.kind, outcome: 'failed', channel: flight.channel, target: flight.endpoint, detail: endpoint.failureReason ?? endpoint.status });
    return;
  }
  await line(ctx, flight, `status:${endpoint.status}`, { kind: 'endpoint', endpoint: flight.endpoint, status: endpoint.status, ...(endpoint.failureReason ? { failureReason: endpoint.failureReason } : {}), elapsedMs });
}

function line(ctx: AppContext, flight: DeployInFlight, name: string, event: Parameters<typeof deployThreadLine>[0]): Promise<void> {
  return deployLine(ctx, { requestId: flight.requestId, threadKey: flight.threadKey, channel: flight.channel }, name, deployThreadLine(event));
}
