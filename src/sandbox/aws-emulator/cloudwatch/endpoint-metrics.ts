import { createHash } from 'node:crypto';
import type { EndpointRecord } from '../sagemaker/describe-endpoint.ts';
import { endpointStateAt } from '../sagemaker/endpoint-lifecycle.ts';
import { endpointMetric } from './metric-identity.ts';
import type { MetricLayer } from './metric-store.ts';

/**
 * The metrics a healthy SageMaker endpoint publishes once it is InService, per variant, in
 * `AWS/SageMaker`: steady traffic, no errors, a few tens of ms of model latency
 * (ModelLatency and OverheadLatency are in microseconds, as AWS reports them). Values
 * differ per endpoint but are fixed by its name, so runs repeat exactly.
 */
export function healthyEndpointMetrics(endpoint: EndpointRecord, now: number): MetricLayer[] {
  if (endpoint.creationFailure !== undefined || now < endpoint.createdBy) return [];
  const seed = createHash('sha256').update(endpoint.name).digest().readUInt32BE(0);
  const baseline: Record<string, number> = {
    Invocations: 30 + (seed % 90),
    Invocation4XXErrors: 0,
    Invocation5XXErrors: 0,
    ModelLatency: (20 + (seed % 30)) * 1000,
    OverheadLatency: (2 + (seed % 3)) * 1000,
  };
  const variants = endpointStateAt(endpoint, now).config.variants.map((v) => String(v['VariantName']));
  return variants.flatMap((variant) =>
    Object.entries(baseline).map(([name, value]): MetricLayer => ({ metric: endpointMetric(endpoint.name, name, variant), from: endpoint.createdBy, to: Number.POSITIVE_INFINITY, value })),
  );
}
