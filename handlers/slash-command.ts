import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { helpText, parseCommand, specOf, type Command } from '../src/commands/index.ts';
import type { AppContext } from '../src/context.ts';
import { approvalRequestId, approvalRequired } from '../src/domain/deploy-plan.ts';
import { requestJobId } from '../src/domain/naming.ts';
import { ForbiddenError, UsageError } from '../src/errors.ts';
import { enqueueOnce } from '../src/queue/lifecycle-queue.ts';
import type { LifecycleJobName, LifecyclePayload } from '../src/queue/payloads.ts';
import { alertsList } from '../src/slack/blocks/alerts.ts';
import { approvalsList, deployQueuedReply, rollbackQueuedReply } from '../src/slack/blocks/deploy.ts';
import { auditList, duplicateReply, forbiddenReply, helpReply, queuedReply, usageErrorReply } from '../src/slack/blocks/replies.ts';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

/**
 * `/sm …`: parse (pure), check the caller's role, enqueue one job per request, ack with a
 * private reply. No AWS call happens here and nothing waits on a job.
 */
export function routeCommand(ctx: AppContext) {
  return async function handleSlashCommand({ command, ack, respond }: CommandArgs): Promise<void> {
    const started = performance.now();
    const user = command.user_id;
    const channel = command.channel_id;
    const audit = (action: string, outcome: Parameters<AppContext['audit']['record']>[0]['outcome'], detail?: string, target?: string) =>
      ctx.audit.record({ actor: user, action, outcome, channel, ...(detail ? { detail } : {}), ...(target ? { target } : {}) });

    let parsed: Command;
    try {
      parsed = parseCommand(command.text, ctx.config.team);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      await ack({ response_type: 'ephemeral', ...usageErrorReply(error) });
      ctx.metrics.commands.inc({ subcommand: 'invalid', outcome: 'invalid' });
      await audit('command:invalid', 'invalid', `${error.message} — text: ${command.text.slice(0, 200)}`);
      return;
    }

    const spec = specOf(parsed);
    if (!(await ctx.roles.has(user, spec.role))) {
      await ack({ response_type: 'ephemeral', ...forbiddenReply(new ForbiddenError(spec.role, spec.action)) });
      ctx.metrics.commands.inc({ subcommand: parsed.kind, outcome: 'refused' });
      await audit(`command:${parsed.kind}`, 'refused', `needs the ${spec.role} role`);
      return;
    }

    switch (parsed.kind) {
      case 'help':
        await ack({ response_type: 'ephemeral', ...helpReply(helpText(ctx.config.team, parsed.topic)) });
        break;
      case 'audit':
        await ack();
        await respond({ response_type: 'ephemeral', ...auditList(await ctx.audit.recent(parsed.limit)) });
        break;
      case 'approvals':
        await ack();
        await respond({ response_type: 'ephemeral', ...approvalsList(await ctx.approvals.pending(), ctx.clock.now()) });
        break;
      case 'alerts': {
        await ack();
        const all = await Promise.all((['health', 'drift', 'cost', 'idle'] as const).map(async (watcher) => [...(await ctx.alerts.all(watcher)).values()]));
        await respond({ response_type: 'ephemeral', ...alertsList(all.flat(), ctx.clock.now()) });
        break;
      }
      default: {
        const job = toJob(parsed, { user, channel, responseUrl: command.response_url }, command.trigger_id);
        // A deploy request's job id differs from the deploy's own, which is the request id.
        const jobId = requestJobId(job.name === 'deploy-request' ? 'deployreq' : job.name, command.trigger_id);
        const outcome = await enqueueOnce(ctx.lifecycle, ctx.claims, job.name, jobId, job.payload, { actor: user, action: `command:${parsed.kind}`, channel, target: jobId, detail: command.text.slice(0, 500) });
        await ack({ response_type: 'ephemeral', ...(outcome === 'queued' ? ackFor(ctx, parsed) : duplicateReply()) });
        if (outcome === 'duplicate') return;
      }
    }
    ctx.metrics.commands.inc({ subcommand: parsed.kind, outcome: 'ok' });
    ctx.metrics.ackSeconds.observe({ kind: 'command' }, (performance.now() - started) / 1_000);
    // Queued commands were audited as queued above; the ones answered here are audited now.
    if (['help', 'audit', 'approvals', 'alerts'].includes(parsed.kind)) await audit(`command:${parsed.kind}`, 'ok', command.text.slice(0, 500));
  };
}

type Requester = { user: string; channel: string; responseUrl: string };

/** The private reply that acknowledges a queued command. */
function ackFor(ctx: AppContext, command: Command) {
  const { channels, stages } = ctx.config.team;
  switch (command.kind) {
    case 'deploy': {
      const stage = stages[command.stage];
      const needsApproval = stage ? approvalRequired(stage) : false;
      return deployQueuedReply(command, { needsApproval, channel: needsApproval ? channels.approvals : channels.ops });
    }
    case 'rollback':
      return rollbackQueuedReply(command.endpoint, channels.ops);
    default:
      return queuedReply(command, channels.ops);
  }
}

/** Maps a parsed command to the lifecycle job that carries it out. */
function toJob(command: Exclude<Command, { kind: 'help' | 'audit' | 'approvals' | 'alerts' }>, requester: Requester, triggerId: string): { name: LifecycleJobName; payload: LifecyclePayload } {
  switch (command.kind) {
    case 'models':
      return { name: 'models', payload: { ...requester, group: command.group } };
    case 'endpoints':
      return { name: 'endpoints', payload: requester };
    case 'cost':
      return { name: 'cost', payload: requester };
    case 'rollback':
      return { name: 'rollback', payload: { ...requester, endpoint: command.endpoint } };
    case 'deploy':
      return {
        name: 'deploy-request',
        payload: { ...requester, requestId: approvalRequestId(triggerId), group: command.group, ...(command.version !== undefined ? { version: command.version } : {}), stage: command.stage },
      };
    case 'train':
      return { name: 'train', payload: { ...requester, recipe: command.recipe, overrides: command.overrides, hyperparameters: command.hyperparameters } };
    case 'status':
      return { name: 'status', payload: { ...requester, job: command.job } };
    case 'stop':
      return { name: 'stop', payload: { ...requester, job: command.job } };
    case 'jobs':
      return { name: 'jobs', payload: { ...requester, mine: command.mine, failed: command.failed } };
  }
}
