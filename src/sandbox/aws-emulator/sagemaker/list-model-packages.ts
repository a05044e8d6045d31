import { fromTimestamp, toEpochSeconds, type JsonObject } from '../protocol.ts';
import { Violations } from '../validation.ts';
import { APPROVAL_STATUSES, modelPackageSummary, type ModelPackageGroupRecord, type ModelPackageRecord, type ModelPackages } from './model-packages.ts';
import { pageFor, type ListRow } from './pagination.ts';

const SORT_BY = ['Name', 'CreationTime'] as const;
const SORT_ORDER = ['Ascending', 'Descending'] as const;
const PACKAGE_TYPES = ['Versioned', 'Unversioned', 'Both'] as const;

function validateListInput(v: Violations, input: JsonObject): void {
  v.integer('maxResults', input['MaxResults'], { min: 1, max: 100 });
  v.oneOf('sortBy', input['SortBy'], SORT_BY);
  v.oneOf('sortOrder', input['SortOrder'], SORT_ORDER);
  v.string('nameContains', input['NameContains'], { maxLength: 63 });
}

/** Creation-time filters shared by both lists. */
function createdWithin(input: JsonObject, createdAt: number): boolean {
  const after = fromTimestamp(input['CreationTimeAfter']);
  const before = fromTimestamp(input['CreationTimeBefore']);
  return (after === undefined || createdAt > after) && (before === undefined || createdAt < before);
}

/**
 * ListModelPackages. With ModelPackageGroupName, that group's versions; without it, what
 * ModelPackageType asks for, which defaults to unversioned packages (none are emulated).
 * SageMaker sorts Ascending unless told otherwise; equal creation times fall back to the version.
 */
export function listModelPackages(registry: ModelPackages, input: JsonObject): JsonObject {
  const v = new Violations();
  validateListInput(v, input);
  v.oneOf('modelApprovalStatus', input['ModelApprovalStatus'], APPROVAL_STATUSES);
  v.oneOf('modelPackageType', input['ModelPackageType'], PACKAGE_TYPES);
  v.string('modelPackageGroupName', input['ModelPackageGroupName'], { maxLength: 2048 });
  v.throwIfAny();

  let candidates: ModelPackageRecord[];
  if (typeof input['ModelPackageGroupName'] === 'string') {
    const group = registry.group(input['ModelPackageGroupName']);
    candidates = group ? registry.records.filter((p) => p.group === group.name) : [];
  } else {
    candidates = (input['ModelPackageType'] ?? 'Unversioned') === 'Unversioned' ? [] : registry.records;
  }
  const nameContains = (input['NameContains'] as string | undefined)?.toLowerCase();
  const sortBy = (input['SortBy'] as (typeof SORT_BY)[number] | undefined) ?? 'CreationTime';
  const rows: ListRow<JsonObject>[] = candidates
    .filter((p) => input['ModelApprovalStatus'] === undefined || p.approvalStatus === input['ModelApprovalStatus'])
    .filter((p) => nameContains === undefined || p.group.toLowerCase().includes(nameContains))
    .filter((p) => createdWithin(input, p.createdAt))
    .map((p) => {
      // The tie-breaker: zero-padded so that version 10 sorts after version 9.
      const name = `${p.group}/${String(p.version).padStart(6, '0')}`;
      return { item: modelPackageSummary(p), key: sortBy === 'Name' ? p.group : p.createdAt, name };
    });
  const page = pageFor(rows, input, 'Ascending');
  return { ModelPackageSummaryList: page.items, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
}

function groupSummary(group: ModelPackageGroupRecord): JsonObject {
  const summary: JsonObject = {
    ModelPackageGroupName: group.name,
    ModelPackageGroupArn: group.arn,
    CreationTime: toEpochSeconds(group.createdAt),
    ModelPackageGroupStatus: 'Completed',
  };
  if (group.description !== undefined) summary['ModelPackageGroupDescription'] = group.description;
  return summary;
}

/** ListModelPackageGroups. */
export function listModelPackageGroups(registry: ModelPackages, input: JsonObject): JsonObject {
  const v = new Violations();
  validateListInput(v, input);
  v.throwIfAny();
  const nameContains = (input['NameContains'] as string | undefined)?.toLowerCase();
  const sortBy = (input['SortBy'] as (typeof SORT_BY)[number] | undefined) ?? 'CreationTime';
  const rows: ListRow<JsonObject>[] = registry.groupRecords
    .filter((g) => nameContains === undefined || g.name.toLowerCase().includes(nameContains))
    .filter((g) => createdWithin(input, g.createdAt))
    .map((g) => ({ item: groupSummary(g), key: sortBy === 'Name' ? g.name : g.createdAt, name: g.name }));
  const page = pageFor(rows, input, 'Ascending');
  return { ModelPackageGroupSummaryList: page.items, ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
}
