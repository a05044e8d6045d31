import { createHash } from 'node:crypto';
import type { KnownBlock, WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import { SlackError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { MessageRefs, type MessageRef, type StoredMessage } from '../store/message-refs.ts';
import { mayHaveBeenApplied, slackCall } from './slack-api.ts';

export type { MessageRef };

/** The `event_type` of the metadata the outbox attaches to every message it posts. */
export const OUTBOX_EVENT_TYPE = 'sm_chatops';

/** A message as callers address it: content only; the outbox decides post or update. */
export interface OutboxMessage {
  channel: string;
  /** Notification fallback, and the message when there are no blocks. */
  text: string;
  blocks?: readonly object[];
  /** Key of the parent message: this one is a reply in its thread, posted after the parent. */
  thread?: string;
  /** Key of a message this one must follow: it is first posted only after that one is (keeps thread lines in order). */
  after?: string;
  /** Extra fields for the message metadata's `event_payload`, next to the outbox's own `key`. */
  metadata?: Record<string, string | number | boolean>;
}

/** Payload of one outbox job. */
export interface OutboxJobData {
  key: string;
  version: number;
}

/** Adds one delivery job; the same `jobId` twice must add it once (BullMQ does that). */
export type EnqueueDelivery = (jobId: string, data: OutboxJobData, delayMs?: number) => Promise<void>;

export type DeliveryOutcome =
  | { kind: 'posted' | 'updated' | 'adopted'; version: number; ref: MessageRef }
  /** Slack already shows the latest content, or a newer job will deliver it. */
  | { kind: 'up-to-date' | 'superseded' }
  /** Not now: try this job again after `delayMs` (not a failure, not an attempt). */
  | { kind: 'wait'; delayMs: number; reason: 'channel-busy' | 'channel-paused' | 'rate-limited' | 'parent-not-posted' | 'key-busy' };

export interface OutboxOptions {
  redis: Redis;
  /** CHATOPS_PREFIX. */
  prefix: string;
  slack: WebClient;
  enqueue: EnqueueDelivery;
  logger: Logger;
  /** Least time between two writes (post or update) to one channel, across replicas. @defaultValue 1000 */
  channelIntervalMs?: number;
  /** How long one delivery may hold its key: longer than a Web API call's timeout, and how long a crashed delivery blocks its key. @defaultValue 15000 */
  lockMs?: number;
  /** Retry delay while another delivery of the same key runs. @defaultValue 250 */
  keyBusyWaitMs?: number;
  /** Retry delay while a reply's parent is not posted yet. @defaultValue 500 */
  parentWaitMs?: number;
  /** A reply whose parent is still not posted after this long fails. @defaultValue 600000 */
  parentTimeoutMs?: number;
  /** How far before a lost post's start to look for it (clock skew with Slack). @defaultValue 60000 */
  searchMarginMs?: number;
  /** Wall clock comparable with Slack's ts. @defaultValue Date.now */
  now?: () => number;
}

/** What is stored and hashed: the message's own fields only, in a fixed order. */
type Content = OutboxMessage;

// The channel's write slots, one per message key. A delivery that must wait reserves the
// channel's next free slot for its key; a newer version of the same message inherits that
// reservation instead of taking another, so a backlog of N messages wakes about N times in
// all, and updates that supersede each other do not push everyone else back. A 429 pause
// (KEYS[1]) moves reservations past it. Time is Redis's, the same for every replica.
// Returns 0 to send now, else the milliseconds to wait.
const TAKE_CHANNEL_SLOT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local paused = redis.call('PTTL', KEYS[1])
local reserved = tonumber(redis.call('GET', KEYS[3]) or '')
if reserved then
  if paused <= 0 and reserved <= now + tonumber(ARGV[2]) then
    redis.call('DEL', KEYS[3])
    return 0
  end
  if paused <= 0 or reserved >= now + paused then return reserved - now end
end
local start = now
if paused > 0 then start = now + paused end
local nextFree = tonumber(redis.call('GET', KEYS[2]) or '0')
if nextFree > start then start = nextFree end
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[2], tostring(start + interval), 'PX', start + interval - now + 1000)
if start <= now then
  redis.call('DEL', KEYS[3])
  return 0
end
redis.call('SET', KEYS[3], tostring(start), 'PX', start - now + 60000)
return start - now
`;

/** A reserved slot is used if its delivery wakes at most this early. */
const SLOT_EARLY_MS = 25;

const SEARCH_PAGES = 5;

/**
 * Every post and update to Slack goes through here. Messages are documents under a logical
 * key; `put` stores the latest content and enqueues a delivery, and delivery converges
 * Slack on it: post once, then update in place. Puts that arrive before delivery coalesce
 * into one call; writes to a channel are paced across replicas and pause on 429; a post
 * whose answer was lost is found again by its metadata instead of being posted twice.
 */
export class Outbox {
  private readonly refs: MessageRefs;
  private readonly o: Required<Omit<OutboxOptions, 'redis' | 'slack' | 'enqueue' | 'logger' | 'prefix'>>;

  constructor(private readonly options: OutboxOptions) {
    this.refs = new MessageRefs(options.redis, options.prefix);
    this.o = {
      channelIntervalMs: options.channelIntervalMs ?? 1_000,
      lockMs: options.lockMs ?? 15_000,
      keyBusyWaitMs: options.keyBusyWaitMs ?? 250,
      parentWaitMs: options.parentWaitMs ?? 500,
      parentTimeoutMs: options.parentTimeoutMs ?? 600_000,
      searchMarginMs: options.searchMarginMs ?? 60_000,
      now: options.now ?? Date.now,
    };
  }

  /**
   * Makes `key` show `message`. Same content as last time: nothing is sent. The channel of
   * a message is fixed by its first post.
   */
  async put(key: string, message: OutboxMessage): Promise<{ changed: boolean; version?: number }> {
    const content: Content = {
      channel: message.channel,
      text: message.text,
      ...(message.blocks ? { blocks: message.blocks } : {}),
      ...(message.thread ? { thread: message.thread } : {}),
      ...(message.after ? { after: message.after } : {}),
      ...(message.metadata ? { metadata: message.metadata } : {}),
    };
    const serialized = JSON.stringify(content);
    const hash = createHash('sha256').update(serialized).digest('hex');
    const written = await this.refs.write(key, message.channel, serialized, hash);
    if (!written) return { changed: false };
    await this.options.enqueue(jobIdFor(key, written.generation, written.version), { key, version: written.version });
    return { changed: true, version: written.version };
  }

  /** Where the message of `key` lives in Slack, once posted. */
  async ref(key: string): Promise<MessageRef | undefined> {
    return this.refs.ref(key);
  }

  /** Versions and ref of a key, for diagnostics and tests. */
  async status(key: string): Promise<{ version: number; sentVersion: number; ref?: MessageRef } | undefined> {
    const stored = await this.refs.read(key);
    return stored && { version: stored.version, sentVersion: stored.sentVersion, ...(stored.ref ? { ref: stored.ref } : {}) };
  }

  /**
   * Runs one delivery job: sends the latest content of `key` if Slack does not show it yet.
   * `enqueuedAt` (ms) bounds how long a reply waits for its parent. Throws SlackError:
   * retryable for network errors and 5xx, not retryable for errors that will recur.
   */
  async deliver(data: OutboxJobData, enqueuedAt: number): Promise<DeliveryOutcome> {
    const token = await this.refs.lock(data.key, this.o.lockMs);
    if (!token) return { kind: 'wait', delayMs: this.o.keyBusyWaitMs, reason: 'key-busy' };
    try {
      return await this.deliverLocked(data, enqueuedAt);
    } finally {
      await this.refs.unlock(data.key, token);
    }
  }

  private async deliverLocked(data: OutboxJobData, enqueuedAt: number): Promise<DeliveryOutcome> {
    const stored = await this.refs.read(data.key);
    if (!stored || stored.sentVersion >= stored.version) return { kind: 'up-to-date' };
    if (data.version < stored.version) {
      // The put that made the newer version enqueued its own job; make sure it exists in
      // case that put died between writing and enqueueing (same id: added at most once).
      await this.options.enqueue(jobIdFor(data.key, stored.generation, stored.version), { key: data.key, version: stored.version });
      return { kind: 'superseded' };
    }
    const content = JSON.parse(stored.content) as Content;

    if (!stored.ref && stored.posting) {
      const found = await this.findLostPost(stored);
      if (found) {
        await this.refs.markSent(data.key, stored.posting.version, found);
        this.options.logger.info({ key: data.key, ts: found.ts }, 'outbox: adopted a post whose answer was lost');
        if (stored.posting.version >= stored.version) return { kind: 'adopted', version: stored.posting.version, ref: found };
        stored.ref = found;
      }
    }

    let threadTs: string | undefined;
    if (!stored.ref) {
      // A first post waits for the messages it must follow: its thread's parent, and the one named by `after`.
      for (const awaited of [content.thread, content.after]) {
        if (!awaited || (await this.refs.ref(awaited))) continue;
        if (this.o.now() - enqueuedAt > this.o.parentTimeoutMs) throw new SlackError('chat.postMessage', 'parent_not_posted', false);
        return { kind: 'wait', delayMs: this.o.parentWaitMs, reason: 'parent-not-posted' };
      }
      if (content.thread) threadTs = (await this.refs.ref(content.thread))?.ts;
    }

    const channel = stored.ref?.channel ?? content.channel;
    const wait = await this.takeChannelSlot(channel, data.key);
    if (wait) return wait;
    try {
      return stored.ref ? await this.update(stored, content, stored.ref) : await this.post(stored, content, threadTs);
    } catch (error) {
      if (error instanceof SlackError && error.slackCode === 'ratelimited') {
        const delayMs = Math.max(error.retryAfterMs ?? 1_000, 1);
        await this.options.redis.set(this.channelKey(channel, 'pause'), '1', 'PX', delayMs);
        this.options.logger.warn({ key: data.key, channel, method: error.method, retryAfterMs: delayMs }, 'outbox: Slack rate-limited the channel; pausing it');
        return { kind: 'wait', delayMs, reason: 'rate-limited' };
      }
      throw error;
    }
  }

  private async post(stored: StoredMessage, content: Content, threadTs: string | undefined): Promise<DeliveryOutcome> {
    await this.refs.markPosting(stored.key, this.o.now(), stored.version, threadTs);
    let ts: string;
    let channel: string;
    try {
      const result = await slackCall('chat.postMessage', () =>
        this.options.slack.chat.postMessage({
          channel: content.channel,
          text: content.text,
          ...(content.blocks ? { blocks: content.blocks as KnownBlock[] } : {}),
          ...(threadTs ? { thread_ts: threadTs } : {}),
          metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { ...content.metadata, key: stored.key } },
          unfurl_links: false,
          unfurl_media: false,
        }),
      );
      if (!result.ts) throw new SlackError('chat.postMessage', 'missing_ts', true);
      ts = result.ts;
      channel = result.channel ?? content.channel;
    } catch (error) {
      // Only a call that may have reached Slack keeps the marker that makes the next try search first.
      if (!(error instanceof SlackError && mayHaveBeenApplied(error))) await this.refs.clearPosting(stored.key);
      throw error;
    }
    const ref = { channel, ts };
    await this.refs.markSent(stored.key, stored.version, ref);
    return { kind: 'posted', version: stored.version, ref };
  }

  private async update(stored: StoredMessage, content: Content, ref: MessageRef): Promise<DeliveryOutcome> {
    await slackCall('chat.update', () =>
      this.options.slack.chat.update({
        channel: ref.channel,
        ts: ref.ts,
        text: content.text,
        // An update without blocks must clear the old ones.
        blocks: (content.blocks ?? []) as KnownBlock[],
        metadata: { event_type: OUTBOX_EVENT_TYPE, event_payload: { ...content.metadata, key: stored.key } },
      }),
    );
    await this.refs.markSent(stored.key, stored.version, ref);
    return { kind: 'updated', version: stored.version, ref };
  }

  /** Looks for a message we posted for this key since the lost attempt began. */
  private async findLostPost(stored: StoredMessage): Promise<MessageRef | undefined> {
    const posting = stored.posting;
    if (!posting) return undefined;
    const channel = stored.channel;
    const oldest = ((posting.since - this.o.searchMarginMs) / 1000).toFixed(6);
    let cursor: string | undefined;
    for (let page = 0; page < SEARCH_PAGES; page += 1) {
      const args = { channel, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) };
      const result = posting.threadTs
        ? await slackCall('conversations.replies', () => this.options.slack.conversations.replies({ ...args, ts: posting.threadTs as string }))
        : await slackCall('conversations.history', () => this.options.slack.conversations.history(args));
      const match = (result.messages ?? []).find(
        (m) => m.metadata?.event_type === OUTBOX_EVENT_TYPE && (m.metadata.event_payload as Record<string, unknown> | undefined)?.['key'] === stored.key,
      );
      if (match?.ts) return { channel, ts: match.ts };
      cursor = result.response_metadata?.next_cursor || undefined;
      if (!cursor) return undefined;
    }
    return undefined;
  }

  private channelKey(channel: string, what: 'slot' | 'pause'): string {
    return `${this.options.prefix}:outbox:channel:${channel}:${what}`;
  }

  private async takeChannelSlot(channel: string, key: string): Promise<DeliveryOutcome | undefined> {
    const keyHash = createHash('sha1').update(key).digest('hex').slice(0, 20);
    const delayMs = Number(
      await this.options.redis.eval(
        TAKE_CHANNEL_SLOT,
        3,
        this.channelKey(channel, 'pause'),
        this.channelKey(channel, 'slot'),
        `${this.options.prefix}:outbox:reserved:${keyHash}`,
        String(this.o.channelIntervalMs),
        String(SLOT_EARLY_MS),
      ),
    );
    return delayMs > 0 ? { kind: 'wait', delayMs, reason: 'channel-busy' } : undefined;
  }
}

/** BullMQ job ids may not contain ':'; logical keys do, so the id carries a hash of the key. */
export function jobIdFor(key: string, generation: string, version: number): string {
  return `${createHash('sha1').update(key).digest('hex').slice(0, 20)}-${generation}-${version}`;
}
