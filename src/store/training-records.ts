import type { Redis } from 'ioredis';
import type { SecondaryStatus, TrainingStatus } from '../domain/training.ts';
import { keys } from './keys.ts';

/** What the bot remembers about a training job it started. */
export interface TrainingRecord {
  name: string;
  recipe: string;
  requester: string;
  /** Channel the request came from (the ops thread lives in the ops channel). */
  channel: string;
  jobId: string;
  /** Epoch milliseconds. */
  createdAt: number;
  lastStatus?: TrainingStatus;
  lastSecondary?: SecondaryStatus;
}

/**
 * Training jobs the bot started, the set of those still being tracked, and an index by
 * requester for `/sm jobs mine`. Records expire after `ttlSeconds`.
 * @defaultValue ttlSeconds 90 days
 */
export class TrainingRecords {
  private readonly k: ReturnType<typeof keys>;
  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly ttlSeconds = 90 * 86_400,
  ) {
    this.k = keys(prefix);
  }

  /** Saves the record (first write wins for the identity fields) and starts tracking it. */
  async start(record: TrainingRecord): Promise<void> {
    const key = this.k.training(record.name);
    const fields = Object.entries(record).filter(([, v]) => v !== undefined).flatMap(([k, v]) => [k, String(v)]);
    await this.redis
      .multi()
      .hsetnx(key, 'name', record.name)
      .hset(key, ...fields)
      .expire(key, this.ttlSeconds)
      .sadd(this.k.tracked, record.name)
      .zadd(this.k.byUser(record.requester), record.createdAt, record.name)
      .zadd(this.k.recent, record.createdAt, record.name)
      .exec();
  }

  async get(name: string): Promise<TrainingRecord | undefined> {
    const hash = await this.redis.hgetall(this.k.training(name));
    if (!hash['name']) return undefined;
    return {
      name: hash['name'],
      recipe: hash['recipe'] ?? '',
      requester: hash['requester'] ?? '',
      channel: hash['channel'] ?? '',
      jobId: hash['jobId'] ?? '',
      createdAt: Number(hash['createdAt'] ?? 0),
      ...(hash['lastStatus'] ? { lastStatus: hash['lastStatus'] as TrainingStatus } : {}),
      ...(hash['lastSecondary'] ? { lastSecondary: hash['lastSecondary'] } : {}),
    };
  }

  async getMany(names: string[]): Promise<Map<string, TrainingRecord>> {
    const result = new Map<string, TrainingRecord>();
    const records = await Promise.all(names.map((name) => this.get(name)));
    records.forEach((record) => record && result.set(record.name, record));
    return result;
  }

  /** Records the last state seen; returns true when it differs from the previous one. */
  async observe(name: string, status: TrainingStatus, secondary: SecondaryStatus): Promise<boolean> {
    const key = this.k.training(name);
    const [previousStatus, previousSecondary] = await this.redis.hmget(key, 'lastStatus', 'lastSecondary');
    if (previousStatus === status && previousSecondary === secondary) return false;
    await this.redis.hset(key, 'lastStatus', status, 'lastSecondary', secondary);
    return true;
  }

  async tracked(): Promise<string[]> {
    return this.redis.smembers(this.k.tracked);
  }

  async stopTracking(name: string): Promise<void> {
    await this.redis.srem(this.k.tracked, name);
  }

  /** Names of the requester's jobs, newest first. */
  async byRequester(user: string, limit: number): Promise<string[]> {
    return this.redis.zrevrange(this.k.byUser(user), 0, limit - 1);
  }
}
