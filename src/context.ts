import type { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import { BudgetsGateway } from './aws/budgets-gateway.ts';
import { createBudgetsClient, createCloudWatchClient, createSageMakerClient } from './aws/clients.ts';
import { CloudWatchGateway } from './aws/cloudwatch-gateway.ts';
import { MonitoringGateway } from './aws/monitoring-gateway.ts';
import { DeploymentGateway } from './aws/deployment-gateway.ts';
import { SageMakerGateway } from './aws/sagemaker-gateway.ts';
import { systemClock, type Clock } from './clock.ts';
import type { Config } from './config.ts';
import type { Logger } from './logger.ts';
import { createMetrics, type Metrics } from './metrics.ts';
import { createRedis } from './queue/connection.ts';
import { createLifecycleQueue, type LifecycleQueue } from './queue/lifecycle-queue.ts';
import { createOutboxQueue, outboxEnqueuer } from './queue/outbox-queue.ts';
import { Outbox } from './slack/outbox.ts';
import { RoleResolver } from './slack/role-resolver.ts';
import { createSlackClient } from './slack/slack-api.ts';
import { AlertStore } from './store/alerts.ts';
import { ApprovalStore } from './store/approvals.ts';
import { AuditLog } from './store/audit-log.ts';
import { DeploymentStore } from './store/deployments.ts';
import { RequestDedupe } from './store/request-dedupe.ts';
import { TrainingRecords } from './store/training-records.ts';

/**
 * Everything a handler or a job needs, built once at start-up (`buildContext`) and passed
 * down. Tests build their own with real Redis, the emulators and a controllable clock.
 */
export interface AppContext {
  config: Config;
  logger: Logger;
  clock: Clock;
  /** Prefix of every Redis key and queue (CHATOPS_PREFIX). */
  prefix: string;
  redis: Redis;
  lifecycle: LifecycleQueue;
  claims: RequestDedupe;
  sagemaker: SageMakerGateway;
  /** Model registry, models, endpoint configs, endpoints. */
  deploy: DeploymentGateway;
  /** Model Monitor schedules and executions. */
  monitoring: MonitoringGateway;
  cloudwatch: CloudWatchGateway;
  budgets: BudgetsGateway;
  slack: WebClient;
  outbox: Outbox;
  audit: AuditLog;
  records: TrainingRecords;
  /** Deploy requests and their approvals. */
  approvals: ApprovalStore;
  /** What went live where, and deploys in flight. */
  deployments: DeploymentStore;
  /** Alert state of the watchers. */
  alerts: AlertStore;
  roles: RoleResolver;
  metrics: Metrics;
}

export interface BuildContextOptions {
  logger: Logger;
  /** @defaultValue the system clock */
  clock?: Clock;
  /** @defaultValue true: Node's default metrics (event loop, memory) in /metrics */
  defaultMetrics?: boolean;
  /**
   * An explicit AWS endpoint (tests running several emulators in one process). In
   * production the SDK's own chain decides: AWS_ENDPOINT_URL_SAGEMAKER, AWS_ENDPOINT_URL, …
   * @defaultValue undefined
   */
  awsEndpoint?: string;
}

/** Builds the one AppContext from validated config. `close()` releases its connections. */
export function buildContext(config: Config, options: BuildContextOptions): AppContext & { close(): Promise<void> } {
  const { env, team } = config;
  const clock = options.clock ?? systemClock;
  const prefix = env.CHATOPS_PREFIX;
  const redis = createRedis(env.REDIS_URL, {}, (error) => options.logger.warn({ err: error }, 'Redis connection error; reconnecting'));
  const slack = createSlackClient({ token: env.SLACK_BOT_TOKEN ?? '', ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}), logger: options.logger });
  const outboxQueue = createOutboxQueue(redis, prefix);
  const aws = { region: team.aws.region, ...(options.awsEndpoint ? { endpoint: options.awsEndpoint } : {}) };
  const sagemakerClient = createSageMakerClient(aws);
  const audit = new AuditLog(redis, prefix, clock);
  const ctx: AppContext = {
    config,
    logger: options.logger,
    clock,
    prefix,
    redis,
    lifecycle: createLifecycleQueue(redis, prefix),
    claims: new RequestDedupe(redis, prefix, audit),
    sagemaker: new SageMakerGateway(sagemakerClient),
    deploy: new DeploymentGateway(sagemakerClient),
    monitoring: new MonitoringGateway(sagemakerClient),
    cloudwatch: new CloudWatchGateway(createCloudWatchClient(aws)),
    budgets: new BudgetsGateway(createBudgetsClient(aws), clock),
    slack,
    outbox: new Outbox({ redis, prefix, slack, enqueue: outboxEnqueuer(outboxQueue), logger: options.logger }),
    audit,
    records: new TrainingRecords(redis, prefix),
    approvals: new ApprovalStore(redis, prefix),
    deployments: new DeploymentStore(redis, prefix),
    alerts: new AlertStore(redis, prefix),
    roles: new RoleResolver(team.roles, slack, redis, prefix),
    metrics: createMetrics({ defaultMetrics: options.defaultMetrics ?? true }),
  };
  return {
    ...ctx,
    async close() {
      await ctx.lifecycle.close();
      await outboxQueue.close();
      await redis.quit().catch(() => undefined);
    },
  };
}
