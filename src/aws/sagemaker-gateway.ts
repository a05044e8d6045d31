import {
  CreateTrainingJobCommand,
  DescribeTrainingJobCommand,
  ListTrainingJobsCommand,
  ResourceInUse,
  StopTrainingJobCommand,
  type DescribeTrainingJobCommandOutput,
  type SageMakerClient,
  type TrainingInstanceType,
  type TrainingJobSummary as SdkTrainingJobSummary,
} from '@aws-sdk/client-sagemaker';
import type { TrainingJobSpec, TrainingJobSummary, TrainingJobView, TrainingStatus } from '../domain/training.ts';
import { AwsError, NotFoundError } from '../errors.ts';
import { awsErrorCode, toAwsError } from './errors.ts';

/** ListTrainingJobs returns at most this many per page. */
const PAGE_SIZE = 100;

export interface ListTrainingJobsOptions {
  status?: TrainingStatus;
  /** Case-insensitive substring of the job name. */
  nameContains?: string;
  /** @defaultValue 20 */
  limit?: number;
  /** Only jobs created strictly after this epoch ms. */
  createdAfter?: number;
}

/**
 * SageMaker training jobs in the bot's words (src/domain/training.ts). Every SDK error
 * leaves as an AwsError (retryable or not) or a NotFoundError; nothing from the SDK leaks.
 */
export class SageMakerGateway {
  constructor(private readonly client: SageMakerClient) {}

  /**
   * Creates the job. Idempotent by name: when a job of that name already exists
   * (`ResourceInUse`), it is adopted and `created` is false — a retried BullMQ job lands here
   * after a worker died between CreateTrainingJob and recording its outcome.
   */
  async createTrainingJob(spec: TrainingJobSpec): Promise<{ arn: string; created: boolean }> {
    try {
      const out = await this.client.send(new CreateTrainingJobCommand(toCreateInput(spec)));
      return { arn: out.TrainingJobArn ?? '', created: true };
    } catch (error) {
      if (!(error instanceof ResourceInUse)) throw toAwsError('CreateTrainingJob', error);
    }
    const existing = await this.describeTrainingJob(spec.name);
    return { arn: existing.arn, created: false };
  }

  /** @throws NotFoundError when no job has that name. */
  async describeTrainingJob(name: string): Promise<TrainingJobView> {
    let out: DescribeTrainingJobCommandOutput;
    try {
      out = await this.client.send(new DescribeTrainingJobCommand({ TrainingJobName: name }));
    } catch (error) {
      throw notFoundOr('DescribeTrainingJob', name, error);
    }
    return toView(out);
  }

  /** Newest first, following pages until `limit` jobs are found. */
  async listTrainingJobs(options: ListTrainingJobsOptions = {}): Promise<TrainingJobSummary[]> {
    const limit = options.limit ?? 20;
    const summaries: TrainingJobSummary[] = [];
    let nextToken: string | undefined;
    do {
      try {
        const out = await this.client.send(
          new ListTrainingJobsCommand({
            SortBy: 'CreationTime',
            SortOrder: 'Descending',
            MaxResults: Math.min(PAGE_SIZE, limit - summaries.length),
            ...(options.status ? { StatusEquals: options.status } : {}),
            ...(options.nameContains ? { NameContains: options.nameContains } : {}),
            ...(options.createdAfter !== undefined ? { CreationTimeAfter: new Date(options.createdAfter) } : {}),
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
        );
        summaries.push(...(out.TrainingJobSummaries ?? []).map(toSummary));
        nextToken = out.NextToken;
      } catch (error) {
        throw toAwsError('ListTrainingJobs', error);
      }
    } while (nextToken && summaries.length < limit);
    return summaries.slice(0, limit);
  }

  /**
   * Asks SageMaker to stop the job. A job already Stopping or Stopped is a no-op, so a
   * retried stop succeeds; a job that already Completed or Failed cannot be stopped and
   * gives a non-retryable AwsError (`ValidationException`) that says so.
   * @throws NotFoundError when no job has that name.
   */
  async stopTrainingJob(name: string): Promise<void> {
    try {
      await this.client.send(new StopTrainingJobCommand({ TrainingJobName: name }));
      return;
    } catch (error) {
      if (awsErrorCode(error) !== 'ValidationException') throw toAwsError('StopTrainingJob', error);
      // SageMaker answers ValidationException both for "no such job" and "not running";
      // the job's status tells which, without reading the message.
      const view = await this.describeTrainingJob(name);
      if (view.status === 'Stopping' || view.status === 'Stopped') return;
      if (view.status === 'Completed' || view.status === 'Failed') {
        throw new AwsError('StopTrainingJob', 'ValidationException', `training job ${name} has already ${view.status.toLowerCase()}; there is nothing to stop`, false, { cause: error });
      }
      throw toAwsError('StopTrainingJob', error);
    }
  }
}

/** DescribeTrainingJob's "Requested resource not found." is a ValidationException; the status of a Describe decides. */
function notFoundOr(operation: string, name: string, error: unknown): Error {
  const code = awsErrorCode(error);
  if (code === 'ResourceNotFound' || code === 'ValidationException') {
    // Describe's only ValidationExceptions are "not found" and a malformed name, which
    // cannot name an existing job either: both read the same to the user.
    return new NotFoundError(`training job ${name} not found`, `No training job named ${name}.`, { cause: error });
  }
  return toAwsError(operation, error);
}

function toCreateInput(spec: TrainingJobSpec) {
  return {
    TrainingJobName: spec.name,
    RoleArn: spec.roleArn,
    AlgorithmSpecification: {
      TrainingImage: spec.image,
      TrainingInputMode: 'File' as const,
      ...(spec.metricDefinitions.length > 0 ? { MetricDefinitions: spec.metricDefinitions.map((m) => ({ Name: m.name, Regex: m.regex })) } : {}),
    },
    HyperParameters: spec.hyperparameters,
    InputDataConfig: Object.entries(spec.inputs).map(([channel, uri]) => ({
      ChannelName: channel,
      DataSource: { S3DataSource: { S3DataType: 'S3Prefix' as const, S3Uri: uri, S3DataDistributionType: 'FullyReplicated' as const } },
    })),
    OutputDataConfig: { S3OutputPath: spec.output },
    ResourceConfig: { InstanceType: spec.instanceType as TrainingInstanceType, InstanceCount: spec.instanceCount, VolumeSizeInGB: spec.volumeSizeGb },
    StoppingCondition: { MaxRuntimeInSeconds: spec.maxRuntimeSeconds },
    Tags: Object.entries(spec.tags).map(([Key, Value]) => ({ Key, Value })),
  };
}

export const ms = (date: Date | undefined): number | undefined => (date ? date.getTime() : undefined);

/** Copies only the defined optional fields, so views compare cleanly in tests and logs. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function toView(out: DescribeTrainingJobCommandOutput): TrainingJobView {
  return defined<TrainingJobView>({
    name: out.TrainingJobName ?? '',
    arn: out.TrainingJobArn ?? '',
    status: (out.TrainingJobStatus ?? 'InProgress') as TrainingStatus,
    secondaryStatus: out.SecondaryStatus ?? 'Starting',
    failureReason: out.FailureReason,
    createdAt: ms(out.CreationTime) ?? 0,
    startedAt: ms(out.TrainingStartTime),
    endedAt: ms(out.TrainingEndTime),
    lastModifiedAt: ms(out.LastModifiedTime),
    billableSeconds: out.BillableTimeInSeconds,
    instanceType: out.ResourceConfig?.InstanceType ?? '',
    instanceCount: out.ResourceConfig?.InstanceCount ?? 0,
    hyperparameters: out.HyperParameters ?? {},
    metrics: (out.FinalMetricDataList ?? []).map((m) => defined({ name: m.MetricName ?? '', value: m.Value ?? Number.NaN, timestamp: ms(m.Timestamp) })),
    modelArtifacts: out.ModelArtifacts?.S3ModelArtifacts,
    transitions: (out.SecondaryStatusTransitions ?? []).map((t) =>
      defined({ status: t.Status ?? '', startTime: ms(t.StartTime) ?? 0, endTime: ms(t.EndTime), message: t.StatusMessage }),
    ),
  });
}

function toSummary(s: SdkTrainingJobSummary): TrainingJobSummary {
  return defined<TrainingJobSummary>({
    name: s.TrainingJobName ?? '',
    arn: s.TrainingJobArn ?? '',
    status: (s.TrainingJobStatus ?? 'InProgress') as TrainingStatus,
    secondaryStatus: s.SecondaryStatus,
    createdAt: ms(s.CreationTime) ?? 0,
    endedAt: ms(s.TrainingEndTime),
  });
}
