import type { CommandSpec } from './spec.ts';
import { usageError, wordsOnly } from './spec.ts';

export interface HelpCommand {
  kind: 'help';
  /** A sub-command name; parseCommand checks it is one. */
  topic?: string;
}

export const helpCommand: CommandSpec<HelpCommand> = {
  name: 'help',
  usage: '/sm help [sub-command]',
  summary: 'List the sub-commands, or explain one of them.',
  role: 'viewer',
  action: 'read the help',
  details: () => 'With no argument, lists every sub-command. With one, e.g. `/sm help train`, explains that sub-command and its options.',
  parse(args) {
    const words = wordsOnly(helpCommand, args);
    if (words.length > 1) throw usageError(helpCommand, 'Ask about one sub-command at a time.');
    const topic = words[0]?.toLowerCase();
    return topic === undefined ? { kind: 'help' } : { kind: 'help', topic };
  },
};
