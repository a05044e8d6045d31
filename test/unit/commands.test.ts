import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/commands/parse-command.ts';
import { teamConfigSchema, type TeamConfig } from '../../src/config.ts';
import { UsageError } from '../../src/errors.ts';

const team: TeamConfig = teamConfigSchema.parse({
  aws: { region: 'us-east-1', accountId: '123456789012', executionRoleArn: 'arn:aws:iam::123456789012:role/SageMakerExecution' },
  channels: { ops: 'C0OPS', alerts: 'C0ALERTS', approvals: 'C0APPROVALS' },
  roles: { viewer: ['*'], operator: ['U0BOB'] },
  recipes: {
    'churn-xgb': {
      kind: 'training',
      image: 'xgboost:1.7-1',
      instanceType: 'ml.m5.xlarge',
      inputs: { train: 's3://acme-ml/churn/train/' },
      output: 's3://acme-ml/churn/models/',
      hyperparameters: { max_depth: '6', eta: '0.2', num_round: 100, objective: 'binary:logistic' },
      maxRuntime: '1h',
    },
    'fraud-xgb': {
      kind: 'training',
      image: 'xgboost:1.7-1',
      instanceType: 'ml.m5.xlarge',
      inputs: { train: 's3://acme-ml/fraud/train/' },
      output: 's3://acme-ml/fraud/models/',
    },
  },
});

/** Runs parseCommand and returns the UsageError it throws. */
function usageErrorOf(text: string): UsageError {
  try {
    parseCommand(text, team);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

describe('parseCommand', () => {
  describe('when the text is empty or only whitespace', () => {
    it('asks for help', () => {
      expect(parseCommand('', team)).toEqual({ kind: 'help' });
      expect(parseCommand('   \t ', team)).toEqual({ kind: 'help' });
    });
  });

  describe('help', () => {
    it('parses with and without a topic, case-insensitively', () => {
      expect(parseCommand('help', team)).toEqual({ kind: 'help' });
      expect(parseCommand('HELP Train', team)).toEqual({ kind: 'help', topic: 'train' });
    });

    it('refuses an unknown topic and suggests the nearest sub-command', () => {
      const error = usageErrorOf('help stauts');
      expect(error.message).toContain('stauts');
      expect(error.suggestion).toBe('status');
      expect(error.usage).toBe('/sm help [sub-command]');
    });

    it('refuses a topic for a sub-command that does not exist yet', () => {
      const error = usageErrorOf('help promote');
      expect(error.message).toContain('promote');
    });

    it('refuses two topics', () => {
      expect(usageErrorOf('help train stop').message).toMatch(/one sub-command/);
    });
  });

  describe('unknown sub-commands', () => {
    it('suggests the nearest one for a typo', () => {
      const error = usageErrorOf('trian churn-xgb');
      expect(error.message).toContain('trian');
      expect(error.suggestion).toBe('train');
      expect(error.usage).toContain('/sm train <recipe>');
    });

    it('suggests nothing when nothing is close', () => {
      expect(usageErrorOf('xylophone').suggestion).toBeUndefined();
    });

    it('does not offer sub-commands that are not registered', () => {
      expect(usageErrorOf('promote').suggestion).toBeUndefined();
    });

    it('refuses a key=value pair in place of the sub-command', () => {
      expect(usageErrorOf('count=2').message).toContain('count=2');
    });
  });

  describe('train', () => {
    it('parses a recipe alone', () => {
      expect(parseCommand('train churn-xgb', team)).toEqual({ kind: 'train', recipe: 'churn-xgb', overrides: {}, hyperparameters: {} });
    });

    it('parses job options and declared hyperparameters in any order', () => {
      expect(parseCommand('train churn-xgb eta=0.1 instance=ml.g5.2xlarge  count=2 maxRuntime=1h30m max_depth=8', team)).toEqual({
        kind: 'train',
        recipe: 'churn-xgb',
        overrides: { instanceType: 'ml.g5.2xlarge', instanceCount: 2, maxRuntimeMs: 5_400_000 },
        hyperparameters: { eta: '0.1', max_depth: '8' },
      });
    });

    it('accepts quoted values, including Slack’s curly quotes', () => {
      expect(parseCommand('train churn-xgb objective="reg:squared error"', team)).toMatchObject({ hyperparameters: { objective: 'reg:squared error' } });
      expect(parseCommand('train churn-xgb objective=\u201creg:squared error\u201d', team)).toMatchObject({ hyperparameters: { objective: 'reg:squared error' } });
    });

    it('decodes the entities Slack escapes', () => {
      expect(parseCommand('train churn-xgb objective="a &lt;b&gt; &amp; c"', team)).toMatchObject({ hyperparameters: { objective: 'a <b> & c' } });
    });

    it('refuses a missing recipe, listing the recipes', () => {
      const error = usageErrorOf('train');
      expect(error.message).toContain('`churn-xgb`');
      expect(error.message).toContain('`fraud-xgb`');
    });

    it('refuses an unknown recipe, listing the recipes and suggesting the nearest', () => {
      const error = usageErrorOf('train churn-xbg');
      expect(error.message).toContain('churn-xbg');
      expect(error.message).toContain('`fraud-xgb`');
      expect(error.suggestion).toBe('churn-xgb');
    });

    it('refuses an undeclared hyperparameter, naming the declared keys and suggesting the nearest', () => {
      const error = usageErrorOf('train churn-xgb max_dept=4');
      expect(error.message).toContain('max_dept');
      for (const key of ['max_depth', 'eta', 'num_round', 'objective']) expect(error.message).toContain(`\`${key}\``);
      expect(error.suggestion).toBe('max_depth');
    });

    it('suggests a job option for a near miss such as maxruntime', () => {
      expect(usageErrorOf('train churn-xgb maxruntime=2h').suggestion).toBe('maxRuntime');
    });

    it('says when a recipe declares no hyperparameters', () => {
      expect(usageErrorOf('train fraud-xgb eta=1').message).toContain('declares no hyperparameters');
    });

    it.each([
      ['instance=m5.large', /instance expects a SageMaker instance type/],
      ['instance=ml.m5', /instance expects/],
      ['count=0', /count expects a whole number from 1 to 100/],
      ['count=101', /count expects/],
      ['count=2.5', /count expects/],
      ['count=two', /count expects/],
      ['maxRuntime=forever', /maxRuntime expects a duration/],
      ['maxRuntime=29d', /between 1s and 28d/],
      ['maxRuntime=0s', /between 1s and 28d/],
      ['max_depth=deep', /max_depth expects a number, got `deep`/],
      ['eta=', /`eta` has no value/],
      [`objective=${'x'.repeat(2_501)}`, /at most 2500/],
      ['objective="a\u0007b"', /control character/],
    ])('refuses %s', (option, message) => {
      const error = usageErrorOf(`train churn-xgb ${option}`);
      expect(error.message).toMatch(message);
      expect(error.usage).toContain('/sm train');
    });

    it('accepts 28 days and numbers in any notation for numeric hyperparameters', () => {
      expect(parseCommand('train churn-xgb maxRuntime=28d eta=1e-3 max_depth=-1', team)).toMatchObject({
        overrides: { maxRuntimeMs: 28 * 86_400_000 },
        hyperparameters: { eta: '1e-3', max_depth: '-1' },
      });
    });

    it('accepts any text for a hyperparameter whose default is not a number', () => {
      expect(parseCommand('train churn-xgb objective=multi:softmax', team)).toMatchObject({ hyperparameters: { objective: 'multi:softmax' } });
    });

    it('refuses a key given twice', () => {
      expect(usageErrorOf('train churn-xgb eta=0.1 eta=0.3').message).toMatch(/given twice/);
    });

    it('refuses a stray word after the recipe', () => {
      expect(usageErrorOf('train churn-xgb fast').message).toContain('fast');
    });

    it('refuses spaces around =', () => {
      expect(usageErrorOf('train churn-xgb eta = 0.1').message).toMatch(/no spaces around/);
    });

    it('refuses an unclosed quote', () => {
      expect(usageErrorOf('train churn-xgb objective="reg').message).toMatch(/never closed/);
    });
  });

  describe.each(['status', 'stop'] as const)('%s', (kind) => {
    it('parses a training job name', () => {
      expect(parseCommand(`${kind} churn-xgb-abc123`, team)).toEqual({ kind, job: 'churn-xgb-abc123' });
    });

    it.each(['-leading', 'trailing-', 'under_score', 'a'.repeat(64), 'semi;colon'])('refuses the bad name %s', (name) => {
      expect(usageErrorOf(`${kind} ${name}`).message).toMatch(/not a SageMaker training job name/);
    });

    it('refuses a missing name and two names', () => {
      expect(usageErrorOf(kind).message).toMatch(/Which training job/);
      expect(usageErrorOf(`${kind} a b`).message).toMatch(/one training job name/);
    });
  });

  describe('jobs', () => {
    it('parses its words in any order', () => {
      expect(parseCommand('jobs', team)).toEqual({ kind: 'jobs', mine: false, failed: false });
      expect(parseCommand('jobs mine', team)).toEqual({ kind: 'jobs', mine: true, failed: false });
      expect(parseCommand('jobs failed MINE', team)).toEqual({ kind: 'jobs', mine: true, failed: true });
    });

    it('refuses an unknown word and suggests the nearest filter', () => {
      const error = usageErrorOf('jobs faild');
      expect(error.message).toContain('faild');
      expect(error.suggestion).toBe('failed');
    });
  });

  describe('alerts and cost', () => {
    it('parse with no arguments and refuse any', () => {
      expect(parseCommand('alerts', team)).toEqual({ kind: 'alerts' });
      expect(parseCommand('COST', team)).toEqual({ kind: 'cost' });
      expect(usageErrorOf('alerts open').message).toContain('takes no arguments');
      expect(usageErrorOf('cost budget=x').message).toContain('no key=value options');
    });

    it('suggest themselves for a typo', () => {
      expect(usageErrorOf('alert').suggestion).toBe('alerts');
      expect(usageErrorOf('csot').suggestion).toBe('cost');
    });
  });

  describe('audit', () => {
    it('defaults to 20 entries and takes a count from 1 to 200', () => {
      expect(parseCommand('audit', team)).toEqual({ kind: 'audit', limit: 20 });
      expect(parseCommand('audit 1', team)).toEqual({ kind: 'audit', limit: 1 });
      expect(parseCommand('audit 200', team)).toEqual({ kind: 'audit', limit: 200 });
    });

    it.each(['0', '201', '-5', '3.5', 'lots'])('refuses %s', (count) => {
      expect(usageErrorOf(`audit ${count}`).message).toMatch(/whole number from 1 to 200/);
    });
  });
});
