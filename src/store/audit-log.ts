import type { Redis } from 'ioredis';
import type { Clock } from '../clock.ts';
import { keys } from './keys.ts';

export type AuditOutcome = 'ok' | 'queued' | 'refused' | 'invalid' | 'failed';

export interface AuditEntry {
  /** Epoch milliseconds. */
  at: number;
  /** Slack user id, or `bot` for the bot's own actions. */
  actor: string;
  /** What was attempted: `command:train`, `job:train`, `button:stop`… */
  action: string;
  outcome: AuditOutcome;
  channel?: string;
  /** The resource concerned (training job name, …). */
  target?: string;
  /** Why, in words (the refusal reason, the AWS error). */
  detail?: string;
}

/**
 * The audit trail: a Redis stream, capped (approximately) so it cannot grow without bound.
 * @defaultValue maxEntries 100,000
 */
export class AuditLog {
  readonly streamKey: string;
  constructor(
    private readonly redis: Redis,
    prefix: string,
    private readonly clock: Clock,
    readonly maxEntries = 100_000,
  ) {
    this.streamKey = keys(prefix).audit;
  }

  async record(entry: Omit<AuditEntry, 'at'>): Promise<void> {
    await this.redis.xadd(this.streamKey, 'MAXLEN', '~', String(this.maxEntries), '*', ...this.fieldsOf(entry));
  }

  /** The stream fields of an entry stamped now, for a caller that writes it in a script of its own. */
  fieldsOf(entry: Omit<AuditEntry, 'at'>): string[] {
    const fields: string[] = ['at', String(this.clock.now()), 'actor', entry.actor, 'action', entry.action, 'outcome', entry.outcome];
    if (entry.channel) fields.push('channel', entry.channel);
    if (entry.target) fields.push('target', entry.target);
    if (entry.detail) fields.push('detail', entry.detail.slice(0, 2_000));
    return fields;
  }

  /** The newest `count` entries, newest first. */
  async recent(count: number): Promise<AuditEntry[]> {
    const rows = await this.redis.xrevrange(this.streamKey, '+', '-', 'COUNT', count);
    return rows.map(([, fields]) => {
      const record: Record<string, string> = {};
      for (let i = 0; i + 1 < fields.length; i += 2) record[fields[i]!] = fields[i + 1]!;
      return {
        at: Number(record['at']),
        actor: record['actor'] ?? '?',
        action: record['action'] ?? '?',
        outcome: (record['outcome'] ?? 'ok') as AuditOutcome,
        ...(record['channel'] ? { channel: record['channel'] } : {}),
        ...(record['target'] ? { target: record['target'] } : {}),
        ...(record['detail'] ? { detail: record['detail'] } : {}),
      };
    });
  }
}
