import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { JsonObject } from './types.ts';

/** Slack's ack deadline: an envelope not acked within 3 s counts as failed. */
export const SOCKET_MODE_ACK_TIMEOUT_MS = 3_000;

/** The envelope types the fake delivers (the ones this bot listens to). */
export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/** One envelope as Slack writes it on the socket. */
export interface SocketEnvelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: JsonObject;
  accepts_response_payload: boolean;
  retry_attempt: number;
  retry_reason: string;
}

/** What the client answers: the envelope id, and the response body when the type accepts one. */
export interface SocketAck {
  envelope_id: string;
  payload?: JsonObject;
}

/** One delivered envelope and its ack, for assertions. */
export interface RecordedEnvelope {
  envelope: SocketEnvelope;
  /** Wall-clock ms at which it was written to the socket. */
  sentAt: number;
  ack?: SocketAck;
  ackedAt?: number;
  /** Set when the ack came after the deadline (Slack would have shown the user an error). */
  late?: boolean;
}

export interface EnvelopeInput {
  type: EnvelopeType;
  payload: JsonObject;
  /** @defaultValue true for slash_commands and interactive, false for events_api (as Slack sets it) */
  accepts_response_payload?: boolean;
  /** 0 on the first delivery, 1, 2… on Slack's retries. @defaultValue 0 */
  retry_attempt?: number;
  /** @defaultValue '' ('timeout' is what Slack sends on a retry) */
  retry_reason?: string;
  /** @defaultValue a fresh UUID, as Slack mints one per delivery */
  envelope_id?: string;
  /** How long to wait for the ack. @defaultValue {@link SOCKET_MODE_ACK_TIMEOUT_MS} */
  timeoutMs?: number;
}

interface Pending {
  record: RecordedEnvelope;
  resolve: (payload: JsonObject | undefined) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const LINK_PATH = '/link/';

/**
 * Slack's Socket Mode on the fake's own port: `apps.connections.open` mints a single-use
 * ticket URL, the client upgrades `/link/?ticket=…` to a WebSocket, gets `hello`, and then
 * receives envelopes that tests push with {@link FakeSocketMode.send} and acks them.
 */
export class FakeSocketMode {
  readonly envelopes: RecordedEnvelope[] = [];
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private readonly tickets = new Set<string>();
  private readonly sockets: WebSocket[] = [];
  private readonly pending = new Map<string, Pending>();
  private next = 0;

  constructor(
    server: Server,
    private readonly appId: string,
    private readonly now: () => number,
  ) {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head));
  }

  /** WebSocket connections now open. */
  get connections(): number {
    return this.sockets.filter((s) => s.readyState === s.OPEN).length;
  }

  /** The answer of `apps.connections.open`: a URL with a fresh single-use ticket. */
  open(baseUrl: string): { ok: true; url: string } {
    const ticket = randomBytes(16).toString('hex');
    this.tickets.add(ticket);
    return { ok: true, url: `${baseUrl.replace(/^http/, 'ws')}${LINK_PATH}?ticket=${ticket}&app_id=${this.appId}` };
  }

  /**
   * Delivers one envelope on an open connection (round robin, as Slack spreads them) and
   * resolves with the ack's payload; rejects when no connection is open or no ack comes
   * within the deadline.
   */
  send(input: EnvelopeInput): Promise<JsonObject | undefined> {
    const socket = this.pick();
    if (!socket) return Promise.reject(new Error(`fake Slack: no Socket Mode connection is open to deliver a ${input.type} envelope`));
    const envelopeId = input.envelope_id ?? randomUUID();
    if (this.pending.has(envelopeId)) return Promise.reject(new Error(`fake Slack: envelope ${envelopeId} is still waiting for its ack`));
    const envelope: SocketEnvelope = {
      envelope_id: envelopeId,
      type: input.type,
      payload: input.payload,
      accepts_response_payload: input.accepts_response_payload ?? input.type !== 'events_api',
      retry_attempt: input.retry_attempt ?? 0,
      retry_reason: input.retry_reason ?? '',
    };
    const record: RecordedEnvelope = { envelope, sentAt: this.now() };
    this.envelopes.push(record);
    const timeoutMs = input.timeoutMs ?? SOCKET_MODE_ACK_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        reject(new Error(`fake Slack: no ack for ${input.type} envelope ${envelopeId} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(envelopeId, { record, resolve, reject, timer });
      socket.send(JSON.stringify(envelope), (error) => {
        if (!error) return;
        clearTimeout(timer);
        this.pending.delete(envelopeId);
        reject(new Error(`fake Slack: could not write envelope ${envelopeId}: ${error.message}`, { cause: error }));
      });
    });
  }

  /**
   * Drops every open connection the way a recycled Slack pod does: with `reason`, first the
   * `{"type":"disconnect","reason":…}` message Slack sends before it goes, then a close frame
   * (1001, going away) either way. Resolves with how many connections were dropped, once
   * they are closed.
   */
  async dropAll(options: { reason?: 'refresh_requested' | 'warning' | 'link_disabled' } = {}): Promise<number> {
    const open = this.sockets.filter((s) => s.readyState === s.OPEN);
    await Promise.all(
      open.map(
        (ws) =>
          new Promise<void>((resolve) => {
            ws.once('close', () => resolve());
            if (options.reason) ws.send(JSON.stringify({ type: 'disconnect', reason: options.reason, debug_info: { host: 'applink-fake' } }));
            ws.close(1001, 'going away');
          }),
      ),
    );
    return open.length;
  }

  /** Forgets recorded envelopes (open connections stay). */
  reset(): void {
    this.envelopes.length = 0;
  }

  /** Drops every connection and fails the envelopes still waiting for an ack. */
  async close(): Promise<void> {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(new Error(`fake Slack closed before envelope ${id} was acked`));
    }
    this.pending.clear();
    for (const socket of this.sockets) socket.terminate();
    this.sockets.length = 0;
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const ticket = url.searchParams.get('ticket');
    // A ticket is good for one connection, as Slack's are.
    if (url.pathname !== LINK_PATH || !ticket || !this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  private accept(ws: WebSocket): void {
    this.sockets.push(ws);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (!isBinary) this.onAck(rawText(data));
    });
    ws.on('close', () => {
      const index = this.sockets.indexOf(ws);
      if (index >= 0) this.sockets.splice(index, 1);
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.connections,
        debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18_060 },
        connection_info: { app_id: this.appId },
      }),
    );
  }

  private onAck(text: string): void {
    let ack: unknown;
    try {
      ack = JSON.parse(text);
    } catch {
      return;
    }
    if (typeof ack !== 'object' || ack === null || typeof (ack as SocketAck).envelope_id !== 'string') return;
    const { envelope_id: id, payload } = ack as SocketAck;
    const pending = this.pending.get(id);
    const record = pending?.record ?? this.envelopes.findLast((r) => r.envelope.envelope_id === id);
    if (!record || record.ack) return;
    record.ack = ack as SocketAck;
    record.ackedAt = this.now();
    if (!pending) {
      record.late = true;
      return;
    }
    clearTimeout(pending.timer);
    this.pending.delete(id);
    pending.resolve(payload);
  }

  private pick(): WebSocket | undefined {
    const open = this.sockets.filter((s) => s.readyState === s.OPEN);
    if (open.length === 0) return undefined;
    this.next = (this.next + 1) % open.length;
    return open[this.next];
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
