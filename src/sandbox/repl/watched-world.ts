import { parseDuration } from '../../domain/duration.ts';
import type { AwsEmulator } from '../aws-emulator/index.ts';
import type { DemoWatchedWorld } from '../demo-config.ts';

/** What the sandbox put in the emulator for the watchers to watch. */
export interface WatchedWorld {
  /** An InService endpoint with steady, healthy traffic. */
  endpoint: string;
  /** Its Model Monitor schedule. */
  schedule: string;
  /** Budgets with modest spend; the first is the one `scenario spend` moves by default. */
  budgets: string[];
}

const DAY_MS = 86_400_000;
/** The schedule has run hourly for longer than the drift chart looks back (7 days by default). */
const MONITORING_AGE_MS = 8 * DAY_MS;

/**
 * Seeds the emulator in-process: an endpoint that has served for `ageDays` (so it has a
 * history of healthy metrics and is old enough for the idle check), a Model Monitor
 * schedule that has been running clean for a week, and each budget. Created in the past
 * directly rather than over HTTP, because the AWS API cannot backdate anything.
 */
export function seedWatchedWorld(emulator: AwsEmulator, world: DemoWatchedWorld, options: { budgets?: readonly string[] } = {}): WatchedWorld {
  const now = emulator.clock.now();
  const { endpoint } = world;
  const past = { now: now - endpoint.ageDays * DAY_MS, region: emulator.region, accountId: emulator.accountId };
  const ops = emulator.sagemaker.operations;
  const model = `${endpoint.name}-model`;
  const config = `${endpoint.name}-config`;
  ops['CreateModel']?.(
    {
      ModelName: model,
      ExecutionRoleArn: `arn:aws:iam::${emulator.accountId}:role/SageMakerExecution`,
      PrimaryContainer: { Image: '382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1', ModelDataUrl: `s3://acme-ml/sandbox/${endpoint.name}/model.tar.gz` },
    },
    past,
  );
  ops['CreateEndpointConfig']?.(
    { EndpointConfigName: config, ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: model, InstanceType: endpoint.instanceType, InitialInstanceCount: endpoint.instanceCount }] },
    past,
  );
  ops['CreateEndpoint']?.({ EndpointName: endpoint.name, EndpointConfigName: config }, past);

  const every = parseDuration(world.monitoring.every) ?? 3_600_000;
  const schedule = emulator.sagemaker.monitoring.create(
    { endpoint: endpoint.name, every, features: world.monitoring.features },
    { now: now - MONITORING_AGE_MS, region: emulator.region, accountId: emulator.accountId },
  ).name;

  const budgets = options.budgets && options.budgets.length > 0 ? [...new Set(options.budgets)] : [world.budget.name];
  for (const name of budgets) emulator.scenarios.budget({ name, limitUsd: world.budget.limitUsd, spendPerDay: world.budget.spendPerDay });
  return { endpoint: endpoint.name, schedule, budgets };
}
