import type { OperationContext } from '../registry.ts';
import type { SageMakerService } from '../sagemaker/index.ts';

export interface SeedEndpointsOptions {
  /** Endpoint names are `<prefix>-0001`, `<prefix>-0002`, … @defaultValue 'seeded' */
  prefix?: string;
  /** How long ago they were created; their healthy metrics start once InService. @defaultValue 30 days */
  ageMs?: number;
  /** @defaultValue 'ml.m5.large' */
  instanceType?: string;
  /** @defaultValue 1 */
  instanceCount?: number;
}

/** What seeding needs: `AwsEmulator` and the control API's target both fit. */
export interface SeedEndpointsTarget {
  sagemaker: SageMakerService;
  clock: { now(): number };
  region: string;
  accountId: string;
}

/**
 * Creates `count` endpoints that are InService already (created `ageMs` ago), sharing one
 * model and one endpoint config, in-process: no HTTP, so 1,000 take milliseconds. For
 * benchmarks and watcher tests. Returns their names.
 */
export function seedEndpoints(target: SeedEndpointsTarget, count: number, options: SeedEndpointsOptions = {}): string[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  const prefix = options.prefix ?? 'seeded';
  const ctx: OperationContext = { now: target.clock.now() - (options.ageMs ?? 30 * 86_400_000), region: target.region, accountId: target.accountId };
  const ops = target.sagemaker.operations;
  const model = `${prefix}-model`;
  const config = `${prefix}-config`;
  if (!target.sagemaker.modelStore.get(model)) {
    ops['CreateModel']?.(
      {
        ModelName: model,
        ExecutionRoleArn: `arn:aws:iam::${target.accountId}:role/SageMakerExecution`,
        PrimaryContainer: { Image: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1', ModelDataUrl: `s3://seeded-models/${prefix}/model.tar.gz` },
      },
      ctx,
    );
  }
  if (!target.sagemaker.configStore.get(config)) {
    ops['CreateEndpointConfig']?.(
      {
        EndpointConfigName: config,
        ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: model, InstanceType: options.instanceType ?? 'ml.m5.large', InitialInstanceCount: options.instanceCount ?? 1 }],
      },
      ctx,
    );
  }
  const width = Math.max(4, String(count).length);
  const names: string[] = [];
  for (let i = 1; i <= count; i++) {
    const name = `${prefix}-${String(i).padStart(width, '0')}`;
    ops['CreateEndpoint']?.({ EndpointName: name, EndpointConfigName: config }, ctx);
    names.push(name);
  }
  return names;
}
