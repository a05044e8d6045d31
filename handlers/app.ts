import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
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

export interface BoltApp {
  app: App;
  /** The listener for `POST /slack/events` (HTTP mode only): give it verified requests only. */
  requestListener?: RequestListener;
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
    const app = new App({ ...common, appToken: options.appToken, socketMode: true });
    register(app, ctx);
    app.error(errorBoundary(ctx));
    return { app };
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
