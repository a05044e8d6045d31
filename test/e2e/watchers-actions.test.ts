import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processHealthTick } from '../../jobs/watchers/health.ts';
import { seedEndpoints } from '../../src/sandbox/aws-emulator/index.ts';
import { ALERT_ACK_ACTION_ID, ALERT_SNOOZE_ACTION_IDS } from '../../src/slack/blocks/alerts.ts';
import { waitFor } from '../helpers/wait-for.ts';
import type { World } from '../helpers/world.ts';
import { ALERTS, alertMessages, alertThread, clickAlert, MINUTE, responsesText, settled, startWatcherWorld, textOf, tickAfter } from './watchers-helpers.ts';

const WATCHERS = `
  health: { every: 1h, window: 5m, p99LatencyMs: 500, consecutiveBreaches: 1 }
`;

describe('the buttons of an alert', () => {
  let world: World;
  let endpoint: string;
  let key: string;
  let spike: string;
  beforeEach(async () => {
    world = await startWatcherWorld(WATCHERS);
    [endpoint = ''] = seedEndpoints(world.emulator, 1, { prefix: 'api' });
    key = `health:${endpoint}:p99-latency`;
    // Slow from now on, until the test ends the scenario.
    const now = world.emulator.clock.now();
    spike = world.emulator.scenarios.latencySpike({ endpoint, p99Ms: 900, from: now });
    await tickAfter(world, 5 * MINUTE, processHealthTick);
    expect(alertMessages(world)).toHaveLength(1);
  });
  afterEach(async () => {
    await world.close();
  });

  describe('Acknowledge, clicked by an operator', () => {
    it('records who acknowledged it, in the message, its thread and the audit stream', async () => {
      const alert = alertMessages(world)[0]!;
      await clickAlert(world, 'U0CAROL', alert, ALERT_ACK_ACTION_ID);
      await waitFor(() => textOf(world.slack.message(ALERTS, alert.ts)).includes('Acknowledged by <@U0CAROL>'), { message: 'the message shows the acknowledgement' });
      await settled(world);
      const now = world.slack.message(ALERTS, alert.ts);
      expect(textOf(now)).not.toContain(ALERT_ACK_ACTION_ID);
      expect(alertThread(world, alert).some((m) => m.text.includes('Acknowledged by <@U0CAROL>'))).toBe(true);
      expect((await world.ctx.alerts.get(key))?.acknowledgedBy?.user).toBe('U0CAROL');
      const audit = await world.ctx.audit.recent(50);
      expect(audit).toContainEqual(expect.objectContaining({ actor: 'U0CAROL', action: 'alert:acknowledge', outcome: 'ok', target: key }));
    });
  });

  describe('Acknowledge, clicked by a viewer', () => {
    it('is refused, privately, and changes nothing', async () => {
      const alert = alertMessages(world)[0]!;
      const responseUrl = await clickAlert(world, 'U0VIEW', alert, ALERT_ACK_ACTION_ID);
      await waitFor(() => responsesText(world, responseUrl).includes('operator'), { message: 'the refusal' });
      expect((await world.ctx.alerts.get(key))?.acknowledgedBy).toBeUndefined();
      const audit = await world.ctx.audit.recent(50);
      expect(audit).toContainEqual(expect.objectContaining({ actor: 'U0VIEW', action: 'alert:acknowledge', outcome: 'refused' }));
    });
  });

  describe('Snooze 1h', () => {
    it('silences the alert until the snooze ends, then says it is still breaching', async () => {
      const alert = alertMessages(world)[0]!;
      await clickAlert(world, 'U0BOB', alert, ALERT_SNOOZE_ACTION_IDS['1h']);
      await waitFor(() => textOf(world.slack.message(ALERTS, alert.ts)).includes('Snoozed until'), { message: 'the message shows the snooze' });
      await settled(world);
      const linesAfterSnooze = alertThread(world, alert).length;
      expect(alertThread(world, alert).some((m) => m.text.includes('snoozed this alert'))).toBe(true);
      const audit = await world.ctx.audit.recent(50);
      expect(audit).toContainEqual(expect.objectContaining({ actor: 'U0BOB', action: 'alert:snooze', outcome: 'ok', target: key }));

      // Much worse while snoozed: tracked, but nobody is told.
      world.emulator.scenarios.latencySpike({ endpoint, p99Ms: 5_000, from: world.emulator.clock.now() });
      for (let i = 0; i < 5; i += 1) await tickAfter(world, 10 * MINUTE, processHealthTick);
      expect(alertMessages(world)).toHaveLength(1);
      expect(alertThread(world, alert)).toHaveLength(linesAfterSnooze);
      expect((await world.ctx.alerts.get(key))?.details).toMatchObject({ p99Ms: 5_000 });

      // The hour is up: one line says the snooze ended and it is still breaching.
      await tickAfter(world, 15 * MINUTE, processHealthTick);
      const ended = alertThread(world, alert).filter((m) => m.text.includes('Snooze ended'));
      expect(ended).toHaveLength(1);
      expect(textOf(ended[0])).toContain('5,000 ms');
      expect(textOf(world.slack.message(ALERTS, alert.ts))).not.toContain('Snoozed until');
      await tickAfter(world, 5 * MINUTE, processHealthTick);
      expect(alertThread(world, alert).filter((m) => m.text.includes('Snooze ended'))).toHaveLength(1);
      expect(alertMessages(world)).toHaveLength(1);
    });

    it('refuses a click from a message that is not the alert’s own', async () => {
      const alert = alertMessages(world)[0]!;
      const responseUrl = world.slack.responseUrl();
      await world.click({ user: 'U0BOB', channel: ALERTS, messageTs: '1111.2222', actionId: ALERT_SNOOZE_ACTION_IDS['4h'], value: key, responseUrl });
      await waitFor(() => responsesText(world, responseUrl).includes('does not belong'), { message: 'the refusal' });
      expect((await world.ctx.alerts.get(key))?.snoozedUntil).toBeUndefined();
      expect(textOf(world.slack.message(ALERTS, alert.ts))).not.toContain('Snoozed until');
    });
  });

  describe('/sm alerts', () => {
    it('lists the open alerts with who acknowledged them, and no resolved ones', async () => {
      const alert = alertMessages(world)[0]!;
      await clickAlert(world, 'U0CAROL', alert, ALERT_ACK_ACTION_ID);
      await waitFor(async () => (await world.ctx.alerts.get(key))?.acknowledgedBy !== undefined);
      const responseUrl = world.slack.responseUrl();
      await world.command('U0VIEW', 'alerts', { responseUrl });
      const listed = await waitFor(() => responsesText(world, responseUrl) || undefined, { message: 'the /sm alerts reply' });
      expect(listed).toContain('1 open alert');
      expect(listed).toContain(`Slow p99 latency on ${endpoint}`);
      expect(listed).toContain('p99 900 ms');
      expect(listed).toContain('<@U0CAROL>');

      // Once it resolves, the list is empty.
      world.emulator.scenarios.end(spike);
      await tickAfter(world, 10 * MINUTE, processHealthTick);
      expect((await world.ctx.alerts.get(key))?.status).toBe('resolved');
      const again = world.slack.responseUrl();
      await world.command('U0VIEW', 'alerts', { responseUrl: again });
      expect(await waitFor(() => responsesText(world, again) || undefined)).toContain('No open alerts');
    });
  });
});
