/*
 * Deterministic training curves: the same job name gives the same numbers on every run, so
 * tests can assert on them and the sandbox looks alive. Metrics whose name says "error",
 * "loss" or a distance fall; everything else (auc, accuracy, f1…) rises.
 */

/** Metric names the built-in XGBoost algorithm reports for a binary objective. */
export const DEFAULT_METRIC_NAMES = ['train:error', 'validation:auc'] as const;

const FALLING = /error|loss|rmse|mse|mae|mape|logloss|perplexity/i;

/** FNV-1a: a stable 32-bit hash, enough to spread seeds. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A value in [0, 1) fixed by the job and metric names. */
function seed(jobName: string, metricName: string): number {
  return hash(`${jobName}/${metricName}`) / 0x1_0000_0000;
}

/**
 * The metric's value once `progress` (0…1) of the Training phase has passed: a saturating
 * curve from its start value to its final value.
 */
export function metricValue(jobName: string, metricName: string, progress: number): number {
  const p = Math.min(1, Math.max(0, progress));
  const s = seed(jobName, metricName);
  const falling = FALLING.test(metricName);
  const start = falling ? 0.45 + 0.1 * s : 0.5 + 0.1 * s;
  const end = falling ? 0.04 + 0.08 * s : 0.86 + 0.1 * s;
  const shape = (1 - Math.exp(-4 * p)) / (1 - Math.exp(-4));
  return Math.round((start + (end - start) * shape) * 1e6) / 1e6;
}
