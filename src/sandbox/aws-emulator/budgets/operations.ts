import { AwsServiceError, fromTimestamp, toEpochSeconds, type JsonObject, type JsonValue } from '../protocol.ts';
import type { OperationContext } from '../registry.ts';
import { actualAt, actualIn, forecastAt, type BudgetRecord, type BudgetStore } from './budget-store.ts';
import { periodOf, shiftPeriod } from './periods.ts';

/** AWS's default end of a budget that was given none: 2087-06-15 00:00 UTC. */
const FOREVER = Date.UTC(2087, 5, 15);
const COST_TYPES: JsonObject = {
  IncludeTax: true,
  IncludeSubscription: true,
  UseBlended: false,
  IncludeRefund: false,
  IncludeCredit: false,
  IncludeUpfront: true,
  IncludeRecurring: true,
  IncludeOtherSubscription: true,
  IncludeSupport: true,
  IncludeDiscount: true,
  UseAmortized: false,
};

/** Budgets sends amounts as decimal strings: "1000.0", "123.45". */
export function spend(usd: number): JsonObject {
  const cents = Math.round(usd * 100) / 100;
  return { Amount: Number.isInteger(cents) ? cents.toFixed(1) : String(cents), Unit: 'USD' };
}

export function describeBudgets(store: BudgetStore, input: JsonObject, ctx: OperationContext): JsonObject {
  checkAccount(input, ctx);
  const max = input['MaxResults'] ?? 100;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 1000) throw invalid('MaxResults must be an integer between 1 and 1000.');
  const budgets = store.records.filter((b) => b.createdAt <= ctx.now);
  if (budgets.length === 0) throw new AwsServiceError('NotFoundException', `Unable to get budgets for account ${ctx.accountId} - no budgets exist.`);
  const start = offsetOf(input['NextToken'], budgets.length);
  const page = budgets.slice(start, start + max);
  const out: JsonObject = { Budgets: page.map((b) => budgetOutput(b, ctx.now)) };
  if (start + max < budgets.length) out['NextToken'] = token(start + max);
  return out;
}

export function describeBudget(store: BudgetStore, input: JsonObject, ctx: OperationContext): JsonObject {
  return { Budget: budgetOutput(find(store, input, ctx), ctx.now) };
}

/** One entry per period from the budget's start (or TimePeriod.Start) to the current period, oldest first. */
export function describeBudgetPerformanceHistory(store: BudgetStore, input: JsonObject, ctx: OperationContext): JsonObject {
  const budget = find(store, input, ctx);
  const max = input['MaxResults'] ?? 100;
  if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > 100) throw invalid('MaxResults must be an integer between 1 and 100.');
  const range = (input['TimePeriod'] ?? {}) as JsonObject;
  const from = Math.max(budget.start, fromTimestamp(range['Start']) ?? budget.start);
  const until = Math.min(ctx.now, fromTimestamp(range['End']) ?? ctx.now);
  const periods = [];
  for (let p = periodOf(from, budget.timeUnit); p.start <= until; p = shiftPeriod(p.start, budget.timeUnit, 1)) periods.push(p);
  const start = offsetOf(input['NextToken'], periods.length);
  const page = periods.slice(start, start + max);
  const out: JsonObject = {
    BudgetPerformanceHistory: {
      BudgetName: budget.name,
      BudgetType: 'COST',
      CostTypes: COST_TYPES,
      TimeUnit: budget.timeUnit,
      BudgetedAndActualAmountsList: page.map((p) => ({
        BudgetedAmount: spend(budget.limitUsd),
        ActualAmount: spend(actualIn(budget, p, ctx.now)),
        TimePeriod: { Start: toEpochSeconds(p.start), End: toEpochSeconds(p.end) },
      })),
    },
  };
  if (start + max < periods.length) out['NextToken'] = token(start + max);
  return out;
}

function budgetOutput(budget: BudgetRecord, now: number): JsonObject {
  const calculated: JsonObject = { ActualSpend: spend(actualAt(budget, now)) };
  const forecast = forecastAt(budget, now);
  if (forecast !== undefined) calculated['ForecastedSpend'] = spend(forecast);
  return {
    BudgetName: budget.name,
    BudgetLimit: spend(budget.limitUsd),
    CostTypes: COST_TYPES,
    TimeUnit: budget.timeUnit,
    TimePeriod: { Start: toEpochSeconds(budget.start), End: toEpochSeconds(FOREVER) },
    CalculatedSpend: calculated,
    BudgetType: 'COST',
    LastUpdatedTime: toEpochSeconds(now),
  };
}

function find(store: BudgetStore, input: JsonObject, ctx: OperationContext): BudgetRecord {
  checkAccount(input, ctx);
  const name = input['BudgetName'];
  if (typeof name !== 'string' || name === '') throw invalid('BudgetName is required.');
  const budget = store.get(name);
  if (!budget || budget.createdAt > ctx.now) throw new AwsServiceError('NotFoundException', `Unable to get budget: ${name} - the budget doesn't exist.`);
  return budget;
}

function checkAccount(input: JsonObject, ctx: OperationContext): void {
  const account = input['AccountId'];
  if (typeof account !== 'string' || !/^\d{12}$/.test(account)) throw invalid('AccountId must be a 12-digit account id.');
  if (account !== ctx.accountId) {
    throw new AwsServiceError(
      'AccessDeniedException',
      `User: arn:aws:iam::${ctx.accountId}:user/emulator is not authorized to perform: budgets:ViewBudget on resource: arn:aws:budgets::${account}:budget/*`,
    );
  }
}

function invalid(message: string): AwsServiceError {
  return new AwsServiceError('InvalidParameterException', message);
}

function token(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

function offsetOf(value: JsonValue | undefined, length: number): number {
  if (value === undefined || value === null) return 0;
  try {
    const parsed = JSON.parse(Buffer.from(String(value), 'base64url').toString('utf8')) as { offset?: unknown };
    if (typeof parsed.offset === 'number' && Number.isInteger(parsed.offset) && parsed.offset >= 0 && parsed.offset <= length) return parsed.offset;
  } catch {
    // fall through to the error Budgets gives for a token it did not issue
  }
  throw new AwsServiceError('InvalidNextTokenException', 'The pagination token is invalid.');
}
