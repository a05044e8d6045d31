import {
  DescribeBudgetCommand,
  DescribeBudgetPerformanceHistoryCommand,
  DescribeBudgetsCommand,
  type Budget,
  type BudgetedAndActualAmounts,
  type BudgetsClient,
  type Spend,
} from '@aws-sdk/client-budgets';
import { systemClock, type Clock } from '../clock.ts';
import type { BudgetHistoryPoint, BudgetTimeUnit, BudgetView } from '../domain/monitoring.ts';
import { AwsError, NotFoundError } from '../errors.ts';
import { awsErrorCode, toAwsError } from './errors.ts';

const TIME_UNITS: readonly string[] = ['DAILY', 'MONTHLY', 'QUARTERLY', 'ANNUALLY'] satisfies BudgetTimeUnit[];
const MONTHS: Record<string, number> = { MONTHLY: 1, QUARTERLY: 3, ANNUALLY: 12 };

export interface PerformanceHistoryOptions {
  /** How many periods, the current one included. @defaultValue 6 */
  periods?: number;
}

/**
 * AWS Budgets in the bot's words (src/domain/monitoring.ts). Budgets sends amounts as
 * decimal strings; they are parsed here, and one that is not a number is an error rather
 * than a silent 0. Budgets with a CUSTOM time unit have no calendar period and are not
 * supported.
 */
export class BudgetsGateway {
  /** @param clock decides which budget period is the current one */
  constructor(
    private readonly client: BudgetsClient,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Every budget of the account (none: an empty list, though AWS answers NotFoundException). */
  async describeBudgets(accountId: string): Promise<BudgetView[]> {
    const views: BudgetView[] = [];
    let nextToken: string | undefined;
    do {
      let budgets: Budget[];
      try {
        const out = await this.client.send(new DescribeBudgetsCommand({ AccountId: accountId, MaxResults: 100, ...(nextToken ? { NextToken: nextToken } : {}) }));
        budgets = out.Budgets ?? [];
        nextToken = out.NextToken;
      } catch (error) {
        if (awsErrorCode(error) === 'NotFoundException') return views;
        throw toAwsError('DescribeBudgets', error);
      }
      for (const budget of budgets) {
        if (TIME_UNITS.includes(budget.TimeUnit ?? '')) views.push(this.toView('DescribeBudgets', budget));
      }
    } while (nextToken);
    return views;
  }

  /** @throws NotFoundError when the account has no budget of that name. */
  async describeBudget(accountId: string, name: string): Promise<BudgetView> {
    let budget: Budget | undefined;
    try {
      budget = (await this.client.send(new DescribeBudgetCommand({ AccountId: accountId, BudgetName: name }))).Budget;
    } catch (error) {
      throw notFoundOr('DescribeBudget', name, error);
    }
    if (!budget) throw new NotFoundError(`budget ${name} not found`, `No budget named ${name}.`);
    if (!TIME_UNITS.includes(budget.TimeUnit ?? '')) {
      throw new AwsError('DescribeBudget', 'UnsupportedTimeUnit', `budget ${name} has time unit ${String(budget.TimeUnit)}; only DAILY, MONTHLY, QUARTERLY and ANNUALLY budgets are supported`, false);
    }
    return this.toView('DescribeBudget', budget);
  }

  /** Budgeted and actual spend of the last `periods` periods, oldest first. @throws NotFoundError */
  async performanceHistory(accountId: string, name: string, options: PerformanceHistoryOptions = {}): Promise<BudgetHistoryPoint[]> {
    const periods = options.periods ?? 6;
    const entries: BudgetedAndActualAmounts[] = [];
    let nextToken: string | undefined;
    do {
      try {
        const out = await this.client.send(
          new DescribeBudgetPerformanceHistoryCommand({ AccountId: accountId, BudgetName: name, MaxResults: 100, ...(nextToken ? { NextToken: nextToken } : {}) }),
        );
        entries.push(...(out.BudgetPerformanceHistory?.BudgetedAndActualAmountsList ?? []));
        nextToken = out.NextToken;
      } catch (error) {
        throw notFoundOr('DescribeBudgetPerformanceHistory', name, error);
      }
    } while (nextToken);
    return entries
      .map((e) => ({
        periodStart: e.TimePeriod?.Start?.getTime() ?? 0,
        periodEnd: e.TimePeriod?.End?.getTime() ?? 0,
        budgetedUsd: amount('DescribeBudgetPerformanceHistory', e.BudgetedAmount),
        actualUsd: amount('DescribeBudgetPerformanceHistory', e.ActualAmount),
      }))
      .sort((a, b) => a.periodStart - b.periodStart)
      .slice(-periods);
  }

  private toView(operation: string, budget: Budget): BudgetView {
    const timeUnit = budget.TimeUnit as BudgetTimeUnit;
    const period = currentPeriod(this.clock.now(), timeUnit);
    const view: BudgetView = {
      name: budget.BudgetName ?? '',
      limitUsd: amount(operation, budget.BudgetLimit),
      actualUsd: amount(operation, budget.CalculatedSpend?.ActualSpend),
      timeUnit,
      periodStart: period.start,
      periodEnd: period.end,
    };
    const forecast = budget.CalculatedSpend?.ForecastedSpend;
    if (forecast?.Amount !== undefined) view.forecastUsd = amount(operation, forecast);
    return view;
  }
}

/** `{ Amount: "123.45", Unit: "USD" }` → 123.45; a missing amount is 0. */
function amount(operation: string, spend: Spend | undefined): number {
  if (spend?.Amount === undefined) return 0;
  const value = Number(spend.Amount);
  if (spend.Amount.trim() === '' || !Number.isFinite(value)) throw new AwsError(operation, 'InvalidAmount', `Budgets sent an amount that is not a number: "${spend.Amount}"`, false);
  return value;
}

/** The calendar period (UTC) of the time unit that contains `t`. */
function currentPeriod(t: number, unit: BudgetTimeUnit): { start: number; end: number } {
  const d = new Date(t);
  if (unit === 'DAILY') {
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    return { start, end: start + 86_400_000 };
  }
  const months = MONTHS[unit] ?? 1;
  const first = Math.floor(d.getUTCMonth() / months) * months;
  return { start: Date.UTC(d.getUTCFullYear(), first, 1), end: Date.UTC(d.getUTCFullYear(), first + months, 1) };
}

function notFoundOr(operation: string, name: string, error: unknown): Error {
  if (awsErrorCode(error) === 'NotFoundException') return new NotFoundError(`budget ${name} not found`, `No budget named ${name}.`, { cause: error });
  return toAwsError(operation, error);
}
