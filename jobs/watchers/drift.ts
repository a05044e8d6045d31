import type { AppContext } from '../../src/context.ts';
import { driftMetricsFor, driftObservation, driftQueries, driftSeriesBySchedule, violatingSince } from '../../src/domain/drift.ts';
import type { Observation } from '../../src/domain/alerts.ts';
import { applyObservations } from './apply-observations.ts';

const DAY = 86_400_000;

/**
 * One drift tick: every Model Monitor schedule with its latest execution (one List plus a
 * Describe per schedule), one ListMetrics for the drift metrics, and one batched
 * GetMetricData for every schedule's `feature_baseline_drift_<feature>` series. Violations
 * open one alert per schedule naming the drifting features; a clean execution resolves it.
 */
export async function processDriftTick(ctx: AppContext): Promise<{ schedules: number; opened: number }> {
  const settings = ctx.config.team.watchers.drift;
  if (!settings) return { schedules: 0, opened: 0 };
  const now = ctx.clock.now();
  const schedules = (await ctx.monitoring.listSchedules()).filter((schedule) => schedule.endpoint);
  const metrics = await ctx.cloudwatch.listMetrics({ namespace: settings.namespace });
  const targets = schedules.map((schedule) => ({ schedule, metrics: driftMetricsFor(schedule, metrics, settings) }));
  const plan = driftQueries(targets, settings);
  const series = driftSeriesBySchedule(plan, await ctx.cloudwatch.getMetricData(plan.queries, { start: now - settings.chartDays * DAY, end: now }));
  const observations: Observation[] = [];
  for (const { schedule, metrics: own } of targets) {
    const violated = schedule.lastExecution?.status === 'CompletedWithViolations';
    // When the violations began: only read for a schedule that is violating now.
    const since = violated ? violatingSince(await ctx.monitoring.listExecutions(schedule.name, { limit: 50 })) : undefined;
    observations.push(driftObservation({ schedule, ...(since !== undefined ? { since } : {}), series: series.get(schedule.name) ?? (own.length === 0 ? new Map() : undefined) }, settings));
  }
  const applied = await applyObservations(ctx, 'drift', observations, { present: new Set(schedules.map((s) => observationResource(s))), chart: () => true });
  return { schedules: schedules.length, opened: applied.opened.length };
}

function observationResource(schedule: { name: string; endpoint?: string }): string {
  return schedule.endpoint ?? schedule.name;
}
