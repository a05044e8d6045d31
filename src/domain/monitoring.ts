/**
 * CloudWatch metrics, budgets and Model Monitor schedules as the watchers see them,
 * independent of the AWS SDK's shapes. The `aws/` gateways map SDK output to these; the
 * pure evaluators in src/domain read them. Times are epoch ms.
 */

/** One GetMetricData query. `id` must match ^[a-z][a-zA-Z0-9_]*$ (CloudWatch's rule). */
export interface MetricQuery {
  id: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  /** `Average`, `Sum`, `Maximum`, `Minimum`, `SampleCount`, or a percentile such as `p99`. */
  stat: string;
  periodSeconds: number;
}

export type MetricStatus = 'Complete' | 'PartialData' | 'InternalError' | 'Forbidden';

/** One GetMetricData result, oldest point first (the gateway sorts; CloudWatch sends newest first). */
export interface MetricSeries {
  id: string;
  timestamps: number[];
  values: number[];
  status: MetricStatus;
  /** Messages CloudWatch attached to this query (e.g. why it is partial). */
  messages?: string[];
}

/** ListMetrics, in our words. */
export interface MetricIdentity {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
}

export type BudgetTimeUnit = 'DAILY' | 'MONTHLY' | 'QUARTERLY' | 'ANNUALLY';

/** DescribeBudget, in our words (AWS sends amounts as strings; the gateway parses them). */
export interface BudgetView {
  name: string;
  limitUsd: number;
  actualUsd: number;
  forecastUsd?: number;
  timeUnit: BudgetTimeUnit;
  /** The current budget period. */
  periodStart: number;
  periodEnd: number;
}

/** DescribeBudgetPerformanceHistory, one period. */
export interface BudgetHistoryPoint {
  periodStart: number;
  periodEnd: number;
  budgetedUsd: number;
  actualUsd: number;
}

export type MonitoringExecutionStatus = 'Pending' | 'InProgress' | 'Completed' | 'CompletedWithViolations' | 'Failed' | 'Stopping' | 'Stopped';

/** ListMonitoringSchedules (+ its last execution), in our words. */
export interface MonitoringScheduleView {
  name: string;
  endpoint?: string;
  status: 'Pending' | 'Failed' | 'Scheduled' | 'Stopped';
  type?: string;
  lastExecution?: MonitoringExecutionView;
}

/** ListMonitoringExecutions, one execution. */
export interface MonitoringExecutionView {
  schedule: string;
  endpoint?: string;
  status: MonitoringExecutionStatus;
  scheduledAt: number;
  createdAt: number;
  lastModifiedAt: number;
  failureReason?: string;
}
