import type { Samples } from './metric-store.ts';

/*
 * CloudWatch statistics over one period's one-minute samples. Percentiles use the nearest
 * rank, so the same samples always give the same answer. Extended statistics other than
 * pNN (trimmed means, IQM) are not emulated.
 */

export type Statistic = { kind: 'Average' | 'Sum' | 'Minimum' | 'Maximum' | 'SampleCount' } | { kind: 'percentile'; p: number };

const PERCENTILE = /^p(\d{1,2}(?:\.\d{1,10})?|100)$/;

export function parseStatistic(stat: string): Statistic | undefined {
  if (stat === 'Average' || stat === 'Sum' || stat === 'Minimum' || stat === 'Maximum' || stat === 'SampleCount') return { kind: stat };
  const match = PERCENTILE.exec(stat);
  if (!match) return undefined;
  const p = Number(match[1]);
  return p >= 0 && p <= 100 ? { kind: 'percentile', p } : undefined;
}

/** The statistic of the samples, or undefined when there are none (no datapoint for that period). */
export function aggregate(stat: Statistic, samples: Samples): number | undefined {
  if ('count' in samples) {
    if (samples.count === 0) return undefined;
    if (stat.kind === 'Sum') return samples.value * samples.count;
    if (stat.kind === 'SampleCount') return samples.count;
    return samples.value;
  }
  const values = samples.values;
  if (values.length === 0) return undefined;
  switch (stat.kind) {
    case 'Sum':
      return values.reduce((sum, v) => sum + v, 0);
    case 'Average':
      return values.reduce((sum, v) => sum + v, 0) / values.length;
    case 'Minimum':
      return values.reduce((min, v) => (v < min ? v : min), Number.POSITIVE_INFINITY);
    case 'Maximum':
      return values.reduce((max, v) => (v > max ? v : max), Number.NEGATIVE_INFINITY);
    case 'SampleCount':
      return values.length;
    case 'percentile': {
      const sorted = [...values].sort((a, b) => a - b);
      const rank = Math.max(1, Math.ceil((stat.p / 100) * sorted.length));
      return sorted[rank - 1];
    }
  }
}
