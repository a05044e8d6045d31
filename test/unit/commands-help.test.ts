import { describe, expect, it } from 'vitest';
import { helpText } from '../../src/commands/help-text.ts';
import { commandNames, commandSpecs, findSpec, specOf } from '../../src/commands/registry.ts';
import { teamConfigSchema } from '../../src/config.ts';
import { UsageError } from '../../src/errors.ts';

const team = teamConfigSchema.parse({
  aws: { region: 'us-east-1', accountId: '123456789012', executionRoleArn: 'arn:aws:iam::123456789012:role/SageMakerExecution' },
  channels: { ops: 'C0OPS', alerts: 'C0ALERTS', approvals: 'C0APPROVALS' },
  roles: {},
  recipes: {
    'churn-xgb': {
      kind: 'training',
      description: 'Churn classifier',
      image: 'xgboost:1.7-1',
      instanceType: 'ml.m5.xlarge',
      inputs: { train: 's3://acme-ml/churn/train/' },
      output: 's3://acme-ml/churn/models/',
      hyperparameters: { max_depth: '6', eta: '0.2' },
      maxRuntime: '1h',
    },
  },
});

describe('the registry', () => {
  it('holds exactly the sub-commands that exist', () => {
    expect([...commandNames]).toEqual(['help', 'train', 'status', 'jobs', 'stop', 'models', 'deploy', 'endpoints', 'rollback', 'approvals', 'alerts', 'cost', 'audit']);
  });

  it('gives every sub-command a usage starting with its name, a summary, a role and an action', () => {
    for (const spec of commandSpecs) {
      expect(spec.usage.startsWith(`/sm ${spec.name}`)).toBe(true);
      expect(spec.summary.length).toBeGreaterThan(0);
      expect(spec.action.length).toBeGreaterThan(0);
      expect(['viewer', 'operator', 'approver', 'admin']).toContain(spec.role);
    }
  });

  it('asks operators, not viewers, to start and stop jobs', () => {
    expect(findSpec('train')?.role).toBe('operator');
    expect(findSpec('stop')?.role).toBe('operator');
    expect(specOf({ kind: 'status', job: 'x' }).role).toBe('viewer');
  });

  it('asks operators to deploy, approvers to roll back, and lets viewers look', () => {
    expect(findSpec('deploy')?.role).toBe('operator');
    expect(findSpec('rollback')?.role).toBe('approver');
    for (const name of ['models', 'endpoints', 'approvals', 'alerts', 'cost']) expect(findSpec(name)?.role).toBe('viewer');
  });
});

describe('helpText', () => {
  describe('without a topic', () => {
    it('lists the usage and summary of every registered sub-command and nothing else', () => {
      const text = helpText(team);
      for (const spec of commandSpecs) {
        expect(text).toContain(spec.usage);
        expect(text).toContain(spec.summary);
      }
      const listed = [...text.matchAll(/`\/sm (\w+)/g)].map((match) => match[1]);
      expect(new Set(listed)).toEqual(new Set(commandNames));
    });
  });

  describe('for train', () => {
    it('lists the recipes with their declared hyperparameters and defaults', () => {
      const text = helpText(team, 'train');
      expect(text).toContain('`churn-xgb`: Churn classifier');
      expect(text).toContain('`max_depth=6`');
      expect(text).toContain('`eta=0.2`');
      expect(text).toContain('ml.m5.xlarge × 1, max runtime 1h');
      expect(text).toContain('*operator*');
    });
  });

  describe('for another sub-command', () => {
    it('shows its usage and details', () => {
      const text = helpText(team, 'jobs');
      expect(text).toContain('/sm jobs [mine] [failed]');
      expect(text).toContain('`mine`');
    });
  });

  describe('for an unknown topic', () => {
    it('throws a UsageError suggesting the nearest sub-command', () => {
      expect(() => helpText(team, 'trian')).toThrow(UsageError);
      try {
        helpText(team, 'trian');
      } catch (error) {
        expect((error as UsageError).suggestion).toBe('train');
      }
    });
  });
});
