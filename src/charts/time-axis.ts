/*
 * The time axis without a date adapter: chart.js's `time` scale needs one (a dependency
 * for one axis), so charts use a linear x axis over epoch milliseconds and this module
 * picks the tick positions (whole UTC minutes, hours or days) and formats their labels.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Tick spacings tried in order; the first giving at most `maxTicks` ticks wins. */
const STEPS = [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY, 14 * DAY, 28 * DAY];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The spacing of time ticks over [min, max] so that there are at most `maxTicks`. */
export function timeStep(min: number, max: number, maxTicks: number): number {
  const span = Math.max(0, max - min);
  return STEPS.find((step) => span / step <= Math.max(1, maxTicks)) ?? Math.ceil(span / Math.max(1, maxTicks) / DAY) * DAY;
}

/** Tick positions in [min, max], on multiples of `step` counted from midnight UTC. */
export function timeTicks(min: number, max: number, maxTicks: number): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return [];
  const step = timeStep(min, max, maxTicks);
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step) * step; t <= max; t += step) ticks.push(t);
  return ticks;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const dayLabel = (d: Date): string => `${MONTHS[d.getUTCMonth()] ?? ''} ${d.getUTCDate()}`;
const clockLabel = (d: Date): string => `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;

/**
 * The label of one tick, in UTC. Ticks a day or more apart read "Jan 5"; closer ones read
 * "14:00", with the date on a second line under the first tick and wherever the day
 * changes, so every label can be placed in time without repeating the date.
 */
export function timeLabel(t: number, previous: number | undefined, step: number): string | string[] {
  const date = new Date(t);
  if (step >= DAY) return dayLabel(date);
  const newDay = previous === undefined || Math.floor(previous / DAY) !== Math.floor(t / DAY);
  return newDay ? [clockLabel(date), dayLabel(date)] : clockLabel(date);
}
