/**
 * Model packages, endpoints and deployments as the bot sees them, independent of the AWS
 * SDK's shapes. The `aws/` gateway maps SDK output to these; the approval rules, the
 * Block Kit builders and the deploy job read them. Pure: no I/O. Times are epoch ms.
 */
export type PackageApprovalStatus = 'Approved' | 'Rejected' | 'PendingManualApproval';

/** ListModelPackages, in our words. */
export interface ModelPackageSummary {
  arn: string;
  group: string;
  version: number;
  approvalStatus: PackageApprovalStatus;
  createdAt: number;
  description?: string;
}

/** DescribeModelPackage, in our words. */
export interface ModelPackageView extends ModelPackageSummary {
  /** The inference image, as registered (may carry a tag). */
  image: string;
  /** The image's digest (`sha256:…`), which pins it whatever the tag points at later. */
  imageDigest?: string;
  modelDataUrl: string;
  /** ARN of the training job that produced it (MetadataProperties.GeneratedBy). */
  generatedBy?: string;
  /** Evaluation metrics carried by the package (CustomerMetadataProperties `metric:<name>`). */
  metrics: Record<string, number>;
  approvalDescription?: string;
  lastModifiedAt?: number;
}

export type EndpointStatus = 'Creating' | 'Updating' | 'InService' | 'RollingBack' | 'SystemUpdating' | 'Deleting' | 'Failed' | 'OutOfService' | 'UpdateRollbackFailed';

/** DescribeEndpoint, in our words. */
export interface EndpointView {
  name: string;
  arn: string;
  status: EndpointStatus;
  /** The config serving traffic now. */
  configName: string;
  /** The config an update in progress is moving to (PendingDeploymentSummary). */
  pendingConfigName?: string;
  failureReason?: string;
  createdAt: number;
  lastModifiedAt: number;
  /** Instances per production variant: desired and current. */
  variants: { name: string; instanceType?: string; desiredInstances?: number; currentInstances?: number }[];
}

export interface EndpointSummary {
  name: string;
  arn: string;
  status: EndpointStatus;
  createdAt: number;
  lastModifiedAt: number;
}

/** Blue/green traffic shifting with auto-rollback (the stage's `blueGreen`). */
export interface BlueGreenPlan {
  /** Fraction of capacity shifted first, e.g. 0.1. */
  canary: number;
  bakeMs: number;
  rollbackAlarms: string[];
}

/** What one deploy creates and changes; names are derived from the request id. */
export interface DeployPlan {
  requestId: string;
  group: string;
  version: number;
  packageArn: string;
  stage: string;
  endpoint: string;
  modelName: string;
  endpointConfigName: string;
  instanceType: string;
  instanceCount: number;
  blueGreen?: BlueGreenPlan;
}
