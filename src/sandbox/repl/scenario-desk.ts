import type { TeamConfig } from '../../config.ts';
import { formatUsd } from '../../domain/cost.ts';
import { formatDuration } from '../../domain/duration.ts';
import { periodOf, type AwsEmulator, type MonitoringType } from '../aws-emulator/index.ts';
import { SCENARIO_USAGE, type ScenarioCommand } from './scenario-input.ts';
import type { WatchedWorld } from './watched-world.ts';

/*
 * Runs `scenario …` against the emulator and says, in words, what will happen and how to
 * make the watchers see it (the watchers tick on real time; the metrics live on the
 * simulated clock, which `clock +…` moves). Metric scenarios start and end on a minute
 * boundary: CloudWatch publishes whole minutes, so the minute in progress is not yet history
 * and can be changed without rewriting what a watcher has already read.
 */

export interface ScenarioDeskOptions {
  emulator: AwsEmulator;
  watchers: TeamConfig['watchers'];
  /** What the sandbox seeded; supplies the endpoint and budget a command leaves out. */
  world?: WatchedWorld;
  /** How the alerts channel is shown, e.g. `#ml-alerts`. */
  alertsChannel: string;
}

export interface ScenarioOutcome {
  /** False when nothing was done (the text says why). */
  ok: boolean;
  text: string;
}

type MetricKind = 'latency' | 'errors' | 'idle';

interface ActiveScenario {
  id: string;
  kind: MetricKind | 'drift';
  /** The endpoint it acts on. */
  endpoint: string;
  /** One line for `scenario` to list. */
  what: string;
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const FEATURE_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

const minuteOf = (t: number) => Math.floor(t / MINUTE) * MINUTE;
const clockTime = (t: number) => `${new Date(t).toISOString().slice(11, 16)} UTC`;
const ms = (value: number) => `${Math.round(value).toLocaleString('en-US')} ms`;
const percent = (fraction: number) => `${Number((fraction * 100).toPrecision(3))}%`;
/** Whole minutes to move the clock so that `ms` of simulated time have passed. */
const minutesFor = (duration: number) => `+${Math.max(1, Math.ceil(duration / MINUTE))}m`;

export class ScenarioDesk {
  private readonly active: ActiveScenario[] = [];
  /** Budgets whose spend a scenario raised: that cost cannot be taken back. */
  private readonly spent = new Set<string>();

  constructor(private readonly options: ScenarioDeskOptions) {}

  run(command: ScenarioCommand): ScenarioOutcome {
    try {
      switch (command.kind) {
        case 'list':
          return { ok: true, text: this.list() };
        case 'latency':
          return this.withEndpoint(command.endpoint, (endpoint) => this.latency(endpoint, command.p99Ms));
        case 'errors':
          return this.withEndpoint(command.endpoint, (endpoint) => this.errors(endpoint, command.rate));
        case 'drift':
          return this.withEndpoint(command.endpoint, (endpoint) => this.drift(endpoint, command.feature));
        case 'idle':
          return this.withEndpoint(command.endpoint, (endpoint) => this.idle(endpoint));
        case 'spend':
          return this.spend(command.percent, command.budget);
        case 'clear':
          return this.clear();
      }
    } catch (error) {
      // The emulator refuses impossible scenarios with a RangeError that says why.
      return { ok: false, text: `The emulator refused the scenario: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  private get now(): number {
    return this.options.emulator.clock.now();
  }

  private inService(): string[] {
    return this.options.emulator.sagemaker.endpoints.filter((e) => e['EndpointStatus'] === 'InService').map((e) => String(e['EndpointName']));
  }

  private withEndpoint(named: string | undefined, act: (endpoint: string) => ScenarioOutcome): ScenarioOutcome {
    const endpoints = this.inService();
    const wanted = named ?? this.options.world?.endpoint;
    const endpoint = wanted === undefined ? undefined : endpoints.find((e) => e.toLowerCase() === wanted.toLowerCase());
    if (endpoint) return act(endpoint);
    const known = endpoints.length > 0 ? `InService endpoints: ${endpoints.join(', ')}.` : 'No endpoint is InService.';
    return { ok: false, text: `${wanted === undefined ? 'Name an endpoint.' : `${wanted} is not an InService endpoint, so the health watcher does not watch it.`} ${known}` };
  }

  private remember(scenario: ActiveScenario): void {
    this.active.push(scenario);
  }

  /** How the health watcher will notice, or that it will not. */
  private healthHint(): string {
    const health = this.options.watchers.health;
    if (!health) return ' The health watcher is not configured (watchers.health), so nothing will alert.';
    const ticks = health.consecutiveBreaches;
    return (
      ` The health watcher reads the last ${formatDuration(health.window)} every ${formatDuration(health.every)} and opens an alert after ${ticks} breaching tick${ticks === 1 ? '' : 's'} in a row:` +
      ` move the clock past the window (clock ${minutesFor(health.window)}) and watch ${this.options.alertsChannel}. \`scenario clear\` ends it.`
    );
  }

  private latency(endpoint: string, p99Ms: number | undefined): ScenarioOutcome {
    const threshold = this.options.watchers.health?.p99LatencyMs ?? 500;
    const value = p99Ms ?? Math.max(1_500, threshold * 3);
    const id = this.options.emulator.scenarios.latencySpike({ endpoint, p99Ms: value, from: minuteOf(this.now) });
    this.remember({ id, kind: 'latency', endpoint, what: `${endpoint}: p99 model latency ${ms(value)}` });
    return { ok: true, text: `Started ${id}: from now on, ${endpoint}'s p99 model latency is ${ms(value)} (the threshold is ${ms(threshold)}).${this.healthHint()}` };
  }

  private errors(endpoint: string, rate: number | undefined): ScenarioOutcome {
    const threshold = this.options.watchers.health?.errorRate ?? 0.01;
    const value = rate ?? Math.min(1, Math.max(0.05, threshold * 5));
    const id = this.options.emulator.scenarios.errorRate({ endpoint, rate: value, from: minuteOf(this.now) });
    this.remember({ id, kind: 'errors', endpoint, what: `${endpoint}: ${percent(value)} of invocations fail with 5xx` });
    return { ok: true, text: `Started ${id}: from now on, ${percent(value)} of ${endpoint}'s invocations fail with a 5xx error (the threshold is ${percent(threshold)}).${this.healthHint()}` };
  }

  /** The next execution of the endpoint's schedule that starts after now: when it is scheduled and when it is done. */
  private nextExecution(endpoint: string): { schedule: string; every: number; scheduledAt: number; endsAt: number; type: MonitoringType } | undefined {
    const schedule = this.options.emulator.sagemaker.monitoring.forEndpoint(endpoint);
    if (!schedule) return undefined;
    const scheduledAt = (Math.floor(this.now / schedule.every) + 1) * schedule.every;
    return { schedule: schedule.name, every: schedule.every, scheduledAt, endsAt: scheduledAt + schedule.runtimeMs, type: schedule.type };
  }

  private executionHint(endpoint: string, outcome: string): string {
    const next = this.nextExecution(endpoint);
    if (!next) return '';
    return ` Model Monitor runs ${next.schedule} every ${formatDuration(next.every)}: its next execution, at ${clockTime(next.scheduledAt)}, is done at ${clockTime(next.endsAt)} ${outcome} (clock ${minutesFor(next.endsAt - this.now + MINUTE)}).`;
  }

  private drift(endpoint: string, feature: string | undefined): ScenarioOutcome {
    const settings = this.options.watchers.drift;
    const existing = this.options.emulator.sagemaker.monitoring.forEndpoint(endpoint);
    const name = feature ?? [...(existing?.features ?? [])][0] ?? 'feature_1';
    if (!FEATURE_NAME.test(name)) return { ok: false, text: `${name} cannot be a feature name: use letters, digits, _, . and -.` };
    const threshold = settings?.threshold ?? 0.1;
    const value = Number(Math.max(0.5, threshold * 5).toPrecision(3));
    const id = this.options.emulator.scenarios.drift({ endpoint, feature: name, value });
    this.remember({ id, kind: 'drift', endpoint, what: `${endpoint}: feature ${name} drifts (${value})` });
    const created = existing ? '' : ` ${endpoint} had no Model Monitor schedule, so an hourly one was created.`;
    const watcher = settings
      ? ` The drift watcher (every ${formatDuration(settings.every)}) then alerts in ${this.options.alertsChannel}. \`scenario clear\` ends it.`
      : ' The drift watcher is not configured (watchers.drift), so nothing will alert.';
    return { ok: true, text: `Started ${id}: feature ${name} drifts on ${endpoint} (drift ${value}; the threshold is ${threshold}).${created}${this.executionHint(endpoint, 'with violations')}${watcher}` };
  }

  private idle(endpoint: string): ScenarioOutcome {
    const health = this.options.watchers.health;
    const idleDays = health?.idleDays ?? 7;
    // Backdated past the idle window (rounded up by an hour): waiting a week of simulated
    // time would also move every job, budget and schedule a week on.
    const from = minuteOf(this.now) - Math.ceil(idleDays * DAY) - 3_600_000;
    const id = this.options.emulator.scenarios.invocations({ endpoint, perMinute: 0, from });
    this.remember({ id, kind: 'idle', endpoint, what: `${endpoint}: no invocations since ${idleDays} days ago` });
    const description = this.options.emulator.sagemaker.endpoints.find((e) => e['EndpointName'] === endpoint);
    const created = typeof description?.['CreationTime'] === 'number' ? description['CreationTime'] * 1_000 : undefined;
    const readyIn = created === undefined ? 0 : created + idleDays * DAY - this.now;
    const when = !health
      ? ' The health watcher is not configured (watchers.health), so nothing will alert.'
      : readyIn > 0
        ? ` But ${endpoint} is younger than ${idleDays} days, and the idle check reports only endpoints at least that old: it is reported once it is (clock ${minutesFor(readyIn)}).`
        : ` The health watcher's next tick (within ${formatDuration(health.every)}) reports it in ${this.options.alertsChannel} with its hourly cost and a Delete button. \`scenario clear\` brings the traffic back.`;
    return { ok: true, text: `Started ${id}: ${endpoint} has had no invocations for ${idleDays} days (backdated, so the idle check sees a whole idle window at once).${when}` };
  }

  private spend(toPercent: number, named: string | undefined): ScenarioOutcome {
    const { emulator, watchers } = this.options;
    const name = named ?? this.options.world?.budgets[0] ?? watchers.cost?.budgets[0];
    const budget = name === undefined ? undefined : emulator.budgets.store.get(name);
    if (!name || !budget) {
      const known = emulator.budgets.store.records.map((b) => b.name);
      return { ok: false, text: `${name === undefined ? 'Name a budget.' : `There is no budget ${name}.`} ${known.length > 0 ? `Budgets: ${known.join(', ')}.` : 'The account has no budgets.'}` };
    }
    const added = emulator.scenarios.spendJump({ name, toPercent });
    if (added > 0) this.spent.add(name);
    const cost = watchers.cost;
    const watcher = !cost
      ? ' The cost watcher is not configured (watchers.cost), so nothing will alert.'
      : !cost.budgets.includes(name)
        ? ` The cost watcher watches ${cost.budgets.join(', ') || 'no budget'}, not ${name}.`
        : ` The cost watcher (every ${formatDuration(cost.every)}) posts each threshold crossed (${cost.thresholds.map((t) => `${t}%`).join(', ')}, of actual or forecast spend) once per budget period, in ${this.options.alertsChannel}.`;
    const limit = formatUsd(budget.limitUsd);
    const what = added > 0 ? `${name}'s actual spend jumps to ${toPercent}% of its ${limit} limit (${formatUsd(added)} of cost added now).` : `${name}'s actual spend is already at or over ${toPercent}% of its ${limit} limit: nothing added.`;
    return { ok: true, text: `${what}${watcher}` };
  }

  private clear(): ScenarioOutcome {
    const ended = this.active.splice(0);
    const spent = [...this.spent];
    if (ended.length === 0 && spent.length === 0) return { ok: true, text: 'No scenario is active.' };
    const now = this.now;
    // Drift windows act on executions by their scheduled time, so they end now; metric series on the minute.
    for (const scenario of ended) this.options.emulator.scenarios.end(scenario.id, scenario.kind === 'drift' ? now : minuteOf(now));
    const lines = ended.length > 0 ? [`Ended ${ended.length} scenario${ended.length === 1 ? '' : 's'}: ${ended.map((s) => `${s.id} (${s.what})`).join('; ')}.`] : [];
    const health = this.options.watchers.health;
    if (health && ended.some((s) => s.kind !== 'drift')) {
      const ticks = health.consecutiveBreaches;
      lines.push(
        `Health alerts resolve after ${ticks} clean tick${ticks === 1 ? '' : 's'} once the last ${formatDuration(health.window)} are clean: clock ${minutesFor(health.window)}.` +
          (ended.some((s) => s.kind === 'idle') ? ' An idle report resolves once traffic is back (within a minute).' : ''),
      );
    }
    const drifted = [...new Set(ended.filter((s) => s.kind === 'drift').map((s) => s.endpoint))];
    for (const endpoint of drifted) lines.push(`Drift on ${endpoint} resolves when a clean execution completes.${this.executionHint(endpoint, 'clean')}`);
    for (const name of spent) {
      const budget = this.options.emulator.budgets.store.get(name);
      const end = budget ? periodOf(now, budget.timeUnit).end : undefined;
      lines.push(`Spend already added to ${name} stays spent: its budget alerts resolve when the budget period ends${end !== undefined ? ` (${new Date(end).toISOString().slice(0, 10)})` : ''}.`);
    }
    this.spent.clear();
    return { ok: true, text: lines.join('\n') };
  }

  private list(): string {
    const lines = this.active.length > 0 ? ['Active scenarios:', ...this.active.map((s) => `  ${s.id}  ${s.what}`)] : ['No scenario is active.'];
    const world = this.options.world;
    if (world) lines.push(`The watchers watch ${world.endpoint} (Model Monitor schedule ${world.schedule}) and the budget${world.budgets.length === 1 ? '' : 's'} ${world.budgets.join(', ')}.`);
    lines.push('Scenarios:', ...SCENARIO_USAGE.map((line) => `  ${line}`));
    return lines.join('\n');
  }
}
