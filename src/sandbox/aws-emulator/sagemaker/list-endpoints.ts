import { fromTimestamp, type JsonObject } from '../protocol.ts';
import { Violations } from '../validation.ts';
import { endpointSummary, type EndpointRecord } from './describe-endpoint.ts';
import { endpointStateAt } from './endpoint-lifecycle.ts';
import { listPage, type ListRow } from './pagination.ts';

const STATUSES = ['OutOfService', 'Creating', 'Updating', 'SystemUpdating', 'RollingBack', 'InService', 'Deleting', 'Failed', 'UpdateRollbackFailed'] as const;
const SORT_BY = ['Name', 'CreationTime', 'Status'] as const;

/** ListEndpoints: filters on the status as of `now`, newest first unless told otherwise, cursor pages of ≤ 100. */
export function listEndpoints(endpoints: readonly EndpointRecord[], input: JsonObject, now: number): JsonObject {
  const v = new Violations();
  v.integer('maxResults', input['MaxResults'], { min: 1, max: 100 });
  v.oneOf('statusEquals', input['StatusEquals'], STATUSES);
  v.oneOf('sortBy', input['SortBy'], SORT_BY);
  v.oneOf('sortOrder', input['SortOrder'], ['Ascending', 'Descending']);
  v.string('nameContains', input['NameContains'], { maxLength: 63 });
  v.throwIfAny();

  const sortBy = (input['SortBy'] as (typeof SORT_BY)[number] | undefined) ?? 'CreationTime';
  const nameContains = (input['NameContains'] as string | undefined)?.toLowerCase();
  const createdAfter = fromTimestamp(input['CreationTimeAfter']);
  const createdBefore = fromTimestamp(input['CreationTimeBefore']);
  const modifiedAfter = fromTimestamp(input['LastModifiedTimeAfter']);
  const modifiedBefore = fromTimestamp(input['LastModifiedTimeBefore']);
  const rows: ListRow<JsonObject>[] = [];
  for (const endpoint of endpoints) {
    if (nameContains !== undefined && !endpoint.name.toLowerCase().includes(nameContains)) continue;
    if (createdAfter !== undefined && !(endpoint.createdAt > createdAfter)) continue;
    if (createdBefore !== undefined && !(endpoint.createdAt < createdBefore)) continue;
    const state = endpointStateAt(endpoint, now);
    if (input['StatusEquals'] !== undefined && state.status !== input['StatusEquals']) continue;
    if (modifiedAfter !== undefined && !(state.lastModifiedAt > modifiedAfter)) continue;
    if (modifiedBefore !== undefined && !(state.lastModifiedAt < modifiedBefore)) continue;
    const key = sortBy === 'Name' ? endpoint.name : sortBy === 'Status' ? state.status : endpoint.createdAt;
    rows.push({ item: endpointSummary(endpoint, now), key, name: endpoint.name });
  }
  const page = listPage(rows, {
    descending: (input['SortOrder'] ?? 'Descending') === 'Descending',
    maxResults: (input['MaxResults'] as number | undefined) ?? 10,
    nextToken: input['NextToken'],
  });
  return { Endpoints: page.items, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
}
