import { describe, expect, it } from 'vitest';
import { trainingJobMessage } from '../../src/slack/blocks/training-job.ts';
import { forbiddenReply } from '../../src/slack/blocks/replies.ts';
import { ForbiddenError } from '../../src/errors.ts';
import type { TrainingJobView } from '../../src/domain/training.ts';
import { createStyles, stripAnsi } from '../../src/sandbox/repl/ansi.ts';
import { renderMrkdwn } from '../../src/sandbox/repl/mrkdwn.ts';
import { listButtons, renderBlocks, renderMessage, type RenderOptions } from '../../src/sandbox/repl/render.ts';
import { parseReplInput } from '../../src/sandbox/repl/parse-input.ts';
import { ButtonBoard } from '../../src/sandbox/repl/button-board.ts';

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
    expect(parseReplInput('quit')).toEqual({ kind: 'quit' });
  });

  it('explains what is wrong with a line it cannot use', () => {
    expect(parseReplInput('press zero')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('Usage: press') });
    expect(parseReplInput('clock soon')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('Usage: clock') });
    expect(parseReplInput('sm help')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('/sm help') });
    expect(parseReplInput('dance')).toMatchObject({ kind: 'invalid', message: expect.stringContaining('help') });
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
