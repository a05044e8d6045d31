import type { Redis } from 'ioredis';
import type { AuditEntry, AuditLog } from './audit-log.ts';
import { keys } from './keys.ts';

/*
 * KEYS[1] the claim, KEYS[2] the audit stream; ARGV[1] the claim's TTL in seconds,
 * ARGV[2] the stream's approximate cap, ARGV[3..] the audit entry's fields (none: no entry).
 * Returns 1 when the id was new.
 */
const CLAIM_AND_AUDIT = `
if not redis.call('SET', KEYS[1], '1', 'EX', ARGV[1], 'NX') then return 0 end
if #ARGV > 2 then redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*', unpack(ARGV, 3)) end
return 1`;

type ClaimingRedis = Redis & { smClaimAndAudit(claimKey: string, auditKey: string, ...args: string[]): Promise<number> };

/**
 * Remembers which Slack requests were already turned into jobs. BullMQ forgets a job id once
 * the job is removed, and Slack (or a replayed request) may deliver the same request again:
 * the record outlives both Slack's retry window and the 5-minute signature window.
 *
 * A claim can carry the request's audit entry: both are written in one script, so an
 * accepted request is audited exactly once, before it is acknowledged, in one round trip
 * (the ack path's CPU goes mostly to socket writes; one fewer is a tenth of it).
 * @defaultValue ttlSeconds 86,400 (one day)
 */
export class RequestDedupe {
  private readonly redis: ClaimingRedis;
  constructor(
    redis: Redis,
    private readonly prefix: string,
    private readonly audit: AuditLog,
    private readonly ttlSeconds = 86_400,
  ) {
    if (!('smClaimAndAudit' in redis)) redis.defineCommand('smClaimAndAudit', { numberOfKeys: 2, lua: CLAIM_AND_AUDIT });
    this.redis = redis as ClaimingRedis;
  }

  /** True when this id is new (and now claimed, with `entry` in the audit log); false when it was seen before. */
  async claim(id: string, entry?: Omit<AuditEntry, 'at'>): Promise<boolean> {
    const fields = entry ? this.audit.fieldsOf(entry) : [];
    const claimed = await this.redis.smClaimAndAudit(keys(this.prefix).dedupe(id), this.audit.streamKey, String(this.ttlSeconds), String(this.audit.maxEntries), ...fields);
    return claimed === 1;
  }

  /** Gives a claim back, when enqueuing failed and a retry must be allowed through; `entry` says so in the audit log. */
  async release(id: string, entry?: Omit<AuditEntry, 'at'>): Promise<void> {
    await this.redis.del(keys(this.prefix).dedupe(id));
    if (entry) await this.audit.record(entry);
  }
}
