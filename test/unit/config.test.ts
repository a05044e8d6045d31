import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkConfig } from '../../src/check-config.ts';
import { loadConfig, parseEnv, parseTeamConfig, readTeamConfig } from '../../src/config.ts';
import { ConfigError } from '../../src/errors.ts';

const EXAMPLE = fileURLToPath(new URL('../../chatops.example.yml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'chatops-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function tempFile(text: string): string {
  const path = join(dir, `${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(path, text);
  return path;
}

/** The issues of the ConfigError `run` throws; fails the test if it throws nothing else. */
function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

/** Collects what check-config writes. */
function sink(): { write(text: string): void; lines(): string[] } {
  let text = '';
  return { write: (chunk: string) => void (text += chunk), lines: () => text.split('\n').filter(Boolean) };
}

// No aws block, and one mistake of each kind people make.
const SEVERAL_MISTAKES = `
channels:
  ops: "#ml-ops"
  alerts: C0ALERTS
  approvals: C0APPROVALS
roles:
  approver: [U0ALICE]
recipes:
  churn-xgb:
    kind: training
    image: 683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1
    instanceType: m5.xlarge
    inputs: { train: "s3://acme-ml/churn/train/" }
    output: s3://acme-ml/churn/models/
    maxRuntime: 2 hours
stages:
  prod:
    endpoint: "{group}-prod"
    instanceType: ml.m5.xlarge
    approval: { approvers: leads, minApprovals: 0 }
`;

describe('the team config file', () => {
  describe('chatops.example.yml', () => {
    it('is valid', () => {
      const team = readTeamConfig(EXAMPLE);
      expect(Object.keys(team.recipes)).toEqual(['churn-xgb']);
      expect(team.stages['prod']?.approval).toEqual({ approvers: 'approver', minApprovals: 1, expiresIn: 4 * 3_600_000 });
    });

    it('has its durations and percentages turned into milliseconds and fractions', () => {
      const team = readTeamConfig(EXAMPLE);
      expect(team.recipes['churn-xgb']?.maxRuntime).toBe(3_600_000);
      expect(team.stages['prod']?.blueGreen).toEqual({ canary: 0.1, bake: 600_000, rollbackAlarms: ['{endpoint}-5xx'] });
      expect(team.watchers.health).toEqual({ every: 60_000, p99LatencyMs: 500, errorRate: 0.01, window: 300_000, consecutiveBreaches: 3, idleDays: 7 });
    });
  });

  describe('with several mistakes', () => {
    it('reports all of them, each with its path, in one ConfigError', () => {
      const issues = issuesOf(() => parseTeamConfig(SEVERAL_MISTAKES.replace('channels:', 'aws:\n  region: us-east\n  accountId: "123456789012"\n  executionRoleArn: arn:aws:iam::123456789012:role/SageMakerExecution\nchannels:')));
      expect(issues).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^aws\.region: expected an AWS region such as us-east-1, got "us-east"$/),
          expect.stringMatching(/^channels\.ops: expected a Slack channel id .*got "#ml-ops"$/),
          expect.stringMatching(/^recipes\.churn-xgb\.instanceType: expected a SageMaker instance type .*got "m5\.xlarge"$/),
          expect.stringMatching(/^recipes\.churn-xgb\.maxRuntime: expected a duration such as 30s, 10m or 2h, got "2 hours"$/),
          'stages.prod.approval.minApprovals: expected ≥ 1',
          expect.stringMatching(/^stages\.prod\.approval\.approvers: expected one of the roles viewer, operator, approver, admin, got "leads"$/),
        ]),
      );
      expect(issues).toHaveLength(6);
    });

    it('says a missing aws block is required, alongside the other mistakes', () => {
      const issues = issuesOf(() => parseTeamConfig(SEVERAL_MISTAKES));
      expect(issues).toContain('aws: is required');
      expect(issues).toContain('stages.prod.approval.minApprovals: expected ≥ 1');
      expect(issues).toHaveLength(6);
    });
  });

  describe('with a misspelt key', () => {
    it('reports the unknown key instead of silently using the default', () => {
      const text = readFileSync(EXAMPLE, 'utf8').replace('maxRuntime: 1h', 'maxRuntme: 1h');
      expect(issuesOf(() => parseTeamConfig(text))).toEqual(['recipes.churn-xgb: unknown key "maxRuntme"']);
    });
  });

  describe('with an unquoted account id that lost its leading zero', () => {
    it('says to quote it', () => {
      const text = readFileSync(EXAMPLE, 'utf8').replace('accountId: "123456789012"', 'accountId: 012345678901');
      expect(issuesOf(() => parseTeamConfig(text))).toEqual([expect.stringMatching(/^aws\.accountId: expected a 12-digit AWS account id in quotes/)]);
    });
  });

  describe('with a YAML syntax error', () => {
    it('names the file, says it is a YAML syntax error and where', () => {
      const issues = issuesOf(() => parseTeamConfig('aws:\n  region: [us-east-1\nchannels: {}\n', 'team.yml'));
      expect(issues).toHaveLength(1);
      expect(issues[0]).toMatch(/^team\.yml: YAML syntax error: .* at line \d+, column \d+$/);
    });
  });

  describe('that is not a mapping', () => {
    it('says what the file should hold', () => {
      expect(issuesOf(() => parseTeamConfig('- aws\n- channels\n', 'team.yml'))).toEqual([expect.stringMatching(/^team\.yml: expected a YAML mapping/)]);
    });
  });

  describe('that does not exist', () => {
    it('says so and names CHATOPS_CONFIG', () => {
      expect(issuesOf(() => readTeamConfig(join(dir, 'missing.yml')))).toEqual([expect.stringMatching(/missing\.yml: file not found \(set CHATOPS_CONFIG/)]);
    });
  });
});

describe('the environment', () => {
  const valid = { SLACK_SIGNING_SECRET: 'secret' };

  it('refuses an empty SLACK_SIGNING_SECRET', () => {
    expect(issuesOf(() => parseEnv({ SLACK_SIGNING_SECRET: '' }))).toEqual(['SLACK_SIGNING_SECRET: must not be empty: the bot refuses unsigned requests']);
  });

  it('requires SLACK_SIGNING_SECRET', () => {
    expect(issuesOf(() => parseEnv({}))).toEqual(['SLACK_SIGNING_SECRET: is required: the bot refuses unsigned requests']);
  });

  it('defaults PORT to 3000, also when it is set but empty', () => {
    expect(parseEnv(valid).PORT).toBe(3000);
    expect(parseEnv({ ...valid, PORT: '' }).PORT).toBe(3000);
    expect(parseEnv({ ...valid, PORT: '8080' }).PORT).toBe(8080);
  });

  it('defaults REDIS_URL to the local Redis', () => {
    expect(parseEnv(valid).REDIS_URL).toBe('redis://127.0.0.1:6379');
  });

  it('defaults the Socket Mode readiness grace to 30 s and the reconnect backoff to 1 s doubling to 60 s', () => {
    const env = parseEnv(valid);
    expect([env.SOCKET_MODE_READY_GRACE_MS, env.SOCKET_MODE_RECONNECT_BACKOFF_MS, env.SOCKET_MODE_RECONNECT_BACKOFF_MAX_MS]).toEqual([30_000, 1_000, 60_000]);
    expect(parseEnv({ ...valid, SOCKET_MODE_READY_GRACE_MS: '1000' }).SOCKET_MODE_READY_GRACE_MS).toBe(1_000);
  });

  it('refuses an app token that is not an app-level token', () => {
    expect(issuesOf(() => parseEnv({ ...valid, SLACK_APP_TOKEN: 'xoxb-123' }))).toEqual(['SLACK_APP_TOKEN: expected an app-level token starting with xapp-']);
  });
});

describe('loadConfig', () => {
  it('reports the environment and the file problems together', () => {
    const issues = issuesOf(() => loadConfig({ SLACK_SIGNING_SECRET: '', PORT: 'http' }, undefined, SEVERAL_MISTAKES));
    expect(issues).toContain('env SLACK_SIGNING_SECRET: must not be empty: the bot refuses unsigned requests');
    expect(issues).toContain('env PORT: expected a port number from 0 to 65535');
    expect(issues).toContain('aws: is required');
  });

  it('reads the file named by CHATOPS_CONFIG', () => {
    const config = loadConfig({ SLACK_SIGNING_SECRET: 'secret', CHATOPS_CONFIG: EXAMPLE });
    expect(config.team.channels.ops).toBe('C0OPS');
    expect(config.env.CHATOPS_CONFIG).toBe(EXAMPLE);
  });
});

describe('check-config', () => {
  describe('given a file with mistakes', () => {
    it('prints every problem on its own line and exits non-zero', () => {
      const out = sink();
      const path = tempFile(SEVERAL_MISTAKES);
      expect(checkConfig(path, out)).toBe(1);
      expect(out.lines()).toEqual([
        `${path} is invalid (6 problems):`,
        ...issuesOf(() => parseTeamConfig(SEVERAL_MISTAKES)),
      ]);
      expect(out.lines()).toContain('stages.prod.approval.minApprovals: expected ≥ 1');
    });
  });

  describe('given a missing file', () => {
    it('exits non-zero', () => {
      const out = sink();
      expect(checkConfig(join(dir, 'nope.yml'), out)).toBe(1);
      expect(out.lines()[1]).toMatch(/nope\.yml: file not found/);
    });
  });

  describe('given the example file', () => {
    it('exits 0 with a summary of recipes, stages, channels and role sizes', () => {
      const out = sink();
      const errors = sink();
      expect(checkConfig(EXAMPLE, out, errors)).toBe(0);
      expect(errors.lines()).toEqual([]);
      expect(out.lines()).toEqual(
        expect.arrayContaining([
          `${EXAMPLE} is valid.`,
          '  1 recipe: churn-xgb (1× ml.m5.xlarge, max 1h)',
          '  2 stages: staging, prod (needs 1 approver approval)',
          '  channels: ops C0OPS, alerts C0ALERTS, approvals C0APPROVALS',
          '  roles: viewer everyone, operator 2, approver 2, admin 1',
        ]),
      );
    });
  });
});
