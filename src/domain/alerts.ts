import type { BudgetTimeUnit, MonitoringExecutionStatus } from './monitoring.ts';

/*
 * The alert state machine shared by the watchers (issue 4). A watcher tick turns what it
 * read into one Observation per (resource, condition); decide() compares it with the stored
 * AlertState and says what to do: open, update, resolve, or nothing. Alertmanager sets the
 * hygiene: a dedup key, hysteresis before opening and resolving, updates in place only when
 * what the message shows changes materially, acknowledge and snooze. Pure: `now` is passed
 * in, nothing is mutated, states are plain JSON.
 */

export type WatcherName = 'health' | 'drift' | 'cost' | 'idle';
export type AlertSeverity = 'info' | 'warning' | 'critical';
/**
 * `pending`: breaching, but not yet for `openAfter` ticks in a row (never shown to people;
 * with `streak.breaches` 0 it is dormant and the store may let it expire). `open`: posted.
 * `resolved`: cleared for `resolveAfter` ticks in a row, kept so a later breach reopens it.
 */
export type AlertStatus = 'pending' | 'open' | 'resolved';

/** 5xx responses over invocations, over the health window. */
export interface ErrorRateDetails {
  kind: 'error-rate';
  endpoint: string;
  /** Fraction, 0–1; 0 when there were no invocations. */
  errorRate: number;
  errors: number;
  invocations: number;
  /** The configured fraction. */
  threshold: number;
  windowMs: number;
}

/** p99 ModelLatency over the health window. */
export interface LatencyDetails {
  kind: 'latency';
  endpoint: string;
  /** Undefined when there was no traffic (no latency datapoints). */
  p99Ms?: number;
  thresholdMs: number;
  windowMs: number;
}

export interface DriftingFeature {
  /** The feature name (after `feature_baseline_drift_`). */
  name: string;
  /** The latest drift value. */
  value: number;
  threshold: number;
}

/** The latest Model Monitor execution of one schedule, and the features over the threshold. */
export interface DriftDetails {
  kind: 'drift';
  endpoint?: string;
  schedule: string;
  executionStatus: MonitoringExecutionStatus;
  /** When the latest execution was scheduled. */
  executionAt?: number;
  /** When the first execution of the current run of violating executions was scheduled. */
  since?: number;
  threshold: number;
  /** Drifting features, the largest drift first. */
  features: DriftingFeature[];
}

export type SpendBasis = 'actual' | 'forecast';

/** One budget threshold in one budget period. */
export interface BudgetDetails {
  kind: 'budget';
  budget: string;
  /** The configured percentage, e.g. 80. */
  thresholdPercent: number;
  /** Which of actual and forecast spend are at or over the threshold (may be empty once the period is over). */
  crossed: SpendBasis[];
  actualUsd: number;
  forecastUsd?: number;
  limitUsd: number;
  timeUnit: BudgetTimeUnit;
  periodStart: number;
  periodEnd: number;
}

/** An InService endpoint with no invocations for `idleDays`. */
export interface IdleDetails {
  kind: 'idle';
  endpoint: string;
  idleDays: number;
  /** Invocations over those days (0 when idle). */
  invocations: number;
  /** What the endpoint costs per hour; undefined when an instance type has no known price. */
  hourlyUsd?: number;
  instances?: { instanceType: string; count: number }[];
}

/** Plain data for the message: numbers, feature lists, thresholds. JSON-safe. */
export type AlertDetails = ErrorRateDetails | LatencyDetails | DriftDetails | BudgetDetails | IdleDetails;

export interface AlertState {
  /** `${watcher}:${resource}:${condition}`; see alertKey. */
  key: string;
  watcher: WatcherName;
  resource: string;
  condition: string;
  status: AlertStatus;
  severity: AlertSeverity;
  /**
   * When the current occurrence opened; for `pending`, when its first breach was seen. One
   * occurrence, one message: a reopen under a running snooze keeps it.
   */
  openedAt: number;
  /** When the breach streak that opened it began: the message's "since". */
  since: number;
  /** The last tick that changed this state. */
  updatedAt: number;
  resolvedAt?: number;
  /** Plain text (the Block Kit builders escape it). */
  title: string;
  /** The latest breaching observation's details (kept as they were once resolved). */
  details: AlertDetails;
  /** The clearing observation that resolved it, for the "resolved" line. */
  resolvedWith?: AlertDetails;
  /** Changes when what the message shows changes materially; see fingerprintOf. */
  fingerprint: string;
  acknowledgedBy?: { user: string; at: number };
  snoozedUntil?: number;
  snoozedBy?: string;
  /** A change was held back by the snooze: say so when the snooze ends, if still open. */
  heldBack?: boolean;
  /** Ticks in a row breached / clear (hysteresis). */
  streak: { breaches: number; clears: number };
  /** The budget period a cost alert belongs to. */
  period?: { start: number; end: number };
}

interface ObservationTarget {
  key: string;
  watcher: WatcherName;
  resource: string;
  condition: string;
}

/** What one tick measured for one (resource, condition). */
export interface MeasuredObservation extends ObservationTarget {
  unknown?: false;
  breached: boolean;
  severity: AlertSeverity;
  /** Plain text. */
  title: string;
  details: AlertDetails;
  period?: { start: number; end: number };
}

/** The data could not be read (throttled, failed, partial): never opens, never resolves. */
export interface UnknownObservation extends ObservationTarget {
  unknown: true;
  reason: string;
}

export type Observation = MeasuredObservation | UnknownObservation;

export interface AlertRules {
  /** Breached ticks in a row before an alert opens (≥ 1). */
  openAfter: number;
  /** Clear ticks in a row before an open alert resolves (≥ 1). */
  resolveAfter: number;
}

export type DecisionAction = 'open' | 'update' | 'resolve' | 'none';
export type DecisionReason =
  | 'opened'
  | 'reopened'
  | 'changed'
  | 'snooze-ended'
  | 'resolved'
  | 'breaching'
  | 'steady'
  | 'clearing'
  | 'clear'
  | 'unknown';

/**
 * What to do after one observation.
 * - `open` + notify: post the alert message (a new occurrence: `next.openedAt` is new).
 *   `open` without notify (it reopened while a snooze is still running): the same
 *   occurrence continues (`openedAt` unchanged), so re-render its message in place.
 * - `update` + notify: re-render in place and reply in the thread (what changed, or that the
 *   snooze ended while still breaching). Without notify (snoozed): re-render in place only.
 * - `resolve` + notify: re-render in place ("Resolved at …") and reply in the thread.
 *   Without notify (snoozed): re-render in place only.
 * - `none`: nothing in Slack.
 * `next`: the state to store; undefined means there is nothing to write.
 */
export interface Decision {
  action: DecisionAction;
  next?: AlertState;
  notify: boolean;
  reason: DecisionReason;
}

/** Snooze lengths offered by the alert buttons. */
export const SNOOZE_PRESETS = { '1h': 3_600_000, '4h': 4 * 3_600_000, '24h': 24 * 3_600_000 } as const;
export type SnoozePreset = keyof typeof SNOOZE_PRESETS;
/** The longest snooze accepted: longer silences hide real problems. */
export const SNOOZE_MAX_MS = 7 * 86_400_000;

const WATCHERS: readonly WatcherName[] = ['health', 'drift', 'cost', 'idle'];
// Resources are endpoint, schedule or budget names: AWS forbids ':' in all three, so the
// key splits unambiguously. Conditions are ours: letters, digits and . _ - @.
const KEY = /^(health|drift|cost|idle):([^:\s][^:]{0,99}):([A-Za-z0-9][A-Za-z0-9._@-]{0,79})$/;

/** The dedup key of (watcher, resource, condition). */
export function alertKey(watcher: WatcherName, resource: string, condition: string): string {
  return `${watcher}:${resource}:${condition}`;
}

/**
 * Reads a key back, e.g. from a button value; undefined unless it has exactly the shape
 * alertKey makes. The handler still loads the state by key and re-checks everything.
 */
export function parseAlertKey(value: string | undefined): { watcher: WatcherName; resource: string; condition: string } | undefined {
  if (value === undefined) return undefined;
  const match = KEY.exec(value);
  if (!match) return undefined;
  const watcher = match[1] as WatcherName;
  return WATCHERS.includes(watcher) ? { watcher, resource: match[2]!, condition: match[3]! } : undefined;
}

/** The rules per watcher: health uses the configured consecutive breaches both ways; the others act on one observation. */
export function rulesFor(watcher: WatcherName, consecutiveBreaches = 1): AlertRules {
  const n = watcher === 'health' ? Math.max(1, Math.floor(consecutiveBreaches)) : 1;
  return { openAfter: n, resolveAfter: n };
}

/**
 * A value's band relative to its threshold, on a ×1.5 scale: the fingerprint changes when
 * a number moves by about half again, not when it wobbles from tick to tick.
 */
function band(value: number | undefined, threshold: number): string {
  if (value === undefined || !Number.isFinite(value)) return '-';
  if (threshold <= 0) return value > 0 ? 'over' : '0';
  const ratio = value / threshold;
  return ratio <= 0 ? '0' : String(Math.floor(Math.log(ratio) / Math.log(1.5)));
}

/** What the message shows, reduced to what matters: a change here is worth an update. */
export function fingerprintOf(details: AlertDetails, severity: AlertSeverity): string {
  switch (details.kind) {
    case 'error-rate':
      return `${severity}|err|${band(details.errorRate, details.threshold)}`;
    case 'latency':
      return `${severity}|p99|${band(details.p99Ms, details.thresholdMs)}`;
    case 'drift':
      return `${severity}|drift|${details.executionStatus}|${details.features.map((feature) => feature.name).sort().join(',')}`;
    case 'budget':
      return `${severity}|budget|${[...details.crossed].sort().join('+')}`;
    case 'idle':
      // Idle is idle: the cost shown follows silently (a tick that could not describe the
      // instances must not count as a change).
      return `${severity}|idle`;
  }
}

function snoozeActive(state: AlertState | undefined, now: number): boolean {
  return state?.snoozedUntil !== undefined && now < state.snoozedUntil;
}

/** Drops an expired snooze from a state. */
function withoutSnooze(state: AlertState): AlertState {
  const { snoozedUntil: _until, snoozedBy: _by, heldBack: _held, ...rest } = state;
  return rest;
}

function opened(observation: MeasuredObservation, previous: AlertState | undefined, breaches: number, now: number): AlertState {
  const since = previous && previous.status === 'pending' ? previous.since : previous && previous.status === 'resolved' && previous.streak.breaches > 0 ? previous.since : now;
  const state: AlertState = {
    key: observation.key,
    watcher: observation.watcher,
    resource: observation.resource,
    condition: observation.condition,
    status: 'open',
    severity: observation.severity,
    openedAt: now,
    since,
    updatedAt: now,
    title: observation.title,
    details: observation.details,
    fingerprint: fingerprintOf(observation.details, observation.severity),
    streak: { breaches, clears: 0 },
    ...(observation.period ? { period: observation.period } : {}),
  };
  // A snooze outlives a resolve: someone who silenced a flapping alert for 4 h meant it, so
  // a reopen under it continues the same occurrence (same openedAt, so the same message,
  // and the same acknowledgement). Otherwise a reopen is a new occurrence that needs a new
  // look: new openedAt, no acknowledgement.
  if (previous && snoozeActive(previous, now)) {
    state.snoozedUntil = previous.snoozedUntil!;
    if (previous.snoozedBy !== undefined) state.snoozedBy = previous.snoozedBy;
    if (previous.status === 'resolved') {
      state.openedAt = previous.openedAt;
      if (previous.acknowledgedBy) state.acknowledgedBy = previous.acknowledgedBy;
    }
  }
  return state;
}

function pendingState(observation: MeasuredObservation, now: number): AlertState {
  return { ...opened(observation, undefined, 1, now), status: 'pending' };
}

/**
 * Decides what one observation means for an alert.
 * - Unknown data changes nothing (no open, no resolve, streaks kept).
 * - Opens after `openAfter` breached ticks in a row, resolves after `resolveAfter` clear
 *   ticks in a row; a tick the other way resets the streak, so a flapping metric neither
 *   opens nor resolves.
 * - While open: `update` when the fingerprint changes; the stored details follow every tick.
 * - Snoozed (until `snoozedUntil`): state is tracked as usual but notify is false; when
 *   the snooze has ended and something was held back while it was open, `update` with notify.
 * @throws RangeError when the previous state belongs to another key.
 */
export function decide(previous: AlertState | undefined, observation: Observation, rules: AlertRules, now: number): Decision {
  if (previous && previous.key !== observation.key) throw new RangeError(`state ${previous.key} is not for observation ${observation.key}`);
  if (observation.unknown) return { action: 'none', notify: false, reason: 'unknown' };
  const openAfter = Math.max(1, Math.floor(rules.openAfter));
  const resolveAfter = Math.max(1, Math.floor(rules.resolveAfter));
  const snoozed = snoozeActive(previous, now);

  if (observation.breached) {
    if (previous?.status === 'open') return stillBreaching(previous, observation, snoozed, now);
    const breaches = (previous?.streak.breaches ?? 0) + 1;
    if (breaches >= openAfter) {
      const next = opened(observation, previous, breaches, now);
      // Reopened under a running snooze: held back, so it is told when the snooze ends.
      if (snoozed) next.heldBack = true;
      return { action: 'open', next, notify: !snoozed, reason: previous?.status === 'resolved' ? 'reopened' : 'opened' };
    }
    if (!previous || (previous.status === 'pending' && previous.streak.breaches === 0)) {
      return { action: 'none', next: { ...pendingState(observation, now), streak: { breaches, clears: 0 } }, notify: false, reason: 'breaching' };
    }
    // Pending with breaches so far, or resolved and breaching again: count, keep the record.
    const since = previous.streak.breaches > 0 ? previous.since : now;
    return { action: 'none', next: { ...previous, since, updatedAt: now, streak: { breaches, clears: 0 } }, notify: false, reason: 'breaching' };
  }

  // Clear.
  if (!previous) return { action: 'none', notify: false, reason: 'clear' };
  if (previous.status === 'pending') {
    if (previous.streak.breaches === 0) return { action: 'none', notify: false, reason: 'clear' };
    return { action: 'none', next: { ...previous, updatedAt: now, streak: { breaches: 0, clears: 1 } }, notify: false, reason: 'clear' };
  }
  if (previous.status === 'resolved') {
    if (previous.streak.breaches === 0) return { action: 'none', notify: false, reason: 'clear' };
    return { action: 'none', next: { ...previous, updatedAt: now, streak: { breaches: 0, clears: previous.streak.clears + 1 } }, notify: false, reason: 'clear' };
  }
  const clears = previous.streak.clears + 1;
  if (clears < resolveAfter) {
    return { action: 'none', next: { ...previous, updatedAt: now, streak: { breaches: 0, clears } }, notify: false, reason: 'clearing' };
  }
  const { heldBack: _held, ...rest } = previous;
  const next: AlertState = { ...rest, status: 'resolved', resolvedAt: now, updatedAt: now, resolvedWith: observation.details, streak: { breaches: 0, clears } };
  return { action: 'resolve', next: snoozed ? next : withoutSnooze(next), notify: !snoozed, reason: 'resolved' };
}

function stillBreaching(previous: AlertState, observation: MeasuredObservation, snoozed: boolean, now: number): Decision {
  const fingerprint = fingerprintOf(observation.details, observation.severity);
  const changed = fingerprint !== previous.fingerprint;
  const base: AlertState = {
    ...previous,
    severity: observation.severity,
    title: observation.title,
    details: observation.details,
    fingerprint,
    updatedAt: now,
    streak: { breaches: previous.streak.breaches + 1, clears: 0 },
  };
  if (snoozed) {
    return changed ? { action: 'update', next: { ...base, heldBack: true }, notify: false, reason: 'changed' } : { action: 'none', next: base, notify: false, reason: 'steady' };
  }
  if (previous.snoozedUntil !== undefined) {
    // The snooze has ended: say so if anything changed meanwhile (or changes now).
    const tell = changed || previous.heldBack === true;
    return { action: tell ? 'update' : 'none', next: withoutSnooze(base), notify: tell, reason: tell ? 'snooze-ended' : 'steady' };
  }
  return changed ? { action: 'update', next: base, notify: true, reason: 'changed' } : { action: 'none', next: base, notify: false, reason: 'steady' };
}

/**
 * Resolves an open alert at once because its resource is gone (an endpoint deleted, a
 * schedule removed): there is nothing left to observe, so no streak can end it.
 */
export function resolveGone(previous: AlertState, now: number): Decision {
  if (previous.status !== 'open') return { action: 'none', notify: false, reason: 'clear' };
  const { heldBack: _held, ...rest } = previous;
  return { action: 'resolve', next: withoutSnooze({ ...rest, status: 'resolved', resolvedAt: now, updatedAt: now }), notify: true, reason: 'resolved' };
}

export type AlertActionRefusal = { ok: false; reason: 'not-open' | 'already-acknowledged' | 'bad-snooze'; message: string };
export type AlertActionResult = { ok: true; state: AlertState } | AlertActionRefusal;

function notOpen(state: AlertState): AlertActionRefusal {
  return { ok: false, reason: 'not-open', message: state.status === 'resolved' ? `This alert (${state.title}) has already resolved; there is nothing to act on.` : 'This alert is not open.' };
}

/** Records who acknowledged an open alert, and when. The first acknowledgement stands. */
export function acknowledge(state: AlertState, user: string, now: number): AlertActionResult {
  if (state.status !== 'open') return notOpen(state);
  if (state.acknowledgedBy) return { ok: false, reason: 'already-acknowledged', message: 'This alert was already acknowledged.' };
  return { ok: true, state: { ...state, acknowledgedBy: { user, at: now }, updatedAt: now } };
}

/**
 * Silences an open alert until `untilMs` (at most SNOOZE_MAX_MS ahead); a new snooze
 * replaces the old one. It keeps being tracked and resolves as usual.
 */
export function snooze(state: AlertState, user: string, untilMs: number, now: number): AlertActionResult {
  if (state.status !== 'open') return notOpen(state);
  if (!Number.isFinite(untilMs) || untilMs <= now) return { ok: false, reason: 'bad-snooze', message: 'A snooze must end in the future.' };
  if (untilMs - now > SNOOZE_MAX_MS) return { ok: false, reason: 'bad-snooze', message: 'A snooze lasts at most 7 days.' };
  return { ok: true, state: { ...state, snoozedUntil: untilMs, snoozedBy: user, updatedAt: now } };
}

/** True while a snooze is running. */
export function isSnoozed(state: Pick<AlertState, 'snoozedUntil'>, now: number): boolean {
  return state.snoozedUntil !== undefined && now < state.snoozedUntil;
}

/** Open alerts, newest first (what `/sm alerts` lists). */
export function openAlerts(states: Iterable<AlertState>): AlertState[] {
  return [...states].filter((state) => state.status === 'open').sort((a, b) => b.openedAt - a.openedAt || a.key.localeCompare(b.key));
}
