import type { JsonObject } from '../protocol.ts';
import { endpointSummary, type EndpointRecord } from './describe-endpoint.ts';
import { endpointStateAt } from './endpoint-lifecycle.ts';
import { listNamedResources } from './pagination.ts';

const STATUSES = ['OutOfService', 'Creating', 'Updating', 'SystemUpdating', 'RollingBack', 'InService', 'Deleting', 'Failed', 'UpdateRollbackFailed'] as const;

/** ListEndpoints: filters on the status as of `now`, newest first unless told otherwise, cursor pages of ≤ 100. */
export function listEndpoints(endpoints: readonly EndpointRecord[], input: JsonObject, now: number): JsonObject {
  const page = listNamedResources(endpoints, input, {
    statuses: STATUSES,
    stateOf: (endpoint) => endpointStateAt(endpoint, now),
    summary: (endpoint) => endpointSummary(endpoint, now),
  });
  return { Endpoints: page.items, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
}
