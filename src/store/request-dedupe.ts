import type { Redis } from 'ioredis';
import { keys } from './keys.ts';

/**
 * Remembers which Slack requests were already turned into jobs. BullMQ forgets a job id once
 * the job is removed, and Slack (or a replayed request) may deliver the same request again:
 * the record outlives both Slack's retry window and the 5-minute signature window.
 * @defaultValue ttlSeconds 86,400 (one day)
 */
export class RequestDedupe {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds = 86_400,
  ) {}

  /** True when this id is new (and now claimed); false when it was seen before. */
  async claim(id: string): Promise<boolean> {
    const result = await this.redis.set(keys(this.prefix).dedupe(id), '1', 'EX', this.ttlSeconds, 'NX');
    return result === 'OK';
  }

  /** Gives a claim back, when enqueuing failed and a retry must be allowed through. */
  async release(id: string): Promise<void> {
    await this.redis.del(keys(this.prefix).dedupe(id));
  }
}
