import { alertKey, type AlertSeverity, type DriftDetails, type DriftingFeature, type Observation } from './alerts.ts';
import { periodFor, type QueryPlan } from './health.ts';
import type { MetricIdentity, MetricQuery, MetricSeries, MonitoringExecutionStatus, MonitoringExecutionView, MonitoringScheduleView } from './monitoring.ts';

/*
 * Drift (issue 4): Model Monitor's latest execution per schedule decides (violations or
 * clean; a failed or running one says nothing), and the `feature_baseline_drift_<feature>`
 * metrics say which features drifted and by how much. Namespace and dimension names come
 * from the config because AWS's own docs disagree on them. Pure.
 *
 * A tick: ListMonitoringSchedules (with each one's last execution); for schedules whose
 * latest execution has violations, ListMetrics → driftMetricsFor → driftQueries →
 * GetMetricData over the chart window → driftSeriesBySchedule → driftObservation.
 */

export const DRIFT_METRIC_PREFIX = 'feature_baseline_drift_';
/** Model Monitor runs at most hourly: one point per hour is every execution. */
export const DRIFT_PERIOD_SECONDS = 3_600;

/** The `watchers.drift` config the evaluation needs. */
export interface DriftSettings {
  namespace: string;
  endpointDimension: string;
  scheduleDimension: string;
  /** A feature whose latest drift value exceeds this is drifting. */
  threshold: number;
  chartDays: number;
}

/** `drift@<schedule>`: an endpoint may carry more than one schedule. */
export function driftCondition(schedule: string): string {
  return `drift@${schedule}`;
}

/** The resource a schedule's alert is about: its endpoint, else the schedule itself. */
export function driftResource(schedule: Pick<MonitoringScheduleView, 'name' | 'endpoint'>): string {
  return schedule.endpoint ?? schedule.name;
}

/** `feature_baseline_drift_age` → `age`; undefined for other metrics. */
export function featureOf(metricName: string): string | undefined {
  return metricName.startsWith(DRIFT_METRIC_PREFIX) && metricName.length > DRIFT_METRIC_PREFIX.length ? metricName.slice(DRIFT_METRIC_PREFIX.length) : undefined;
}

/**
 * The drift metrics (from ListMetrics) that belong to a schedule: in the configured
 * namespace, named feature_baseline_drift_*, with the schedule's dimension and, when the
 * schedule has an endpoint, the endpoint's.
 */
export function driftMetricsFor(schedule: Pick<MonitoringScheduleView, 'name' | 'endpoint'>, metrics: readonly MetricIdentity[], settings: Pick<DriftSettings, 'namespace' | 'endpointDimension' | 'scheduleDimension'>): MetricIdentity[] {
  return metrics.filter(
    (metric) =>
      metric.namespace === settings.namespace &&
      featureOf(metric.metricName) !== undefined &&
      metric.dimensions[settings.scheduleDimension] === schedule.name &&
      (schedule.endpoint === undefined || metric.dimensions[settings.endpointDimension] === schedule.endpoint),
  );
}

export interface DriftQueryRef {
  schedule: string;
  endpoint?: string;
  feature: string;
}

export interface DriftQueryPlan extends QueryPlan<DriftQueryRef> {
  /** Read from `now - windowMs` to `now`: the chart's days, whose last point is the latest value. */
  windowMs: number;
  periodSeconds: number;
}

/** One query (Maximum per hour over `chartDays`) per drift metric; ids `d<n>`. */
export function driftQueries(targets: readonly { schedule: Pick<MonitoringScheduleView, 'name' | 'endpoint'>; metrics: readonly MetricIdentity[] }[], settings: Pick<DriftSettings, 'chartDays'>): DriftQueryPlan {
  const windowMs = settings.chartDays * 86_400_000;
  const periodSeconds = periodFor(windowMs, DRIFT_PERIOD_SECONDS);
  const queries: MetricQuery[] = [];
  const byId = new Map<string, DriftQueryRef>();
  for (const { schedule, metrics } of targets) {
    for (const metric of metrics) {
      const feature = featureOf(metric.metricName);
      if (feature === undefined) continue;
      const id = `d${queries.length}`;
      queries.push({ id, namespace: metric.namespace, metricName: metric.metricName, dimensions: { ...metric.dimensions }, stat: 'Maximum', periodSeconds });
      byId.set(id, { schedule: schedule.name, ...(schedule.endpoint !== undefined ? { endpoint: schedule.endpoint } : {}), feature });
    }
  }
  return { queries, byId, windowMs, periodSeconds };
}

/** Results grouped by schedule, then feature (for driftObservation and the chart). */
export function driftSeriesBySchedule(plan: DriftQueryPlan, results: Iterable<MetricSeries>): Map<string, Map<string, MetricSeries>> {
  const grouped = new Map<string, Map<string, MetricSeries>>();
  for (const series of results) {
    const ref = plan.byId.get(series.id);
    if (!ref) continue;
    const features = grouped.get(ref.schedule) ?? new Map<string, MetricSeries>();
    features.set(ref.feature, series);
    grouped.set(ref.schedule, features);
  }
  return grouped;
}

const INCONCLUSIVE: ReadonlySet<MonitoringExecutionStatus> = new Set(['Pending', 'InProgress', 'Stopping', 'Stopped', 'Failed']);

/**
 * When the current run of violating executions began: the earliest scheduled time of the
 * unbroken run of CompletedWithViolations ending at the newest conclusive execution
 * (running, stopped and failed ones neither extend nor break it). Undefined when the
 * newest conclusive execution is clean, or there is none.
 */
export function violatingSince(executions: readonly Pick<MonitoringExecutionView, 'status' | 'scheduledAt'>[]): number | undefined {
  let since: number | undefined;
  for (const execution of [...executions].sort((a, b) => b.scheduledAt - a.scheduledAt)) {
    if (INCONCLUSIVE.has(execution.status)) continue;
    if (execution.status !== 'CompletedWithViolations') break;
    since = execution.scheduledAt;
  }
  return since;
}

export interface DriftInput {
  schedule: MonitoringScheduleView;
  /** The newest execution; defaults to the schedule's lastExecution. */
  latest?: MonitoringExecutionView;
  /** From violatingSince over ListMonitoringExecutions, when read. */
  since?: number;
  /** This schedule's drift series by feature; undefined when they were not read (unknown if violated). */
  series?: ReadonlyMap<string, MetricSeries>;
}

function features(series: ReadonlyMap<string, MetricSeries> | undefined, threshold: number): { drifting: DriftingFeature[]; unknown: boolean } {
  if (!series) return { drifting: [], unknown: true };
  let unknown = false;
  const drifting: DriftingFeature[] = [];
  for (const [name, one] of series) {
    if (one.status !== 'Complete') {
      unknown = true;
      continue;
    }
    const value = one.values.findLast(Number.isFinite);
    if (value !== undefined && value > threshold) drifting.push({ name, value, threshold });
  }
  drifting.sort((a, b) => b.value - a.value || a.name.localeCompare(b.name));
  return { drifting, unknown };
}

/**
 * The observation for one schedule. CompletedWithViolations: breached, naming the features
 * whose latest drift value is over the threshold, largest first (none, when the violations
 * are not drift: pass an empty map when ListMetrics found no drift metrics). Completed:
 * clear. Unknown, so nothing opens or resolves on it: no execution yet; a pending, running,
 * stopped or failed one; violations whose drift series were not read (`series` undefined)
 * or are not all `Complete`.
 */
export function driftObservation(input: DriftInput, settings: Pick<DriftSettings, 'threshold'>): Observation {
  const { schedule } = input;
  const resource = driftResource(schedule);
  const condition = driftCondition(schedule.name);
  const target = { key: alertKey('drift', resource, condition), watcher: 'drift' as const, resource, condition };
  const latest = input.latest ?? schedule.lastExecution;
  if (!latest) return { ...target, unknown: true, reason: `schedule ${schedule.name} has not run yet` };
  if (INCONCLUSIVE.has(latest.status)) {
    return { ...target, unknown: true, reason: `latest execution of ${schedule.name} is ${latest.status}${latest.failureReason ? `: ${latest.failureReason}` : ''}` };
  }
  const violated = latest.status === 'CompletedWithViolations';
  const found = violated ? features(input.series, settings.threshold) : { drifting: [], unknown: false };
  // Violations whose features cannot be read yet: wait for the next tick rather than post
  // (or update to) a message with the features missing.
  if (found.unknown) return { ...target, unknown: true, reason: `drift metrics of ${schedule.name} could not be read` };
  const details: DriftDetails = {
    kind: 'drift',
    ...(schedule.endpoint !== undefined ? { endpoint: schedule.endpoint } : {}),
    schedule: schedule.name,
    executionStatus: latest.status,
    executionAt: latest.scheduledAt,
    ...(violated ? { since: input.since ?? latest.scheduledAt } : {}),
    threshold: settings.threshold,
    features: found.drifting,
  };
  const worst = found.drifting[0]?.value ?? 0;
  const severity: AlertSeverity = settings.threshold > 0 && worst >= settings.threshold * 2 ? 'critical' : 'warning';
  return { ...target, breached: violated, severity, title: `Data drift on ${resource}`, details };
}
