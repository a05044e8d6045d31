import type { TrainingJobView } from './training.ts';
import { elapsedMs } from './training-view.ts';

/*
 * Cost estimates for people ("about $3.20 so far"), not for billing. Pure.
 */

/** Where the built-in table comes from; shown next to estimates. */
export const PRICE_TABLE_SOURCE = {
  region: 'us-east-1',
  asOf: '2025-01',
  note: 'approximate on-demand list prices, USD per instance-hour; override with `prices` in the team config',
} as const;

/**
 * On-demand USD per instance-hour in us-east-1 (list price, table date above). For these
 * types SageMaker lists the same rate for training and real-time hosting, so one table
 * serves both; the t2/t3 types are hosting-only.
 */
export const ON_DEMAND_USD_PER_HOUR: Readonly<Record<string, number>> = {
  'ml.t2.medium': 0.056,
  'ml.t2.large': 0.111,
  'ml.t2.xlarge': 0.222,
  'ml.t3.medium': 0.05,
  'ml.t3.large': 0.1,
  'ml.t3.xlarge': 0.2,
  'ml.t3.2xlarge': 0.399,
  'ml.m4.xlarge': 0.24,
  'ml.m4.2xlarge': 0.48,
  'ml.m4.4xlarge': 0.96,
  'ml.m4.10xlarge': 2.4,
  'ml.m4.16xlarge': 3.84,
  'ml.m5.large': 0.115,
  'ml.m5.xlarge': 0.23,
  'ml.m5.2xlarge': 0.461,
  'ml.m5.4xlarge': 0.922,
  'ml.m5.12xlarge': 2.765,
  'ml.m5.24xlarge': 5.53,
  'ml.c5.large': 0.102,
  'ml.c5.xlarge': 0.204,
  'ml.c5.2xlarge': 0.408,
  'ml.c5.4xlarge': 0.816,
  'ml.c5.9xlarge': 1.836,
  'ml.c5.18xlarge': 3.672,
  'ml.r5.large': 0.151,
  'ml.r5.xlarge': 0.302,
  'ml.r5.2xlarge': 0.605,
  'ml.r5.4xlarge': 1.21,
  'ml.g4dn.xlarge': 0.736,
  'ml.g4dn.2xlarge': 0.94,
  'ml.g4dn.4xlarge': 1.505,
  'ml.g4dn.8xlarge': 2.72,
  'ml.g4dn.12xlarge': 4.89,
  'ml.g4dn.16xlarge': 5.44,
  'ml.g5.xlarge': 1.408,
  'ml.g5.2xlarge': 1.515,
  'ml.g5.4xlarge': 2.03,
  'ml.g5.8xlarge': 3.06,
  'ml.g5.12xlarge': 7.09,
  'ml.g5.16xlarge': 4.096,
  'ml.g5.24xlarge': 10.18,
  'ml.g5.48xlarge': 20.36,
  'ml.p3.2xlarge': 3.825,
  'ml.p3.8xlarge': 14.688,
  'ml.p3.16xlarge': 28.152,
  'ml.p3dn.24xlarge': 35.894,
  'ml.p4d.24xlarge': 37.688,
};

/** USD per instance-hour: the team's price when it sets one, else the table; else undefined. */
export function pricePerHour(instanceType: string, prices: Readonly<Record<string, number>> = {}): number | undefined {
  return Object.hasOwn(prices, instanceType) ? prices[instanceType] : Object.hasOwn(ON_DEMAND_USD_PER_HOUR, instanceType) ? ON_DEMAND_USD_PER_HOUR[instanceType] : undefined;
}

export interface CostEstimate {
  usd: number;
  /** `billable`: SageMaker's BillableTimeInSeconds; `elapsed`: wall time so far (an upper bound). */
  basis: 'billable' | 'elapsed';
}

/**
 * Estimated cost of a training job: billable seconds × instance count × hourly price when
 * SageMaker reports billable time, else elapsed time × count × price. Undefined when the
 * instance type has no known price. `now` bounds the elapsed time of a running job.
 */
export function trainingCost(view: TrainingJobView, prices: Readonly<Record<string, number>> = {}, now: number = view.lastModifiedAt ?? view.endedAt ?? view.createdAt): CostEstimate | undefined {
  const hourly = pricePerHour(view.instanceType, prices);
  if (hourly === undefined) return undefined;
  const count = Math.max(1, view.instanceCount);
  if (view.billableSeconds !== undefined && view.billableSeconds > 0) {
    // BillableTimeInSeconds is wall-clock time of one instance: SageMaker's docs say to
    // multiply it by InstanceCount for the compute billed.
    return { usd: (view.billableSeconds / 3_600) * count * hourly, basis: 'billable' };
  }
  return { usd: (elapsedMs(view, now) / 3_600_000) * count * hourly, basis: 'elapsed' };
}

/** Dollars for people: `$12.35`, `$0.42`, `<$0.01`, `$0.00`. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0.00';
  if (usd < 0.01) return '<$0.01';
  return `$${usd.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
