import { stateEmoji, stateLabel } from '../../domain/training-view.ts';
import type { TrainingJobSummary } from '../../domain/training.ts';
import { code, escapeMrkdwn, truncateMrkdwn } from './escape.ts';
import { fit } from './fit.ts';
import { sectionsFromLines, section, slackDate, userMention } from './parts.ts';
import type { SlackMessage } from './types.ts';

/** Rows beyond this are counted, not shown: a list is for glancing, `/sm status` for detail. */
const MAX_ROWS = 100;

export type JobRow = Pick<TrainingJobSummary, 'name' | 'status' | 'createdAt' | 'secondaryStatus' | 'endedAt'> & {
  /** Slack user id of whoever started it through the bot, when known. */
  requester?: string | undefined;
};

/** The reply to `/sm jobs`: one line per job (state, name, created, requester), newest first as given. */
export function jobsList(rows: readonly JobRow[], options: { mine: boolean; failed: boolean; now?: number }): SlackMessage {
  const filters = [options.mine ? 'yours' : undefined, options.failed ? 'failed' : undefined].filter(Boolean).join(', ');
  const title = `*Training jobs*${filters ? ` (${filters})` : ''}, newest first`;
  if (rows.length === 0) {
    return fit({ text: 'No training jobs match.', blocks: [section(`${title}\nNo training jobs match.`)] });
  }
  const lines = rows.slice(0, MAX_ROWS).map((row) => {
    const by = row.requester ? ` · by ${userMention(row.requester)}` : '';
    return `${stateEmoji(row.status)} ${code(row.name)} · ${escapeMrkdwn(stateLabel({ status: row.status, secondaryStatus: row.secondaryStatus ?? row.status }))} · ${slackDate(row.createdAt)}${by}`;
  });
  if (rows.length > MAX_ROWS) lines.push(`…and ${rows.length - MAX_ROWS} more.`);
  const text = `${rows.length} training job${rows.length === 1 ? '' : 's'}: ${rows.slice(0, 20).map((row) => `${row.name} (${row.status})`).join(', ')}`;
  return fit({ text: escapeMrkdwn(text), blocks: sectionsFromLines([title, ...lines]) });
}

/** One audit entry, as the store returns it (src/store/audit-log.ts `AuditEntry`). */
export interface AuditRow {
  at: number;
  actor: string;
  action: string;
  outcome: string;
  channel?: string;
  target?: string;
  detail?: string;
}

const OUTCOME_EMOJI: Record<string, string> = {
  ok: ':white_check_mark:',
  queued: ':inbox_tray:',
  refused: ':no_entry:',
  invalid: ':warning:',
  failed: ':x:',
};

/** The reply to `/sm audit`: who did what, when, and the outcome, newest first as given. */
export function auditList(entries: readonly AuditRow[]): SlackMessage {
  const title = '*Audit trail*, newest first';
  if (entries.length === 0) return fit({ text: 'The audit trail is empty.', blocks: [section(`${title}\nThe audit trail is empty.`)] });
  const lines = entries.slice(0, MAX_ROWS * 2).map((entry) => {
    const who = entry.actor === 'bot' ? 'the bot' : userMention(entry.actor);
    const target = entry.target ? ` ${code(entry.target.slice(0, 100))}` : '';
    const detail = entry.detail ? `: ${truncateMrkdwn(escapeMrkdwn(entry.detail), 300)}` : '';
    return `${OUTCOME_EMOJI[entry.outcome] ?? ':grey_question:'} ${slackDate(entry.at)} ${who} ${code(entry.action)}${target} → ${escapeMrkdwn(entry.outcome)}${detail}`;
  });
  return fit({ text: `${entries.length} audit entr${entries.length === 1 ? 'y' : 'ies'}`, blocks: sectionsFromLines([title, ...lines]) });
}
