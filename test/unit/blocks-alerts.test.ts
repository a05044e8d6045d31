import { describe, expect, it } from 'vitest';
import { acknowledge, decide, snooze, type AlertDetails, type AlertState, type MeasuredObservation } from '../../src/domain/alerts.ts';
import { budgetObservations } from '../../src/domain/budget.ts';
import type { BudgetView } from '../../src/domain/monitoring.ts';
import type { TrainingJobView } from '../../src/domain/training.ts';
import {
  ALERT_ACK_ACTION_ID,
  ALERT_RETRAIN_ACTION_ID,
  ALERT_SNOOZE_ACTION_IDS,
  alertActionRefusedReply,
  alertMessage,
  alertsList,
  alertThreadLine,
  ENDPOINT_DELETE_ACTION_ID,
  formatPercent,
  snoozePresetOf,
} from '../../src/slack/blocks/alerts.ts';
import { costReport, spendBar } from '../../src/slack/blocks/cost.ts';
import { SLACK_LIMITS } from '../../src/slack/blocks/fit.ts';
import type { ActionsBlock, Block, SlackMessage, TextObject } from '../../src/slack/blocks/types.ts';

const T0 = Date.parse('2026-03-01T09:00:00Z');
const HOUR = 3_600_000;
const EVIL = 'boom <!channel> <@U123> <!here> <http://evil.example|click> a & b';
const MARKUP = ['<!channel>', '<!here>', '<@U123>', '<http://evil'];

function observation(watcher: AlertState['watcher'], resource: string, condition: string, details: AlertDetails, title: string): MeasuredObservation {
  return { key: `${watcher}:${resource}:${condition}`, watcher, resource, condition, breached: true, severity: 'warning', title, details };
}

function open(obs: MeasuredObservation): AlertState {
  const decision = decide(undefined, obs, { openAfter: 1, resolveAfter: 1 }, T0);
  if (!decision.next) throw new Error('expected it to open');
  return decision.next;
}

const errorRate = open(
  observation('health', 'churn-prod', 'error-rate', { kind: 'error-rate', endpoint: 'churn-prod', errorRate: 0.032, errors: 48, invocations: 1_500, threshold: 0.01, windowMs: 300_000 }, 'High 5xx error rate on churn-prod'),
);
const latency = open(observation('health', 'churn-prod', 'p99-latency', { kind: 'latency', endpoint: 'churn-prod', p99Ms: 812, thresholdMs: 500, windowMs: 300_000 }, 'Slow p99 latency on churn-prod'));
const drift = open(
  observation(
    'drift',
    'churn-prod',
    'drift@churn-dq',
    {
      kind: 'drift',
      endpoint: 'churn-prod',
      schedule: 'churn-dq',
      executionStatus: 'CompletedWithViolations',
      executionAt: T0,
      since: T0 - 3 * HOUR,
      threshold: 0.1,
      features: [
        { name: 'age', value: 0.31, threshold: 0.1 },
        { name: EVIL, value: 0.12, threshold: 0.1 },
      ],
    },
    'Data drift on churn-prod',
  ),
);
const idle = open(observation('idle', 'churn-staging', 'idle', { kind: 'idle', endpoint: 'churn-staging', idleDays: 7, invocations: 0, hourlyUsd: 0.46, instances: [{ instanceType: 'ml.m5.xlarge', count: 2 }] }, 'Idle endpoint churn-staging'));

function texts(message: SlackMessage): string[] {
  const out: string[] = [message.text];
  const push = (object: TextObject | undefined) => {
    if (object?.type === 'mrkdwn') out.push(object.text);
  };
  for (const block of message.blocks) {
    if (block.type === 'section') {
      push(block.text);
      for (const field of block.fields ?? []) push(field);
    }
    if (block.type === 'context') for (const element of block.elements) push(element);
  }
  return out;
}

/** Every limit fit() promises, and no user or AWS text turned into mrkdwn markup. */
function expectSafe(message: SlackMessage): void {
  expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  for (const block of message.blocks) expectBlockWithinLimits(block);
  for (const text of texts(message)) for (const markup of MARKUP) expect(text).not.toContain(markup);
}

function expectBlockWithinLimits(block: Block): void {
  if (block.type === 'section') {
    if (block.text) expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
  }
  if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
  if (block.type === 'actions') for (const element of block.elements) expect((element.value ?? '').length).toBeLessThanOrEqual(SLACK_LIMITS.buttonValue);
}

function buttons(message: SlackMessage): ActionsBlock['elements'] {
  return message.blocks.filter((block): block is ActionsBlock => block.type === 'actions').flatMap((block) => block.elements);
}

describe('alertMessage', () => {
  describe('for an open health alert', () => {
    const message = alertMessage(errorRate, { now: T0 + 60_000 });
    const json = JSON.stringify(message);

    it('puts the severity emoji and the title in the header', () => {
      expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: ':warning: High 5xx error rate on churn-prod', emoji: true } });
    });

    it('says what breached and by how much against the threshold, where and since when', () => {
      expect(json).toContain('5xx error rate *3.2%* (48 of 1,500 invocations) over the last 5m; threshold 1% (3.2× the threshold)');
      expect(json).toContain('`churn-prod`');
      expect(json).toContain(`<!date^${T0 / 1000}^`);
      expect(message.text).toBe('Warning: High 5xx error rate on churn-prod: 5xx 3.2% > 1%');
    });

    it('offers Acknowledge and the three snoozes, each carrying only the alert key', () => {
      expect(buttons(message).map((button) => [button.action_id, button.value])).toEqual([
        [ALERT_ACK_ACTION_ID, 'health:churn-prod:error-rate'],
        ['sm_alert_snooze_1h', 'health:churn-prod:error-rate'],
        ['sm_alert_snooze_4h', 'health:churn-prod:error-rate'],
        ['sm_alert_snooze_24h', 'health:churn-prod:error-rate'],
      ]);
    });

    it('has no Retrain or Delete', () => {
      expect(json).not.toContain(ALERT_RETRAIN_ACTION_ID);
      expect(json).not.toContain(ENDPOINT_DELETE_ACTION_ID);
    });

    it('says "chart below" only when the caller attaches one', () => {
      expect(json).not.toContain('Chart below');
      expect(JSON.stringify(alertMessage(errorRate, { now: T0, chartAttached: true }))).toContain('Chart below');
    });

    it('stays within limits', () => expectSafe(message));
  });

  it('shows the p99 latency in ms against its threshold', () => {
    expect(JSON.stringify(alertMessage(latency, { now: T0 }))).toContain('p99 model latency *812 ms* over the last 5m; threshold 500 ms (1.6× the threshold)');
  });

  describe('for a drift alert', () => {
    const message = alertMessage(drift, { now: T0 });
    const json = JSON.stringify(message);

    it('lists the drifting features with their drift, the threshold and how far over, and since when', () => {
      expect(json).toMatch(/age\s+0\.31\s+0\.1\s+\+0\.21/);
      expect(json).toContain('*2 features drifting*');
      expect(json).toContain(`<!date^${(T0 - 3 * HOUR) / 1000}^`);
    });

    it('offers Retrain with the alert key, unless the caller says there is no recipe', () => {
      expect(buttons(message).find((button) => button.action_id === ALERT_RETRAIN_ACTION_ID)?.value).toBe('drift:churn-prod:drift@churn-dq');
      expect(JSON.stringify(alertMessage(drift, { now: T0, retrain: false }))).not.toContain(ALERT_RETRAIN_ACTION_ID);
    });

    it('escapes feature names', () => expectSafe(message));
  });

  describe('for an idle endpoint', () => {
    const message = alertMessage(idle, { now: T0 });

    it('says how long it has been idle and what it costs', () => {
      expect(JSON.stringify(message)).toContain('No invocations for 7 days; it costs *$0.46/hour* (about $331.20 a month) on ml.m5.xlarge × 2');
    });

    it('offers Delete with a confirmation dialog, carrying the alert key', () => {
      const remove = buttons(message).find((button) => button.action_id === ENDPOINT_DELETE_ACTION_ID);
      expect(remove).toMatchObject({ value: 'idle:churn-staging:idle', style: 'danger', confirm: { style: 'danger', confirm: { text: 'Delete' } } });
      expect(remove!.confirm!.text.text).toContain('churn-staging');
    });
  });

  it('shows who acknowledged and the snooze, and drops Acknowledge once acknowledged', () => {
    const acked = acknowledge(errorRate, 'U0ALICE', T0 + 60_000);
    if (!acked.ok) throw new Error('refused');
    const snoozed = snooze(acked.state, 'U0BOB', T0 + 4 * HOUR, T0 + 120_000);
    if (!snoozed.ok) throw new Error('refused');
    const message = alertMessage(snoozed.state, { now: T0 + HOUR });
    const json = JSON.stringify(message);
    expect(json).toContain('Acknowledged by <@U0ALICE>');
    expect(json).toContain(`Snoozed until <!date^${(T0 + 4 * HOUR) / 1000}^`);
    expect(json).toContain('by <@U0BOB>');
    expect(buttons(message).map((button) => button.action_id)).not.toContain(ALERT_ACK_ACTION_ID);
    expect(JSON.stringify(alertMessage(snoozed.state, { now: T0 + 5 * HOUR }))).not.toContain('Snoozed until');
  });

  it('shows a resolved alert with "Resolved at …", why, and no buttons', () => {
    const clear = observation('health', 'churn-prod', 'error-rate', { kind: 'error-rate', endpoint: 'churn-prod', errorRate: 0.002, errors: 3, invocations: 1_500, threshold: 0.01, windowMs: 300_000 }, 'High 5xx error rate on churn-prod');
    const resolved = decide(errorRate, { ...clear, breached: false }, { openAfter: 1, resolveAfter: 1 }, T0 + HOUR).next!;
    const message = alertMessage(resolved, { now: T0 + HOUR });
    const json = JSON.stringify(message);
    expect(message.blocks[0]).toMatchObject({ type: 'header', text: { text: ':white_check_mark: Resolved: High 5xx error rate on churn-prod' } });
    expect(json).toContain(`*Resolved at* <!date^${(T0 + HOUR) / 1000}^`);
    expect(json).toContain('5xx error rate back to 0.2%');
    expect(buttons(message)).toEqual([]);
  });

  it('escapes a budget name and stays within limits whatever the input', () => {
    const [observed] = budgetObservations({ name: `${EVIL} ${'z'.repeat(5_000)}`, limitUsd: 1_000, actualUsd: 900, forecastUsd: 1_200, timeUnit: 'MONTHLY', periodStart: T0, periodEnd: T0 + 30 * 24 * HOUR }, [80], []);
    const state = open(observed as MeasuredObservation);
    const message = alertMessage(state, { now: T0 });
    expectSafe(message);
    expect(JSON.stringify(message)).toContain('Actual *$900.00* (90%) · forecast *$1,200.00* (120%) · limit *$1,000.00*');
  });
});

describe('alertThreadLine', () => {
  it('says when and why it resolved', () => {
    const clean = observation('drift', 'churn-prod', 'drift@churn-dq', { kind: 'drift', endpoint: 'churn-prod', schedule: 'churn-dq', executionStatus: 'Completed', executionAt: T0 + HOUR, threshold: 0.1, features: [] }, 'Data drift on churn-prod');
    const resolved = decide(drift, { ...clean, breached: false }, { openAfter: 1, resolveAfter: 1 }, T0 + HOUR).next!;
    const line = JSON.stringify(alertThreadLine({ kind: 'resolved', state: resolved }));
    expect(line).toContain('*Resolved*');
    expect(line).toContain('the latest monitoring execution');
    expect(line).toContain('is clean');
  });

  it('records who acknowledged and who snoozed until when', () => {
    const acked = acknowledge(errorRate, 'U0ALICE', T0);
    const snoozed = snooze(errorRate, 'U0BOB', T0 + HOUR, T0);
    if (!acked.ok || !snoozed.ok) throw new Error('refused');
    expect(JSON.stringify(alertThreadLine({ kind: 'acknowledged', state: acked.state }))).toContain('Acknowledged by <@U0ALICE>');
    expect(JSON.stringify(alertThreadLine({ kind: 'snoozed', state: snoozed.state }))).toContain('<@U0BOB> snoozed this alert until <!date^');
  });

  it('shows what changed, and escapes what it names', () => {
    const line = alertThreadLine({ kind: 'changed', state: drift });
    expect(JSON.stringify(line)).toContain('*Changed*');
    expectSafe(line);
    expectSafe(alertThreadLine({ kind: 'retrain-queued', user: EVIL, recipe: EVIL, endpoint: 'churn-prod' }));
  });
});

describe('alertsList', () => {
  it('lists open alerts only, newest first, with what breached and who acknowledged', () => {
    const older = { ...latency, openedAt: T0 - HOUR };
    const acked = acknowledge(errorRate, 'U0ALICE', T0);
    if (!acked.ok) throw new Error('refused');
    const resolved: AlertState = { ...idle, status: 'resolved', resolvedAt: T0 };
    const message = alertsList([older, resolved, acked.state, drift], T0 + 60_000);
    const text = texts(message).join('\n');
    expect(text.indexOf('Slow p99 latency')).toBeGreaterThan(text.indexOf('High 5xx error rate'));
    expect(text).not.toContain('Idle endpoint');
    expect(text).toContain('5xx 3.2% > 1%');
    expect(text).toContain(':eyes: <@U0ALICE>');
    expect(message.text).toMatch(/^3 open alerts/);
    expectSafe(message);
  });

  it('says when nothing is open', () => {
    expect(alertsList([], T0).text).toBe('No open alerts.');
  });

  it('stays within limits with a thousand alerts', () => {
    const many = Array.from({ length: 1_000 }, (_, i) => ({ ...errorRate, key: `health:e${i}:error-rate`, openedAt: T0 + i }));
    expectSafe(alertsList(many, T0));
  });
});

describe('snooze buttons', () => {
  it('map back to their presets', () => {
    expect(snoozePresetOf(ALERT_SNOOZE_ACTION_IDS['4h'])).toBe('4h');
    expect(snoozePresetOf('sm_alert_snooze_2h')).toBeUndefined();
  });
});

it('refusals are escaped', () => {
  expectSafe(alertActionRefusedReply({ message: EVIL }));
});

it('formatPercent keeps three significant digits', () => {
  expect([0.032, 0.0005, 0.1, 1.24, 0].map(formatPercent)).toEqual(['3.2%', '0.05%', '10%', '124%', '0%']);
});

describe('costReport', () => {
  const NOW = T0 + 10 * 24 * HOUR;
  const budget: BudgetView = { name: 'ml-monthly', limitUsd: 1_000, actualUsd: 812, forecastUsd: 1_240, timeUnit: 'MONTHLY', periodStart: T0, periodEnd: T0 + 31 * 24 * HOUR };
  const job: TrainingJobView = {
    name: 'churn-xgb-abc',
    arn: 'arn:aws:sagemaker:us-east-1:123456789012:training-job/churn-xgb-abc',
    status: 'InProgress',
    secondaryStatus: 'Training',
    createdAt: NOW - 2 * HOUR,
    startedAt: NOW - 2 * HOUR,
    instanceType: 'ml.m5.xlarge',
    instanceCount: 2,
    hyperparameters: {},
    metrics: [],
    transitions: [],
  };
  const message = costReport({
    budgets: [budget],
    unreadBudgets: [{ name: EVIL, reason: 'AccessDenied' }],
    endpoints: [
      { name: 'churn-prod', createdAt: T0 - 24 * HOUR, instances: [{ instanceType: 'ml.m5.xlarge', count: 2 }] },
      { name: 'fraud-gpu', createdAt: T0, instances: [{ instanceType: 'ml.g5.2xlarge', count: 1 }] },
    ],
    trainingJobs: [job, { ...job, name: 'old-one', status: 'Completed' }],
    since: T0,
    now: NOW,
  });
  const text = texts(message).join('\n');

  it('shows each budget: actual, forecast and limit', () => {
    expect(text).toContain('actual *$812.00* (81.2%) · forecast *$1,240.00* (124%) · limit *$1,000.00*');
    expect(text).toContain(spendBar(0.812));
  });

  it('ranks running endpoints by cost per hour, and lists running training jobs only', () => {
    expect(text.indexOf('`fraud-gpu`')).toBeLessThan(text.indexOf('`churn-prod`'));
    expect(text).toContain('`churn-xgb-abc` · ml.m5.xlarge × 2 · $0.46/h · *$0.92* so far');
    expect(text).not.toContain('old-one');
  });

  it('escapes names and stays within limits', () => expectSafe(message));
});
