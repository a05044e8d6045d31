import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  CreateModelPackageCommand,
  CreateModelPackageGroupCommand,
  DeleteEndpointConfigCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  DescribeModelPackageCommand,
  ListEndpointsCommand,
  ListModelPackageGroupsCommand,
  ListModelPackagesCommand,
  ListTagsCommand,
  SageMakerServiceException,
  UpdateEndpointCommand,
  UpdateModelPackageCommand,
  type EndpointSummary,
  type SageMakerClient,
  type UpdateEndpointCommandInput,
} from '@aws-sdk/client-sagemaker';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSageMakerClient } from '../../src/aws/clients.ts';
import { seedModelRegistry, SimClock, startAwsEmulator, type AwsEmulator } from '../../src/sandbox/aws-emulator/index.ts';

const T0 = Date.parse('2026-03-01T09:00:00Z');
const MINUTE = 60_000;
const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const IMAGE = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1';
const ROLE = 'arn:aws:iam::123456789012:role/SageMakerExecution';

async function rejection(promise: Promise<unknown>): Promise<SageMakerServiceException> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SageMakerServiceException)) throw new Error(`expected a SageMaker error, got ${String(error)}`);
  return error;
}

let emulator: AwsEmulator;
let client: SageMakerClient;
let id: string;

beforeEach(async () => {
  emulator = await startAwsEmulator({ clock: new SimClock({ start: T0 }), region: REGION });
  client = createSageMakerClient({ region: REGION, endpoint: emulator.url, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  id = randomUUID().slice(0, 8);
});

afterEach(async () => {
  client.destroy();
  await emulator.close();
});

const arn = (type: string, name: string) => `arn:aws:sagemaker:${REGION}:${ACCOUNT}:${type}/${name.toLowerCase()}`;

async function createModel(name: string, image = IMAGE): Promise<void> {
  await client.send(new CreateModelCommand({ ModelName: name, PrimaryContainer: { Image: image, ModelDataUrl: 's3://acme-ml/churn/model.tar.gz' }, ExecutionRoleArn: ROLE }));
}

async function createConfig(name: string, modelName: string, count = 2): Promise<void> {
  await client.send(
    new CreateEndpointConfigCommand({
      EndpointConfigName: name,
      ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: modelName, InstanceType: 'ml.m5.xlarge', InitialInstanceCount: count, InitialVariantWeight: 1 }],
    }),
  );
}

/** A model and config for `v1` and `v2` of a churn model, and an endpoint on `v1`, InService. */
async function liveEndpoint(): Promise<{ endpoint: string; oldConfig: string; newConfig: string }> {
  const endpoint = `churn-prod-${id}`;
  await createModel(`churn-v1-${id}`, `${IMAGE.replace(':1.7-1', ':1.7-0')}`);
  await createModel(`churn-v2-${id}`);
  await createConfig(`churn-v1-${id}`, `churn-v1-${id}`);
  await createConfig(`churn-v2-${id}`, `churn-v2-${id}`);
  await client.send(new CreateEndpointCommand({ EndpointName: endpoint, EndpointConfigName: `churn-v1-${id}` }));
  emulator.clock.advance(4 * MINUTE);
  return { endpoint, oldConfig: `churn-v1-${id}`, newConfig: `churn-v2-${id}` };
}

const canaryUpdate = (endpoint: string, config: string): UpdateEndpointCommandInput => ({
  EndpointName: endpoint,
  EndpointConfigName: config,
  DeploymentConfig: {
    BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: 'CANARY', CanarySize: { Type: 'CAPACITY_PERCENT', Value: 10 }, WaitIntervalInSeconds: 600 } },
    AutoRollbackConfiguration: { Alarms: [{ AlarmName: `${endpoint}-5xx` }] },
  },
});

const describeEndpoint = (name: string) => client.send(new DescribeEndpointCommand({ EndpointName: name }));

describe('AWS emulator: SageMaker model registry', () => {
  const group = () => `churn-xgb-${id}`;
  const seed = () =>
    seedModelRegistry(emulator, {
      group: group(),
      versions: [
        { approvalStatus: 'Approved', metrics: { auc: 0.91 }, trainingJob: 'churn-xgb-1' },
        { approvalStatus: 'Rejected', metrics: { auc: 0.82 } },
        { approvalStatus: 'PendingManualApproval', metrics: { auc: 0.93, 'train:error': 0.05 }, trainingJob: 'churn-xgb-3' },
      ],
    });

  it('numbers seeded versions 1, 2, 3 and lists them newest first, or by approval status', async () => {
    const seeded = seed();
    expect(seeded.packages.map((p) => p.arn)).toEqual([1, 2, 3].map((v) => `${arn('model-package', group())}/${v}`));

    const newest = await client.send(new ListModelPackagesCommand({ ModelPackageGroupName: group(), SortBy: 'CreationTime', SortOrder: 'Descending' }));
    expect(newest.ModelPackageSummaryList?.map((p) => p.ModelPackageVersion)).toEqual([3, 2, 1]);
    expect(newest.ModelPackageSummaryList?.[0]).toMatchObject({ ModelPackageGroupName: group(), ModelPackageStatus: 'Completed', ModelApprovalStatus: 'PendingManualApproval', CreationTime: new Date(T0) });

    const approved = await client.send(new ListModelPackagesCommand({ ModelPackageGroupName: group(), ModelApprovalStatus: 'Approved' }));
    expect(approved.ModelPackageSummaryList?.map((p) => p.ModelPackageVersion)).toEqual([1]);

    const paged = await client.send(new ListModelPackagesCommand({ ModelPackageGroupName: group(), SortOrder: 'Descending', MaxResults: 2 }));
    expect(paged.ModelPackageSummaryList?.map((p) => p.ModelPackageVersion)).toEqual([3, 2]);
    const rest = await client.send(new ListModelPackagesCommand({ ModelPackageGroupName: group(), SortOrder: 'Descending', MaxResults: 2, NextToken: paged.NextToken }));
    expect(rest.ModelPackageSummaryList?.map((p) => p.ModelPackageVersion)).toEqual([1]);
    expect(rest.NextToken).toBeUndefined();

    const groups = await client.send(new ListModelPackageGroupsCommand({}));
    expect(groups.ModelPackageGroupSummaryList?.map((g) => g.ModelPackageGroupName)).toEqual([group()]);
  });

  it('describes a package by ARN and by <group>/<version>, with its image digest, metrics and producer', async () => {
    const { packages } = seed();
    const { $metadata: _a, ...byArn } = await client.send(new DescribeModelPackageCommand({ ModelPackageName: packages[2]?.arn }));
    const { $metadata: _b, ...byName } = await client.send(new DescribeModelPackageCommand({ ModelPackageName: `${group()}/3` }));
    expect(byName).toEqual(byArn);
    expect(byArn).toMatchObject({
      ModelPackageGroupName: group(),
      ModelPackageVersion: 3,
      ModelApprovalStatus: 'PendingManualApproval',
      MetadataProperties: { GeneratedBy: arn('training-job', 'churn-xgb-3') },
      CustomerMetadataProperties: { 'metric:auc': '0.93', 'metric:train:error': '0.05' },
    });
    const container = byArn.InferenceSpecification?.Containers?.[0];
    expect(container?.Image).toBe(IMAGE);
    expect(container?.ImageDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(container?.ModelDataUrl).toBe(`s3://sagemaker-${REGION}-${ACCOUNT}/${group()}/churn-xgb-3/output/model.tar.gz`);
  });

  it('records an approval with its description and time', async () => {
    const { packages } = seed();
    emulator.clock.advance(5 * MINUTE);
    await client.send(new UpdateModelPackageCommand({ ModelPackageArn: packages[2]?.arn, ModelApprovalStatus: 'Approved', ApprovalDescription: 'approved by U0ALICE' }));
    const updated = await client.send(new DescribeModelPackageCommand({ ModelPackageName: packages[2]?.arn }));
    expect(updated).toMatchObject({ ModelApprovalStatus: 'Approved', ApprovalDescription: 'approved by U0ALICE', LastModifiedTime: new Date(T0 + 5 * MINUTE) });
  });

  it('registers versions through CreateModelPackage, numbering on from the last', async () => {
    await client.send(new CreateModelPackageGroupCommand({ ModelPackageGroupName: group() }));
    const spec = { Containers: [{ Image: IMAGE, ModelDataUrl: 's3://acme-ml/churn/model.tar.gz' }] };
    const first = await client.send(new CreateModelPackageCommand({ ModelPackageGroupName: group(), InferenceSpecification: spec }));
    const second = await client.send(new CreateModelPackageCommand({ ModelPackageGroupName: group(), InferenceSpecification: spec, ModelApprovalStatus: 'Approved' }));
    expect([first.ModelPackageArn, second.ModelPackageArn]).toEqual([`${arn('model-package', group())}/1`, `${arn('model-package', group())}/2`]);
    expect(emulator.sagemaker.modelPackages.map((p) => p['ModelApprovalStatus'])).toEqual(['PendingManualApproval', 'Approved']);
  });

  it('answers ValidationException for a package that does not exist', async () => {
    seed();
    const missing = `${arn('model-package', group())}/9`;
    const error = await rejection(client.send(new DescribeModelPackageCommand({ ModelPackageName: missing })));
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe(`ModelPackage ${missing} does not exist.`);
    const update = await rejection(client.send(new UpdateModelPackageCommand({ ModelPackageArn: missing, ModelApprovalStatus: 'Approved' })));
    expect(update.name).toBe('ValidationException');
  });
});

describe('AWS emulator: SageMaker models, endpoint configs and endpoints', () => {
  describe('when a resource is created twice', () => {
    it('answers ValidationException "Cannot create already existing …" for models, configs and endpoints', async () => {
      await createModel(`m-${id}`);
      const model = await rejection(createModel(`m-${id}`));
      expect([model.name, model.message]).toEqual(['ValidationException', `Cannot create already existing model "${arn('model', `m-${id}`)}".`]);

      await createConfig(`c-${id}`, `m-${id}`);
      const config = await rejection(createConfig(`c-${id}`, `m-${id}`));
      expect([config.name, config.message]).toEqual(['ValidationException', `Cannot create already existing endpoint configuration "${arn('endpoint-config', `c-${id}`)}".`]);

      await client.send(new CreateEndpointCommand({ EndpointName: `e-${id}`, EndpointConfigName: `c-${id}` }));
      const endpoint = await rejection(client.send(new CreateEndpointCommand({ EndpointName: `e-${id}`, EndpointConfigName: `c-${id}` })));
      expect([endpoint.name, endpoint.message]).toEqual(['ValidationException', `Cannot create already existing endpoint "${arn('endpoint', `e-${id}`)}".`]);

      expect(emulator.sagemaker.models).toHaveLength(1);
      expect(emulator.sagemaker.endpointConfigs).toHaveLength(1);
      expect(emulator.sagemaker.endpoints).toHaveLength(1);
    });
  });

  describe('when a request refers to something missing', () => {
    it('refuses a config whose model does not exist, and says which', async () => {
      const error = await rejection(createConfig(`c-${id}`, `ghost-${id}`));
      expect([error.name, error.message]).toEqual(['ValidationException', `Could not find model "${arn('model', `ghost-${id}`)}".`]);
    });

    it('answers "Could not find endpoint" for an endpoint that does not exist', async () => {
      const error = await rejection(describeEndpoint(`nowhere-${id}`));
      expect([error.name, error.message]).toEqual(['ValidationException', `Could not find endpoint "nowhere-${id}".`]);
    });

    it('answers "Could not find …" for a missing model or endpoint config', async () => {
      const model = await rejection(client.send(new DescribeModelCommand({ ModelName: `ghost-${id}` })));
      expect(model.message).toBe(`Could not find model "${arn('model', `ghost-${id}`)}".`);
      const config = await rejection(client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: `ghost-${id}` })));
      expect(config.message).toBe(`Could not find endpoint configuration "${arn('endpoint-config', `ghost-${id}`)}".`);
    });
  });

  describe('when an endpoint is created and the clock advances', () => {
    it('is Creating, then InService with its variants and deployed images', async () => {
      await createModel(`m-${id}`);
      await createConfig(`c-${id}`, `m-${id}`);
      await client.send(new CreateEndpointCommand({ EndpointName: `e-${id}`, EndpointConfigName: `c-${id}`, Tags: [{ Key: 'stage', Value: 'prod' }] }));

      let endpoint = await describeEndpoint(`e-${id}`);
      expect(endpoint).toMatchObject({ EndpointStatus: 'Creating', EndpointConfigName: `c-${id}`, CreationTime: new Date(T0) });
      expect(endpoint.ProductionVariants?.[0]).toMatchObject({ CurrentInstanceCount: 0, DesiredInstanceCount: 2 });

      emulator.clock.advance(4 * MINUTE - 1);
      expect((await describeEndpoint(`e-${id}`)).EndpointStatus).toBe('Creating');
      emulator.clock.advance(1);
      endpoint = await describeEndpoint(`e-${id}`);
      expect(endpoint).toMatchObject({ EndpointStatus: 'InService', LastModifiedTime: new Date(T0 + 4 * MINUTE) });
      expect(endpoint.ProductionVariants?.[0]).toMatchObject({ VariantName: 'AllTraffic', CurrentInstanceCount: 2, DesiredInstanceCount: 2, CurrentWeight: 1 });
      expect(endpoint.ProductionVariants?.[0]?.DeployedImages?.[0]).toMatchObject({ SpecifiedImage: IMAGE, ResolvedImage: expect.stringMatching(/@sha256:[0-9a-f]{64}$/) });

      const tags = await client.send(new ListTagsCommand({ ResourceArn: endpoint.EndpointArn }));
      expect(tags.Tags).toEqual([{ Key: 'stage', Value: 'prod' }]);
    });

    it('keeps serving after its config is deleted', async () => {
      const { endpoint, oldConfig } = await liveEndpoint();
      await client.send(new DeleteEndpointConfigCommand({ EndpointConfigName: oldConfig }));
      expect(await describeEndpoint(endpoint)).toMatchObject({ EndpointStatus: 'InService', EndpointConfigName: oldConfig });
      const gone = await rejection(client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: oldConfig })));
      expect(gone.name).toBe('ValidationException');
    });

    it('ends Failed with the reason of the failNextEndpoint scenario', async () => {
      emulator.scenarios.failNextEndpoint({ endpoint: `e-${id}`, reason: 'health check failed' });
      await createModel(`m-${id}`);
      await createConfig(`c-${id}`, `m-${id}`);
      await client.send(new CreateEndpointCommand({ EndpointName: `e-${id}`, EndpointConfigName: `c-${id}` }));
      emulator.clock.advance(4 * MINUTE);
      expect(await describeEndpoint(`e-${id}`)).toMatchObject({ EndpointStatus: 'Failed', FailureReason: 'health check failed' });
    });
  });

  describe('when an InService endpoint is updated blue/green with a canary', () => {
    it('is Updating on the old config with the new one pending, then InService with the new config', async () => {
      const { endpoint, oldConfig, newConfig } = await liveEndpoint();
      const updatedAt = T0 + 4 * MINUTE;
      await client.send(new UpdateEndpointCommand(canaryUpdate(endpoint, newConfig)));

      let view = await describeEndpoint(endpoint);
      expect(view).toMatchObject({ EndpointStatus: 'Updating', EndpointConfigName: oldConfig, LastModifiedTime: new Date(updatedAt) });
      expect(view.PendingDeploymentSummary).toMatchObject({ EndpointConfigName: newConfig, StartTime: new Date(updatedAt) });
      expect(view.PendingDeploymentSummary?.ProductionVariants?.[0]).toMatchObject({ InstanceType: 'ml.m5.xlarge', CurrentInstanceCount: 0, VariantStatus: [{ Status: 'Creating' }] });
      expect(view.LastDeploymentConfig?.BlueGreenUpdatePolicy?.TrafficRoutingConfiguration?.CanarySize).toEqual({ Type: 'CAPACITY_PERCENT', Value: 10 });

      emulator.clock.advance(4 * MINUTE + 5 * MINUTE);
      view = await describeEndpoint(endpoint);
      expect(view.EndpointStatus).toBe('Updating');
      expect(view.PendingDeploymentSummary?.ProductionVariants?.[0]?.VariantStatus?.[0]?.Status).toBe('Baking');

      emulator.clock.advance(5 * MINUTE);
      view = await describeEndpoint(endpoint);
      expect(view).toMatchObject({ EndpointStatus: 'InService', EndpointConfigName: newConfig, LastModifiedTime: new Date(updatedAt + 14 * MINUTE) });
      expect(view.PendingDeploymentSummary).toBeUndefined();
      expect(view.FailureReason).toBeUndefined();
      expect(view.ProductionVariants?.[0]?.DeployedImages?.[0]?.SpecifiedImage).toBe(IMAGE);
    });

    it('refuses another update while Updating', async () => {
      const { endpoint, oldConfig, newConfig } = await liveEndpoint();
      await client.send(new UpdateEndpointCommand(canaryUpdate(endpoint, newConfig)));
      const error = await rejection(client.send(new UpdateEndpointCommand({ EndpointName: endpoint, EndpointConfigName: oldConfig })));
      expect([error.name, error.message]).toEqual(['ValidationException', `Cannot update in-progress endpoint "${arn('endpoint', endpoint)}".`]);
    });

    it('takes four minutes all at once without a DeploymentConfig', async () => {
      const { endpoint, newConfig } = await liveEndpoint();
      await client.send(new UpdateEndpointCommand({ EndpointName: endpoint, EndpointConfigName: newConfig }));
      emulator.clock.advance(4 * MINUTE);
      expect(await describeEndpoint(endpoint)).toMatchObject({ EndpointStatus: 'InService', EndpointConfigName: newConfig });
    });

    it('answers ValidationException naming a malformed DeploymentConfig', async () => {
      const { endpoint, newConfig } = await liveEndpoint();
      const input = canaryUpdate(endpoint, newConfig);
      const routing = input.DeploymentConfig?.BlueGreenUpdatePolicy?.TrafficRoutingConfiguration;
      if (routing) delete routing.CanarySize;
      const error = await rejection(client.send(new UpdateEndpointCommand(input)));
      expect(error.message).toContain("at 'deploymentConfig.blueGreenUpdatePolicy.trafficRoutingConfiguration.canarySize'");
    });
  });

  describe('when the rollbackNextUpdate scenario is set', () => {
    it('rolls back halfway through the canary bake and ends InService on the old config with the reason', async () => {
      const { endpoint, oldConfig, newConfig } = await liveEndpoint();
      emulator.scenarios.rollbackNextUpdate({ endpoint });
      await client.send(new UpdateEndpointCommand(canaryUpdate(endpoint, newConfig)));

      emulator.clock.advance(4 * MINUTE + 5 * MINUTE - 1);
      expect((await describeEndpoint(endpoint)).EndpointStatus).toBe('Updating');
      emulator.clock.advance(1);
      const rolling = await describeEndpoint(endpoint);
      expect(rolling).toMatchObject({
        EndpointStatus: 'RollingBack',
        EndpointConfigName: oldConfig,
        FailureReason: `Alarm ${endpoint}-5xx went into ALARM state during deployment; rolled back.`,
      });

      emulator.clock.advance(2 * MINUTE);
      const after = await describeEndpoint(endpoint);
      expect(after).toMatchObject({ EndpointStatus: 'InService', EndpointConfigName: oldConfig, FailureReason: rolling.FailureReason });
      expect(after.PendingDeploymentSummary).toBeUndefined();
      expect(after.ProductionVariants?.[0]?.DeployedImages?.[0]?.SpecifiedImage).toBe(IMAGE.replace(':1.7-1', ':1.7-0'));
    });

    it('leaves updates of other endpoints alone', async () => {
      const { endpoint, newConfig } = await liveEndpoint();
      emulator.scenarios.rollbackNextUpdate({ endpoint: 'some-other-endpoint', alarm: 'x' });
      await client.send(new UpdateEndpointCommand(canaryUpdate(endpoint, newConfig)));
      emulator.clock.advance(14 * MINUTE);
      expect(await describeEndpoint(endpoint)).toMatchObject({ EndpointStatus: 'InService', EndpointConfigName: newConfig });
    });
  });

  describe('ListEndpoints', () => {
    it('pages through 250 endpoints at 100 a page, each once, filtered by status and name', async () => {
      await createModel(`m-${id}`);
      await createConfig(`c-${id}`, `m-${id}`);
      for (let i = 0; i < 250; i++) {
        await client.send(new CreateEndpointCommand({ EndpointName: `ep-${String(i).padStart(3, '0')}-${id}`, EndpointConfigName: `c-${id}` }));
        if (i === 99) emulator.clock.advance(4 * MINUTE);
      }
      const pages: EndpointSummary[][] = [];
      let token: string | undefined;
      do {
        const out = await client.send(new ListEndpointsCommand({ MaxResults: 100, SortBy: 'Name', SortOrder: 'Ascending', ...(token ? { NextToken: token } : {}) }));
        pages.push(out.Endpoints ?? []);
        token = out.NextToken;
      } while (token);
      expect(pages.map((p) => p.length)).toEqual([100, 100, 50]);
      const names = pages.flat().map((e) => e.EndpointName);
      expect(new Set(names).size).toBe(250);
      expect(names[0]).toBe(`ep-000-${id}`);

      const inService = await client.send(new ListEndpointsCommand({ MaxResults: 100, StatusEquals: 'InService' }));
      expect(inService.Endpoints).toHaveLength(100);
      expect(inService.NextToken).toBeUndefined();
      const named = await client.send(new ListEndpointsCommand({ NameContains: `EP-24` }));
      expect(named.Endpoints?.map((e) => e.EndpointName).sort()).toEqual([...Array(10).keys()].map((i) => `ep-24${i}-${id}`));

      const tooMany = await rejection(client.send(new ListEndpointsCommand({ MaxResults: 101 })));
      expect(tooMany.name).toBe('ValidationException');
    });
  });
});

describe('AWS emulator control API: deployments', () => {
  const control = async (path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
    const res = await fetch(`${emulator.url}/_emulator/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  it('seeds the model registry and sets the rollback scenario over HTTP', async () => {
    const seeded = await control('seed/model-packages', { group: `g-${id}`, versions: [{ approvalStatus: 'Approved', metrics: { auc: 0.9 } }, {}] });
    expect(seeded.status).toBe(200);
    expect(seeded.json['packages']).toEqual([
      { arn: `${arn('model-package', `g-${id}`)}/1`, version: 1, approvalStatus: 'Approved' },
      { arn: `${arn('model-package', `g-${id}`)}/2`, version: 2, approvalStatus: 'PendingManualApproval' },
    ]);

    const { endpoint, oldConfig, newConfig } = await liveEndpoint();
    expect((await control('scenarios/rollback-update', { endpoint, alarm: 'p99-latency' })).status).toBe(200);
    await client.send(new UpdateEndpointCommand({ EndpointName: endpoint, EndpointConfigName: newConfig }));
    emulator.clock.advance(2 * MINUTE + 2 * MINUTE);
    expect(await describeEndpoint(endpoint)).toMatchObject({
      EndpointStatus: 'InService',
      EndpointConfigName: oldConfig,
      FailureReason: 'Alarm p99-latency went into ALARM state during deployment; rolled back.',
    });

    const state = await fetch(`${emulator.url}/_emulator/state`).then((r) => r.json() as Promise<{ services: { sagemaker: { endpoints: unknown[]; modelPackages: unknown[] } } }>);
    expect(state.services.sagemaker.endpoints).toHaveLength(1);
    expect(state.services.sagemaker.modelPackages).toHaveLength(2);
  });

  it('explains a seed the registry refuses', async () => {
    const bad = await control('seed/model-packages', { group: 'not a name', versions: [{}] });
    expect(bad.status).toBe(400);
    expect(bad.json['code']).toBe('ValidationException');
    const malformed = await control('scenarios/fail-endpoint', { endpoint: 42 });
    expect(malformed.status).toBe(400);
  });
});
