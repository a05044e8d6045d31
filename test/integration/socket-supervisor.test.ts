import { setTimeout as sleep } from 'node:timers/promises';
import { SocketModeReceiver } from '@slack/bolt';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { boltLogger } from '../../handlers/bolt-logger.ts';
import { createLogger } from '../../src/logger.ts';
import { startFakeSlack, type FakeSlack } from '../../src/sandbox/fake-slack/index.ts';
import { SocketSupervisor, type SocketSupervisorOptions } from '../../src/slack/socket-supervisor.ts';
import { waitFor } from '../helpers/wait-for.ts';

const APP_TOKEN = 'xapp-1-A0TESTAPP-supervised-app-token';

type Client = SocketModeReceiver['client'];
type LogLine = { level: number; msg: string; component?: string; failures?: number; retryInMs?: number; err?: Record<string, unknown> };

let fake: FakeSlack;
let lines: string[];
let client: Client;
let supervisor: SocketSupervisor | undefined;

beforeEach(async () => {
  fake = await startFakeSlack({ appToken: APP_TOKEN, appId: 'A0TESTAPP' });
  lines = [];
  supervisor = undefined;
});

afterEach(async () => {
  await supervisor?.stop();
  await client.disconnect();
  await fake.close();
});

/** The real Socket Mode client as handlers/app.ts builds it (own loop off, no retries), connected, under a supervisor. */
async function supervised(options: Omit<SocketSupervisorOptions, 'logger'>): Promise<SocketSupervisor> {
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => void lines.push(line) } });
  const receiver = new SocketModeReceiver({
    appToken: APP_TOKEN,
    logger: boltLogger(logger),
    autoReconnectEnabled: false,
    installerOptions: { clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } } },
  });
  client = receiver.client;
  await client.start();
  supervisor = new SocketSupervisor(client, { logger, ...options });
  return supervisor;
}

const opens = () => fake.callsOf('apps.connections.open');
const warnings = () => lines.map((line) => JSON.parse(line) as LogLine).filter((line) => line.level === 40 && line.component === 'socket-mode');

describe('the Socket Mode supervisor', () => {
  describe('when Slack recycles the socket', () => {
    it('reconnects at once, without a warning', async () => {
      const watched = await supervised({ backoffInitialMs: 60_000, stableAfterMs: 0 });

      await fake.socketMode.dropAll({ reason: 'refresh_requested' });

      // A backoff of a minute would time this out: the first reconnect does not wait.
      await waitFor(() => fake.socketMode.connections === 1 && watched.connected, { timeoutMs: 5_000, message: 'reconnected' });
      expect(opens().map((c) => c.ok)).toEqual([true, true]);
      expect(warnings()).toEqual([]);
      expect(watched.readiness()).toEqual({ ok: true });
    });
  });

  describe('when apps.connections.open keeps failing', () => {
    it('retries with a doubling, capped backoff and logs each failure once at warn, without the token', async () => {
      const watched = await supervised({ backoffInitialMs: 50, backoffMaxMs: 100, stableAfterMs: 0, random: () => 1 });
      fake.faults.error({ method: 'apps.connections.open', error: 'service_unavailable', status: 503, times: 2 });
      // Then a network error: the request error's `original` carries the request headers.
      fake.faults.dropResponse({ method: 'apps.connections.open' });

      await fake.socketMode.dropAll();

      await waitFor(() => opens().length === 5 && watched.connected, { message: 'reconnected after three failures' });
      const at = opens().map((c) => c.at);
      const gaps = at.slice(2).map((t, i) => t - (at[i + 1] ?? 0));
      expect(gaps[0]).toBeGreaterThanOrEqual(50);
      expect(gaps[1]).toBeGreaterThanOrEqual(100);
      expect(gaps[2]).toBeGreaterThanOrEqual(100);
      expect(warnings().map((w) => [w.msg, w.failures, w.retryInMs])).toEqual([
        ['Slack Socket Mode reconnect failed', 1, 50],
        ['Slack Socket Mode reconnect failed', 2, 100],
        ['Slack Socket Mode reconnect failed', 3, 100],
      ]);
      expect(warnings().map((w) => w.err?.['statusCode'] ?? w.err?.['code'])).toEqual([503, 503, 'slack_webapi_request_error']);
      expect(lines.join('\n')).not.toContain(APP_TOKEN);
      expect(fake.socketMode.connections).toBe(1);
    });

    it('reports not ready only once the socket has been down longer than the grace period', async () => {
      let now = Date.parse('2026-01-01T00:00:00Z');
      const watched = await supervised({ readyGraceMs: 1_000, backoffInitialMs: 50, backoffMaxMs: 50, now: () => now });
      fake.faults.error({ method: 'apps.connections.open', error: 'service_unavailable', status: 503, times: Infinity });

      await fake.socketMode.dropAll();
      await waitFor(() => warnings().length > 0, { message: 'a failed reconnect' });

      expect(watched.connected).toBe(false);
      expect(watched.readiness()).toEqual({ ok: true });
      now += 1_000;
      expect(watched.readiness()).toEqual({ ok: true });
      now += 1;
      expect(watched.readiness()).toEqual({ ok: false, reason: 'Slack Socket Mode disconnected for 1 s' });
      now += 44_000;
      expect(watched.readiness()).toEqual({ ok: false, reason: 'Slack Socket Mode disconnected for 45 s' });
    });
  });

  describe('when the client is disconnected on purpose (Bolt’s app.stop())', () => {
    it('does not reconnect', async () => {
      const watched = await supervised({ backoffInitialMs: 50, stableAfterMs: 0 });

      await client.disconnect();
      // Proving that nothing happens takes waiting: a few backoff periods.
      await sleep(200);

      expect(opens()).toHaveLength(1);
      expect(fake.socketMode.connections).toBe(0);
      expect(watched.connected).toBe(false);
    });
  });

  describe('when it stops while a reconnect is under way', () => {
    it('waits for the attempt and closes the socket it opened', async () => {
      const watched = await supervised({ stableAfterMs: 0 });
      fake.faults.latency({ method: 'apps.connections.open', ms: 300 });

      await fake.socketMode.dropAll();
      // The reconnect starts at once; the fake records the call only when it answers, 300 ms on.
      await sleep(50);
      await watched.stop();

      await waitFor(() => fake.socketMode.connections === 0, { message: 'no socket left open' });
      expect(opens()).toHaveLength(2);
      await sleep(200);
      expect(opens()).toHaveLength(2);
      expect(fake.socketMode.connections).toBe(0);
    });
  });
});
