import { describe, expect, it } from 'vitest';
import { stageSchema } from '../../src/config.ts';
import { approvalRequestId, approvalRequired, buildDeployPlan, deployResourceNames, endpointNameFor } from '../../src/domain/deploy-plan.ts';
import { requestJobId, SAGEMAKER_NAME } from '../../src/domain/naming.ts';

const ARN = 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/7';
const prod = stageSchema.parse({
  endpoint: '{group}-prod',
  instanceType: 'ml.m5.xlarge',
  instanceCount: 2,
  approval: { approvers: 'approver' },
  blueGreen: { canary: '10%', bake: '10m', rollbackAlarms: ['{endpoint}-5xx', '{group}-latency'] },
});
const staging = stageSchema.parse({ endpoint: '{group}-staging', instanceType: 'ml.m5.large' });
const input = { requestId: approvalRequestId('trigger-1'), group: 'churn', version: 7, packageArn: ARN, stageName: 'prod', stage: prod };

describe('approvalRequestId', () => {
  it('is the deploy job id of the same trigger, so the request and its job share one id', () => {
    expect(approvalRequestId('trigger-1')).toBe(requestJobId('deploy', 'trigger-1'));
    expect(approvalRequestId('trigger-1')).toMatch(/^deploy-[a-z2-7]{20}$/);
  });
});

describe('buildDeployPlan', () => {
  it('fills the endpoint name, instances and blue/green plan from the stage', () => {
    const plan = buildDeployPlan(input);
    expect(plan).toMatchObject({
      requestId: input.requestId,
      group: 'churn',
      version: 7,
      packageArn: ARN,
      stage: 'prod',
      endpoint: 'churn-prod',
      instanceType: 'ml.m5.xlarge',
      instanceCount: 2,
      blueGreen: { canary: 0.1, bakeMs: 600_000, rollbackAlarms: ['churn-prod-5xx', 'churn-latency'] },
    });
  });

  it('has no blue/green plan for a stage without one', () => {
    expect(buildDeployPlan({ ...input, stageName: 'staging', stage: staging })).not.toHaveProperty('blueGreen');
  });

  it('derives the same model and endpoint-config names for the same request, so a retried job reuses them', () => {
    const first = buildDeployPlan(input);
    const again = buildDeployPlan({ ...input });
    expect(again.modelName).toBe(first.modelName);
    expect(again.endpointConfigName).toBe(first.endpointConfigName);
    expect(first.modelName).toMatch(/^churn-v7-[a-z2-7]{10}$/);
    expect(first.endpointConfigName).toMatch(/^churn-v7-[a-z2-7]{10}$/);
    expect(first.modelName).not.toBe(first.endpointConfigName);
  });

  it('derives different names for a different request', () => {
    const other = buildDeployPlan({ ...input, requestId: approvalRequestId('trigger-2') });
    expect(other.modelName).not.toBe(buildDeployPlan(input).modelName);
    expect(other.endpointConfigName).not.toBe(buildDeployPlan(input).endpointConfigName);
  });

  it('keeps names valid and within 63 characters for the longest group and a huge version', () => {
    const group = `a${'-b'.repeat(30)}-c`; // 63 characters, hyphens where a cut would land
    const names = deployResourceNames(input.requestId, group, 999_999_999);
    for (const name of Object.values(names)) {
      expect(name.length).toBeLessThanOrEqual(63);
      expect(name).toMatch(SAGEMAKER_NAME);
      expect(name).toContain('-v999999999-');
    }
  });

  it('refuses a group whose endpoint name SageMaker would not accept', () => {
    expect(() => buildDeployPlan({ ...input, group: 'g'.repeat(60) })).toThrow(/does not accept/);
  });

  it('refuses a version that is not a positive integer', () => {
    expect(() => buildDeployPlan({ ...input, version: 0 })).toThrow(RangeError);
    expect(() => buildDeployPlan({ ...input, version: 1.5 })).toThrow(RangeError);
  });
});

describe('endpointNameFor', () => {
  it('replaces every {group}', () => {
    expect(endpointNameFor('{group}-x-{group}', 'churn')).toBe('churn-x-churn');
  });
});

describe('approvalRequired', () => {
  it('is true exactly for stages with an approval section', () => {
    expect(approvalRequired(prod)).toBe(true);
    expect(approvalRequired(staging)).toBe(false);
  });
});
