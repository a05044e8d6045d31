import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { alertLine, alertMessageKey, showAlert } from '../jobs/alert-publish.ts';
import type { RoleName } from '../src/config.ts';
import type { AppContext } from '../src/context.ts';
import { acknowledge, parseAlertKey, snooze, SNOOZE_PRESETS, type AlertActionResult, type AlertState } from '../src/domain/alerts.ts';
import { requestJobId } from '../src/domain/naming.ts';
import { ForbiddenError } from '../src/errors.ts';
import { enqueueOnce } from '../src/queue/lifecycle-queue.ts';
import { alertActionRefusedReply, snoozePresetOf } from '../src/slack/blocks/alerts.ts';
import { forbiddenReply, plainReply } from '../src/slack/blocks/replies.ts';
import type { SlackMessage } from '../src/slack/blocks/types.ts';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/**
 * The alert buttons. Each carries only the alert key; the handler checks the caller's role,
 * that the click came from that alert's own message in the alerts channel, and applies the
 * change atomically against the state a watcher tick may be writing at the same moment.
 */
interface Click {
  user: string;
  channel: string;
  messageTs: string;
  responseUrl?: string;
  triggerId: string;
}

async function checked(ctx: AppContext, args: ButtonArgs, action: string, role: RoleName, verb: string): Promise<{ click: Click; state: AlertState } | undefined> {
  await args.ack();
  const { body } = args;
  const click: Click = { user: body.user.id, channel: body.channel?.id ?? '', messageTs: body.container?.message_ts ?? '', triggerId: body.trigger_id, ...(body.response_url ? { responseUrl: body.response_url } : {}) };
  const refuse = async (why: string, reply: SlackMessage = plainReply(`:no_entry: ${why}`)) => {
    await args.respond({ response_type: 'ephemeral', replace_original: false, ...reply });
    await ctx.audit.record({ actor: click.user, action, outcome: 'refused', channel: click.channel, detail: why });
    return undefined;
  };
  if (!(await ctx.roles.has(click.user, role))) return refuse(`needs the ${role} role`, forbiddenReply(new ForbiddenError(role, verb)));
  const key = args.action.value;
  const state = parseAlertKey(key) && key ? await ctx.alerts.get(key) : undefined;
  if (!state) return refuse('This button does not belong to an alert the bot knows.');
  const ref = await ctx.outbox.ref(alertMessageKey(state));
  if (!ref || ref.channel !== click.channel || ref.ts !== click.messageTs) return refuse('This button does not belong to that alert’s message.');
  return { click, state };
}

/** Acknowledge and Snooze: change the alert's state, re-render it, say so in its thread. */
function stateChange(ctx: AppContext, action: string, change: (state: AlertState, click: Click, now: number) => AlertActionResult, line: 'acknowledged' | 'snoozed') {
  return async (args: ButtonArgs): Promise<void> => {
    const checkedClick = await checked(ctx, args, action, 'operator', 'act on alerts');
    if (!checkedClick) return;
    const { click, state } = checkedClick;
    const now = ctx.clock.now();
    const result = await ctx.alerts.apply<AlertActionResult>(state.watcher, state.key, (current) => {
      const made = current ? change(current, click, now) : { ok: false as const, reason: 'not-open' as const, message: 'This alert is gone.' };
      return made.ok ? { next: made.state, result: made } : { result: made };
    });
    if (!result || !result.ok) {
      if (result) await args.respond({ response_type: 'ephemeral', replace_original: false, ...alertActionRefusedReply(result) });
      await ctx.audit.record({ actor: click.user, action, outcome: 'refused', channel: click.channel, target: state.key, detail: result && !result.ok ? result.message : 'gone' });
      return;
    }
    await showAlert(ctx, result.state);
    await alertLine(ctx, result.state, `${line}:${now}`, { kind: line, state: result.state });
    await ctx.audit.record({ actor: click.user, action, outcome: 'ok', channel: click.channel, target: state.key, detail: line === 'snoozed' ? `until ${new Date(result.state.snoozedUntil ?? now).toISOString()}` : undefined });
  };
}

export function acknowledgeButton(ctx: AppContext) {
  return stateChange(ctx, 'alert:acknowledge', (state, click, now) => acknowledge(state, click.user, now), 'acknowledged');
}

export function snoozeButton(ctx: AppContext) {
  return async (args: ButtonArgs): Promise<void> => {
    const preset = snoozePresetOf(args.action.action_id);
    if (!preset) return void (await args.ack());
    return stateChange(ctx, 'alert:snooze', (state, click, now) => snooze(state, click.user, now + SNOOZE_PRESETS[preset], now), 'snoozed')(args);
  };
}

/** Retrain (drift, operator) and Delete (idle, admin) act on AWS: they queue a job. */
function queueing(ctx: AppContext, name: 'retrain' | 'delete-endpoint', role: RoleName, verb: string) {
  return async (args: ButtonArgs): Promise<void> => {
    const checkedClick = await checked(ctx, args, `alert:${name}`, role, verb);
    if (!checkedClick) return;
    const { click, state } = checkedClick;
    const payload = { user: click.user, channel: click.channel, alertKey: state.key, ...(click.responseUrl ? { responseUrl: click.responseUrl } : {}) };
    await enqueueOnce(ctx.lifecycle, ctx.claims, name, requestJobId(name, click.triggerId), payload, { actor: click.user, action: `alert:${name}`, channel: click.channel, target: state.key });
  };
}

export function retrainButton(ctx: AppContext) {
  return queueing(ctx, 'retrain', 'operator', 'start training jobs');
}

export function deleteEndpointButton(ctx: AppContext) {
  return queueing(ctx, 'delete-endpoint', 'admin', 'delete endpoints');
}
