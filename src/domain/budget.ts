import { alertKey, type AlertSeverity, type AlertState, type BudgetDetails, type Observation, type SpendBasis } from './alerts.ts';
import { pricePerHour, trainingCost } from './cost.ts';
import type { BudgetView } from './monitoring.ts';
import type { TrainingJobView } from './training.ts';

/*
 * Cost (issue 4): budget threshold observations, and what the running resources cost now
 * (for `/sm cost` and the idle report). Estimates for people, not billing. Pure.
 */

/** `2026-03-01`: the budget period a cost alert belongs to, as its key shows it. */
export function budgetPeriodLabel(periodStart: number): string {
  return Number.isFinite(periodStart) ? new Date(periodStart).toISOString().slice(0, 10) : 'unknown';
}

/** `80pct@2026-03-01`: one threshold in one period, so each posts once per period. */
export function budgetCondition(thresholdPercent: number, periodStart: number): string {
  return `${thresholdPercent}pct@${budgetPeriodLabel(periodStart)}`;
}

function severityOf(thresholdPercent: number, crossed: readonly SpendBasis[]): AlertSeverity {
  if (thresholdPercent >= 100 && crossed.includes('actual')) return 'critical';
  if (thresholdPercent >= 80) return 'warning';
  return 'info';
}

function titleOf(budget: string, thresholdPercent: number, crossed: readonly SpendBasis[]): string {
  return crossed.includes('actual') || crossed.length === 0 ? `Budget ${budget} passed ${thresholdPercent}%` : `Budget ${budget} forecast to pass ${thresholdPercent}%`;
}

/**
 * One observation per configured threshold (percent of the limit) for the budget's current
 * period, keyed by threshold and period start, so each posts once per period:
 * - breached when actual or forecast spend is at or over the threshold, and it stays
 *   breached for the rest of the period once open (a forecast that dips back does not
 *   resolve it, and so cannot post it twice); the crossed bases only grow, so actual
 *   catching up with the forecast is one `update`;
 * - open alerts of this budget from earlier periods get a clear observation: the period
 *   ended, they resolve.
 * `previous` is the stored cost alert states (any budget; others are ignored).
 * A budget with no positive limit gives unknown observations: there is no percentage.
 */
export function budgetObservations(budget: BudgetView, thresholds: readonly number[], previous: Iterable<AlertState>): Observation[] {
  const mine = [...previous].filter((state) => state.watcher === 'cost' && state.resource === budget.name);
  const byKey = new Map(mine.map((state) => [state.key, state]));
  const period = { start: budget.periodStart, end: budget.periodEnd };
  const observations: Observation[] = [];
  const current = new Set<string>();

  for (const thresholdPercent of [...new Set(thresholds)].filter((t) => Number.isFinite(t) && t > 0).sort((a, b) => a - b)) {
    const condition = budgetCondition(thresholdPercent, budget.periodStart);
    const key = alertKey('cost', budget.name, condition);
    current.add(key);
    const target = { key, watcher: 'cost' as const, resource: budget.name, condition };
    if (!(budget.limitUsd > 0)) {
      observations.push({ ...target, unknown: true, reason: `budget ${budget.name} has no positive limit` });
      continue;
    }
    const line = (budget.limitUsd * thresholdPercent) / 100;
    const now: SpendBasis[] = [];
    if (budget.actualUsd >= line) now.push('actual');
    if (budget.forecastUsd !== undefined && budget.forecastUsd >= line) now.push('forecast');
    const before = byKey.get(key);
    const sticky = before?.status === 'open';
    const earlier = sticky && before.details.kind === 'budget' ? before.details.crossed : [];
    const crossed = (['actual', 'forecast'] as const).filter((basis) => now.includes(basis) || earlier.includes(basis));
    const details: BudgetDetails = {
      kind: 'budget',
      budget: budget.name,
      thresholdPercent,
      crossed,
      actualUsd: budget.actualUsd,
      ...(budget.forecastUsd !== undefined ? { forecastUsd: budget.forecastUsd } : {}),
      limitUsd: budget.limitUsd,
      timeUnit: budget.timeUnit,
      periodStart: budget.periodStart,
      periodEnd: budget.periodEnd,
    };
    observations.push({ ...target, breached: now.length > 0 || sticky, severity: severityOf(thresholdPercent, crossed), title: titleOf(budget.name, thresholdPercent, crossed), details, period });
  }

  for (const state of mine) {
    if (state.status !== 'open' || current.has(state.key) || (state.period && state.period.start >= budget.periodStart)) continue;
    // An earlier period's alert: that period is over, so it resolves.
    observations.push({ key: state.key, watcher: 'cost', resource: state.resource, condition: state.condition, breached: false, severity: state.severity, title: state.title, details: state.details, ...(state.period ? { period: state.period } : {}) });
  }
  return observations;
}

/** Percent of the limit, for people; undefined without a positive limit. */
export function percentOfLimit(usd: number | undefined, limitUsd: number): number | undefined {
  return usd !== undefined && limitUsd > 0 ? (usd / limitUsd) * 100 : undefined;
}

export interface InstanceSpec {
  instanceType: string;
  count: number;
}

/** USD per hour for a set of instances; undefined when any type has no known price. */
export function hourlyUsd(instances: readonly InstanceSpec[], prices: Readonly<Record<string, number>> = {}): number | undefined {
  let total = 0;
  for (const { instanceType, count } of instances) {
    const price = pricePerHour(instanceType, prices);
    if (price === undefined) return undefined;
    total += price * Math.max(0, count);
  }
  return total;
}

/** A running endpoint, as `/sm cost` needs it. */
export interface EndpointCostInput {
  name: string;
  createdAt: number;
  instances: InstanceSpec[];
}

export interface EndpointCostRow {
  endpoint: string;
  instances: InstanceSpec[];
  hourlyUsd?: number;
  /** Instance-hours since `since` (or creation, if later) × price. */
  sinceUsd?: number;
  instanceHours: number;
}

/** Endpoints by cost, the most expensive per hour first (unpriced ones last). */
export function endpointCosts(endpoints: readonly EndpointCostInput[], prices: Readonly<Record<string, number>>, window: { since: number; now: number }): EndpointCostRow[] {
  const rows = endpoints.map((endpoint): EndpointCostRow => {
    const hours = Math.max(0, window.now - Math.max(endpoint.createdAt, window.since)) / 3_600_000;
    const count = endpoint.instances.reduce((total, instance) => total + Math.max(0, instance.count), 0);
    const hourly = hourlyUsd(endpoint.instances, prices);
    return { endpoint: endpoint.name, instances: endpoint.instances, instanceHours: hours * count, ...(hourly !== undefined ? { hourlyUsd: hourly, sinceUsd: hourly * hours } : {}) };
  });
  return rows.sort((a, b) => (b.hourlyUsd ?? -1) - (a.hourlyUsd ?? -1) || a.endpoint.localeCompare(b.endpoint));
}

export interface TrainingCostRow {
  job: string;
  instanceType: string;
  instanceCount: number;
  hourlyUsd?: number;
  /** Estimated so far. */
  soFarUsd?: number;
  startedAt: number;
}

/** Running training jobs by estimated cost so far, the most expensive first. */
export function trainingCosts(jobs: readonly TrainingJobView[], prices: Readonly<Record<string, number>>, now: number): TrainingCostRow[] {
  const rows = jobs
    .filter((job) => job.status === 'InProgress' || job.status === 'Stopping')
    .map((job): TrainingCostRow => {
      const hourly = hourlyUsd([{ instanceType: job.instanceType, count: Math.max(1, job.instanceCount) }], prices);
      const soFar = trainingCost(job, prices, now);
      return {
        job: job.name,
        instanceType: job.instanceType,
        instanceCount: job.instanceCount,
        startedAt: job.startedAt ?? job.createdAt,
        ...(hourly !== undefined ? { hourlyUsd: hourly } : {}),
        ...(soFar ? { soFarUsd: soFar.usd } : {}),
      };
    });
  return rows.sort((a, b) => (b.soFarUsd ?? -1) - (a.soFarUsd ?? -1) || a.job.localeCompare(b.job));
}
