import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processHealthTick } from '../../jobs/watchers/health.ts';
import { seedEndpoints } from '../../src/sandbox/aws-emulator/index.ts';
import { ENDPOINT_DELETE_ACTION_ID } from '../../src/slack/blocks/alerts.ts';
import { waitFor } from '../helpers/wait-for.ts';
import type { World } from '../helpers/world.ts';
import { alertMessages, alertThread, buttonsOf, clickAlert, DAY, MINUTE, responsesText, settled, startWatcherWorld, textOf, tickAfter } from './watchers-helpers.ts';

// Top-level `prices` follows the watchers block: ml.m5.large at $0.25 an instance-hour.
const WATCHERS = `
  health: { every: 1h, window: 5m, consecutiveBreaches: 1, idleDays: 2 }
prices: { ml.m5.large: 0.25 }
`;

const inService = (world: World, name: string) => (world.emulator.sagemaker.endpoints as { EndpointName: string; EndpointStatus: string }[]).some((e) => e.EndpointName === name && e.EndpointStatus === 'InService');

describe('an endpoint nobody has called for longer than idleDays', () => {
  let world: World;
  let idle: string;
  let busy: string;
  beforeEach(async () => {
    world = await startWatcherWorld(WATCHERS);
    [idle = ''] = seedEndpoints(world.emulator, 1, { prefix: 'idle', instanceCount: 2 });
    [busy = ''] = seedEndpoints(world.emulator, 1, { prefix: 'busy' });
    const now = world.emulator.clock.now();
    world.emulator.scenarios.invocations({ endpoint: idle, perMinute: 0, from: now - 3 * DAY });
  });
  afterEach(async () => {
    await world.close();
  });

  it('is reported once, with what it costs per hour and a Delete button that asks for confirmation', async () => {
    for (let i = 0; i < 3; i += 1) await tickAfter(world, 5 * MINUTE, processHealthTick);
    const messages = alertMessages(world);
    expect(messages).toHaveLength(1);
    const report = textOf(messages[0]);
    expect(report).toContain(`Idle endpoint ${idle}`);
    expect(report).toContain('No invocations for 2 days');
    // 2 × ml.m5.large at the configured $0.25.
    expect(report).toContain('$0.50/hour');
    expect(report).not.toContain(busy);
    const remove = buttonsOf(messages[0]).find((b) => b.action_id === ENDPOINT_DELETE_ACTION_ID);
    expect(remove?.confirm).toMatchObject({ confirm: { text: 'Delete' } });
    // Only the idle endpoint was described (for its instances), not every endpoint.
    expect(world.emulator.callsOf('DescribeEndpoint').every((call) => call.input['EndpointName'] === idle)).toBe(true);
  });

  describe('Delete endpoint', () => {
    it('refuses an operator who is not an admin, and leaves the endpoint serving', async () => {
      await tickAfter(world, 5 * MINUTE, processHealthTick);
      const report = alertMessages(world)[0]!;
      const responseUrl = await clickAlert(world, 'U0BOB', report, ENDPOINT_DELETE_ACTION_ID);
      await waitFor(() => responsesText(world, responseUrl).includes('admin'), { message: 'the refusal' });
      await settled(world);
      expect(world.emulator.callsOf('DeleteEndpoint')).toHaveLength(0);
      expect(inService(world, idle)).toBe(true);
      const audit = await world.ctx.audit.recent(50);
      expect(audit).toContainEqual(expect.objectContaining({ actor: 'U0BOB', action: 'alert:delete-endpoint', outcome: 'refused' }));
    });

    it('deletes the endpoint for an admin (after Slack’s confirmation), says so, and the report resolves', async () => {
      await tickAfter(world, 5 * MINUTE, processHealthTick);
      const report = alertMessages(world)[0]!;
      const responseUrl = await clickAlert(world, 'U0ADMIN', report, ENDPOINT_DELETE_ACTION_ID);
      await waitFor(() => world.emulator.callsOf('DeleteEndpoint').length === 1, { message: 'DeleteEndpoint' });
      await waitFor(() => responsesText(world, responseUrl).includes(`Deleting ${idle}`), { message: 'the reply to the admin' });
      await settled(world);
      expect(world.emulator.callsOf('DeleteEndpoint')[0]?.input['EndpointName']).toBe(idle);
      expect(inService(world, idle)).toBe(false);
      expect(alertThread(world, report).some((m) => m.text.includes('<@U0ADMIN> asked to delete'))).toBe(true);
      const audit = await world.ctx.audit.recent(50);
      expect(audit).toContainEqual(expect.objectContaining({ actor: 'U0ADMIN', action: 'endpoint:delete', outcome: 'ok', target: idle }));

      // The next tick no longer sees it: the report resolves in its thread, nothing new is posted.
      await tickAfter(world, 5 * MINUTE, processHealthTick);
      expect(alertThread(world, report).filter((m) => m.text.includes('Resolved'))).toHaveLength(1);
      expect(alertMessages(world)).toHaveLength(1);
      expect(inService(world, busy)).toBe(true);
    });
  });
});
