import type { AppContext } from '../../src/context.ts';
import { budgetObservations } from '../../src/domain/budget.ts';
import type { Observation } from '../../src/domain/alerts.ts';
import { applyObservations } from './apply-observations.ts';

/**
 * One cost tick: each configured budget's actual and forecast spend (DescribeBudget); each
 * threshold crossed, by actual or by forecast, posts once per budget period.
 */
export async function processCostTick(ctx: AppContext): Promise<{ budgets: number; opened: number }> {
  const settings = ctx.config.team.watchers.cost;
  if (!settings || settings.budgets.length === 0) return { budgets: 0, opened: 0 };
  const previous = [...(await ctx.alerts.all('cost')).values()];
  const observations: Observation[] = [];
  for (const name of settings.budgets) {
    const budget = await ctx.budgets.describeBudget(ctx.config.team.aws.accountId, name);
    observations.push(...budgetObservations(budget, settings.thresholds, previous.filter((state) => state.details.kind === 'budget' && state.details.budget === name)));
  }
  const applied = await applyObservations(ctx, 'cost', observations, { chart: () => true });
  return { budgets: settings.budgets.length, opened: applied.opened.length };
}
