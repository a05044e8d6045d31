import { describe, expect, it } from 'vitest';
import { requestJobId, SAGEMAKER_NAME, trainingJobName } from '../../src/domain/naming.ts';

describe('requestJobId', () => {
  it('is deterministic for the same request', () => {
    expect(requestJobId('train', '1234.5678.abcdef')).toBe(requestJobId('train', '1234.5678.abcdef'));
  });

  it('differs between requests and between kinds', () => {
    expect(requestJobId('train', 'a')).not.toBe(requestJobId('train', 'b'));
    expect(requestJobId('train', 'a')).not.toBe(requestJobId('stop', 'a'));
  });

  it('is BullMQ-safe: the kind, a hyphen and base32, never a colon', () => {
    expect(requestJobId('train', 'x:y:z')).toMatch(/^train-[a-z2-7]{20}$/);
  });

  it('refuses an unusable kind or an empty trigger id', () => {
    expect(() => requestJobId('Train:', 'x')).toThrow(RangeError);
    expect(() => requestJobId('train', '')).toThrow(RangeError);
  });
});

describe('trainingJobName', () => {
  it('is derived from the recipe and the job id alone, so a retry gets the same name', () => {
    const id = requestJobId('train', 'trigger-1');
    expect(trainingJobName('churn-xgb', id)).toBe(trainingJobName('churn-xgb', id));
    expect(trainingJobName('churn-xgb', id)).toMatch(/^churn-xgb-[a-z2-7]{12}$/);
  });

  it('differs for different job ids', () => {
    const names = new Set(Array.from({ length: 1_000 }, (_, i) => trainingJobName('churn-xgb', requestJobId('train', `t${i}`))));
    expect(names.size).toBe(1_000);
  });

  it.each(['churn-xgb', 'a', 'x'.repeat(32), 'ends-with-', '9lives', 'weird_name.v2', '---', ''])('is a valid SageMaker name of at most 63 characters for recipe %j', (recipe) => {
    const name = trainingJobName(recipe, 'train-abc');
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(SAGEMAKER_NAME);
  });

  it('cuts a long recipe name rather than the hash', () => {
    const name = trainingJobName('r'.repeat(80), 'train-abc');
    expect(name).toHaveLength(63);
    expect(name.endsWith(trainingJobName('r', 'train-abc').slice(2))).toBe(true);
  });
});
