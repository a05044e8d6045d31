import { AwsServiceError, type JsonValue } from '../protocol.ts';

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
export function listPage<T>(rows: ListRow<T>[], options: { descending: boolean; maxResults: number; nextToken: JsonValue | undefined }): { items: T[]; nextToken?: string } {
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
