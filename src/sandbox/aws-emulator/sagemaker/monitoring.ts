import { createHash } from 'node:crypto';
import { AwsServiceError, fromTimestamp, toEpochSeconds, type JsonObject } from '../protocol.ts';
import type { OperationContext } from '../registry.ts';
import { Violations } from '../validation.ts';
import { pageFor, type ListRow } from './pagination.ts';
import { resourceArn } from './resources.ts';
import { NAME_PATTERN } from './validate-training-job.ts';

/*
 * Model Monitor schedules and their executions (ListMonitoringSchedules,
 * DescribeMonitoringSchedule, ListMonitoringExecutions). Schedules are created by the
 * scenario API, not by CreateMonitoringSchedule. Executions are derived from simulated
 * time like every other resource: one per `every` on the boundary after creation, Pending
 * then InProgress for `runtimeMs`, then Completed — or CompletedWithViolations when a drift
 * window of that schedule was open at its scheduled time.
 */

export const MONITORING_TYPES = ['DataQuality', 'ModelQuality', 'ModelBias', 'ModelExplainability'] as const;
export type MonitoringType = (typeof MONITORING_TYPES)[number];
const EXECUTION_STATUSES = ['Pending', 'Completed', 'CompletedWithViolations', 'InProgress', 'Failed', 'Stopping', 'Stopped'] as const;

/** Where the schedule's executions publish `feature_baseline_drift_<feature>`. */
export interface DriftMetricNames {
  namespace: string;
  endpointDimension: string;
  scheduleDimension: string;
}

export const DEFAULT_DRIFT_METRIC_NAMES: DriftMetricNames = {
  namespace: 'aws/sagemaker/Endpoints/data-metrics',
  endpointDimension: 'Endpoint',
  scheduleDimension: 'MonitoringSchedule',
};

/** The drift value an execution reports for a feature that has not drifted. */
export const DRIFT_BASELINE = 0.02;

export interface MonitoringScheduleRecord {
  name: string;
  arn: string;
  endpoint: string;
  createdAt: number;
  /** Simulated ms between executions. */
  every: number;
  /** How long each execution runs. */
  runtimeMs: number;
  type: MonitoringType;
  jobDefinitionName: string;
  /** Features the executions report drift metrics for. */
  features: Set<string>;
  metricNames: DriftMetricNames;
  region: string;
  accountId: string;
}

export interface MonitoringScheduleSpec {
  endpoint: string;
  /** @defaultValue `<endpoint>-data-quality` */
  schedule?: string;
  /** @defaultValue one hour */
  every?: number;
  /** @defaultValue 10 minutes */
  runtimeMs?: number;
  /** @defaultValue 'DataQuality' */
  type?: MonitoringType;
  /** Features whose (baseline) drift metrics the executions publish. @defaultValue none */
  features?: string[];
  metricNames?: Partial<DriftMetricNames>;
}

/** A feature drifting on a schedule: its executions scheduled in [from, to) find violations. */
export interface DriftWindow {
  scenario: string;
  schedule: string;
  feature: string;
  value: number;
  from: number;
  to: number;
}

export interface ExecutionState {
  schedule: MonitoringScheduleRecord;
  scheduledAt: number;
  status: (typeof EXECUTION_STATUSES)[number];
  lastModifiedAt: number;
  /** When it finished (or will). */
  endsAt: number;
}

export class MonitoringSchedules {
  private readonly schedules = new Map<string, MonitoringScheduleRecord>();
  private drifts: DriftWindow[] = [];

  get records(): MonitoringScheduleRecord[] {
    return [...this.schedules.values()];
  }

  get driftWindows(): readonly DriftWindow[] {
    return this.drifts;
  }

  get(name: string): MonitoringScheduleRecord | undefined {
    return this.schedules.get(name.toLowerCase());
  }

  /** The first schedule monitoring the endpoint. */
  forEndpoint(endpoint: string): MonitoringScheduleRecord | undefined {
    return this.records.find((s) => s.endpoint.toLowerCase() === endpoint.toLowerCase());
  }

  reset(): void {
    this.schedules.clear();
    this.drifts = [];
  }

  create(spec: MonitoringScheduleSpec, ctx: OperationContext): MonitoringScheduleRecord {
    const name = spec.schedule ?? `${spec.endpoint}-data-quality`.slice(0, 63);
    const v = new Violations();
    v.string('monitoringScheduleName', name, { required: true, pattern: NAME_PATTERN });
    v.string('endpointName', spec.endpoint, { required: true, pattern: NAME_PATTERN });
    v.throwIfAny();
    const every = spec.every ?? 3_600_000;
    const runtimeMs = spec.runtimeMs ?? 600_000;
    if (!(every >= 60_000)) throw new RangeError(`a monitoring schedule runs at most once a minute, got every ${every} ms`);
    if (!(runtimeMs > 0 && runtimeMs < every)) throw new RangeError(`runtimeMs must be positive and shorter than every (${every} ms)`);
    const arn = resourceArn(ctx, 'monitoring-schedule', name);
    if (this.schedules.has(name.toLowerCase())) throw new AwsServiceError('ResourceInUse', `Monitoring schedule "${arn}" already exists.`);
    const record: MonitoringScheduleRecord = {
      name,
      arn,
      endpoint: spec.endpoint,
      createdAt: ctx.now,
      every,
      runtimeMs,
      type: spec.type ?? 'DataQuality',
      jobDefinitionName: `${name}-job-definition`.slice(0, 63),
      features: new Set(spec.features ?? []),
      metricNames: { ...DEFAULT_DRIFT_METRIC_NAMES, ...spec.metricNames },
      region: ctx.region,
      accountId: ctx.accountId,
    };
    this.schedules.set(name.toLowerCase(), record);
    return record;
  }

  addDrift(window: DriftWindow): void {
    const schedule = this.get(window.schedule);
    if (!schedule) throw new RangeError(`no monitoring schedule named ${window.schedule}`);
    schedule.features.add(window.feature);
    this.drifts.push(window);
  }

  /** Closes the scenario's drift windows at `at`; returns whether it had any. */
  endDrift(scenario: string, at: number): boolean {
    let found = false;
    for (const drift of this.drifts) {
      if (drift.scenario !== scenario) continue;
      found = true;
      drift.to = Math.max(drift.from, Math.min(drift.to, at));
    }
    return found;
  }

  /** The drift value the execution scheduled at `scheduledAt` reports for the feature. */
  driftValue(schedule: MonitoringScheduleRecord, feature: string, scheduledAt: number): number {
    for (let i = this.drifts.length - 1; i >= 0; i--) {
      const d = this.drifts[i] as DriftWindow;
      if (d.schedule === schedule.name && d.feature === feature && scheduledAt >= d.from && scheduledAt < d.to) return d.value;
    }
    return DRIFT_BASELINE;
  }

  /** Scheduled times of the executions in [from, to], oldest first. */
  scheduledTimes(schedule: MonitoringScheduleRecord, from: number, to: number): number[] {
    const first = (Math.floor(schedule.createdAt / schedule.every) + 1) * schedule.every;
    const k0 = Math.max(0, Math.ceil((from - first) / schedule.every));
    const times: number[] = [];
    for (let t = first + k0 * schedule.every; t <= to; t += schedule.every) times.push(t);
    return times;
  }

  executionAt(schedule: MonitoringScheduleRecord, scheduledAt: number, now: number): ExecutionState {
    const pendingEnds = scheduledAt + Math.min(60_000, schedule.runtimeMs / 4);
    const endsAt = scheduledAt + schedule.runtimeMs;
    if (now < pendingEnds) return { schedule, scheduledAt, status: 'Pending', lastModifiedAt: scheduledAt, endsAt };
    if (now < endsAt) return { schedule, scheduledAt, status: 'InProgress', lastModifiedAt: pendingEnds, endsAt };
    const violated = this.drifts.some((d) => d.schedule === schedule.name && scheduledAt >= d.from && scheduledAt < d.to);
    return { schedule, scheduledAt, status: violated ? 'CompletedWithViolations' : 'Completed', lastModifiedAt: endsAt, endsAt };
  }

  /** The latest execution scheduled by `now`, if any. */
  lastExecution(schedule: MonitoringScheduleRecord, now: number): ExecutionState | undefined {
    const times = this.scheduledTimes(schedule, now - schedule.every, now);
    const last = times[times.length - 1];
    return last === undefined ? undefined : this.executionAt(schedule, last, now);
  }

  // ---- operations ----

  listSchedules(input: JsonObject, now: number): JsonObject {
    const v = new Violations();
    v.integer('maxResults', input['MaxResults'], { min: 1, max: 100 });
    v.oneOf('sortBy', input['SortBy'], ['Name', 'CreationTime', 'Status']);
    v.oneOf('sortOrder', input['SortOrder'], ['Ascending', 'Descending']);
    v.oneOf('statusEquals', input['StatusEquals'], ['Pending', 'Failed', 'Scheduled', 'Stopped']);
    v.oneOf('monitoringTypeEquals', input['MonitoringTypeEquals'], MONITORING_TYPES);
    v.string('endpointName', input['EndpointName'], { pattern: NAME_PATTERN });
    v.throwIfAny();
    const endpoint = (input['EndpointName'] as string | undefined)?.toLowerCase();
    const nameContains = (input['NameContains'] as string | undefined)?.toLowerCase();
    const createdAfter = fromTimestamp(input['CreationTimeAfter']);
    const createdBefore = fromTimestamp(input['CreationTimeBefore']);
    const sortBy = (input['SortBy'] as string | undefined) ?? 'CreationTime';
    const rows: ListRow<JsonObject>[] = [];
    for (const s of this.schedules.values()) {
      if (endpoint !== undefined && s.endpoint.toLowerCase() !== endpoint) continue;
      if (nameContains !== undefined && !s.name.toLowerCase().includes(nameContains)) continue;
      if (input['StatusEquals'] !== undefined && input['StatusEquals'] !== 'Scheduled') continue;
      if (input['MonitoringTypeEquals'] !== undefined && input['MonitoringTypeEquals'] !== s.type) continue;
      if (input['MonitoringJobDefinitionName'] !== undefined && input['MonitoringJobDefinitionName'] !== s.jobDefinitionName) continue;
      if (createdAfter !== undefined && !(s.createdAt > createdAfter)) continue;
      if (createdBefore !== undefined && !(s.createdAt < createdBefore)) continue;
      if (s.createdAt > now) continue;
      const key = sortBy === 'Name' ? s.name : sortBy === 'Status' ? 'Scheduled' : s.createdAt;
      rows.push({ item: scheduleSummary(s), key, name: s.name });
    }
    const page = pageFor(rows, input);
    return { MonitoringScheduleSummaries: page.items, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
  }

  describeSchedule(input: JsonObject, ctx: OperationContext): JsonObject {
    const v = new Violations();
    v.string('monitoringScheduleName', input['MonitoringScheduleName'], { required: true, pattern: NAME_PATTERN });
    v.throwIfAny();
    const name = input['MonitoringScheduleName'] as string;
    const s = this.get(name);
    if (!s || s.createdAt > ctx.now) throw new AwsServiceError('ResourceNotFound', `Monitoring schedule "${resourceArn(ctx, 'monitoring-schedule', name)}" does not exist.`);
    const out: JsonObject = {
      ...scheduleSummary(s),
      MonitoringScheduleConfig: {
        ScheduleConfig: { ScheduleExpression: scheduleExpression(s.every) },
        MonitoringJobDefinitionName: s.jobDefinitionName,
        MonitoringType: s.type,
      },
    };
    const last = this.lastExecution(s, ctx.now);
    if (last) out['LastMonitoringExecutionSummary'] = executionSummary(last);
    return out;
  }

  listExecutions(input: JsonObject, now: number): JsonObject {
    const v = new Violations();
    v.integer('maxResults', input['MaxResults'], { min: 1, max: 100 });
    v.oneOf('sortBy', input['SortBy'], ['CreationTime', 'ScheduledTime', 'Status']);
    v.oneOf('sortOrder', input['SortOrder'], ['Ascending', 'Descending']);
    v.oneOf('statusEquals', input['StatusEquals'], EXECUTION_STATUSES);
    v.oneOf('monitoringTypeEquals', input['MonitoringTypeEquals'], MONITORING_TYPES);
    v.string('monitoringScheduleName', input['MonitoringScheduleName'], { pattern: NAME_PATTERN });
    v.string('endpointName', input['EndpointName'], { pattern: NAME_PATTERN });
    v.throwIfAny();
    const scheduleName = (input['MonitoringScheduleName'] as string | undefined)?.toLowerCase();
    const endpoint = (input['EndpointName'] as string | undefined)?.toLowerCase();
    const scheduledAfter = fromTimestamp(input['ScheduledTimeAfter']);
    const scheduledBefore = fromTimestamp(input['ScheduledTimeBefore']);
    const createdAfter = fromTimestamp(input['CreationTimeAfter']);
    const createdBefore = fromTimestamp(input['CreationTimeBefore']);
    const modifiedAfter = fromTimestamp(input['LastModifiedTimeAfter']);
    const modifiedBefore = fromTimestamp(input['LastModifiedTimeBefore']);
    const sortBy = (input['SortBy'] as string | undefined) ?? 'CreationTime';
    // Executions are created at their scheduled time, so both time filters bound the same range.
    const from = Math.max(scheduledAfter ?? Number.NEGATIVE_INFINITY, createdAfter ?? Number.NEGATIVE_INFINITY);
    const to = Math.min(now, scheduledBefore ?? Number.POSITIVE_INFINITY, createdBefore ?? Number.POSITIVE_INFINITY);
    const rows: ListRow<JsonObject>[] = [];
    for (const s of this.schedules.values()) {
      if (scheduleName !== undefined && s.name.toLowerCase() !== scheduleName) continue;
      if (endpoint !== undefined && s.endpoint.toLowerCase() !== endpoint) continue;
      if (input['MonitoringTypeEquals'] !== undefined && input['MonitoringTypeEquals'] !== s.type) continue;
      if (input['MonitoringJobDefinitionName'] !== undefined && input['MonitoringJobDefinitionName'] !== s.jobDefinitionName) continue;
      for (const t of this.scheduledTimes(s, from, to)) {
        if (scheduledAfter !== undefined && !(t > scheduledAfter)) continue;
        if (createdAfter !== undefined && !(t > createdAfter)) continue;
        if (scheduledBefore !== undefined && !(t < scheduledBefore)) continue;
        if (createdBefore !== undefined && !(t < createdBefore)) continue;
        const state = this.executionAt(s, t, now);
        if (input['StatusEquals'] !== undefined && state.status !== input['StatusEquals']) continue;
        if (modifiedAfter !== undefined && !(state.lastModifiedAt > modifiedAfter)) continue;
        if (modifiedBefore !== undefined && !(state.lastModifiedAt < modifiedBefore)) continue;
        const key = sortBy === 'Status' ? state.status : t;
        rows.push({ item: executionSummary(state), key, name: `${s.name}/${String(t).padStart(16, '0')}` });
      }
    }
    const page = pageFor(rows, input);
    return { MonitoringExecutionSummaries: page.items, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
  }

  snapshot(now: number): unknown {
    return {
      monitoringSchedules: this.records.map((s) => ({
        ...scheduleSummary(s),
        Every: s.every,
        Features: [...s.features],
        LastMonitoringExecutionSummary: ((last) => (last ? executionSummary(last) : null))(this.lastExecution(s, now)),
      })),
      driftWindows: this.drifts.map((d) => ({ ...d, to: Number.isFinite(d.to) ? d.to : null })),
    };
  }
}

function scheduleSummary(s: MonitoringScheduleRecord): JsonObject {
  return {
    MonitoringScheduleName: s.name,
    MonitoringScheduleArn: s.arn,
    CreationTime: toEpochSeconds(s.createdAt),
    LastModifiedTime: toEpochSeconds(s.createdAt),
    MonitoringScheduleStatus: 'Scheduled',
    EndpointName: s.endpoint,
    MonitoringJobDefinitionName: s.jobDefinitionName,
    MonitoringType: s.type,
  };
}

function executionSummary(e: ExecutionState): JsonObject {
  const s = e.schedule;
  const stamp = new Date(e.scheduledAt).toISOString().replace(/[-:T]/g, '').slice(0, 12);
  const suffix = createHash('sha256').update(s.name).digest('hex').slice(0, 8);
  return {
    MonitoringScheduleName: s.name,
    ScheduledTime: toEpochSeconds(e.scheduledAt),
    CreationTime: toEpochSeconds(e.scheduledAt),
    LastModifiedTime: toEpochSeconds(e.lastModifiedAt),
    MonitoringExecutionStatus: e.status,
    ProcessingJobArn: `arn:aws:sagemaker:${s.region}:${s.accountId}:processing-job/model-monitoring-${stamp}-${suffix}`,
    EndpointName: s.endpoint,
    MonitoringJobDefinitionName: s.jobDefinitionName,
    MonitoringType: s.type,
  };
}

/** The cron expression SageMaker would show for the interval. */
function scheduleExpression(every: number): string {
  const hours = every / 3_600_000;
  if (hours === 24) return 'cron(0 0 ? * * *)';
  if (hours === 1) return 'cron(0 * ? * * *)';
  if (Number.isInteger(hours)) return `cron(0 */${hours} ? * * *)`;
  return `cron(0/${Math.max(1, Math.round(every / 60_000))} * ? * * *)`;
}
