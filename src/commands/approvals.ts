import type { CommandSpec } from './spec.ts';
import { usageError, wordsOnly } from './spec.ts';

export interface ApprovalsCommand {
  kind: 'approvals';
}

export const approvalsCommand: CommandSpec<ApprovalsCommand> = {
  name: 'approvals',
  usage: '/sm approvals',
  summary: 'List the deploy requests waiting for approval.',
  role: 'viewer',
  action: 'see approval requests',
  details: () => 'Lists the pending deploy requests: what would deploy where, who asked, the approvals so far and when each request expires. Approve or reject from the request message in the approvals channel.',
  parse(args) {
    if (wordsOnly(approvalsCommand, args).length > 0) throw usageError(approvalsCommand, '`/sm approvals` takes no arguments.');
    return { kind: 'approvals' };
  },
};
