import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processDriftTick } from '../../jobs/watchers/drift.ts';
import { seedEndpoints } from '../../src/sandbox/aws-emulator/index.ts';
import type { World } from '../helpers/world.ts';
import { ALERT_RETRAIN_ACTION_ID } from '../../src/slack/blocks/alerts.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { alertMessages, alertThread, clickAlert, HOUR, MINUTE, startWatcherWorld, textOf, tickAfter } from './watchers-helpers.ts';

const WATCHERS = `
  drift: { every: 1h, threshold: 0.1, chartDays: 2 }
`;

describe('the drift watcher', () => {
  let world: World;
  let endpoint: string;
  beforeEach(async () => {
    world = await startWatcherWorld(WATCHERS);
    [endpoint = ''] = seedEndpoints(world.emulator, 1, { prefix: 'churn' });
    world.emulator.scenarios.monitoring({ endpoint, features: ['age', 'income'] });
  });
  afterEach(async () => {
    await world.close();
  });

  describe('when Model Monitor finds feature age drifting', () => {
    it('opens one alert naming the feature, stays quiet on the next ticks, and resolves in the same thread once an execution is clean', async () => {
      // One clean execution first: nothing to say.
      await tickAfter(world, 90 * MINUTE, processDriftTick);
      expect(alertMessages(world)).toHaveLength(0);

      const drift = world.emulator.scenarios.drift({ endpoint, feature: 'age', value: 0.42 });
      await tickAfter(world, HOUR, processDriftTick);
      const messages = alertMessages(world);
      expect(messages).toHaveLength(1);
      const alert = messages[0]!;
      expect(textOf(alert)).toContain('Data drift on churn-0001');
      expect(textOf(alert)).toContain('age');
      expect(textOf(alert)).not.toContain('income');
      expect(textOf(alert)).toContain('0.42');

      // The same violations, tick after tick: no new message, no thread noise.
      const threadBefore = alertThread(world, alert).filter((m) => m.via !== 'files.completeUploadExternal').length;
      for (let i = 0; i < 3; i += 1) await tickAfter(world, 5 * MINUTE, processDriftTick);
      expect(alertMessages(world)).toHaveLength(1);
      expect(alertThread(world, alert).filter((m) => m.via !== 'files.completeUploadExternal')).toHaveLength(threadBefore);

      // The next execution is clean: the alert resolves, in its own thread and in place.
      world.emulator.scenarios.end(drift);
      await tickAfter(world, HOUR, processDriftTick);
      expect(alertMessages(world)).toHaveLength(1);
      const resolvedLines = alertThread(world, alert).filter((m) => m.text.includes('Resolved'));
      expect(resolvedLines).toHaveLength(1);
      expect(resolvedLines[0]?.text).toContain('clean');
      expect(textOf(world.slack.message('C0ALERTS', alert.ts))).toContain('Resolved: Data drift on churn-0001');

      // And it stays resolved: one "Resolved" line however many ticks follow.
      await tickAfter(world, 5 * MINUTE, processDriftTick);
      expect(alertThread(world, alert).filter((m) => m.text.includes('Resolved'))).toHaveLength(1);
    });
  });
});

describe('the Retrain button on a drift alert', () => {
  let world: World;
  let endpoint: string;
  beforeEach(async () => {
    world = await startWatcherWorld(WATCHERS);
    // Named after its recipe: the bot finds `churn-xgb` for it.
    [endpoint = ''] = seedEndpoints(world.emulator, 1, { prefix: 'churn-xgb' });
    world.emulator.scenarios.monitoring({ endpoint, features: ['age'] });
  });
  afterEach(async () => {
    await world.close();
  });

  it('runs the endpoint’s training recipe for an operator, and refuses a viewer', async () => {
    await tickAfter(world, 90 * MINUTE, processDriftTick);
    world.emulator.scenarios.drift({ endpoint, feature: 'age', value: 0.5 });
    await tickAfter(world, HOUR, processDriftTick);
    const [alert] = alertMessages(world);
    expect(alert).toBeDefined();

    const refused = await clickAlert(world, 'U0VIEW', alert!, ALERT_RETRAIN_ACTION_ID);
    await waitFor(() => world.slack.responses(refused)[0]);
    expect(world.emulator.callsOf('CreateTrainingJob')).toHaveLength(0);

    await clickAlert(world, 'U0BOB', alert!, ALERT_RETRAIN_ACTION_ID);
    const create = await waitFor(() => world.emulator.callsOf('CreateTrainingJob')[0], { message: 'the retraining job' });
    expect((create.input as { TrainingJobName: string }).TrainingJobName).toMatch(/^churn-xgb-/);
    await waitFor(() => alertThread(world, alert!).some((m) => /retrain/i.test(m.text)), { message: 'retrain line in the alert thread' });
    const audit = await world.ctx.audit.recent(30);
    expect(audit.find((e) => e.action === 'alert:retrain' && e.outcome === 'queued')?.actor).toBe('U0BOB');
  });
});
