import { describe, expect, it } from 'vitest';
import type { TrainingJobView } from '../../src/domain/training.ts';
import { AwsError, ForbiddenError, UsageError } from '../../src/errors.ts';
import { SLACK_LIMITS } from '../../src/slack/blocks/fit.ts';
import {
  auditList,
  duplicateReply,
  errorReply,
  forbiddenReply,
  helpReply,
  jobFailed,
  jobsList,
  plainReply,
  queuedReply,
  statusReply,
  stopRequested,
  trainingStarted,
  usageErrorReply,
} from '../../src/slack/blocks/replies.ts';
import { STOP_ACTION_ID, trainingJobMessage, trainingStateReply } from '../../src/slack/blocks/training-job.ts';
import type { Block, SlackMessage } from '../../src/slack/blocks/types.ts';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const EVIL = 'boom <!channel> <@U123> <!here> <http://evil.example|click> a & b < c > d';
const HUGE = `${EVIL} ${'z'.repeat(60_000)}`;

function view(overrides: Partial<TrainingJobView> = {}): TrainingJobView {
  return {
    name: 'churn-xgb-abc123',
    arn: 'arn:aws:sagemaker:us-east-1:123456789012:training-job/churn-xgb-abc123',
    status: 'InProgress',
    secondaryStatus: 'Training',
    createdAt: T0,
    startedAt: T0 + 60_000,
    instanceType: 'ml.m5.xlarge',
    instanceCount: 2,
    hyperparameters: { eta: '0.2' },
    metrics: [
      { name: 'validation:auc', value: 0.81234, timestamp: T0 + 100_000 },
      { name: 'train:auc', value: 0.9, timestamp: T0 + 100_000 },
    ],
    transitions: [{ status: 'Starting', startTime: T0, endTime: T0 + 60_000, message: 'Preparing the instances for training' }],
    ...overrides,
  };
}

/** Every mrkdwn string of a message, and its fallback text. */
function mrkdwnTexts(message: SlackMessage): string[] {
  const texts = [message.text];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      if (object['type'] === 'mrkdwn' && typeof object['text'] === 'string') texts.push(object['text']);
      Object.values(object).forEach(walk);
    }
  };
  walk(message.blocks);
  return texts;
}

/** Fails unless the message is within every Slack limit the builders promise. */
function expectWithinLimits(message: SlackMessage): void {
  expect(message.text.length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  for (const block of message.blocks as Block[]) {
    if (block.type === 'section') {
      expect(block.text || block.fields).toBeTruthy();
      expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      expect(block.fields?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.sectionFields);
      for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
    }
    if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    if (block.type === 'actions') for (const button of block.elements) expect(button.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
  }
}

/** Fails if user text became a mention or link anywhere a reader or notification sees it. */
function expectEscaped(message: SlackMessage): void {
  for (const text of mrkdwnTexts(message)) {
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<!here>');
    expect(text).not.toContain('<@U123>');
    expect(text).not.toContain('<http://evil.example');
    expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
    expect(text).not.toMatch(/ < | > /);
  }
  expect(message.text).toContain('&lt;!channel&gt;');
}

describe('trainingJobMessage', () => {
  const context = { now: T0 + 3_660_000, prices: { 'ml.m5.xlarge': 1 }, recipe: 'churn-xgb', requester: 'U0BOB' };

  describe('while the job runs', () => {
    const message = trainingJobMessage(view(), context);
    const json = JSON.stringify(message.blocks);

    it('shows the name, state, requester, instances, elapsed time, cost and latest metrics', () => {
      expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'churn-xgb-abc123', emoji: true } });
      expect(json).toContain('In progress · Training');
      expect(json).toContain('<@U0BOB>');
      expect(json).toContain('ml.m5.xlarge × 2');
      expect(json).toContain('1h');
      expect(json).toContain('$2.00 so far');
      expect(json).toContain('validation:auc');
      expect(json).toContain('0.8123');
    });

    it('carries a Stop button whose value is the job name alone', () => {
      const actions = message.blocks.find((block) => block.type === 'actions');
      expect(actions).toMatchObject({ elements: [{ action_id: STOP_ACTION_ID, value: 'churn-xgb-abc123', style: 'danger' }] });
    });

    it('is within Slack’s limits', () => expectWithinLimits(message));
  });

  describe('when the job completed', () => {
    const message = trainingJobMessage(view({ status: 'Completed', secondaryStatus: 'Completed', endedAt: T0 + 1_000_000, billableSeconds: 1_800, modelArtifacts: 's3://acme-ml/churn/models/x/output/model.tar.gz' }), context);

    it('shows the model artifacts and the billable cost, and no Stop button', () => {
      const json = JSON.stringify(message.blocks);
      expect(json).toContain('s3://acme-ml/churn/models/x/output/model.tar.gz');
      expect(json).toContain('$1.00');
      expect(json).not.toContain('so far');
      expect(message.blocks.some((block) => block.type === 'actions')).toBe(false);
    });
  });

  describe('when the job failed', () => {
    it('shows the failure reason, escaped, in blocks and fallback text', () => {
      const message = trainingJobMessage(view({ status: 'Failed', secondaryStatus: 'Failed', failureReason: EVIL }), context);
      expect(JSON.stringify(message.blocks)).toContain('Failure reason');
      expectEscaped(message);
    });
  });

  it('says "price unknown" for an instance type without a price', () => {
    expect(JSON.stringify(trainingJobMessage(view({ instanceType: 'ml.zz.huge' }), { now: T0 }).blocks)).toContain('price unknown');
  });

  it('never turns a requester that is not a user id into a mention', () => {
    const message = trainingJobMessage(view({ status: 'Failed', failureReason: 'x' }), { now: T0, requester: '<!channel>' });
    expect(JSON.stringify(message.blocks)).not.toContain('<!channel>');
  });

  it('stays within the limits with huge AWS text and hundreds of metrics', () => {
    const metrics = Array.from({ length: 500 }, (_, i) => ({ name: `${EVIL}-${i}-${'m'.repeat(200)}`, value: i }));
    const message = trainingJobMessage(view({ status: 'Failed', failureReason: HUGE, metrics, modelArtifacts: HUGE }), { now: T0, recipe: HUGE });
    expectWithinLimits(message);
    expectEscaped(message);
  });
});

describe('trainingStateReply', () => {
  it('says what state the job entered, how long the last one took, and AWS’s message, escaped', () => {
    const message = trainingStateReply(view(), { status: 'Downloading', startTime: T0, endTime: T0 + 125_000, message: EVIL });
    expect(JSON.stringify(message.blocks)).toContain('*Downloading* (2m 5s)');
    expectEscaped(message);
    expectWithinLimits(trainingStateReply(view(), { status: 'Training', startTime: T0, message: HUGE }));
  });
});

describe('replies', () => {
  it('queuedReply says what was queued and where progress goes', () => {
    const message = queuedReply({ kind: 'train', recipe: 'churn-xgb', overrides: { instanceType: 'ml.g5.xlarge', instanceCount: 2 }, hyperparameters: { note: EVIL } }, 'C0OPS');
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('`churn-xgb`');
    expect(json).toContain('ml.g5.xlarge × 2');
    expect(json).toContain("I'll post progress in <#C0OPS>");
    expectWithinLimits(message);
    for (const text of mrkdwnTexts(message)) expect(text).not.toContain('<!channel>');
  });

  it('queuedReply survives thousands of huge hyperparameters', () => {
    const hyperparameters = Object.fromEntries(Array.from({ length: 2_000 }, (_, i) => [`k${i}`, HUGE.slice(0, 2_500)]));
    expectWithinLimits(queuedReply({ kind: 'train', recipe: 'churn-xgb', overrides: {}, hyperparameters }, 'C0OPS'));
  });

  it('usageErrorReply shows what was wrong, the suggestion and the usage, escaped', () => {
    const message = usageErrorReply(new UsageError(`\`trian\` is not a sub-command. ${EVIL}`, '/sm train <recipe>', 'train'));
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('Did you mean `train`?');
    expect(json).toContain('/sm train &lt;recipe&gt;');
    expect(message.text).toContain('Did you mean train?');
    expectEscaped(message);
    expectWithinLimits(usageErrorReply(new UsageError(HUGE, HUGE, HUGE)));
  });

  it('forbiddenReply names the role', () => {
    const message = forbiddenReply(new ForbiddenError('operator', 'start training jobs'));
    expect(message.text).toBe('You need the *operator* role to start training jobs.');
    expect(JSON.stringify(message.blocks)).toContain('*operator*');
  });

  it('helpReply keeps usage placeholders visible and fits any length', () => {
    const message = helpReply('`/sm status <job>`\n      Show a job.');
    expect(JSON.stringify(message.blocks)).toContain('/sm status &lt;job&gt;');
    const long = helpReply(Array.from({ length: 5_000 }, (_, i) => `line ${i} ${EVIL}`).join('\n'));
    expectWithinLimits(long);
    expectEscaped(long);
  });

  it('statusReply shows the job without a Stop button', () => {
    const message = statusReply(view(), { now: T0, requester: 'U0BOB', recipe: 'churn-xgb' });
    expect(message.blocks.some((block) => block.type === 'actions')).toBe(false);
    expect(JSON.stringify(message.blocks)).toContain('<@U0BOB>');
  });

  it('stopRequested tells a stopping job from one that had already ended', () => {
    expect(stopRequested({ name: 'job-1', status: 'Stopping' }).text).toContain('stopping job-1');
    expect(stopRequested({ name: 'job-1', status: 'Completed' }).text).toContain('already ended (Completed)');
  });

  it('trainingStarted links the ops channel', () => {
    expect(JSON.stringify(trainingStarted('churn-xgb-abc', 'C0OPS').blocks)).toContain('<#C0OPS>');
    expect(JSON.stringify(trainingStarted('churn-xgb-abc', 'not a channel').blocks)).not.toContain('<#');
  });

  it('duplicateReply and plainReply are short escaped lines', () => {
    expectWithinLimits(duplicateReply());
    expectEscaped(plainReply(EVIL));
  });

  describe('errorReply', () => {
    it('puts an AWS error in words, with its code', () => {
      const message = errorReply(new AwsError('CreateTrainingJob', 'ResourceLimitExceeded', 'The account-level service limit is 2 Instances', false));
      expect(message.text).toContain('quota');
      expect(message.text).toContain('ResourceLimitExceeded');
      expect(message.text).toContain('The account-level service limit is 2 Instances');
    });

    it('says a missing job could not be found', () => {
      expect(errorReply(new AwsError('DescribeTrainingJob', 'ValidationException', 'Requested resource not found.', false)).text).toContain('could not find');
    });

    it('does not show the message of an unexpected error', () => {
      expect(errorReply(new Error('secret internals')).text).not.toContain('secret');
    });

    it('escapes a message given as text', () => {
      expectEscaped(errorReply(EVIL));
      expectWithinLimits(errorReply(HUGE));
    });
  });

  it('jobFailed mentions the requester and explains the error', () => {
    const message = jobFailed('train', new AwsError('CreateTrainingJob', 'AccessDeniedException', 'not authorized', false), 'U0BOB');
    expect(JSON.stringify(message.blocks)).toContain('<@U0BOB>, your `/sm train` request failed');
    expect(message.text).toContain('IAM');
    expectEscaped(jobFailed('train', EVIL, 'U0BOB'));
  });
});

describe('jobsList', () => {
  const rows = [
    { name: 'churn-xgb-a', status: 'Failed' as const, createdAt: T0, requester: 'U0BOB' },
    { name: 'churn-xgb-b', status: 'InProgress' as const, secondaryStatus: 'Training', createdAt: T0 - 1_000 },
  ];

  it('lists each job with its state, creation time and requester when known', () => {
    const message = jobsList(rows, { mine: false, failed: true });
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('`churn-xgb-a`');
    expect(json).toContain('Failed');
    expect(json).toContain('<@U0BOB>');
    expect(json).toContain(`<!date^${T0 / 1_000}^`);
    expect(json).toContain('(failed)');
    expect(message.text).toContain('2 training jobs');
  });

  it('says when nothing matches', () => {
    expect(jobsList([], { mine: true, failed: false }).text).toBe('No training jobs match.');
  });

  it('fits ten thousand jobs', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => ({ name: `job-${i}-${'n'.repeat(50)}`, status: 'Completed' as const, createdAt: T0, requester: 'U0BOB' }));
    const message = jobsList(many, { mine: false, failed: false });
    expectWithinLimits(message);
    expect(JSON.stringify(message.blocks)).toContain('more.');
  });
});

describe('auditList', () => {
  it('shows who did what, when, and the outcome, escaped', () => {
    const message = auditList([
      { at: T0, actor: 'U0BOB', action: 'command:train', outcome: 'queued', target: 'train-abc', detail: EVIL },
      { at: T0, actor: 'bot', action: 'job:train', outcome: 'failed' },
      { at: T0, actor: '<!channel>', action: '<!here>', outcome: 'ok' },
    ]);
    const json = JSON.stringify(message.blocks);
    expect(json).toContain('<@U0BOB>');
    expect(json).toContain('the bot');
    expect(json).toContain('`command:train`');
    expect(json).toContain('queued');
    for (const text of mrkdwnTexts(message)) {
      expect(text).not.toContain('<!channel>');
      expect(text).not.toContain('<!here>');
    }
  });

  it('fits two hundred entries with huge details', () => {
    const entries = Array.from({ length: 200 }, (_, i) => ({ at: T0 + i, actor: 'U0BOB', action: `command:${i}`, outcome: 'ok', detail: HUGE, target: HUGE }));
    expectWithinLimits(auditList(entries));
  });

  it('says when the trail is empty', () => {
    expect(auditList([]).text).toBe('The audit trail is empty.');
  });
});
