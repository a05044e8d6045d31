/**
 * Every error the bot raises on purpose lives here, each with a string code, a message fit
 * for Slack (`userMessage`, plain text: the Block Kit builders escape it) and, where there
 * is one, the underlying error as `cause`.
 */
export const ErrorCode = {
  ConfigError: 'sm_config_error',
  UsageError: 'sm_usage_error',
  ForbiddenError: 'sm_forbidden',
  NotFoundError: 'sm_not_found',
  AwsError: 'sm_aws_error',
  SlackError: 'sm_slack_error',
  PayloadError: 'sm_payload_error',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface CodedError extends Error {
  code: ErrorCode;
  userMessage: string;
  /** True when trying again later can succeed (throttling, 5xx, network). */
  retryable: boolean;
}

abstract class ChatOpsError extends Error implements CodedError {
  abstract code: ErrorCode;
  retryable = false;
  constructor(
    message: string,
    public userMessage: string = message,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** One or more fields of the environment or the team config file are wrong. */
export class ConfigError extends ChatOpsError {
  code = ErrorCode.ConfigError;
  constructor(public issues: string[]) {
    super(`invalid configuration:\n  ${issues.join('\n  ')}`);
  }
}

/** The user typed something the grammar does not accept. */
export class UsageError extends ChatOpsError {
  code = ErrorCode.UsageError;
  constructor(
    message: string,
    /** The usage line(s) of the sub-command concerned. */
    public usage: string,
    /** The nearest valid name, when one is close enough to suggest. */
    public suggestion?: string,
  ) {
    super(message);
  }
}

/** The caller lacks the role the action needs. */
export class ForbiddenError extends ChatOpsError {
  code = ErrorCode.ForbiddenError;
  constructor(public role: string, action: string) {
    super(`${action} needs the ${role} role`, `You need the *${role}* role to ${action}.`);
  }
}

/** A resource the user named does not exist. */
export class NotFoundError extends ChatOpsError {
  code = ErrorCode.NotFoundError;
}

/** An AWS call failed; `awsCode` is the service's error code. */
export class AwsError extends ChatOpsError {
  code = ErrorCode.AwsError;
  constructor(
    public operation: string,
    public awsCode: string,
    message: string,
    retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(`${operation} failed: ${awsCode}: ${message}`, `AWS ${operation} failed: ${message} (${awsCode})`, options);
    this.retryable = retryable;
  }
}

/** A Slack Web API call failed. `retryAfterMs` is set for rate limits. */
export class SlackError extends ChatOpsError {
  code = ErrorCode.SlackError;
  constructor(
    public method: string,
    public slackCode: string,
    retryable: boolean,
    public retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(`${method} failed: ${slackCode}`, `Slack ${method} failed: ${slackCode}`, options);
    this.retryable = retryable;
  }
}

/** A job payload or button value did not match its schema. */
export class PayloadError extends ChatOpsError {
  code = ErrorCode.PayloadError;
}

export const errorClasses = { ConfigError, UsageError, ForbiddenError, NotFoundError, AwsError, SlackError, PayloadError };

export function isCodedError(error: unknown): error is CodedError {
  return error instanceof ChatOpsError;
}
