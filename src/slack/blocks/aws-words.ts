import type { AwsError } from '../../errors.ts';

/*
 * AWS error codes in words a Slack user can act on. The raw code and message follow in
 * brackets for whoever has to dig further.
 */
const WORDS: Record<string, string> = {
  ThrottlingException: 'AWS is throttling requests right now; try again in a few minutes.',
  Throttling: 'AWS is throttling requests right now; try again in a few minutes.',
  TooManyRequestsException: 'AWS is throttling requests right now; try again in a few minutes.',
  AccessDeniedException: 'The bot’s AWS role is not allowed to do this. Ask an admin to check its IAM permissions.',
  AccessDenied: 'The bot’s AWS role is not allowed to do this. Ask an admin to check its IAM permissions.',
  UnrecognizedClientException: 'The bot’s AWS credentials are not valid. Ask an admin to check them.',
  InvalidClientTokenId: 'The bot’s AWS credentials are not valid. Ask an admin to check them.',
  ExpiredTokenException: 'The bot’s AWS credentials have expired. Ask an admin to renew them.',
  ResourceLimitExceeded: 'An AWS account quota was reached (for example, instances of this type). Pick another instance type, wait for running jobs to end, or ask for a quota increase.',
  ResourceInUse: 'A resource with that name already exists or is busy.',
  ResourceNotFound: 'SageMaker could not find it.',
  ValidationException: 'SageMaker rejected the request.',
  InternalFailure: 'AWS had an internal error; try again in a few minutes.',
  InternalServerError: 'AWS had an internal error; try again in a few minutes.',
  ServiceUnavailable: 'AWS is unavailable right now; try again in a few minutes.',
};

/** What went wrong, in words first, then AWS's own message and code. */
export function awsErrorInWords(error: Pick<AwsError, 'operation' | 'awsCode' | 'message'>): string {
  // AwsError's message is `<operation> failed: <code>: <AWS's message>`; keep AWS's part.
  const prefix = `${error.operation} failed: ${error.awsCode}: `;
  const raw = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  const words = /not found|could not find/i.test(raw) ? 'SageMaker could not find it: check the name with `/sm jobs`.' : (WORDS[error.awsCode] ?? 'AWS refused the request.');
  return `${words} (${error.operation}: ${raw} [${error.awsCode}])`;
}
