import { ErrorCode, type WebAPIPlatformError, type WebAPIRateLimitedError, type WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SlackError } from '../../src/errors.ts';
import { createLogger } from '../../src/logger.ts';
import { startFakeSlack, type FakeSlack } from '../../src/sandbox/fake-slack/index.ts';
import { respond } from '../../src/slack/respond.ts';
import { createSlackClient } from '../../src/slack/slack-api.ts';

const TOKEN = 'xoxb-test-token';
const logger = createLogger({ level: 'silent' });

let fake: FakeSlack;
let slack: WebClient;

beforeEach(async () => {
  fake = await startFakeSlack({
    botToken: TOKEN,
    users: [
      { id: 'U0ALICE', name: 'alice', realName: 'Alice Liddell' },
      { id: 'U0BOB', name: 'bob' },
    ],
    usergroups: { S0MLLEADS: ['U0ALICE'] },
    // One token a second per channel, with a burst of three: room for a thread in one test.
    postRateLimit: { intervalMs: 1000, burst: 3 },
  });
  slack = createSlackClient({ token: TOKEN, apiUrl: fake.apiUrl, logger });
});

afterEach(async () => {
  await fake.close();
});

async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected the call to fail');
}

const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

describe('the fake Slack Web API', () => {
  describe('auth', () => {
    it('answers auth.test for the bot token', async () => {
      const result = await slack.auth.test();
      expect(result).toMatchObject({ ok: true, user_id: 'U0FAKEBOT', bot_id: 'B0FAKEBOT', team_id: 'T0FAKE' });
    });

    it('refuses a wrong token with invalid_auth and a missing one with not_authed', async () => {
      const wrong = createSlackClient({ token: 'xoxb-wrong', apiUrl: fake.apiUrl, logger });
      expect(((await rejection(wrong.auth.test())) as WebAPIPlatformError).data.error).toBe('invalid_auth');
      const response = await fetch(`${fake.apiUrl}auth.test`, { method: 'POST' });
      expect(await response.json()).toEqual({ ok: false, error: 'not_authed' });
    });
  });

  describe('messages', () => {
    it('posts a message with Slack-style, strictly increasing timestamps', async () => {
      const first = await slack.chat.postMessage({ channel: 'C0OPS', text: 'one' });
      const second = await slack.chat.postMessage({ channel: 'C0OPS', text: 'two' });
      expect(first.ts).toMatch(/^\d{10}\.\d{6}$/);
      expect(Number(second.ts)).toBeGreaterThan(Number(first.ts));
      expect(fake.messages('C0OPS').map((m) => m.text)).toEqual(['one', 'two']);
    });

    it('updates a message in place and keeps its edit history', async () => {
      const posted = await slack.chat.postMessage({ channel: 'C0OPS', text: 'Training', blocks: [section('*Training*')] });
      await slack.chat.update({ channel: 'C0OPS', ts: posted.ts as string, text: 'Completed', blocks: [section('*Completed*')] });
      const [message] = fake.messages('C0OPS');
      expect(message).toMatchObject({ text: 'Completed', blocks: [section('*Completed*')], edited: { user: 'U0FAKEBOT' } });
      expect(message?.history.map((h) => h.text)).toEqual(['Training']);
    });

    it('keeps blocks an update leaves out and removes them for an empty list, as chat.update documents', async () => {
      const posted = await slack.chat.postMessage({ channel: 'C0OPS', text: 'a', blocks: [section('a')] });
      await slack.chat.update({ channel: 'C0OPS', ts: posted.ts as string, text: 'b' });
      expect(fake.messages('C0OPS')[0]?.blocks).toEqual([section('a')]);
      await slack.chat.update({ channel: 'C0OPS', ts: posted.ts as string, text: 'c', blocks: [] });
      expect(fake.messages('C0OPS')[0]?.blocks).toBeUndefined();
    });

    it('answers message_not_found when updating a message that does not exist', async () => {
      const error = await rejection(slack.chat.update({ channel: 'C0OPS', ts: '1700000000.000100', text: 'x' }));
      expect((error as WebAPIPlatformError).data.error).toBe('message_not_found');
    });

    it('keeps thread replies under their parent, not in the channel', async () => {
      const parent = await slack.chat.postMessage({ channel: 'C0OPS', text: 'job' });
      await slack.chat.postMessage({ channel: 'C0OPS', text: 'Downloading', thread_ts: parent.ts as string });
      await slack.chat.postMessage({ channel: 'C0OPS', text: 'Training', thread_ts: parent.ts as string });
      expect(fake.messages('C0OPS').map((m) => m.text)).toEqual(['job']);
      expect(fake.thread('C0OPS', parent.ts as string).map((m) => m.text)).toEqual(['Downloading', 'Training']);
      const replies = await slack.conversations.replies({ channel: 'C0OPS', ts: parent.ts as string });
      expect(replies.messages?.map((m) => m.text)).toEqual(['job', 'Downloading', 'Training']);
    });

    it('returns message metadata from conversations.history only when asked, newest first, after oldest', async () => {
      const first = await slack.chat.postMessage({ channel: 'C0OPS', text: 'a', metadata: { event_type: 'sm_chatops', event_payload: { key: 'a' } } });
      await slack.chat.postMessage({ channel: 'C0OPS', text: 'b', metadata: { event_type: 'sm_chatops', event_payload: { key: 'b' } } });
      const plain = await slack.conversations.history({ channel: 'C0OPS' });
      expect(plain.messages?.map((m) => [m.text, m.metadata])).toEqual([
        ['b', undefined],
        ['a', undefined],
      ]);
      const withMetadata = await slack.conversations.history({ channel: 'C0OPS', include_all_metadata: true, oldest: first.ts as string });
      expect(withMetadata.messages?.map((m) => m.metadata?.event_payload)).toEqual([{ key: 'b' }]);
    });

    it('shows an ephemeral message to one user only', async () => {
      const result = await slack.chat.postEphemeral({ channel: 'C0OPS', user: 'U0ALICE', text: 'only you' });
      expect(result.message_ts).toBeTruthy();
      expect(fake.ephemerals({ user: 'U0ALICE' }).map((e) => e.text)).toEqual(['only you']);
      expect(fake.ephemerals({ user: 'U0BOB' })).toEqual([]);
      expect(fake.messages('C0OPS')).toEqual([]);
    });
  });

  describe("Slack's limits", () => {
    it('answers 429 with Retry-After once a channel posts faster than about once a second', async () => {
      for (let i = 1; i <= 3; i += 1) await slack.chat.postMessage({ channel: 'C0BUSY', text: String(i) });
      const error = await rejection(slack.chat.postMessage({ channel: 'C0BUSY', text: '4' }));
      expect(error.code).toBe(ErrorCode.RateLimitedError);
      expect((error as WebAPIRateLimitedError).retryAfter).toBeGreaterThanOrEqual(1);
      expect(fake.messages('C0BUSY')).toHaveLength(3);
      // Another channel is not affected.
      await slack.chat.postMessage({ channel: 'C0OTHER', text: 'fine' });
    });

    it('sends the Retry-After header in seconds with the 429', async () => {
      fake.faults.rateLimit({ method: 'chat.postMessage', retryAfterSec: 7 });
      const response = await fetch(`${fake.apiUrl}chat.postMessage`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ channel: 'C0OPS', text: 'x' }),
      });
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(await response.json()).toEqual({ ok: false, error: 'ratelimited' });
    });

    it('refuses more than 50 blocks with invalid_blocks', async () => {
      const blocks = Array.from({ length: 51 }, (_, i) => section(`line ${i}`));
      const error = await rejection(slack.chat.postMessage({ channel: 'C0OPS', text: 'long', blocks }));
      expect((error as WebAPIPlatformError).data.error).toBe('invalid_blocks');
      expect(fake.messages('C0OPS')).toEqual([]);
    });

    it('refuses a section text over 3,000 characters with invalid_blocks', async () => {
      const error = await rejection(slack.chat.postMessage({ channel: 'C0OPS', text: 'x', blocks: [section('x'.repeat(3001))] }));
      expect((error as WebAPIPlatformError).data.error).toBe('invalid_blocks');
      await slack.chat.postMessage({ channel: 'C0OPS', text: 'x', blocks: [section('x'.repeat(3000))] });
    });

    it('refuses a text over 40,000 characters with msg_too_long', async () => {
      const error = await rejection(slack.chat.postMessage({ channel: 'C0OPS', text: 'x'.repeat(40_001) }));
      expect((error as WebAPIPlatformError).data.error).toBe('msg_too_long');
    });

    it('maps these failures to SlackErrors that say whether to retry', async () => {
      const { toSlackError } = await import('../../src/slack/slack-api.ts');
      const tooLong = toSlackError('chat.postMessage', await rejection(slack.chat.postMessage({ channel: 'C0OPS', text: 'x'.repeat(40_001) })));
      expect(tooLong).toBeInstanceOf(SlackError);
      expect(tooLong).toMatchObject({ slackCode: 'msg_too_long', retryable: false });
      fake.faults.rateLimit({ method: 'chat.update', retryAfterSec: 2 });
      const limited = toSlackError('chat.update', await rejection(slack.chat.update({ channel: 'C0OPS', ts: '1.0', text: 'x' })));
      expect(limited).toMatchObject({ slackCode: 'ratelimited', retryable: true, retryAfterMs: 2000 });
    });
  });

  describe('faults', () => {
    it('can apply a post and drop the answer, so the caller sees a network error', async () => {
      fake.faults.dropResponse({ method: 'chat.postMessage' });
      const error = await rejection(slack.chat.postMessage({ channel: 'C0OPS', text: 'did it arrive?' }));
      expect(error.code).toBe(ErrorCode.RequestError);
      expect(fake.messages('C0OPS').map((m) => m.text)).toEqual(['did it arrive?']);
      expect(fake.callsOf('chat.postMessage')[0]).toMatchObject({ fault: 'dropResponse' });
      // The fault is used up: the next call is answered.
      await slack.chat.postMessage({ channel: 'C0OPS', text: 'and this one' });
    });

    it('can answer a chosen error a chosen number of times', async () => {
      fake.faults.error({ method: 'chat.postMessage', error: 'not_in_channel', times: 2 });
      for (let i = 0; i < 2; i += 1) {
        expect(((await rejection(slack.chat.postMessage({ channel: 'C0OPS', text: 'x' }))) as WebAPIPlatformError).data.error).toBe('not_in_channel');
      }
      await slack.chat.postMessage({ channel: 'C0OPS', text: 'x' });
      expect(fake.messages('C0OPS')).toHaveLength(1);
    });
  });

  describe('response_url', () => {
    it('records what is posted to it, ephemeral by default', async () => {
      const url = fake.responseUrl({ channel: 'C0OPS', user: 'U0ALICE' });
      await respond(url, { text: 'Queued training of churn-xgb.' });
      expect(fake.responses(url)).toMatchObject([{ text: 'Queued training of churn-xgb.', response_type: 'ephemeral', replace_original: false, status: 200 }]);
      expect(fake.ephemerals({ user: 'U0ALICE' }).map((e) => e.text)).toEqual(['Queued training of churn-xgb.']);
    });

    it('replaces the original message when asked', async () => {
      const posted = await slack.chat.postMessage({ channel: 'C0APPROVALS', text: 'Approve?' });
      const url = fake.responseUrl({ channel: 'C0APPROVALS', user: 'U0ALICE', messageTs: posted.ts as string });
      await respond(url, { text: 'Approved by Alice', replace_original: true });
      expect(fake.messages('C0APPROVALS').map((m) => m.text)).toEqual(['Approved by Alice']);
    });

    it('posts in the channel for in_channel responses', async () => {
      const url = fake.responseUrl({ channel: 'C0OPS', user: 'U0ALICE' });
      await respond(url, { text: 'for everyone', response_type: 'in_channel' });
      expect(fake.messages('C0OPS').map((m) => m.text)).toEqual(['for everyone']);
    });

    it('can be used five times and then answers used_url', async () => {
      const url = fake.responseUrl({ channel: 'C0OPS', user: 'U0ALICE' });
      for (let i = 0; i < 5; i += 1) await respond(url, { text: `reply ${i}` });
      const error = await rejection(respond(url, { text: 'one too many' }));
      expect(error).toBeInstanceOf(SlackError);
      expect(error).toMatchObject({ slackCode: 'used_url', retryable: false });
      expect(fake.responses(url).map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 404]);
    });
  });

  describe('files, users, groups and views', () => {
    it('takes a file through the external upload flow into the channel', async () => {
      await slack.filesUploadV2({ channel_id: 'C0OPS', file: Buffer.from('epoch,loss\n1,0.5\n'), filename: 'metrics.csv', initial_comment: 'Metrics' });
      const [file] = fake.files();
      expect(file).toMatchObject({ name: 'metrics.csv', completed: true });
      expect(file?.content?.toString('utf8')).toBe('epoch,loss\n1,0.5\n');
      expect(fake.messages('C0OPS')).toMatchObject([{ text: 'Metrics', files: [{ name: 'metrics.csv', size: 17 }] }]);
    });

    it('lists the members of a user group and describes users', async () => {
      expect((await slack.usergroups.users.list({ usergroup: 'S0MLLEADS' })).users).toEqual(['U0ALICE']);
      expect(((await rejection(slack.usergroups.users.list({ usergroup: 'S0NOPE' }))) as WebAPIPlatformError).data.error).toBe('no_such_subteam');
      expect((await slack.users.info({ user: 'U0ALICE' })).user).toMatchObject({ id: 'U0ALICE', name: 'alice', real_name: 'Alice Liddell' });
    });

    it('opens modals and publishes App Home views', async () => {
      const modal = { type: 'modal' as const, title: { type: 'plain_text' as const, text: 'Train' }, blocks: [] };
      const opened = await slack.views.open({ trigger_id: '123.456.abc', view: modal });
      expect(opened.view?.id).toBeTruthy();
      await slack.views.publish({ user_id: 'U0ALICE', view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Home' } }] } });
      expect(fake.homeView('U0ALICE')).toMatchObject({ type: 'home' });
    });
  });

  describe('the record of calls', () => {
    it('records every call with its arguments, answer and time, and emits it', async () => {
      const seen: string[] = [];
      fake.events.on('call', (call: { method: string }) => seen.push(call.method));
      await slack.chat.postMessage({ channel: 'C0OPS', text: 'hello', blocks: [section('hello')] });
      const [call] = fake.callsOf('chat.postMessage');
      expect(call).toMatchObject({ method: 'chat.postMessage', ok: true, status: 200, token: TOKEN, args: { channel: 'C0OPS', text: 'hello', blocks: [section('hello')] } });
      expect(call?.at).toEqual(expect.any(Number));
      expect(seen).toEqual(['chat.postMessage']);
    });

    it('serves calls and channel messages over its control API', async () => {
      await slack.chat.postMessage({ channel: 'C0OPS', text: 'hello' });
      const calls = (await (await fetch(`${fake.url}/_fake/calls?method=chat.postMessage`)).json()) as { calls: unknown[] };
      expect(calls.calls).toHaveLength(1);
      const messages = (await (await fetch(`${fake.url}/_fake/channels/C0OPS/messages`)).json()) as { messages: Array<{ text: string }> };
      expect(messages.messages.map((m) => m.text)).toEqual(['hello']);
    });
  });
});
