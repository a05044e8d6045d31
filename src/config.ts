import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { parseDuration, parseFraction } from './domain/duration.ts';
import { ConfigError } from './errors.ts';

/*
 * Configuration: secrets and endpoints from the environment, team policy from one YAML
 * file (DESIGN.md, "Team config"). Both are validated once, at start-up, and every bad
 * field is reported at once with its path.
 *
 * The team schema uses strict objects: a misspelt key (`maxRuntme: 2h`) would otherwise be
 * dropped silently and the default used, which is the mistake people never spot.
 */

/** `JSON.stringify` of what the user wrote, for "got …" in messages. */
const shown = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));

const duration = z.union([z.string(), z.number()]).transform((value, ctx) => {
  // A bare number is seconds, the unit SageMaker's own limits use.
  const ms = typeof value === 'number' ? value * 1000 : parseDuration(value);
  if (ms === undefined || ms <= 0) {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as 30s, 10m or 2h, got ${shown(value)}` });
    return z.NEVER;
  }
  return ms;
});

const fraction = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const result = parseFraction(String(value));
  if (result === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a percentage such as 10%, got ${shown(value)}` });
    return z.NEVER;
  }
  return result;
});

/** A string matching `pattern`; the message names what was expected and what was given. */
const matching = (pattern: RegExp, expected: string) =>
  z.string().regex(pattern, { error: (issue) => `expected ${expected}, got ${shown(issue.input)}` });

/**
 * A record whose keys follow `pattern`. Zod's own key schema skips the value of a bad key,
 * and an object-level refinement is skipped once any value has an issue; this check runs
 * regardless, so a badly named entry and the mistakes inside it are reported together.
 */
const namedRecord = <V extends z.ZodType>(pattern: RegExp, expected: string, value: V) =>
  z.record(z.string(), value).superRefine(
    (record, ctx) => {
      for (const key of Object.keys(record)) {
        if (!pattern.test(key)) ctx.addIssue({ code: 'custom', path: [key], message: `bad name: expected ${expected}` });
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );

const SAGEMAKER_INSTANCE = /^ml\.[a-z0-9]+\.[a-z0-9]+$/;
const instanceType = matching(SAGEMAKER_INSTANCE, 'a SageMaker instance type such as ml.m5.xlarge');
const s3Uri = matching(/^s3:\/\/[a-z0-9.-]{3,63}(\/.*)?$/, 'an s3:// URI such as s3://bucket/prefix/');
const stringValue = z.union([z.string(), z.number(), z.boolean()]).transform(String);
/** Slack user ids (U…/W…), user-group ids (S…), or "*" for everyone. */
const principal = matching(/^(\*|[UWS][A-Z0-9]{2,})$/, 'a Slack user id (U…), a user group id (S…) or "*"');
const channelId = matching(/^[CGD][A-Z0-9]{2,}$/, 'a Slack channel id such as C0123ABCD (not a #name)');
const count = z.number().int().min(1, 'expected ≥ 1').max(100, 'expected ≤ 100');

export const trainingRecipeSchema = z.strictObject({
  kind: z.literal('training'),
  description: z.string().optional(),
  image: z.string().min(1, 'expected a container image URI'),
  instanceType,
  instanceCount: count.default(1),
  volumeSizeGb: z.number().int().min(1, 'expected ≥ 1').max(16384, 'expected ≤ 16384').default(30),
  inputs: namedRecord(/^[A-Za-z0-9.\-_]+$/, 'channel names are letters, digits, . - _', s3Uri).refine((v) => Object.keys(v).length > 0, 'expected at least one input channel'),
  output: s3Uri,
  hyperparameters: z.record(z.string(), stringValue).default({}),
  /** Objective metrics SageMaker extracts from the logs (built-in algorithms emit their own). */
  metricDefinitions: z.array(z.strictObject({ name: z.string(), regex: z.string() })).default([]),
  maxRuntime: duration.default(86_400_000),
  /** Team of the recipe's owners; informational. */
  owner: z.string().optional(),
});
export type TrainingRecipe = z.output<typeof trainingRecipeSchema>;

export const recipeSchema = z.discriminatedUnion('kind', [trainingRecipeSchema], {
  error: (issue) => (issue.code === 'invalid_union' ? `expected kind: training, got ${shown((issue.input as { kind?: unknown } | undefined)?.kind)}` : undefined),
});
export type Recipe = z.output<typeof recipeSchema>;

export const ROLE_NAMES = ['viewer', 'operator', 'approver', 'admin'] as const;
export type RoleName = (typeof ROLE_NAMES)[number];

export const stageSchema = z.strictObject({
  /** Endpoint name; `{group}` is replaced by the model package group. */
  endpoint: z.string().min(1),
  instanceType,
  instanceCount: count.default(1),
  approval: z
    .strictObject({
      // Checked here rather than in a refinement of the whole file, which zod skips once
      // any other field is wrong.
      approvers: z.string().refine((role) => (ROLE_NAMES as readonly string[]).includes(role), {
        error: (issue) => `expected one of the roles ${ROLE_NAMES.join(', ')}, got ${shown(issue.input)}`,
      }),
      minApprovals: z.number().int().min(1, 'expected ≥ 1').default(1),
      expiresIn: duration.default(4 * 3_600_000),
    })
    .optional(),
  blueGreen: z
    .strictObject({
      canary: fraction.default(0.1),
      bake: duration.default(600_000),
      rollbackAlarms: z.array(z.string()).default([]),
    })
    .optional(),
});
export type StageConfig = z.output<typeof stageSchema>;

const watcher = <T extends z.ZodRawShape>(everyMs: number, extra: T) => z.strictObject({ every: duration.default(everyMs), ...extra });

export const teamConfigSchema = z.strictObject({
  aws: z.strictObject({
    region: matching(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as us-east-1'),
    // YAML reads an unquoted 123456789012 as a number (and drops a leading zero), so both
    // forms are accepted and the message says to quote it.
    accountId: z
      .union([z.string(), z.number().int()])
      .transform(String)
      .pipe(matching(/^\d{12}$/, 'a 12-digit AWS account id in quotes, such as "012345678901"')),
    executionRoleArn: matching(/^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/, 'an IAM role ARN such as arn:aws:iam::123456789012:role/SageMakerExecution'),
  }),
  channels: z.strictObject({ ops: channelId, alerts: channelId, approvals: channelId }),
  roles: z.strictObject({
    viewer: z.array(principal).default(['*']),
    operator: z.array(principal).default([]),
    approver: z.array(principal).default([]),
    admin: z.array(principal).default([]),
  }),
  recipes: namedRecord(/^[a-z0-9][a-z0-9-]{0,31}$/, 'lower-case letters, digits and -, at most 32', recipeSchema).default({}),
  stages: namedRecord(/^[a-z][a-z0-9-]{0,31}$/, 'a lower-case letter, then letters, digits and -, at most 32', stageSchema).default({}),
  watchers: z
    .strictObject({
      progress: watcher(15_000, {}).default({ every: 15_000 }),
      /** Expires approval requests past their `expiresIn` and updates their messages. */
      approvals: watcher(30_000, {}).default({ every: 30_000 }),
      health: watcher(60_000, {
        p99LatencyMs: z.number().positive().default(500),
        errorRate: z.number().min(0, 'expected a fraction between 0 and 1').max(1, 'expected a fraction between 0 and 1').default(0.01),
        /** The window the metrics are read over. */
        window: duration.default(300_000),
        /** Ticks in a row a threshold must be breached before an alert opens (and clear before it resolves). */
        consecutiveBreaches: z.number().int().min(1).max(100).default(3),
        /** An InService endpoint with no invocations for this many days is reported idle. */
        idleDays: z.number().positive().default(7),
      }).optional(),
      drift: watcher(900_000, {
        /** Where Model Monitor publishes feature_baseline_drift_<feature>; AWS's docs disagree, so it is configurable. */
        namespace: z.string().min(1).default('aws/sagemaker/Endpoints/data-metrics'),
        endpointDimension: z.string().min(1).default('Endpoint'),
        scheduleDimension: z.string().min(1).default('MonitoringSchedule'),
        /** A feature whose drift metric exceeds this is named as drifting. */
        threshold: z.number().nonnegative().default(0.1),
        /** How many days the drift chart shows. */
        chartDays: z.number().int().min(1).max(30).default(7),
      }).optional(),
      cost: watcher(3_600_000, {
        budgets: z.array(z.string()).default([]),
        /** Percentages of each budget at which to warn, of actual or of forecast spend. */
        thresholds: z.array(z.number().positive()).default([50, 80, 100]),
      }).optional(),
    })
    .default({ progress: { every: 15_000 }, approvals: { every: 30_000 } }),
  /** USD per instance-hour, overriding the built-in table. */
  prices: namedRecord(SAGEMAKER_INSTANCE, 'a SageMaker instance type such as ml.m5.xlarge', z.number().nonnegative()).default({}),
});
export type TeamConfig = z.output<typeof teamConfigSchema>;

const port = z.coerce.number({ error: 'expected a port number from 0 to 65535' }).int().min(0).max(65_535, 'expected a port number from 0 to 65535');
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
  /** Socket Mode: how long the socket may be down before /readyz answers 503. */
  SOCKET_MODE_READY_GRACE_MS: z.coerce.number().int().min(0).default(30_000),
  /** Socket Mode: wait after the first failed reconnect, doubling with each further failure… */
  SOCKET_MODE_RECONNECT_BACKOFF_MS: z.coerce.number().int().min(1).default(1_000),
  /** …up to this cap. */
  SOCKET_MODE_RECONNECT_BACKOFF_MAX_MS: z.coerce.number().int().min(1).default(60_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type EnvConfig = z.output<typeof envSchema>;

export interface Config {
  env: EnvConfig;
  team: TeamConfig;
}

/** Says "is required" for a missing field instead of zod's "expected object, received undefined". */
const requiredMessage: z.core.$ZodErrorMap = (issue) =>
  issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_union') ? 'is required' : undefined;

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** `stages.prod.approval`, `roles.operator[0]`, `prices["ml.m5.xlarge"]`. */
function formatPath(segments: readonly PropertyKey[]): string {
  let path = '';
  for (const segment of segments) {
    if (typeof segment === 'number') path += `[${segment}]`;
    else if (typeof segment === 'string' && IDENTIFIER.test(segment)) path += path ? `.${segment}` : segment;
    else path += `[${JSON.stringify(String(segment))}]`;
  }
  return path;
}

/** Formats zod issues as `path.to.field: message`, one per line. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): string[] {
  return issues.map((issue) => {
    const path = [prefix, formatPath(issue.path)].filter(Boolean).join(' ');
    const message = issue.code === 'unrecognized_keys' ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => JSON.stringify(key)).join(', ')}` : issue.message;
    return `${path || '(root)'}: ${message}`;
  });
}

/** Parses and validates YAML text; throws ConfigError listing every problem. */
export function parseTeamConfig(text: string, source = 'config'): TeamConfig {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    // The first line of a pretty error is the message with "at line L, column C:".
    throw new ConfigError(doc.errors.map((error) => `${source}: YAML syntax error: ${(error.message.split('\n')[0] ?? '').replace(/:$/, '')}`));
  }
  const data: unknown = doc.toJS() ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ConfigError([`${source}: expected a YAML mapping with the keys aws, channels, roles, recipes, stages, watchers`]);
  }
  const result = teamConfigSchema.safeParse(data, { error: requiredMessage });
  if (!result.success) throw new ConfigError(formatIssues(result.error.issues));
  return result.data;
}

/** The team config file's path: the argument, else `CHATOPS_CONFIG`, else `chatops.yml`. */
export function teamConfigPath(env: NodeJS.ProcessEnv, file?: string): string {
  return file || env['CHATOPS_CONFIG'] || 'chatops.yml';
}

/** Reads and validates the team config file alone (no environment needed). */
export function readTeamConfig(path: string): TeamConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConfigError([`${path}: file not found (set CHATOPS_CONFIG to the team config file)`]);
    throw new ConfigError([`${path}: cannot read the file (${code ?? String(error)})`]);
  }
  return parseTeamConfig(text, path);
}

/**
 * Validates the environment. An empty variable counts as unset (a `PORT=` line in an env
 * file must not mean port 0), except SLACK_SIGNING_SECRET, where empty is a mistake to report.
 */
export function parseEnv(env: NodeJS.ProcessEnv): EnvConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([key, value]) => value !== '' || key === 'SLACK_SIGNING_SECRET'));
  const result = envSchema.safeParse(present);
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
  const path = teamConfigPath(env, file);
  try {
    team = text === undefined ? readTeamConfig(path) : parseTeamConfig(text, path);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    issues.push(...error.issues);
  }
  if (issues.length > 0 || !parsedEnv || !team) throw new ConfigError(issues);
  return { env: parsedEnv, team };
}
