import type { Redis } from 'ioredis';

/** One config that went live on an endpoint. */
export interface DeploymentEntry {
  requestId: string;
  kind: 'deploy' | 'rollback';
  endpoint: string;
  stage: string;
  configName: string;
  group: string;
  version: number;
  packageArn: string;
  /** Who asked (the requester, or who rolled back). */
  deployedBy: string;
  approvers: string[];
  /** Epoch ms at which it went live. */
  at: number;
}

/** A deploy or rollback under way: what the progress watcher follows. */
export interface DeployInFlight {
  requestId: string;
  kind: 'deploy' | 'rollback';
  endpoint: string;
  stage: string;
  /** The config being deployed, and the one it replaces (none for a new endpoint). */
  configName: string;
  previousConfigName?: string;
  /** Outbox key of the message whose thread tells the story. */
  threadKey: string;
  channel: string;
  entry: DeploymentEntry;
  startedAt: number;
}

/** How many live configs per endpoint are remembered (rollback targets). */
const HISTORY = 50;

/**
 * What went live where, newest first per endpoint (for `/sm endpoints`, `/sm models` and
 * rollback), and the deploys in flight. Kept in Redis without expiry: it is the record of
 * what production runs.
 */
export class DeploymentStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private historyKey(endpoint: string) {
    return `${this.prefix}:deploy:history:${endpoint}`;
  }
  private flightKey(id: string) {
    return `${this.prefix}:deploy:flight:${id}`;
  }
  private get trackedKey() {
    return `${this.prefix}:deploy:tracked`;
  }

  /** Records a config as live; idempotent per request (a retried tick records once). */
  async recordLive(entry: DeploymentEntry): Promise<boolean> {
    const marker = await this.redis.set(`${this.prefix}:deploy:live-recorded:${entry.requestId}`, '1', 'NX');
    if (marker !== 'OK') return false;
    await this.redis.multi().lpush(this.historyKey(entry.endpoint), JSON.stringify(entry)).ltrim(this.historyKey(entry.endpoint), 0, HISTORY - 1).exec();
    return true;
  }

  async history(endpoint: string, count = HISTORY): Promise<DeploymentEntry[]> {
    const rows = await this.redis.lrange(this.historyKey(endpoint), 0, count - 1);
    return rows.map((row) => JSON.parse(row) as DeploymentEntry);
  }

  async live(endpoint: string): Promise<DeploymentEntry | undefined> {
    return (await this.history(endpoint, 1))[0];
  }

  async startFlight(flight: DeployInFlight): Promise<void> {
    await this.redis.multi().set(this.flightKey(flight.requestId), JSON.stringify(flight)).sadd(this.trackedKey, flight.requestId).exec();
  }

  async flight(id: string): Promise<DeployInFlight | undefined> {
    const json = await this.redis.get(this.flightKey(id));
    return json ? (JSON.parse(json) as DeployInFlight) : undefined;
  }

  async inFlight(): Promise<DeployInFlight[]> {
    const ids = await this.redis.smembers(this.trackedKey);
    const flights = await Promise.all(ids.map((id) => this.flight(id)));
    return flights.filter((flight): flight is DeployInFlight => flight !== undefined);
  }

  async endFlight(id: string): Promise<void> {
    await this.redis.srem(this.trackedKey, id);
  }
}
