import { toEpochSeconds, type JsonObject } from '../protocol.ts';
import { listNamedResources } from './pagination.ts';
import { trainingStateAt, type TrainingJobStatus } from './training-lifecycle.ts';
import type { TrainingJobRecord } from './training-jobs.ts';

const STATUSES: readonly TrainingJobStatus[] = ['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped'];

/**
 * ListTrainingJobs: filters, sorting and pagination as SageMaker does them. The NextToken is
 * a cursor (the last row's sort key and name), not an offset, so jobs created between two
 * pages neither repeat nor vanish.
 */
export function listTrainingJobs(jobs: readonly TrainingJobRecord[], input: JsonObject, now: number): JsonObject {
  const page = listNamedResources(jobs, input, {
    statuses: STATUSES,
    stateOf: (job) => trainingStateAt(job, now),
    summary: (job, state) => ({
      TrainingJobName: job.name,
      TrainingJobArn: job.arn,
      CreationTime: toEpochSeconds(job.createdAt),
      LastModifiedTime: toEpochSeconds(state.lastModifiedAt),
      TrainingJobStatus: state.status,
      SecondaryStatus: state.secondaryStatus,
      ...(state.endedAt !== undefined ? { TrainingEndTime: toEpochSeconds(state.endedAt) } : {}),
    }),
  });
  return { TrainingJobSummaries: page.items, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
}
