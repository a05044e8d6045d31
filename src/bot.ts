import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Worker } from 'bullmq';
import { createBoltApp } from '../handlers/app.ts';
import { createLifecycleWorker } from '../jobs/lifecycle-worker.ts';
import { createOutboxWorker } from '../jobs/outbox.ts';
import { createWatcherWorker, syncWatcherSchedulers } from '../jobs/watcher-worker.ts';
import type { AppContext } from './context.ts';
import { createHttpServer } from './http-server.ts';
import { workerConnection } from './queue/connection.ts';
import { SocketSupervisor } from './slack/socket-supervisor.ts';

export interface BotOptions {
  /** Serve Slack requests (HTTP receiver or Socket Mode) and the health endpoints. */
  receiver: boolean;
  /** Run the lifecycle, outbox and watcher workers. */
  workers: boolean;
  /** Port for the HTTP server; 0 picks a free one. @defaultValue config PORT */
  port?: number;
}

export interface RunningBot {
  /** Base URL of the HTTP server, when the receiver runs. */
  url?: string;
  workers: Worker[];
  stop(): Promise<void>;
}

/**
 * Starts the receiver and/or the workers on a built context. The bot's identity comes from
 * one `auth.test`, so Bolt does not call it on every request.
 */
export async function startBot(ctx: AppContext, options: BotOptions): Promise<RunningBot> {
  const workers: Worker[] = [];
  const closers: (() => Promise<void>)[] = [];
  if (options.workers) {
    const outboxConnection = workerConnection(ctx.config.env.REDIS_URL);
    const outboxWorker = createOutboxWorker({ connection: outboxConnection.connection, prefix: ctx.prefix, outbox: ctx.outbox, logger: ctx.logger, concurrency: ctx.config.env.WORKER_CONCURRENCY });
    outboxConnection.closeWith(outboxWorker);
    workers.push(createLifecycleWorker(ctx), outboxWorker, createWatcherWorker(ctx));
    const schedulers = await syncWatcherSchedulers(ctx);
    closers.push(() => schedulers.close());
    closers.push(async () => {
      await Promise.all(workers.map((worker) => worker.close()));
    });
  }
  let url: string | undefined;
  if (options.receiver) {
    const identity = await ctx.slack.auth.test();
    if (!identity.ok || !identity.bot_id || !identity.user_id) throw new Error('auth.test did not return the bot identity: check SLACK_BOT_TOKEN');
    const appToken = ctx.config.env.SLACK_APP_TOKEN;
    const bolt = createBoltApp(ctx, { botId: identity.bot_id, botUserId: identity.user_id, ...(appToken ? { appToken } : {}) });
    let supervisor: SocketSupervisor | undefined;
    if (bolt.socket) {
      // A failed first connection fails start-up; from then on the supervisor reconnects.
      await bolt.app.start();
      const { env } = ctx.config;
      const running = new SocketSupervisor(bolt.socket, {
        logger: ctx.logger,
        readyGraceMs: env.SOCKET_MODE_READY_GRACE_MS,
        backoffInitialMs: env.SOCKET_MODE_RECONNECT_BACKOFF_MS,
        backoffMaxMs: env.SOCKET_MODE_RECONNECT_BACKOFF_MAX_MS,
      });
      supervisor = running;
      closers.unshift(async () => {
        // Before the disconnect, which must not count as a drop to recover from.
        await running.stop();
        await bolt.app.stop();
      });
    }
    const slack = bolt.requestListener ? { listener: bolt.requestListener, signingSecret: ctx.config.env.SLACK_SIGNING_SECRET } : undefined;
    const ready = supervisor ? () => supervisor.readiness() : undefined;
    const server = createHttpServer({ ...(slack ? { slack } : {}), ...(ready ? { ready } : {}), redis: ctx.redis, registry: ctx.metrics.registry });
    await listen(server, options.port ?? ctx.config.env.PORT);
    const { port } = server.address() as AddressInfo;
    url = `http://127.0.0.1:${port}`;
    closers.unshift(() => closeServer(server));
    ctx.logger.info({ port, socketMode: Boolean(appToken) }, 'receiver listening');
  }
  let stopping: Promise<void> | undefined;
  return {
    ...(url ? { url } : {}),
    workers,
    stop() {
      // Idempotent: a second call waits for the first.
      stopping ??= (async () => {
        for (const close of closers) await close();
      })();
      return stopping;
    },
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
