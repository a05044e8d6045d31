import { randomUUID } from 'node:crypto';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutboxWorker } from '../../jobs/outbox.ts';
import { createLogger } from '../../src/logger.ts';
import { createRedis } from '../../src/queue/connection.ts';
import { createOutboxQueue, outboxEnqueuer, type OutboxQueue } from '../../src/queue/outbox-queue.ts';
import { startFakeSlack, type FakeSlack, type RecordedCall } from '../../src/sandbox/fake-slack/index.ts';
import { Outbox } from '../../src/slack/outbox.ts';
import { createSlackClient } from '../../src/slack/slack-api.ts';
import { waitFor } from '../helpers/wait-for.ts';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const TOKEN = 'xoxb-outbox-test';
const OPS = 'C0OPS';
const logger = createLogger({ level: 'silent' });

let prefix: string;
let redis: Redis;
let workerRedis: Redis;
let fake: FakeSlack;
let queue: OutboxQueue;
let outbox: Outbox;
let worker: Worker;

beforeEach(async () => {
  prefix = `test-${randomUUID()}`;
  redis = createRedis(REDIS_URL);
  workerRedis = createRedis(REDIS_URL);
  fake = await startFakeSlack({ botToken: TOKEN });
  queue = createOutboxQueue(redis, prefix);
  outbox = new Outbox({ redis, prefix, slack: createSlackClient({ token: TOKEN, apiUrl: fake.apiUrl, logger }), enqueue: outboxEnqueuer(queue), logger });
  worker = createOutboxWorker({ connection: workerRedis, prefix, outbox, logger, concurrency: 8 });
});

afterEach(async () => {
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
    cursor = next;
    if (found.length > 0) await redis.del(...found);
  } while (cursor !== '0');
  await redis.quit();
  await workerRedis.quit();
  await fake.close();
});

const delivered = (key: string) => async () => {
  const status = await outbox.status(key);
  return status !== undefined && status.sentVersion === status.version ? status : undefined;
};

const succeeded = (method: string, channel?: string): RecordedCall[] =>
  fake.callsOf(method).filter((call) => call.ok && (!channel || call.args['channel'] === channel));

describe('the outbox', () => {
  describe('when a message is put for the first time and then changed', () => {
    it('posts it once and then updates it in place', async () => {
      await outbox.put('train:a', { channel: OPS, text: 'Starting' });
      await waitFor(delivered('train:a'));
      const [posted] = fake.messages(OPS);
      expect(await outbox.ref('train:a')).toEqual({ channel: OPS, ts: posted?.ts });

      await outbox.put('train:a', { channel: OPS, text: 'Training' });
      await waitFor(() => fake.messages(OPS)[0]?.text === 'Training');
      expect(fake.messages(OPS)).toHaveLength(1);
      expect(succeeded('chat.postMessage')).toHaveLength(1);
      expect(succeeded('chat.update')).toHaveLength(1);
    });

    it('tags the message with its key in the message metadata', async () => {
      await outbox.put('train:a', { channel: OPS, text: 'Starting', metadata: { job: 'a' } });
      const [message] = await waitFor(() => (fake.messages(OPS).length === 1 ? fake.messages(OPS) : undefined));
      expect(message?.metadata).toEqual({ event_type: 'sm_chatops', event_payload: { job: 'a', key: 'train:a' } });
    });
  });

  describe('when the same content is put twice', () => {
    it('sends nothing for the second put', async () => {
      await outbox.put('train:a', { channel: OPS, text: 'Starting' });
      await waitFor(delivered('train:a'));
      expect(await outbox.put('train:a', { channel: OPS, text: 'Starting' })).toEqual({ changed: false });
      await outbox.put('train:a', { channel: OPS, text: 'Training' });
      await waitFor(() => fake.messages(OPS)[0]?.text === 'Training');
      // One post and one update: the repeated content cost no call.
      expect(succeeded('chat.postMessage').length + succeeded('chat.update').length).toBe(2);
    });
  });

  describe('when ten updates are put in quick succession', () => {
    it('sends far fewer than ten calls and ends on the last content', async () => {
      await outbox.put('train:a', { channel: OPS, text: 'progress 0' });
      await waitFor(delivered('train:a'));
      for (let i = 1; i <= 10; i += 1) await outbox.put('train:a', { channel: OPS, text: `progress ${i}` });
      await waitFor(async () => (await delivered('train:a')()) && fake.messages(OPS)[0]?.text === 'progress 10', { timeoutMs: 15_000 });
      expect(fake.callsOf('chat.update').length).toBeLessThanOrEqual(3);
      expect(fake.messages(OPS)).toHaveLength(1);
    });
  });

  describe('when Slack rate-limits chat.update with Retry-After', () => {
    it('sends the update once, after the wait', async () => {
      await outbox.put('train:a', { channel: OPS, text: 'Starting' });
      await waitFor(delivered('train:a'));
      fake.faults.rateLimit({ method: 'chat.update', retryAfterSec: 2, times: 1 });
      await outbox.put('train:a', { channel: OPS, text: 'Training' });
      await waitFor(() => fake.messages(OPS)[0]?.text === 'Training', { timeoutMs: 15_000 });

      const updates = fake.callsOf('chat.update');
      expect(updates.map((call) => call.status)).toEqual([429, 200]);
      const [limited, applied] = updates as [RecordedCall, RecordedCall];
      expect(applied.at - limited.at).toBeGreaterThanOrEqual(1_990);
    });
  });

  describe('when the answer to chat.postMessage is lost', () => {
    it('leaves exactly one message in the channel and points the ref at it', async () => {
      fake.faults.dropResponse({ method: 'chat.postMessage', times: 1 });
      await outbox.put('train:a', { channel: OPS, text: 'Starting' });
      await waitFor(delivered('train:a'), { timeoutMs: 15_000 });

      const messages = fake.messages(OPS);
      expect(messages).toHaveLength(1);
      expect(await outbox.ref('train:a')).toEqual({ channel: OPS, ts: messages[0]?.ts });
      expect(fake.callsOf('chat.postMessage')).toHaveLength(1);
      expect(fake.callsOf('conversations.history').length).toBeGreaterThanOrEqual(1);
    });

    it('still brings the message up to date when it changed meanwhile', async () => {
      fake.faults.dropResponse({ method: 'chat.postMessage', times: 1 });
      await outbox.put('train:a', { channel: OPS, text: 'Starting' });
      await waitFor(() => fake.callsOf('chat.postMessage').length === 1);
      await outbox.put('train:a', { channel: OPS, text: 'Training' });
      await waitFor(async () => (await delivered('train:a')()) && fake.messages(OPS)[0]?.text === 'Training', { timeoutMs: 15_000 });
      expect(fake.messages(OPS)).toHaveLength(1);
    });
  });

  describe('when many messages go to one channel', () => {
    it('posts about one a second per channel, and two channels proceed side by side', async () => {
      const channels = ['C0PACEA', 'C0PACEB'];
      for (let i = 0; i < 5; i += 1) {
        for (const channel of channels) await outbox.put(`alert:${channel}:${i}`, { channel, text: `alert ${i}` });
      }
      await waitFor(() => channels.every((channel) => fake.messages(channel).length === 5), { timeoutMs: 20_000 });

      const [a, b] = channels.map((channel) => succeeded('chat.postMessage', channel).map((call) => call.at)) as [number[], number[]];
      for (const times of [a, b]) {
        const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
        // Slots are one second apart in Redis time; arrival at Slack jitters by the request's
        // own latency on a loaded machine, so allow a little either way.
        expect(Math.min(...gaps)).toBeGreaterThanOrEqual(800);
        expect((times.at(-1) as number) - (times[0] as number)).toBeGreaterThanOrEqual(3_700);
      }
      // Paced by the outbox itself: Slack never had to say 429.
      expect(fake.calls.filter((call) => call.status === 429)).toEqual([]);
      // Neither channel waited for the other to finish.
      expect(b[0]).toBeLessThan(a.at(-1) as number);
      expect(a[0]).toBeLessThan(b.at(-1) as number);
    });
  });

  describe('when a thread reply is put before its parent', () => {
    it('waits for the parent and then posts in its thread', async () => {
      await outbox.put('train:a:state:0:Training', { channel: OPS, thread: 'train:a', text: 'Training' });
      // The reply's job has run and re-delayed itself: its parent is not posted.
      await waitFor(async () => (await queue.getDelayedCount()) > 0);
      expect(fake.calls).toEqual([]);

      await outbox.put('train:a', { channel: OPS, text: 'Job a' });
      const parent = await waitFor(() => fake.messages(OPS)[0]);
      const [reply] = await waitFor(() => (fake.thread(OPS, parent.ts).length === 1 ? fake.thread(OPS, parent.ts) : undefined), { timeoutMs: 15_000 });
      expect(reply).toMatchObject({ text: 'Training', thread_ts: parent.ts });
      expect(fake.messages(OPS)).toHaveLength(1);
    });
  });

  describe('when Slack refuses the content for good', () => {
    it('fails the delivery without retrying', async () => {
      const blocks = Array.from({ length: 51 }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `line ${i}` } }));
      await outbox.put('train:a', { channel: OPS, text: 'too big', blocks });
      const [failed] = await waitFor(async () => {
        const jobs = await queue.getFailed();
        return jobs.length > 0 ? jobs : undefined;
      });
      expect(failed?.failedReason).toContain('invalid_blocks');
      expect(failed?.attemptsMade).toBe(1);
      expect(fake.callsOf('chat.postMessage')).toHaveLength(1);
      expect(await outbox.ref('train:a')).toBeUndefined();
    });
  });
});

describe('the outbox under a stream of updates', () => {
  it('does not let one message that keeps changing hold back the others in its channel', async () => {
    await outbox.put('busy', { channel: OPS, text: 'v0' });
    await waitFor(delivered('busy'));
    // The busy message changes every 100 ms (a progress ticker) while three others queue up.
    let version = 0;
    const ticker = setInterval(() => void outbox.put('busy', { channel: OPS, text: `v${(version += 1)}` }), 100);
    try {
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      for (const key of ['a', 'b', 'c']) await outbox.put(key, { channel: OPS, text: key });
      await waitFor(async () => (await Promise.all(['a', 'b', 'c'].map((key) => delivered(key)()))).every(Boolean), { timeoutMs: 8_000, message: 'the other three posted' });
    } finally {
      clearInterval(ticker);
    }
    // Each of them took one slot: about one write a second, the busy message interleaved.
    const writes = fake.calls.filter((call) => call.ok && (call.method === 'chat.postMessage' || call.method === 'chat.update'));
    expect(writes.length).toBeLessThanOrEqual(9);
  });
});
