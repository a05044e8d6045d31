import type { MonitoringScheduleRecord, MonitoringSchedules } from '../sagemaker/monitoring.ts';
import { MINUTE_MS, type MetricLayer } from './metric-store.ts';

/**
 * What Model Monitor publishes: each execution, when it finishes, reports
 * `feature_baseline_drift_<feature>` for every feature it checks — the drift value while a
 * drift scenario is open at its scheduled time, else a small baseline. One sample per
 * execution, in the schedule's namespace and dimensions.
 */
export function driftMetrics(monitoring: MonitoringSchedules): MetricLayer[] {
  return monitoring.records.flatMap((schedule) =>
    [...schedule.features].map((feature): MetricLayer => ({
      metric: {
        namespace: schedule.metricNames.namespace,
        metricName: `feature_baseline_drift_${feature}`,
        dimensions: { [schedule.metricNames.endpointDimension]: schedule.endpoint, [schedule.metricNames.scheduleDimension]: schedule.name },
      },
      from: schedule.createdAt,
      to: Number.POSITIVE_INFINITY,
      value: (t) => {
        const scheduledAt = executionReportingAt(schedule, t);
        return scheduledAt === undefined ? undefined : monitoring.driftValue(schedule, feature, scheduledAt);
      },
    })),
  );
}

/** The scheduled time of the execution whose results land in minute `t`, if one does. */
function executionReportingAt(schedule: MonitoringScheduleRecord, t: number): number | undefined {
  const first = (Math.floor(schedule.createdAt / schedule.every) + 1) * schedule.every;
  const k = Math.round((t - schedule.runtimeMs - first) / schedule.every);
  const scheduledAt = first + k * schedule.every;
  if (k < 0) return undefined;
  return Math.floor((scheduledAt + schedule.runtimeMs) / MINUTE_MS) * MINUTE_MS === t ? scheduledAt : undefined;
}
