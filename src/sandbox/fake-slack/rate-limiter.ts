/**
 * Slack's "about one message per second per channel, short bursts allowed": a token bucket
 * per channel that refills one token every `intervalMs`, holding at most `burst`.
 */
export class ChannelRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    private readonly intervalMs: number,
    private readonly burst: number,
    private readonly now: () => number,
  ) {}

  /** Takes a token; returns undefined when allowed, or the seconds to wait (Retry-After). */
  take(channel: string): number | undefined {
    const now = this.now();
    const bucket = this.buckets.get(channel) ?? { tokens: this.burst, updatedAt: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.updatedAt) / this.intervalMs);
    bucket.updatedAt = now;
    this.buckets.set(channel, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return undefined;
    }
    const waitMs = (1 - bucket.tokens) * this.intervalMs;
    // Slack's Retry-After is whole seconds, at least 1.
    return Math.max(1, Math.ceil(waitMs / 1000));
  }

  reset(): void {
    this.buckets.clear();
  }
}
