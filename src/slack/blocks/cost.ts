import { endpointCosts, percentOfLimit, trainingCosts, type EndpointCostInput, type EndpointCostRow, type TrainingCostRow } from '../../domain/budget.ts';
import { formatUsd, PRICE_TABLE_SOURCE } from '../../domain/cost.ts';
import type { BudgetView } from '../../domain/monitoring.ts';
import type { TrainingJobView } from '../../domain/training.ts';
import { formatPercent } from './alerts.ts';
import { code, escapeMrkdwn, truncate } from './escape.ts';
import { fit } from './fit.ts';
import { context, header, sectionsFromLines, slackDate } from './parts.ts';
import type { Block, SlackMessage } from './types.ts';

/*
 * The reply to `/sm cost`: each watched budget now (actual, forecast, limit), then the most
 * expensive running resources. All names are escaped; costs are estimates.
 */

/** Rows per list: the most expensive matter, the long tail is counted. */
export const COST_TOP_ROWS = 10;
const BAR_WIDTH = 20;

/** `▓▓▓▓▓░░░░░` of `fraction` (capped at full), in a code span so it lines up. */
export function spendBar(fraction: number): string {
  const filled = Math.max(0, Math.min(BAR_WIDTH, Math.round(fraction * BAR_WIDTH)));
  return `\`${'▓'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}\``;
}

/** A budget's period and spend (the period end is exclusive, so the last day shown is the day before). */
function budgetLines(budget: BudgetView): string[] {
  const actual = percentOfLimit(budget.actualUsd, budget.limitUsd);
  const forecast = percentOfLimit(budget.forecastUsd, budget.limitUsd);
  const pct = (value: number | undefined) => (value === undefined ? '' : ` (${formatPercent(value / 100)})`);
  const alarm = (forecast ?? 0) >= 100 || (actual ?? 0) >= 100 ? ':rotating_light:' : (forecast ?? 0) >= 80 || (actual ?? 0) >= 80 ? ':warning:' : ':moneybag:';
  return [
    `${alarm} *${escapeMrkdwn(truncate(budget.name, 100))}* · ${escapeMrkdwn(budget.timeUnit.toLowerCase())}, ${slackDate(budget.periodStart, '{date_short}')} – ${slackDate(budget.periodEnd - 1, '{date_short}')}`,
    `${spendBar((actual ?? 0) / 100)} actual *${formatUsd(budget.actualUsd)}*${pct(actual)} · forecast ${budget.forecastUsd === undefined ? 'not yet available' : `*${formatUsd(budget.forecastUsd)}*${pct(forecast)}`} · limit *${formatUsd(budget.limitUsd)}*`,
  ];
}

function instances(row: Pick<EndpointCostRow, 'instances'>): string {
  return row.instances.slice(0, 4).map((instance) => `${escapeMrkdwn(instance.instanceType)} × ${instance.count}`).join(', ') || 'no instances';
}

function endpointLine(row: EndpointCostRow, since: number): string {
  const cost = row.hourlyUsd === undefined ? 'price unknown' : `*${formatUsd(row.hourlyUsd)}/h* · about ${formatUsd(row.sinceUsd ?? 0)} since ${slackDate(since, '{date_short}')}`;
  return `• ${code(row.endpoint)} · ${instances(row)} · ${cost}`;
}

function trainingLine(row: TrainingCostRow): string {
  const rate = row.hourlyUsd === undefined ? 'price unknown' : `${formatUsd(row.hourlyUsd)}/h`;
  return `• ${code(row.job)} · ${escapeMrkdwn(row.instanceType)} × ${row.instanceCount} · ${rate}${row.soFarUsd !== undefined ? ` · *${formatUsd(row.soFarUsd)}* so far` : ''} · started ${slackDate(row.startedAt)}`;
}

function top<T>(rows: readonly T[], render: (row: T) => string): string[] {
  const lines = rows.slice(0, COST_TOP_ROWS).map(render);
  if (rows.length > COST_TOP_ROWS) lines.push(`…and ${rows.length - COST_TOP_ROWS} more.`);
  return lines;
}

export interface CostReportInput {
  /** The watched budgets as DescribeBudget returned them. */
  budgets: readonly BudgetView[];
  /** Watched budgets that could not be read, with why (plain text). */
  unreadBudgets?: readonly { name: string; reason: string }[];
  /** InService endpoints with their instances. */
  endpoints: readonly EndpointCostInput[];
  /** Training jobs; only running ones are listed. */
  trainingJobs: readonly TrainingJobView[];
  /** Team price overrides (`prices`). */
  prices?: Readonly<Record<string, number>>;
  /** Endpoint cost is counted from here (e.g. the start of the budget period or month). */
  since: number;
  now: number;
}

/**
 * `/sm cost`: every watched budget (a bar, actual, forecast and limit), the running
 * endpoints by cost per hour with their cost since `since`, and the running training jobs
 * by cost so far, each list cut to the top 10.
 */
export function costReport(input: CostReportInput): SlackMessage {
  const prices = input.prices ?? {};
  const endpoints = endpointCosts(input.endpoints, prices, { since: input.since, now: input.now });
  const jobs = trainingCosts(input.trainingJobs, prices, input.now);
  const budgetText = input.budgets.flatMap(budgetLines);
  for (const unread of input.unreadBudgets ?? []) budgetText.push(`:grey_question: *${escapeMrkdwn(truncate(unread.name, 100))}*: could not be read (${escapeMrkdwn(truncate(unread.reason, 300))})`);
  if (budgetText.length === 0) budgetText.push('No budgets are watched: list them under `watchers.cost.budgets` in the team config.');

  const blocks: Block[] = [
    header('Cost now'),
    ...sectionsFromLines(['*Budgets*', ...budgetText]),
    { type: 'divider' },
    ...sectionsFromLines(['*Running endpoints*, most expensive per hour first', ...(endpoints.length > 0 ? top(endpoints, (row) => endpointLine(row, input.since)) : ['None running.'])]),
    ...sectionsFromLines(['*Running training jobs*, most expensive so far first', ...(jobs.length > 0 ? top(jobs, trainingLine) : ['None running.'])]),
    context(`Estimates at ${escapeMrkdwn(PRICE_TABLE_SOURCE.region)} on-demand prices (${escapeMrkdwn(PRICE_TABLE_SOURCE.asOf)}); the team config's \`prices\` override them.`),
  ];
  const hourly = endpoints.reduce((total, row) => total + (row.hourlyUsd ?? 0), 0) + jobs.reduce((total, row) => total + (row.hourlyUsd ?? 0), 0);
  const text = `Cost now: ${input.budgets.map((budget) => `${budget.name} ${formatUsd(budget.actualUsd)} of ${formatUsd(budget.limitUsd)}`).join(', ') || 'no budgets watched'}; running resources about ${formatUsd(hourly)}/h`;
  return fit({ text: escapeMrkdwn(text), blocks });
}
