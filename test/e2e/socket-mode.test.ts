import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonObject } from '../../src/sandbox/fake-slack/types.ts';
import { buildBlockActionPayload, buildSlashCommandBody, newTriggerId } from '../../src/sandbox/slack-signer.ts';
import { STOP_ACTION_ID } from '../../src/slack/blocks/training-job.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { APP_TOKEN, startWorld, type World } from '../helpers/world.ts';

type Reply = { response_type?: string; text?: string; blocks?: unknown[] };
const all = (reply: Reply | undefined) => `${reply?.text ?? ''}\n${JSON.stringify(reply?.blocks ?? [])}`;

/** `/sm <text>` as Slack puts it in a slash_commands envelope: the form fields as a JSON object of strings. */
function slashCommand(world: World, user: string, text: string, triggerId = newTriggerId()): JsonObject {
  return Object.fromEntries(new URLSearchParams(buildSlashCommandBody({ user, channel: 'C0OPS', text, responseUrl: world.slack.responseUrl(), triggerId })));
}

describe('Socket Mode, end to end', () => {
  let world: World;
  beforeEach(async () => {
    world = await startWorld({ socketMode: true });
  });
  afterEach(async () => {
    await world.close();
  });

  it('connects with the app-level token and keeps the HTTP server for health checks only', async () => {
    expect(world.slack.callsOf('apps.connections.open').map((c) => [c.token, c.ok])).toEqual([[APP_TOKEN, true]]);
    expect(world.slack.socketMode.connections).toBe(1);
    expect((await fetch(`${world.bot.url}/healthz`)).status).toBe(200);
    // No HTTP receiver: Slack requests can only come over the socket.
    expect((await fetch(`${world.bot.url}/slack/events`, { method: 'POST', body: '' })).status).toBe(404);
  });

  describe('when an operator sends /sm train with an override', () => {
    it('acks with the private queued reply, creates one training job with the override and posts it to the ops channel', async () => {
      const ack = (await world.slack.socketMode.send({ type: 'slash_commands', payload: slashCommand(world, 'U0BOB', 'train churn-xgb max_depth=8') })) as Reply;

      expect(ack.response_type).toBe('ephemeral');
      expect(all(ack)).toMatch(/queued/i);
      expect(all(ack)).toContain('max_depth=8');

      const create = await waitFor(() => world.emulator.callsOf('CreateTrainingJob')[0], { message: 'CreateTrainingJob' });
      const input = create.input as unknown as { TrainingJobName: string; HyperParameters: Record<string, string> };
      expect(input.HyperParameters).toEqual({ max_depth: '8', eta: '0.2', num_round: '100' });
      await waitFor(() => world.slack.messages('C0OPS').find((m) => m.text.includes(input.TrainingJobName)), { message: 'ops message' });
      expect(world.emulator.callsOf('CreateTrainingJob')).toHaveLength(1);
      expect(world.emulator.sagemaker.trainingJobs).toHaveLength(1);
    });
  });

  describe('when a viewer sends /sm train', () => {
    it('refuses in the ack and enqueues nothing', async () => {
      const ack = (await world.slack.socketMode.send({ type: 'slash_commands', payload: slashCommand(world, 'U0VIEW', 'train churn-xgb') })) as Reply;

      expect(ack.response_type).toBe('ephemeral');
      expect(all(ack)).toMatch(/operator/);
      const refusal = await waitFor(async () => (await world.ctx.audit.recent(5)).find((e) => e.action === 'command:train' && e.outcome === 'refused'), { message: 'refusal audited' });
      expect(refusal.actor).toBe('U0VIEW');
      const counts = await world.ctx.lifecycle.getJobCounts();
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
      expect(world.emulator.callsOf('CreateTrainingJob')).toHaveLength(0);
    });
  });

  describe('when Slack delivers the same command again (retry_attempt 1)', () => {
    it('creates one training job and says so in the second ack', async () => {
      const payload = slashCommand(world, 'U0BOB', 'train churn-xgb');
      const first = (await world.slack.socketMode.send({ type: 'slash_commands', payload })) as Reply;
      const retry = (await world.slack.socketMode.send({ type: 'slash_commands', payload, retry_attempt: 1, retry_reason: 'timeout' })) as Reply;

      expect(all(first)).toMatch(/queued/i);
      expect(all(retry)).toMatch(/already/i);
      await waitFor(() => world.emulator.callsOf('CreateTrainingJob').length === 1, { message: 'CreateTrainingJob' });
      await waitFor(() => world.slack.messages('C0OPS').length > 0, { message: 'ops message' });
      const counts = await world.ctx.lifecycle.getJobCounts();
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(1);
      expect(world.emulator.sagemaker.trainingJobs).toHaveLength(1);
      expect(world.slack.socketMode.envelopes.map((r) => [r.envelope.retry_attempt, Boolean(r.ack)])).toEqual([
        [0, true],
        [1, true],
      ]);
    });
  });

  describe('when a viewer clicks Stop (an interactive envelope)', () => {
    it('acks the click and stops nothing', async () => {
      await world.slack.socketMode.send({ type: 'slash_commands', payload: slashCommand(world, 'U0BOB', 'train churn-xgb') });
      const name = await waitFor(() => (world.emulator.sagemaker.trainingJobs[0] as { TrainingJobName: string } | undefined)?.TrainingJobName, { message: 'training job' });
      const parent = await waitFor(() => world.slack.messages('C0OPS').find((m) => m.text.includes(name)), { message: 'ops message' });
      const responseUrl = world.slack.responseUrl();
      const payload = buildBlockActionPayload({ user: 'U0VIEW', channel: 'C0OPS', messageTs: parent.ts, actionId: STOP_ACTION_ID, value: name, responseUrl }) as JsonObject;

      await world.slack.socketMode.send({ type: 'interactive', payload });

      const reply = await waitFor(() => world.slack.responses(responseUrl)[0], { message: 'refusal' });
      expect(all(reply)).toMatch(/operator/);
      expect(world.emulator.callsOf('StopTrainingJob')).toHaveLength(0);
    });
  });
});

describe('Socket Mode, when Slack drops the socket and cannot open a new one for a while', () => {
  const GRACE_MS = 1_000;
  const BACKOFF_MAX_MS = 200;
  let world: World;
  beforeEach(async () => {
    world = await startWorld({
      socketMode: true,
      env: { SOCKET_MODE_READY_GRACE_MS: String(GRACE_MS), SOCKET_MODE_RECONNECT_BACKOFF_MS: '50', SOCKET_MODE_RECONNECT_BACKOFF_MAX_MS: String(BACKOFF_MAX_MS) },
    });
  });
  afterEach(async () => {
    await world.close();
  });

  const readyz = async () => {
    const res = await fetch(`${world.bot.url}/readyz`);
    return { status: res.status, body: (await res.json()) as { ok: boolean; reason?: string } };
  };
  const failedOpens = () => world.slack.callsOf('apps.connections.open').filter((c) => c.fault === 'error').length;

  it('turns /readyz 503 after the grace period, reconnects by itself once Slack recovers, and is ready again', async () => {
    expect(await readyz()).toEqual({ status: 200, body: { ok: true } });
    world.slack.faults.error({ method: 'apps.connections.open', error: 'service_unavailable', status: 503, times: Infinity });
    const droppedAt = Date.now();

    expect(await world.slack.socketMode.dropAll({ reason: 'refresh_requested' })).toBe(1);

    const notReady = await waitFor(async () => {
      const answer = await readyz();
      return answer.status === 503 ? answer : undefined;
    }, { message: '/readyz 503' });
    expect(Date.now() - droppedAt).toBeGreaterThanOrEqual(GRACE_MS);
    expect(notReady.body).toEqual({ ok: false, reason: expect.stringMatching(/^Slack Socket Mode disconnected for \d+ s$/) });
    expect(failedOpens()).toBeGreaterThanOrEqual(2);
    expect(world.slack.socketMode.connections).toBe(0);

    world.slack.faults.clear();

    await waitFor(() => world.slack.socketMode.connections === 1, { message: 'reconnected' });
    const ack = (await world.slack.socketMode.send({ type: 'slash_commands', payload: slashCommand(world, 'U0BOB', 'help') })) as Reply;
    expect(all(ack)).toContain('/sm train');
    expect(await readyz()).toEqual({ status: 200, body: { ok: true } });
    expect(world.slack.callsOf('apps.connections.open').at(-1)).toMatchObject({ token: APP_TOKEN, ok: true });
  });

  it('leaves no reconnect loop running once the bot stops', async () => {
    world.slack.faults.error({ method: 'apps.connections.open', error: 'service_unavailable', status: 503, times: Infinity });
    await world.slack.socketMode.dropAll();
    await waitFor(() => failedOpens() >= 2, { message: 'failed reconnects' });

    await world.bot.stop();
    const opensAtStop = world.slack.callsOf('apps.connections.open').length;
    // Proving that nothing more happens takes waiting: three times the longest backoff.
    await sleep(3 * BACKOFF_MAX_MS);

    expect(world.slack.callsOf('apps.connections.open')).toHaveLength(opensAtStop);
    expect(world.slack.socketMode.connections).toBe(0);
  });
});
