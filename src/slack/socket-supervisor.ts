import type { Logger } from '../logger.ts';

/**
 * The part of @slack/socket-mode's SocketModeClient the supervisor drives. Its lifecycle
 * events are the client's `State` values: 'connecting', 'connected', 'disconnecting',
 * 'disconnected' (and 'reconnecting', 'authenticated', which the supervisor does not need).
 */
export interface SocketClient {
  start(): Promise<unknown>;
  disconnect(): Promise<void>;
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off(event: string, listener: (...args: unknown[]) => void): unknown;
}

export interface SocketSupervisorOptions {
  logger: Logger;
  /** How long the socket may be down before the bot reports itself not ready. @defaultValue 30000 */
  readyGraceMs?: number;
  /** Wait after the first failed reconnect; it doubles with each further failure. @defaultValue 1000 */
  backoffInitialMs?: number;
  /** Cap on the wait between reconnect attempts. @defaultValue 60000 */
  backoffMaxMs?: number;
  /**
   * A connection that drops sooner than this after Slack's hello counts as a failed attempt,
   * so a socket that keeps flapping backs off instead of reconnecting at once each time.
   * @defaultValue 30000
   */
  stableAfterMs?: number;
  now?: () => number;
  /** The jitter's source (see reconnectDelay). @defaultValue Math.random */
  random?: () => number;
}

/**
 * Wait before the next reconnect attempt after `failures` consecutive failures: none after a
 * routine drop, then `initialMs` doubling up to `maxMs`, of which a random half is taken
 * off ("equal jitter") so that replicas cut off by the same Slack outage do not all come
 * back in the same second. `random` is in [0, 1); 1 gives the full wait.
 */
export function reconnectDelay(failures: number, initialMs: number, maxMs: number, random: () => number = Math.random): number {
  if (failures <= 0) return 0;
  const full = Math.min(initialMs * 2 ** Math.min(failures - 1, 30), maxMs);
  return Math.round(full * (0.5 + 0.5 * random()));
}

/** Bound on how long stop() waits for a reconnect attempt already under way. */
const STOP_WAIT_MS = 2_000;

/**
 * Keeps a Socket Mode client connected. The client is built with auto-reconnect off, so the
 * supervisor is the one owner of reconnecting: the client's own loop (5 s × n delays) gives
 * up for good, through an unhandled rejection, when `apps.connections.open` fails with an
 * HTTP or network error, and its start() never settles while it loops. Here every drop is
 * followed by start() at once, and every failed start() by another after a capped
 * exponential backoff, until stop(). Create it after the client's first start() resolved.
 */
export class SocketSupervisor {
  private readonly logger: Logger;
  private readonly readyGraceMs: number;
  private readonly backoffInitialMs: number;
  private readonly backoffMaxMs: number;
  private readonly stableAfterMs: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private connectedAt: number | undefined;
  private downSince: number | undefined;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;
  private attempt: Promise<void> | undefined;
  /** Someone called disconnect() (Bolt's app.stop()): a deliberate close is not a drop. */
  private shuttingDown = false;
  private stopped = false;
  private readonly listeners: Record<string, () => void>;

  constructor(
    private readonly client: SocketClient,
    options: SocketSupervisorOptions,
  ) {
    this.logger = options.logger.child({ component: 'socket-mode' });
    this.readyGraceMs = options.readyGraceMs ?? 30_000;
    this.backoffInitialMs = options.backoffInitialMs ?? 1_000;
    this.backoffMaxMs = options.backoffMaxMs ?? 60_000;
    this.stableAfterMs = options.stableAfterMs ?? 30_000;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.connectedAt = this.now();
    this.listeners = {
      connected: () => this.onConnected(),
      disconnecting: () => {
        this.shuttingDown = true;
      },
      disconnected: () => this.onDisconnected(),
    };
    for (const [event, listener] of Object.entries(this.listeners)) client.on(event, listener);
  }

  /** Whether Slack has said hello on the current socket. */
  get connected(): boolean {
    return this.connectedAt !== undefined;
  }

  /** Not ready once the socket has been down longer than the grace period. */
  readiness(): { ok: boolean; reason?: string } {
    if (this.downSince === undefined || this.stopped) return { ok: true };
    const downMs = this.now() - this.downSince;
    if (downMs <= this.readyGraceMs) return { ok: true };
    return { ok: false, reason: `Slack Socket Mode disconnected for ${Math.round(downMs / 1_000)} s` };
  }

  /** Stops reconnecting (before the client is disconnected on purpose). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const [event, listener] of Object.entries(this.listeners)) this.client.off(event, listener);
    const attempt = this.attempt;
    if (!attempt) return;
    let bound: NodeJS.Timeout | undefined;
    await Promise.race([attempt, new Promise<void>((resolve) => (bound = setTimeout(resolve, STOP_WAIT_MS)))]);
    clearTimeout(bound);
  }

  private onConnected(): void {
    this.connectedAt = this.now();
    this.downSince = undefined;
    this.shuttingDown = false;
  }

  private onDisconnected(): void {
    if (this.stopped || this.shuttingDown) {
      this.connectedAt = undefined;
      return;
    }
    // An attempt under way sees its own failure; a retry already waiting stays as it is.
    if (this.attempt || this.timer) return;
    if (this.connectedAt === undefined) return;
    const lastedMs = this.now() - this.connectedAt;
    this.connectedAt = undefined;
    this.downSince = this.now();
    this.failures = lastedMs < this.stableAfterMs ? this.failures + 1 : 0;
    const delayMs = reconnectDelay(this.failures, this.backoffInitialMs, this.backoffMaxMs, this.random);
    this.logger.info({ lastedMs, retryInMs: delayMs }, 'Slack Socket Mode connection closed; reconnecting');
    this.schedule(delayMs);
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.reconnect();
    }, delayMs);
  }

  private reconnect(): void {
    if (this.stopped || this.shuttingDown) return;
    this.attempt = this.client.start().then(
      () => {
        this.attempt = undefined;
        // stop() came while this attempt was under way: the new socket must not outlive it.
        if (this.stopped) return this.client.disconnect();
        this.logger.info({ downMs: this.downSince === undefined ? 0 : this.now() - this.downSince }, 'Slack Socket Mode reconnected');
      },
      (error: unknown) => {
        this.attempt = undefined;
        if (this.stopped || this.shuttingDown) return;
        this.connectedAt = undefined;
        this.downSince ??= this.now();
        this.failures += 1;
        const retryInMs = reconnectDelay(this.failures, this.backoffInitialMs, this.backoffMaxMs, this.random);
        this.logger.warn({ err: describe(error), failures: this.failures, retryInMs }, 'Slack Socket Mode reconnect failed');
        this.schedule(retryInMs);
      },
    );
  }
}

/**
 * What to log of a failed start(): never the error object itself, whose `original` (a
 * request error's) carries the request headers, the app-level token among them.
 */
function describe(error: unknown): Record<string, unknown> {
  // start() rejects with nothing when the socket closes before Slack's hello.
  if (error === undefined) return { message: 'the WebSocket closed before Slack said hello' };
  if (!(error instanceof Error)) return { message: String(error) };
  const fields = error as Error & { code?: unknown; statusCode?: unknown; data?: { error?: unknown } };
  return {
    type: error.name,
    message: error.message,
    ...(typeof fields.code === 'string' ? { code: fields.code } : {}),
    ...(typeof fields.statusCode === 'number' ? { statusCode: fields.statusCode } : {}),
    ...(typeof fields.data?.error === 'string' ? { error: fields.data.error } : {}),
  };
}
