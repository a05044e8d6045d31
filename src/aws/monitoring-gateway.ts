import {
  DescribeMonitoringScheduleCommand,
  ListMonitoringExecutionsCommand,
  ListMonitoringSchedulesCommand,
  type MonitoringExecutionSummary,
  type MonitoringScheduleSummary,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { MonitoringExecutionStatus, MonitoringExecutionView, MonitoringScheduleView } from '../domain/monitoring.ts';
import { awsErrorCode, toAwsError } from './errors.ts';
import { defined, ms } from './sagemaker-gateway.ts';

/** The List operations return at most this many per page. */
const PAGE_SIZE = 100;
/** DescribeMonitoringSchedule calls in flight at once when listing schedules with their last execution. */
const PARALLEL_DESCRIBES = 5;
const FINISHED: readonly MonitoringExecutionStatus[] = ['Completed', 'CompletedWithViolations', 'Failed', 'Stopped'];

export interface ListSchedulesOptions {
  /** Only schedules monitoring this endpoint. */
  endpoint?: string;
  /**
   * Also read each schedule's last execution (one DescribeMonitoringSchedule per schedule).
   * @defaultValue true
   */
  withLastExecution?: boolean;
}

export interface LatestExecutionOptions {
  /** Skip executions still Pending, InProgress or Stopping. @defaultValue false */
  finished?: boolean;
}

export interface ListExecutionsOptions {
  /** Only executions scheduled after this epoch ms. */
  since?: number;
  /** @defaultValue 100 */
  limit?: number;
}

/** SageMaker Model Monitor schedules and executions in the bot's words (src/domain/monitoring.ts). */
export class MonitoringGateway {
  constructor(private readonly client: SageMakerClient) {}

  /** Every schedule (of the endpoint), oldest first, each with its last execution unless told not to. */
  async listSchedules(options: ListSchedulesOptions = {}): Promise<MonitoringScheduleView[]> {
    const summaries: MonitoringScheduleSummary[] = [];
    let nextToken: string | undefined;
    do {
      try {
        const out = await this.client.send(
          new ListMonitoringSchedulesCommand({
            SortBy: 'CreationTime',
            SortOrder: 'Ascending',
            MaxResults: PAGE_SIZE,
            ...(options.endpoint ? { EndpointName: options.endpoint } : {}),
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
        summaries.push(...(out.MonitoringScheduleSummaries ?? []));
        nextToken = out.NextToken;
      } catch (error) {
        throw toAwsError('ListMonitoringSchedules', error);
      }
    } while (nextToken);
    const views = summaries.map(toScheduleView);
    if (options.withLastExecution === false) return views;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < views.length) {
        const view = views[next++] as MonitoringScheduleView;
        const last = await this.lastExecutionOf(view.name);
        if (last) view.lastExecution = last;
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_DESCRIBES, views.length) }, worker));
    return views;
  }

  /** The schedule's most recently scheduled execution (finished only, when asked), or undefined when it has none. */
  async latestExecution(schedule: string, options: LatestExecutionOptions = {}): Promise<MonitoringExecutionView | undefined> {
    const page = await this.executionsPage(schedule, options.finished ? 10 : 1, undefined);
    return page.items.find((e) => !options.finished || FINISHED.includes(e.status));
  }

  /** The schedule's executions, newest first. */
  async listExecutions(schedule: string, options: ListExecutionsOptions = {}): Promise<MonitoringExecutionView[]> {
    const limit = options.limit ?? 100;
    const executions: MonitoringExecutionView[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.executionsPage(schedule, Math.min(PAGE_SIZE, limit - executions.length), nextToken, options.since);
      executions.push(...page.items);
      nextToken = page.nextToken;
    } while (nextToken && executions.length < limit);
    return executions.slice(0, limit);
  }

  private async executionsPage(schedule: string, maxResults: number, nextToken: string | undefined, since?: number): Promise<{ items: MonitoringExecutionView[]; nextToken?: string }> {
    try {
      const out = await this.client.send(
        new ListMonitoringExecutionsCommand({
          MonitoringScheduleName: schedule,
          SortBy: 'ScheduledTime',
          SortOrder: 'Descending',
          MaxResults: maxResults,
          ...(since !== undefined ? { ScheduledTimeAfter: new Date(since) } : {}),
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
      );
      const items = (out.MonitoringExecutionSummaries ?? []).map(toExecutionView);
      return out.NextToken ? { items, nextToken: out.NextToken } : { items };
    } catch (error) {
      throw toAwsError('ListMonitoringExecutions', error);
    }
  }

  private async lastExecutionOf(schedule: string): Promise<MonitoringExecutionView | undefined> {
    try {
      const out = await this.client.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: schedule }));
      return out.LastMonitoringExecutionSummary ? toExecutionView(out.LastMonitoringExecutionSummary) : undefined;
    } catch (error) {
      // Deleted between the list and the describe: it has no execution to report.
      if (awsErrorCode(error) === 'ResourceNotFound') return undefined;
      throw toAwsError('DescribeMonitoringSchedule', error);
    }
  }
}

function toScheduleView(s: MonitoringScheduleSummary): MonitoringScheduleView {
  return defined<MonitoringScheduleView>({
    name: s.MonitoringScheduleName ?? '',
    endpoint: s.EndpointName,
    status: s.MonitoringScheduleStatus ?? 'Pending',
    type: s.MonitoringType,
  });
}

function toExecutionView(e: MonitoringExecutionSummary): MonitoringExecutionView {
  return defined<MonitoringExecutionView>({
    schedule: e.MonitoringScheduleName ?? '',
    endpoint: e.EndpointName,
    status: (e.MonitoringExecutionStatus ?? 'Pending') as MonitoringExecutionStatus,
    scheduledAt: ms(e.ScheduledTime) ?? 0,
    createdAt: ms(e.CreationTime) ?? 0,
    lastModifiedAt: ms(e.LastModifiedTime) ?? 0,
    failureReason: e.FailureReason,
  });
}
