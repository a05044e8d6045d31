import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/clock.ts';
import { seedModelRegistry } from '../../src/sandbox/aws-emulator/index.ts';
import { sendViewSubmission } from '../../src/sandbox/slack-signer.ts';
import { APPROVE_ACTION_ID, APPROVE_CONFIRM_CALLBACK_ID, REASON_ACTION_ID, REASON_BLOCK_ID, REJECT_ACTION_ID, REJECT_REASON_CALLBACK_ID } from '../../src/slack/blocks/approval.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { startWorkerProcess } from '../helpers/worker-process.ts';
import { SIGNING_SECRET, startWorld, TEAM_YAML, type World } from '../helpers/world.ts';

const MINUTE = 60_000;

type Message = { ts: string; text: string; blocks?: unknown[] };
const textOf = (m: { text?: string; blocks?: unknown[] } | undefined) => `${m?.text ?? ''}\n${JSON.stringify(m?.blocks ?? [])}`;

function seed(world: World, versions = 3) {
  return seedModelRegistry(world.emulator, {
    group: 'churn',
    versions: Array.from({ length: versions }, (_, i) => ({ approvalStatus: 'PendingManualApproval' as const, metrics: { 'validation:auc': 0.8 + i / 100 }, trainingJob: `churn-xgb-train${i + 1}` })),
  });
}

/** `/sm deploy …` as `user`, then the approval message it posts, with the request id its buttons carry. */
async function requestDeploy(world: World, user: string, text: string): Promise<{ message: Message; id: string }> {
  const before = world.slack.messages('C0APPROVALS').length;
  const res = await world.command(user, text);
  expect(res.status).toBe(200);
  const message = await waitFor(() => world.slack.messages('C0APPROVALS')[before], { message: 'approval request message' });
  const id = /"value":"([^"]+)"/.exec(JSON.stringify(message.blocks))?.[1] ?? '';
  expect(id).toMatch(/^deploy-/);
  return { message, id };
}

/** Clicks Approve as `user`; returns the modal the bot opened, if any. */
async function clickApprove(world: World, user: string, message: Message, id: string, channel = 'C0APPROVALS') {
  const opened = world.slack.views().length;
  const told = world.slack.ephemerals({ user }).length;
  await world.click({ user, channel, messageTs: message.ts, actionId: APPROVE_ACTION_ID, value: id });
  // Either the confirmation modal opens, or the bot tells the user privately why not.
  return waitFor(() => world.slack.views().slice(opened).find((v) => JSON.stringify(v.view).includes(id)) ?? (world.slack.ephemerals({ user }).length > told ? null : undefined), { message: 'modal or refusal' });
}

/** Submits an approval modal as `user`. */
async function submitApproval(world: World, user: string, privateMetadata: string) {
  const res = await sendViewSubmission(world.bot.url ?? '', SIGNING_SECRET, { user, callbackId: APPROVE_CONFIRM_CALLBACK_ID, privateMetadata });
  expect(res.status).toBe(200);
}

/** Approve: click, confirm in the modal. */
async function approve(world: World, user: string, message: Message, id: string) {
  const modal = await clickApprove(world, user, message, id);
  expect(modal, `${user} should get the confirmation modal; the bot said: ${refusalsFor(world, user)}`).toBeTruthy();
  await submitApproval(world, user, String(modal?.view['private_metadata']));
}

function refusalsFor(world: World, user: string): string {
  return world.slack.ephemerals({ user }).map((e) => textOf(e)).join('\n');
}


async function runToInService(world: World, endpoint: string, configName?: string) {
  for (let i = 0; i < 12; i += 1) {
    world.emulator.clock.advance(3 * MINUTE);
    const ep = (world.emulator.sagemaker.endpoints as { EndpointName: string; EndpointStatus: string; EndpointConfigName: string }[]).find((e) => e.EndpointName === endpoint);
    if (ep?.EndpointStatus === 'InService' && (!configName || ep.EndpointConfigName === configName)) return ep;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${endpoint} did not reach InService`);
}

/** Deploys churn v1 to prod through the gate (Bob asks, Alice approves) and waits until it is live: the config later tests update or roll back to. */
async function liveOnProd(world: World) {
  const first = await requestDeploy(world, 'U0BOB', 'deploy churn@1 to prod');
  await approve(world, 'U0ALICE', first.message, first.id);
  await waitFor(() => world.emulator.callsOf('CreateEndpoint').length === 1);
  const v1 = await runToInService(world, 'churn-prod');
  await waitFor(async () => (await world.ctx.deployments.live('churn-prod'))?.version === 1, { message: 'v1 recorded live' });
  return v1;
}

const deployThread = (world: World, message: Message) => world.slack.thread('C0APPROVALS', message.ts).filter((m) => m.ts !== message.ts);

describe('deploys behind the approval gate, end to end', () => {
  let world: World;
  afterEach(async () => {
    await world?.close();
  });

  describe('a deploy to staging', () => {
    it('deploys at once for an operator, and the endpoint serves the version', async () => {
      world = await startWorld();
      seed(world);
      await world.command('U0BOB', 'deploy churn@2 to staging');
      await waitFor(() => world.emulator.callsOf('CreateEndpoint').length === 1, { message: 'CreateEndpoint' });
      const ep = await runToInService(world, 'churn-staging');
      const config = (world.emulator.sagemaker.endpointConfigs as { EndpointConfigName: string; ProductionVariants: { ModelName: string; InstanceType: string }[] }[]).find((c) => c.EndpointConfigName === ep.EndpointConfigName);
      expect(config?.ProductionVariants[0]?.InstanceType).toBe('ml.m5.large');
      const model = (world.emulator.sagemaker.models as { ModelName: string; PrimaryContainer: { ModelDataUrl: string } }[]).find((m) => m.ModelName === config?.ProductionVariants[0]?.ModelName);
      const pkg = (world.emulator.sagemaker.modelPackages as { ModelPackageVersion: number; InferenceSpecification: { Containers: { ModelDataUrl: string }[] } }[]).find((p) => p.ModelPackageVersion === 2);
      expect(model?.PrimaryContainer.ModelDataUrl).toBe(pkg?.InferenceSpecification.Containers[0]?.ModelDataUrl);
      const parent = await waitFor(() => world.slack.messages('C0OPS').find((m) => textOf(m).includes('churn')));
      await waitFor(() => world.slack.thread('C0OPS', parent.ts).some((m) => m.text.includes('InService')), { message: 'InService line' });
      expect(world.emulator.callsOf('UpdateModelPackage')).toHaveLength(0);
    });
  });

  describe('a deploy to prod', () => {
    it('asks for approval, and deploys the pinned version with blue/green once an approver confirms', async () => {
      world = await startWorld();
      seed(world);
      // Something already live on prod, so the request shows live → candidate and the deploy is an update.
      await liveOnProd(world);

      const { message, id } = await requestDeploy(world, 'U0CAROL', 'deploy churn to prod');
      const request = textOf(message);
      expect(request).toContain('v3');
      expect(request).toContain('<@U0CAROL>');
      expect(request).toMatch(/10%/);
      expect(request).toContain(APPROVE_ACTION_ID);
      expect(world.emulator.callsOf('UpdateEndpoint')).toHaveLength(0);

      await approve(world, 'U0ALICE', message, id);
      const update = await waitFor(() => world.emulator.callsOf('UpdateEndpoint')[0], { message: 'UpdateEndpoint' });
      const input = update.input as { EndpointConfigName: string; DeploymentConfig: { BlueGreenUpdatePolicy: { TrafficRoutingConfiguration: { Type: string; CanarySize: { Value: number }; WaitIntervalInSeconds: number } }; AutoRollbackConfiguration: { Alarms: { AlarmName: string }[] } } };
      expect(input.DeploymentConfig.BlueGreenUpdatePolicy.TrafficRoutingConfiguration).toMatchObject({ Type: 'CANARY', CanarySize: { Value: 10 }, WaitIntervalInSeconds: 600 });
      expect(input.DeploymentConfig.AutoRollbackConfiguration.Alarms).toEqual([{ AlarmName: 'churn-prod-5xx' }]);
      await runToInService(world, 'churn-prod', input.EndpointConfigName);
      await waitFor(async () => (await world.ctx.deployments.live('churn-prod'))?.version === 3, { message: 'v3 recorded live' });
      // The registry names the Slack approver; the message shows who approved and no buttons.
      const pkg = (world.emulator.sagemaker.modelPackages as { ModelPackageVersion: number; ModelApprovalStatus: string; ApprovalDescription?: string }[]).find((p) => p.ModelPackageVersion === 3);
      expect(pkg?.ModelApprovalStatus).toBe('Approved');
      expect(pkg?.ApprovalDescription).toContain('U0ALICE');
      const updated = await waitFor(() => {
        const text = textOf(world.slack.message('C0APPROVALS', message.ts));
        return text.includes(APPROVE_ACTION_ID) ? undefined : text;
      }, { message: 'request message shows the decision' });
      expect(updated).toContain('<@U0ALICE>');
      await waitFor(() => deployThread(world, message).some((m) => m.text.includes('InService')), { timeoutMs: 30_000, message: 'InService line in the thread' });
      const audit = await world.ctx.audit.recent(50);
      expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['deploy:request', 'approval:approve', 'approval:approved', 'deploy', 'deploy:live']));
    });

    it('records a rejection with its reason, on the message and in the registry', async () => {
      world = await startWorld();
      seed(world);
      const { message, id } = await requestDeploy(world, 'U0BOB', 'deploy churn@2 to prod');
      const opened = world.slack.views().length;
      await world.click({ user: 'U0ALICE', channel: 'C0APPROVALS', messageTs: message.ts, actionId: REJECT_ACTION_ID, value: id });
      const modal = await waitFor(() => world.slack.views()[opened]);
      const reason = 'AUC dropped on the holdout set <!channel>';
      await sendViewSubmission(world.bot.url ?? '', SIGNING_SECRET, {
        user: 'U0ALICE',
        callbackId: REJECT_REASON_CALLBACK_ID,
        privateMetadata: String(modal.view['private_metadata']),
        values: { [REASON_BLOCK_ID]: { [REASON_ACTION_ID]: { type: 'plain_text_input', value: reason } } },
      });
      await waitFor(async () => (await world.ctx.approvals.get(id))?.status === 'rejected');
      await waitFor(() => (world.emulator.sagemaker.modelPackages as { ModelPackageVersion: number; ModelApprovalStatus: string }[]).find((p) => p.ModelPackageVersion === 2)?.ModelApprovalStatus === 'Rejected', { message: 'registry Rejected' });
      const pkg = (world.emulator.sagemaker.modelPackages as { ModelPackageVersion: number; ApprovalDescription?: string }[]).find((p) => p.ModelPackageVersion === 2);
      expect(pkg?.ApprovalDescription).toContain('AUC dropped on the holdout set');
      const shown = await waitFor(() => {
        const text = textOf(world.slack.message('C0APPROVALS', message.ts));
        return text.includes('AUC dropped') ? text : undefined;
      });
      expect(shown).not.toContain('<!channel>');
      expect(shown).not.toContain(APPROVE_ACTION_ID);
      expect(world.emulator.callsOf('CreateEndpoint')).toHaveLength(0);
    });

    it('refuses the requester’s own approval, even as an admin', async () => {
      world = await startWorld();
      seed(world);
      const { message, id } = await requestDeploy(world, 'U0ADMIN', 'deploy churn to prod');
      const modal = await clickApprove(world, 'U0ADMIN', message, id);
      expect(modal).toBeNull();
      expect(refusalsFor(world, 'U0ADMIN')).toMatch(/you asked for this deploy/i);
      // Submitting a forged modal is refused too: the rule is checked again on submit.
      await submitApproval(world, 'U0ADMIN', JSON.stringify({ requestId: id, channel: 'C0APPROVALS', messageTs: message.ts }));
      await waitFor(async () => (await world.ctx.audit.recent(20)).filter((e) => e.actor === 'U0ADMIN' && e.outcome === 'refused').length >= 2);
      expect((await world.ctx.approvals.get(id))?.status).toBe('pending');
      expect(world.emulator.callsOf('CreateEndpoint')).toHaveLength(0);
    });

    it('refuses someone without the approver role', async () => {
      world = await startWorld();
      seed(world);
      const { message, id } = await requestDeploy(world, 'U0BOB', 'deploy churn to prod');
      expect(await clickApprove(world, 'U0CAROL', message, id)).toBeNull();
      expect(refusalsFor(world, 'U0CAROL')).toMatch(/approver/);
      expect((await world.ctx.approvals.get(id))?.status).toBe('pending');
    });

    it('accepts an approver who holds the role through a user group', async () => {
      world = await startWorld();
      seed(world);
      const { message, id } = await requestDeploy(world, 'U0BOB', 'deploy churn to prod');
      await approve(world, 'U0ERIN', message, id);
      await waitFor(() => world.emulator.callsOf('CreateEndpoint').length === 1);
      expect((await world.ctx.approvals.get(id))?.approvals.map((a) => a.user)).toEqual(['U0ERIN']);
    });

    it('needs two distinct people when minApprovals is 2', async () => {
      world = await startWorld({ teamYaml: TEAM_YAML.replace('minApprovals: 1', 'minApprovals: 2') });
      seed(world);
      const { message, id } = await requestDeploy(world, 'U0BOB', 'deploy churn to prod');
      await approve(world, 'U0ALICE', message, id);
      await waitFor(async () => (await world.ctx.approvals.get(id))?.approvals.length === 1);
      // The same person again does not count twice.
      expect(await clickApprove(world, 'U0ALICE', message, id)).toBeNull();
      expect(refusalsFor(world, 'U0ALICE')).toMatch(/already/i);
      expect((await world.ctx.approvals.get(id))?.status).toBe('pending');
      await approve(world, 'U0FRANK', message, id);
      await waitFor(() => world.emulator.callsOf('CreateEndpoint').length === 1);
      expect((await world.ctx.approvals.get(id))?.approvals.map((a) => a.user)).toEqual(['U0ALICE', 'U0FRANK']);
    });

    it('refuses a click after the request expired and updates its message', async () => {
      const clock = new ManualClock(Date.now());
      world = await startWorld({ clock });
      seed(world);
      const { message, id } = await requestDeploy(world, 'U0BOB', 'deploy churn to prod');
      clock.advance(4 * 60 * MINUTE + 1);
      await waitFor(() => !textOf(world.slack.message('C0APPROVALS', message.ts)).includes(APPROVE_ACTION_ID), { message: 'buttons removed' });
      expect(textOf(world.slack.message('C0APPROVALS', message.ts))).toMatch(/expired/i);
      expect(await clickApprove(world, 'U0ALICE', message, id)).toBeNull();
      expect(refusalsFor(world, 'U0ALICE')).toMatch(/expired/i);
      expect((await world.ctx.approvals.get(id))?.status).toBe('expired');
      expect(world.emulator.callsOf('CreateEndpoint')).toHaveLength(0);
    });

    it('deploys once when ten approvals are submitted at the same moment', async () => {
      world = await startWorld();
      seed(world);
      await liveOnProd(world);

      const { message, id } = await requestDeploy(world, 'U0BOB', 'deploy churn@3 to prod');
      const metadata = JSON.stringify({ requestId: id, channel: 'C0APPROVALS', messageTs: message.ts });
      const approvers = ['U0ALICE', 'U0FRANK', 'U0ERIN', 'U0ALICE', 'U0FRANK', 'U0ERIN', 'U0ALICE', 'U0FRANK', 'U0ERIN', 'U0ALICE'];
      await Promise.all(approvers.map((user) => submitApproval(world, user, metadata)));
      await waitFor(() => world.emulator.callsOf('UpdateEndpoint').length === 1);
      await new Promise((r) => setTimeout(r, 1_500));
      expect(world.emulator.callsOf('UpdateEndpoint')).toHaveLength(1);
      const request = await world.ctx.approvals.get(id);
      expect(request?.status).toBe('approved');
      expect(request?.approvals).toHaveLength(1);
    });

    it('refuses a tampered button and a click from another channel', async () => {
      world = await startWorld();
      seed(world);
      const a = await requestDeploy(world, 'U0BOB', 'deploy churn@1 to prod');
      const b = await requestDeploy(world, 'U0BOB', 'deploy churn@2 to prod');
      // Request b's id on request a's message.
      expect(await clickApprove(world, 'U0ALICE', a.message, b.id)).toBeNull();
      // The right message, clicked from another channel.
      await world.click({ user: 'U0FRANK', channel: 'C0OPS', messageTs: b.message.ts, actionId: APPROVE_ACTION_ID, value: b.id });
      await waitFor(() => world.slack.ephemerals({ user: 'U0FRANK' }).length > 0);
      // A forged submission naming the other channel.
      await submitApproval(world, 'U0ERIN', JSON.stringify({ requestId: b.id, channel: 'C0OPS', messageTs: b.message.ts }));
      await waitFor(async () => (await world.ctx.audit.recent(30)).filter((e) => e.outcome === 'refused' && /wrong-message/.test(e.detail ?? '')).length >= 3, { message: 'three refusals audited' });
      expect((await world.ctx.approvals.get(a.id))?.status).toBe('pending');
      expect((await world.ctx.approvals.get(b.id))?.status).toBe('pending');
    });

    it('aborts when the package changed after approval', async () => {
      world = await startWorld({ workers: false });
      seed(world);
      const { stopWorkers, startWorkers } = workersOf(world);
      await startWorkers();
      const { message, id } = await requestDeploy(world, 'U0BOB', 'deploy churn@2 to prod');
      await stopWorkers();
      await approve(world, 'U0ALICE', message, id);
      await waitFor(async () => (await world.ctx.approvals.get(id))?.status === 'approved');
      const record = world.emulator.sagemaker.modelRegistry.records.find((r) => r.version === 2);
      const spec = record?.request['InferenceSpecification'] as { Containers: { ModelDataUrl: string }[] };
      spec.Containers[0]!.ModelDataUrl = 's3://acme-ml/churn/models/swapped/model.tar.gz';
      await startWorkers();
      await waitFor(() => deployThread(world, message).some((m) => /model data URL changed/.test(textOf(m))), { message: 'aborted line' });
      expect(world.emulator.callsOf('CreateModel')).toHaveLength(0);
      expect(world.emulator.callsOf('CreateEndpoint')).toHaveLength(0);
      await stopWorkers();
    });

    it('aborts when the registry marked the package Rejected after approval', async () => {
      world = await startWorld({ workers: false });
      const seeded = seed(world);
      const { stopWorkers, startWorkers } = workersOf(world);
      await startWorkers();
      const { message, id } = await requestDeploy(world, 'U0BOB', 'deploy churn@2 to prod');
      await stopWorkers();
      await approve(world, 'U0ALICE', message, id);
      await waitFor(async () => (await world.ctx.approvals.get(id))?.status === 'approved');
      await world.ctx.deploy.setPackageApproval(seeded.packages[1]!.arn, 'Rejected', 'failed the fairness review');
      await startWorkers();
      await waitFor(() => deployThread(world, message).some((m) => /Rejected/.test(textOf(m))), { message: 'aborted line' });
      expect(world.emulator.callsOf('CreateEndpoint')).toHaveLength(0);
      await stopWorkers();
    });

    it('does nothing for a deploy job enqueued without an approved request', async () => {
      world = await startWorld();
      seed(world);
      const { id } = await requestDeploy(world, 'U0BOB', 'deploy churn to prod');
      await world.ctx.lifecycle.add('deploy', { requestId: id }, { jobId: id });
      await world.ctx.lifecycle.add('deploy', { requestId: 'deploy-forged' }, { jobId: 'deploy-forged' });
      await waitFor(async () => (await world.ctx.audit.recent(20)).filter((e) => e.action === 'deploy' && e.outcome === 'refused').length === 2, { message: 'both refused' });
      expect(world.emulator.callsOf('CreateModel')).toHaveLength(0);
      expect(world.emulator.callsOf('CreateEndpoint')).toHaveLength(0);
      expect(world.emulator.callsOf('UpdateEndpoint')).toHaveLength(0);
    });

    it('rolls back to the previous config on /sm rollback, without a new approval', async () => {
      world = await startWorld();
      seed(world);
      const v1 = await liveOnProd(world);
      const second = await requestDeploy(world, 'U0BOB', 'deploy churn@2 to prod');
      await approve(world, 'U0ALICE', second.message, second.id);
      const update = await waitFor(() => world.emulator.callsOf('UpdateEndpoint')[0]);
      await runToInService(world, 'churn-prod', (update.input as { EndpointConfigName: string }).EndpointConfigName);
      await waitFor(async () => (await world.ctx.deployments.live('churn-prod'))?.version === 2);

      // An operator may not roll back; an approver may.
      const refused = (await (await world.command('U0BOB', 'rollback churn-prod')).json()) as { text: string };
      expect(refused.text).toMatch(/approver/);
      await world.command('U0ALICE', 'rollback churn-prod');
      await waitFor(() => world.emulator.callsOf('UpdateEndpoint').length === 2);
      expect((world.emulator.callsOf('UpdateEndpoint')[1]?.input as { EndpointConfigName: string }).EndpointConfigName).toBe(v1.EndpointConfigName);
      await runToInService(world, 'churn-prod', v1.EndpointConfigName);
      await waitFor(async () => (await world.ctx.deployments.live('churn-prod'))?.kind === 'rollback');
      const audit = await world.ctx.audit.recent(50);
      expect(audit.find((e) => e.action === 'rollback')?.actor).toBe('U0ALICE');
    });

    it('says in the thread, with the reason, when blue/green rolls the update back', async () => {
      world = await startWorld();
      seed(world);
      const v1 = await liveOnProd(world);
      world.emulator.scenarios.rollbackNextUpdate({ endpoint: 'churn-prod' });
      const second = await requestDeploy(world, 'U0BOB', 'deploy churn@2 to prod');
      await approve(world, 'U0ALICE', second.message, second.id);
      await waitFor(() => world.emulator.callsOf('UpdateEndpoint').length === 1);
      await runToInService(world, 'churn-prod', v1.EndpointConfigName);
      await waitFor(() => deployThread(world, second.message).some((m) => /churn-prod-5xx/.test(textOf(m)) && /roll/i.test(textOf(m))), { message: 'rollback line with the alarm' });
      expect((await world.ctx.deployments.live('churn-prod'))?.version).toBe(1);
    });
  });

  // These tests start worker processes and wait for lock expiry on two shared cores: one
  // retry absorbs a slow process start; a real failure fails both attempts.
  describe('a worker killed in the middle of a deploy', { retry: 1 }, () => {
    const children: ChildProcess[] = [];
    afterEach(() => {
      for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });

    it('is finished by another: one endpoint config, one update', async () => {
      world = await startWorld({ workers: false });
      seed(world);
      const worker = () => startWorkerProcess(world);
      let current = await worker();
      children.push(current);
      await liveOnProd(world);

      const { message, id } = await requestDeploy(world, 'U0BOB', 'deploy churn@2 to prod');
      world.emulator.events.on('call', (call: { operation: string }) => {
        if (call.operation === 'UpdateEndpoint' && current.exitCode === null && current.signalCode === null) current.kill('SIGKILL');
      });
      const exited = once(current, 'exit');
      await approve(world, 'U0ALICE', message, id);
      await exited;
      current = await worker();
      children.push(current);
      // The second worker takes the deploy over once the dead one's lock expires, and the
      // thread (whose delivery the dead worker held) catches up once the outbox's key lock does.
      await waitFor(() => deployThread(world, message).some((m) => /Updating/.test(m.text)), { timeoutMs: 45_000, message: 'the second worker reports the update' });
      const configsBefore = (world.emulator.sagemaker.endpointConfigs as unknown[]).length;
      const update = world.emulator.callsOf('UpdateEndpoint');
      await runToInService(world, 'churn-prod', (update[0]?.input as { EndpointConfigName: string }).EndpointConfigName);
      await waitFor(async () => (await world.ctx.deployments.live('churn-prod'))?.version === 2, { timeoutMs: 30_000 });
      expect(world.emulator.callsOf('UpdateEndpoint')).toHaveLength(1);
      expect(world.emulator.callsOf('CreateEndpointConfig').filter((c) => !c.error)).toHaveLength(2);
      expect((world.emulator.sagemaker.endpointConfigs as unknown[]).length).toBe(configsBefore);
      expect(configsBefore).toBe(2);
      current.kill('SIGTERM');
      await once(current, 'exit');
    }, 120_000);
  });
});

/** Workers started and stopped in this process, to hold a deploy while the test changes the world. */
function workersOf(world: World) {
  let stop: (() => Promise<void>) | undefined;
  return {
    async startWorkers() {
      const { startBot } = await import('../../src/bot.ts');
      const bot = await startBot(world.ctx, { receiver: false, workers: true });
      stop = () => bot.stop();
    },
    async stopWorkers() {
      await stop?.();
      stop = undefined;
    },
  };
}

