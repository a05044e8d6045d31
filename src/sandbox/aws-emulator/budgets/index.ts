import { AWS_JSON_1_1 } from '../protocol.ts';
import type { EmulatedService, OperationHandler } from '../registry.ts';
import { actualAt, BudgetStore, forecastAt, type BudgetSpec } from './budget-store.ts';
import { describeBudget, describeBudgetPerformanceHistory, describeBudgets } from './operations.ts';

export type { BudgetSpec, BudgetRecord, SpendModel } from './budget-store.ts';
export type { BudgetTimeUnit, Period } from './periods.ts';
export { periodOf, shiftPeriod } from './periods.ts';

/**
 * AWS Budgets (`X-Amz-Target: AWSBudgetServiceGateway.<Op>`, AWS JSON 1.1): DescribeBudgets,
 * DescribeBudget and DescribeBudgetPerformanceHistory over budgets the scenario API
 * scripts. Amounts go out as strings, as AWS sends them.
 */
export class BudgetsService implements EmulatedService {
  readonly name = 'budgets';
  readonly targetPrefix = 'AWSBudgetServiceGateway';
  readonly protocol = AWS_JSON_1_1;
  readonly store = new BudgetStore();
  readonly operations: Readonly<Record<string, OperationHandler>>;

  constructor(private readonly clock: { now(): number }) {
    this.operations = {
      DescribeBudgets: (input, ctx) => describeBudgets(this.store, input, ctx),
      DescribeBudget: (input, ctx) => describeBudget(this.store, input, ctx),
      DescribeBudgetPerformanceHistory: (input, ctx) => describeBudgetPerformanceHistory(this.store, input, ctx),
    };
  }

  /** Creates (or replaces) a budget whose spend accrues as scripted; returns its name. */
  budget(spec: BudgetSpec): string {
    return this.store.put(spec, this.clock.now()).name;
  }

  /** Actual spend jumps, now, to `toPercent` of the limit; returns the USD added. */
  spendJump(input: { name: string; toPercent: number; at?: number }): number {
    return this.store.jumpTo(input.name, input.toPercent, input.at ?? this.clock.now());
  }

  snapshot(now: number): unknown {
    return {
      budgets: this.store.records.map((b) => ({
        name: b.name,
        limitUsd: b.limitUsd,
        timeUnit: b.timeUnit,
        actualUsd: actualAt(b, now),
        forecastUsd: forecastAt(b, now) ?? null,
        spend: 'perDay' in b.spend ? { perDay: b.spend.perDay } : 'function',
        jumps: b.jumps,
      })),
    };
  }

  reset(): void {
    this.store.reset();
  }
}
