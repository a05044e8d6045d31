import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics for `GET /metrics`; one registry per context keeps tests apart. */
export function createMetrics(options: { defaultMetrics?: boolean } = {}) {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  return {
    registry,
    commands: new Counter({ name: 'smchatops_commands_total', help: 'Slash commands by sub-command and outcome', labelNames: ['subcommand', 'outcome'], registers: [registry] }),
    jobs: new Counter({ name: 'smchatops_jobs_total', help: 'Lifecycle jobs by name and outcome', labelNames: ['name', 'outcome'], registers: [registry] }),
    watcherTicks: new Counter({ name: 'smchatops_watcher_ticks_total', help: 'Watcher ticks by watcher and outcome', labelNames: ['watcher', 'outcome'], registers: [registry] }),
    ackSeconds: new Histogram({ name: 'smchatops_ack_seconds', help: 'Time from request to ack', labelNames: ['kind'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3], registers: [registry] }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
