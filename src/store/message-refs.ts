import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** Where a Slack message lives. */
export interface MessageRef {
  channel: string;
  ts: string;
}

/** The outbox's record of one logical message. */
export interface StoredMessage {
  key: string;
  /** Changes when the record is created anew, so job ids of an expired record are never reused. */
  generation: string;
  /** Channel the content is addressed to. */
  channel: string;
  /** The latest content, serialised by the outbox. */
  content: string;
  hash: string;
  /** Bumped by each put that changes the content. */
  version: number;
  /** The version Slack shows (0: none yet). */
  sentVersion: number;
  /** Set once Slack has the message. */
  ref?: MessageRef;
  /** Set while a chat.postMessage may have been applied without us hearing back. */
  posting?: { since: number; version: number; threadTs?: string };
}

// Stores new content unless it equals the stored one; returns {version, generation} or nil.
const WRITE = `
local cur = redis.call('HGET', KEYS[1], 'hash')
if cur == ARGV[1] then return nil end
if redis.call('HEXISTS', KEYS[1], 'generation') == 0 then
  redis.call('HSET', KEYS[1], 'generation', ARGV[4], 'sentVersion', 0)
end
local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('HSET', KEYS[1], 'hash', ARGV[1], 'content', ARGV[2], 'channel', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return { version, redis.call('HGET', KEYS[1], 'generation') }
`;

// Deletes the lock only if it is still ours.
const UNLOCK = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

/**
 * Redis state of the outbox, per logical message key: latest content and version, the
 * version Slack shows, where the message lives, and an in-flight post marker. Also the
 * short per-key lock that keeps deliveries of one key one at a time across replicas.
 */
export class MessageRefs {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    /** Records of messages not touched for this long are forgotten. @defaultValue 30 days */
    private readonly ttlMs = 30 * 86_400_000,
  ) {}

  private recordKey(key: string): string {
    return `${this.prefix}:outbox:msg:${key}`;
  }

  private lockKey(key: string): string {
    return `${this.prefix}:outbox:lock:${key}`;
  }

  /** Stores content; undefined when it equals what is stored (nothing to send). */
  async write(key: string, channel: string, content: string, hash: string): Promise<{ version: number; generation: string } | undefined> {
    const result = (await this.redis.eval(WRITE, 1, this.recordKey(key), hash, content, channel, randomUUID().slice(0, 8), String(this.ttlMs))) as
      | [number, string]
      | null;
    return result ? { version: Number(result[0]), generation: String(result[1]) } : undefined;
  }

  async read(key: string): Promise<StoredMessage | undefined> {
    const h = await this.redis.hgetall(this.recordKey(key));
    if (!h['version'] || h['content'] === undefined) return undefined;
    const stored: StoredMessage = {
      key,
      generation: h['generation'] ?? '',
      channel: h['channel'] ?? '',
      content: h['content'],
      hash: h['hash'] ?? '',
      version: Number(h['version']),
      sentVersion: Number(h['sentVersion'] ?? 0),
    };
    if (h['ts'] && h['refChannel']) stored.ref = { channel: h['refChannel'], ts: h['ts'] };
    if (h['postingSince']) {
      stored.posting = {
        since: Number(h['postingSince']),
        version: Number(h['postingVersion'] ?? 0),
        ...(h['postingThreadTs'] ? { threadTs: h['postingThreadTs'] } : {}),
      };
    }
    return stored;
  }

  async ref(key: string): Promise<MessageRef | undefined> {
    const [channel, ts] = await this.redis.hmget(this.recordKey(key), 'refChannel', 'ts');
    return channel && ts ? { channel, ts } : undefined;
  }

  /** Written before chat.postMessage: if no answer comes, the next try looks for the message first. */
  async markPosting(key: string, since: number, version: number, threadTs?: string): Promise<void> {
    await this.redis.hset(this.recordKey(key), { postingSince: since, postingVersion: version, postingThreadTs: threadTs ?? '' });
  }

  async clearPosting(key: string): Promise<void> {
    await this.redis.hdel(this.recordKey(key), 'postingSince', 'postingVersion', 'postingThreadTs');
  }

  /** Slack shows `version` (and, for a new message, lives at `ref`). */
  async markSent(key: string, version: number, ref?: MessageRef): Promise<void> {
    const record = this.recordKey(key);
    await this.redis
      .multi()
      .hset(record, { sentVersion: version, ...(ref ? { ts: ref.ts, refChannel: ref.channel } : {}) })
      .hdel(record, 'postingSince', 'postingVersion', 'postingThreadTs')
      .pexpire(record, this.ttlMs)
      .exec();
  }

  /** Takes the per-key delivery lock; returns its token, or undefined when held elsewhere. */
  async lock(key: string, ms: number): Promise<string | undefined> {
    const token = randomUUID();
    const ok = await this.redis.set(this.lockKey(key), token, 'PX', ms, 'NX');
    return ok ? token : undefined;
  }

  async unlock(key: string, token: string): Promise<void> {
    await this.redis.eval(UNLOCK, 1, this.lockKey(key), token);
  }
}
