import { AwsServiceError, type JsonObject } from '../protocol.ts';
import type { OperationContext } from '../registry.ts';
import { Violations } from '../validation.ts';
import { describeEndpointOutput, type EndpointRecord } from './describe-endpoint.ts';
import { endpointStateAt, planUpdate, rollbackAt, type DeployedConfig, type EndpointDurations, type EndpointUpdate } from './endpoint-lifecycle.ts';
import type { EndpointConfigRecord, EndpointConfigs } from './endpoint-configs.ts';
import type { Models } from './models.ts';
import { resourceArn } from './resources.ts';
import { NAME_PATTERN } from './validate-training-job.ts';
import { validateCreateEndpoint, validateUpdateEndpoint } from './validate-endpoint.ts';

export type { EndpointRecord } from './describe-endpoint.ts';

/** A pending "the next matching UpdateEndpoint rolls back" scenario. */
export interface EndpointRollbackScenario {
  /** Applies to the next update of the endpoint of this name; any endpoint when absent. */
  endpoint?: string;
  /** The alarm said to fire. @defaultValue the update's first rollback alarm, else `<endpoint>-5xx` */
  alarm?: string;
  /** @defaultValue "Alarm <alarm> went into ALARM state during deployment; rolled back." */
  reason?: string;
}

/** A pending "the next matching CreateEndpoint fails" scenario. */
export interface EndpointFailureScenario {
  /** Applies to the next endpoint created with this name; any endpoint when absent. */
  endpoint?: string;
  /** @defaultValue the failed ping health check SageMaker reports */
  reason?: string;
}

const DEFAULT_FAILURE_REASON =
  'The primary container for production variant AllTraffic did not pass the ping health check. Please check CloudWatch logs for this endpoint.';

const desiredInstances = (config: DeployedConfig): number =>
  config.variants.reduce((sum, v) => sum + (typeof v['InitialInstanceCount'] === 'number' ? v['InitialInstanceCount'] : 1), 0);

/** The endpoints of the emulated account, and the SageMaker operations on them. */
export class Endpoints {
  private readonly endpoints = new Map<string, EndpointRecord>();
  private rollbacks: EndpointRollbackScenario[] = [];
  private failures: EndpointFailureScenario[] = [];

  constructor(
    private readonly configs: EndpointConfigs,
    private readonly models: Models,
    private readonly durations: () => EndpointDurations,
  ) {}

  get records(): EndpointRecord[] {
    return [...this.endpoints.values()];
  }

  get pendingScenarios(): { rollbacks: readonly EndpointRollbackScenario[]; failures: readonly EndpointFailureScenario[] } {
    return { rollbacks: this.rollbacks, failures: this.failures };
  }

  rollbackNextUpdate(scenario: EndpointRollbackScenario): void {
    this.rollbacks.push(scenario);
  }

  failNext(scenario: EndpointFailureScenario): void {
    this.failures.push(scenario);
  }

  reset(): void {
    this.endpoints.clear();
    this.rollbacks = [];
    this.failures = [];
  }

  create(input: JsonObject, ctx: OperationContext): { EndpointArn: string } {
    const tags = validateCreateEndpoint(input);
    const name = input['EndpointName'] as string;
    const arn = resourceArn(ctx, 'endpoint', name);
    if (this.endpoints.has(name.toLowerCase())) throw new AwsServiceError('ValidationException', `Cannot create already existing endpoint "${arn}".`);
    const initial = this.deploy(this.configs.find(input, ctx), ctx);
    const record: EndpointRecord = { name, arn, tags, createdAt: ctx.now, initial, createdBy: ctx.now + this.durations().creating };
    const failure = take(this.failures, name);
    if (failure) record.creationFailure = failure.reason ?? DEFAULT_FAILURE_REASON;
    this.endpoints.set(name.toLowerCase(), record);
    return { EndpointArn: arn };
  }

  describe(input: JsonObject, ctx: OperationContext): JsonObject {
    return describeEndpointOutput(this.find(input), ctx.now);
  }

  update(input: JsonObject, ctx: OperationContext): { EndpointArn: string } {
    validateUpdateEndpoint(input);
    const endpoint = this.find(input);
    const state = endpointStateAt(endpoint, ctx.now);
    // SageMaker refuses updates until the endpoint is InService again (Failed ones included).
    if (state.status !== 'InService') throw new AwsServiceError('ValidationException', `Cannot update in-progress endpoint "${endpoint.arn}".`);
    const to = this.deploy(this.configs.find(input, ctx), ctx);
    let deploymentConfig = input['DeploymentConfig'] as JsonObject | undefined;
    if (!deploymentConfig && input['RetainDeploymentConfig'] === true) deploymentConfig = endpoint.update?.deploymentConfig;
    const plan = planUpdate(ctx.now, deploymentConfig, desiredInstances(to), this.durations());
    const update: EndpointUpdate = { requestedAt: ctx.now, from: state.config, to, ...plan };
    if (deploymentConfig) update.deploymentConfig = deploymentConfig;
    const scenario = take(this.rollbacks, endpoint.name);
    if (scenario) {
      const alarms = ((deploymentConfig?.['AutoRollbackConfiguration'] as JsonObject | undefined)?.['Alarms'] as JsonObject[] | undefined) ?? [];
      const alarm = scenario.alarm ?? (typeof alarms[0]?.['AlarmName'] === 'string' ? alarms[0]['AlarmName'] : `${endpoint.name}-5xx`);
      const at = rollbackAt(plan.phases, ctx.now, plan.endsAt);
      update.rollback = { at, endsAt: at + this.durations().rollingBack, reason: scenario.reason ?? `Alarm ${alarm} went into ALARM state during deployment; rolled back.` };
    }
    endpoint.update = update;
    return { EndpointArn: endpoint.arn };
  }

  /** Deletes at once: the Deleting state is not emulated. */
  delete(input: JsonObject): Record<string, never> {
    const endpoint = this.find(input);
    this.endpoints.delete(endpoint.name.toLowerCase());
    return {};
  }

  /** The endpoint named by EndpointName, or SageMaker's ValidationException for a missing one. */
  private find(input: JsonObject): EndpointRecord {
    const v = new Violations();
    v.string('endpointName', input['EndpointName'], { required: true, pattern: NAME_PATTERN });
    v.throwIfAny();
    const name = input['EndpointName'] as string;
    const endpoint = this.endpoints.get(name.toLowerCase());
    if (!endpoint) throw new AwsServiceError('ValidationException', `Could not find endpoint "${name}".`);
    return endpoint;
  }

  /** Resolves a config's models to their images, as SageMaker does when it deploys. */
  private deploy(config: EndpointConfigRecord, ctx: OperationContext): DeployedConfig {
    const images: Record<string, string> = {};
    for (const variant of config.variants) {
      const modelName = String(variant['ModelName']);
      if (!this.models.get(modelName)) throw new AwsServiceError('ValidationException', `Could not find model "${resourceArn(ctx, 'model', modelName)}".`);
      const image = this.models.imageOf(modelName);
      if (image !== undefined) images[String(variant['VariantName'])] = image;
    }
    return { name: config.name, variants: config.variants.map((v) => ({ ...v })), images, deployedAt: ctx.now };
  }
}

function take<T extends { endpoint?: string }>(scenarios: T[], name: string): T | undefined {
  const index = scenarios.findIndex((s) => s.endpoint === undefined || s.endpoint.toLowerCase() === name.toLowerCase());
  return index < 0 ? undefined : scenarios.splice(index, 1)[0];
}
