import type { Job } from 'bullmq';
import type { AppContext } from '../src/context.ts';
import type { BudgetView } from '../src/domain/monitoring.ts';
import type { TrainingJobView } from '../src/domain/training.ts';
import { errorText } from '../src/slack/blocks/replies.ts';
import type { CostPayload } from '../src/queue/payloads.ts';
import { costReport } from '../src/slack/blocks/cost.ts';
import type { EndpointCostInput } from '../src/domain/budget.ts';
import { respond } from '../src/slack/respond.ts';

/** How many endpoints and running training jobs `/sm cost` describes (one call each). */
const DESCRIBED = 30;

/** `/sm cost`: the watched budgets now, and the most expensive running endpoints and training jobs. */
export async function processCostReport(_job: Job<CostPayload>, payload: CostPayload, ctx: AppContext): Promise<void> {
  const now = ctx.clock.now();
  const names = ctx.config.team.watchers.cost?.budgets ?? [];
  const budgets: BudgetView[] = [];
  const unreadBudgets: { name: string; reason: string }[] = [];
  for (const name of names) {
    await ctx.budgets.describeBudget(ctx.config.team.aws.accountId, name).then(
      (budget) => budgets.push(budget),
      (error: unknown) => unreadBudgets.push({ name, reason: errorText(error) }),
    );
  }
  const endpoints: EndpointCostInput[] = await Promise.all(
    (await ctx.deploy.listEndpoints({ status: 'InService' })).slice(0, DESCRIBED).map(async (summary) => {
      const view = await ctx.deploy.describeEndpoint(summary.name);
      const config = await ctx.deploy.describeEndpointConfig(view.configName);
      return { name: summary.name, createdAt: summary.createdAt, instances: config.variants.map((v) => ({ instanceType: v.instanceType ?? 'unknown', count: v.instanceCount ?? 1 })) };
    }),
  );
  const running = (await ctx.sagemaker.listTrainingJobs({ status: 'InProgress', limit: DESCRIBED })).slice(0, DESCRIBED);
  const trainingJobs: TrainingJobView[] = await Promise.all(running.map((job) => ctx.sagemaker.describeTrainingJob(job.name)));
  const since = budgets[0]?.periodStart ?? Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1);
  if (payload.responseUrl) await respond(payload.responseUrl, costReport({ budgets, unreadBudgets, endpoints, trainingJobs, prices: ctx.config.team.prices, since, now }));
}
