import type { OperationContext } from '../registry.ts';
import type { ApprovalStatus, ModelPackages } from './model-packages.ts';
import { resourceArn } from './resources.ts';

/** One version to register. */
export interface SeedModelVersion {
  /** @defaultValue 'PendingManualApproval' */
  approvalStatus?: ApprovalStatus;
  /** Evaluation metrics, stored as CustomerMetadataProperties `metric:<name>`. */
  metrics?: Record<string, number>;
  /** @defaultValue the XGBoost 1.7-1 image */
  image?: string;
  /** Name or ARN of the training job that produced it (MetadataProperties.GeneratedBy). */
  trainingJob?: string;
  /** @defaultValue `s3://sagemaker-<region>-<account>/<group>/<trainingJob or vN>/output/model.tar.gz` */
  modelDataUrl?: string;
  description?: string;
}

export interface SeedModelRegistryInput {
  /** Created when it does not exist yet; versions are appended after any it holds. */
  group: string;
  versions: SeedModelVersion[];
  /** Region of the ARNs. @defaultValue the emulator's region */
  region?: string;
}

export interface SeedModelRegistryResult {
  groupArn: string;
  packages: { arn: string; version: number; approvalStatus: ApprovalStatus }[];
}

/** What seeding needs from an emulator: `AwsEmulator` and the control API's target both fit. */
export interface SeedTarget {
  sagemaker: { modelRegistry: ModelPackages };
  clock: { now(): number };
  region: string;
  accountId: string;
}

export const DEFAULT_SEED_IMAGE = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1';

/**
 * Fills the model registry for tests and the sandbox, through the same code as
 * CreateModelPackageGroup and CreateModelPackage, so what the SDK reads back is what a real
 * registration would have produced. Versions are numbered on from the group's last.
 */
export function seedModelRegistry(target: SeedTarget, input: SeedModelRegistryInput): SeedModelRegistryResult {
  const ctx: OperationContext = { now: target.clock.now(), region: input.region ?? target.region, accountId: target.accountId };
  const registry = target.sagemaker.modelRegistry;
  const existing = registry.group(input.group);
  const groupArn = existing?.arn ?? registry.createGroup({ ModelPackageGroupName: input.group }, ctx).ModelPackageGroupArn;
  const packages = input.versions.map((version, i) => {
    const approvalStatus = version.approvalStatus ?? 'PendingManualApproval';
    const jobArn = version.trainingJob && !version.trainingJob.startsWith('arn:') ? resourceArn(ctx, 'training-job', version.trainingJob) : version.trainingJob;
    const folder = version.trainingJob ? jobArn?.slice(jobArn.lastIndexOf('/') + 1) : `v${(existing?.versions ?? 0) + i + 1}`;
    const modelDataUrl = version.modelDataUrl ?? `s3://sagemaker-${ctx.region}-${ctx.accountId}/${input.group}/${folder}/output/model.tar.gz`;
    const metadata = Object.fromEntries(Object.entries(version.metrics ?? {}).map(([name, value]) => [`metric:${name}`, String(value)]));
    const { ModelPackageArn } = registry.create(
      {
        ModelPackageGroupName: input.group,
        ModelApprovalStatus: approvalStatus,
        InferenceSpecification: {
          Containers: [{ Image: version.image ?? DEFAULT_SEED_IMAGE, ModelDataUrl: modelDataUrl }],
          SupportedContentTypes: ['text/csv'],
          SupportedResponseMIMETypes: ['text/csv'],
        },
        ...(jobArn ? { MetadataProperties: { GeneratedBy: jobArn } } : {}),
        ...(Object.keys(metadata).length > 0 ? { CustomerMetadataProperties: metadata } : {}),
        ...(version.description !== undefined ? { ModelPackageDescription: version.description } : {}),
      },
      ctx,
    );
    const record = registry.records.find((p) => p.arn === ModelPackageArn);
    return { arn: ModelPackageArn, version: record?.version ?? 0, approvalStatus };
  });
  return { groupArn, packages };
}
