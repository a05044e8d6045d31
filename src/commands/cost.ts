import type { CommandSpec } from './spec.ts';
import { usageError, wordsOnly } from './spec.ts';

export interface CostCommand {
  kind: 'cost';
}

export const costCommand: CommandSpec<CostCommand> = {
  name: 'cost',
  usage: '/sm cost',
  summary: 'Show the budgets now and the most expensive running endpoints and training jobs.',
  role: 'viewer',
  action: 'see costs',
  details: (team) => {
    const budgets = team.watchers.cost?.budgets ?? [];
    const watched = budgets.length > 0 ? `Budgets watched: ${budgets.map((name) => `\`${name}\``).join(', ')}.` : 'No budgets are watched yet: an admin lists them under `watchers.cost.budgets` in the team config.';
    return `Shows each watched budget's actual and forecast spend against its limit, then the running endpoints by cost per hour and the running training jobs by cost so far. Costs are estimates from an instance price table (the team config's \`prices\` override it). ${watched}`;
  },
  parse(args) {
    if (wordsOnly(costCommand, args).length > 0) throw usageError(costCommand, '`/sm cost` takes no arguments.');
    return { kind: 'cost' };
  },
};
