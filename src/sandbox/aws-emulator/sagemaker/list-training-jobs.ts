import { AwsServiceError, fromTimestamp, toEpochSeconds, type JsonObject } from '../protocol.ts';
import { Violations } from '../validation.ts';
import { trainingStateAt, type TrainingJobStatus } from './training-lifecycle.ts';
import type { TrainingJobRecord } from './training-jobs.ts';

const STATUSES: readonly TrainingJobStatus[] = ['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped'];
const SORT_BY = ['Name', 'CreationTime', 'Status'] as const;
const SORT_ORDER = ['Ascending', 'Descending'] as const;

interface Row {
  summary: JsonObject;
  key: string | number;
  name: string;
}

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

  const maxResults = (input['MaxResults'] as number | undefined) ?? 10;
  const sortBy = (input['SortBy'] as (typeof SORT_BY)[number] | undefined) ?? 'CreationTime';
  const descending = (input['SortOrder'] ?? 'Descending') === 'Descending';
  const nameContains = (input['NameContains'] as string | undefined)?.toLowerCase();
  const createdAfter = fromTimestamp(input['CreationTimeAfter']);
  const createdBefore = fromTimestamp(input['CreationTimeBefore']);
  const modifiedAfter = fromTimestamp(input['LastModifiedTimeAfter']);
  const modifiedBefore = fromTimestamp(input['LastModifiedTimeBefore']);

  const rows: Row[] = [];
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
    rows.push({ summary, key, name: job.name });
  }

  const direction = descending ? -1 : 1;
  const compare = (a: { key: string | number; name: string }, b: { key: string | number; name: string }): number =>
    direction * (a.key < b.key ? -1 : a.key > b.key ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  rows.sort(compare);

  let start = 0;
  if (input['NextToken'] !== undefined) {
    const cursor = decodeCursor(input['NextToken']);
    start = rows.findIndex((row) => compare(row, cursor) > 0);
    if (start < 0) start = rows.length;
  }
  const page = rows.slice(start, start + maxResults);
  const output: JsonObject = { TrainingJobSummaries: page.map((row) => row.summary) };
  const last = page[page.length - 1];
  if (last && start + maxResults < rows.length) output['NextToken'] = encodeCursor({ key: last.key, name: last.name });
  return output;
}

function encodeCursor(cursor: { key: string | number; name: string }): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(token: unknown): { key: string | number; name: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && 'key' in parsed && 'name' in parsed) {
      const { key, name } = parsed as { key: unknown; name: unknown };
      if ((typeof key === 'string' || typeof key === 'number') && typeof name === 'string') return { key, name };
    }
  } catch {
    // fall through to the error AWS gives for a token it did not issue
  }
  throw new AwsServiceError('ValidationException', 'Invalid pagination token');
}
