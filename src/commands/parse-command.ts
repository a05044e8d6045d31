import type { TeamConfig } from '../config.ts';
import { UsageError } from '../errors.ts';
import { suggest } from '../domain/suggest.ts';
import { helpCommand } from './help.ts';
import { commandNames, commandSpecs, findSpec, type Command } from './registry.ts';
import { shown } from './spec.ts';
import { decodeSlackText, tokenize } from './tokenize.ts';

/** Every usage line, for errors that are not about one sub-command. */
export function overviewUsage(): string {
  return commandSpecs.map((spec) => spec.usage).join('\n');
}

/**
 * Parses the text of a `/sm` slash command (as Slack sends it: entities escaped, links
 * wrapped) into a Command. Empty text is a request for help.
 * @throws UsageError saying what was wrong, with the usage and, when one is close, the
 *   name the user probably meant.
 */
export function parseCommand(text: string, team: TeamConfig): Command {
  const tokenized = tokenize(decodeSlackText(text));
  if (!tokenized.ok) {
    const first = decodeSlackText(text).trim().split(/\s+/)[0] ?? '';
    throw new UsageError(tokenized.error, findSpec(first)?.usage ?? overviewUsage());
  }
  const [first, ...args] = tokenized.tokens;
  if (!first) return { kind: 'help' };
  const name = first.kind === 'word' ? first.value.toLowerCase() : first.raw;
  const spec = findSpec(name);
  if (!spec || first.kind !== 'word') {
    throw new UsageError(`${shown(name)} is not a \`/sm\` sub-command. Try \`/sm help\`.`, overviewUsage(), suggest(name, commandNames));
  }
  const command = spec.parse(args, team);
  if (command.kind === 'help' && command.topic !== undefined) checkTopic(command.topic);
  return command;
}

/** Throws unless `topic` names a registered sub-command. */
export function checkTopic(topic: string): void {
  if (findSpec(topic)) return;
  throw new UsageError(`There is no sub-command ${shown(topic)} to explain.`, helpCommand.usage, suggest(topic, commandNames));
}
