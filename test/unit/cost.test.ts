import { describe, expect, it } from 'vitest';
import { formatUsd, pricePerHour, trainingCost } from '../../src/domain/cost.ts';
import { elapsedMs, latestMetrics, splitWords, stateLabel } from '../../src/domain/training-view.ts';
import type { TrainingJobView } from '../../src/domain/training.ts';

const T0 = Date.parse('2026-01-01T00:00:00Z');

function view(overrides: Partial<TrainingJobView> = {}): TrainingJobView {
  return {
    name: 'churn-xgb-abc',
    arn: 'arn:aws:sagemaker:us-east-1:123456789012:training-job/churn-xgb-abc',
    status: 'InProgress',
    secondaryStatus: 'Training',
    createdAt: T0,
    startedAt: T0 + 60_000,
    instanceType: 'ml.m5.xlarge',
    instanceCount: 2,
    hyperparameters: {},
    metrics: [],
    transitions: [],
    ...overrides,
  };
}

describe('pricePerHour', () => {
  it('knows common training and hosting instance types', () => {
    for (const type of ['ml.m5.large', 'ml.m5.xlarge', 'ml.m5.24xlarge', 'ml.c5.2xlarge', 'ml.g4dn.xlarge', 'ml.g5.2xlarge', 'ml.p3.2xlarge']) {
      expect(pricePerHour(type)).toBeGreaterThan(0);
    }
  });

  it('prefers the team’s price and returns undefined for unknown types', () => {
    expect(pricePerHour('ml.m5.xlarge', { 'ml.m5.xlarge': 0.1 })).toBe(0.1);
    expect(pricePerHour('ml.zz.huge')).toBeUndefined();
    expect(pricePerHour('toString')).toBeUndefined();
  });
});

describe('trainingCost', () => {
  it('uses billable seconds × instance count when SageMaker reports them', () => {
    const cost = trainingCost(view({ status: 'Completed', billableSeconds: 1_800 }), { 'ml.m5.xlarge': 1 });
    expect(cost).toEqual({ usd: 1, basis: 'billable' });
  });

  it('falls back to elapsed time × instance count while the job runs', () => {
    const cost = trainingCost(view(), { 'ml.m5.xlarge': 1 }, T0 + 60_000 + 3_600_000);
    expect(cost).toEqual({ usd: 2, basis: 'elapsed' });
  });

  it('is undefined for an instance type without a price', () => {
    expect(trainingCost(view({ instanceType: 'ml.zz.huge' }), {}, T0)).toBeUndefined();
  });
});

describe('formatUsd', () => {
  it('shows cents, and tiny amounts as less than a cent', () => {
    expect(formatUsd(1234.567)).toBe('$1,234.57');
    expect(formatUsd(0.004)).toBe('<$0.01');
    expect(formatUsd(0)).toBe('$0.00');
  });
});

describe('training view helpers', () => {
  it('measures a running job up to now and an ended one up to its end', () => {
    expect(elapsedMs(view(), T0 + 120_000)).toBe(60_000);
    expect(elapsedMs(view({ status: 'Completed', endedAt: T0 + 600_000 }), T0 + 9_999_999)).toBe(540_000);
    expect(elapsedMs(view({ startedAt: undefined }), T0 + 5_000)).toBe(5_000);
  });

  it('keeps the latest value of each metric', () => {
    const metrics = latestMetrics([
      { name: 'validation:auc', value: 0.7, timestamp: 1 },
      { name: 'train:auc', value: 0.9, timestamp: 1 },
      { name: 'validation:auc', value: 0.8, timestamp: 2 },
    ]);
    expect(metrics).toEqual([
      { name: 'train:auc', value: 0.9, timestamp: 1 },
      { name: 'validation:auc', value: 0.8, timestamp: 2 },
    ]);
  });

  it('labels a state with its secondary status in words', () => {
    expect(stateLabel({ status: 'InProgress', secondaryStatus: 'LaunchingMLInstances' })).toBe('In progress · Launching ML instances');
    expect(stateLabel({ status: 'Completed', secondaryStatus: 'Completed' })).toBe('Completed');
    expect(splitWords('MaxRuntimeExceeded')).toBe('Max runtime exceeded');
  });
});
