import { AwsServiceError, type JsonObject, type JsonValue } from '../protocol.ts';
import { dimensionList, metricKey, type MetricId } from './metric-identity.ts';

/** ListMetrics returns at most this many metrics per call. */
export const LIST_METRICS_PAGE = 500;

/**
 * ListMetrics: every metric with a series, filtered by namespace, name and dimension filters
 * (a filter without a Value matches any value of that dimension), in a stable order, pages
 * of 500 with a cursor token.
 */
export function listMetrics(metrics: readonly MetricId[], input: JsonObject): JsonObject {
  const namespace = input['Namespace'];
  const metricName = input['MetricName'];
  const filters = parseFilters(input['Dimensions']);
  const rows = metrics
    .filter((m) => (typeof namespace !== 'string' || m.namespace === namespace) && (typeof metricName !== 'string' || m.metricName === metricName))
    .filter((m) => filters.every((f) => f.name in m.dimensions && (f.value === undefined || m.dimensions[f.name] === f.value)))
    .map((metric) => ({ metric, key: metricKey(metric) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));

  let start = 0;
  const token = input['NextToken'];
  if (token !== undefined && token !== null) {
    const after = decodeCursor(token);
    start = rows.findIndex((row) => row.key > after);
    if (start < 0) start = rows.length;
  }
  const page = rows.slice(start, start + LIST_METRICS_PAGE);
  const out: JsonObject = {
    Metrics: page.map(({ metric }) => ({ Namespace: metric.namespace, MetricName: metric.metricName, Dimensions: dimensionList(metric.dimensions) })),
  };
  const last = page[page.length - 1];
  if (last && start + LIST_METRICS_PAGE < rows.length) out['NextToken'] = Buffer.from(last.key).toString('base64url');
  return out;
}

function parseFilters(value: JsonValue | undefined): { name: string; value?: string }[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new AwsServiceError('ValidationError', 'The parameter Dimensions must be a list.');
  if (value.length > 10) throw new AwsServiceError('ValidationError', 'The collection Dimensions must not have a size greater than 10.');
  return value.map((item, i) => {
    const f = item !== null && typeof item === 'object' && !Array.isArray(item) ? item : {};
    if (typeof f['Name'] !== 'string' || f['Name'] === '') throw new AwsServiceError('ValidationError', `The parameter Dimensions.member.${i + 1}.Name is required.`);
    return typeof f['Value'] === 'string' ? { name: f['Name'], value: f['Value'] } : { name: f['Name'] };
  });
}

function decodeCursor(token: JsonValue): string {
  const key = Buffer.from(String(token), 'base64url').toString('utf8');
  if (!key.startsWith('[')) throw new AwsServiceError('InvalidNextToken', 'The service can not process the NextToken provided');
  return key;
}
