// The driver: runs a world on real time through a virtual clock. It advances the world to the
// clock's now when asked and at every deadline, and serves the clock intents.
import { CLOCK_RATES, VirtualClock } from '../sim';
import type { ClockRate, World } from '../sim';
import type { ClockState, IntentResult } from './api';
import { msg } from '../wire/msg';

/** What the host needs from its environment: real time and timers (a Worker, or a test). */
export interface HostEnvironment {
  realNow(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/** How intents move time: the live driver moves its clock, a replay moves the world itself. */
export interface TimeControl {
  setRate(rate: ClockRate): IntentResult;
  stepToNext(): IntentResult;
  advanceBy(ms: number): IntentResult;
}

/** The longest sleep between two wake-ups, so a rate change shows promptly. */
const MAX_SLEEP = 1000;

export class Driver implements TimeControl {
  clock: VirtualClock;
  private wake: unknown;
  /** When (real ms) the pending wake-up fires. */
  private wakeDue = 0;

  constructor(
    private readonly env: HostEnvironment,
    private readonly world: () => World,
    /** Called after every advance, before the next wake-up is arranged. */
    private readonly advanced: () => void,
  ) {
    this.clock = new VirtualClock(env.realNow(), 1);
  }

  /** Advances the world to the clock's now, then arranges the next wake-up. */
  catchUp(): void {
    this.world().advance(this.clock.now(this.env.realNow()));
    this.advanced();
    this.schedule();
  }

  /** A new clock at `rate`, reading `at` virtual ms now (a new world, a replayed one). */
  restart(rate: ClockRate, at = 0): void {
    this.clock = new VirtualClock(this.env.realNow(), rate);
    if (at) this.clock.jumpTo(at, this.env.realNow());
  }

  state(): ClockState {
    const realAt = this.env.realNow();
    return {
      now: this.clock.now(realAt),
      rate: this.clock.rate,
      realAt,
      nextDeadline: this.world().nextDeadline(),
    };
  }

  setRate(rate: ClockRate): IntentResult {
    if (!CLOCK_RATES.includes(rate))
      return { ok: false, error: msg('notices:clock.rate', { rates: CLOCK_RATES.join(', ') }) };
    this.clock.setRate(rate, this.env.realNow());
    return { ok: true };
  }

  stepToNext(): IntentResult {
    const next = this.world().nextDeadline();
    if (next === undefined) return { ok: false, error: msg('notices:clock.nothing-scheduled') };
    this.clock.jumpTo(next, this.env.realNow());
    return { ok: true, detail: `stepped to ${next} ms` };
  }

  advanceBy(ms: number): IntentResult {
    if (!(ms > 0)) return { ok: false, error: msg('notices:clock.advance-positive') };
    this.clock.jumpTo(this.clock.now(this.env.realNow()) + ms, this.env.realNow());
    return { ok: true };
  }

  private schedule(): void {
    const next = this.world().nextDeadline();
    const realNow = this.env.realNow();
    const delay = next === undefined ? undefined : this.clock.realDelayUntil(next, realNow);
    const due = delay === undefined ? Infinity : realNow + Math.min(MAX_SLEEP, Math.max(0, delay));
    // A pending wake-up no later than needed stays: re-arming per datagram costs two timer calls.
    if (this.wake !== undefined && this.wakeDue <= due) return;
    if (this.wake !== undefined) this.env.clearTimer(this.wake);
    this.wake = undefined;
    if (due === Infinity) return;
    this.wakeDue = due;
    this.wake = this.env.setTimer(() => {
      this.wake = undefined;
      this.catchUp();
    }, due - realNow);
  }
}

/** Time for a replay: the world itself moves, at once; the rate is the live clock's business. */
export function replayTime(world: () => World): TimeControl {
  return {
    setRate: () => ({ ok: true }),
    stepToNext: () => {
      const next = world().nextDeadline();
      if (next !== undefined) world().advance(next);
      return { ok: true };
    },
    advanceBy: (ms) => {
      world().advance(world().now + Math.max(0, ms));
      return { ok: true };
    },
  };
}
