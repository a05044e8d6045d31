import type { Redis } from 'ioredis';
import type { ApprovalRequest } from '../domain/approval.ts';
import { casTransition, readRecord, type Transition as CasTransition } from './cas.ts';

export type Transition<T> = CasTransition<ApprovalRequest, T>;

/**
 * Deploy/approval requests in Redis. State changes are atomic (casTransition): the
 * decision is pure code (src/domain/approval.ts) applied with a compare-and-set, so ten
 * simultaneous approve clicks complete the request exactly once.
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
    const created = await casTransition<ApprovalRequest, boolean>(this.redis, this.key(request.id), (current) => (current ? { result: false } : { next: request, result: true }), {
      ttlSeconds: this.ttlSeconds,
    });
    if (created && request.status === 'pending') await this.redis.zadd(this.pendingIndex, request.expiresAt, request.id);
    return created === true;
  }

  async get(id: string): Promise<ApprovalRequest | undefined> {
    return readRecord<ApprovalRequest>(this.redis, this.key(id));
  }

  /**
   * Applies `decide` atomically. Returns undefined when the request does not exist.
   * `decide` may run more than once (after a lost race): keep it pure.
   */
  async transition<T>(id: string, decide: (request: ApprovalRequest) => Transition<T>): Promise<T | undefined> {
    const outcome = await casTransition<ApprovalRequest, { result: T; next?: ApprovalRequest }>(
      this.redis,
      this.key(id),
      (current) => {
        const { next, result } = decide(current as ApprovalRequest);
        return next ? { next, result: { result, next } } : { result: { result } };
      },
      { ttlSeconds: this.ttlSeconds, mustExist: true },
    );
    if (!outcome) return undefined;
    if (outcome.next) {
      if (outcome.next.status === 'pending') await this.redis.zadd(this.pendingIndex, outcome.next.expiresAt, id);
      else await this.redis.zrem(this.pendingIndex, id);
    }
    return outcome.result;
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
