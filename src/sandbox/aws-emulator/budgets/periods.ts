/*
 * Budget periods are calendar periods in UTC: a day, a month, a quarter (from January,
 * April, July, October) or a year. Pure.
 */

export const BUDGET_TIME_UNITS = ['DAILY', 'MONTHLY', 'QUARTERLY', 'ANNUALLY'] as const;
export type BudgetTimeUnit = (typeof BUDGET_TIME_UNITS)[number];

export interface Period {
  start: number;
  /** Exclusive: the next period's start. */
  end: number;
}

const MONTHS: Record<Exclude<BudgetTimeUnit, 'DAILY'>, number> = { MONTHLY: 1, QUARTERLY: 3, ANNUALLY: 12 };

/** The period that contains `t`. */
export function periodOf(t: number, unit: BudgetTimeUnit): Period {
  return shiftPeriod(t, unit, 0);
}

/** The period `k` periods after (negative: before) the one containing `t`. */
export function shiftPeriod(t: number, unit: BudgetTimeUnit, k: number): Period {
  const d = new Date(t);
  if (unit === 'DAILY') {
    const start = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + k);
    return { start, end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + k + 1) };
  }
  const months = MONTHS[unit];
  const first = Math.floor(d.getUTCMonth() / months) * months + k * months;
  return { start: Date.UTC(d.getUTCFullYear(), first, 1), end: Date.UTC(d.getUTCFullYear(), first + months, 1) };
}
