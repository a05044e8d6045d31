import { AwsServiceError, fromTimestamp, type JsonObject, type JsonValue } from '../protocol.ts';
import { Violations } from '../validation.ts';

/** One row of a List operation: what it returns, and the key it is sorted by (name breaks ties). */
export interface ListRow<T> {
  item: T;
  key: string | number;
  name: string;
}

interface Cursor {
  key: string | number;
  name: string;
}

/**
 * Sorts the rows and cuts one page. The NextToken is a cursor (the last row's sort key and
 * name), not an offset, so resources created between two pages neither repeat nor vanish.
 */
function listPage<T>(rows: ListRow<T>[], options: { descending: boolean; maxResults: number; nextToken: JsonValue | undefined }): { items: T[]; nextToken?: string } {
  const direction = options.descending ? -1 : 1;
  const compare = (a: Cursor, b: Cursor): number => direction * (a.key < b.key ? -1 : a.key > b.key ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const sorted = [...rows].sort(compare);
  let start = 0;
  if (options.nextToken !== undefined && options.nextToken !== null) {
    const cursor = decodeCursor(options.nextToken);
    start = sorted.findIndex((row) => compare(row, cursor) > 0);
    if (start < 0) start = sorted.length;
  }
  const page = sorted.slice(start, start + options.maxResults);
  const last = page[page.length - 1];
  const result: { items: T[]; nextToken?: string } = { items: page.map((row) => row.item) };
  if (last && start + options.maxResults < sorted.length) result.nextToken = encodeCursor({ key: last.key, name: last.name });
  return result;
}

/** One page as a List operation's input asks for it: SortOrder (default `defaultOrder`), MaxResults (default 10), NextToken. */
export function pageFor<T>(rows: ListRow<T>[], input: JsonObject, defaultOrder: 'Ascending' | 'Descending' = 'Descending'): { items: T[]; nextToken?: string } {
  return listPage(rows, {
    descending: (input['SortOrder'] ?? defaultOrder) === 'Descending',
    maxResults: (input['MaxResults'] as number | undefined) ?? 10,
    nextToken: input['NextToken'],
  });
}

const SORT_BY = ['Name', 'CreationTime', 'Status'] as const;

/** What the lists of named resources with a lifecycle (training jobs, endpoints) need of one. */
export interface NamedResourceList<R extends { name: string; createdAt: number }, S extends { status: string; lastModifiedAt: number }> {
  statuses: readonly string[];
  /** The resource's state as of the request. */
  stateOf(record: R): S;
  summary(record: R, state: S): JsonObject;
}

/**
 * The List operation SageMaker shares across named resources (ListTrainingJobs,
 * ListEndpoints): NameContains, CreationTime and LastModifiedTime bounds, StatusEquals as of
 * now, sorted by Name, CreationTime or Status, in cursor pages of at most 100.
 */
export function listNamedResources<R extends { name: string; createdAt: number }, S extends { status: string; lastModifiedAt: number }>(
  records: readonly R[],
  input: JsonObject,
  list: NamedResourceList<R, S>,
): { items: JsonObject[]; nextToken?: string } {
  const v = new Violations();
  v.integer('maxResults', input['MaxResults'], { min: 1, max: 100 });
  v.oneOf('statusEquals', input['StatusEquals'], list.statuses);
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
  for (const record of records) {
    if (nameContains !== undefined && !record.name.toLowerCase().includes(nameContains)) continue;
    if (createdAfter !== undefined && !(record.createdAt > createdAfter)) continue;
    if (createdBefore !== undefined && !(record.createdAt < createdBefore)) continue;
    const state = list.stateOf(record);
    if (input['StatusEquals'] !== undefined && state.status !== input['StatusEquals']) continue;
    if (modifiedAfter !== undefined && !(state.lastModifiedAt > modifiedAfter)) continue;
    if (modifiedBefore !== undefined && !(state.lastModifiedAt < modifiedBefore)) continue;
    const key = sortBy === 'Name' ? record.name : sortBy === 'Status' ? state.status : record.createdAt;
    rows.push({ item: list.summary(record, state), key, name: record.name });
  }
  return pageFor(rows, input);
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(token: JsonValue): Cursor {
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
