import { App, HTTPReceiver, LogLevel, SocketModeReceiver } from '@slack/bolt';
import type { RequestListener } from 'node:http';
import type { AppContext } from '../src/context.ts';
import { boltLogger } from './bolt-logger.ts';
import { errorBoundary, register } from './index.ts';

export interface BoltAppOptions {
  /** Bot identity from one `auth.test` at start-up; spares Bolt an `auth.test` per request. */
  botId: string;
  botUserId: string;
  /** Socket Mode (SLACK_APP_TOKEN) instead of the HTTP receiver. */
  appToken?: string;
}

/** @slack/socket-mode's client, as Bolt's receiver holds it. */
export type SocketModeClient = SocketModeReceiver['client'];

export interface BoltApp {
  app: App;
  /** The listener for `POST /slack/events` (HTTP mode only): give it verified requests only. */
  requestListener?: RequestListener;
  /**
   * The Socket Mode client (Socket Mode only). Its own reconnect loop is off: the caller
   * keeps it connected (src/slack/socket-supervisor.ts).
   */
  socket?: SocketModeClient;
}

/** Builds the Bolt app with every listener registered. Token verification is done once, by the caller. */
export function createBoltApp(ctx: AppContext, options: BoltAppOptions): BoltApp {
  const { env } = ctx.config;
  const common = {
    token: env.SLACK_BOT_TOKEN ?? '',
    botId: options.botId,
    botUserId: options.botUserId,
    tokenVerificationEnabled: false,
    logger: boltLogger(ctx.logger),
    logLevel: LogLevel.INFO,
    extendedErrorHandler: true,
    // Nothing reads context.conversation; the default store costs a promise and an Error per request.
    convoStore: false as const,
    // Replies go through the outbox, which owns retries and rate limits.
    clientOptions: { ...(env.SLACK_API_URL ? { slackApiUrl: env.SLACK_API_URL } : {}), retryConfig: { retries: 0 } },
  };
  if (options.appToken) {
    const receiver = new SocketModeReceiver({
      appToken: options.appToken,
      logger: common.logger,
      // The client's loop gives up for good on an HTTP or network error from
      // apps.connections.open (an unhandled rejection); the supervisor reconnects instead.
      autoReconnectEnabled: false,
      // The client's own WebClient (apps.connections.open, no retries: the supervisor retries)
      // gets a copy, as App writes its logger into the object it is given.
      installerOptions: { clientOptions: { ...common.clientOptions } },
    });
    const app = new App({ ...common, receiver });
    register(app, ctx);
    app.error(errorBoundary(ctx));
    return { app, socket: receiver.client };
  }
  const receiver = new HTTPReceiver({
    signingSecret: env.SLACK_SIGNING_SECRET,
    endpoints: '/slack/events',
    logger: common.logger,
    // Ack first: the HTTP response goes out as soon as a listener calls ack().
    processBeforeResponse: false,
    unhandledRequestTimeoutMillis: 2_500,
    // The HTTP server in front (src/http-server.ts) checks the timestamp window both ways and
    // the signature before it hands a request here; the listener is reachable only through it.
    signatureVerification: false,
  });
  const app = new App({ ...common, receiver });
  register(app, ctx);
  app.error(errorBoundary(ctx));
  return { app, requestListener: receiver.requestListener };
}
