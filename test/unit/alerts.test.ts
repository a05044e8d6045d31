import { describe, expect, it } from 'vitest';
import {
  acknowledge,
  alertKey,
  decide,
  fingerprintOf,
  openAlerts,
  parseAlertKey,
  resolveGone,
  rulesFor,
  snooze,
  SNOOZE_PRESETS,
  type AlertRules,
  type AlertState,
  type Decision,
  type MeasuredObservation,
  type Observation,
} from '../../src/domain/alerts.ts';

const T0 = Date.parse('2026-03-01T09:00:00Z');
const MINUTE = 60_000;
const HOUR = 3_600_000;
const KEY = alertKey('health', 'churn-prod', 'error-rate');

/** An error-rate observation for churn-prod: breached above 1%. */
function errorRate(rate: number): MeasuredObservation {
  return {
    key: KEY,
    watcher: 'health',
    resource: 'churn-prod',
    condition: 'error-rate',
    breached: rate > 0.01,
    severity: rate >= 0.05 ? 'critical' : 'warning',
    title: 'High 5xx error rate on churn-prod',
    details: { kind: 'error-rate', endpoint: 'churn-prod', errorRate: rate, errors: Math.round(rate * 1000), invocations: 1000, threshold: 0.01, windowMs: 5 * MINUTE },
  };
}

const unknown: Observation = { key: KEY, watcher: 'health', resource: 'churn-prod', condition: 'error-rate', unknown: true, reason: 'ThrottlingException' };

interface Tick {
  decision: Decision;
  state: AlertState | undefined;
}

/** Runs one observation per minute through decide, storing `next` as a store would. */
function run(observations: readonly Observation[], rules: AlertRules, start?: AlertState, startAt = T0): Tick[] {
  let state = start;
  return observations.map((observation, i) => {
    const decision = decide(state, observation, rules, startAt + i * MINUTE);
    if (decision.next) state = decision.next;
    return { decision, state };
  });
}

const actions = (ticks: readonly Tick[]) => ticks.map((tick) => tick.decision.action);
const notified = (ticks: readonly Tick[]) => ticks.filter((tick) => tick.decision.notify).map((tick) => tick.decision.action);
const once: AlertRules = { openAfter: 1, resolveAfter: 1 };
const three: AlertRules = { openAfter: 3, resolveAfter: 3 };

function openState(rules = once): AlertState {
  const ticks = run([errorRate(0.02)], rules);
  return ticks.at(-1)!.state!;
}

describe('alert keys', () => {
  it('are watcher:resource:condition and parse back', () => {
    expect(KEY).toBe('health:churn-prod:error-rate');
    expect(parseAlertKey(KEY)).toEqual({ watcher: 'health', resource: 'churn-prod', condition: 'error-rate' });
    expect(parseAlertKey('cost:ml monthly:80pct@2026-03-01')).toEqual({ watcher: 'cost', resource: 'ml monthly', condition: '80pct@2026-03-01' });
  });

  it('refuse anything alertKey would not make', () => {
    for (const bad of [undefined, '', 'health:churn-prod', 'pager:x:y', 'health:a:b:c', 'health::error-rate', `health:${'x'.repeat(101)}:y`, 'health:x:<!channel>']) {
      expect(parseAlertKey(bad)).toBeUndefined();
    }
  });
});

describe('decide', () => {
  describe('with a metric that breaches and stays breached', () => {
    it('opens once, then stays quiet while nothing material changes', () => {
      const ticks = run([errorRate(0.02), errorRate(0.021), errorRate(0.019), errorRate(0.02)], once);
      expect(actions(ticks)).toEqual(['open', 'none', 'none', 'none']);
      expect(notified(ticks)).toEqual(['open']);
      expect(ticks.at(-1)!.state).toMatchObject({ status: 'open', openedAt: T0, since: T0, streak: { breaches: 4, clears: 0 } });
    });

    it('keeps the stored details current on every tick without notifying', () => {
      const ticks = run([errorRate(0.02), errorRate(0.021)], once);
      expect(ticks[1]!.state!.details).toMatchObject({ errorRate: 0.021 });
    });

    it('updates (and notifies) when what the message shows changes materially', () => {
      const ticks = run([errorRate(0.02), errorRate(0.06)], once);
      expect(actions(ticks)).toEqual(['open', 'update']);
      expect(ticks[1]!.decision).toMatchObject({ notify: true, reason: 'changed' });
      expect(ticks[1]!.state!.severity).toBe('critical');
    });
  });

  describe('with consecutive breaches required', () => {
    it('opens on the third breach in a row, with "since" at the first', () => {
      const ticks = run([errorRate(0.02), errorRate(0.02), errorRate(0.02)], three);
      expect(actions(ticks)).toEqual(['none', 'none', 'open']);
      expect(ticks[0]!.state!.status).toBe('pending');
      expect(ticks[2]!.state).toMatchObject({ status: 'open', since: T0, openedAt: T0 + 2 * MINUTE });
    });

    it('does not alert on a flapping metric, however long it flaps', () => {
      const flapping = Array.from({ length: 40 }, (_, i) => errorRate(i % 2 === 0 ? 0.03 : 0.001));
      const ticks = run(flapping, three);
      expect(actions(ticks).every((action) => action === 'none')).toBe(true);
      expect(notified(ticks)).toEqual([]);
    });

    it('does not alert when two breaches in three alternate with a clear', () => {
      const pattern = [0.03, 0.03, 0.001];
      const ticks = run(Array.from({ length: 30 }, (_, i) => errorRate(pattern[i % 3]!)), three);
      expect(notified(ticks)).toEqual([]);
    });

    it('does not resolve an open alert that flaps back', () => {
      const open = run([errorRate(0.02), errorRate(0.02), errorRate(0.02)], three).at(-1)!.state!;
      const ticks = run(Array.from({ length: 20 }, (_, i) => errorRate(i % 2 === 0 ? 0.001 : 0.02)), three, open, T0 + HOUR);
      expect(actions(ticks).includes('resolve')).toBe(false);
      expect(ticks.at(-1)!.state!.status).toBe('open');
    });

    it('resolves after three clears in a row, once', () => {
      const open = run([errorRate(0.02), errorRate(0.02), errorRate(0.02)], three).at(-1)!.state!;
      const ticks = run([errorRate(0.001), errorRate(0.001), errorRate(0.001), errorRate(0.001)], three, open, T0 + HOUR);
      expect(actions(ticks)).toEqual(['none', 'none', 'resolve', 'none']);
      expect(notified(ticks)).toEqual(['resolve']);
      expect(ticks[2]!.state).toMatchObject({ status: 'resolved', resolvedAt: T0 + HOUR + 2 * MINUTE, resolvedWith: { errorRate: 0.001 } });
    });

    it('forgets a pending breach streak that clears', () => {
      const ticks = run([errorRate(0.02), errorRate(0.02), errorRate(0.001), errorRate(0.02), errorRate(0.02)], three);
      expect(actions(ticks)).toEqual(['none', 'none', 'none', 'none', 'none']);
      expect(ticks.at(-1)!.state).toMatchObject({ status: 'pending', streak: { breaches: 2, clears: 0 }, since: T0 + 3 * MINUTE });
    });
  });

  describe('when the data is unknown (throttled or failed reads)', () => {
    it('never opens, whatever the streak', () => {
      const ticks = run([errorRate(0.02), errorRate(0.02), unknown, unknown, unknown, unknown], three);
      expect(notified(ticks)).toEqual([]);
      expect(ticks.at(-1)!.state).toMatchObject({ status: 'pending', streak: { breaches: 2 } });
    });

    it('never resolves, and writes nothing', () => {
      const open = openState();
      const ticks = run(Array.from({ length: 10 }, () => unknown), once, open, T0 + HOUR);
      expect(actions(ticks).every((action) => action === 'none')).toBe(true);
      expect(ticks.every((tick) => tick.decision.next === undefined)).toBe(true);
      expect(ticks.at(-1)!.state).toEqual(open);
    });

    it('neither breaks nor extends a clearing streak', () => {
      const open = run([errorRate(0.02), errorRate(0.02), errorRate(0.02)], three).at(-1)!.state!;
      const ticks = run([errorRate(0.001), unknown, errorRate(0.001), unknown, errorRate(0.001)], three, open, T0 + HOUR);
      expect(actions(ticks)).toEqual(['none', 'none', 'none', 'none', 'resolve']);
    });
  });

  describe('after a resolve', () => {
    it('reopens on a new breach with a fresh acknowledgement and notifies', () => {
      const opened = openState();
      const acked = acknowledge(opened, 'U0ALICE', T0 + MINUTE);
      if (!acked.ok) throw new Error('expected the acknowledgement to count');
      const ticks = run([errorRate(0.001), errorRate(0.02)], once, acked.state, T0 + HOUR);
      expect(actions(ticks)).toEqual(['resolve', 'open']);
      expect(ticks[1]!.decision).toMatchObject({ notify: true, reason: 'reopened' });
      expect(ticks[1]!.state!.acknowledgedBy).toBeUndefined();
      expect(ticks[1]!.state!.resolvedAt).toBeUndefined();
    });

    it('writes nothing while it stays clear', () => {
      const resolved = run([errorRate(0.02), errorRate(0.001)], once).at(-1)!.state!;
      const ticks = run([errorRate(0.001), errorRate(0.001)], once, resolved, T0 + HOUR);
      expect(ticks.every((tick) => tick.decision.next === undefined)).toBe(true);
    });
  });

  it('writes nothing for a healthy resource with no alert', () => {
    expect(decide(undefined, errorRate(0.001), once, T0)).toEqual({ action: 'none', notify: false, reason: 'clear' });
  });

  it('refuses a state that belongs to another key', () => {
    const other = { ...openState(), key: 'health:other:error-rate' };
    expect(() => decide(other, errorRate(0.02), once, T0)).toThrow(RangeError);
  });
});

describe('snooze', () => {
  it('offers 1 h, 4 h and 24 h', () => {
    expect(SNOOZE_PRESETS).toEqual({ '1h': HOUR, '4h': 4 * HOUR, '24h': 24 * HOUR });
  });

  it('silences changes until its time, then says what it held back', () => {
    const start = T0 + MINUTE;
    const snoozed = snooze(openState(), 'U0BOB', start + SNOOZE_PRESETS['1h'], start);
    if (!snoozed.ok) throw new Error('expected the snooze to apply');
    expect(snoozed.state).toMatchObject({ snoozedUntil: start + HOUR, snoozedBy: 'U0BOB' });

    const during = run([errorRate(0.06), errorRate(0.06)], once, snoozed.state, start + MINUTE);
    expect(actions(during)).toEqual(['update', 'none']);
    expect(notified(during)).toEqual([]);

    const after = run([errorRate(0.06), errorRate(0.06)], once, during.at(-1)!.state, start + HOUR);
    expect(after[0]!.decision).toMatchObject({ action: 'update', notify: true, reason: 'snooze-ended' });
    expect(after[0]!.state!.snoozedUntil).toBeUndefined();
    expect(after[1]!.decision.action).toBe('none');
  });

  it('ends quietly when nothing changed meanwhile', () => {
    const snoozed = snooze(openState(), 'U0BOB', T0 + HOUR, T0);
    if (!snoozed.ok) throw new Error('expected the snooze to apply');
    const ticks = run([errorRate(0.02), errorRate(0.02)], once, snoozed.state, T0 + HOUR);
    expect(notified(ticks)).toEqual([]);
    expect(ticks[0]!.state!.snoozedUntil).toBeUndefined();
  });

  it('resolves silently during the snooze, and a reopen stays silent until it ends', () => {
    const snoozed = snooze(openState(), 'U0BOB', T0 + 4 * HOUR, T0);
    if (!snoozed.ok) throw new Error('expected the snooze to apply');
    const ticks = run([errorRate(0.001), errorRate(0.02)], once, snoozed.state, T0 + HOUR);
    expect(actions(ticks)).toEqual(['resolve', 'open']);
    expect(notified(ticks)).toEqual([]);
    expect(ticks[1]!.state!.snoozedUntil).toBe(T0 + 4 * HOUR);
    expect(ticks[1]!.state!.openedAt).toBe(snoozed.state.openedAt);

    const after = run([errorRate(0.02), errorRate(0.02)], once, ticks[1]!.state, T0 + 4 * HOUR);
    expect(after.map((tick) => [tick.decision.action, tick.decision.notify])).toEqual([
      ['update', true],
      ['none', false],
    ]);
  });

  it('is refused for an alert that is not open, or for a time not in the future', () => {
    const resolved = run([errorRate(0.02), errorRate(0.001)], once).at(-1)!.state!;
    expect(snooze(resolved, 'U0BOB', T0 + 2 * HOUR, T0 + HOUR)).toMatchObject({ ok: false, reason: 'not-open' });
    expect(snooze(openState(), 'U0BOB', T0, T0)).toMatchObject({ ok: false, reason: 'bad-snooze' });
    expect(snooze(openState(), 'U0BOB', T0 + 8 * 24 * HOUR, T0)).toMatchObject({ ok: false, reason: 'bad-snooze' });
  });
});

describe('acknowledge', () => {
  it('records who acknowledged and when, without changing the alert otherwise', () => {
    const opened = openState();
    const result = acknowledge(opened, 'U0ALICE', T0 + 5 * MINUTE);
    expect(result).toEqual({ ok: true, state: { ...opened, acknowledgedBy: { user: 'U0ALICE', at: T0 + 5 * MINUTE }, updatedAt: T0 + 5 * MINUTE } });
  });

  it('keeps the first acknowledgement', () => {
    const first = acknowledge(openState(), 'U0ALICE', T0);
    if (!first.ok) throw new Error('expected the acknowledgement to count');
    expect(acknowledge(first.state, 'U0BOB', T0 + MINUTE)).toMatchObject({ ok: false, reason: 'already-acknowledged' });
  });

  it('is refused once resolved', () => {
    const resolved = run([errorRate(0.02), errorRate(0.001)], once).at(-1)!.state!;
    expect(acknowledge(resolved, 'U0ALICE', T0 + HOUR)).toMatchObject({ ok: false, reason: 'not-open' });
  });
});

describe('resolveGone', () => {
  it('resolves an open alert at once and does nothing to others', () => {
    const gone = resolveGone(openState(), T0 + HOUR);
    expect(gone).toMatchObject({ action: 'resolve', notify: true, next: { status: 'resolved', resolvedAt: T0 + HOUR } });
    expect(resolveGone(gone.next!, T0 + 2 * HOUR).action).toBe('none');
  });
});

describe('rulesFor', () => {
  it('uses the consecutive breaches for health only', () => {
    expect(rulesFor('health', 3)).toEqual({ openAfter: 3, resolveAfter: 3 });
    for (const watcher of ['drift', 'cost', 'idle'] as const) expect(rulesFor(watcher, 3)).toEqual({ openAfter: 1, resolveAfter: 1 });
  });
});

describe('fingerprintOf', () => {
  it('ignores small wobbles and notices a severity change or a large move', () => {
    const base = errorRate(0.02).details;
    expect(fingerprintOf({ ...base, errorRate: 0.021 } as typeof base, 'warning')).toBe(fingerprintOf(base, 'warning'));
    expect(fingerprintOf(base, 'critical')).not.toBe(fingerprintOf(base, 'warning'));
    expect(fingerprintOf({ ...base, errorRate: 0.04 } as typeof base, 'warning')).not.toBe(fingerprintOf(base, 'warning'));
  });
});

describe('openAlerts', () => {
  it('lists open alerts only, newest first', () => {
    const a = { ...openState(), key: 'health:a:error-rate', openedAt: T0 };
    const b = { ...openState(), key: 'health:b:error-rate', openedAt: T0 + HOUR };
    const resolved = { ...openState(), key: 'health:c:error-rate', status: 'resolved' as const, openedAt: T0 + 2 * HOUR };
    expect(openAlerts([a, resolved, b]).map((state) => state.key)).toEqual(['health:b:error-rate', 'health:a:error-rate']);
  });
});
