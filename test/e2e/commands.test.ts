import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STOP_ACTION_ID } from '../../src/slack/blocks/training-job.ts';
import { sendEvent } from '../../src/sandbox/slack-signer.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { SIGNING_SECRET, startWorld, type World } from '../helpers/world.ts';

const MINUTE = 60_000;

type Reply = { text: string; blocks?: unknown[]; response_type?: string };
const all = (reply: Reply | { text?: string; blocks?: unknown[] }) => `${reply.text ?? ''}\n${JSON.stringify(reply.blocks ?? [])}`;

/** Sends `/sm <text>` and waits for the job's private answer on the response_url. */
async function ask(world: World, user: string, text: string): Promise<string> {
  const responseUrl = world.slack.responseUrl();
  const res = await world.command(user, text, { responseUrl });
  expect(res.status).toBe(200);
  const reply = await waitFor(() => world.slack.responses(responseUrl)[0], { message: `answer to ${text}` });
  return all(reply);
}

describe('the other sub-commands, end to end', () => {
  let world: World;
  let bobsJob = '';
  let carolsJob = '';
  beforeAll(async () => {
    world = await startWorld();
    await world.command('U0BOB', 'train churn-xgb');
    await waitFor(() => world.emulator.sagemaker.trainingJobs.length === 1);
    world.emulator.scenarios.failTraining({ reason: 'AlgorithmError: out of memory' });
    await world.command('U0CAROL', 'train churn-xgb eta=0.3');
    await waitFor(() => world.emulator.sagemaker.trainingJobs.length === 2);
    const jobs = world.emulator.sagemaker.trainingJobs as { TrainingJobName: string; HyperParameters: Record<string, string> }[];
    bobsJob = jobs.find((j) => j.HyperParameters['eta'] === '0.2')?.TrainingJobName ?? '';
    carolsJob = jobs.find((j) => j.HyperParameters['eta'] === '0.3')?.TrainingJobName ?? '';
    await waitFor(() => world.slack.messages('C0OPS').length === 2, { message: 'both ops messages' });
  });
  afterAll(async () => {
    await world.close();
  });

  describe('/sm status', () => {
    it('describes the job privately with its state and requester', async () => {
      const answer = await ask(world, 'U0VIEW', `status ${bobsJob}`);
      expect(answer).toContain(bobsJob);
      expect(answer).toMatch(/Starting|InProgress/);
      expect(answer).toContain('<@U0BOB>');
    });
    it('says so in words when the job does not exist', async () => {
      const answer = await ask(world, 'U0VIEW', 'status no-such-job');
      expect(answer).toMatch(/not found|does not exist|No training job/i);
    });
  });

  describe('/sm jobs', () => {
    it('lists recent jobs, and `mine` only the caller’s', async () => {
      const everyone = await ask(world, 'U0VIEW', 'jobs');
      expect(everyone).toContain(bobsJob);
      expect(everyone).toContain(carolsJob);
      const mine = await ask(world, 'U0BOB', 'jobs mine');
      expect(mine).toContain(bobsJob);
      expect(mine).not.toContain(carolsJob);
    });
    it('`failed` lists only failed jobs', async () => {
      for (let i = 0; i < 4; i += 1) world.emulator.clock.advance(3 * MINUTE);
      await waitFor(async () => (await world.ctx.sagemaker.describeTrainingJob(carolsJob)).status === 'Failed');
      const failed = await ask(world, 'U0VIEW', 'jobs failed');
      expect(failed).toContain(carolsJob);
      expect(failed).not.toContain(bobsJob);
    });
  });

  describe('the Stop button', () => {
    it('refuses a viewer', async () => {
      const parent = world.slack.messages('C0OPS').find((m) => m.text.includes(bobsJob));
      const responseUrl = world.slack.responseUrl();
      await world.click({ user: 'U0VIEW', channel: 'C0OPS', messageTs: parent?.ts ?? '', actionId: STOP_ACTION_ID, value: bobsJob, responseUrl });
      const reply = await waitFor(() => world.slack.responses(responseUrl)[0]);
      expect(all(reply)).toMatch(/operator/);
      expect(world.emulator.callsOf('StopTrainingJob')).toHaveLength(0);
    });
    it('refuses a click whose job does not match the message it came from', async () => {
      const carolsMessage = world.slack.messages('C0OPS').find((m) => m.text.includes(carolsJob));
      const responseUrl = world.slack.responseUrl();
      await world.click({ user: 'U0BOB', channel: 'C0OPS', messageTs: carolsMessage?.ts ?? '', actionId: STOP_ACTION_ID, value: bobsJob, responseUrl });
      await waitFor(() => world.slack.responses(responseUrl)[0]);
      expect(world.emulator.callsOf('StopTrainingJob')).toHaveLength(0);
      const refusal = await waitFor(async () => (await world.ctx.audit.recent(5)).find((e) => e.action === 'button:stop' && e.outcome === 'refused' && e.actor === 'U0BOB'));
      expect(refusal.detail).toMatch(/does not belong/);
    });
    it('stops the job when an operator presses it on the job’s own message', async () => {
      // A fresh job: the clock moved on above, and the earlier ones have ended.
      await world.command('U0BOB', 'train churn-xgb num_round=50');
      const running = await waitFor(() => (world.emulator.sagemaker.trainingJobs as { TrainingJobName: string; HyperParameters: Record<string, string> }[]).find((j) => j.HyperParameters['num_round'] === '50'));
      const parent = await waitFor(() => world.slack.messages('C0OPS').find((m) => m.text.includes(running.TrainingJobName)));
      expect(JSON.stringify(parent.blocks)).toContain(STOP_ACTION_ID);
      await world.click({ user: 'U0CAROL', channel: 'C0OPS', messageTs: parent.ts, actionId: STOP_ACTION_ID, value: running.TrainingJobName });
      await waitFor(() => world.emulator.callsOf('StopTrainingJob').length === 1);
      world.emulator.clock.advance(MINUTE);
      // The ops channel is paced at one write a second, and three jobs share it here.
      await waitFor(() => world.slack.thread('C0OPS', parent.ts).some((m) => m.text.includes('Stopped')), { timeoutMs: 20_000, message: 'Stopped in thread' });
      expect(JSON.stringify(world.slack.message('C0OPS', parent.ts)?.blocks)).not.toContain(STOP_ACTION_ID);
      const entry = await waitFor(async () => (await world.ctx.audit.recent(20)).find((e) => e.action === 'job:stop' && e.outcome === 'ok'));
      expect(entry.actor).toBe('U0CAROL');
    });
  });

  describe('/sm audit', () => {
    it('shows an admin the latest entries', async () => {
      const res = await world.command('U0ADMIN', 'audit 5');
      expect(res.status).toBe(200);
      const responses = await waitFor(() => world.slack.responses().find((r) => all(r).includes('command:')));
      expect(all(responses)).toMatch(/U0BOB|U0CAROL/);
    });
    it('refuses an operator, naming the admin role', async () => {
      const res = await world.command('U0BOB', 'audit');
      const reply = (await res.json()) as Reply;
      expect(reply.text).toMatch(/admin/);
    });
  });

  describe('/sm help', () => {
    it('lists every sub-command that exists and no other', async () => {
      const res = await world.command('U0VIEW', 'help');
      const reply = all((await res.json()) as Reply);
      for (const name of ['train', 'status', 'jobs', 'stop', 'audit', 'help']) expect(reply).toContain(`/sm ${name}`);
      for (const name of ['deploy', 'rollback', 'endpoints', 'models', 'approvals', 'alerts', 'cost']) expect(reply).toContain(`/sm ${name}`);
    });
  });

  describe('the App Home tab', () => {
    it('shows the user their roles and their jobs', async () => {
      const res = await sendEvent(world.bot.url ?? '', SIGNING_SECRET, { type: 'app_home_opened', user: 'U0BOB', channel: 'D0BOB', tab: 'home' });
      expect(res.status).toBe(200);
      const view = await waitFor(() => world.slack.homeView('U0BOB'));
      const text = JSON.stringify(view);
      expect(text).toContain('operator');
      expect(text).toContain(bobsJob);
      expect(text).not.toContain(carolsJob);
    });
  });

  describe('health endpoints', () => {
    it('answers /healthz, /readyz (Redis with noeviction) and /metrics', async () => {
      expect((await fetch(`${world.bot.url}/healthz`)).status).toBe(200);
      const ready = await fetch(`${world.bot.url}/readyz`);
      expect(ready.status).toBe(200);
      const metrics = await (await fetch(`${world.bot.url}/metrics`)).text();
      expect(metrics).toMatch(/smchatops_commands_total\{subcommand="train",outcome="ok"\} \d+/);
    });
  });
});
