/**
 * The world's virtual clock (docs/architecture.md "Time as data", like XState's SimulatedClock): it maps
 * the host's real time to virtual time at a rate (paused, ×1, ×2, ×10, ×100), can jump to the
 * next deadline, and never runs backwards. It reads no clock itself: the host passes `realNow`.
 */
export type ClockRate = 0 | 1 | 2 | 10 | 100;
export const CLOCK_RATES: readonly ClockRate[] = [0, 1, 2, 10, 100];

export class VirtualClock {
  private virtualBase: number;
  private realBase: number;
  private currentRate: ClockRate;

  constructor(realNow: number, rate: ClockRate = 1, start = 0) {
    this.virtualBase = start;
    this.realBase = realNow;
    this.currentRate = rate;
  }

  get rate(): ClockRate {
    return this.currentRate;
  }

  get paused(): boolean {
    return this.currentRate === 0;
  }

  /** Virtual time (ms) at real time `realNow`. */
  now(realNow: number): number {
    return this.virtualBase + Math.max(0, realNow - this.realBase) * this.currentRate;
  }

  setRate(rate: ClockRate, realNow: number): void {
    this.rebase(realNow);
    this.currentRate = rate;
  }

  /** Jumps forward to `virtualTime` (ignored if it is in the past: the clock never runs backwards). */
  jumpTo(virtualTime: number, realNow: number): number {
    this.rebase(realNow);
    if (virtualTime > this.virtualBase) this.virtualBase = virtualTime;
    return this.virtualBase;
  }

  /** Real milliseconds until virtual time `virtualTime`, or undefined while paused. */
  realDelayUntil(virtualTime: number, realNow: number): number | undefined {
    if (this.currentRate === 0) return undefined;
    return Math.max(0, (virtualTime - this.now(realNow)) / this.currentRate);
  }

  private rebase(realNow: number): void {
    this.virtualBase = this.now(realNow);
    this.realBase = realNow;
  }
}
