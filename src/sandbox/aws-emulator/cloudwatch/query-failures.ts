import type { MetricId } from './metric-identity.ts';

/** Per-query failure CloudWatch reports in a result's StatusCode while the call itself succeeds. */
export interface QueryFailure {
  scenario: string;
  /** Matches queries for metrics with every field given here (dimensions as a subset). */
  namespace?: string;
  metricName?: string;
  dimensions?: Record<string, string>;
  status: 'InternalError' | 'Forbidden';
  message?: string;
  from: number;
  to: number;
}

export function failureFor(failures: readonly QueryFailure[], metric: MetricId, now: number): QueryFailure | undefined {
  for (let i = failures.length - 1; i >= 0; i--) {
    const f = failures[i] as QueryFailure;
    if (now < f.from || now >= f.to) continue;
    if (f.namespace !== undefined && f.namespace !== metric.namespace) continue;
    if (f.metricName !== undefined && f.metricName !== metric.metricName) continue;
    if (f.dimensions && Object.entries(f.dimensions).some(([name, value]) => metric.dimensions[name] !== value)) continue;
    return f;
  }
  return undefined;
}

export function failureMessage(failure: QueryFailure): { Code: string; Value: string } {
  const value =
    failure.message ??
    (failure.status === 'Forbidden' ? 'You do not have access to the requested metric.' : 'An internal error occurred while retrieving data for this query. Retry the request.');
  return { Code: failure.status, Value: value };
}
