import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSageMakerClient } from '../../src/aws/clients.ts';
import { DeploymentGateway, type EndpointConfigSpec, type ModelSpec } from '../../src/aws/deployment-gateway.ts';
import type { BlueGreenPlan } from '../../src/domain/deployment.ts';
import { AwsError, NotFoundError } from '../../src/errors.ts';
import { DEFAULT_SEED_IMAGE, seedModelRegistry, SimClock, startAwsEmulator, type AwsEmulator } from '../../src/sandbox/aws-emulator/index.ts';
import { failure } from '../helpers/failure.ts';

const T0 = Date.parse('2026-03-01T09:00:00Z');
const MINUTE = 60_000;
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const ACCOUNT = '123456789012';


let emulator: AwsEmulator;
let gateway: DeploymentGateway;
let destroy: () => void;
let id: string;

beforeEach(async () => {
  emulator = await startAwsEmulator({ clock: new SimClock({ start: T0 }) });
  const client = createSageMakerClient({ region: 'us-east-1', endpoint: emulator.url, credentials });
  destroy = () => client.destroy();
  gateway = new DeploymentGateway(client);
  id = randomUUID().slice(0, 8);
});

afterEach(async () => {
  destroy();
  await emulator.close();
});

const arn = (type: string, name: string) => `arn:aws:sagemaker:us-east-1:${ACCOUNT}:${type}/${name.toLowerCase()}`;

const model = (name: string, overrides: Partial<ModelSpec> = {}): ModelSpec => ({
  name,
  image: DEFAULT_SEED_IMAGE,
  modelDataUrl: 's3://acme-ml/churn/models/churn-xgb-1/output/model.tar.gz',
  roleArn: `arn:aws:iam::${ACCOUNT}:role/SageMakerExecution`,
  tags: { 'chatops:request': id },
  ...overrides,
});

const config = (name: string, modelName: string, overrides: Partial<EndpointConfigSpec> = {}): EndpointConfigSpec => ({
  name,
  modelName,
  variantName: 'AllTraffic',
  instanceType: 'ml.m5.xlarge',
  instanceCount: 2,
  tags: { 'chatops:request': id },
  ...overrides,
});

const plan: BlueGreenPlan = { canary: 0.1, bakeMs: 10 * MINUTE, rollbackAlarms: [`churn-prod-5xx`] };

/** v1 and v2 models and configs, and an endpoint on v1, InService. */
async function liveEndpoint(): Promise<{ endpoint: string; v1: string; v2: string }> {
  const [endpoint, v1, v2] = [`churn-prod-${id}`, `churn-v1-${id}`, `churn-v2-${id}`];
  for (const name of [v1, v2]) {
    await gateway.createModel(model(name));
    await gateway.createEndpointConfig(config(name, name));
  }
  await gateway.createEndpoint({ name: endpoint, configName: v1 });
  emulator.clock.advance(4 * MINUTE);
  return { endpoint, v1, v2 };
}

describe('DeploymentGateway', () => {
  describe('the model registry', () => {
    const group = () => `churn-xgb-${id}`;
    const seed = () =>
      seedModelRegistry(emulator, {
        group: group(),
        versions: [
          { approvalStatus: 'Approved', metrics: { auc: 0.91 } },
          { approvalStatus: 'Rejected', metrics: { auc: 0.8 } },
          { approvalStatus: 'PendingManualApproval', metrics: { auc: 0.93, 'validation:error': 0.07 }, trainingJob: 'churn-xgb-3', description: 'nightly retrain' },
        ],
      });

    it('lists versions newest first, up to a limit, or with one approval status', async () => {
      const { packages } = seed();
      const all = await gateway.listModelPackages(group());
      expect(all.map((p) => p.version)).toEqual([3, 2, 1]);
      expect(all[0]).toEqual({ arn: packages[2]?.arn, group: group(), version: 3, approvalStatus: 'PendingManualApproval', createdAt: T0, description: 'nightly retrain' });
      expect((await gateway.listModelPackages(group(), { limit: 2 })).map((p) => p.version)).toEqual([3, 2]);
      expect((await gateway.listModelPackages(group(), { status: 'Approved' })).map((p) => p.version)).toEqual([1]);
      expect(await gateway.listModelPackages(`no-such-group-${id}`)).toEqual([]);
    });

    it('describes a version with its pinned image, metrics and producing training job', async () => {
      const { packages } = seed();
      const view = await gateway.describeModelPackage(packages[2]?.arn ?? '');
      expect(view).toMatchObject({
        arn: packages[2]?.arn,
        group: group(),
        version: 3,
        approvalStatus: 'PendingManualApproval',
        image: DEFAULT_SEED_IMAGE,
        imageDigest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        modelDataUrl: `s3://sagemaker-us-east-1-${ACCOUNT}/${group()}/churn-xgb-3/output/model.tar.gz`,
        generatedBy: arn('training-job', 'churn-xgb-3'),
        metrics: { auc: 0.93, 'validation:error': 0.07 },
      });
    });

    it('sets the approval status with a description the emulator then holds', async () => {
      const { packages } = seed();
      const target = packages[2]?.arn ?? '';
      emulator.clock.advance(MINUTE);
      await gateway.setPackageApproval(target, 'Approved', 'approved by U0ALICE for prod');
      expect(await gateway.describeModelPackage(target)).toMatchObject({ approvalStatus: 'Approved', approvalDescription: 'approved by U0ALICE for prod', lastModifiedAt: T0 + MINUTE });
      expect(emulator.callsOf('UpdateModelPackage')[0]?.input).toEqual({ ModelPackageArn: target, ModelApprovalStatus: 'Approved', ApprovalDescription: 'approved by U0ALICE for prod' });
    });

    it('throws NotFoundError for a version that does not exist', async () => {
      seed();
      const missing = `${arn('model-package', group())}/7`;
      expect(await failure(gateway.describeModelPackage(missing))).toBeInstanceOf(NotFoundError);
      expect(await failure(gateway.setPackageApproval(missing, 'Approved'))).toBeInstanceOf(NotFoundError);
    });
  });

  describe('creating models, endpoint configs and endpoints', () => {
    it('creates each once and adopts it when asked again', async () => {
      expect(await gateway.createModel(model(`m-${id}`))).toEqual({ created: true });
      expect(await gateway.createModel(model(`m-${id}`))).toEqual({ created: false });
      expect(await gateway.createEndpointConfig(config(`c-${id}`, `m-${id}`))).toEqual({ created: true });
      expect(await gateway.createEndpointConfig(config(`c-${id}`, `m-${id}`))).toEqual({ created: false });
      expect(await gateway.createEndpoint({ name: `e-${id}`, configName: `c-${id}`, tags: { stage: 'prod' } })).toEqual({ created: true });
      expect(await gateway.createEndpoint({ name: `e-${id}`, configName: `c-${id}` })).toEqual({ created: false });

      expect(emulator.sagemaker.models).toHaveLength(1);
      expect(emulator.sagemaker.models[0]).toMatchObject({ ModelName: `m-${id}`, PrimaryContainer: { Image: DEFAULT_SEED_IMAGE } });
      expect(emulator.sagemaker.endpointConfigs[0]?.['ProductionVariants']).toEqual([
        { VariantName: 'AllTraffic', ModelName: `m-${id}`, InstanceType: 'ml.m5.xlarge', InitialInstanceCount: 2, InitialVariantWeight: 1 },
      ]);
      expect(emulator.sagemaker.endpoints).toHaveLength(1);
      expect(await gateway.describeEndpointConfig(`c-${id}`)).toEqual({
        name: `c-${id}`,
        arn: arn('endpoint-config', `c-${id}`),
        createdAt: T0,
        variants: [{ name: 'AllTraffic', modelName: `m-${id}`, instanceType: 'ml.m5.xlarge', instanceCount: 2, weight: 1 }],
      });
    });

    it('does not mistake another ValidationException for "already exists"', async () => {
      const error = await failure(gateway.createEndpointConfig(config(`c-${id}`, `ghost-${id}`)));
      expect(error).toBeInstanceOf(AwsError);
      expect(error).toMatchObject({ operation: 'CreateEndpointConfig', awsCode: 'ValidationException', retryable: false });
      expect((error as AwsError).message).toContain('Could not find model');
      expect(emulator.sagemaker.endpointConfigs).toEqual([]);
    });

    it('fails retryably while throttled', async () => {
      emulator.faults.inject({ operation: 'CreateModel', error: 'ThrottlingException', times: 1 });
      expect(await failure(gateway.createModel(model(`m-${id}`)))).toMatchObject({ awsCode: 'ThrottlingException', retryable: true });
      expect(await gateway.createModel(model(`m-${id}`))).toEqual({ created: true });
    });
  });

  describe('describeEndpoint', () => {
    it('shows Creating, then InService with its instances', async () => {
      await gateway.createModel(model(`m-${id}`));
      await gateway.createEndpointConfig(config(`c-${id}`, `m-${id}`));
      await gateway.createEndpoint({ name: `e-${id}`, configName: `c-${id}` });
      expect(await gateway.describeEndpoint(`e-${id}`)).toEqual({
        name: `e-${id}`,
        arn: arn('endpoint', `e-${id}`),
        status: 'Creating',
        configName: `c-${id}`,
        createdAt: T0,
        lastModifiedAt: T0,
        variants: [{ name: 'AllTraffic', desiredInstances: 2, currentInstances: 0 }],
      });
      emulator.clock.advance(4 * MINUTE);
      expect(await gateway.describeEndpoint(`e-${id}`)).toMatchObject({ status: 'InService', lastModifiedAt: T0 + 4 * MINUTE, variants: [{ currentInstances: 2 }] });
    });

    it('throws NotFoundError for an endpoint that does not exist', async () => {
      const error = await failure(gateway.describeEndpoint(`nowhere-${id}`));
      expect(error).toBeInstanceOf(NotFoundError);
      expect(error).toMatchObject({ userMessage: `No endpoint nowhere-${id}.` });
    });
  });

  describe('updateEndpoint', () => {
    it('sends a canary DeploymentConfig with the rollback alarms, and the view shows the pending config', async () => {
      const { endpoint, v1, v2 } = await liveEndpoint();
      await gateway.updateEndpoint({ name: endpoint, configName: v2, blueGreen: plan });

      expect(emulator.callsOf('UpdateEndpoint')[0]?.input).toEqual({
        EndpointName: endpoint,
        EndpointConfigName: v2,
        DeploymentConfig: {
          BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'CAPACITY_PERCENT', Value: 10 }, WaitIntervalInSeconds: 600 } },
          AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'churn-prod-5xx' }] },
        },
      });
      expect(await gateway.describeEndpoint(endpoint)).toMatchObject({ status: 'Updating', configName: v1, pendingConfigName: v2 });
      emulator.clock.advance(14 * MINUTE);
      const done = await gateway.describeEndpoint(endpoint);
      expect(done).toMatchObject({ status: 'InService', configName: v2 });
      expect(done.pendingConfigName).toBeUndefined();
    });

    it('sends no DeploymentConfig without a blue/green plan', async () => {
      const { endpoint, v2 } = await liveEndpoint();
      await gateway.updateEndpoint({ name: endpoint, configName: v2 });
      expect(emulator.callsOf('UpdateEndpoint')[0]?.input).toEqual({ EndpointName: endpoint, EndpointConfigName: v2 });
    });

    it('fails without retry while the endpoint is still updating', async () => {
      const { endpoint, v1, v2 } = await liveEndpoint();
      await gateway.updateEndpoint({ name: endpoint, configName: v2, blueGreen: plan });
      const error = await failure(gateway.updateEndpoint({ name: endpoint, configName: v1 }));
      expect(error).toBeInstanceOf(AwsError);
      expect(error).toMatchObject({ operation: 'UpdateEndpoint', awsCode: 'ValidationException', retryable: false });
    });

    it('throws NotFoundError for an endpoint that does not exist', async () => {
      await gateway.createModel(model(`m-${id}`));
      await gateway.createEndpointConfig(config(`c-${id}`, `m-${id}`));
      expect(await failure(gateway.updateEndpoint({ name: `nowhere-${id}`, configName: `c-${id}` }))).toBeInstanceOf(NotFoundError);
    });

    it('shows a rollback: RollingBack, then InService on the old config with the failure reason', async () => {
      const { endpoint, v1, v2 } = await liveEndpoint();
      emulator.scenarios.rollbackNextUpdate({ endpoint });
      await gateway.updateEndpoint({ name: endpoint, configName: v2, blueGreen: plan });
      emulator.clock.advance(9 * MINUTE);
      const reason = 'Alarm churn-prod-5xx went into ALARM state during deployment; rolled back.';
      expect(await gateway.describeEndpoint(endpoint)).toMatchObject({ status: 'RollingBack', configName: v1, pendingConfigName: v2, failureReason: reason });
      emulator.clock.advance(2 * MINUTE);
      const after = await gateway.describeEndpoint(endpoint);
      expect(after).toMatchObject({ status: 'InService', configName: v1, failureReason: reason });
      expect(after.pendingConfigName).toBeUndefined();
    });
  });

  describe('listEndpoints', () => {
    it('follows every page and filters by status and name', async () => {
      await gateway.createModel(model(`m-${id}`));
      await gateway.createEndpointConfig(config(`c-${id}`, `m-${id}`));
      for (let i = 0; i < 230; i++) {
        await gateway.createEndpoint({ name: `ep-${i}-${id}`, configName: `c-${id}` });
        if (i === 149) emulator.clock.advance(4 * MINUTE);
      }
      const all = await gateway.listEndpoints();
      expect(all).toHaveLength(230);
      expect(new Set(all.map((e) => e.name)).size).toBe(230);
      expect(all[0]).toMatchObject({ name: `ep-229-${id}`, status: 'Creating', createdAt: T0 + 4 * MINUTE });
      expect(emulator.callsOf('ListEndpoints').map((c) => c.input['MaxResults'])).toEqual([100, 100, 100]);

      expect(await gateway.listEndpoints({ status: 'InService' })).toHaveLength(150);
      expect((await gateway.listEndpoints({ nameContains: `ep-22` })).map((e) => e.name).sort()).toEqual(
        [`ep-22-${id}`, ...[...Array(10).keys()].map((i) => `ep-22${i}-${id}`)].sort(),
      );
    });
  });
});
