import { metricValue } from './training-metrics.ts';

/*
 * How a training job moves through its states, derived from simulated time alone. Nothing
 * is scheduled: every read computes the state "as of now", so advancing the clock by hand
 * moves every job deterministically. Pure: no I/O.
 */

/** How long each phase of a training job lasts, in simulated milliseconds. */
export interface TrainingDurations {
  /** @defaultValue 2 minutes */
  starting: number;
  /** @defaultValue 1 minute */
  downloading: number;
  /** @defaultValue 5 minutes */
  training: number;
  /** @defaultValue 1 minute */
  uploading: number;
  /** From StopTrainingJob to Stopped; 0 means "on the next clock step". @defaultValue 0 */
  stopping: number;
}

export const DEFAULT_TRAINING_DURATIONS: TrainingDurations = {
  starting: 120_000,
  downloading: 60_000,
  training: 300_000,
  uploading: 60_000,
  stopping: 0,
};

export const TRAINING_PHASES = ['Starting', 'Downloading', 'Training', 'Uploading'] as const;
export type TrainingPhase = (typeof TRAINING_PHASES)[number];

const PHASE_MESSAGES: Record<TrainingPhase, string> = {
  Starting: 'Preparing the instances for training',
  Downloading: 'Downloading input data',
  Training: 'Training image download completed. Training in progress.',
  Uploading: 'Uploading generated training model',
};

/** What the lifecycle needs to know about a job. */
export interface TrainingTimeline {
  name: string;
  createdAt: number;
  durations: TrainingDurations;
  metricNames: readonly string[];
  /** StoppingCondition.MaxRuntimeInSeconds, in ms, counted from the training start. */
  maxRuntimeMs?: number;
  /** A failure scenario: the job fails halfway through this phase. */
  failure?: { reason: string; at: TrainingPhase };
  stopRequestedAt?: number;
}

export type TrainingJobStatus = 'InProgress' | 'Completed' | 'Failed' | 'Stopping' | 'Stopped';

export interface Transition {
  status: string;
  start: number;
  end?: number;
  message: string;
}

export interface TrainingState {
  status: TrainingJobStatus;
  secondaryStatus: string;
  transitions: Transition[];
  /** TrainingStartTime: when the instances were ready and downloading began. */
  startedAt?: number;
  endedAt?: number;
  lastModifiedAt: number;
  failureReason?: string;
  metrics: { name: string; value: number; timestamp: number }[];
  completed: boolean;
  trainingSeconds?: number;
}

type Ending =
  | { kind: 'completed'; at: number }
  | { kind: 'failed'; at: number; reason: string }
  | { kind: 'maxRuntime'; at: number }
  | { kind: 'stop'; at: number };

function phaseWindows(job: TrainingTimeline): { phase: TrainingPhase; start: number; end: number }[] {
  let cursor = job.createdAt;
  return TRAINING_PHASES.map((phase) => {
    const duration = job.durations[phase.toLowerCase() as Lowercase<TrainingPhase>];
    const window = { phase, start: cursor, end: cursor + duration };
    cursor = window.end;
    return window;
  });
}

/** The earliest thing that ends the job, whether or not it has happened yet. */
function ending(job: TrainingTimeline, windows: ReturnType<typeof phaseWindows>): Ending {
  const last = windows[windows.length - 1];
  const candidates: Ending[] = [{ kind: 'completed', at: last ? last.end : job.createdAt }];
  if (job.failure) {
    const window = windows.find((w) => w.phase === job.failure?.at);
    if (window) candidates.push({ kind: 'failed', at: (window.start + window.end) / 2, reason: job.failure.reason });
  }
  const trainingStart = windows[1]?.start;
  if (job.maxRuntimeMs !== undefined && trainingStart !== undefined) {
    candidates.push({ kind: 'maxRuntime', at: trainingStart + job.maxRuntimeMs });
  }
  if (job.stopRequestedAt !== undefined) candidates.push({ kind: 'stop', at: job.stopRequestedAt });
  return candidates.reduce((a, b) => (b.at < a.at ? b : a));
}

/** The job's state as of `now` (simulated epoch ms). */
export function trainingStateAt(job: TrainingTimeline, now: number): TrainingState {
  const windows = phaseWindows(job);
  const end = ending(job, windows);
  const ended = now >= end.at;
  const cut = Math.min(now, end.at);
  const transitions: Transition[] = windows
    // A phase has begun when its start is reached, unless the job ended at that very instant.
    .filter((w) => w.start === job.createdAt || (ended ? w.start < end.at : w.start <= now))
    .map((w) => {
      const transition: Transition = { status: w.phase, start: w.start, message: PHASE_MESSAGES[w.phase] };
      if (w.end <= cut) transition.end = w.end;
      else if (ended) transition.end = end.at;
      return transition;
    });

  const trainingStart = windows[1]?.start ?? job.createdAt;
  const startedAt = trainingStart <= cut ? trainingStart : undefined;
  const state: TrainingState = {
    status: 'InProgress',
    secondaryStatus: transitions[transitions.length - 1]?.status ?? 'Starting',
    transitions,
    lastModifiedAt: job.createdAt,
    metrics: metricsAt(job, windows, cut),
    completed: false,
  };
  if (startedAt !== undefined) state.startedAt = startedAt;

  if (ended) finish(state, job, end, now);
  state.lastModifiedAt = Math.max(
    job.createdAt,
    job.stopRequestedAt ?? 0,
    ...state.transitions.map((t) => (t.end !== undefined && t.end <= now ? t.end : t.start)),
  );
  if (state.endedAt !== undefined && state.startedAt !== undefined) {
    state.trainingSeconds = Math.round((state.endedAt - state.startedAt) / 1000);
  }
  return state;
}

function finish(state: TrainingState, job: TrainingTimeline, end: Ending, now: number): void {
  const close = (status: string, at: number, message: string): void => {
    state.transitions.push({ status, start: at, end: at, message });
  };
  switch (end.kind) {
    case 'completed':
      state.status = 'Completed';
      state.completed = true;
      state.endedAt = end.at;
      close('Completed', end.at, 'Training job completed');
      break;
    case 'failed':
      state.status = 'Failed';
      state.failureReason = end.reason;
      state.endedAt = end.at;
      close('Failed', end.at, `Training job failed. ${end.reason}`);
      break;
    case 'maxRuntime':
      state.status = 'Stopped';
      state.endedAt = end.at;
      close('MaxRuntimeExceeded', end.at, 'Training job stopped because it exceeded MaxRuntimeInSeconds');
      break;
    case 'stop': {
      const stoppedAt = end.at + job.durations.stopping;
      // "Stopped on the next clock step": strictly later than the stop request plus its duration.
      const stopped = now > stoppedAt;
      state.transitions.push({ status: 'Stopping', start: end.at, ...(stopped ? { end: stoppedAt } : {}), message: 'Stopping the training job' });
      if (stopped) {
        state.status = 'Stopped';
        state.endedAt = stoppedAt;
        close('Stopped', stoppedAt, 'Training job stopped');
      } else {
        state.status = 'Stopping';
      }
      break;
    }
  }
  state.secondaryStatus = state.transitions[state.transitions.length - 1]?.status ?? state.secondaryStatus;
}

function metricsAt(job: TrainingTimeline, windows: ReturnType<typeof phaseWindows>, cut: number): TrainingState['metrics'] {
  const training = windows.find((w) => w.phase === 'Training');
  if (!training || cut <= training.start) return [];
  const at = Math.min(cut, training.end);
  const progress = training.end > training.start ? (at - training.start) / (training.end - training.start) : 1;
  return job.metricNames.map((name) => ({ name, value: metricValue(job.name, name, progress), timestamp: at }));
}
