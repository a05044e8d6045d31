import type { AppContext } from '../../src/context.ts';
import { decide, resolveGone, rulesFor, type AlertRules, type AlertState, type Decision, type Observation, type WatcherName } from '../../src/domain/alerts.ts';
import { hashId } from '../../src/domain/naming.ts';
import { publishDecision } from '../alert-publish.ts';

export interface AppliedTick {
  opened: AlertState[];
  decisions: number;
  unknown: number;
}

/**
 * Applies one tick's observations of a watcher: each decided atomically against the stored
 * state (a click may race with the tick), carried out in Slack, and audited. Alerts whose
 * resource is gone resolve. Unknown observations (data that could not be read) change
 * nothing: no false alert, no false "resolved".
 */
export async function applyObservations(
  ctx: AppContext,
  watcher: WatcherName,
  observations: readonly Observation[],
  options: { rules?: AlertRules; present?: ReadonlySet<string>; chart?: (state: AlertState) => boolean } = {},
): Promise<AppliedTick> {
  const now = ctx.clock.now();
  const rules = options.rules ?? rulesFor(watcher);
  const applied: AppliedTick = { opened: [], decisions: 0, unknown: 0 };
  for (const observation of observations) {
    if (observation.unknown) applied.unknown += 1;
    const decision = await ctx.alerts.apply<Decision>(watcher, observation.key, (previous) => {
      const made = decide(previous, observation, rules, now);
      return made.next ? { next: made.next, result: made } : { result: made };
    });
    if (!decision) continue;
    await act(ctx, decision, options.chart, applied);
  }
  if (options.present) {
    for (const state of (await ctx.alerts.all(watcher)).values()) {
      if (state.status !== 'open' || options.present.has(state.resource)) continue;
      const decision = await ctx.alerts.apply<Decision>(watcher, state.key, (previous) => {
        const made = previous ? resolveGone(previous, now) : { action: 'none' as const, notify: false, reason: 'clear' as const };
        return made.next ? { next: made.next, result: made } : { result: made };
      });
      if (decision) await act(ctx, decision, undefined, applied);
    }
  }
  return applied;
}

async function act(ctx: AppContext, decision: Decision, chart: ((state: AlertState) => boolean) | undefined, applied: AppliedTick): Promise<void> {
  if (decision.action !== 'none') applied.decisions += 1;
  const withChart = Boolean(decision.next && decision.action === 'open' && decision.notify && chart?.(decision.next));
  const posted = await publishDecision(ctx, decision, { chartAttached: withChart });
  if (posted && decision.next) applied.opened.push(decision.next);
  if (posted && withChart && decision.next) {
    await ctx.lifecycle.add('alert-chart', { alertKey: decision.next.key, openedAt: decision.next.openedAt }, { jobId: `chart-${hashId(decision.next.key, 16)}-${decision.next.openedAt}` });
  }
}
