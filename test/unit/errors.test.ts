import { describe, expect, it } from 'vitest';
import { AwsError, ConfigError, errorClasses, ForbiddenError, isCodedError, NotFoundError, PayloadError, SlackError, UsageError } from '../../src/errors.ts';

/** One instance of each class, built the way the code builds them. */
const samples: Record<keyof typeof errorClasses, Error> = {
  ConfigError: new ConfigError(['roles.operator.0: expected a Slack user id']),
  UsageError: new UsageError('bad', '/sm help', 'help'),
  ForbiddenError: new ForbiddenError('operator', 'start training jobs'),
  NotFoundError: new NotFoundError('no such job'),
  AwsError: new AwsError('CreateTrainingJob', 'ThrottlingException', 'Rate exceeded', true),
  SlackError: new SlackError('chat.postMessage', 'ratelimited', true, 1_000),
  PayloadError: new PayloadError('bad payload'),
};

describe('errorClasses', () => {
  it('has a sample for every class', () => {
    expect(Object.keys(samples).sort()).toEqual(Object.keys(errorClasses).sort());
  });

  it('gives every class a distinct string code and a user message', () => {
    const codes = new Set<string>();
    for (const [name, Class] of Object.entries(errorClasses)) {
      const error = samples[name as keyof typeof errorClasses];
      expect(error).toBeInstanceOf(Class);
      expect(isCodedError(error)).toBe(true);
      if (!isCodedError(error)) continue;
      expect(typeof error.code).toBe('string');
      expect(error.userMessage.length).toBeGreaterThan(0);
      expect(error.name).toBe(name);
      codes.add(error.code);
    }
    expect(codes.size).toBe(Object.keys(errorClasses).length);
  });

  it('keeps the cause and marks only retryable failures as retryable', () => {
    const cause = new Error('socket hang up');
    const error = new AwsError('DescribeTrainingJob', 'InternalFailure', 'oops', true, { cause });
    expect(error.cause).toBe(cause);
    expect(error.retryable).toBe(true);
    expect(new UsageError('x', 'y').retryable).toBe(false);
  });
});
