/**
 * Training jobs as the rest of the bot sees them, independent of the AWS SDK's shapes.
 * The `aws/` gateway maps SDK output to these types; Block Kit builders and watchers read
 * them. Pure: no I/O.
 */
export const TRAINING_STATUSES = ['InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped'] as const;
export type TrainingStatus = (typeof TRAINING_STATUSES)[number];

/** SageMaker's secondary statuses, in the order a job normally passes through them. */
export const SECONDARY_STATUSES = [
  'Starting',
  'LaunchingMLInstances',
  'PreparingTrainingStack',
  'Downloading',
  'DownloadingTrainingImage',
  'Training',
  'Uploading',
  'Completed',
  'Failed',
  'Stopping',
  'Stopped',
  'MaxRuntimeExceeded',
  'Interrupted',
  'Restarting',
  'Pending',
] as const;
export type SecondaryStatus = (typeof SECONDARY_STATUSES)[number] | (string & {});

/** What the bot asks SageMaker to run (input of CreateTrainingJob, in our words). */
export interface TrainingJobSpec {
  name: string;
  image: string;
  roleArn: string;
  instanceType: string;
  instanceCount: number;
  volumeSizeGb: number;
  /** Channel name → S3 prefix. */
  inputs: Record<string, string>;
  output: string;
  hyperparameters: Record<string, string>;
  metricDefinitions: { name: string; regex: string }[];
  maxRuntimeSeconds: number;
  tags: Record<string, string>;
}

export interface MetricValue {
  name: string;
  value: number;
  /** Epoch milliseconds. */
  timestamp?: number;
}

export interface StatusTransition {
  status: SecondaryStatus;
  /** Epoch milliseconds. */
  startTime: number;
  endTime?: number;
  message?: string;
}

/** DescribeTrainingJob, in our words. Times are epoch milliseconds. */
export interface TrainingJobView {
  name: string;
  arn: string;
  status: TrainingStatus;
  secondaryStatus: SecondaryStatus;
  failureReason?: string;
  createdAt: number;
  startedAt?: number;
  endedAt?: number;
  lastModifiedAt?: number;
  billableSeconds?: number;
  instanceType: string;
  instanceCount: number;
  hyperparameters: Record<string, string>;
  metrics: MetricValue[];
  modelArtifacts?: string;
  transitions: StatusTransition[];
  tags?: Record<string, string>;
}

/** ListTrainingJobs, in our words. */
export interface TrainingJobSummary {
  name: string;
  arn: string;
  status: TrainingStatus;
  secondaryStatus?: SecondaryStatus;
  createdAt: number;
  endedAt?: number;
}

export function isTerminal(status: TrainingStatus): boolean {
  return status === 'Completed' || status === 'Failed' || status === 'Stopped';
}
