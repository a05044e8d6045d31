import { describe, expect, it } from 'vitest';
import { trainingJobMessage } from '../../src/slack/blocks/training-job.ts';
import { forbiddenReply } from '../../src/slack/blocks/replies.ts';
import { ForbiddenError } from '../../src/errors.ts';
import type { TrainingJobView } from '../../src/domain/training.ts';
import { createStyles, stripAnsi } from '../../src/sandbox/repl/ansi.ts';
import { renderMrkdwn } from '../../src/sandbox/repl/mrkdwn.ts';
import { listButtons, renderBlocks, renderMessage, type RenderOptions } from '../../src/sandbox/repl/render.ts';
import { parseReplInput } from '../../src/sandbox/repl/parse-input.ts';
import { replHelp } from '../../src/sandbox/repl/help-text.ts';
import { pngSize, renderUploadedFile } from '../../src/sandbox/repl/uploaded-file.ts';
import { renderLineChart } from '../../src/charts/index.ts';
import { ButtonBoard } from '../../src/sandbox/repl/button-board.ts';
import { checkInput, readModal, readSubmitOutcome, renderModal, stateValues, type ModalInput } from '../../src/sandbox/repl/modal.ts';
import { stageSchema } from '../../src/config.ts';
import { newApprovalRequest } from '../../src/domain/approval.ts';
import { buildDeployPlan } from '../../src/domain/deploy-plan.ts';
import { approveConfirmModal, REASON_ACTION_ID, REASON_BLOCK_ID, REJECT_REASON_CALLBACK_ID, rejectReasonModal } from '../../src/slack/blocks/approval.ts';

const directory = {
  users: new Map([
    ['U0BOB', 'Bob'],
    ['U0ALICE', 'Alice'],
  ]),
  channels: new Map([['C0OPS', 'ml-ops']]),
  usergroups: new Map([['S0MLOPS', 'ml-ops-team']]),
};
const plain: RenderOptions = { styles: createStyles(false), ...directory };
const colour: RenderOptions = { styles: createStyles(true), ...directory };

const runningJob: TrainingJobView = {
  name: 'sm-churn-xgb-abc123',
  arn: 'arn:aws:sagemaker:us-east-1:123456789012:training-job/sm-churn-xgb-abc123',
  status: 'InProgress',
  secondaryStatus: 'Training',
  createdAt: Date.parse('2026-01-01T09:00:00Z'),
  startedAt: Date.parse('2026-01-01T09:02:00Z'),
  instanceType: 'ml.m5.xlarge',
  instanceCount: 1,
  hyperparameters: { max_depth: '8' },
  metrics: [],
  transitions: [],
};

describe('rendering Slack messages for the terminal', () => {
  describe('a training job message built by the bot', () => {
    const message = trainingJobMessage(runningJob, { now: Date.parse('2026-01-01T09:10:00Z'), recipe: 'churn-xgb', requester: 'U0BOB' });

    it('shows the job name as the header, underlined when colour is off', () => {
      const lines = renderMessage(message, plain).split('\n');
      expect(lines[0]).toBe('sm-churn-xgb-abc123');
      expect(lines[1]).toMatch(/^═+$/);
    });

    it('shows fields as "Label: value" and the requester by name', () => {
      const text = renderMessage(message, plain);
      expect(text).toContain('Recipe: `churn-xgb`');
      expect(text).toContain('Requested by: @Bob');
      expect(text).toContain('Instances: ml.m5.xlarge × 1');
      expect(text).not.toContain('<@U0BOB>');
    });

    it('numbers the Stop button so it can be pressed', () => {
      expect(renderMessage(message, plain)).toContain('[1 Stop training]');
      expect(renderMessage(message, { ...plain, buttonNumber: () => 7 })).toContain('[7 Stop training]');
    });

    it('shows dates by their fallback text, never as raw markup', () => {
      const text = renderMessage(message, plain);
      expect(text).toContain('Created 2026-01-01 09:00 UTC');
      expect(text).not.toContain('<!date');
    });

    it('uses no colour codes when colour is off', () => {
      expect(renderMessage(message, plain)).not.toContain('\x1b[');
    });

    it('makes the header bold and underlined, dims the context and colours the danger button when colour is on', () => {
      const text = renderMessage(message, colour);
      expect(text.split('\n')[0]).toBe('\x1b[1m\x1b[4msm-churn-xgb-abc123\x1b[24m\x1b[22m');
      const contextLine = text.split('\n').find((line) => stripAnsi(line).startsWith('Created'));
      expect(contextLine?.startsWith('\x1b[90m')).toBe(true);
      expect(text).toContain('\x1b[31m[1 Stop training]\x1b[39m');
      expect(stripAnsi(text)).toContain('Requested by: @Bob');
    });
  });

  it('renders a refusal with the role it needs and emoji as characters', () => {
    const text = renderMessage(forbiddenReply(new ForbiddenError('operator', 'start training jobs')), plain);
    expect(text).toContain('⛔ You need the operator role to start training jobs.');
  });

  it('falls back to the message text when there are no blocks', () => {
    expect(renderMessage({ text: 'Started &lt;job&gt; in <#C0OPS>' }, plain)).toBe('Started <job> in #ml-ops');
  });

  it('draws dividers, accessories and blocks it does not know without failing', () => {
    const text = renderBlocks(
      [
        { type: 'section', text: { type: 'mrkdwn', text: 'Approve?' }, accessory: { type: 'button', action_id: 'approve', value: 'a1', text: { type: 'plain_text', text: 'Approve' }, style: 'primary' } },
        { type: 'divider' },
        { type: 'rich_text', elements: [] },
        'not a block',
      ],
      plain,
    );
    expect(text.split('\n')).toEqual(['Approve?  [1 Approve]', '─'.repeat(40), '[rich_text block]']);
  });

  it('lists buttons with what a click needs, including the confirmation dialog', () => {
    const message = trainingJobMessage(runningJob, { now: runningJob.createdAt });
    const [stop] = listButtons(message.blocks);
    expect(stop).toMatchObject({ actionId: 'sm_stop', value: 'sm-churn-xgb-abc123', text: 'Stop training', style: 'danger' });
    expect(stop?.confirm).toMatchObject({ title: 'Stop this training job?', confirm: 'Stop it', deny: 'Keep running' });
  });
});

describe('rendering mrkdwn', () => {
  it('unescapes entities once, so escaped user text reads as typed', () => {
    expect(renderMrkdwn('a &lt;b&gt; &amp;amp; c', plain)).toBe('a <b> &amp; c');
  });

  it('shows users, channels, groups and special mentions by name', () => {
    expect(renderMrkdwn('<@U0ALICE> <@U0NOBODY> <#C0OPS> <#C0ELSE|random> <!subteam^S0MLOPS> <!here>', plain)).toBe('@Alice @U0NOBODY #ml-ops #random @ml-ops-team @here');
  });

  it('shows links as their label and address', () => {
    expect(renderMrkdwn('see <https://example.com/a?b=1&amp;c=2|the docs> or <https://x.test>', plain)).toBe('see the docs (https://example.com/a?b=1&c=2) or https://x.test');
  });

  it('drops emphasis markers without colour and styles them with it', () => {
    expect(renderMrkdwn('*Recipe* and _this_ but not max_depth or 2*3*4', plain)).toBe('Recipe and this but not max_depth or 2*3*4');
    expect(renderMrkdwn('*Recipe*', colour)).toBe('\x1b[1mRecipe\x1b[22m');
  });

  it('shows a quoted line with a bar, but not user text that was escaped', () => {
    expect(renderMrkdwn(':x: *Rejected*\n>AUC dropped\n&gt; not a quote', plain)).toBe('❌ Rejected\n│ AUC dropped\n> not a quote');
  });

  it('keeps code as typed and sets code blocks apart on their own lines', () => {
    expect(renderMrkdwn('run `a *b* &lt;c&gt;` now', plain)).toBe('run `a *b* <c>` now');
    expect(renderMrkdwn('*Latest metrics*\n```loss  0.1\nauc   0.9```', plain)).toBe('Latest metrics\n    loss  0.1\n    auc   0.9');
  });
});

describe('reading what the sandbox user types', () => {
  it('sends anything starting with a slash to the bot', () => {
    expect(parseReplInput('/sm train churn-xgb max_depth=8')).toEqual({ kind: 'slash', command: '/sm', text: 'train churn-xgb max_depth=8' });
    expect(parseReplInput('  /SM  ')).toEqual({ kind: 'slash', command: '/sm', text: '' });
  });

  it('understands user switches, presses, the clock and failures', () => {
    expect(parseReplInput('as @alice')).toEqual({ kind: 'as', who: 'alice' });
    expect(parseReplInput('press 2')).toEqual({ kind: 'press', button: 2 });
    expect(parseReplInput('3')).toEqual({ kind: 'press', button: 3 });
    expect(parseReplInput('clock +10m')).toEqual({ kind: 'clock', advanceMs: 600_000 });
    expect(parseReplInput('clock speed 60')).toEqual({ kind: 'clock', speed: 60 });
    expect(parseReplInput('clock')).toEqual({ kind: 'clock' });
    expect(parseReplInput('fail next training')).toEqual({ kind: 'fail-training' });
    expect(parseReplInput('rollback next update')).toEqual({ kind: 'rollback-update' });
    expect(parseReplInput('rollback next update churn-prod')).toEqual({ kind: 'rollback-update', endpoint: 'churn-prod' });
    expect(parseReplInput('quit')).toEqual({ kind: 'quit' });
  });

  it('keeps the text of a submit as typed, and reads cancel', () => {
    expect(parseReplInput('submit')).toEqual({ kind: 'submit' });
    expect(parseReplInput('submit  AUC  dropped <on> the holdout ')).toEqual({ kind: 'submit', text: 'AUC  dropped <on> the holdout' });
    expect(parseReplInput('cancel')).toEqual({ kind: 'cancel' });
  });

  it('explains what is wrong with a line it cannot use', () => {
    expect(parseReplInput('press zero')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('Usage: press') });
    expect(parseReplInput('clock soon')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('Usage: clock') });
    expect(parseReplInput('sm help')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('/sm help') });
    expect(parseReplInput('dance')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('help') });
    expect(parseReplInput('rollback churn-prod')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('Usage: rollback next update') });
  });

  describe('alert scenarios', () => {
    it('reads each scenario, with the endpoint, budget and value left out or given in either order', () => {
      expect(parseReplInput('scenario latency fraud-linear-prod')).toEqual({ kind: 'scenario', command: { kind: 'latency', endpoint: 'fraud-linear-prod' } });
      expect(parseReplInput('scenario latency 900ms churn-prod')).toEqual({ kind: 'scenario', command: { kind: 'latency', endpoint: 'churn-prod', p99Ms: 900 } });
      expect(parseReplInput('scenario latency 1.5s')).toEqual({ kind: 'scenario', command: { kind: 'latency', p99Ms: 1_500 } });
      expect(parseReplInput('scenario errors churn-prod 5%')).toEqual({ kind: 'scenario', command: { kind: 'errors', endpoint: 'churn-prod', rate: 0.05 } });
      expect(parseReplInput('scenario drift churn-prod tenure')).toEqual({ kind: 'scenario', command: { kind: 'drift', endpoint: 'churn-prod', feature: 'tenure' } });
      expect(parseReplInput('scenario idle')).toEqual({ kind: 'scenario', command: { kind: 'idle' } });
      expect(parseReplInput('scenario spend 80')).toEqual({ kind: 'scenario', command: { kind: 'spend', percent: 80 } });
      expect(parseReplInput('scenario spend 95% ml-monthly')).toEqual({ kind: 'scenario', command: { kind: 'spend', percent: 95, budget: 'ml-monthly' } });
      expect(parseReplInput('scenario clear')).toEqual({ kind: 'scenario', command: { kind: 'clear' } });
      expect(parseReplInput('scenarios')).toEqual({ kind: 'scenario', command: { kind: 'list' } });
    });

    it('explains a scenario it does not know, or a value it cannot read, with the usage', () => {
      expect(parseReplInput('scenario earthquake')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('There is no scenario “earthquake”') });
      expect(parseReplInput('scenario spend lots')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('scenario spend 80 [budget]') });
      expect(parseReplInput('scenario errors churn-prod 150%')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('error rate such as 5%') });
      expect(parseReplInput('scenario latency a b')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('p99 latency such as 1500ms') });
      expect(parseReplInput('scenario clear now')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('takes nothing after it') });
    });

    it('are listed in the help, with a walkthrough naming the watched endpoint and budget', () => {
      const help = replHelp({ endpoint: 'fraud-linear-prod', budget: 'ml-monthly', alertsChannel: '#ml-alerts' });
      expect(help).toContain('scenario latency [endpoint] [1500ms]');
      expect(help).toContain('scenario clear');
      expect(help).toContain('Alerts, step by step (the watchers watch fraud-linear-prod and the budget ml-monthly)');
      expect(replHelp()).not.toContain('Alerts, step by step');
    });
  });
});

describe('files the bot uploads', () => {
  const chart = renderLineChart({ title: 'p99 latency', unit: 'ms', series: [{ label: 'p99', points: [{ t: 0, v: 1 }, { t: 60_000, v: 2 }] }], width: 640, height: 320 });

  it('reads a PNG’s size from its header, and nothing from bytes that are not a PNG', () => {
    expect(pngSize(chart)).toEqual({ width: 640, height: 320 });
    expect(pngSize(Buffer.from('not a png at all, not even close'))).toBeUndefined();
    expect(pngSize(chart.subarray(0, 10))).toBeUndefined();
  });

  it('shows a chart by its title and size, with where it was saved', () => {
    const line = renderUploadedFile({ name: 'health-x.png', title: 'x: p99 model latency, last 6 h', content: chart, savedTo: '/tmp/charts/1-health-x.png' }, createStyles(false));
    expect(line).toBe('[chart: x: p99 model latency, last 6 h (PNG 640×320), saved to /tmp/charts/1-health-x.png]');
  });

  it('shows any other file by its name and size, and says when it could not be saved', () => {
    const line = renderUploadedFile({ name: 'notes.txt', content: Buffer.alloc(2_048) }, createStyles(false));
    expect(line).toBe('[file: notes.txt (2.0 KB), not saved]');
  });
});

describe('button numbers', () => {
  const home = { channel: 'C0OPS', messageTs: '1.000001', message: {} };
  const stop = { actionId: 'sm_stop', value: 'job-a', text: 'Stop training' };

  it('stay the same when a message is updated in place', () => {
    const board = new ButtonBoard();
    expect(board.show(home, [stop])).toEqual([1]);
    expect(board.show({ ...home, messageTs: '2.000001' }, [stop])).toEqual([2]);
    expect(board.show(home, [stop])).toEqual([1]);
    expect(board.get(1)).toMatchObject({ live: true, channel: 'C0OPS', messageTs: '1.000001', actionId: 'sm_stop' });
  });

  it('retire a button its message no longer shows', () => {
    const board = new ButtonBoard();
    board.show(home, [stop]);
    board.show(home, []);
    expect(board.get(1)?.live).toBe(false);
  });
});

describe('modals the bot opens', () => {
  const T0 = Date.parse('2026-03-01T09:00:00Z');
  const ARN = 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn/7';
  const prod = stageSchema.parse({ endpoint: '{group}-prod', instanceType: 'ml.m5.xlarge', instanceCount: 2, approval: { approvers: 'approver', minApprovals: 1, expiresIn: '4h' } });
  const plan = buildDeployPlan({ requestId: 'deploy-aaaaaaaaaaaaaaaaaaaa', group: 'churn', version: 7, packageArn: ARN, stageName: 'prod', stage: prod });
  const request = {
    ...newApprovalRequest({
      id: plan.requestId,
      plan,
      pkg: { arn: ARN, group: 'churn', version: 7, approvalStatus: 'PendingManualApproval', createdAt: T0, image: 'xgboost:1.7-1', imageDigest: `sha256:${'a'.repeat(64)}`, modelDataUrl: 's3://acme-ml/m.tar.gz', metrics: { 'validation:auc': 0.93 } },
      stage: prod,
      requester: 'U0BOB',
      channel: 'C0APPROVALS',
      now: T0,
    }),
    messageTs: '1000.1',
  };

  describe('the approval confirmation', () => {
    const modal = readModal('V1', approveConfirmModal(request));

    it('is shown with its title, what it approves, and how to submit or cancel it', () => {
      expect(modal).toBeDefined();
      const text = renderModal(modal!, plain);
      expect(text.split('\n')[0]).toBe('┃ Approve deploy');
      expect(text).toContain('You are approving the deploy of churn v7 to prod');
      expect(text).toContain('Requested by @Bob');
      expect(text).toContain('[submit: Approve and deploy]  [cancel: Cancel]');
      expect(text).toContain('Type `submit` to Approve and deploy');
    });

    it('keeps the callback id and private metadata a submission must carry', () => {
      expect(modal?.callbackId).toBe('sm_approve_confirm');
      expect(JSON.parse(modal?.privateMetadata ?? '{}')).toEqual({ requestId: request.id, channel: 'C0APPROVALS', messageTs: '1000.1' });
      expect(modal?.inputs).toEqual([]);
    });
  });

  describe('the reject reason', () => {
    const modal = readModal('V2', rejectReasonModal(request));
    const reason = modal?.inputs[0] as ModalInput;

    it('shows its input with its label, limit and hint', () => {
      const text = renderModal(modal!, plain);
      expect(text).toContain('Why reject it? (required, up to 500 characters)');
      expect(text).toContain('[plain_text_input: e.g. AUC dropped on the holdout set]');
      expect(text).toContain('The reason is shown on the request');
      expect(text).toContain('Type `submit <why reject it>`');
      expect(modal?.callbackId).toBe(REJECT_REASON_CALLBACK_ID);
    });

    it('refuses what Slack’s client refuses, and sends spaces for the bot to judge', () => {
      expect(reason).toMatchObject({ blockId: REASON_BLOCK_ID, actionId: REASON_ACTION_ID, type: 'plain_text_input', optional: false, minLength: 1, maxLength: 500 });
      expect(checkInput(reason, '')).toBe('Please complete this required field.');
      expect(checkInput(reason, 'x'.repeat(501))).toMatch(/no more than 500/);
      expect(checkInput(reason, '   ')).toBeUndefined();
      expect(checkInput(reason, 'AUC dropped')).toBeUndefined();
    });

    it('builds state.values as Slack sends them', () => {
      expect(stateValues([reason], new Map([[REASON_BLOCK_ID, 'AUC dropped']]))).toEqual({ reason: { reason: { type: 'plain_text_input', value: 'AUC dropped' } } });
      expect(stateValues([reason], new Map())).toEqual({ reason: { reason: { type: 'plain_text_input', value: null } } });
    });
  });

  it('reads the bot’s answer to a submission', () => {
    expect(readSubmitOutcome('')).toEqual({ kind: 'close' });
    expect(readSubmitOutcome('{"response_action":"errors","errors":{"reason":"Say why."}}')).toEqual({ kind: 'errors', errors: { reason: 'Say why.' } });
    expect(readSubmitOutcome('{"response_action":"update","view":{"type":"modal"}}')).toEqual({ kind: 'update', view: { type: 'modal' } });
    expect(readSubmitOutcome('{"response_action":"clear"}')).toEqual({ kind: 'clear' });
    expect(readSubmitOutcome('not json')).toEqual({ kind: 'close' });
  });

  it('ignores a view that is not a modal', () => {
    expect(readModal('V3', { type: 'home', blocks: [] })).toBeUndefined();
    expect(readModal('V3', 'nonsense')).toBeUndefined();
  });
});
