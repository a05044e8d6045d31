import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { parseDuration, parseFraction } from './domain/duration.ts';
import { ConfigError } from './errors.ts';

/*
 * Configuration: secrets and endpoints from the environment, team policy from one YAML
 * file (DESIGN.md, "Team config"). Both are validated once, at start-up, and every bad
 * field is reported at once with its path.
 */

const duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const ms = typeof value === 'number' ? value * 1000 : parseDuration(value);
  if (ms === undefined || ms <= 0) {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as 30s, 10m or 2h, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return ms;
});

const fraction = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const result = parseFraction(String(value));
  if (result === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a percentage such as 10%, got ${JSON.stringify(value)}` });
    return z.NEVER;
  }
  return result;
});

const SAGEMAKER_INSTANCE = /^ml\.[a-z0-9]+\.[a-z0-9]+$/;
const instanceType = z.string().regex(SAGEMAKER_INSTANCE, 'expected a SageMaker instance type such as ml.m5.xlarge');
const s3Uri = z.string().regex(/^s3:\/\/[a-z0-9.-]{3,63}(\/.*)?$/, 'expected an s3:// URI');
const stringValue = z.union([z.string(), z.number(), z.boolean()]).transform(String);
/** Slack user ids (U…/W…), user-group ids (S…), or "*" for everyone. */
const principal = z.string().regex(/^(\*|[UWS][A-Z0-9]{2,})$/, 'expected a Slack user id (U…), a user group id (S…) or "*"');
const channelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'expected a Slack channel id such as C0123ABCD');

export const trainingRecipeSchema = z.object({
  kind: z.literal('training'),
  description: z.string().optional(),
  image: z.string().min(1),
  instanceType,
  instanceCount: z.number().int().min(1).max(100).default(1),
  volumeSizeGb: z.number().int().min(1).max(16384).default(30),
  inputs: z.record(z.string().regex(/^[A-Za-z0-9.\-_]+$/, 'channel names are letters, digits, . - _'), s3Uri).refine((v) => Object.keys(v).length > 0, 'at least one input channel'),
  output: s3Uri,
  hyperparameters: z.record(z.string(), stringValue).default({}),
  /** Objective metrics SageMaker extracts from the logs (built-in algorithms emit their own). */
  metricDefinitions: z.array(z.object({ name: z.string(), regex: z.string() })).default([]),
  maxRuntime: duration.default(86_400_000),
  /** Team of the recipe's owners; informational. */
  owner: z.string().optional(),
});
export type TrainingRecipe = z.output<typeof trainingRecipeSchema>;

export const recipeSchema = z.discriminatedUnion('kind', [trainingRecipeSchema]);
export type Recipe = z.output<typeof recipeSchema>;

export const stageSchema = z.object({
  endpoint: z.string().min(1),
  instanceType,
  instanceCount: z.number().int().min(1).max(100).default(1),
  approval: z
    .object({
      approvers: z.string().min(1),
      minApprovals: z.number().int().min(1, 'expected ≥ 1').default(1),
      expiresIn: duration.default(4 * 3_600_000),
    })
    .optional(),
  blueGreen: z
    .object({
      canary: fraction.default(0.1),
      bake: duration.default(600_000),
      rollbackAlarms: z.array(z.string()).default([]),
    })
    .optional(),
});
export type StageConfig = z.output<typeof stageSchema>;

const watcher = <T extends z.ZodRawShape>(everyMs: number, extra: T) =>
  z.object({ every: duration.default(everyMs), ...extra });

export const ROLE_NAMES = ['viewer', 'operator', 'approver', 'admin'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

export const teamConfigSchema = z
  .object({
    aws: z.object({
      region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'expected an AWS region such as us-east-1'),
      accountId: z.coerce.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id'),
      executionRoleArn: z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'expected an IAM role ARN'),
    }),
    channels: z.object({ ops: channelId, alerts: channelId, approvals: channelId }),
    roles: z.object({
      viewer: z.array(principal).default(['*']),
      operator: z.array(principal).default([]),
      approver: z.array(principal).default([]),
      admin: z.array(principal).default([]),
    }),
    recipes: z.record(z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'recipe names are lower-case letters, digits and -, at most 32'), recipeSchema).default({}),
    stages: z.record(z.string().regex(/^[a-z][a-z0-9-]{0,31}$/), stageSchema).default({}),
    watchers: z
      .object({
        progress: watcher(15_000, {}).default({ every: 15_000 }),
        health: watcher(60_000, { p99LatencyMs: z.number().positive().default(500), errorRate: z.number().min(0).max(1).default(0.01) }).optional(),
        drift: watcher(900_000, {}).optional(),
        cost: watcher(3_600_000, { budgets: z.array(z.string()).default([]), thresholds: z.array(z.number().positive()).default([50, 80, 100]) }).optional(),
      })
      .default({ progress: { every: 15_000 } }),
    /** USD per instance-hour, overriding the built-in table. */
    prices: z.record(instanceType, z.number().nonnegative()).default({}),
  })
  .superRefine((team, ctx) => {
    for (const [name, stage] of Object.entries(team.stages)) {
      if (stage.approval && !(ROLE_NAMES as readonly string[]).includes(stage.approval.approvers)) {
        ctx.addIssue({ code: 'custom', path: ['stages', name, 'approval', 'approvers'], message: `expected one of the roles ${ROLE_NAMES.join(', ')}` });
      }
    }
  });
export type TeamConfig = z.output<typeof teamConfigSchema>;

const port = z.coerce.number().int().min(0).max(65_535);
const url = z.url();

export const envSchema = z.object({
  SLACK_SIGNING_SECRET: z.string({ error: 'is required: the bot refuses unsigned requests' }).min(1, 'must not be empty: the bot refuses unsigned requests'),
  SLACK_BOT_TOKEN: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'expected an app-level token starting with xapp-').optional(),
  SLACK_API_URL: url.optional(),
  REDIS_URL: url.default('redis://127.0.0.1:6379'),
  PORT: port.default(3000),
  CHATOPS_CONFIG: z.string().default('chatops.yml'),
  /** Prefix of every Redis key and BullMQ queue; lets tests and tenants share one Redis. */
  CHATOPS_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]+$/).default('smchatops'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** How long a worker holds a job lock before another may take the job over. */
  WORKER_LOCK_MS: z.coerce.number().int().min(1_000).default(30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type EnvConfig = z.output<typeof envSchema>;

export interface Config {
  env: EnvConfig;
  team: TeamConfig;
}

/** Formats zod issues as `path.to.field: message`, one per line. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): string[] {
  return issues.map((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    return `${path || '(root)'}: ${issue.message}`;
  });
}

/** Parses and validates YAML text; throws ConfigError listing every problem. */
export function parseTeamConfig(text: string, source = 'config'): TeamConfig {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(doc.errors.map((error) => `${source}: ${error.message.split('\n')[0]}`));
  }
  const result = teamConfigSchema.safeParse(doc.toJS() ?? {});
  if (!result.success) throw new ConfigError(formatIssues(result.error.issues));
  return result.data;
}

export function parseEnv(env: NodeJS.ProcessEnv): EnvConfig {
  const result = envSchema.safeParse(env);
  if (!result.success) throw new ConfigError(formatIssues(result.error.issues));
  return result.data;
}

/**
 * Reads and validates the environment and the team config file together, so that one run
 * reports every bad field of both.
 */
export function loadConfig(env: NodeJS.ProcessEnv, file?: string, text?: string): Config {
  const issues: string[] = [];
  let parsedEnv: EnvConfig | undefined;
  let team: TeamConfig | undefined;
  try {
    parsedEnv = parseEnv(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    issues.push(...error.issues.map((issue) => `env ${issue}`));
  }
  const path = file ?? env['CHATOPS_CONFIG'] ?? 'chatops.yml';
  try {
    team = parseTeamConfig(text ?? readFileSync(path, 'utf8'), path);
  } catch (error) {
    if (error instanceof ConfigError) issues.push(...error.issues);
    else if ((error as NodeJS.ErrnoException).code === 'ENOENT') issues.push(`${path}: file not found (set CHATOPS_CONFIG to the team config file)`);
    else throw error;
  }
  if (issues.length > 0 || !parsedEnv || !team) throw new ConfigError(issues);
  return { env: parsedEnv, team };
}
