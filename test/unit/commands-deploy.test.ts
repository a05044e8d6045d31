import { describe, expect, it } from 'vitest';
import { helpText } from '../../src/commands/help-text.ts';
import { parseCommand } from '../../src/commands/parse-command.ts';
import { teamConfigSchema, type TeamConfig } from '../../src/config.ts';
import { UsageError } from '../../src/errors.ts';

const team: TeamConfig = teamConfigSchema.parse({
  aws: { region: 'us-east-1', accountId: '123456789012', executionRoleArn: 'arn:aws:iam::123456789012:role/SageMakerExecution' },
  channels: { ops: 'C0OPS', alerts: 'C0ALERTS', approvals: 'C0APPROVALS' },
  roles: { operator: ['U0BOB'], approver: ['U0ALICE', 'S0LEADS'] },
  stages: {
    staging: { endpoint: '{group}-staging', instanceType: 'ml.m5.large' },
    prod: {
      endpoint: '{group}-prod',
      instanceType: 'ml.m5.xlarge',
      instanceCount: 2,
      approval: { approvers: 'approver', minApprovals: 2, expiresIn: '4h' },
      blueGreen: { canary: '10%', bake: '10m', rollbackAlarms: ['{endpoint}-5xx'] },
    },
  },
});
const noStages: TeamConfig = { ...team, stages: {} };

/** Runs parseCommand and returns the UsageError it throws. */
function usageErrorOf(text: string, config: TeamConfig = team): UsageError {
  try {
    parseCommand(text, config);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

describe('/sm models', () => {
  it('parses a group name', () => {
    expect(parseCommand('models churn', team)).toEqual({ kind: 'models', group: 'churn' });
  });

  it('asks which group when none is given', () => {
    expect(usageErrorOf('models').message).toContain('Which model package group');
  });

  it('refuses a name SageMaker would not accept', () => {
    const error = usageErrorOf('models churn_v2');
    expect(error.message).toContain('not a model package group name');
    expect(error.usage).toBe('/sm models <group>');
  });

  it('refuses a version and suggests the group alone', () => {
    const error = usageErrorOf('models churn@7');
    expect(error.message).toContain('give the group alone');
    expect(error.suggestion).toBe('churn');
  });

  it('refuses two groups and key=value options', () => {
    expect(usageErrorOf('models churn fraud').message).toContain('one model package group');
    expect(usageErrorOf('models group=churn').message).toContain('no key=value');
  });
});

describe('/sm deploy', () => {
  it('parses a group, a version and a stage', () => {
    expect(parseCommand('deploy churn@7 to prod', team)).toEqual({ kind: 'deploy', group: 'churn', version: 7, stage: 'prod' });
  });

  it('leaves the version out to mean the newest', () => {
    expect(parseCommand('deploy churn to staging', team)).toEqual({ kind: 'deploy', group: 'churn', stage: 'staging' });
  });

  it('accepts `v7`, a capitalised `TO` and stage, and extra spaces', () => {
    expect(parseCommand('deploy  churn@v7  TO  Prod', team)).toEqual({ kind: 'deploy', group: 'churn', version: 7, stage: 'prod' });
  });

  describe('refuses a version that is not a positive integer', () => {
    it.each(['churn@latest', 'churn@0', 'churn@-1', 'churn@', 'churn@1.5', 'churn@7x'])('%s', (target) => {
      const error = usageErrorOf(`deploy ${target} to prod`);
      expect(error.message).toContain('is not a version');
      expect(error.message).toContain('/sm models churn');
    });
  });

  it('refuses a bad group name', () => {
    expect(usageErrorOf('deploy churn_v2@7 to prod').message).toContain('not a model package group name');
    expect(usageErrorOf('deploy @7 to prod').message).toContain('not a model package group name');
  });

  it('needs `to` and a stage, saying what to write', () => {
    expect(usageErrorOf('deploy churn@7').message).toContain('`/sm deploy churn@7 to <stage>`');
    expect(usageErrorOf('deploy churn@7 prod').message).toContain('Write `to` before the stage: `/sm deploy churn@7 to prod`');
    expect(usageErrorOf('deploy churn@7 to').message).toMatch(/Which stage\? The stages are `staging` and `prod`/);
  });

  it('points out a version given with a space instead of @', () => {
    expect(usageErrorOf('deploy churn 7 to prod').message).toContain('`/sm deploy churn@7 to <stage>`');
  });

  it('asks what to deploy when nothing is given, with an example', () => {
    const error = usageErrorOf('deploy');
    expect(error.message).toContain('/sm deploy churn@7 to staging');
    expect(error.usage).toBe('/sm deploy <group>[@<version>] to <stage>');
  });

  it('refuses an unknown stage, listing the stages and suggesting the nearest', () => {
    const error = usageErrorOf('deploy churn@7 to prdo');
    expect(error.message).toContain('There is no stage `prdo`');
    expect(error.message).toContain('`staging` and `prod`');
    expect(error.suggestion).toBe('prod');
  });

  it('does not mistake an inherited property for a stage', () => {
    expect(usageErrorOf('deploy churn to constructor').message).toContain('There is no stage');
  });

  it('says when no stages are configured', () => {
    expect(usageErrorOf('deploy churn to prod', noStages).message).toContain('No stages are configured');
  });

  it('refuses words after the stage', () => {
    expect(usageErrorOf('deploy churn to prod now').message).toContain('one stage at a time');
  });

  it('refuses a group whose endpoint name would be invalid for the stage', () => {
    const error = usageErrorOf(`deploy ${'g'.repeat(60)} to staging`);
    expect(error.message).toContain('not a valid SageMaker endpoint name');
  });

  it('refuses key=value options', () => {
    expect(usageErrorOf('deploy churn to prod canary=50%').message).toContain('no key=value');
  });

  describe('help', () => {
    const text = helpText(team, 'deploy');

    it('lists each stage with its endpoint and instances', () => {
      expect(text).toContain('`staging`: endpoint `{group}-staging`, ml.m5.large × 1');
      expect(text).toContain('`prod`: endpoint `{group}-prod`, ml.m5.xlarge × 2');
    });

    it('says which stages need approval, by whom, how many and when it expires', () => {
      expect(text).toContain('deploys at once, without approval');
      expect(text).toContain('needs 2 approvals from distinct people with the *approver* role, never the requester; a request expires after 4h');
    });

    it('describes the blue/green plan', () => {
      expect(text).toContain('blue/green: 10% of capacity first, bake 10m, then the rest; rolls back automatically on `{endpoint}-5xx`');
      expect(text).toContain('all at once');
      expect(text).toContain('*operator*');
    });
  });
});

describe('/sm endpoints', () => {
  it('parses with no arguments and refuses any', () => {
    expect(parseCommand('endpoints', team)).toEqual({ kind: 'endpoints' });
    expect(usageErrorOf('endpoints prod').message).toContain('takes no arguments');
  });
});

describe('/sm approvals', () => {
  it('parses with no arguments and refuses any', () => {
    expect(parseCommand('approvals', team)).toEqual({ kind: 'approvals' });
    expect(usageErrorOf('approvals mine').message).toContain('takes no arguments');
  });
});

describe('/sm rollback', () => {
  it('parses an endpoint name', () => {
    expect(parseCommand('rollback churn-prod', team)).toEqual({ kind: 'rollback', endpoint: 'churn-prod' });
  });

  it('asks which endpoint when none is given, and refuses two', () => {
    expect(usageErrorOf('rollback').message).toContain('Which endpoint');
    expect(usageErrorOf('rollback a b').message).toContain('one endpoint name');
  });

  it('refuses a name SageMaker would not accept', () => {
    expect(usageErrorOf('rollback churn_prod').message).toContain('not a SageMaker endpoint name');
  });

  it('explains in help that no new approval is needed and approvers alone may do it', () => {
    const text = helpText(team, 'rollback');
    expect(text).toContain('no new approval');
    expect(text).toContain('*approver*');
  });
});

describe('typos of the new sub-commands', () => {
  it('suggests the nearest one', () => {
    expect(usageErrorOf('deplyo churn to prod').suggestion).toBe('deploy');
    expect(usageErrorOf('endpoint').suggestion).toBe('endpoints');
    expect(usageErrorOf('rolback x').suggestion).toBe('rollback');
    expect(usageErrorOf('approval').suggestion).toBe('approvals');
  });
});
