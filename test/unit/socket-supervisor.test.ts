import { describe, expect, it } from 'vitest';
import { reconnectDelay } from '../../src/slack/socket-supervisor.ts';

describe('reconnectDelay', () => {
  it('reconnects at once after a routine drop', () => {
    expect(reconnectDelay(0, 1_000, 60_000)).toBe(0);
  });

  it('waits 1 s after the first failure and doubles after each further one, up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((failures) => reconnectDelay(failures, 1_000, 60_000, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000]);
  });

  it('takes a random half off the wait, so replicas do not all come back at once', () => {
    expect(reconnectDelay(3, 1_000, 60_000, () => 0)).toBe(2_000);
    expect(reconnectDelay(3, 1_000, 60_000, () => 0.5)).toBe(3_000);
    const waits = Array.from({ length: 200 }, () => reconnectDelay(7, 1_000, 60_000));
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(30_000);
    expect(Math.max(...waits)).toBeLessThanOrEqual(60_000);
    expect(new Set(waits).size).toBeGreaterThan(1);
  });

  it('stays at the cap however long the outage lasts', () => {
    expect(reconnectDelay(10_000, 1_000, 60_000, () => 1)).toBe(60_000);
  });
});
