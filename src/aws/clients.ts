import { BudgetsClient } from '@aws-sdk/client-budgets';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { SageMakerClient, type SageMakerClientConfig } from '@aws-sdk/client-sagemaker';

/**
 * Builds the AWS SDK clients. Credentials, region resolution and endpoints are the SDK's
 * own: the standard credential chain, and `AWS_ENDPOINT_URL` / `AWS_ENDPOINT_URL_<SERVICE>`
 * (which is how the sandbox and the e2e tests point the bot at the emulator).
 */
export interface AwsClientOptions {
  region: string;
  /**
   * An explicit endpoint (tests pass the emulator's URL).
   * @defaultValue the SDK's resolution: `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, then AWS
   */
  endpoint?: string;
  /**
   * SDK attempts per call. Jobs retry through BullMQ with backoff, so the SDK must not retry
   * underneath it as well (that multiplies the attempts and hides the real latency).
   * @defaultValue 1
   */
  maxAttempts?: number;
  /** @defaultValue the SDK's default credential chain */
  credentials?: SageMakerClientConfig['credentials'];
  /**
   * Give up on a call that has not answered after this many ms, so a hung connection fails
   * the job (which BullMQ retries) instead of holding it forever.
   * @defaultValue 30000
   */
  requestTimeoutMs?: number;
}

/** The config every client shares; a new service's factory is one line using it. */
function clientConfig(options: AwsClientOptions) {
  return {
    region: options.region,
    maxAttempts: options.maxAttempts ?? 1,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? 30_000,
      connectionTimeout: 5_000,
      throwOnRequestTimeout: true,
    },
  };
}

export function createSageMakerClient(options: AwsClientOptions): SageMakerClient {
  return new SageMakerClient(clientConfig(options));
}

export function createCloudWatchClient(options: AwsClientOptions): CloudWatchClient {
  return new CloudWatchClient(clientConfig(options));
}

/**
 * Budgets is a global service served from us-east-1 whatever region the bot runs in, so
 * the region is pinned (an explicit or `AWS_ENDPOINT_URL_BUDGETS` endpoint still wins).
 */
export function createBudgetsClient(options: AwsClientOptions): BudgetsClient {
  return new BudgetsClient(clientConfig({ ...options, region: 'us-east-1' }));
}
