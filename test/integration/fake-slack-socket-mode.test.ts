import type { WebAPIPlatformError, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createLogger } from '../../src/logger.ts';
import { SOCKET_MODE_ACK_TIMEOUT_MS, startFakeSlack, type FakeSlack } from '../../src/sandbox/fake-slack/index.ts';
import { createSlackClient } from '../../src/slack/slack-api.ts';
import { waitFor } from '../helpers/wait-for.ts';

const BOT_TOKEN = 'xoxb-test-token';
const APP_TOKEN = 'xapp-1-A0TESTAPP-test-app-token';
const logger = createLogger({ level: 'silent' });

let fake: FakeSlack;
let app: WebClient;
const sockets: WebSocket[] = [];

beforeEach(async () => {
  fake = await startFakeSlack({ botToken: BOT_TOKEN, appToken: APP_TOKEN, appId: 'A0TESTAPP' });
  app = createSlackClient({ token: APP_TOKEN, apiUrl: fake.apiUrl, logger });
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await fake.close();
});

/** A raw WebSocket client that keeps every text message it receives, parsed. */
async function connect(url: string): Promise<{ ws: WebSocket; messages: Record<string, unknown>[] }> {
  const ws = new WebSocket(url);
  sockets.push(ws);
  const messages: Record<string, unknown>[] = [];
  ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, messages };
}

async function openUrl(): Promise<string> {
  const result = await app.apps.connections.open({});
  return result.url ?? '';
}

async function platformError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as WebAPIPlatformError).data.error;
  }
  throw new Error('expected the call to fail');
}

describe('the fake Slack Socket Mode', () => {
  describe('apps.connections.open', () => {
    it('answers the app-level token with a single-use WebSocket URL on the fake', async () => {
      const url = await openUrl();
      expect(url).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:${fake.port}/link/\\?ticket=[0-9a-f]{32}&app_id=A0TESTAPP$`));
      expect(await openUrl()).not.toBe(url);
      expect(fake.callsOf('apps.connections.open').map((c) => [c.token, c.ok])).toEqual([
        [APP_TOKEN, true],
        [APP_TOKEN, true],
      ]);
    });

    it('refuses the bot token as the wrong token type and any other token as invalid', async () => {
      const bot = createSlackClient({ token: BOT_TOKEN, apiUrl: fake.apiUrl, logger });
      expect(await platformError(bot.apps.connections.open({}))).toBe('not_allowed_token_type');
      const wrong = createSlackClient({ token: 'xapp-1-A0TESTAPP-wrong', apiUrl: fake.apiUrl, logger });
      expect(await platformError(wrong.apps.connections.open({}))).toBe('invalid_auth');
    });

    it('refuses the app-level token on a bot method', async () => {
      expect(await platformError(app.chat.postMessage({ channel: 'C0OPS', text: 'hi' }))).toBe('not_allowed_token_type');
      expect(fake.messages('C0OPS')).toEqual([]);
    });
  });

  describe('the WebSocket', () => {
    it('greets a client with Slack’s hello', async () => {
      const { messages } = await connect(await openUrl());
      const hello = await waitFor(() => messages[0], { message: 'hello' });
      expect(hello).toMatchObject({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0TESTAPP' } });
      expect(hello['debug_info']).toMatchObject({ host: expect.any(String) });
      expect(fake.socketMode.connections).toBe(1);
    });

    it('refuses a ticket used twice and one it never minted', async () => {
      const url = await openUrl();
      await connect(url);
      await expect(connect(url)).rejects.toThrow(/401/);
      await expect(connect(url.replace(/ticket=[0-9a-f]+/, 'ticket=forged'))).rejects.toThrow(/401/);
      expect(fake.socketMode.connections).toBe(1);
    });

    it('drops every client as a recycled Slack pod does: a disconnect message, then a close frame', async () => {
      const clients = [await connect(await openUrl()), await connect(await openUrl())];
      await waitFor(() => clients.every((c) => c.messages.length > 0), { message: 'hellos' });
      const codes = clients.map(({ ws }) => new Promise<number>((resolve) => ws.once('close', (code) => resolve(code))));

      expect(await fake.socketMode.dropAll({ reason: 'refresh_requested' })).toBe(2);

      expect(await Promise.all(codes)).toEqual([1001, 1001]);
      for (const { messages } of clients) expect(messages.at(-1)).toMatchObject({ type: 'disconnect', reason: 'refresh_requested' });
      expect(fake.socketMode.connections).toBe(0);
      // A new ticket still connects.
      await connect(await openUrl());
      expect(fake.socketMode.connections).toBe(1);
    });

    it('drops its clients when the fake closes', async () => {
      const { ws } = await connect(await openUrl());
      const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
      await fake.close();
      await closed;
      // afterEach closes again: closing twice must be harmless.
    });
  });

  describe('envelopes', () => {
    it('delivers an envelope as Slack does and resolves with the ack’s payload', async () => {
      const { ws, messages } = await connect(await openUrl());
      await waitFor(() => messages[0], { message: 'hello' });
      ws.on('message', (data) => {
        const envelope = JSON.parse(String(data)) as { envelope_id?: string; type: string };
        if (envelope.envelope_id) ws.send(JSON.stringify({ envelope_id: envelope.envelope_id, payload: { response_type: 'ephemeral', text: 'queued' } }));
      });

      const payload = { command: '/sm', text: 'help', user_id: 'U0BOB', channel_id: 'C0OPS', trigger_id: '1.2.abc' };
      const answer = await fake.socketMode.send({ type: 'slash_commands', payload });

      expect(answer).toEqual({ response_type: 'ephemeral', text: 'queued' });
      const sent = messages[1];
      expect(sent).toEqual({ envelope_id: expect.stringMatching(/^[0-9a-f-]{36}$/), type: 'slash_commands', payload, accepts_response_payload: true, retry_attempt: 0, retry_reason: '' });
      const [recorded] = fake.socketMode.envelopes;
      expect(recorded?.envelope).toEqual(sent);
      expect(recorded?.ack).toEqual({ envelope_id: sent?.['envelope_id'], payload: { response_type: 'ephemeral', text: 'queued' } });
      expect(recorded?.late).toBeUndefined();
    });

    it('carries interactive payloads and Slack’s retry fields', async () => {
      const { ws, messages } = await connect(await openUrl());
      ws.on('message', (data) => {
        const envelope = JSON.parse(String(data)) as { envelope_id?: string };
        if (envelope.envelope_id) ws.send(JSON.stringify({ envelope_id: envelope.envelope_id }));
      });
      const payload = { type: 'block_actions', user: { id: 'U0ALICE' }, actions: [{ action_id: 'sm_stop', value: 'job-1' }] };

      const answer = await fake.socketMode.send({ type: 'interactive', payload, retry_attempt: 1, retry_reason: 'timeout' });

      expect(answer).toBeUndefined();
      expect(messages.at(-1)).toMatchObject({ type: 'interactive', payload, accepts_response_payload: true, retry_attempt: 1, retry_reason: 'timeout' });
    });

    it('fails clearly when no ack comes within the deadline, and records a late one', async () => {
      expect(SOCKET_MODE_ACK_TIMEOUT_MS).toBe(3_000);
      const { ws, messages } = await connect(await openUrl());
      await waitFor(() => messages[0], { message: 'hello' });

      await expect(fake.socketMode.send({ type: 'slash_commands', payload: { text: 'help' }, timeoutMs: 100 })).rejects.toThrow(/no ack for slash_commands envelope .* within 100 ms/);

      const envelopeId = String(messages[1]?.['envelope_id']);
      ws.send(JSON.stringify({ envelope_id: envelopeId, payload: {} }));
      const recorded = await waitFor(() => fake.socketMode.envelopes.find((r) => r.ack), { message: 'late ack recorded' });
      expect(recorded).toMatchObject({ late: true, ack: { envelope_id: envelopeId } });
    });

    it('fails clearly when no connection is open', async () => {
      await expect(fake.socketMode.send({ type: 'slash_commands', payload: { text: 'help' } })).rejects.toThrow(/no Socket Mode connection is open/);
    });
  });
});
