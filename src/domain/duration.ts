/**
 * Durations as people write them in config and commands: `500ms`, `30s`, `10m`, `2h`, `1d`,
 * or a combination such as `1h30m`. Pure: no I/O.
 */
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
const WHOLE = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d))+$/;

/** Parses a duration; returns undefined when the text is not one. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!WHOLE.test(trimmed)) return undefined;
  let total = 0;
  for (const match of trimmed.matchAll(PART)) {
    total += Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  }
  return Math.round(total);
}

/** Formats milliseconds compactly for people: `1h 5m`, `42s`, `350ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.max(0, Math.round(ms))}ms`;
  let seconds = Math.floor(ms / 1_000);
  const days = Math.floor(seconds / 86_400);
  seconds -= days * 86_400;
  const hours = Math.floor(seconds / 3_600);
  seconds -= hours * 3_600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const parts: string[] = [];
  if (days) parts.push(`${days}d`);
  if (hours) parts.push(`${hours}h`);
  if (minutes) parts.push(`${minutes}m`);
  if (seconds && !days) parts.push(`${seconds}s`);
  return parts.slice(0, 2).join(' ') || '0s';
}

/** Parses `10%` or `0.1` into a fraction in [0, 1]; undefined otherwise. */
export function parseFraction(text: string): number | undefined {
  const trimmed = text.trim();
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(trimmed);
  const value = percent ? Number(percent[1]) / 100 : /^\d+(?:\.\d+)?$/.test(trimmed) ? Number(trimmed) : NaN;
  return Number.isFinite(value) && value >= 0 && value <= 1 ? value : undefined;
}
