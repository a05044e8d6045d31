import { AwsServiceError, toEpochSeconds, type JsonObject, type JsonValue } from '../protocol.ts';
import type { OperationContext } from '../registry.ts';
import { Violations } from '../validation.ts';
import { DEFAULT_METRIC_NAMES } from './training-metrics.ts';
import { trainingStateAt, type TrainingDurations, type TrainingPhase, type TrainingTimeline } from './training-lifecycle.ts';
import { NAME_PATTERN, validateCreateTrainingJob } from './validate-training-job.ts';

export interface Tag {
  Key: string;
  Value: string;
}

/** A training job as the emulator stores it: the request as received, plus what happened to it. */
export interface TrainingJobRecord extends TrainingTimeline {
  arn: string;
  /** The CreateTrainingJob request, without its tags. */
  request: JsonObject;
  tags: Tag[];
}

/** A pending "make the next matching job fail" scenario. */
export interface TrainingFailureScenario {
  /** Applies to the next job whose name contains this; any job when absent. */
  nameContains?: string;
  /** @defaultValue "AlgorithmError: ExecuteUserScriptError: … exit code 1" */
  reason?: string;
  /** The phase during which the job fails (halfway through it). @defaultValue 'Training' */
  at?: TrainingPhase;
}

const DEFAULT_FAILURE_REASON =
  'AlgorithmError: ExecuteUserScriptError:\nExitCode 1\nErrorMessage "ValueError: Input contains NaN, infinity or a value too large for dtype(\'float32\')."';

const NOT_FOUND = 'Requested resource not found.';

/** The training jobs of the emulated account, and the SageMaker operations on them. */
export class TrainingJobs {
  private readonly jobs = new Map<string, TrainingJobRecord>();
  private failures: TrainingFailureScenario[] = [];

  constructor(private readonly durations: () => TrainingDurations) {}

  get records(): TrainingJobRecord[] {
    return [...this.jobs.values()];
  }

  get(name: string): TrainingJobRecord | undefined {
    return this.jobs.get(name);
  }

  failNext(scenario: TrainingFailureScenario): void {
    this.failures.push(scenario);
  }

  get pendingFailures(): readonly TrainingFailureScenario[] {
    return this.failures;
  }

  reset(): void {
    this.jobs.clear();
    this.failures = [];
  }

  create(input: JsonObject, ctx: OperationContext): { TrainingJobArn: string } {
    validateCreateTrainingJob(input);
    const name = input['TrainingJobName'] as string;
    const existing = this.jobs.get(name);
    if (existing) {
      throw new AwsServiceError(
        'ResourceInUse',
        `Training job names must be unique within an AWS account and region, and a training job with this name already exists (${existing.arn})`,
      );
    }
    const { Tags, ...request } = input;
    const algorithm = request['AlgorithmSpecification'] as JsonObject;
    const definitions = (algorithm['MetricDefinitions'] as JsonObject[] | undefined) ?? [];
    const maxRuntime = (request['StoppingCondition'] as JsonObject)['MaxRuntimeInSeconds'];
    const record: TrainingJobRecord = {
      name,
      arn: `arn:aws:sagemaker:${ctx.region}:${ctx.accountId}:training-job/${name.toLowerCase()}`,
      request,
      tags: ((Tags as Tag[] | undefined) ?? []).map(({ Key, Value }) => ({ Key, Value })),
      createdAt: ctx.now,
      durations: { ...this.durations() },
      metricNames: definitions.length > 0 ? definitions.map((d) => String(d['Name'])) : [...DEFAULT_METRIC_NAMES],
    };
    if (typeof maxRuntime === 'number') record.maxRuntimeMs = maxRuntime * 1000;
    const scenario = this.takeFailure(name);
    if (scenario) record.failure = { reason: scenario.reason ?? DEFAULT_FAILURE_REASON, at: scenario.at ?? 'Training' };
    this.jobs.set(name, record);
    return { TrainingJobArn: record.arn };
  }

  describe(input: JsonObject, ctx: OperationContext): JsonObject {
    return describeOutput(this.find(input), ctx.now);
  }

  stop(input: JsonObject, ctx: OperationContext): Record<string, never> {
    const job = this.find(input);
    const state = trainingStateAt(job, ctx.now);
    if (state.status !== 'InProgress') {
      throw new AwsServiceError('ValidationException', `The request was rejected because the training job is in status ${state.status}.`);
    }
    job.stopRequestedAt = ctx.now;
    return {};
  }

  private find(input: JsonObject): TrainingJobRecord {
    const v = new Violations();
    v.string('trainingJobName', input['TrainingJobName'], { required: true, pattern: NAME_PATTERN });
    v.throwIfAny();
    const job = this.jobs.get(input['TrainingJobName'] as string);
    if (!job) throw new AwsServiceError('ValidationException', NOT_FOUND);
    return job;
  }

  private takeFailure(name: string): TrainingFailureScenario | undefined {
    const index = this.failures.findIndex((f) => f.nameContains === undefined || name.includes(f.nameContains));
    if (index < 0) return undefined;
    return this.failures.splice(index, 1)[0];
  }
}

/** DescribeTrainingJob's output for a job as of `now`; timestamps are epoch seconds. */
export function describeOutput(job: TrainingJobRecord, now: number): JsonObject {
  const state = trainingStateAt(job, now);
  const out: JsonObject = {
    TrainingJobName: job.name,
    TrainingJobArn: job.arn,
    TrainingJobStatus: state.status,
    SecondaryStatus: state.secondaryStatus,
    HyperParameters: (job.request['HyperParameters'] as JsonValue | undefined) ?? {},
    AlgorithmSpecification: job.request['AlgorithmSpecification'] ?? null,
    RoleArn: job.request['RoleArn'] ?? null,
    OutputDataConfig: job.request['OutputDataConfig'] ?? null,
    ResourceConfig: job.request['ResourceConfig'] ?? null,
    StoppingCondition: job.request['StoppingCondition'] ?? null,
    CreationTime: toEpochSeconds(job.createdAt),
    LastModifiedTime: toEpochSeconds(state.lastModifiedAt),
    SecondaryStatusTransitions: state.transitions.map((t) => ({
      Status: t.status,
      StartTime: toEpochSeconds(t.start),
      ...(t.end !== undefined ? { EndTime: toEpochSeconds(t.end) } : {}),
      StatusMessage: t.message,
    })),
    FinalMetricDataList: state.metrics.map((m) => ({ MetricName: m.name, Value: m.value, Timestamp: toEpochSeconds(m.timestamp) })),
    EnableNetworkIsolation: job.request['EnableNetworkIsolation'] ?? false,
    EnableInterContainerTrafficEncryption: job.request['EnableInterContainerTrafficEncryption'] ?? false,
    EnableManagedSpotTraining: job.request['EnableManagedSpotTraining'] ?? false,
  };
  for (const key of ['InputDataConfig', 'VpcConfig', 'CheckpointConfig', 'Environment', 'RetryStrategy', 'ExperimentConfig'] as const) {
    const value = job.request[key];
    if (value !== undefined) out[key] = value;
  }
  if (state.startedAt !== undefined) out['TrainingStartTime'] = toEpochSeconds(state.startedAt);
  if (state.endedAt !== undefined) out['TrainingEndTime'] = toEpochSeconds(state.endedAt);
  if (state.failureReason !== undefined) out['FailureReason'] = state.failureReason;
  if (state.trainingSeconds !== undefined) {
    out['TrainingTimeInSeconds'] = state.trainingSeconds;
    out['BillableTimeInSeconds'] = state.trainingSeconds;
  }
  if (state.completed) {
    const outputPath = String((job.request['OutputDataConfig'] as JsonObject)['S3OutputPath']).replace(/\/+$/, '');
    out['ModelArtifacts'] = { S3ModelArtifacts: `${outputPath}/${job.name}/output/model.tar.gz` };
  }
  return out;
}
