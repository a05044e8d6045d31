import { createHash } from 'node:crypto';
import { AwsServiceError, fromTimestamp, toEpochSeconds, type JsonObject, type JsonValue } from '../protocol.ts';
import { metricKey, type MetricId } from './metric-identity.ts';
import { MINUTE_MS, type MetricSource } from './metric-store.ts';
import { failureFor, failureMessage, type QueryFailure } from './query-failures.ts';
import { aggregate, parseStatistic, type Statistic } from './statistics.ts';

/** CloudWatch's limits for one GetMetricData call. */
export const MAX_QUERIES = 500;
export const MAX_DATAPOINTS = 100_800;
/** Not a CloudWatch limit: keeps one absurd request from exhausting the emulator's memory. */
const MAX_COMPUTED_DATAPOINTS = 5_000_000;
const ID = /^[a-z][a-zA-Z0-9_]*$/;

interface ParsedQuery {
  id: string;
  label: string;
  metric: MetricId;
  periodMs: number;
  stat: Statistic;
  returnData: boolean;
}

interface QueryResult {
  query: ParsedQuery;
  timestamps: number[];
  values: number[];
  failure?: QueryFailure;
}

interface Token {
  /** Datapoints already returned. */
  o: number;
  /** Simulated time of the first page, so every page reads the same data. */
  n: number;
  /** Fingerprint of the request the token belongs to. */
  f: string;
}

/**
 * GetMetricData over MetricStat queries: one datapoint per period that has samples, newest
 * first unless ScanBy says otherwise, at most MaxDatapoints per call across all queries; a
 * query cut short says PartialData and the call returns a NextToken. Math expressions and
 * Metrics Insights queries are not emulated.
 */
export function getMetricData(input: JsonObject, now: number, sourceAt: (now: number) => MetricSource, failures: readonly QueryFailure[]): JsonObject {
  const { queries, start, end, maxDatapoints, ascending } = validate(input);
  const fingerprint = createHash('sha256').update(JSON.stringify([input['MetricDataQueries'], start, end, ascending])).digest('base64url').slice(0, 16);
  let offset = 0;
  let asOf = now;
  if (input['NextToken'] !== undefined && input['NextToken'] !== null) {
    const token = decodeToken(input['NextToken']);
    if (token.f !== fingerprint) throw new AwsServiceError('InvalidNextToken', 'The service can not process the NextToken provided');
    offset = token.o;
    asOf = token.n;
  }

  const source = sourceAt(asOf);
  const firstBucket = roundStart(start, asOf);
  const endCeil = Math.ceil(end / MINUTE_MS) * MINUTE_MS;
  const planned = queries.reduce((sum, q) => sum + Math.max(0, Math.ceil((end - firstBucket) / q.periodMs)), 0);
  if (planned > MAX_COMPUTED_DATAPOINTS) {
    throw new AwsServiceError('ValidationError', `The emulator computes at most ${MAX_COMPUTED_DATAPOINTS} datapoints per request; increase the Period or shorten the time range.`);
  }

  const results: QueryResult[] = queries
    .filter((q) => q.returnData)
    .map((query) => {
      const failure = failureFor(failures, query.metric, asOf);
      if (failure) return { query, timestamps: [], values: [], failure };
      const key = metricKey(query.metric);
      const timestamps: number[] = [];
      const values: number[] = [];
      for (let bucket = firstBucket; bucket < end; bucket += query.periodMs) {
        const value = aggregate(query.stat, source.samples(key, bucket, Math.min(bucket + query.periodMs, endCeil)));
        if (value === undefined) continue;
        timestamps.push(bucket);
        values.push(value);
      }
      if (!ascending) {
        timestamps.reverse();
        values.reverse();
      }
      return { query, timestamps, values };
    });

  const total = results.reduce((sum, r) => sum + r.timestamps.length, 0);
  const pageEnd = offset + maxDatapoints;
  let before = 0;
  const out = results.map((result): JsonObject => {
    const first = before;
    const count = result.timestamps.length;
    before += count;
    const from = Math.min(count, Math.max(0, offset - first));
    const to = Math.min(count, Math.max(0, pageEnd - first));
    const entry: JsonObject = {
      Id: result.query.id,
      Label: result.query.label,
      Timestamps: result.timestamps.slice(from, to).map(toEpochSeconds),
      Values: result.values.slice(from, to),
      StatusCode: result.failure ? result.failure.status : first + count <= pageEnd ? 'Complete' : 'PartialData',
    };
    if (result.failure) entry['Messages'] = [failureMessage(result.failure)];
    return entry;
  });
  const output: JsonObject = { MetricDataResults: out, Messages: [] };
  if (pageEnd < total) output['NextToken'] = encodeToken({ o: pageEnd, n: asOf, f: fingerprint });
  return output;
}

/**
 * CloudWatch rounds StartTime down by the age of the data: to the minute within 15 days,
 * to 5 minutes within 63 days, else to the hour. Datapoints fall at the rounded start plus
 * whole periods.
 */
function roundStart(start: number, now: number): number {
  const age = now - start;
  const unit = age <= 15 * 86_400_000 ? MINUTE_MS : age <= 63 * 86_400_000 ? 5 * MINUTE_MS : 60 * MINUTE_MS;
  return Math.floor(start / unit) * unit;
}

function validate(input: JsonObject): { queries: ParsedQuery[]; start: number; end: number; maxDatapoints: number; ascending: boolean } {
  const problems: string[] = [];
  const raw = input['MetricDataQueries'];
  if (!Array.isArray(raw) || raw.length === 0) problems.push('The parameter MetricDataQueries is required.');
  else if (raw.length > MAX_QUERIES) {
    // Reported alone, as CloudWatch does, before it looks at any member.
    throw new AwsServiceError('ValidationError', `The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES}.`);
  }
  const start = fromTimestamp(input['StartTime']);
  const end = fromTimestamp(input['EndTime']);
  if (start === undefined) problems.push('The parameter StartTime is required.');
  if (end === undefined) problems.push('The parameter EndTime is required.');
  if (start !== undefined && end !== undefined && start >= end) problems.push('The parameter StartTime must be less than the parameter EndTime.');
  const maxDatapoints = input['MaxDatapoints'] ?? MAX_DATAPOINTS;
  if (typeof maxDatapoints !== 'number' || !Number.isInteger(maxDatapoints) || maxDatapoints < 1) problems.push('The parameter MaxDatapoints must be a positive integer.');
  const scanBy = input['ScanBy'] ?? 'TimestampDescending';
  if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending') problems.push(`The value ${String(scanBy)} for parameter ScanBy is not valid.`);

  const queries: ParsedQuery[] = [];
  const ids = new Set<string>();
  (Array.isArray(raw) ? raw : []).forEach((item, i) => {
    const at = `MetricDataQueries.member.${i + 1}`;
    const q = asObject(item);
    const id = q['Id'];
    if (typeof id !== 'string' || !ID.test(id)) problems.push(`The value ${String(id)} for parameter ${at}.Id is not valid: it must start with a lower-case letter and contain only letters, digits and _.`);
    else if (ids.has(id)) problems.push(`The value ${id} for parameter ${at}.Id is not unique.`);
    else ids.add(id);
    if (q['Expression'] !== undefined) {
      problems.push(`The parameter ${at}.Expression is not supported by the emulator; use MetricStat.`);
      return;
    }
    const metricStat = asObject(q['MetricStat']);
    const metric = asObject(metricStat['Metric']);
    const namespace = metric['Namespace'];
    const metricName = metric['MetricName'];
    if (q['MetricStat'] === undefined) problems.push(`Exactly one of ${at}.MetricStat or ${at}.Expression must be specified.`);
    if (typeof namespace !== 'string' || namespace === '') problems.push(`The parameter ${at}.MetricStat.Metric.Namespace is required.`);
    if (typeof metricName !== 'string' || metricName === '') problems.push(`The parameter ${at}.MetricStat.Metric.MetricName is required.`);
    const dimensions: Record<string, string> = {};
    const rawDims = metric['Dimensions'];
    if (Array.isArray(rawDims)) {
      if (rawDims.length > 30) problems.push(`The collection ${at}.MetricStat.Metric.Dimensions must not have a size greater than 30.`);
      for (const d of rawDims) {
        const dim = asObject(d);
        if (typeof dim['Name'] !== 'string' || typeof dim['Value'] !== 'string') problems.push(`Each of ${at}.MetricStat.Metric.Dimensions must have a Name and a Value.`);
        else dimensions[dim['Name']] = dim['Value'];
      }
    }
    const period = metricStat['Period'];
    if (typeof period !== 'number' || !Number.isInteger(period) || period < 1) problems.push(`The parameter ${at}.MetricStat.Period must be a positive integer.`);
    else if (period % 60 !== 0 && ![1, 5, 10, 30].includes(period)) problems.push(`The parameter ${at}.MetricStat.Period must be 1, 5, 10, 30 or a multiple of 60.`);
    const statText = metricStat['Stat'];
    const stat = typeof statText === 'string' ? parseStatistic(statText) : undefined;
    if (!stat) problems.push(`The value ${String(statText)} for parameter ${at}.MetricStat.Stat is not a valid statistic.`);
    if (problems.length > 0 || !stat || typeof period !== 'number') return;
    queries.push({
      id: id as string,
      label: typeof q['Label'] === 'string' ? q['Label'] : (metricName as string),
      metric: { namespace: namespace as string, metricName: metricName as string, dimensions },
      // The emulated metrics are standard resolution: one sample a minute.
      periodMs: Math.max(60, period) * 1000,
      stat,
      returnData: q['ReturnData'] !== false,
    });
  });
  if (problems.length > 0) throw new AwsServiceError('ValidationError', problems.join('\n'));
  return { queries, start: start as number, end: end as number, maxDatapoints: maxDatapoints as number, ascending: scanBy === 'TimestampAscending' };
}

function asObject(value: JsonValue | undefined): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

function encodeToken(token: Token): string {
  return Buffer.from(JSON.stringify(token)).toString('base64url');
}

function decodeToken(value: JsonValue): Token {
  try {
    const parsed = JSON.parse(Buffer.from(String(value), 'base64url').toString('utf8')) as Partial<Token>;
    if (typeof parsed.o === 'number' && typeof parsed.n === 'number' && typeof parsed.f === 'string') return parsed as Token;
  } catch {
    // fall through: a token the emulator did not issue
  }
  throw new AwsServiceError('InvalidNextToken', 'The service can not process the NextToken provided');
}
