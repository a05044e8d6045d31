import { isTerminal, type MetricValue, type TrainingJobView, type TrainingStatus } from './training.ts';

/*
 * Summaries of a TrainingJobView for people: the latest value of each metric, how long the
 * job has run, and a label with an emoji. Pure: `now` is passed in.
 */

/** The latest value of each metric (by timestamp, else by position), sorted by name. */
export function latestMetrics(metrics: readonly MetricValue[]): MetricValue[] {
  const latest = new Map<string, MetricValue>();
  for (const metric of metrics) {
    const seen = latest.get(metric.name);
    if (!seen || (metric.timestamp ?? Infinity) >= (seen.timestamp ?? -Infinity)) latest.set(metric.name, metric);
  }
  return [...latest.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * How long the job has run: from training start (else creation) to its end, or to `now`
 * while it runs. A finished job without an end time counts to its last modification.
 */
export function elapsedMs(view: Pick<TrainingJobView, 'status' | 'createdAt' | 'startedAt' | 'endedAt' | 'lastModifiedAt'>, now: number): number {
  const start = view.startedAt ?? view.createdAt;
  const end = view.endedAt ?? (isTerminal(view.status) ? (view.lastModifiedAt ?? now) : now);
  return Math.max(0, end - start);
}

const EMOJI: Record<TrainingStatus, string> = {
  InProgress: ':hourglass_flowing_sand:',
  Completed: ':white_check_mark:',
  Failed: ':x:',
  Stopping: ':octagonal_sign:',
  Stopped: ':black_square_for_stop:',
};

const LABEL: Record<TrainingStatus, string> = {
  InProgress: 'In progress',
  Completed: 'Completed',
  Failed: 'Failed',
  Stopping: 'Stopping',
  Stopped: 'Stopped',
};

export function stateEmoji(status: TrainingStatus): string {
  return EMOJI[status] ?? ':grey_question:';
}

/** `In progress · Training`: the status, and the secondary status when it adds something. */
export function stateLabel(view: Pick<TrainingJobView, 'status' | 'secondaryStatus'>): string {
  const label = LABEL[view.status] ?? view.status;
  const secondary = view.secondaryStatus;
  return secondary && secondary !== view.status ? `${label} · ${splitWords(secondary)}` : label;
}

/** `LaunchingMLInstances` → `Launching ML instances`. */
export function splitWords(identifier: string): string {
  const words = identifier.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2').split(' ');
  return words.map((word, i) => (i === 0 || /^[A-Z]{2,}$/.test(word) ? word : word.toLowerCase())).join(' ');
}

/** A metric value with at most 4 significant decimals: 0.123456 → 0.1235, 12 → 12. */
export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(Math.abs(value) >= 1 ? 6 : 4)));
}
