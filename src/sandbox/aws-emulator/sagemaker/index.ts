import { AWS_JSON_1_1, AwsServiceError, type JsonObject } from '../protocol.ts';
import type { EmulatedService, OperationContext, OperationHandler } from '../registry.ts';
import { Violations } from '../validation.ts';
import { describeEndpointOutput } from './describe-endpoint.ts';
import { describeEndpointConfigOutput, EndpointConfigs } from './endpoint-configs.ts';
import { DEFAULT_ENDPOINT_DURATIONS, type EndpointDurations } from './endpoint-lifecycle.ts';
import { Endpoints } from './endpoints.ts';
import { listEndpoints } from './list-endpoints.ts';
import { listModelPackageGroups, listModelPackages } from './list-model-packages.ts';
import { listTrainingJobs } from './list-training-jobs.ts';
import { describeModelPackageOutput, ModelPackages } from './model-packages.ts';
import { describeModelOutput, Models } from './models.ts';
import { MonitoringSchedules } from './monitoring.ts';
import { DEFAULT_TRAINING_DURATIONS, type TrainingDurations } from './training-lifecycle.ts';
import { describeOutput, TrainingJobs, type Tag } from './training-jobs.ts';

export { DEFAULT_TRAINING_DURATIONS, type TrainingDurations } from './training-lifecycle.ts';
export type { TrainingFailureScenario, TrainingJobRecord } from './training-jobs.ts';
export { DEFAULT_ENDPOINT_DURATIONS, type EndpointDurations } from './endpoint-lifecycle.ts';
export type { EndpointFailureScenario, EndpointRollbackScenario } from './endpoints.ts';
export {
  DEFAULT_DRIFT_METRIC_NAMES,
  DRIFT_BASELINE,
  MonitoringSchedules,
  type DriftMetricNames,
  type MonitoringScheduleSpec,
  type MonitoringType,
} from './monitoring.ts';
export {
  DEFAULT_SEED_IMAGE,
  seedModelRegistry,
  type SeedModelRegistryInput,
  type SeedModelRegistryResult,
  type SeedModelVersion,
  type SeedTarget,
} from './seed-model-registry.ts';

/**
 * SageMaker (`X-Amz-Target: SageMaker.<Op>`, AWS JSON 1.1): training jobs, the model
 * registry, models, endpoint configs and endpoints, each in its own file registering its
 * operations below.
 */
export class SageMakerService implements EmulatedService {
  readonly name = 'sagemaker';
  readonly targetPrefix = 'SageMaker';
  readonly protocol = AWS_JSON_1_1;
  readonly training: TrainingJobs;
  readonly modelRegistry = new ModelPackages();
  readonly modelStore = new Models();
  readonly configStore: EndpointConfigs;
  readonly endpointStore: Endpoints;
  readonly monitoring = new MonitoringSchedules();
  readonly operations: Readonly<Record<string, OperationHandler>>;
  private durations: TrainingDurations;
  private endpointDurations: EndpointDurations;

  constructor(
    private readonly clock: { now(): number },
    durations: Partial<TrainingDurations> = {},
    endpointDurations: Partial<EndpointDurations> = {},
  ) {
    this.durations = { ...DEFAULT_TRAINING_DURATIONS, ...durations };
    this.endpointDurations = { ...DEFAULT_ENDPOINT_DURATIONS, ...endpointDurations };
    this.training = new TrainingJobs(() => this.durations);
    this.configStore = new EndpointConfigs(this.modelStore);
    this.endpointStore = new Endpoints(this.configStore, this.modelStore, () => this.endpointDurations);
    const registry = this.modelRegistry;
    this.operations = {
      CreateTrainingJob: (input, ctx) => this.training.create(input, ctx),
      DescribeTrainingJob: (input, ctx) => this.training.describe(input, ctx),
      ListTrainingJobs: (input, ctx) => listTrainingJobs(this.training.records, input, ctx.now),
      StopTrainingJob: (input, ctx) => this.training.stop(input, ctx),
      ListTags: (input, ctx) => this.listTags(input, ctx),
      CreateModelPackageGroup: (input, ctx) => registry.createGroup(input, ctx),
      ListModelPackageGroups: (input) => listModelPackageGroups(registry, input),
      CreateModelPackage: (input, ctx) => registry.create(input, ctx),
      ListModelPackages: (input) => listModelPackages(registry, input),
      DescribeModelPackage: (input, ctx) => registry.describe(input, ctx),
      UpdateModelPackage: (input, ctx) => registry.update(input, ctx),
      CreateModel: (input, ctx) => this.modelStore.create(input, ctx),
      DescribeModel: (input, ctx) => this.modelStore.describe(input, ctx),
      DeleteModel: (input, ctx) => this.modelStore.delete(input, ctx),
      CreateEndpointConfig: (input, ctx) => this.configStore.create(input, ctx),
      DescribeEndpointConfig: (input, ctx) => this.configStore.describe(input, ctx),
      DeleteEndpointConfig: (input, ctx) => this.configStore.delete(input, ctx),
      ListEndpointConfigs: (input) => this.configStore.list(input),
      CreateEndpoint: (input, ctx) => this.endpointStore.create(input, ctx),
      DescribeEndpoint: (input, ctx) => this.endpointStore.describe(input, ctx),
      ListEndpoints: (input, ctx) => listEndpoints(this.endpointStore.records, input, ctx.now),
      UpdateEndpoint: (input, ctx) => this.endpointStore.update(input, ctx),
      DeleteEndpoint: (input) => this.endpointStore.delete(input),
      ListMonitoringSchedules: (input, ctx) => this.monitoring.listSchedules(input, ctx.now),
      DescribeMonitoringSchedule: (input, ctx) => this.monitoring.describeSchedule(input, ctx),
      ListMonitoringExecutions: (input, ctx) => this.monitoring.listExecutions(input, ctx.now),
    };
  }

  /** DescribeTrainingJob outputs of every job as of now (timestamps in epoch seconds), for assertions. */
  get trainingJobs(): JsonObject[] {
    const now = this.clock.now();
    return this.training.records.map((job) => describeOutput(job, now));
  }

  /** DescribeEndpoint outputs of every endpoint as of now, for assertions. */
  get endpoints(): JsonObject[] {
    const now = this.clock.now();
    return this.endpointStore.records.map((endpoint) => describeEndpointOutput(endpoint, now));
  }

  /** DescribeEndpointConfig outputs of every endpoint config. */
  get endpointConfigs(): JsonObject[] {
    return this.configStore.records.map(describeEndpointConfigOutput);
  }

  /** DescribeModel outputs of every model. */
  get models(): JsonObject[] {
    return this.modelStore.records.map(describeModelOutput);
  }

  /** DescribeModelPackage outputs of every package version, in creation order. */
  get modelPackages(): JsonObject[] {
    return this.modelRegistry.records.map(describeModelPackageOutput);
  }

  /** Changes the phase durations of jobs created from now on. */
  setTrainingDurations(durations: Partial<TrainingDurations>): void {
    this.durations = { ...this.durations, ...durations };
  }

  /** Changes how long endpoint creations, updates and rollbacks requested from now on take. */
  setEndpointDurations(durations: Partial<EndpointDurations>): void {
    this.endpointDurations = { ...this.endpointDurations, ...durations };
  }

  snapshot(now: number): unknown {
    return {
      trainingJobs: this.training.records.map((job) => ({ ...describeOutput(job, now), Tags: job.tags })),
      pendingTrainingFailures: this.training.pendingFailures,
      modelPackageGroups: this.modelRegistry.groupRecords.map((g) => ({ name: g.name, arn: g.arn, versions: g.versions })),
      modelPackages: this.modelPackages,
      models: this.models,
      endpointConfigs: this.endpointConfigs,
      endpoints: this.endpointStore.records.map((endpoint) => ({ ...describeEndpointOutput(endpoint, now), Tags: endpoint.tags })),
      pendingEndpointScenarios: this.endpointStore.pendingScenarios,
      monitoring: this.monitoring.snapshot(now),
    };
  }

  reset(): void {
    this.training.reset();
    this.modelRegistry.reset();
    this.modelStore.reset();
    this.configStore.reset();
    this.endpointStore.reset();
    this.monitoring.reset();
  }

  private listTags(input: JsonObject, _ctx: OperationContext): JsonObject {
    const v = new Violations();
    v.string('resourceArn', input['ResourceArn'], { required: true, maxLength: 256 });
    v.throwIfAny();
    const arn = String(input['ResourceArn']);
    const tags = this.tagsOf(arn);
    if (!tags) throw new AwsServiceError('ValidationException', 'Requested resource not found.');
    return { Tags: tags.map((tag) => ({ ...tag })) };
  }

  private tagsOf(arn: string): Tag[] | undefined {
    const lower = arn.toLowerCase();
    const withArn = [...this.training.records, ...this.modelStore.records, ...this.configStore.records, ...this.endpointStore.records].find(
      (record) => record.arn === arn || record.arn === lower,
    );
    return withArn?.tags ?? this.modelRegistry.tagsOf(arn);
  }
}
