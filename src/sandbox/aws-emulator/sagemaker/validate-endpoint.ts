import type { JsonObject } from '../protocol.ts';
import { Violations } from '../validation.ts';
import { readTags } from './resources.ts';
import type { Tag } from './training-jobs.ts';
import { NAME_PATTERN } from './validate-training-job.ts';

const ROUTING_TYPES = ['ALL_AT_ONCE', 'CANARY', 'LINEAR'] as const;
const CAPACITY_TYPES = ['INSTANCE_COUNT', 'CAPACITY_PERCENT'] as const;
const ALARM_NAME = /^(?!\s*$).+$/;

/** Checks CreateEndpoint as SageMaker does; returns its tags. */
export function validateCreateEndpoint(input: JsonObject): Tag[] {
  const v = new Violations();
  v.string('endpointName', input['EndpointName'], { required: true, pattern: NAME_PATTERN });
  v.string('endpointConfigName', input['EndpointConfigName'], { required: true, pattern: NAME_PATTERN });
  validateDeploymentConfig(v, input['DeploymentConfig']);
  const tags = readTags(v, input['Tags']);
  v.throwIfAny();
  return tags;
}

/** Checks UpdateEndpoint as SageMaker does, its DeploymentConfig included. */
export function validateUpdateEndpoint(input: JsonObject): void {
  const v = new Violations();
  v.string('endpointName', input['EndpointName'], { required: true, pattern: NAME_PATTERN });
  v.string('endpointConfigName', input['EndpointConfigName'], { required: true, pattern: NAME_PATTERN });
  validateDeploymentConfig(v, input['DeploymentConfig']);
  v.throwIfAny();
}

function validateCapacity(v: Violations, path: string, value: JsonObject[string] | undefined, required: boolean): void {
  const size = v.object(path, value, { required });
  if (!size) return;
  v.oneOf(`${path}.type`, size['Type'], CAPACITY_TYPES, { required: true });
  v.integer(`${path}.value`, size['Value'], { required: true, min: 1 });
}

function validateDeploymentConfig(v: Violations, value: JsonObject[string] | undefined): void {
  const config = v.object('deploymentConfig', value);
  if (!config) return;
  const policy = v.object('deploymentConfig.blueGreenUpdatePolicy', config['BlueGreenUpdatePolicy']);
  if (policy) {
    const path = 'deploymentConfig.blueGreenUpdatePolicy';
    const routing = v.object(`${path}.trafficRoutingConfiguration`, policy['TrafficRoutingConfiguration'], { required: true });
    if (routing) {
      v.oneOf(`${path}.trafficRoutingConfiguration.type`, routing['Type'], ROUTING_TYPES, { required: true });
      v.integer(`${path}.trafficRoutingConfiguration.waitIntervalInSeconds`, routing['WaitIntervalInSeconds'], { required: true, min: 0, max: 3600 });
      validateCapacity(v, `${path}.trafficRoutingConfiguration.canarySize`, routing['CanarySize'], routing['Type'] === 'CANARY');
      validateCapacity(v, `${path}.trafficRoutingConfiguration.linearStepSize`, routing['LinearStepSize'], routing['Type'] === 'LINEAR');
    }
    v.integer(`${path}.terminationWaitInSeconds`, policy['TerminationWaitInSeconds'], { min: 0, max: 3600 });
    v.integer(`${path}.maximumExecutionTimeoutInSeconds`, policy['MaximumExecutionTimeoutInSeconds'], { min: 600, max: 28800 });
  }
  const rollback = v.object('deploymentConfig.autoRollbackConfiguration', config['AutoRollbackConfiguration']);
  const alarms = rollback ? v.array('deploymentConfig.autoRollbackConfiguration.alarms', rollback['Alarms'], { max: 10 }) : undefined;
  alarms?.forEach((alarm, i) => {
    const a = v.object(`deploymentConfig.autoRollbackConfiguration.alarms.${i + 1}.member`, alarm, { required: true });
    if (a) v.string(`deploymentConfig.autoRollbackConfiguration.alarms.${i + 1}.member.alarmName`, a['AlarmName'], { pattern: ALARM_NAME, maxLength: 255 });
  });
}
