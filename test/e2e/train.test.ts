import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildSlashCommandBody, computeSlackSignature, sendSigned } from '../../src/sandbox/slack-signer.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { SIGNING_SECRET, startWorld, type World } from '../helpers/world.ts';

const MINUTE = 60_000;

/** The parts of a CreateTrainingJob request the assertions read. */
interface CreateInput {
  TrainingJobName: string;
  AlgorithmSpecification: { TrainingImage: string };
  RoleArn: string;
  ResourceConfig: { InstanceType: string; InstanceCount: number };
  HyperParameters: Record<string, string>;
  StoppingCondition: { MaxRuntimeInSeconds: number };
  OutputDataConfig: { S3OutputPath: string };
  InputDataConfig: { ChannelName: string; DataSource: { S3DataSource: { S3Uri: string } } }[];
}

/** Everything the fake Slack holds for the ops channel, as text, for assertions. */
function opsText(world: World): string {
  return world.slack
    .messages('C0OPS')
    .map((m) => `${m.text}\n${JSON.stringify(m.blocks ?? [])}`)
    .join('\n');
}

function trainingJobs(world: World) {
  return world.emulator.sagemaker.trainingJobs;
}

describe('/sm train, end to end through signed HTTP', () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld();
  });
  afterEach(async () => {
    await world.close();
  });

  describe('when an operator asks for a training run with overrides', () => {
    it('acks privately, creates the training job with the recipe and overrides, and reports every state in the ops thread', async () => {
      const responseUrl = world.slack.responseUrl();
      const res = await world.command('U0BOB', 'train churn-xgb max_depth=8 instance=ml.m5.2xlarge', { responseUrl });
      expect(res.status).toBe(200);
      const ack = (await res.json()) as { response_type: string; text: string };
      expect(ack.response_type).toBe('ephemeral');
      expect(ack.text).toMatch(/queued/i);

      const create = await waitFor(() => world.emulator.callsOf('CreateTrainingJob')[0], { message: 'CreateTrainingJob' });
      const input = create.input as unknown as CreateInput;
      expect(input.AlgorithmSpecification.TrainingImage).toBe('683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1');
      expect(input.RoleArn).toBe('arn:aws:iam::123456789012:role/SageMakerExecution');
      expect(input.ResourceConfig).toMatchObject({ InstanceType: 'ml.m5.2xlarge', InstanceCount: 1 });
      expect(input.HyperParameters).toEqual({ max_depth: '8', eta: '0.2', num_round: '100' });
      expect(input.StoppingCondition.MaxRuntimeInSeconds).toBe(3600);
      expect(input.OutputDataConfig.S3OutputPath).toBe('s3://acme-ml/churn/models/');
      const channels = input.InputDataConfig.map((c) => [c.ChannelName, c.DataSource.S3DataSource.S3Uri]);
      expect(channels).toEqual([
        ['train', 's3://acme-ml/churn/train/'],
        ['validation', 's3://acme-ml/churn/validation/'],
      ]);
      const name = input.TrainingJobName;

      // One ops message for the job, then one thread line per state as the clock moves.
      const parent = await waitFor(() => world.slack.messages('C0OPS').find((m) => m.text.includes(name) && (!m.thread_ts || m.thread_ts === m.ts)), { message: 'ops message' });
      for (const state of ['Starting', 'Downloading', 'Training', 'Uploading', 'Completed']) {
        await waitFor(() => world.slack.thread('C0OPS', parent.ts).some((m) => m.ts !== parent.ts && m.text.includes(state)), { timeoutMs: 20_000, message: `thread line for ${state}` });
        world.emulator.clock.advance(3 * MINUTE);
      }
      const final = await waitFor(() => {
        const message = world.slack.message('C0OPS', parent.ts);
        return message && /Completed/.test(message.text + JSON.stringify(message.blocks)) ? message : undefined;
      }, { message: 'final message' });
      const finalText = `${final.text}\n${JSON.stringify(final.blocks)}`;
      expect(finalText).toMatch(/validation:auc/);
      expect(finalText).toMatch(/\$\d+\.\d\d/);
      expect(finalText).toContain(`s3://acme-ml/churn/models/${name}/output/model.tar.gz`);
      expect(finalText).not.toMatch(/sm_stop/);
      // Exactly one top-level message for the job, updated in place.
      expect(world.slack.messages('C0OPS').filter((m) => m.text.includes(name) && (!m.thread_ts || m.thread_ts === m.ts))).toHaveLength(1);
      expect(world.slack.callsOf('chat.update').length).toBeGreaterThan(0);
      // The private reply was replaced with where the job lives.
      await waitFor(() => world.slack.responses(responseUrl).some((r) => (r.text ?? '').includes(name)), { message: 'started reply' });
    });
  });

  describe('when the states pass faster than Slack lets the bot post', () => {
    it('still posts every state once, in the order they happened', async () => {
      await world.command('U0BOB', 'train churn-xgb');
      const parent = await waitFor(() => world.slack.messages('C0OPS')[0], { message: 'ops message' });
      world.emulator.clock.advance(30 * MINUTE);
      const lines = await waitFor(
        () => {
          const thread = world.slack.thread('C0OPS', parent.ts).filter((m) => m.ts !== parent.ts);
          return thread.some((m) => m.text.includes('Completed')) ? thread : undefined;
        },
        { timeoutMs: 20_000, message: 'Completed line' },
      );
      // Each line reads `<job>: <State>: <SageMaker's message>`.
      const states = lines.map((m) => /^[^:]+: (\w+)/.exec(m.text)?.[1]);
      expect(states).toEqual(['Starting', 'Downloading', 'Training', 'Uploading', 'Completed']);
    });
  });

  describe('when the same signed request arrives five times', () => {
    it('creates one training job', async () => {
      const body = buildSlashCommandBody({ user: 'U0BOB', channel: 'C0OPS', text: 'train churn-xgb', responseUrl: world.slack.responseUrl(), triggerId: '123.456.abc' });
      const timestamp = Math.floor(Date.now() / 1000);
      const results = await Promise.all(Array.from({ length: 5 }, () => sendSigned(world.bot.url ?? '', SIGNING_SECRET, body, timestamp)));
      expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
      await waitFor(() => world.emulator.callsOf('CreateTrainingJob').length === 1);
      const counts = await world.ctx.lifecycle.getJobCounts();
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(1);
      await waitFor(() => world.slack.messages('C0OPS').length > 0);
      expect(trainingJobs(world)).toHaveLength(1);
    });
  });

  describe('signature checks', () => {
    const post = (world: World, headers: Record<string, string>, body: string) =>
      fetch(`${world.bot.url}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
    const body = () => buildSlashCommandBody({ user: 'U0BOB', channel: 'C0OPS', text: 'train churn-xgb' });

    it('refuses a bad signature with 401', async () => {
      const ts = Math.floor(Date.now() / 1000);
      const b = body();
      const res = await post(world, { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': computeSlackSignature('not-the-secret', ts, b) }, b);
      expect(res.status).toBe(401);
    });
    it('refuses a timestamp more than five minutes old with 401, even when signed', async () => {
      const ts = Math.floor(Date.now() / 1000) - 301;
      const b = body();
      const res = await post(world, { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': computeSlackSignature(SIGNING_SECRET, ts, b) }, b);
      expect(res.status).toBe(401);
    });
    it('refuses a timestamp more than five minutes in the future with 401, even when signed', async () => {
      const ts = Math.floor(Date.now() / 1000) + 301;
      const b = body();
      const res = await post(world, { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': computeSlackSignature(SIGNING_SECRET, ts, b) }, b);
      expect(res.status).toBe(401);
    });
    it('enqueues nothing for any refused request', async () => {
      const ts = Math.floor(Date.now() / 1000);
      const b = body();
      await post(world, { 'x-slack-request-timestamp': String(ts), 'x-slack-signature': 'v0=deadbeef' }, b);
      const counts = await world.ctx.lifecycle.getJobCounts();
      expect(Object.values(counts).reduce((a, c) => a + c, 0)).toBe(0);
      expect(world.emulator.callsOf('CreateTrainingJob')).toHaveLength(0);
    });
  });

  describe('when a viewer asks for a training run', () => {
    it('refuses privately naming the operator role, enqueues nothing, and audits the refusal', async () => {
      const res = await world.command('U0VIEW', 'train churn-xgb');
      expect(res.status).toBe(200);
      const reply = (await res.json()) as { text: string; response_type: string };
      expect(reply.response_type).toBe('ephemeral');
      expect(reply.text).toMatch(/operator/);
      const counts = await world.ctx.lifecycle.getJobCounts();
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
      const entries = await waitFor(async () => {
        const recent = await world.ctx.audit.recent(10);
        return recent.find((e) => e.actor === 'U0VIEW' && e.outcome === 'refused');
      });
      expect(entries.action).toBe('command:train');
    });
  });

  describe('when a user group grants the operator role', () => {
    it('lets its member train', async () => {
      const res = await world.command('U0DAVE', 'train churn-xgb');
      const reply = (await res.json()) as { text: string };
      expect(reply.text).toMatch(/queued/i);
      await waitFor(() => world.emulator.callsOf('CreateTrainingJob').length === 1);
    });
  });

  describe('when the input is wrong', () => {
    it('says what was wrong, shows the usage and suggests the nearest name', async () => {
      const res = await world.command('U0BOB', 'train churn-xbg');
      const reply = (await res.json()) as { text: string; blocks: unknown[] };
      const all = `${reply.text}\n${JSON.stringify(reply.blocks)}`;
      expect(all).toContain('churn-xgb');
      expect(all).toMatch(/\/sm train/);
      expect(world.emulator.callsOf('CreateTrainingJob')).toHaveLength(0);
    });
    it('escapes user text echoed back', async () => {
      const res = await world.command('U0BOB', 'train <!channel> &amp; <@U0ALICE>');
      const reply = (await res.json()) as { text: string; blocks: unknown[] };
      const all = `${reply.text}\n${JSON.stringify(reply.blocks)}`;
      expect(all).not.toContain('<!channel>');
      expect(all).not.toContain('<@U0ALICE>');
    });
  });

  describe('when SageMaker throttles CreateTrainingJob twice', () => {
    it('retries with backoff and ends with exactly one training job', async () => {
      world.emulator.faults.inject({ operation: 'CreateTrainingJob', error: 'ThrottlingException', times: 2 });
      await world.command('U0BOB', 'train churn-xgb');
      await waitFor(() => trainingJobs(world).length === 1 && world.slack.messages('C0OPS').length > 0, { timeoutMs: 20_000 });
      expect(world.emulator.callsOf('CreateTrainingJob').map((c) => c.error ?? 'ok')).toEqual(['ThrottlingException', 'ThrottlingException', 'ok']);
      expect(trainingJobs(world)).toHaveLength(1);
    });
  });

  describe('when the training job fails in SageMaker', () => {
    it('puts the failure reason in the job thread', async () => {
      world.emulator.scenarios.failTraining({ reason: 'AlgorithmError: feature max_depth out of range' });
      await world.command('U0BOB', 'train churn-xgb');
      const parent = await waitFor(() => world.slack.messages('C0OPS')[0]);
      for (let i = 0; i < 6; i += 1) world.emulator.clock.advance(3 * MINUTE);
      await waitFor(() => world.slack.thread('C0OPS', parent.ts).some((m) => m.text.includes('AlgorithmError: feature max_depth out of range')), { message: 'failure reason in thread' });
      expect(opsText(world)).toMatch(/Failed/);
    });
  });

  describe('when SageMaker rejects the request', () => {
    it('fails the job at once and says why in the ops channel and privately', async () => {
      world.emulator.faults.inject({ operation: 'CreateTrainingJob', error: 'ResourceLimitExceeded', status: 400, message: 'The account-level service limit for ml.m5.xlarge is 0 Instances', times: 1 });
      const responseUrl = world.slack.responseUrl();
      await world.command('U0BOB', 'train churn-xgb', { responseUrl });
      await waitFor(() => opsText(world).includes('service limit'), { message: 'failure in ops channel' });
      await waitFor(() => world.slack.responses(responseUrl).some((r) => `${r.text}${JSON.stringify(r.blocks)}`.includes('service limit')));
      expect(world.emulator.callsOf('CreateTrainingJob')).toHaveLength(1);
    });
  });
});
