// For tests: a host environment whose real time is a number the test moves; the host's timers
// fire, in order, when the test moves time past them.
import type { HostEnvironment } from '../host';

export class FakeEnv implements HostEnvironment {
  private timers = new Map<number, { at: number; fn: () => void }>();
  private id = 0;

  constructor(public t = 0) {}

  realNow = () => this.t;
  setTimer = (fn: () => void, ms: number) => {
    this.timers.set(++this.id, { at: this.t + ms, fn });
    return this.id;
  };
  clearTimer = (h: unknown) => {
    this.timers.delete(h as number);
  };
  /** Moves real time forward by `ms`, firing due timers in order. */
  run = (ms: number) => {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.timers.entries()]
        .filter(([, v]) => v.at <= end)
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = Math.max(this.t, due[1].at);
      due[1].fn();
    }
    this.t = end;
  };
}
