import {
  CreateTrainingJobCommand,
  DescribeTrainingJobCommand,
  ListTagsCommand,
  ListTrainingJobsCommand,
  ResourceInUse,
  SageMakerServiceException,
  StopTrainingJobCommand,
  type CreateTrainingJobCommandInput,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSageMakerClient } from '../../src/aws/clients.ts';
import {
  AWS_JSON_1_0_QUERY_COMPATIBLE,
  AwsServiceError,
  encodeError,
  SimClock,
  startAwsEmulator,
  type AwsEmulator,
} from '../../src/sandbox/aws-emulator/index.ts';

const T0 = Date.parse('2026-03-01T09:00:00Z');
const MINUTE = 60_000;

function trainingInput(name: string, overrides: Partial<CreateTrainingJobCommandInput> = {}): CreateTrainingJobCommandInput {
  return {
    TrainingJobName: name,
    RoleArn: 'arn:aws:iam::123456789012:role/SageMakerExecution',
    AlgorithmSpecification: { TrainingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1', TrainingInputMode: 'File' },
    HyperParameters: { max_depth: '6', eta: '0.2' },
    InputDataConfig: [{ ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://acme-ml/churn/train/' } } }],
    OutputDataConfig: { S3OutputPath: 's3://acme-ml/churn/models/' },
    ResourceConfig: { InstanceType: 'ml.m5.xlarge', InstanceCount: 2, VolumeSizeInGB: 30 },
    StoppingCondition: { MaxRuntimeInSeconds: 3600 },
    Tags: [{ Key: 'requester', Value: 'U0BOB' }],
    ...overrides,
  };
}

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
let name: string;

beforeEach(async () => {
  emulator = await startAwsEmulator({ clock: new SimClock({ start: T0 }) });
  client = createSageMakerClient({ region: 'eu-west-1', endpoint: emulator.url, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } });
  name = `churn-${randomUUID().slice(0, 8)}`;
});

afterEach(async () => {
  client.destroy();
  await emulator.close();
});

const describeJob = (jobName = name) => client.send(new DescribeTrainingJobCommand({ TrainingJobName: jobName }));

describe('AWS emulator: SageMaker training jobs', () => {
  describe('when a training job is created and the clock advances', () => {
    it('passes through every secondary status and ends Completed with artifacts and billable time', async () => {
      const created = await client.send(new CreateTrainingJobCommand(trainingInput(name)));
      expect(created.TrainingJobArn).toBe(`arn:aws:sagemaker:eu-west-1:123456789012:training-job/${name}`);

      let job = await describeJob();
      expect(job).toMatchObject({ TrainingJobStatus: 'InProgress', SecondaryStatus: 'Starting' });
      expect(job.TrainingStartTime).toBeUndefined();
      expect(job.FinalMetricDataList).toEqual([]);

      emulator.clock.advance(2 * MINUTE);
      job = await describeJob();
      expect(job.SecondaryStatus).toBe('Downloading');
      expect(job.TrainingStartTime).toEqual(new Date(T0 + 2 * MINUTE));

      emulator.clock.advance(1 * MINUTE + 2.5 * MINUTE);
      job = await describeJob();
      expect(job.SecondaryStatus).toBe('Training');
      const midway = Object.fromEntries((job.FinalMetricDataList ?? []).map((m) => [m.MetricName, m.Value ?? Number.NaN]));
      expect(Object.keys(midway).sort()).toEqual(['train:error', 'validation:auc']);

      emulator.clock.advance(2.5 * MINUTE);
      job = await describeJob();
      expect(job.SecondaryStatus).toBe('Uploading');
      const final = Object.fromEntries((job.FinalMetricDataList ?? []).map((m) => [m.MetricName, m.Value ?? Number.NaN]));
      expect(final['validation:auc']).toBeGreaterThan(midway['validation:auc'] ?? 1);
      expect(final['train:error']).toBeLessThan(midway['train:error'] ?? 0);
      expect(job.ModelArtifacts).toBeUndefined();

      emulator.clock.advance(1 * MINUTE);
      job = await describeJob();
      expect(job).toMatchObject({
        TrainingJobStatus: 'Completed',
        SecondaryStatus: 'Completed',
        ModelArtifacts: { S3ModelArtifacts: `s3://acme-ml/churn/models/${name}/output/model.tar.gz` },
        BillableTimeInSeconds: 420,
        TrainingTimeInSeconds: 420,
        TrainingEndTime: new Date(T0 + 9 * MINUTE),
      });
      expect(job.SecondaryStatusTransitions?.map((t) => t.Status)).toEqual(['Starting', 'Downloading', 'Training', 'Uploading', 'Completed']);
      expect(job.SecondaryStatusTransitions?.every((t) => t.EndTime instanceof Date && t.StatusMessage)).toBe(true);
    });

    it('sends timestamps the SDK decodes as Dates', async () => {
      await client.send(new CreateTrainingJobCommand(trainingInput(name)));
      emulator.clock.advance(4 * MINUTE + 500);
      const job = await describeJob();
      expect(job.CreationTime).toEqual(new Date(T0));
      expect(job.LastModifiedTime).toBeInstanceOf(Date);
      expect(job.SecondaryStatusTransitions?.[0]?.StartTime).toEqual(new Date(T0));
      expect(job.FinalMetricDataList?.[0]?.Timestamp).toEqual(new Date(T0 + 4 * MINUTE + 500));
    });

    it('uses the metric names of the metric definitions when the request gives some', async () => {
      const input = trainingInput(name);
      input.AlgorithmSpecification = { ...input.AlgorithmSpecification, TrainingInputMode: 'File', MetricDefinitions: [{ Name: 'val:loss', Regex: 'loss=(.*)' }] };
      await client.send(new CreateTrainingJobCommand(input));
      emulator.clock.advance(5 * MINUTE);
      expect((await describeJob()).FinalMetricDataList?.map((m) => m.MetricName)).toEqual(['val:loss']);
    });

    it('records the tags of the request', async () => {
      const { TrainingJobArn } = await client.send(new CreateTrainingJobCommand(trainingInput(name)));
      const tags = await client.send(new ListTagsCommand({ ResourceArn: TrainingJobArn }));
      expect(tags.Tags).toEqual([{ Key: 'requester', Value: 'U0BOB' }]);
    });
  });

  describe('when a request is wrong', () => {
    it('answers ResourceInUse for a duplicate training-job name', async () => {
      const { TrainingJobArn } = await client.send(new CreateTrainingJobCommand(trainingInput(name)));
      const error = await rejection(client.send(new CreateTrainingJobCommand(trainingInput(name))));
      expect(error).toBeInstanceOf(ResourceInUse);
      expect(error.message).toBe(
        `Training job names must be unique within an AWS account and region, and a training job with this name already exists (${TrainingJobArn})`,
      );
      expect(emulator.sagemaker.trainingJobs).toHaveLength(1);
    });

    it('answers ValidationException naming every missing required field', async () => {
      const input = trainingInput(name);
      delete input.RoleArn;
      delete input.StoppingCondition;
      const error = await rejection(client.send(new CreateTrainingJobCommand(input)));
      expect(error.name).toBe('ValidationException');
      expect(error.$metadata.httpStatusCode).toBe(400);
      expect(error.message).toMatch(/^2 validation errors detected: /);
      expect(error.message).toContain("Value null at 'roleArn' failed to satisfy constraint: Member must not be null");
      expect(error.message).toContain("at 'stoppingCondition'");
      expect(emulator.sagemaker.trainingJobs).toHaveLength(0);
    });

    it('answers ValidationException for a name SageMaker does not accept', async () => {
      const error = await rejection(client.send(new CreateTrainingJobCommand(trainingInput('bad_name!'))));
      expect(error.name).toBe('ValidationException');
      expect(error.message).toContain("Value 'bad_name!' at 'trainingJobName'");
    });

    it('answers ValidationException "Requested resource not found." for an unknown job', async () => {
      const error = await rejection(describeJob('no-such-job'));
      expect(error.name).toBe('ValidationException');
      expect(error.message).toBe('Requested resource not found.');
    });

    it('refuses a request without an Authorization header', async () => {
      const res = await fetch(emulator.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'SageMaker.ListTrainingJobs' },
        body: '{}',
      });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' });
    });
  });

  describe('when a job is stopped', () => {
    it('is Stopping, then Stopped on the next clock step, and cannot be stopped again', async () => {
      await client.send(new CreateTrainingJobCommand(trainingInput(name)));
      emulator.clock.advance(4 * MINUTE);
      await client.send(new StopTrainingJobCommand({ TrainingJobName: name }));
      expect(await describeJob()).toMatchObject({ TrainingJobStatus: 'Stopping', SecondaryStatus: 'Stopping' });

      emulator.clock.advance(1_000);
      const job = await describeJob();
      expect(job).toMatchObject({ TrainingJobStatus: 'Stopped', SecondaryStatus: 'Stopped', BillableTimeInSeconds: 120 });
      expect(job.ModelArtifacts).toBeUndefined();

      const again = await rejection(client.send(new StopTrainingJobCommand({ TrainingJobName: name })));
      expect(again.name).toBe('ValidationException');
      expect(again.message).toBe('The request was rejected because the training job is in status Stopped.');
    });
  });

  describe('when the failTraining scenario is set', () => {
    it('fails the next matching job with its reason and leaves the others alone', async () => {
      emulator.scenarios.failTraining({ nameContains: 'doomed', reason: 'AlgorithmError: out of memory' });
      await client.send(new CreateTrainingJobCommand(trainingInput(`${name}-ok`)));
      await client.send(new CreateTrainingJobCommand(trainingInput(`${name}-doomed`)));
      await client.send(new CreateTrainingJobCommand(trainingInput(`${name}-doomed-2`)));
      emulator.clock.advance(10 * MINUTE);

      const failed = await describeJob(`${name}-doomed`);
      expect(failed).toMatchObject({ TrainingJobStatus: 'Failed', SecondaryStatus: 'Failed', FailureReason: 'AlgorithmError: out of memory' });
      expect(failed.TrainingEndTime).toEqual(new Date(T0 + 5.5 * MINUTE));
      expect(failed.FinalMetricDataList).toHaveLength(2);
      expect((await describeJob(`${name}-ok`)).TrainingJobStatus).toBe('Completed');
      expect((await describeJob(`${name}-doomed-2`)).TrainingJobStatus).toBe('Completed');
    });
  });

  describe('ListTrainingJobs', () => {
    beforeEach(async () => {
      for (const suffix of ['a', 'b', 'c', 'd', 'e']) {
        await client.send(new CreateTrainingJobCommand(trainingInput(`${name}-${suffix}`)));
        emulator.clock.advance(3 * MINUTE);
      }
      await client.send(new CreateTrainingJobCommand(trainingInput(`other-${randomUUID().slice(0, 8)}`)));
    });

    it('filters by status, name and creation time', async () => {
      const completed = await client.send(new ListTrainingJobsCommand({ StatusEquals: 'Completed', NameContains: name.toUpperCase() }));
      // Now is T0+15m; a job takes 9m, so the jobs created at 0, 3 and 6 minutes are done.
      expect(completed.TrainingJobSummaries?.map((s) => s.TrainingJobName)).toEqual([`${name}-c`, `${name}-b`, `${name}-a`]);

      const recent = await client.send(new ListTrainingJobsCommand({ NameContains: name, CreationTimeAfter: new Date(T0 + 5 * MINUTE) }));
      expect(recent.TrainingJobSummaries?.map((s) => s.TrainingJobName)).toEqual([`${name}-e`, `${name}-d`, `${name}-c`]);
      expect(recent.TrainingJobSummaries?.[0]?.CreationTime).toEqual(new Date(T0 + 12 * MINUTE));
    });

    it('pages with NextToken in the requested order', async () => {
      const names: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await client.send(new ListTrainingJobsCommand({ NameContains: name, MaxResults: 2, SortBy: 'Name', SortOrder: 'Ascending', NextToken: token }));
        names.push(...(page.TrainingJobSummaries ?? []).map((s) => s.TrainingJobName ?? ''));
        token = page.NextToken;
        pages += 1;
      } while (token);
      expect(pages).toBe(3);
      expect(names).toEqual(['a', 'b', 'c', 'd', 'e'].map((s) => `${name}-${s}`));
    });

    it('answers ValidationException for MaxResults out of range', async () => {
      const error = await rejection(client.send(new ListTrainingJobsCommand({ MaxResults: 101 })));
      expect(error.name).toBe('ValidationException');
    });
  });
});

describe('AWS emulator: faults and observability', () => {
  it('throttles the given operation the given number of times, then answers', async () => {
    emulator.faults.inject({ operation: 'CreateTrainingJob', error: 'ThrottlingException', times: 1 });
    const error = await rejection(client.send(new CreateTrainingJobCommand(trainingInput(name))));
    expect(error).toMatchObject({ name: 'ThrottlingException', message: 'Rate exceeded', $fault: 'client' });
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(emulator.sagemaker.trainingJobs).toHaveLength(0);
    await client.send(new CreateTrainingJobCommand(trainingInput(name)));
    expect(emulator.callsOf('CreateTrainingJob').map((c) => c.status)).toEqual([400, 200]);
  });

  it('injects 5xx errors as server faults', async () => {
    emulator.faults.inject({ operation: 'DescribeTrainingJob', error: 'ServiceUnavailable' });
    const error = await rejection(describeJob());
    expect(error).toMatchObject({ name: 'ServiceUnavailable', $fault: 'server' });
    expect(error.$metadata.httpStatusCode).toBe(503);
  });

  it('drops the response after doing the work when asked', async () => {
    emulator.faults.inject({ operation: 'CreateTrainingJob', dropResponse: true, times: 1 });
    await expect(client.send(new CreateTrainingJobCommand(trainingInput(name)))).rejects.toThrow();
    expect(emulator.sagemaker.trainingJobs.map((j) => j.TrainingJobName)).toEqual([name]);
  });

  it('emits each call when it arrives, before the operation runs', async () => {
    const seen: { operation: string; existed: boolean; answered: boolean }[] = [];
    emulator.events.on('call', (call) => {
      seen.push({ operation: call.operation, existed: emulator.sagemaker.training.get(name) !== undefined, answered: call.status !== undefined });
    });
    await client.send(new CreateTrainingJobCommand(trainingInput(name)));
    expect(seen).toEqual([{ operation: 'CreateTrainingJob', existed: false, answered: false }]);
    expect(emulator.calls[0]).toMatchObject({ service: 'sagemaker', operation: 'CreateTrainingJob', status: 200, at: T0 });
    expect(emulator.calls[0]?.input['TrainingJobName']).toBe(name);
  });

  it('encodes errors of query-compatible services in x-amzn-query-error too', () => {
    const encoded = encodeError(AWS_JSON_1_0_QUERY_COMPATIBLE, new AwsServiceError('InternalFailure', 'boom', 500), 'req-1');
    expect(encoded.status).toBe(500);
    expect(encoded.headers).toMatchObject({
      'content-type': 'application/x-amz-json-1.0',
      'x-amzn-errortype': 'InternalFailure',
      'x-amzn-query-error': 'InternalFailure;Receiver',
    });
    expect(JSON.parse(encoded.body)).toEqual({ __type: 'InternalFailure', message: 'boom' });
  });
});

describe('AWS emulator control API', () => {
  const control = async (method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> => {
    const res = await fetch(`${emulator.url}/_emulator/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };

  it('drives faults, scenarios and the clock over HTTP and shows calls and state', async () => {
    expect((await control('POST', 'faults', { operation: 'CreateTrainingJob', error: 'InternalFailure', times: 1 })).status).toBe(200);
    expect((await rejection(client.send(new CreateTrainingJobCommand(trainingInput(name))))).name).toBe('InternalFailure');

    await control('POST', 'scenarios/fail-training', { nameContains: name, reason: 'AlgorithmError: boom' });
    await client.send(new CreateTrainingJobCommand(trainingInput(name)));
    const advanced = await control('POST', 'clock/advance', { ms: 10 * MINUTE });
    expect(advanced.json['now']).toBe(T0 + 10 * MINUTE);
    expect((await describeJob()).FailureReason).toBe('AlgorithmError: boom');

    const calls = await control('GET', 'calls?operation=CreateTrainingJob');
    expect((calls.json['calls'] as { status: number }[]).map((c) => c.status)).toEqual([500, 200]);

    const state = await control('GET', 'state');
    const services = state.json['services'] as { sagemaker: { trainingJobs: { TrainingJobName: string; TrainingJobStatus: string; Tags: unknown[] }[] } };
    expect(services.sagemaker.trainingJobs).toEqual([expect.objectContaining({ TrainingJobName: name, TrainingJobStatus: 'Failed', Tags: [{ Key: 'requester', Value: 'U0BOB' }] })]);

    await control('POST', 'reset');
    expect(emulator.sagemaker.trainingJobs).toHaveLength(0);
    expect(emulator.calls).toHaveLength(0);
  });

  it('explains a bad control request', async () => {
    const res = await control('POST', 'clock/advance', { ms: 'soon' });
    expect(res.status).toBe(400);
    expect(String(res.json['error'])).toContain('ms');
  });
});
