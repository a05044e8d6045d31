import type { StageConfig } from '../config.ts';
import type { BlueGreenPlan, DeployPlan } from './deployment.ts';
import { hashId, requestJobId, SAGEMAKER_NAME, SAGEMAKER_NAME_MAX } from './naming.ts';

/*
 * What one deploy creates and changes, derived only from its arguments (DESIGN.md,
 * "At-least-once, applied once"): a retried deploy job derives the same model and
 * endpoint-config names, finds them already created, and does not start a second update.
 * Pure: hashing is not I/O.
 */

/**
 * The id of an approval request, which is also the id of its deploy job (issue 3, rule 6:
 * "the deploy job id is the request id"). It is `requestJobId('deploy', triggerId)`, so a
 * staging deploy (no approval) and a gated one name their jobs the same way, and a Slack
 * retry of the same `/sm deploy` maps to the same request.
 */
export function approvalRequestId(triggerId: string): string {
  return requestJobId('deploy', triggerId);
}

/** The endpoint a stage deploys `group` to: the stage's template with `{group}` replaced. */
export function endpointNameFor(template: string, group: string): string {
  return template.replaceAll('{group}', group);
}

/** True when SageMaker accepts `name` for a model, endpoint config or endpoint. */
export function isValidResourceName(name: string): boolean {
  return SAGEMAKER_NAME.test(name);
}

/** True when deploying to this stage needs an approval request. */
export function approvalRequired(stage: Pick<StageConfig, 'approval'>): boolean {
  return stage.approval !== undefined;
}

const HASH_LENGTH = 10;

/** `<group>-v<version>-<10 base32 chars>`, cutting the group so the whole stays ≤ 63 and valid. */
function derivedName(kind: string, requestId: string, group: string, version: number): string {
  const tail = `-v${version}-${hashId(`${kind}\n${requestId}`, HASH_LENGTH)}`;
  // A valid group starts with a letter or digit; cutting may leave trailing hyphens.
  const head = group.slice(0, SAGEMAKER_NAME_MAX - tail.length).replace(/-+$/, '');
  return `${head}${tail}`;
}

/**
 * The SageMaker model and endpoint-config names of one deploy, from its request id: the same
 * request always yields the same names, two requests never share them (50 bits of hash each).
 */
export function deployResourceNames(requestId: string, group: string, version: number): { modelName: string; endpointConfigName: string } {
  return {
    modelName: derivedName('model', requestId, group, version),
    endpointConfigName: derivedName('endpoint-config', requestId, group, version),
  };
}

/** The stage's blue/green settings with `{endpoint}` (and `{group}`) replaced in alarm names. */
export function blueGreenPlan(stage: Pick<StageConfig, 'blueGreen'>, endpoint: string, group: string): BlueGreenPlan | undefined {
  const blueGreen = stage.blueGreen;
  if (!blueGreen) return undefined;
  return {
    canary: blueGreen.canary,
    bakeMs: blueGreen.bake,
    rollbackAlarms: blueGreen.rollbackAlarms.map((alarm) => alarm.replaceAll('{endpoint}', endpoint).replaceAll('{group}', group)),
  };
}

export interface DeployPlanInput {
  requestId: string;
  group: string;
  version: number;
  packageArn: string;
  stageName: string;
  stage: StageConfig;
}

/**
 * The plan of one deploy. The `/sm deploy` grammar has already refused a group whose
 * endpoint name would be invalid, so an invalid name here is a bug or a bad payload.
 * @throws RangeError when the endpoint name, model name or version is not valid.
 */
export function buildDeployPlan(input: DeployPlanInput): DeployPlan {
  const { requestId, group, version, packageArn, stageName, stage } = input;
  if (!Number.isSafeInteger(version) || version < 1) throw new RangeError(`model package version must be a positive integer, got ${version}`);
  if (!isValidResourceName(group)) throw new RangeError(`not a model package group name: ${JSON.stringify(group)}`);
  const endpoint = endpointNameFor(stage.endpoint, group);
  if (!isValidResourceName(endpoint)) {
    throw new RangeError(`stage ${stageName} names the endpoint ${JSON.stringify(endpoint)}, which SageMaker does not accept (1–63 letters, digits and hyphens)`);
  }
  const blueGreen = blueGreenPlan(stage, endpoint, group);
  return {
    requestId,
    group,
    version,
    packageArn,
    stage: stageName,
    endpoint,
    ...deployResourceNames(requestId, group, version),
    instanceType: stage.instanceType,
    instanceCount: stage.instanceCount,
    ...(blueGreen ? { blueGreen } : {}),
  };
}
