import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { handleControl } from './control-api.ts';
import { Faults } from './faults.ts';
import { parseArgs, parseMultipart, readBody, sendJson } from './http-body.ts';
import { channelArg, handleMethod, type MethodContext } from './methods.ts';
import { ChannelRateLimiter } from './rate-limiter.ts';
import { ResponseUrls, type ResponseUrlOptions } from './response-urls.ts';
import { FakeSocketMode } from './socket-mode.ts';
import type { FakeEphemeral, FakeFile, FakeMessage, FakeSlackOptions, JsonObject, RecordedCall, RecordedResponse } from './types.ts';
import { Workspace, type OpenedView } from './workspace.ts';

export const DEFAULT_BOT_TOKEN = 'xoxb-fake-bot-token';
export const DEFAULT_APP_TOKEN = 'xapp-1-A0FAKEAPP-fake-app-token';

/**
 * A Slack Web API that the real `@slack/web-api` WebClient talks to (`slackApiUrl:
 * fake.apiUrl`). It keeps a model of the workspace, records every call, enforces Slack's
 * limits and lets tests inject faults. Start it with {@link startFakeSlack}.
 */
export class FakeSlack {
  readonly calls: RecordedCall[] = [];
  /** Emits 'call' (RecordedCall) after each Web API call and 'response' (RecordedResponse) after each response_url POST. */
  readonly events = new EventEmitter();
  readonly faults = new Faults();
  readonly botToken: string;
  /** The app-level token `apps.connections.open` takes. */
  readonly appToken: string;
  readonly workspace: Workspace;
  /** Socket Mode: the WebSocket endpoint `apps.connections.open` points at, and envelope delivery. */
  readonly socketMode: FakeSocketMode;
  private readonly responseUrls: ResponseUrls;
  private readonly postLimiter: ChannelRateLimiter | undefined;
  private readonly now: () => number;
  private seq = 0;
  url = '';

  constructor(
    private readonly server: Server,
    options: FakeSlackOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.botToken = options.botToken ?? DEFAULT_BOT_TOKEN;
    this.appToken = options.appToken ?? DEFAULT_APP_TOKEN;
    this.socketMode = new FakeSocketMode(server, options.appId ?? 'A0FAKEAPP', this.now);
    this.workspace = new Workspace(
      new Map((options.users ?? []).map((user) => [user.id, user])),
      new Map(Object.entries(options.usergroups ?? {})),
      options.channels ? new Set(options.channels) : undefined,
      { userId: options.botUserId ?? 'U0FAKEBOT', botId: options.botId ?? 'B0FAKEBOT', teamId: options.teamId ?? 'T0FAKE' },
      this.now,
    );
    this.responseUrls = new ResponseUrls(this.workspace, this.now);
    const limit = options.postRateLimit ?? { intervalMs: 1000, burst: 2 };
    this.postLimiter = limit ? new ChannelRateLimiter(limit.intervalMs, limit.burst, this.now) : undefined;
    this.events.setMaxListeners(100);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.route(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'fatal_error', detail: String(error) });
      });
    });
  }

  /** Base URL of the Web API, for `slackApiUrl` (ends with '/'). */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Top-level messages of a channel (thread parents included, replies not), oldest first. */
  messages(channel: string): FakeMessage[] {
    return this.workspace.topLevel(channel);
  }

  /** Replies in the thread under `ts`, oldest first. */
  thread(channel: string, ts: string): FakeMessage[] {
    return this.workspace.replies(channel, ts);
  }

  message(channel: string, ts: string): FakeMessage | undefined {
    return this.workspace.find(channel, ts);
  }

  ephemerals(filter: { channel?: string; user?: string } = {}): FakeEphemeral[] {
    return this.workspace.ephemerals.filter((e) => (!filter.channel || e.channel === filter.channel) && (!filter.user || e.user === filter.user));
  }

  views(): OpenedView[] {
    return this.workspace.views;
  }

  homeView(user: string): JsonObject | undefined {
    return this.workspace.homeViews.get(user);
  }

  files(): FakeFile[] {
    return [...this.workspace.files.values()];
  }

  /** Mints a response_url as Slack puts in a slash command or click. */
  responseUrl(options: ResponseUrlOptions = {}): string {
    return `${this.url}/response/${this.responseUrls.mint(options)}`;
  }

  /** What was POSTed to response_urls: all, or those of one (id or full URL). */
  responses(idOrUrl?: string): RecordedResponse[] {
    if (!idOrUrl) return [...this.responseUrls.recorded];
    const id = idOrUrl.split('/').at(-1);
    return this.responseUrls.recorded.filter((r) => r.id === id);
  }

  /** Forgets calls, messages, responses and faults (users and groups stay). */
  reset(): void {
    this.calls.length = 0;
    this.workspace.reset();
    this.responseUrls.reset();
    this.faults.clear();
    this.postLimiter?.reset();
    this.socketMode.reset();
  }

  async close(): Promise<void> {
    this.events.removeAllListeners();
    // Upgraded sockets are no longer the HTTP server's: closeAllConnections() does not reach them.
    await this.socketMode.close();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url || 'http://127.0.0.1');
    const body = await readBody(req);
    const path = url.pathname;
    if (path.startsWith('/api/')) return this.api(decodeURIComponent(path.slice('/api/'.length)), req, res, body, url.searchParams);
    if (path.startsWith('/response/') && req.method === 'POST') return this.response(path.slice('/response/'.length), req, res, body);
    if (path.startsWith('/upload/') && req.method === 'POST') return this.upload(path.slice('/upload/'.length), req, res, body);
    if (path.startsWith('/_fake/')) return handleControl(this, req.method ?? 'GET', url, body, res);
    sendJson(res, 404, { ok: false, error: 'not_found' });
  }

  private async api(method: string, req: IncomingMessage, res: ServerResponse, body: Buffer, query: URLSearchParams): Promise<void> {
    const at = this.now();
    let args: JsonObject;
    try {
      args = parseArgs(req.headers['content-type'], body, query);
    } catch {
      return this.finish(res, { method, at, args: {}, status: 200, response: { ok: false, error: 'invalid_json' } });
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? (typeof args['token'] === 'string' ? args['token'] : undefined);
    delete args['token'];
    const base = { method, at, args, ...(token ? { token } : {}) };
    if (!token) return this.finish(res, { ...base, status: 200, response: { ok: false, error: 'not_authed' } });
    const refused = this.authError(method, token);
    if (refused) return this.finish(res, { ...base, status: 200, response: { ok: false, error: refused } });

    const channel = channelArg(args);
    const latency = this.faults.take(['latency'], method, channel);
    if (latency) await sleep(latency.ms);
    const preset = this.faults.take(['rateLimit', 'error'], method, channel);
    if (preset?.kind === 'rateLimit') {
      return this.finish(res, { ...base, status: 429, fault: 'rateLimit', response: { ok: false, error: 'ratelimited' } }, { 'Retry-After': String(preset.retryAfterSec) });
    }
    if (preset?.kind === 'error') return this.finish(res, { ...base, status: preset.status ?? 200, fault: 'error', response: { ok: false, error: preset.error } });

    const ctx: MethodContext = { workspace: this.workspace, postLimiter: this.postLimiter, baseUrl: this.url, now: this.now };
    const result = method === 'apps.connections.open' ? this.socketMode.open(this.url) : handleMethod(method, args, ctx);
    if ('retryAfterSec' in result) {
      return this.finish(res, { ...base, status: 429, rateLimited: true, response: { ok: false, error: 'ratelimited' } }, { 'Retry-After': String(result.retryAfterSec) });
    }
    const response: JsonObject =
      'ok' in result ? result : { ok: false, error: result.error, ...(result.messages ? { response_metadata: { messages: result.messages } } : {}) };
    if (this.faults.take(['dropResponse'], method, channel)) {
      // The call was applied; the caller sees a reset connection and cannot know.
      this.record({ ...base, status: 0, fault: 'dropResponse', ok: response['ok'] === true, ...errorOf(response) });
      req.socket.destroy();
      return;
    }
    return this.finish(res, { ...base, status: 200, ...(latency ? { fault: 'latency' as const } : {}), response });
  }

  /** Slack's token types: `apps.connections.open` takes only the app-level token, every other method only the bot token. */
  private authError(method: string, token: string): string | undefined {
    const wanted = method === 'apps.connections.open' ? this.appToken : this.botToken;
    if (token === wanted) return undefined;
    return token === this.appToken || token === this.botToken ? 'not_allowed_token_type' : 'invalid_auth';
  }

  private finish(
    res: ServerResponse,
    call: Omit<RecordedCall, 'seq' | 'ok' | 'error'> & { response: JsonObject },
    headers: Record<string, string> = {},
  ): void {
    this.record({ ...call, ok: call.response['ok'] === true, ...errorOf(call.response) });
    sendJson(res, call.status, call.response, headers);
  }

  private record(call: Omit<RecordedCall, 'seq'>): void {
    this.seq += 1;
    const recorded: RecordedCall = { seq: this.seq, ...call };
    this.calls.push(recorded);
    this.events.emit('call', recorded);
  }

  private response(id: string, req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    let parsed: JsonObject;
    try {
      parsed = parseArgs(req.headers['content-type'] ?? 'application/json', body, new URLSearchParams());
    } catch {
      sendJson(res, 400, { ok: false, error: 'invalid_payload' });
      return;
    }
    // Some clients wrap the message in a `payload` form field.
    if (typeof parsed['payload'] === 'string') parsed = JSON.parse(parsed['payload']) as JsonObject;
    const answer = this.responseUrls.handle(id, parsed);
    const recorded = this.responseUrls.recorded.at(-1);
    if (recorded?.id === id) this.events.emit('response', recorded);
    sendJson(res, answer.status, answer.body);
  }

  private upload(id: string, req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const file = this.workspace.files.get(id);
    if (!file) {
      res.writeHead(404).end('file not found');
      return;
    }
    const contentType = req.headers['content-type'] ?? '';
    const content = contentType.startsWith('multipart/form-data') ? (parseMultipart(contentType, body)[0]?.data ?? Buffer.alloc(0)) : body;
    file.content = Buffer.from(content);
    res.writeHead(200, { 'Content-Type': 'text/plain' }).end(`OK - ${file.content.length}`);
  }
}

function errorOf(response: JsonObject): { error?: string } {
  return typeof response['error'] === 'string' ? { error: response['error'] } : {};
}

/** Starts the fake on 127.0.0.1 (port 0 = any free port by default). */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const server = createServer();
  const fake = new FakeSlack(server, options);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  fake.url = `http://${host}:${fake.port}`;
  return fake;
}
