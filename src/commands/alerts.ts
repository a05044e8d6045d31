import type { CommandSpec } from './spec.ts';
import { usageError, wordsOnly } from './spec.ts';

export interface AlertsCommand {
  kind: 'alerts';
}

export const alertsCommand: CommandSpec<AlertsCommand> = {
  name: 'alerts',
  usage: '/sm alerts',
  summary: 'List the open drift, endpoint-health, idle and cost alerts.',
  role: 'viewer',
  action: 'see alerts',
  details: () =>
    'Lists the open alerts, newest first: what breached, since when, and who acknowledged or snoozed each. Acknowledge, snooze or act on an alert from its message in the alerts channel.',
  parse(args) {
    if (wordsOnly(alertsCommand, args).length > 0) throw usageError(alertsCommand, '`/sm alerts` takes no arguments.');
    return { kind: 'alerts' };
  },
};
