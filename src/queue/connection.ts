import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis connection. Workers need `maxRetriesPerRequest: null` (BullMQ's blocking commands
 * must wait out a reconnect rather than fail); the store and queues use the same settings so
 * one connection can serve both.
 */
export function createRedis(url: string, options: RedisOptions = {}, onError?: (error: Error) => void): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false, ...options });
  // ioredis reconnects by itself; without a listener each failed attempt prints a stack trace.
  redis.on('error', onError ?? (() => undefined));
  return redis;
}

/** The BullMQ key prefix under the configured one, kept apart from the store's keys. */
export function queuePrefix(prefix: string): string {
  return `${prefix}:q`;
}

/**
 * A connection of a worker's own (BullMQ blocks on it). BullMQ leaves a connection it was
 * handed open when the worker closes, so this closes it on the worker's `closed` event.
 */
export function workerConnection(url: string, onError?: (error: Error) => void): { connection: Redis; closeWith(worker: { on(event: 'closed', listener: () => void): unknown }): void } {
  const connection = createRedis(url, {}, onError);
  return {
    connection,
    closeWith(worker) {
      worker.on('closed', () => void connection.quit().catch(() => connection.disconnect()));
    },
  };
}
