import { Queue } from 'bullmq';
import { queuePrefix } from '../../src/queue/connection.ts';
import { QueueName } from '../../src/queue/names.ts';
import type { FakeMessage } from '../../src/sandbox/fake-slack/index.ts';
import { waitFor } from '../helpers/wait-for.ts';
import { startWorld, TEAM_YAML, type World } from '../helpers/world.ts';

/*
 * Shared by the watcher e2e suites (issue 4): a world whose team config carries a watchers
 * section of the test's own, whose bot runs on the emulator's simulated clock, and small
 * readers for the alerts channel.
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const ALERTS = 'C0ALERTS';

/** The fixture team config with its `watchers:` block replaced (the shared fixture keeps them off). */
export function teamYamlWith(watchers: string): string {
  const at = TEAM_YAML.search(/^watchers:/m);
  if (at < 0) throw new Error('the fixture team config has no watchers: block');
  return `${TEAM_YAML.slice(0, at)}watchers:\n  progress: { every: 1h }\n  approvals: { every: 1h }\n${watchers.replace(/^\n+/, '')}`;
}

const WATCHERS = ['health', 'drift', 'cost'] as const;

/**
 * Starts a world (receiver + workers) whose bot clock is the emulator's. BullMQ runs an
 * `every` scheduler's first tick at once: with the long intervals the direct-tick suites
 * configure, that start-up tick is the only one, so this waits for it to finish before the
 * test drives ticks itself (`processHealthTick(world.ctx)`…), and none runs in between.
 */
export async function startWatcherWorld(watchers: string, options: { workers?: boolean } = {}): Promise<World> {
  const world = await startWorld({ teamYaml: teamYamlWith(watchers), useEmulatorClock: true, workers: options.workers ?? true });
  // On a whole hour, as CloudWatch aligns its periods: a 5-minute window then reads exactly
  // one 5-minute datapoint, and a scenario over the last window does not leak into the next.
  world.emulator.clock.advance(HOUR - (world.emulator.clock.now() % HOUR));
  if (options.workers ?? true) {
    const configured = WATCHERS.filter((name) => world.config.team.watchers[name] !== undefined);
    await waitFor(
      async () => {
        const { values } = await world.ctx.metrics.watcherTicks.get();
        return configured.every((name) => values.some((value) => value.labels['watcher'] === name && value.value > 0));
      },
      { message: 'the start-up watcher ticks' },
    );
  }
  return world;
}

/** Waits until nothing is queued, delayed or running on the outbox and lifecycle queues: every post and chart is done. */
export async function settled(world: World, timeoutMs = 15_000): Promise<void> {
  const queues = [QueueName.outbox, QueueName.lifecycle].map((name) => new Queue(name, { connection: world.ctx.redis, prefix: queuePrefix(world.prefix) }));
  try {
    await waitFor(
      async () => {
        for (const queue of queues) {
          const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
          if (Object.values(counts).some((n) => n > 0)) return false;
        }
        return true;
      },
      { timeoutMs, message: 'outbox and lifecycle queues drained' },
    );
  } finally {
    await Promise.all(queues.map((queue) => queue.close()));
  }
}

/** Text and blocks of a message, for `toContain` checks. */
export const textOf = (message: { text?: string; blocks?: unknown[] } | undefined): string => `${message?.text ?? ''}\n${JSON.stringify(message?.blocks ?? [])}`;

/** Top-level messages in the alerts channel. */
export const alertMessages = (world: World): FakeMessage[] => world.slack.messages(ALERTS);

/** Replies in an alert's thread (the parent excluded). */
export const alertThread = (world: World, parent: FakeMessage): FakeMessage[] => world.slack.thread(ALERTS, parent.ts).filter((m) => m.ts !== parent.ts);

/** The alert message with this key in its buttons or its context line. */
export function alertMessageFor(world: World, key: string): FakeMessage | undefined {
  return alertMessages(world).find((message) => textOf(message).includes(key));
}

/** Moves the simulated clock, then runs one tick of a watcher and waits for its Slack work. */
export async function tickAfter<T>(world: World, ms: number, tick: (ctx: World['ctx']) => Promise<T>): Promise<T> {
  if (ms > 0) world.emulator.clock.advance(ms);
  const result = await tick(world.ctx);
  await settled(world);
  return result;
}

interface Button {
  action_id: string;
  value?: string;
  confirm?: unknown;
}

/** The buttons of a message (as posted, or as it reads now after updates). */
export function buttonsOf(message: { blocks?: unknown[] } | undefined): Button[] {
  const blocks = (message?.blocks ?? []) as { type?: string; elements?: { type?: string }[] }[];
  return blocks.filter((block) => block.type === 'actions').flatMap((block) => (block.elements ?? []).filter((element): element is Button & { type: string } => element.type === 'button'));
}

/**
 * Clicks a button of an alert message as Slack would: the message's channel and ts, the
 * button's action id and value. Returns the response_url the bot answers on.
 */
export async function clickAlert(world: World, user: string, message: FakeMessage, actionId: string): Promise<string> {
  const current = world.slack.message(ALERTS, message.ts) ?? message;
  const button = buttonsOf(current).find((b) => b.action_id === actionId);
  if (!button) throw new Error(`the alert message has no ${actionId} button`);
  const responseUrl = world.slack.responseUrl();
  const res = await world.click({ user, channel: ALERTS, messageTs: message.ts, actionId, ...(button.value !== undefined ? { value: button.value } : {}), responseUrl });
  if (res.status !== 200) throw new Error(`the click got HTTP ${res.status}`);
  return responseUrl;
}

/** What the bot answered on a response_url, as text. */
export const responsesText = (world: World, responseUrl: string): string => world.slack.responses(responseUrl).map((r) => textOf(r)).join('\n');

/** A latency spike over the health window that ends now (the next window after `advance` is clean again). */
export function latencyNow(world: World, endpoint: string, p99Ms: number, windowMs = 5 * MINUTE): string {
  const now = world.emulator.clock.now();
  return world.emulator.scenarios.latencySpike({ endpoint, p99Ms, from: now - windowMs, to: now });
}
