import type { AppContext } from '../src/context.ts';
import type { AlertState, Decision } from '../src/domain/alerts.ts';
import { alertMessage, alertThreadLine, type AlertThreadEvent } from '../src/slack/blocks/alerts.ts';

/** Outbox key of one occurrence of an alert: a resolved alert that opens again gets a new message. */
export const alertMessageKey = (state: Pick<AlertState, 'key' | 'openedAt'>) => `alert:${state.key}:${state.openedAt}`;

/** Re-renders the alert's message in the alerts channel (posting it the first time). */
export async function showAlert(ctx: AppContext, state: AlertState, options: { chartAttached?: boolean } = {}): Promise<void> {
  await ctx.outbox.put(alertMessageKey(state), {
    channel: ctx.config.team.channels.alerts,
    ...alertMessage(state, { now: ctx.clock.now(), ...(options.chartAttached ? { chartAttached: true } : {}) }),
  });
}

/** One line in the alert's thread, at most once per name. */
export async function alertLine(ctx: AppContext, state: AlertState, name: string, event: AlertThreadEvent): Promise<void> {
  const parent = alertMessageKey(state);
  await ctx.outbox.put(`${parent}:line:${name}`, { channel: ctx.config.team.channels.alerts, thread: parent, ...alertThreadLine(event) });
}

/**
 * Carries out a watcher's decision in Slack (see Decision in src/domain/alerts.ts) and
 * audits it. Returns true when a new alert message was posted (the caller may attach a chart).
 */
export async function publishDecision(ctx: AppContext, decision: Decision, options: { chartAttached?: boolean } = {}): Promise<boolean> {
  const state = decision.next;
  if (!state || decision.action === 'none') return false;
  await showAlert(ctx, state, options);
  if (decision.notify && decision.action === 'update') {
    await alertLine(ctx, state, `${decision.reason}:${state.updatedAt}`, { kind: decision.reason === 'snooze-ended' ? 'snooze-ended' : 'changed', state });
  }
  if (decision.notify && decision.action === 'resolve') await alertLine(ctx, state, 'resolved', { kind: 'resolved', state });
  if (decision.notify || decision.action !== 'update') {
    await ctx.audit.record({ actor: 'bot', action: `alert:${decision.action}`, outcome: 'ok', channel: ctx.config.team.channels.alerts, target: state.key, detail: state.title });
  }
  return decision.action === 'open' && decision.notify;
}

