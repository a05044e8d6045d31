import { AWS_JSON_1_1, AwsServiceError, type JsonObject } from '../protocol.ts';
import type { EmulatedService, OperationContext, OperationHandler } from '../registry.ts';
import { Violations } from '../validation.ts';
import { listTrainingJobs } from './list-training-jobs.ts';
import { DEFAULT_TRAINING_DURATIONS, type TrainingDurations } from './training-lifecycle.ts';
import { describeOutput, TrainingJobs } from './training-jobs.ts';

export { DEFAULT_TRAINING_DURATIONS, type TrainingDurations } from './training-lifecycle.ts';
export type { TrainingFailureScenario, TrainingJobRecord } from './training-jobs.ts';

/**
 * SageMaker (`X-Amz-Target: SageMaker.<Op>`, AWS JSON 1.1). Endpoints, models and model
 * packages go next to training-jobs.ts, each registering its operations below.
 */
export class SageMakerService implements EmulatedService {
  readonly name = 'sagemaker';
  readonly targetPrefix = 'SageMaker';
  readonly protocol = AWS_JSON_1_1;
  readonly training: TrainingJobs;
  readonly operations: Readonly<Record<string, OperationHandler>>;
  private durations: TrainingDurations;

  constructor(
    private readonly clock: { now(): number },
    durations: Partial<TrainingDurations> = {},
  ) {
    this.durations = { ...DEFAULT_TRAINING_DURATIONS, ...durations };
    this.training = new TrainingJobs(() => this.durations);
    this.operations = {
      CreateTrainingJob: (input, ctx) => this.training.create(input, ctx),
      DescribeTrainingJob: (input, ctx) => this.training.describe(input, ctx),
      ListTrainingJobs: (input, ctx) => listTrainingJobs(this.training.records, input, ctx.now),
      StopTrainingJob: (input, ctx) => this.training.stop(input, ctx),
      ListTags: (input, ctx) => this.listTags(input, ctx),
    };
  }

  /** DescribeTrainingJob outputs of every job as of now (timestamps in epoch seconds), for assertions. */
  get trainingJobs(): JsonObject[] {
    const now = this.clock.now();
    return this.training.records.map((job) => describeOutput(job, now));
  }

  /** Changes the phase durations of jobs created from now on. */
  setTrainingDurations(durations: Partial<TrainingDurations>): void {
    this.durations = { ...this.durations, ...durations };
  }

  snapshot(now: number): unknown {
    return {
      trainingJobs: this.training.records.map((job) => ({ ...describeOutput(job, now), Tags: job.tags })),
      pendingTrainingFailures: this.training.pendingFailures,
    };
  }

  reset(): void {
    this.training.reset();
  }

  private listTags(input: JsonObject, _ctx: OperationContext): JsonObject {
    const v = new Violations();
    v.string('resourceArn', input['ResourceArn'], { required: true, maxLength: 256 });
    v.throwIfAny();
    const job = this.training.records.find((record) => record.arn === input['ResourceArn']);
    if (!job) throw new AwsServiceError('ValidationException', 'Requested resource not found.');
    return { Tags: job.tags.map((tag) => ({ ...tag })) };
  }
}
