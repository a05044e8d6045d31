import type { CommandSpec } from './spec.ts';
import { shown, usageError, wordsOnly } from './spec.ts';
import { suggest } from '../domain/suggest.ts';

export interface JobsCommand {
  kind: 'jobs';
  /** Only jobs the caller started. */
  mine: boolean;
  /** Only failed jobs. */
  failed: boolean;
}

const FILTERS = ['mine', 'failed'] as const;

export const jobsCommand: CommandSpec<JobsCommand> = {
  name: 'jobs',
  usage: '/sm jobs [mine] [failed]',
  summary: 'List recent training jobs.',
  role: 'viewer',
  action: 'see training jobs',
  details: () => 'Lists recent training jobs, newest first. `mine` keeps the ones you started through the bot; `failed` keeps the failed ones. The words combine, in any order.',
  parse(args) {
    const command: JobsCommand = { kind: 'jobs', mine: false, failed: false };
    for (const word of wordsOnly(jobsCommand, args)) {
      const filter = word.toLowerCase();
      if (filter === 'mine') command.mine = true;
      else if (filter === 'failed') command.failed = true;
      else throw usageError(jobsCommand, `${shown(word)} is not a filter of \`/sm jobs\`: use \`mine\` and/or \`failed\`.`, suggest(filter, FILTERS));
    }
    return command;
  },
};
