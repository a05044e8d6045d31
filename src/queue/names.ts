/**
 * Queue names. Every queue and Redis key carries the configured prefix
 * (`CHATOPS_PREFIX`) so that tests and tenants can share one Redis.
 */
export const QueueName = {
  /** Training, stop, status lookups: one job per Slack request. */
  lifecycle: 'lifecycle',
  /** Every post and update to Slack. */
  outbox: 'outbox',
  /** Job schedulers (progress, drift, health, cost). */
  watchers: 'watchers',
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];
