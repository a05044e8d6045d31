import type { Redis } from 'ioredis';
import type { ApprovalRequest } from '../domain/approval.ts';

/** A decision on the current request: `next` to store (or none), and what to tell the caller. */
export interface Transition<T> {
  next?: ApprovalRequest;
  result: T;
}

// Compare-and-set on the revision: the write lands only if nobody wrote since we read.
const CAS = `
if redis.call('HGET', KEYS[1], 'rev') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'rev', ARGV[2], 'json', ARGV[3])
return 1
`;

/** How many times a transition re-reads after losing a race before giving up. */
const MAX_ATTEMPTS = 50;

/**
 * Deploy/approval requests in Redis. State changes are atomic: a transition reads the
 * request with its revision, decides in pure code (src/domain/approval.ts), and writes with
 * a compare-and-set on the revision; a writer that lost the race decides again on the new
 * state. Ten simultaneous approve clicks therefore complete the request exactly once.
 * (WATCH/MULTI would need a connection per transition: WATCH is per connection, and the
 * shared connection serves every other command too.)
 * @defaultValue ttlSeconds 30 days after the last write
 */
export class ApprovalStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds = 30 * 86_400,
  ) {}

  private key(id: string): string {
    return `${this.prefix}:approval:${id}`;
  }

  private get pendingIndex(): string {
    return `${this.prefix}:approval:pending`;
  }

  /** Stores a new request; false when one with this id exists (a retried job). */
  async create(request: ApprovalRequest): Promise<boolean> {
    const key = this.key(request.id);
    const created = await this.redis.hsetnx(key, 'rev', '1');
    if (created === 0) return false;
    await this.redis.multi().hset(key, 'json', JSON.stringify(request)).expire(key, this.ttlSeconds).exec();
    if (request.status === 'pending') await this.redis.zadd(this.pendingIndex, request.expiresAt, request.id);
    return true;
  }

  async get(id: string): Promise<ApprovalRequest | undefined> {
    const json = await this.redis.hget(this.key(id), 'json');
    return json ? (JSON.parse(json) as ApprovalRequest) : undefined;
  }

  /**
   * Applies `decide` atomically. Returns undefined when the request does not exist.
   * `decide` may run more than once (after a lost race): keep it pure.
   */
  async transition<T>(id: string, decide: (request: ApprovalRequest) => Transition<T>): Promise<T | undefined> {
    const key = this.key(id);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
      const [rev, json] = await this.redis.hmget(key, 'rev', 'json');
      if (!rev || !json) return undefined;
      const { next, result } = decide(JSON.parse(json) as ApprovalRequest);
      if (!next) return result;
      const written = await this.redis.eval(CAS, 1, key, rev, String(Number(rev) + 1), JSON.stringify(next));
      if (Number(written) === 1) {
        await this.redis.expire(key, this.ttlSeconds);
        if (next.status === 'pending') await this.redis.zadd(this.pendingIndex, next.expiresAt, id);
        else await this.redis.zrem(this.pendingIndex, id);
        return result;
      }
    }
    throw new Error(`approval ${id}: too much contention, gave up after ${MAX_ATTEMPTS} attempts`);
  }

  /** Pending requests, soonest expiry first. */
  async pending(): Promise<ApprovalRequest[]> {
    const ids = await this.redis.zrange(this.pendingIndex, 0, -1);
    const requests = await Promise.all(ids.map((id) => this.get(id)));
    return requests.filter((request): request is ApprovalRequest => request !== undefined && request.status === 'pending');
  }

  /** Ids of pending requests whose expiry is at or before `now`. */
  async due(now: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.pendingIndex, 0, now);
  }
}
