import { toEpochSeconds, type JsonObject } from '../protocol.ts';
import { endpointStateAt, type DeployedConfig, type EndpointTimeline } from './endpoint-lifecycle.ts';
import { resolvedImage } from './resources.ts';

/** An endpoint as the emulator stores it: its timeline, plus what CreateEndpoint said. */
export interface EndpointRecord extends EndpointTimeline {
  name: string;
  arn: string;
  tags: { Key: string; Value: string }[];
}

const count = (variant: JsonObject): number => (typeof variant['InitialInstanceCount'] === 'number' ? variant['InitialInstanceCount'] : 1);

/** ProductionVariantSummary fields shared by the serving and the pending fleet. */
function variantSummary(config: DeployedConfig, variant: JsonObject, currentInstances: number): JsonObject {
  const name = String(variant['VariantName']);
  const image = config.images[name];
  const weight = typeof variant['InitialVariantWeight'] === 'number' ? variant['InitialVariantWeight'] : 1;
  const summary: JsonObject = {
    VariantName: name,
    CurrentWeight: weight,
    DesiredWeight: weight,
    CurrentInstanceCount: currentInstances,
    DesiredInstanceCount: count(variant),
  };
  if (image !== undefined) {
    summary['DeployedImages'] = [{ SpecifiedImage: image, ResolvedImage: resolvedImage(image), ResolutionTime: toEpochSeconds(config.deployedAt) }];
  }
  return summary;
}

/** DescribeEndpoint's output as of `now`; timestamps are epoch seconds. */
export function describeEndpointOutput(endpoint: EndpointRecord, now: number): JsonObject {
  const state = endpointStateAt(endpoint, now);
  const launching = state.status === 'Creating' || state.status === 'Failed';
  const out: JsonObject = {
    EndpointName: endpoint.name,
    EndpointArn: endpoint.arn,
    EndpointConfigName: state.config.name,
    ProductionVariants: state.config.variants.map((variant) => {
      const summary = variantSummary(state.config, variant, launching ? 0 : count(variant));
      if (state.status === 'Creating') summary['VariantStatus'] = [{ Status: 'Creating', StartTime: toEpochSeconds(endpoint.createdAt) }];
      return summary;
    }),
    EndpointStatus: state.status,
    CreationTime: toEpochSeconds(endpoint.createdAt),
    LastModifiedTime: toEpochSeconds(state.lastModifiedAt),
  };
  if (state.failureReason !== undefined) out['FailureReason'] = state.failureReason;
  if (endpoint.update?.deploymentConfig) out['LastDeploymentConfig'] = endpoint.update.deploymentConfig;
  const pending = state.pending;
  if (pending) {
    out['PendingDeploymentSummary'] = {
      EndpointConfigName: pending.config.name,
      StartTime: toEpochSeconds(pending.startedAt),
      ProductionVariants: pending.config.variants.map((variant) => ({
        ...variantSummary(pending.config, variant, pending.phase.status === 'Creating' ? 0 : count(variant)),
        ...(variant['InstanceType'] !== undefined ? { InstanceType: variant['InstanceType'] } : {}),
        VariantStatus: [{ Status: pending.phase.status, StartTime: toEpochSeconds(pending.phase.start) }],
      })),
    };
  }
  return out;
}

/** ListEndpoints' summary of an endpoint as of `now`. */
export function endpointSummary(endpoint: EndpointRecord, now: number): JsonObject {
  const state = endpointStateAt(endpoint, now);
  return {
    EndpointName: endpoint.name,
    EndpointArn: endpoint.arn,
    CreationTime: toEpochSeconds(endpoint.createdAt),
    LastModifiedTime: toEpochSeconds(state.lastModifiedAt),
    EndpointStatus: state.status,
  };
}
