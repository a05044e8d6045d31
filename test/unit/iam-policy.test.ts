import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as budgetsSdk from '@aws-sdk/client-budgets';
import * as cloudwatchSdk from '@aws-sdk/client-cloudwatch';
import * as sagemakerSdk from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { teamConfigSchema } from '../../src/config.ts';

interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const policy = JSON.parse(readFileSync(fileURLToPath(new URL('../../iam-policy.json', import.meta.url)), 'utf8')) as { Version: string; Statement: Statement[] };
const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const actions = policy.Statement.flatMap((statement) => list(statement.Action));
const TRAINING_JOBS = 'arn:aws:sagemaker:*:<ACCOUNT_ID>:training-job/*';
const AWS_DIR = fileURLToPath(new URL('../../src/aws/', import.meta.url));

/**
 * The IAM action an SDK command needs: its client's prefix and, for Budgets, whose Describe
 * calls are all authorized by budgets:ViewBudget, the action that covers it.
 */
function iamAction(command: string): string {
  const name = `${command}Command`;
  if (name in cloudwatchSdk) return `cloudwatch:${command}`;
  if (name in budgetsSdk) return command.startsWith('DescribeBudget') ? 'budgets:ViewBudget' : `budgets:${command}`;
  if (name in sagemakerSdk) return `sagemaker:${command}`;
  throw new Error(`${name} is not a command of a client the bot uses`);
}

describe('iam-policy.json', () => {
  it('is an IAM policy document of the current version', () => {
    expect(policy.Version).toBe('2012-10-17');
    expect(policy.Statement.length).toBeGreaterThan(0);
  });

  it('only allows, and never through NotAction or NotResource', () => {
    for (const statement of policy.Statement) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.NotAction).toBeUndefined();
      expect(statement.NotResource).toBeUndefined();
    }
  });

  it('grants no wildcard action, such as * or sagemaker:*', () => {
    expect(actions).not.toContain('*');
    expect(actions).not.toContain('sagemaker:*');
    expect(actions).not.toContain('cloudwatch:*');
    expect(actions).not.toContain('budgets:*');
    for (const action of actions) expect(action).not.toContain('*');
  });

  it('grants exactly the calls the bot makes (every SDK command in src/aws, plus AddTags for creating with tags)', () => {
    const sdkCommands = readdirSync(AWS_DIR)
      .filter((file) => file.endsWith('.ts'))
      .flatMap((file) => [...readFileSync(join(AWS_DIR, file), 'utf8').matchAll(/new (\w+)Command\(/g)].map((match) => iamAction(match[1] ?? '')));
    expect([...new Set(actions)].sort()).toEqual([...new Set([...sdkCommands, 'sagemaker:AddTags', 'iam:PassRole'])].sort());
  });

  it('scopes every SageMaker call to this account’s resources, except List, which takes no resource', () => {
    for (const statement of policy.Statement) {
      const sagemaker = list(statement.Action).filter((action) => action.startsWith('sagemaker:'));
      if (sagemaker.length === 0) continue;
      if (sagemaker.every((action) => action.startsWith('sagemaker:List'))) {
        expect(list(statement.Resource)).toEqual(['*']);
        continue;
      }
      expect(sagemaker.some((action) => action.startsWith('sagemaker:List'))).toBe(false);
      for (const resource of list(statement.Resource)) {
        expect(resource).toMatch(/^arn:aws:sagemaker:\*:<ACCOUNT_ID>:(training-job|model-package|model|endpoint-config|endpoint|monitoring-schedule)\/\*$/);
      }
    }
    expect(policy.Statement.find((statement) => statement.Sid === 'RunTrainingJobs')?.Resource).toBe(TRAINING_JOBS);
  });

  it('grants the CloudWatch reads on every metric, alone in their statement (metrics have no ARN to scope to)', () => {
    const statements = policy.Statement.filter((statement) => list(statement.Action).some((action) => action.startsWith('cloudwatch:')));
    expect(statements).toHaveLength(1);
    expect(list(statements[0]?.Action).every((action) => action.startsWith('cloudwatch:'))).toBe(true);
    expect(list(statements[0]?.Resource)).toEqual(['*']);
  });

  it('lets Budgets be read only on this account’s budgets', () => {
    const statements = policy.Statement.filter((statement) => list(statement.Action).some((action) => action.startsWith('budgets:')));
    expect(statements).toHaveLength(1);
    expect(list(statements[0]?.Action)).toEqual(['budgets:ViewBudget']);
    expect(list(statements[0]?.Resource)).toEqual(['arn:aws:budgets::<ACCOUNT_ID>:budget/*']);
  });

  describe('iam:PassRole', () => {
    const passRole = policy.Statement.filter((statement) => list(statement.Action).includes('iam:PassRole'));

    it('is granted once, alone, on one role', () => {
      expect(passRole).toHaveLength(1);
      expect(list(passRole[0]?.Action)).toEqual(['iam:PassRole']);
      expect(list(passRole[0]?.Resource)).toHaveLength(1);
      expect(list(passRole[0]?.Resource)[0]).not.toContain('*');
    });

    it('only lets the role be passed to SageMaker', () => {
      expect(passRole[0]?.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } });
    });

    it('names a role ARN that aws.executionRoleArn accepts once the placeholders are filled in', () => {
      const arn = list(passRole[0]?.Resource)[0] ?? '';
      expect(arn).toBe('arn:aws:iam::<ACCOUNT_ID>:role/<EXECUTION_ROLE_NAME>');
      const filled = arn.replace('<ACCOUNT_ID>', '123456789012').replace('<EXECUTION_ROLE_NAME>', 'SageMakerExecution');
      expect(teamConfigSchema.shape.aws.shape.executionRoleArn.safeParse(filled).success).toBe(true);
    });
  });
});
