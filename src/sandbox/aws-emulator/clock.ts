import type { Clock } from '../../clock.ts';

export interface SimClockOptions {
  /**
   * Simulated epoch milliseconds at creation.
   * @defaultValue the real time at creation
   */
  start?: number;
  /**
   * Simulated milliseconds that pass per real millisecond. 0 freezes the clock so only
   * `advance()` moves it (what tests want); the sandbox runs it at e.g. 60 for a minute a second.
   * @defaultValue 0
   */
  speed?: number;
}

/**
 * The emulator's time. Resource states are derived from `now()` whenever they are read (no
 * timers), so moving this clock moves every resource deterministically.
 */
export class SimClock implements Clock {
  private anchorSim: number;
  private anchorReal: number;
  private currentSpeed: number;

  constructor(options: SimClockOptions = {}) {
    this.anchorReal = Date.now();
    this.anchorSim = options.start ?? this.anchorReal;
    this.currentSpeed = options.speed ?? 0;
  }

  now(): number {
    if (this.currentSpeed === 0) return this.anchorSim;
    return this.anchorSim + (Date.now() - this.anchorReal) * this.currentSpeed;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance the clock by ${ms} ms`);
    this.anchorSim += ms;
  }

  get speed(): number {
    return this.currentSpeed;
  }

  /** Changes the speed from now on; time already elapsed keeps the old rate. */
  setSpeed(speed: number): void {
    if (!Number.isFinite(speed) || speed < 0) throw new RangeError(`invalid clock speed ${speed}`);
    this.anchorSim = this.now();
    this.anchorReal = Date.now();
    this.currentSpeed = speed;
  }
}
