import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSageMakerClient } from '../../src/aws/clients.ts';
import { SageMakerGateway } from '../../src/aws/sagemaker-gateway.ts';
import type { TrainingJobSpec } from '../../src/domain/training.ts';
import { AwsError, NotFoundError } from '../../src/errors.ts';
import { SimClock, startAwsEmulator, type AwsEmulator } from '../../src/sandbox/aws-emulator/index.ts';
import { failure } from '../helpers/failure.ts';

const T0 = Date.parse('2026-03-01T09:00:00Z');
const MINUTE = 60_000;
const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

function spec(name: string, overrides: Partial<TrainingJobSpec> = {}): TrainingJobSpec {
  return {
    name,
    image: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
    roleArn: 'arn:aws:iam::123456789012:role/SageMakerExecution',
    instanceType: 'ml.m5.xlarge',
    instanceCount: 1,
    volumeSizeGb: 30,
    inputs: { train: 's3://acme-ml/churn/train/', validation: 's3://acme-ml/churn/validation/' },
    output: 's3://acme-ml/churn/models/',
    hyperparameters: { max_depth: '6', eta: '0.2' },
    metricDefinitions: [],
    maxRuntimeSeconds: 3600,
    tags: { requester: 'U0BOB', 'chatops:job': name },
    ...overrides,
  };
}


let emulator: AwsEmulator;
let gateway: SageMakerGateway;
let destroy: () => void;
let name: string;

beforeEach(async () => {
  emulator = await startAwsEmulator({ clock: new SimClock({ start: T0 }) });
  const client = createSageMakerClient({ region: 'us-east-1', endpoint: emulator.url, credentials });
  destroy = () => client.destroy();
  gateway = new SageMakerGateway(client);
  name = `churn-xgb-${randomUUID().slice(0, 8)}`;
});

afterEach(async () => {
  destroy();
  await emulator.close();
});

describe('SageMakerGateway', () => {
  describe('createTrainingJob', () => {
    it('fails retryably while throttled, and the caller retrying creates exactly one job', async () => {
      emulator.faults.inject({ operation: 'CreateTrainingJob', error: 'ThrottlingException', times: 2 });
      const errors: unknown[] = [];
      let result: { arn: string; created: boolean } | undefined;
      for (let attempt = 0; attempt < 5 && !result; attempt++) {
        try {
          result = await gateway.createTrainingJob(spec(name));
        } catch (error) {
          if (!(error instanceof AwsError) || !error.retryable) throw error;
          errors.push(error);
        }
      }
      expect(errors).toHaveLength(2);
      expect(errors[0]).toMatchObject({ awsCode: 'ThrottlingException', operation: 'CreateTrainingJob', retryable: true });
      expect(result).toEqual({ arn: `arn:aws:sagemaker:us-east-1:123456789012:training-job/${name}`, created: true });
      expect(emulator.sagemaker.trainingJobs.map((j) => j.TrainingJobName)).toEqual([name]);
    });

    it('adopts the job it already created when asked twice', async () => {
      const first = await gateway.createTrainingJob(spec(name));
      const second = await gateway.createTrainingJob(spec(name));
      expect(second).toEqual({ arn: first.arn, created: false });
      expect(emulator.sagemaker.trainingJobs).toHaveLength(1);
    });

    it('adopts the job when the first answer was lost on the way back', async () => {
      emulator.faults.inject({ operation: 'CreateTrainingJob', dropResponse: true, times: 1 });
      const lost = await failure(gateway.createTrainingJob(spec(name)));
      expect(lost).toBeInstanceOf(AwsError);
      expect(lost).toMatchObject({ retryable: true });
      expect(await gateway.createTrainingJob(spec(name))).toMatchObject({ created: false });
      expect(emulator.sagemaker.trainingJobs).toHaveLength(1);
    });

    it('sends the spec as SageMaker expects it, tags included', async () => {
      await gateway.createTrainingJob(spec(name));
      const [job] = emulator.sagemaker.trainingJobs;
      expect(job).toMatchObject({
        RoleArn: 'arn:aws:iam::123456789012:role/SageMakerExecution',
        ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
        StoppingCondition: { MaxRuntimeInSeconds: 3600 },
        HyperParameters: { max_depth: '6', eta: '0.2' },
      });
      expect(emulator.sagemaker.training.get(name)?.tags).toEqual([
        { Key: 'requester', Value: 'U0BOB' },
        { Key: 'chatops:job', Value: name },
      ]);
    });

    it('reports a 5xx as a retryable AwsError', async () => {
      emulator.faults.inject({ operation: 'CreateTrainingJob', error: 'InternalFailure' });
      const error = await failure(gateway.createTrainingJob(spec(name)));
      expect(error).toBeInstanceOf(AwsError);
      expect(error).toMatchObject({ awsCode: 'InternalFailure', retryable: true });
    });

    it('reports a ValidationException as an AwsError that is not retryable', async () => {
      const error = await failure(gateway.createTrainingJob(spec(name, { roleArn: 'not-a-role' })));
      expect(error).toBeInstanceOf(AwsError);
      expect(error).toMatchObject({ awsCode: 'ValidationException', retryable: false });
      expect((error as AwsError).userMessage).toContain("at 'roleArn'");
    });

    it('reports an unreachable endpoint as a retryable AwsError', async () => {
      const closed = await startAwsEmulator();
      await closed.close();
      const client = createSageMakerClient({ region: 'us-east-1', endpoint: closed.url, credentials });
      try {
        const error = await failure(new SageMakerGateway(client).createTrainingJob(spec(name)));
        expect(error).toMatchObject({ awsCode: 'ECONNREFUSED', retryable: true });
      } finally {
        client.destroy();
      }
    });
  });

  describe('describeTrainingJob', () => {
    it('throws NotFoundError for a job that does not exist', async () => {
      const error = await failure(gateway.describeTrainingJob('no-such-job'));
      expect(error).toBeInstanceOf(NotFoundError);
    });

    it('shows the job in the bot’s words, with times in epoch milliseconds', async () => {
      await gateway.createTrainingJob(spec(name));
      emulator.clock.advance(9 * MINUTE);
      const view = await gateway.describeTrainingJob(name);
      expect(view).toMatchObject({
        name,
        status: 'Completed',
        secondaryStatus: 'Completed',
        createdAt: T0,
        startedAt: T0 + 2 * MINUTE,
        endedAt: T0 + 9 * MINUTE,
        billableSeconds: 420,
        instanceType: 'ml.m5.xlarge',
        instanceCount: 1,
        modelArtifacts: `s3://acme-ml/churn/models/${name}/output/model.tar.gz`,
      });
      expect(view.metrics.map((m) => m.name).sort()).toEqual(['train:error', 'validation:auc']);
      expect(view.transitions.map((t) => t.status)).toEqual(['Starting', 'Downloading', 'Training', 'Uploading', 'Completed']);
      expect(view.transitions[1]).toEqual({ status: 'Downloading', startTime: T0 + 2 * MINUTE, endTime: T0 + 3 * MINUTE, message: 'Downloading input data' });
    });

    it('shows a failed job with its reason', async () => {
      emulator.scenarios.failTraining({ nameContains: name, reason: 'AlgorithmError: NaN in input' });
      await gateway.createTrainingJob(spec(name));
      emulator.clock.advance(9 * MINUTE);
      expect(await gateway.describeTrainingJob(name)).toMatchObject({ status: 'Failed', secondaryStatus: 'Failed', failureReason: 'AlgorithmError: NaN in input' });
    });
  });

  describe('listTrainingJobs', () => {
    it('lists newest first, filtered by status, name and creation time, up to the limit', async () => {
      for (const suffix of ['a', 'b', 'c', 'd']) {
        await gateway.createTrainingJob(spec(`${name}-${suffix}`));
        emulator.clock.advance(5 * MINUTE);
      }
      const all = await gateway.listTrainingJobs({ nameContains: name });
      expect(all.map((s) => s.name)).toEqual(['d', 'c', 'b', 'a'].map((s) => `${name}-${s}`));
      expect(all[3]).toMatchObject({ status: 'Completed', createdAt: T0, endedAt: T0 + 9 * MINUTE });

      // Now is T0+20m and a job takes 9m: only the one created at 15m is still running.
      const running = await gateway.listTrainingJobs({ nameContains: name, status: 'InProgress' });
      expect(running.map((s) => s.name)).toEqual([`${name}-d`]);
      expect(await gateway.listTrainingJobs({ nameContains: name, limit: 3 })).toHaveLength(3);
      const recent = await gateway.listTrainingJobs({ nameContains: name, createdAfter: T0 + 5 * MINUTE });
      expect(recent.map((s) => s.name)).toEqual([`${name}-d`, `${name}-c`]);
    });

    it('follows pages until it has the number asked for', async () => {
      for (let i = 0; i < 105; i++) await gateway.createTrainingJob(spec(`${name}-${String(i).padStart(3, '0')}`));
      expect(await gateway.listTrainingJobs({ nameContains: name, limit: 103 })).toHaveLength(103);
      expect(emulator.callsOf('ListTrainingJobs').map((c) => c.input['MaxResults'])).toEqual([100, 3]);
    });
  });

  describe('stopTrainingJob', () => {
    it('stops a running job, and stopping it again is a no-op', async () => {
      await gateway.createTrainingJob(spec(name));
      await gateway.stopTrainingJob(name);
      expect((await gateway.describeTrainingJob(name)).status).toBe('Stopping');
      await gateway.stopTrainingJob(name);
      emulator.clock.advance(MINUTE);
      await gateway.stopTrainingJob(name);
      expect((await gateway.describeTrainingJob(name)).status).toBe('Stopped');
    });

    it('refuses, without retrying, to stop a job that already completed', async () => {
      await gateway.createTrainingJob(spec(name));
      emulator.clock.advance(10 * MINUTE);
      const error = await failure(gateway.stopTrainingJob(name));
      expect(error).toBeInstanceOf(AwsError);
      expect(error).toMatchObject({ awsCode: 'ValidationException', retryable: false });
      expect((error as AwsError).message).toContain('already completed');
    });

    it('throws NotFoundError for a job that does not exist', async () => {
      expect(await failure(gateway.stopTrainingJob('no-such-job'))).toBeInstanceOf(NotFoundError);
    });
  });
});
