import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { processCostTick } from '../../jobs/watchers/cost.ts';
import { periodOf, seedEndpoints } from '../../src/sandbox/aws-emulator/index.ts';
import { waitFor } from '../helpers/wait-for.ts';
import type { World } from '../helpers/world.ts';
import { alertMessages, alertThread, DAY, MINUTE, responsesText, startWatcherWorld, textOf, tickAfter } from './watchers-helpers.ts';

const BUDGET = 'ml-monthly';
const WATCHERS = `
  cost: { every: 1h, budgets: [${BUDGET}], thresholds: [50, 80, 100] }
`;

/** Moves the simulated clock to one day before the end of the current month (UTC). */
function toLastDayOfMonth(world: World): void {
  const now = world.emulator.clock.now();
  world.emulator.clock.advance(periodOf(now, 'MONTHLY').end - DAY - now);
}

describe('the cost watcher', () => {
  let world: World;
  beforeEach(async () => {
    world = await startWatcherWorld(WATCHERS);
    // On the month's last day the linear forecast is within a few percent of actual spend,
    // so each jump crosses one threshold, by actual and by forecast alike.
    world.emulator.clock.advance(2 * DAY);
    toLastDayOfMonth(world);
    world.emulator.scenarios.budget({ name: BUDGET, limitUsd: 1_000, spendPerDay: 0 });
  });
  afterEach(async () => {
    await world.close();
  });

  it('posts each threshold once per budget period, and again in the next period', async () => {
    world.emulator.scenarios.spendJump({ name: BUDGET, toPercent: 10 });
    await tickAfter(world, MINUTE, processCostTick);
    expect(alertMessages(world)).toHaveLength(0);

    const steps = [
      { toPercent: 55, posts: 'passed 50%' },
      { toPercent: 85, posts: 'passed 80%' },
      { toPercent: 104, posts: 'passed 100%' },
    ];
    for (const [i, step] of steps.entries()) {
      world.emulator.scenarios.spendJump({ name: BUDGET, toPercent: step.toPercent });
      await tickAfter(world, MINUTE, processCostTick);
      await tickAfter(world, MINUTE, processCostTick);
      const messages = alertMessages(world);
      expect(messages).toHaveLength(i + 1);
      expect(textOf(messages[i])).toContain(`Budget ${BUDGET} ${step.posts}`);
    }
    expect(textOf(alertMessages(world)[2])).toContain('$1,040.00');
    // Steady spend: quiet.
    for (let i = 0; i < 3; i += 1) await tickAfter(world, 10 * MINUTE, processCostTick);
    expect(alertMessages(world)).toHaveLength(3);

    // A new month: last month's alerts resolve (the period ended), nothing new at 0 spend.
    await tickAfter(world, 2 * DAY, processCostTick);
    expect(alertMessages(world)).toHaveLength(3);
    for (const message of alertMessages(world)) {
      expect(alertThread(world, message).filter((m) => m.text.includes('Resolved'))).toHaveLength(1);
      expect(textOf(world.slack.message('C0ALERTS', message.ts))).toContain('budget period ended');
    }

    // Crossing 50% in the new month posts again, once.
    toLastDayOfMonth(world);
    world.emulator.scenarios.spendJump({ name: BUDGET, toPercent: 60 });
    await tickAfter(world, MINUTE, processCostTick);
    await tickAfter(world, MINUTE, processCostTick);
    const messages = alertMessages(world);
    expect(messages).toHaveLength(4);
    expect(textOf(messages[3])).toContain(`Budget ${BUDGET} passed 50%`);
    const keys = (await world.ctx.alerts.all('cost')).keys();
    expect([...keys].filter((key) => key.includes('50pct@'))).toHaveLength(2);
  });

  describe('/sm cost', () => {
    it('shows the budget now and the running endpoints, the most expensive first', async () => {
      world.emulator.scenarios.spendJump({ name: BUDGET, toPercent: 42 });
      seedEndpoints(world.emulator, 1, { prefix: 'small', instanceType: 'ml.m5.large' });
      seedEndpoints(world.emulator, 1, { prefix: 'big', instanceType: 'ml.m5.4xlarge', instanceCount: 4 });
      const responseUrl = world.slack.responseUrl();
      const res = await world.command('U0VIEW', 'cost', { responseUrl });
      expect(res.status).toBe(200);
      const report = await waitFor(() => (responsesText(world, responseUrl).includes(BUDGET) ? responsesText(world, responseUrl) : undefined), { message: 'the /sm cost reply' });
      expect(report).toContain('$420.00');
      expect(report).toContain('$1,000.00');
      expect(report).toContain('big-0001');
      expect(report).toContain('small-0001');
      expect(report.indexOf('big-0001')).toBeLessThan(report.indexOf('small-0001'));
      expect(report).toContain('ml.m5.4xlarge × 4');
    });
  });
});
