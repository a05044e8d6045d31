/*
 * A CloudWatch metric is identified by namespace, name and the exact set of its dimensions:
 * a query for {EndpointName} alone does not match a metric published with {EndpointName,
 * VariantName}. Keys are canonical (dimensions sorted) so lookups are exact.
 */

export interface MetricId {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
}

export function metricKey(metric: MetricId): string {
  const dims = Object.entries(metric.dimensions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([metric.namespace, metric.metricName, dims]);
}

/** The `Dimensions` list CloudWatch sends back, sorted by name as it does. */
export function dimensionList(dimensions: Record<string, string>): { Name: string; Value: string }[] {
  return Object.entries(dimensions)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([Name, Value]) => ({ Name, Value }));
}

/** SageMaker's per-variant endpoint metrics: AWS/SageMaker, EndpointName + VariantName. */
export function endpointMetric(endpoint: string, metricName: string, variant = 'AllTraffic'): MetricId {
  return { namespace: 'AWS/SageMaker', metricName, dimensions: { EndpointName: endpoint, VariantName: variant } };
}
