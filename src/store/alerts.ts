import type { Redis } from 'ioredis';
import type { AlertState, WatcherName } from '../domain/alerts.ts';
import { casTransition, readRecord, type Transition } from './cas.ts';

/**
 * Alert state, one record per dedup key (watcher, resource, condition), changed atomically:
 * a watcher tick and a click on Acknowledge or Snooze may race, and each decides on the
 * other's result (casTransition). An index per watcher lists the keys, so a tick can resolve
 * the alerts of resources that are gone and `/sm alerts` can list them.
 * @defaultValue ttlSeconds 90 days after the last write
 */
export class AlertStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlSeconds = 90 * 86_400,
  ) {}

  private key(alertKey: string): string {
    return `${this.prefix}:alert:${alertKey}`;
  }

  private index(watcher: WatcherName): string {
    return `${this.prefix}:alerts:${watcher}`;
  }

  async get(alertKey: string): Promise<AlertState | undefined> {
    return readRecord<AlertState>(this.redis, this.key(alertKey));
  }

  /** Every alert of a watcher (open, pending or resolved), by key. Keys whose record expired leave the index. */
  async all(watcher: WatcherName): Promise<Map<string, AlertState>> {
    const keys = await this.redis.smembers(this.index(watcher));
    const states = await Promise.all(keys.map((key) => this.get(key)));
    const gone = keys.filter((_, i) => states[i] === undefined);
    if (gone.length > 0) await this.redis.srem(this.index(watcher), ...gone);
    return new Map(states.filter((state): state is AlertState => state !== undefined).map((state) => [state.key, state]));
  }

  /**
   * Applies a pure decision to one alert atomically; `decide` may run more than once. Only a
   * key that gets a record joins the index: a tick observes every endpoint, and indexing the
   * healthy ones too would cost a write each and grow the index with every endpoint ever seen.
   */
  async apply<T>(watcher: WatcherName, alertKey: string, decide: (current: AlertState | undefined) => Transition<AlertState, T>): Promise<T | undefined> {
    let writes = false;
    const result = await casTransition(
      this.redis,
      this.key(alertKey),
      (current: AlertState | undefined) => {
        const made = decide(current);
        writes = made.next !== undefined;
        return made;
      },
      { ttlSeconds: this.ttlSeconds },
    );
    if (writes) await this.redis.sadd(this.index(watcher), alertKey);
    return result;
  }
}
