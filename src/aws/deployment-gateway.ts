import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  DescribeModelPackageCommand,
  ListEndpointsCommand,
  ListModelPackagesCommand,
  UpdateEndpointCommand,
  UpdateModelPackageCommand,
  type DeploymentConfig,
  type DescribeEndpointCommandOutput,
  type DescribeModelPackageCommandOutput,
  type ProductionVariantInstanceType,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { BlueGreenPlan, EndpointStatus, EndpointSummary, EndpointView, ModelPackageSummary, ModelPackageView, PackageApprovalStatus } from '../domain/deployment.ts';
import { NotFoundError } from '../errors.ts';
import { awsErrorCode, toAwsError } from './errors.ts';
import { defined, ms } from './sagemaker-gateway.ts';

/** The List operations return at most this many per page. */
const PAGE_SIZE = 100;

export interface ListModelPackagesOptions {
  /** @defaultValue 20 */
  limit?: number;
  /** Only versions with this approval status. */
  status?: PackageApprovalStatus;
}

export interface ModelSpec {
  name: string;
  image: string;
  modelDataUrl: string;
  roleArn: string;
  tags?: Record<string, string>;
}

export interface EndpointConfigSpec {
  name: string;
  modelName: string;
  /** @defaultValue 'AllTraffic' */
  variantName?: string;
  instanceType: string;
  instanceCount: number;
  tags?: Record<string, string>;
}

/** DescribeEndpointConfig, in our words. */
export interface EndpointConfigView {
  name: string;
  arn: string;
  createdAt: number;
  variants: { name: string; modelName?: string; instanceType?: string; instanceCount?: number; weight?: number }[];
}

export interface EndpointSpec {
  name: string;
  configName: string;
  tags?: Record<string, string>;
}

export interface EndpointUpdateSpec {
  name: string;
  configName: string;
  /** Blue/green traffic shifting with auto-rollback; without it SageMaker's default update runs. */
  blueGreen?: BlueGreenPlan;
}

export interface ListEndpointsOptions {
  status?: EndpointStatus;
  /** Case-insensitive substring of the endpoint name. */
  nameContains?: string;
}

/**
 * The model registry, models, endpoint configs and endpoints in the bot's words
 * (src/domain/deployment.ts). Every SDK error leaves as an AwsError (retryable or not) or a
 * NotFoundError; nothing from the SDK leaks.
 *
 * Idempotency: the create methods adopt a resource that already exists under the name (a
 * retried deploy job lands there after a worker died mid-way) and say so with `created:
 * false`. UpdateEndpoint has no such guard in AWS, so the deploy job describes the endpoint
 * first and skips `updateEndpoint` when the endpoint's `configName` or `pendingConfigName`
 * is already the target config.
 */
export class DeploymentGateway {
  constructor(private readonly client: SageMakerClient) {}

  /** Versions of the group, newest first, following pages until `limit` are found. */
  async listModelPackages(group: string, options: ListModelPackagesOptions = {}): Promise<ModelPackageSummary[]> {
    const limit = options.limit ?? 20;
    const summaries: ModelPackageSummary[] = [];
    let nextToken: string | undefined;
    do {
      try {
        const out = await this.client.send(
          new ListModelPackagesCommand({
            ModelPackageGroupName: group,
            SortBy: 'CreationTime',
            SortOrder: 'Descending',
            MaxResults: Math.min(PAGE_SIZE, limit - summaries.length),
            ...(options.status ? { ModelApprovalStatus: options.status } : {}),
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
        summaries.push(
          ...(out.ModelPackageSummaryList ?? []).map((s) =>
            toPackageSummary({ ...s, ModelPackageGroupName: s.ModelPackageGroupName ?? group }),
          ),
        );
        nextToken = out.NextToken;
      } catch (error) {
        throw toAwsError('ListModelPackages', error);
      }
    } while (nextToken && summaries.length < limit);
    return summaries.slice(0, limit);
  }

  /**
   * @param arn the package's ARN (or `<group>/<version>`).
   * @throws NotFoundError when no such package exists.
   */
  async describeModelPackage(arn: string): Promise<ModelPackageView> {
    let out: DescribeModelPackageCommandOutput;
    try {
      out = await this.client.send(new DescribeModelPackageCommand({ ModelPackageName: arn }));
    } catch (error) {
      throw notFoundOr('DescribeModelPackage', `model package ${arn}`, error);
    }
    return toPackageView(out);
  }

  /**
   * Sets the package's approval status (UpdateModelPackage); setting the status it already
   * has succeeds, so a retry is harmless.
   * @throws NotFoundError when no such package exists.
   */
  async setPackageApproval(arn: string, status: PackageApprovalStatus, description?: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateModelPackageCommand({ ModelPackageArn: arn, ModelApprovalStatus: status, ...(description !== undefined ? { ApprovalDescription: description } : {}) }),
      );
    } catch (error) {
      if (awsErrorCode(error) !== 'ValidationException') throw toAwsError('UpdateModelPackage', error);
      // "Does not exist" and a malformed request share the code: a Describe tells which.
      await this.describeModelPackage(arn);
      throw toAwsError('UpdateModelPackage', error);
    }
  }

  /** Creates the model, or adopts the one of that name (`created: false`). */
  async createModel(spec: ModelSpec): Promise<{ created: boolean }> {
    return this.createOrAdopt(
      'CreateModel',
      () =>
        this.client.send(
          new CreateModelCommand({
            ModelName: spec.name,
            PrimaryContainer: { Image: spec.image, ModelDataUrl: spec.modelDataUrl },
            ExecutionRoleArn: spec.roleArn,
            Tags: toTags(spec.tags),
          }),
        ),
      () => this.exists('DescribeModel', () => this.client.send(new DescribeModelCommand({ ModelName: spec.name }))),
    );
  }

  /** Creates a one-variant endpoint config, or adopts the one of that name (`created: false`). */
  async createEndpointConfig(spec: EndpointConfigSpec): Promise<{ created: boolean }> {
    return this.createOrAdopt(
      'CreateEndpointConfig',
      () =>
        this.client.send(
          new CreateEndpointConfigCommand({
            EndpointConfigName: spec.name,
            ProductionVariants: [
              {
                VariantName: spec.variantName ?? 'AllTraffic',
                ModelName: spec.modelName,
                InstanceType: spec.instanceType as ProductionVariantInstanceType,
                InitialInstanceCount: spec.instanceCount,
                InitialVariantWeight: 1,
              },
            ],
            Tags: toTags(spec.tags),
          }),
        ),
      () => this.exists('DescribeEndpointConfig', () => this.client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: spec.name }))),
    );
  }

  /** @throws NotFoundError when no config has that name. */
  async describeEndpointConfig(name: string): Promise<EndpointConfigView> {
    try {
      const out = await this.client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: name }));
      return {
        name: out.EndpointConfigName ?? name,
        arn: out.EndpointConfigArn ?? '',
        createdAt: ms(out.CreationTime) ?? 0,
        variants: (out.ProductionVariants ?? []).map((v) =>
          defined({ name: v.VariantName ?? '', modelName: v.ModelName, instanceType: v.InstanceType, instanceCount: v.InitialInstanceCount, weight: v.InitialVariantWeight }),
        ),
      };
    } catch (error) {
      throw notFoundOr('DescribeEndpointConfig', `endpoint config ${name}`, error);
    }
  }

  /** @throws NotFoundError when no endpoint has that name. */
  async describeEndpoint(name: string): Promise<EndpointView> {
    let out: DescribeEndpointCommandOutput;
    try {
      out = await this.client.send(new DescribeEndpointCommand({ EndpointName: name }));
    } catch (error) {
      throw notFoundOr('DescribeEndpoint', `endpoint ${name}`, error);
    }
    return toEndpointView(out);
  }

  /** Every endpoint matching the filters, newest first, across all pages. */
  async listEndpoints(options: ListEndpointsOptions = {}): Promise<EndpointSummary[]> {
    const summaries: EndpointSummary[] = [];
    const seen = new Set<string>();
    let nextToken: string | undefined;
    do {
      try {
        const out = await this.client.send(
          new ListEndpointsCommand({
            SortBy: 'CreationTime',
            SortOrder: 'Descending',
            MaxResults: PAGE_SIZE,
            ...(options.status ? { StatusEquals: options.status } : {}),
            ...(options.nameContains ? { NameContains: options.nameContains } : {}),
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
        for (const e of out.Endpoints ?? []) {
          summaries.push({
            name: e.EndpointName ?? '',
            arn: e.EndpointArn ?? '',
            status: (e.EndpointStatus ?? 'Creating') as EndpointStatus,
            createdAt: ms(e.CreationTime) ?? 0,
            lastModifiedAt: ms(e.LastModifiedTime) ?? 0,
          });
        }
        nextToken = out.NextToken;
      } catch (error) {
        throw toAwsError('ListEndpoints', error);
      }
      // A token handed back twice would loop forever; stop instead.
      if (nextToken && seen.has(nextToken)) break;
      if (nextToken) seen.add(nextToken);
    } while (nextToken);
    return summaries;
  }

  /** Creates the endpoint, or adopts the one of that name (`created: false`). */
  async createEndpoint(spec: EndpointSpec): Promise<{ created: boolean }> {
    return this.createOrAdopt(
      'CreateEndpoint',
      () => this.client.send(new CreateEndpointCommand({ EndpointName: spec.name, EndpointConfigName: spec.configName, Tags: toTags(spec.tags) })),
      () => this.exists('DescribeEndpoint', () => this.client.send(new DescribeEndpointCommand({ EndpointName: spec.name }))),
    );
  }

  /**
   * Points the endpoint at a new config, blue/green with a canary and auto-rollback when
   * `blueGreen` is given. Not idempotent in AWS: see the class comment.
   * @throws NotFoundError when no endpoint has that name; a non-retryable AwsError
   *   (ValidationException) when it is not InService.
   */
  async updateEndpoint(spec: EndpointUpdateSpec): Promise<void> {
    try {
      await this.client.send(
        new UpdateEndpointCommand({
          EndpointName: spec.name,
          EndpointConfigName: spec.configName,
          ...(spec.blueGreen ? { DeploymentConfig: toDeploymentConfig(spec.blueGreen) } : {}),
        }),
      );
    } catch (error) {
      if (awsErrorCode(error) !== 'ValidationException') throw toAwsError('UpdateEndpoint', error);
      await this.describeEndpoint(spec.name);
      throw toAwsError('UpdateEndpoint', error);
    }
  }

  /**
   * Deletes an endpoint (the idle report's Delete button). Its config and model stay, so it
   * can be deployed again. Idempotent: an endpoint already gone is `{ deleted: false }`.
   */
  async deleteEndpoint(name: string): Promise<{ deleted: boolean }> {
    try {
      await this.client.send(new DeleteEndpointCommand({ EndpointName: name }));
      return { deleted: true };
    } catch (error) {
      if (awsErrorCode(error) !== 'ValidationException') throw toAwsError('DeleteEndpoint', error);
      const exists = await this.describeEndpoint(name).then(
        () => true,
        (describeError: unknown) => {
          if (describeError instanceof NotFoundError) return false;
          throw describeError;
        },
      );
      if (!exists) return { deleted: false };
      throw toAwsError('DeleteEndpoint', error);
    }
  }

  /**
   * Runs `create`; on a ValidationException, adopts the resource when `exists` confirms it
   * is there. The code and a Describe decide, never the message: "already existing" shares
   * the code with every other validation failure.
   */
  private async createOrAdopt(operation: string, create: () => Promise<unknown>, exists: () => Promise<boolean>): Promise<{ created: boolean }> {
    try {
      await create();
      return { created: true };
    } catch (error) {
      if (awsErrorCode(error) !== 'ValidationException') throw toAwsError(operation, error);
      if (await exists()) return { created: false };
      throw toAwsError(operation, error);
    }
  }

  /** True when the Describe succeeds, false when it answers ValidationException (not found). */
  private async exists(operation: string, describe: () => Promise<unknown>): Promise<boolean> {
    try {
      await describe();
      return true;
    } catch (error) {
      if (awsErrorCode(error) === 'ValidationException') return false;
      throw toAwsError(operation, error);
    }
  }
}

/**
 * The DeploymentConfig of a stage's blueGreen: a canary of `canary` of the capacity baked
 * for `bakeMs`, rolled back when any alarm fires. A canary that rounds to 0% or 100% is
 * not a canary: the traffic moves all at once, then bakes.
 */
export function toDeploymentConfig(plan: BlueGreenPlan): DeploymentConfig {
  const percent = Math.round(plan.canary * 100);
  const wait = Math.round(plan.bakeMs / 1000);
  return {
    BlueGreenUpdatePolicy: {
      TrafficRoutingConfiguration:
        percent >= 1 && percent <= 99
          ? { Type: 'CANARY', CanarySize: { Type: 'CAPACITY_PERCENT', Value: percent }, WaitIntervalInSeconds: wait }
          : { Type: 'ALL_AT_ONCE', WaitIntervalInSeconds: wait },
    },
    ...(plan.rollbackAlarms.length > 0 ? { AutoRollbackConfiguration: { Alarms: plan.rollbackAlarms.map((AlarmName) => ({ AlarmName })) } } : {}),
  };
}

/** SageMaker's Describe operations answer ValidationException for a missing resource (and a malformed name, which cannot name one either). */
function notFoundOr(operation: string, what: string, error: unknown): Error {
  if (awsErrorCode(error) === 'ValidationException') {
    return new NotFoundError(`${what} not found`, `No ${what}.`, { cause: error });
  }
  return toAwsError(operation, error);
}

function toTags(tags: Record<string, string> | undefined): { Key: string; Value: string }[] | undefined {
  return tags && Object.keys(tags).length > 0 ? Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) : undefined;
}

interface PackageSummaryFields {
  ModelPackageArn?: string | undefined;
  ModelPackageGroupName?: string | undefined;
  ModelPackageVersion?: number | undefined;
  ModelApprovalStatus?: string | undefined;
  CreationTime?: Date | undefined;
  ModelPackageDescription?: string | undefined;
}

function toPackageSummary(s: PackageSummaryFields): ModelPackageSummary {
  return defined<ModelPackageSummary>({
    arn: s.ModelPackageArn ?? '',
    group: s.ModelPackageGroupName ?? '',
    version: s.ModelPackageVersion ?? 0,
    approvalStatus: (s.ModelApprovalStatus ?? 'PendingManualApproval') as PackageApprovalStatus,
    createdAt: ms(s.CreationTime) ?? 0,
    description: s.ModelPackageDescription,
  });
}

/** CustomerMetadataProperties `metric:<name>` → numbers; values that are not numbers are left out. */
function metricsOf(properties: Record<string, string> | undefined): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const [key, value] of Object.entries(properties ?? {})) {
    if (!key.startsWith('metric:')) continue;
    const number = value.trim() === '' ? Number.NaN : Number(value);
    if (Number.isFinite(number)) metrics[key.slice('metric:'.length)] = number;
  }
  return metrics;
}

function toPackageView(out: DescribeModelPackageCommandOutput): ModelPackageView {
  const container = out.InferenceSpecification?.Containers?.[0];
  return defined<ModelPackageView>({
    ...toPackageSummary(out),
    image: container?.Image ?? '',
    imageDigest: container?.ImageDigest,
    modelDataUrl: container?.ModelDataUrl ?? '',
    generatedBy: out.MetadataProperties?.GeneratedBy,
    metrics: metricsOf(out.CustomerMetadataProperties),
    approvalDescription: out.ApprovalDescription,
    lastModifiedAt: ms(out.LastModifiedTime),
  });
}

function toEndpointView(out: DescribeEndpointCommandOutput): EndpointView {
  return defined<EndpointView>({
    name: out.EndpointName ?? '',
    arn: out.EndpointArn ?? '',
    status: (out.EndpointStatus ?? 'Creating') as EndpointStatus,
    configName: out.EndpointConfigName ?? '',
    pendingConfigName: out.PendingDeploymentSummary?.EndpointConfigName,
    failureReason: out.FailureReason,
    createdAt: ms(out.CreationTime) ?? 0,
    lastModifiedAt: ms(out.LastModifiedTime) ?? 0,
    variants: (out.ProductionVariants ?? []).map((v) =>
      defined({ name: v.VariantName ?? '', desiredInstances: v.DesiredInstanceCount, currentInstances: v.CurrentInstanceCount }),
    ),
  });
}
