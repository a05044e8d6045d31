import type { SeedModelRegistryInput } from './aws-emulator/index.ts';
import type { FakeUser } from './fake-slack/index.ts';

/*
 * The world the sandbox starts with when CHATOPS_CONFIG is not set: DESIGN.md's team
 * config with a second recipe, and a workspace whose people cover every role, so each
 * refusal and each permission can be tried by switching user, and a model registry with
 * a few versions, so a deploy can be requested, approved and watched at once.
 */

/** The team config, as YAML, exactly as a team would write it. */
export const DEMO_CONFIG_YAML = `# Built-in sandbox team config (src/sandbox/demo-config.ts).
aws:
  region: us-east-1
  accountId: "123456789012"
  executionRoleArn: arn:aws:iam::123456789012:role/SageMakerExecution
channels:
  ops: C0OPS
  alerts: C0ALERTS
  approvals: C0APPROVALS
roles:
  viewer: ["*"]
  operator: [U0BOB, S0MLOPS]
  approver: [U0ALICE]
  admin: [U0ADMIN]
recipes:
  churn-xgb:
    kind: training
    description: Customer churn, XGBoost built-in algorithm
    image: 683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1
    instanceType: ml.m5.xlarge
    instanceCount: 1
    inputs: { train: "s3://acme-ml/churn/train/", validation: "s3://acme-ml/churn/validation/" }
    output: s3://acme-ml/churn/models/
    hyperparameters: { max_depth: "6", eta: "0.2", num_round: "100" }
    maxRuntime: 1h
  fraud-linear:
    kind: training
    description: Card fraud, Linear Learner built-in algorithm
    image: 382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1
    instanceType: ml.c5.2xlarge
    instanceCount: 2
    inputs: { train: "s3://acme-ml/fraud/train/" }
    output: s3://acme-ml/fraud/models/
    hyperparameters: { predictor_type: binary_classifier, epochs: "15", mini_batch_size: "200" }
    maxRuntime: 2h
stages:
  staging:
    endpoint: "{group}-staging"
    instanceType: ml.m5.large
    instanceCount: 1
  prod:
    endpoint: "{group}-prod"
    instanceType: ml.m5.xlarge
    instanceCount: 2
    approval: { approvers: approver, minApprovals: 1, expiresIn: 4h }
    blueGreen: { canary: 10%, bake: 10m, rollbackAlarms: ["{endpoint}-5xx"] }
watchers:
  progress: { every: 1s }
  approvals: { every: 5s }
  # Fast ticks, so a scenario (type \`scenario\` in the sandbox) turns into an alert within seconds.
  health: { every: 5s, p99LatencyMs: 500, errorRate: 0.01, window: 5m, consecutiveBreaches: 2, idleDays: 7 }
  drift: { every: 10s }
  cost: { every: 10s, budgets: [ml-monthly], thresholds: [50, 80, 100] }
`;

/**
 * What the watchers have to watch when the sandbox starts: one endpoint that has been
 * serving for a month with a Model Monitor schedule on it, and a monthly budget with modest
 * spend (its linear forecast stays under the first threshold). The endpoint is named after
 * the fraud-linear recipe so a drift alert's Retrain button finds its recipe; it is not
 * churn-prod, which the approval walkthrough creates by deploying from the registry.
 */
export const DEMO_WATCHED_WORLD: DemoWatchedWorld = {
  endpoint: { name: 'fraud-linear-prod', instanceType: 'ml.m5.xlarge', instanceCount: 2, ageDays: 30 },
  monitoring: { every: '1h', features: ['amount', 'merchant_category', 'hour_of_day'] },
  budget: { name: 'ml-monthly', limitUsd: 5_000, spendPerDay: 45 },
};

export interface DemoWatchedWorld {
  endpoint: { name: string; instanceType: string; instanceCount: number; ageDays: number };
  monitoring: { every: string; features: string[] };
  /** Budgets named in the config's cost watcher get these figures too. */
  budget: { name: string; limitUsd: number; spendPerDay: number };
}

/** What the sandbox shows as the config's source in messages. */
export const DEMO_CONFIG_SOURCE = 'built-in demo config';

/** People in the fake workspace. Roles come from the config; Carol is an operator through S0MLOPS. */
export const DEMO_USERS: readonly FakeUser[] = [
  { id: 'U0ALICE', name: 'alice', realName: 'Alice' },
  { id: 'U0BOB', name: 'bob', realName: 'Bob' },
  { id: 'U0CAROL', name: 'carol', realName: 'Carol' },
  { id: 'U0VIEW', name: 'victor', realName: 'Victor' },
  { id: 'U0ADMIN', name: 'ada', realName: 'Ada' },
];

/** User group id → members. */
export const DEMO_USERGROUPS: Readonly<Record<string, string[]>> = { S0MLOPS: ['U0CAROL'] };

/** Display names of user groups, for `<!subteam^S…>`. */
export const DEMO_USERGROUP_NAMES: Readonly<Record<string, string>> = { S0MLOPS: 'ml-ops' };

/** Who types commands when the sandbox starts. */
export const DEMO_DEFAULT_USER = 'U0BOB';

/** The channel the sandbox user types `/sm` in (Slack sends its id with every command). */
export const SANDBOX_CHANNEL = { id: 'C0GENERAL', name: 'general' } as const;

/**
 * The model package group the sandbox registers at start, as if churn-xgb had been trained
 * four times: AUC rising, v1 already approved in the registry, the newer ones waiting.
 */
export const DEMO_MODEL_REGISTRY: SeedModelRegistryInput = {
  group: 'churn',
  versions: [
    { approvalStatus: 'Approved', metrics: { 'validation:auc': 0.812, 'validation:logloss': 0.431 }, trainingJob: 'churn-xgb-20260105-0901', description: 'baseline, max_depth=6' },
    { approvalStatus: 'PendingManualApproval', metrics: { 'validation:auc': 0.836, 'validation:logloss': 0.402 }, trainingJob: 'churn-xgb-20260112-1417', description: 'max_depth=8' },
    { approvalStatus: 'PendingManualApproval', metrics: { 'validation:auc': 0.851, 'validation:logloss': 0.388 }, trainingJob: 'churn-xgb-20260119-1032', description: 'max_depth=8, eta=0.1' },
    { approvalStatus: 'PendingManualApproval', metrics: { 'validation:auc': 0.864, 'validation:logloss': 0.371 }, trainingJob: 'churn-xgb-20260126-0948', description: 'max_depth=8, eta=0.1, num_round=200' },
  ],
};
