import type { TeamConfig } from '../config.ts';
import { checkTopic } from './parse-command.ts';
import { commandSpecs, findSpec } from './registry.ts';

/**
 * The text of `/sm help` (mrkdwn, not yet escaped: the Block Kit builders escape `&`, `<`
 * and `>` so usage placeholders such as `<job>` show as typed).
 * Without a topic: each registered sub-command's usage and summary. With one: that
 * sub-command's usage, details and required role.
 * @throws UsageError when the topic is not a sub-command.
 */
export function helpText(team: TeamConfig, topic?: string): string {
  if (topic !== undefined) {
    checkTopic(topic);
    const spec = findSpec(topic)!;
    return [`*\`${spec.usage}\`*`, spec.summary, '', spec.details(team), '', `Needs the *${spec.role}* role.`].join('\n');
  }
  const lines = ['*`/sm` runs SageMaker from Slack.* Sub-commands:', ''];
  for (const spec of commandSpecs) lines.push(`\`${spec.usage}\``, `      ${spec.summary}`);
  lines.push('', 'Options are `key=value`; quote values with spaces. `/sm help <sub-command>` explains one.');
  return lines.join('\n');
}
