import { isSnoozed, openAlerts, SNOOZE_PRESETS, type AlertActionRefusal, type AlertDetails, type AlertSeverity, type AlertState, type SnoozePreset } from '../../domain/alerts.ts';
import { formatUsd } from '../../domain/cost.ts';
import { formatDuration } from '../../domain/duration.ts';
import { formatMetric } from '../../domain/training-view.ts';
import { code, escapeMrkdwn, truncate } from './escape.ts';
import { fit } from './fit.ts';
import { context, field, header, section, sectionsFromLines, slackDate, userMention } from './parts.ts';
import type { ActionsBlock, Block, ButtonElement, SlackMessage } from './types.ts';

/*
 * Alert messages in the alerts channel (issue 4), their thread lines, and `/sm alerts`.
 * Buttons carry only the alert key; the handler loads the state and re-checks everything.
 * Every name that came from AWS or a user is escaped.
 */

export const ALERT_ACK_ACTION_ID = 'sm_alert_ack';
export const ALERT_SNOOZE_ACTION_IDS: Readonly<Record<SnoozePreset, string>> = { '1h': 'sm_alert_snooze_1h', '4h': 'sm_alert_snooze_4h', '24h': 'sm_alert_snooze_24h' };
export const ALERT_RETRAIN_ACTION_ID = 'sm_alert_retrain';
export const ENDPOINT_DELETE_ACTION_ID = 'sm_endpoint_delete';

/** The snooze preset a button's action id stands for; undefined for any other id. */
export function snoozePresetOf(actionId: string): SnoozePreset | undefined {
  return (Object.keys(ALERT_SNOOZE_ACTION_IDS) as SnoozePreset[]).find((preset) => ALERT_SNOOZE_ACTION_IDS[preset] === actionId);
}

const SEVERITY_EMOJI: Record<AlertSeverity, string> = { critical: ':rotating_light:', warning: ':warning:', info: ':information_source:' };
const SEVERITY_LABEL: Record<AlertSeverity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };
const MAX_FEATURES = 15;
const MAX_ROWS = 100;

export function severityEmoji(severity: AlertSeverity): string {
  return SEVERITY_EMOJI[severity] ?? ':grey_question:';
}

/** `3.2%`, `0.05%`, `12%`: at most three significant digits. */
export function formatPercent(fraction: number): string {
  const percent = fraction * 100;
  if (!Number.isFinite(percent)) return '–';
  if (percent === 0) return '0%';
  return `${Number(percent.toPrecision(percent >= 100 ? 4 : 3))}%`;
}

/** `812 ms`, `4.5 ms`, `1,204 ms`. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return `${ms >= 10 ? Math.round(ms).toLocaleString('en-US') : Number(ms.toFixed(1))} ms`;
}

function times(value: number, threshold: number): string {
  return threshold > 0 ? ` (${formatMetric(Number((value / threshold).toFixed(1)))}× the threshold)` : '';
}

function instancesText(instances: readonly { instanceType: string; count: number }[] | undefined): string {
  if (!instances || instances.length === 0) return '';
  return instances.slice(0, 5).map((instance) => `${escapeMrkdwn(instance.instanceType)} × ${instance.count}`).join(', ');
}

function driftTable(details: Extract<AlertDetails, { kind: 'drift' }>): string {
  const shown = details.features.slice(0, MAX_FEATURES);
  const rows = [['feature', 'drift', 'threshold', 'over by'], ...shown.map((feature) => [truncate(feature.name, 40), formatMetric(feature.value), formatMetric(feature.threshold), `+${formatMetric(feature.value - feature.threshold)}`])];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const lines = rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd());
  if (details.features.length > shown.length) lines.push(`… ${details.features.length - shown.length} more`);
  return `\`\`\`${escapeMrkdwn(lines.join('\n')).replace(/```/g, "'''")}\`\`\``;
}

/** What breached and by how much against the threshold (escaped mrkdwn lines). */
export function breachLines(details: AlertDetails): string[] {
  switch (details.kind) {
    case 'error-rate':
      return [
        `5xx error rate *${formatPercent(details.errorRate)}* (${details.errors.toLocaleString('en-US')} of ${details.invocations.toLocaleString('en-US')} invocations) over the last ${formatDuration(details.windowMs)}; threshold ${formatPercent(details.threshold)}${times(details.errorRate, details.threshold)}`,
      ];
    case 'latency':
      return [
        details.p99Ms === undefined
          ? `No latency data over the last ${formatDuration(details.windowMs)}; threshold ${formatMs(details.thresholdMs)}`
          : `p99 model latency *${formatMs(details.p99Ms)}* over the last ${formatDuration(details.windowMs)}; threshold ${formatMs(details.thresholdMs)}${times(details.p99Ms, details.thresholdMs)}`,
      ];
    case 'drift': {
      const run = `Model Monitor schedule ${code(details.schedule)}: latest execution ${details.executionAt !== undefined ? `${slackDate(details.executionAt)} ` : ''}*${details.executionStatus === 'CompletedWithViolations' ? 'completed with violations' : escapeMrkdwn(details.executionStatus)}*`;
      if (details.features.length === 0) return [run, `No feature’s drift is over the threshold (${formatMetric(details.threshold)}): the violations are from other checks; see the execution’s report.`];
      return [run, `*${details.features.length} feature${details.features.length === 1 ? '' : 's'} drifting* (drift over ${formatMetric(details.threshold)}):`, driftTable(details)];
    }
    case 'budget': {
      const percent = (usd: number) => (details.limitUsd > 0 ? ` (${formatPercent(usd / details.limitUsd)})` : '');
      const forecast = details.forecastUsd !== undefined ? `forecast *${formatUsd(details.forecastUsd)}*${percent(details.forecastUsd)}` : 'no forecast yet';
      const crossed = details.crossed.length > 0 ? `${details.crossed.join(' and ')} spend at or over ${details.thresholdPercent}%` : `${details.thresholdPercent}% threshold`;
      return [
        `Actual *${formatUsd(details.actualUsd)}*${percent(details.actualUsd)} · ${forecast} · limit *${formatUsd(details.limitUsd)}*`,
        `${crossed[0]!.toUpperCase()}${crossed.slice(1)} of ${code(details.budget)} (${escapeMrkdwn(details.timeUnit.toLowerCase())} period ${slackDate(details.periodStart, '{date_short}')} – ${slackDate(details.periodEnd - 1, '{date_short}')})`,
      ];
    }
    case 'idle': {
      const on = instancesText(details.instances);
      const cost = details.hourlyUsd !== undefined ? `costs *${formatUsd(details.hourlyUsd)}/hour* (about ${formatUsd(details.hourlyUsd * 24 * 30)} a month)` : 'cost unknown (no price for its instance type)';
      return [`No invocations for ${formatMetric(details.idleDays)} day${details.idleDays === 1 ? '' : 's'}; it ${cost}${on ? ` on ${on}` : ''}`];
    }
  }
}

/** One short phrase for lists (escaped). */
export function breachSummary(details: AlertDetails): string {
  switch (details.kind) {
    case 'error-rate':
      return `5xx ${formatPercent(details.errorRate)} > ${formatPercent(details.threshold)}`;
    case 'latency':
      return details.p99Ms === undefined ? 'p99 no data' : `p99 ${formatMs(details.p99Ms)} > ${formatMs(details.thresholdMs)}`;
    case 'drift': {
      const names = details.features.slice(0, 3).map((feature) => escapeMrkdwn(truncate(feature.name, 30)));
      const more = details.features.length > 3 ? ` +${details.features.length - 3}` : '';
      return details.features.length > 0 ? `drift in ${names.join(', ')}${more}` : 'monitoring violations';
    }
    case 'budget':
      return `actual ${formatUsd(details.actualUsd)}${details.forecastUsd !== undefined ? `, forecast ${formatUsd(details.forecastUsd)}` : ''} of ${formatUsd(details.limitUsd)} (${details.thresholdPercent}%)`;
    case 'idle':
      return `idle ${formatMetric(details.idleDays)}d${details.hourlyUsd !== undefined ? ` · ${formatUsd(details.hourlyUsd)}/h` : ''}`;
  }
}

/** Why it resolved, in words (escaped). */
function resolvedPhrase(state: AlertState): string {
  const now = state.resolvedWith;
  switch (now?.kind) {
    case 'error-rate':
      return now.invocations > 0 ? `5xx error rate back to ${formatPercent(now.errorRate)}` : 'no invocations, so no errors';
    case 'latency':
      return now.p99Ms === undefined ? 'no traffic, so no latency' : `p99 latency back to ${formatMs(now.p99Ms)}`;
    case 'drift':
      return `the latest monitoring execution${now.executionAt !== undefined ? ` (${slackDate(now.executionAt)})` : ''} is clean`;
    case 'budget':
      return 'the budget period ended';
    case 'idle':
      return `it has traffic again (${now.invocations.toLocaleString('en-US')} invocations)`;
    default:
      // Resolved by resolveGone: nothing was observed, the resource no longer exists.
      return `${state.details.kind === 'budget' ? 'the budget' : 'the resource'} is gone`;
  }
}

function resourceField(state: AlertState) {
  const { details } = state;
  if (details.kind === 'budget') return field('Budget', code(details.budget));
  if (details.kind === 'drift' && details.endpoint === undefined) return field('Schedule', code(details.schedule));
  return field('Endpoint', code('endpoint' in details && details.endpoint !== undefined ? details.endpoint : state.resource));
}

function sinceOf(state: AlertState): number {
  return state.details.kind === 'drift' && state.details.since !== undefined ? state.details.since : state.since;
}

export interface AlertMessageOptions {
  now: number;
  /** The caller uploads a chart into this message's thread or beside it. */
  chartAttached?: boolean;
  /** Show Retrain on drift alerts (false when the endpoint has no training recipe). @defaultValue true */
  retrain?: boolean;
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): ButtonElement {
  return { type: 'button', text: { type: 'plain_text', text }, action_id: actionId, value, ...(style ? { style } : {}) };
}

function buttons(state: AlertState, options: AlertMessageOptions): ActionsBlock {
  const elements: ButtonElement[] = [];
  if (!state.acknowledgedBy) elements.push(button('Acknowledge', ALERT_ACK_ACTION_ID, state.key, 'primary'));
  for (const preset of Object.keys(SNOOZE_PRESETS) as SnoozePreset[]) elements.push(button(`Snooze ${preset}`, ALERT_SNOOZE_ACTION_IDS[preset], state.key));
  if (state.details.kind === 'drift' && options.retrain !== false) elements.push(button('Retrain', ALERT_RETRAIN_ACTION_ID, state.key));
  if (state.details.kind === 'idle') {
    const endpoint = state.details.endpoint;
    const remove = button('Delete endpoint', ENDPOINT_DELETE_ACTION_ID, state.key, 'danger');
    remove.confirm = {
      title: { type: 'plain_text', text: 'Delete this endpoint?' },
      text: { type: 'plain_text', text: truncate(`Delete the endpoint ${endpoint}? It stops serving at once and stops costing money. Its endpoint config and model stay, so it can be deployed again.`, 300) },
      confirm: { type: 'plain_text', text: 'Delete' },
      deny: { type: 'plain_text', text: 'Keep it' },
      style: 'danger',
    };
    elements.push(remove);
  }
  return { type: 'actions', block_id: 'sm_alert_actions', elements };
}

/** Acknowledged / snoozed / resolved, for the context line (escaped). */
function stateNotes(state: AlertState, now: number): string[] {
  const notes: string[] = [];
  if (state.status === 'resolved') notes.push(`:white_check_mark: *Resolved at* ${slackDate(state.resolvedAt ?? state.updatedAt)}: ${resolvedPhrase(state)}`);
  if (state.acknowledgedBy) notes.push(`:eyes: Acknowledged by ${userMention(state.acknowledgedBy.user)} ${slackDate(state.acknowledgedBy.at)}`);
  if (state.status === 'open' && isSnoozed(state, now)) notes.push(`:zzz: Snoozed until ${slackDate(state.snoozedUntil!)}${state.snoozedBy ? ` by ${userMention(state.snoozedBy)}` : ''}`);
  return notes;
}

/**
 * The alert message, re-rendered on every change: title with a severity emoji, the
 * resource, what breached and by how much against the threshold, since when, who
 * acknowledged or snoozed it, a "chart below" line when a chart is attached, and buttons
 * (Acknowledge, Snooze 1h/4h/24h, Retrain for drift, Delete with a confirmation for idle)
 * while open. A resolved alert says "Resolved at …" and has no buttons.
 */
export function alertMessage(state: AlertState, options: AlertMessageOptions): SlackMessage {
  const resolved = state.status === 'resolved';
  const title = resolved ? `:white_check_mark: Resolved: ${state.title}` : `${severityEmoji(state.severity)} ${state.title}`;
  const blocks: Block[] = [header(title), ...sectionsFromLines(breachLines(state.details))];
  blocks.push({ type: 'section', fields: [resourceField(state), field('Severity', SEVERITY_LABEL[state.severity] ?? escapeMrkdwn(state.severity)), field('Since', slackDate(sinceOf(state)))] });
  const notes = stateNotes(state, options.now);
  if (notes.length > 0) blocks.push(section(notes.join('\n')));
  if (options.chartAttached) blocks.push(context(':chart_with_upwards_trend: Chart below.'));
  blocks.push(context(`Alert ${code(state.key)} · opened ${slackDate(state.openedAt)}`));
  if (state.status === 'open') blocks.push(buttons(state, options));
  // breachSummary is escaped already; the title is plain text.
  const text = resolved ? `Resolved: ${escapeMrkdwn(state.title)}` : `${SEVERITY_LABEL[state.severity] ?? 'Alert'}: ${escapeMrkdwn(state.title)}: ${breachSummary(state.details)}`;
  return fit({ text, blocks });
}

/** A reply in an alert's thread. */
export type AlertThreadEvent =
  | { kind: 'resolved'; state: AlertState }
  | { kind: 'changed'; state: AlertState }
  | { kind: 'snooze-ended'; state: AlertState }
  | { kind: 'acknowledged'; state: AlertState }
  | { kind: 'snoozed'; state: AlertState }
  | { kind: 'retrain-queued'; user: string; recipe: string; endpoint: string }
  | { kind: 'delete-requested'; user: string; endpoint: string };

function line(text: string, ...more: string[]): SlackMessage {
  return fit({ text, blocks: [section([text, ...more].join('\n'))] });
}

/** The thread reply for a resolve, an update, a snooze ending, an acknowledgement, a snooze, a retrain or a delete. */
export function alertThreadLine(event: AlertThreadEvent): SlackMessage {
  switch (event.kind) {
    case 'resolved':
      return line(`:white_check_mark: *Resolved* ${slackDate(event.state.resolvedAt ?? event.state.updatedAt)}: ${resolvedPhrase(event.state)}.`);
    case 'changed':
      return line(`${severityEmoji(event.state.severity)} *Changed* (${SEVERITY_LABEL[event.state.severity] ?? 'unknown'}):`, ...breachLines(event.state.details));
    case 'snooze-ended':
      return line(`:alarm_clock: *Snooze ended* and it is still breaching:`, ...breachLines(event.state.details));
    case 'acknowledged': {
      const ack = event.state.acknowledgedBy;
      return line(ack ? `:eyes: Acknowledged by ${userMention(ack.user)} ${slackDate(ack.at)}.` : ':eyes: Acknowledged.');
    }
    case 'snoozed':
      return line(`:zzz: ${event.state.snoozedBy ? userMention(event.state.snoozedBy) : 'Someone'} snoozed this alert until ${event.state.snoozedUntil !== undefined ? slackDate(event.state.snoozedUntil) : 'later'}. It is still tracked and will say when it resolves.`);
    case 'retrain-queued':
      return line(`:arrows_counterclockwise: ${userMention(event.user)} started retraining for ${code(event.endpoint)} with recipe ${code(event.recipe)}; progress is in the ops channel.`);
    case 'delete-requested':
      return line(`:wastebasket: ${userMention(event.user)} asked to delete the endpoint ${code(event.endpoint)}.`);
  }
}

/**
 * The reply to `/sm alerts`: the open alerts (of whatever states are given), newest
 * first, with what breached, since when, and who acknowledged or snoozed each.
 */
export function alertsList(states: Iterable<AlertState>, now: number): SlackMessage {
  const open = openAlerts(states);
  const title = '*Open alerts*, newest first';
  if (open.length === 0) return fit({ text: 'No open alerts.', blocks: [section(`${title}\n:white_check_mark: No open alerts.`)] });
  const lines = open.slice(0, MAX_ROWS).map((state) => {
    const notes = [
      state.acknowledgedBy ? `:eyes: ${userMention(state.acknowledgedBy.user)}` : '',
      isSnoozed(state, now) ? `:zzz: until ${slackDate(state.snoozedUntil!)}` : '',
    ].filter(Boolean);
    return `${severityEmoji(state.severity)} *${escapeMrkdwn(truncate(state.title, 150))}* · ${breachSummary(state.details)} · since ${slackDate(sinceOf(state))}${notes.length > 0 ? ` · ${notes.join(' · ')}` : ''}`;
  });
  if (open.length > MAX_ROWS) lines.push(`…and ${open.length - MAX_ROWS} more.`);
  const text = `${open.length} open alert${open.length === 1 ? '' : 's'}: ${open.slice(0, 10).map((state) => state.title).join(', ')}`;
  return fit({ text: escapeMrkdwn(text), blocks: sectionsFromLines([title, ...lines]) });
}

/** The private reply to a refused Acknowledge or Snooze click (the domain's words, escaped). */
export function alertActionRefusedReply(refusal: Pick<AlertActionRefusal, 'message'>): SlackMessage {
  const text = escapeMrkdwn(refusal.message);
  return fit({ text, blocks: [section(`:information_source: ${text}`)] });
}
