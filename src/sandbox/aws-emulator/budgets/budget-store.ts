import { periodOf, shiftPeriod, type BudgetTimeUnit, type Period } from './periods.ts';

const DAY_MS = 86_400_000;

/** How a budget's cost accrues within each period. */
export type SpendModel = { perDay: number } | { fn: (t: number, period: Period) => number };

export interface BudgetRecord {
  name: string;
  limitUsd: number;
  timeUnit: BudgetTimeUnit;
  /** Start of the first period (the budget's TimePeriod.Start). */
  start: number;
  spend: SpendModel;
  /** Sudden costs: `amount` USD added at `at`, counted in the period containing `at`. */
  jumps: { at: number; amount: number }[];
  createdAt: number;
}

export interface BudgetSpec {
  name: string;
  limitUsd: number;
  /** @defaultValue 'MONTHLY' */
  timeUnit?: BudgetTimeUnit;
  /** USD per day, accruing evenly. One of this or `spend`. */
  spendPerDay?: number;
  /** Cumulative USD spent in `period` as of `t` (t within the period). */
  spend?: (t: number, period: Period) => number;
  /** Periods of history before the current one. @defaultValue 5 */
  historyPeriods?: number;
}

/** The budgets of the emulated account and their spend as of any simulated time. */
export class BudgetStore {
  private readonly budgets = new Map<string, BudgetRecord>();

  get records(): BudgetRecord[] {
    return [...this.budgets.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  get(name: string): BudgetRecord | undefined {
    return this.budgets.get(name);
  }

  reset(): void {
    this.budgets.clear();
  }

  /** Creates or replaces the budget. */
  put(spec: BudgetSpec, now: number): BudgetRecord {
    if (!/^[^:\\]{1,100}$/.test(spec.name) || spec.name.includes('/action/')) throw new RangeError(`invalid budget name "${spec.name}"`);
    if (!(spec.limitUsd > 0)) throw new RangeError(`limitUsd must be positive, got ${spec.limitUsd}`);
    if ((spec.spendPerDay === undefined) === (spec.spend === undefined)) throw new RangeError('a budget takes exactly one of spendPerDay or spend');
    if (spec.spendPerDay !== undefined && !(spec.spendPerDay >= 0)) throw new RangeError(`spendPerDay must be ≥ 0, got ${spec.spendPerDay}`);
    const timeUnit = spec.timeUnit ?? 'MONTHLY';
    const record: BudgetRecord = {
      name: spec.name,
      limitUsd: spec.limitUsd,
      timeUnit,
      start: shiftPeriod(now, timeUnit, -(spec.historyPeriods ?? 5)).start,
      spend: spec.spend ? { fn: spec.spend } : { perDay: spec.spendPerDay ?? 0 },
      jumps: [],
      createdAt: now,
    };
    this.budgets.set(spec.name, record);
    return record;
  }

  /** Adds the cost that takes actual spend to `toPercent` of the limit at `at` (nothing when already there). */
  jumpTo(name: string, toPercent: number, at: number): number {
    const budget = this.budgets.get(name);
    if (!budget) throw new RangeError(`no budget named ${name}`);
    if (!(toPercent >= 0)) throw new RangeError(`toPercent must be ≥ 0, got ${toPercent}`);
    const amount = Math.max(0, (toPercent / 100) * budget.limitUsd - actualAt(budget, at));
    if (amount > 0) budget.jumps.push({ at, amount });
    return amount;
  }
}

/** USD spent in the period containing `t`, as of `t`. */
export function actualAt(budget: BudgetRecord, t: number): number {
  const period = periodOf(t, budget.timeUnit);
  return actualIn(budget, period, t);
}

/** USD spent in `period` as of `t` (all of it when the period has ended). */
export function actualIn(budget: BudgetRecord, period: Period, t: number): number {
  const until = Math.min(t, period.end);
  if (until <= period.start || until <= budget.start) return 0;
  const base = 'perDay' in budget.spend ? (budget.spend.perDay * (until - period.start)) / DAY_MS : budget.spend.fn(until, period);
  const jumps = budget.jumps.filter((j) => j.at >= period.start && j.at < period.end && j.at <= until).reduce((sum, j) => sum + j.amount, 0);
  return Math.max(0, base) + jumps;
}

/**
 * Spend at the end of the current period, extrapolated linearly from what was spent so far.
 * None until a thirtieth of the period has passed (a day of a month): a few minutes of
 * spend say nothing about the period.
 */
export function forecastAt(budget: BudgetRecord, t: number): number | undefined {
  const period = periodOf(t, budget.timeUnit);
  const elapsed = t - period.start;
  const length = period.end - period.start;
  if (elapsed < length / 30) return undefined;
  return (actualIn(budget, period, t) * length) / elapsed;
}
