/**
 * What the machine did to the page's main thread besides its own work, on Linux: the kernel's
 * schedstat of the thread, the hypervisor's steal, and the slowdown probe (a process of its own).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Ms a thread spent on a CPU, and runnable but waiting for one (a scheduler's account). */
export interface Sched {
  run: number;
  wait: number;
}

/**
 * The page's main thread as the kernel scheduled it, on Linux: `/proc/<pid>/task/<pid>/schedstat`
 * (ns on a CPU, ns runnable but waiting for one). On a small machine a task can take several
 * times its CPU time while other threads (the compositor's, the GPU process's, the worker) hold
 * the cores; this says how much of a phase that was. `pid` is the page's renderer
 * (`pageRenderer`). Undefined elsewhere.
 */
export function mainThreadSched(pid: string | undefined): (() => Sched | undefined) | undefined {
  if (!pid) return undefined;
  const path = `/proc/${pid}/task/${pid}/schedstat`;
  return () => {
    try {
      const [run, wait] = readFileSync(path, 'latin1').split(' ').map(Number);
      return { run: run / 1e6, wait: wait / 1e6 };
    } catch {
      return undefined;
    }
  };
}

/** Seconds on CLOCK_MONOTONIC, the clock of Chromium's traces on Linux (libuv's hrtime). */
export const monotonic = (): number => Number(process.hrtime.bigint()) / 1e9;

/** The index of the last time in `at` (ascending) at or before `t`; 0 if none is. */
function atOrBefore(at: readonly number[], t: number): number {
  let lo = 0;
  let hi = at.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (at[mid] <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Ms of one CPU a /proc/stat tick is (USER_HZ, 100 on Linux). */
const TICK_MS = 10;
const STEAL_EVERY = 10;

/**
 * CPU time the hypervisor took from this machine's CPUs (`steal` in /proc/stat, summed over
 * them), sampled every STEAL_EVERY ms: Linux under a hypervisor only. A virtual CPU the host
 * gives to another guest stops whatever thread was on it, the page's main thread too, and no
 * thread's CPU time counts it: a task can then last far longer than its CPU time while the
 * scheduler says nothing waited. Tasks are told apart by whether that happened during them.
 */
export function stealSampler():
  { between: (a: number, b: number) => number; stop: () => void } | undefined {
  const read = (): number | undefined => {
    try {
      // cpu  user nice system idle iowait irq softirq steal …
      const fields = readFileSync('/proc/stat', 'latin1').split('\n', 1)[0].trim().split(/\s+/);
      return fields.length > 8 ? Number(fields[8]) * TICK_MS : undefined;
    } catch {
      return undefined;
    }
  };
  if (read() === undefined) return undefined;
  const at: number[] = [];
  const total: number[] = [];
  const sample = () => {
    const v = read();
    if (v === undefined) return;
    at.push(monotonic());
    total.push(v);
  };
  sample();
  const timer = setInterval(sample, STEAL_EVERY);
  return {
    /** Steal (ms, all CPUs) between monotonic seconds `a` and `b`, to the samples around them. */
    between: (a, b) => {
      const i = atOrBefore(at, a);
      const j = Math.min(at.length - 1, atOrBefore(at, b) + 1);
      return total[j] - total[i];
    },
    stop: () => clearInterval(timer),
  };
}

/** How often (ms) the slowdown probe times its fixed work, and how much slower is a slowdown. */
const SLOWDOWN_EVERY = 10;
export const SLOWDOWN = 3;

/**
 * The probe's source, run by a Node process of its own (its CPU time is then one thread's): every
 * SLOWDOWN_EVERY ms, a fixed piece of arithmetic (~0.2 ms, no allocation) and the CPU time it took,
 * printed with when it started (CLOCK_MONOTONIC, ns).
 */
const PROBE_SOURCE = `
let sink = 0;
const work = () => { let h = 0; for (let i = 0; i < 150000; i++) h = (h * 31 + i) | 0; sink ^= h; };
for (let i = 0; i < 100; i++) work();
setInterval(() => {
  const at = process.hrtime.bigint();
  const before = process.cpuUsage();
  work();
  const took = process.cpuUsage(before);
  process.stdout.write(at + ' ' + (took.user + took.system) + '\\n');
}, ${SLOWDOWN_EVERY});
`;

/**
 * Times when this machine itself ran slowly. On this project's virtual machines the host, every
 * second or two, makes both CPUs run code 4-17 times slower for 100-300 ms, and it counts as
 * neither steal nor waiting: the threads' own CPU time grows (a fixed 1 ms of work measured
 * 5-17 ms of CPU time, on an idle machine). A task of 10 ms of the page's work then lasts 50.
 * The probe times the same small work all along, in CPU time (which waiting for a CPU does not
 * add to), and a sample SLOWDOWN times its median or more is the machine's slowdown. It costs
 * ~2% of one CPU.
 */
export function slowdownProbe(): {
  /** The slowest sample (× the median) that started between monotonic seconds `a` and `b`. */
  slowest: (a: number, b: number) => number;
  /** The share of the samples between `a` and `b` that ran SLOWDOWN times slower or more. */
  share: (a: number, b: number) => number;
  /**
   * The share of windows `length` s long between `a` and `b` (one starting every 5 ms) that hold
   * a slowdown: how often a task that long would run during one by chance.
   */
  chance: (a: number, b: number, length: number) => number;
  stop: () => void;
} {
  const child = spawn(process.execPath, ['-e', PROBE_SOURCE], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const at: number[] = [];
  const cpu: number[] = [];
  let partial = '';
  child.stdout.setEncoding('latin1');
  child.stdout.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      const [t, us] = line.split(' ');
      at.push(Number(BigInt(t)) / 1e9);
      cpu.push(Number(us));
    }
  });
  let sortedAt = 0;
  let sortedMedian = 1;
  const median = () => {
    if (sortedAt !== cpu.length) {
      sortedAt = cpu.length;
      sortedMedian = [...cpu].sort((x, y) => x - y)[cpu.length >> 1] || 1;
    }
    return sortedMedian;
  };
  /** The samples that started between `a` and `b`, each × the median. */
  const within = (a: number, b: number) => {
    const m = median();
    const out: number[] = [];
    for (let i = atOrBefore(at, a); i < at.length && at[i] <= b; i++)
      if (at[i] >= a) out.push(cpu[i] / m);
    return out;
  };
  return {
    slowest: (a, b) => Math.max(0, ...within(a, b)),
    share: (a, b) => {
      const r = within(a, b);
      return r.length ? r.filter((x) => x >= SLOWDOWN).length / r.length : 0;
    },
    chance: (a, b, length) => {
      const m = median();
      const slow = at.filter((t, i) => t >= a && t <= b && cpu[i] >= SLOWDOWN * m);
      let windows = 0;
      let hit = 0;
      let next = 0;
      for (let start = a; start + length <= b; start += 0.005) {
        windows++;
        while (next < slow.length && slow[next] < start) next++;
        if (next < slow.length && slow[next] <= start + length) hit++;
      }
      return windows ? hit / windows : 0;
    },
    stop: () => child.kill(),
  };
}

/** The pid of the page's renderer, on Linux: the one running the playground's worker. */
export function pageRenderer(): string | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('--type=renderer')) continue;
      const threads = readdirSync(`/proc/${pid}/task`);
      const comm = (t: string) => readFileSync(`/proc/${pid}/task/${t}/comm`, 'latin1');
      if (threads.some((t) => comm(t).startsWith('DedicatedWorker'))) return pid;
    } catch {
      // a process that ended while we looked
    }
  }
  return undefined;
}
