import { fromTimestamp, toEpochSeconds, type JsonObject } from '../protocol.ts';
import { Violations } from '../validation.ts';
import { listPage, type ListRow } from './pagination.ts';
import { trainingStateAt, type TrainingJobStatus } from './training-lifecycle.ts';
import type { TrainingJobRecord } from './training-jobs.ts';

const STATUSES: readonly TrainingJobStatus[] = ['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped'];
const SORT_BY = ['Name', 'CreationTime', 'Status'] as const;
const SORT_ORDER = ['Ascending', 'Descending'] as const;

/**
 * ListTrainingJobs: filters, sorting and pagination as SageMaker does them. The NextToken is
 * a cursor (the last row's sort key and name), not an offset, so jobs created between two
 * pages neither repeat nor vanish.
 */
export function listTrainingJobs(jobs: readonly TrainingJobRecord[], input: JsonObject, now: number): JsonObject {
  const v = new Violations();
  v.integer('maxResults', input['MaxResults'], { min: 1, max: 100 });
  v.oneOf('statusEquals', input['StatusEquals'], STATUSES);
  v.oneOf('sortBy', input['SortBy'], SORT_BY);
  v.oneOf('sortOrder', input['SortOrder'], SORT_ORDER);
  v.string('nameContains', input['NameContains'], { maxLength: 63 });
  v.throwIfAny();

  const sortBy = (input['SortBy'] as (typeof SORT_BY)[number] | undefined) ?? 'CreationTime';
  const nameContains = (input['NameContains'] as string | undefined)?.toLowerCase();
  const createdAfter = fromTimestamp(input['CreationTimeAfter']);
  const createdBefore = fromTimestamp(input['CreationTimeBefore']);
  const modifiedAfter = fromTimestamp(input['LastModifiedTimeAfter']);
  const modifiedBefore = fromTimestamp(input['LastModifiedTimeBefore']);

  const rows: ListRow<JsonObject>[] = [];
  for (const job of jobs) {
    if (nameContains !== undefined && !job.name.toLowerCase().includes(nameContains)) continue;
    if (createdAfter !== undefined && !(job.createdAt > createdAfter)) continue;
    if (createdBefore !== undefined && !(job.createdAt < createdBefore)) continue;
    const state = trainingStateAt(job, now);
    if (input['StatusEquals'] !== undefined && state.status !== input['StatusEquals']) continue;
    if (modifiedAfter !== undefined && !(state.lastModifiedAt > modifiedAfter)) continue;
    if (modifiedBefore !== undefined && !(state.lastModifiedAt < modifiedBefore)) continue;
    const summary: JsonObject = {
      TrainingJobName: job.name,
      TrainingJobArn: job.arn,
      CreationTime: toEpochSeconds(job.createdAt),
      LastModifiedTime: toEpochSeconds(state.lastModifiedAt),
      TrainingJobStatus: state.status,
      SecondaryStatus: state.secondaryStatus,
    };
    if (state.endedAt !== undefined) summary['TrainingEndTime'] = toEpochSeconds(state.endedAt);
    const key = sortBy === 'Name' ? job.name : sortBy === 'Status' ? state.status : job.createdAt;
    rows.push({ item: summary, key, name: job.name });
  }

  const page = listPage(rows, {
    descending: (input['SortOrder'] ?? 'Descending') === 'Descending',
    maxResults: (input['MaxResults'] as number | undefined) ?? 10,
    nextToken: input['NextToken'],
  });
  return { TrainingJobSummaries: page.items, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
}
