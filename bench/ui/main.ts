/**
 * UI stress benchmark (`npm run bench:ui`): streams 100,000+ datagrams (≈3 journal entries each)
 * into the page while the packet log scrolls continuously, and reports what the main thread went
 * through: the longest task (PerformanceObserver 'longtask'), animation frames slower than 50 ms,
 * and the JS heap before, at a full ring, and after more traffic (memory must stay bounded by
 * the ring, not grow with the traffic).
 *
 * The stream starts once the page has loaded and rested (QUIET); the long tasks of its start are
 * reported on a line of their own. `--loaf` lists every frame of 50 ms or more with the scripts
 * that ran in it (the Long Animation Frames API).
 *
 * Traffic: one simulated client observes `bench/#` and publishes NON to `bench/t` with the clock
 * at ×100, through the page's test hook (`?testhooks`): every publish is a request, a NON reply
 * and a NON notification.
 *
 * Usage: vite build && tsx bench/ui/main.ts [--datagrams=100000] [--port=4310]
 *        [--extra=30000] [--chunk=100] [--rate=750] [--scroll=300] [--dist=dist] [--profile=fill.cpuprofile]
 *        [--loaf] [--sched] [--headed]
 * Needs Debian's Chromium at /usr/bin/chromium (never `npx playwright install`).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type CDPSession, type Page } from '@playwright/test';
import { PAGE_JOURNAL_CAPACITY } from '../../src/ui/state/store';

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'] as const;
  }),
);
const TARGET = Number(args.get('datagrams') ?? 100_000);
/** Datagrams sent after the ring is full, to show the heap stays flat. */
const EXTRA = Number(args.get('extra') ?? 30_000);
const PORT = Number(args.get('port') ?? 4310);
/**
 * Publishes per round trip, sent as one `dispatchAll` (one message, as a flood from the relay
 * arrives in the worker: the page's main thread, which is measured, never carries traffic).
 */
const CHUNK = Number(args.get('chunk') ?? 100);
/**
 * Publishes sent a second (each is 3 datagrams and ~9 journal entries): 2,250 datagrams a second,
 * a pace that never makes the worker skip entries (unpaced, bursts did: a fifth of them in one
 * run), so every run streams the same traffic into the page.
 */
const RATE = Number(args.get('rate') ?? 750);
/** The build to serve (default `dist`, what `vite build` writes). */
const DIST = args.get('dist');
/** Pixels the packet log scrolls each frame: 300 ≈ 6.5 rows, a fast fling (18,000 px/s). */
const SCROLL = Number(args.get('scroll') ?? 300);
/** Writes a main-thread CPU profile of the fill phase there and prints its hottest functions. */
const PROFILE = args.get('profile');
/**
 * Lists each animation frame of 50 ms or more (the Long Animation Frames API) with the scripts
 * that ran in it: what a long task was made of.
 */
const LOAF = args.has('loaf');
/**
 * Records the kernel's scheduler events for the run (`perf sched record`; Linux, root, perf
 * installed) and says, for each phase's longest tasks, which threads had the CPUs meanwhile.
 */
const SCHED = args.has('sched');
const PER_PUBLISH = 3; // the POST, its NON reply, the NON notification
/** How long (ms) the loaded page is left alone before the stream starts. */
const QUIET = 2000;

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
const ms = (x: number) => `${x.toFixed(1)} ms`;
const pct = (msIn: number, seconds: number) => `${((msIn / (seconds * 1000)) * 100).toFixed(0)}%`;

async function startPreview(): Promise<ChildProcess> {
  const child = spawn(
    './node_modules/.bin/vite',
    [
      'preview',
      '--host',
      '127.0.0.1',
      '--port',
      String(PORT),
      '--strictPort',
      ...(DIST ? ['--outDir', DIST] : []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`vite preview exited:\n${log}`);
    try {
      const r = await fetch(`http://127.0.0.1:${PORT}/`);
      if (r.ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(`vite preview did not start on port ${PORT}:\n${log}`);
}

/** Installs the probes: long tasks, frame gaps, and a continuous scroll of the packet log. */
async function installProbes(page: Page): Promise<void> {
  await page.evaluate(
    ([step, loaf]) => {
      const b: Probes = {
        long: [],
        frames: [],
        gaps: [],
        last: performance.now(),
        scrolling: false,
        direction: 1,
        scrolled: 0,
      };
      (window as unknown as { __bench: Probes }).__bench = b;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) b.long.push(e.duration);
      }).observe({ type: 'longtask', buffered: true });
      interface Script {
        invoker: string;
        duration: number;
        forcedStyleAndLayoutDuration: number;
        sourceFunctionName: string;
      }
      interface Frame extends PerformanceEntry {
        blockingDuration: number;
        renderStart: number;
        styleAndLayoutStart: number;
        scripts: Script[];
      }
      if (loaf)
        new PerformanceObserver((list) => {
          for (const f of list.getEntries() as Frame[]) {
            if (f.duration < 50) continue;
            const at = (t: number) => (t ? `${Math.round(t - f.startTime)}` : '-');
            const scripts = f.scripts
              .filter((x) => x.duration >= 1)
              .map(
                (x) =>
                  `${x.invoker}${x.sourceFunctionName ? ` (${x.sourceFunctionName})` : ''} ${Math.round(x.duration)} ms` +
                  (x.forcedStyleAndLayoutDuration >= 1
                    ? `, forced layout ${Math.round(x.forcedStyleAndLayoutDuration)}`
                    : ''),
              );
            b.frames.push(
              `${Math.round(f.duration)} ms at ${Math.round(f.startTime)} (blocking ${Math.round(f.blockingDuration)}; render at ${at(f.renderStart)}, layout at ${at(f.styleAndLayoutStart)}): ${scripts.join('; ') || 'no script'}`,
            );
          }
        }).observe({ type: 'long-animation-frame' });
      const frame = (t: number) => {
        b.gaps.push(t - b.last);
        b.last = t;
        if (b.scrolling) {
          const el = document.querySelector<HTMLElement>('[data-testid="packet-log"]');
          if (el) {
            // `step` px a frame, down to the newest, then back up to the oldest.
            const max = el.scrollHeight - el.clientHeight;
            if (el.scrollTop >= max - 1) b.direction = -1;
            else if (el.scrollTop <= 0) b.direction = 1;
            el.scrollTop += b.direction * step;
            b.scrolled++;
          }
        }
        requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
    },
    [SCROLL, LOAF] as const,
  );
}

async function resetProbes(page: Page, scrolling: boolean): Promise<void> {
  await page.evaluate((scrolling) => {
    const b = (window as unknown as { __bench: Probes }).__bench;
    b.long = [];
    b.frames = [];
    b.gaps = [];
    b.last = performance.now();
    b.scrolling = scrolling;
  }, scrolling);
}

interface Probe {
  long: number[];
  frames: string[];
  gaps: number[];
  scrolled: number;
  /** Ms since the last animation frame: a page that stopped drawing has no gap to show it. */
  sinceLast: number;
}

/** The probes' state in the page (`window.__bench`), as `installProbes` makes it. */
interface Probes extends Omit<Probe, 'sinceLast'> {
  last: number;
  scrolling: boolean;
  direction: number;
}

const readProbes = (page: Page): Promise<Probe> =>
  page.evaluate(() => {
    const b = (window as unknown as { __bench: Probes }).__bench;
    return {
      long: [...b.long],
      frames: [...b.frames],
      gaps: [...b.gaps],
      scrolled: b.scrolled,
      sinceLast: performance.now() - b.last,
    };
  });

/** The page's main-thread tasks over a phase, from a Chromium trace ('toplevel' category). */
interface Tasks {
  count: number;
  /**
   * The longest tasks, longest first: wall-clock ms, the thread's CPU ms in them, and when they
   * started (s, CLOCK_MONOTONIC: Chromium's trace clock on Linux).
   */
  longest: Task[];
  /** Every task, longest first. */
  ranked: Task[];
  /** Every task of 50 ms or more, in the order they ran. */
  long: Task[];
  over: (ms: number) => number;
}

/** A main-thread task: wall-clock ms, the thread's CPU ms in it, when it started (as above). */
interface Task {
  wall: number;
  cpu: number;
  at: number;
}

/**
 * Every task the page's main thread ran, from a trace of the 'toplevel' category (cheap: one
 * event per task). The longtask API tells only of tasks of 50 ms or more; this tells how long the
 * longest was, however short, and how much of it the thread had the CPU (on a small machine a
 * task can take several times its CPU time while other threads hold the cores; the phase's
 * share of that is `mainThreadSched`'s).
 */
function mainThreadTasks(trace: Buffer): Tasks {
  interface TraceEvent {
    name: string;
    ph: string;
    pid: number;
    tid: number;
    ts: number;
    dur?: number;
    tdur?: number;
    args?: { name?: string };
  }
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const renderers = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  // The page's renderer is the busy one (the browser may keep another, idle, for about:blank).
  const byThread = new Map<string, Task[]>();
  for (const e of events) {
    const thread = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || e.name !== 'ThreadControllerImpl::RunTask' || !renderers.has(thread))
      continue;
    let list = byThread.get(thread);
    if (!list) byThread.set(thread, (list = []));
    list.push({ wall: (e.dur ?? 0) / 1000, cpu: (e.tdur ?? 0) / 1000, at: e.ts / 1e6 });
  }
  const inOrder = [...byThread.values()].reduce((a, b) => (b.length > a.length ? b : a), []);
  const tasks = [...inOrder].sort((a, b) => b.wall - a.wall);
  return {
    count: tasks.length,
    longest: tasks.slice(0, 3),
    ranked: tasks,
    long: inOrder.filter((t) => t.wall >= 50),
    over: (ms) => tasks.filter((t) => t.wall > ms).length,
  };
}

/** Ms a thread spent on a CPU, and runnable but waiting for one (a scheduler's account). */
interface Sched {
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
function mainThreadSched(pid: string | undefined): (() => Sched | undefined) | undefined {
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
const monotonic = (): number => Number(process.hrtime.bigint()) / 1e9;

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

/** When a task ended, in monotonic seconds as its start (`Task.at`). */
const endOf = (t: Task): number => t.at + t.wall / 1000;

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
function stealSampler():
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
const SLOWDOWN = 3;

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
function slowdownProbe(): {
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
function pageRenderer(): string | undefined {
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

/** A thread's time on a CPU, from the scheduler's trace (seconds, CLOCK_MONOTONIC). */
interface Slice {
  thread: string;
  start: number;
  end: number;
}

/** The page's main thread, in `Slice.thread`. */
const PAGE_MAIN = 'pageMain';

/**
 * `perf sched record` over the whole run, with CLOCK_MONOTONIC timestamps so they line up with
 * Chromium's trace. `stop` ends it and returns every thread's slices on a CPU, named by their
 * command, and by `processes` (pid → name) for the processes named there; the renderer's
 * threads are the page's, its main thread PAGE_MAIN. `cancel` ends it and drops the record (a run that failed: perf would
 * otherwise go on recording after the bench).
 */
async function recordScheduler(): Promise<{
  stop: (renderer: string | undefined, processes: Map<string, string>) => Promise<Slice[]>;
  cancel: () => Promise<void>;
}> {
  try {
    execFileSync('perf', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('--sched needs perf (Debian: linux-perf)');
  }
  if (process.getuid?.() !== 0) throw new Error('--sched needs root (perf sched record)');
  const dir = mkdtempSync(join(tmpdir(), 'bench-sched-'));
  const file = join(dir, 'perf.data');
  const perf = spawn('perf', ['sched', 'record', '-k', 'CLOCK_MONOTONIC', '-o', file], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  perf.stderr.on('data', (d) => (log += d));
  const exited = new Promise<void>((resolve) => {
    perf.on('close', () => resolve());
    perf.on('error', (e) => {
      log += String(e);
      resolve();
    });
  });
  // Recording once perf has written its header (~0.3 s), and a little more: the first tasks of
  // the first phase came before the first events.
  for (let i = 0; i < 100 && perf.exitCode === null; i++) {
    if (existsSync(file) && statSync(file).size > 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 500));
  const end = async () => {
    if (perf.exitCode === null) perf.kill('SIGINT');
    await exited;
  };
  return {
    async cancel() {
      await end();
      rmSync(dir, { recursive: true, force: true });
    },
    async stop(renderer, processes) {
      await end();
      try {
        // `perf sched timehist`: one line per switch, "time cpu comm[tid/pid] wait delay run (ms)".
        const out = execFileSync('perf', ['sched', 'timehist', '-i', file, '--no-call-graph'], {
          encoding: 'latin1',
          maxBuffer: 1 << 30,
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        const slices: Slice[] = [];
        for (const line of out.split('\n')) {
          const m =
            /^\s*([\d.]+)\s+\[\d+\]\s+(.+?)\[(\d+)(?:\/(\d+))?\]\s+[\d.]+\s+[\d.]+\s+([\d.]+)/.exec(
              line,
            );
          if (!m) continue;
          const [, time, comm, tid, pid = tid, run] = m;
          const end = Number(time);
          const owner = pid === renderer ? 'page' : processes.get(pid);
          const thread =
            pid === renderer && tid === pid ? PAGE_MAIN : owner ? `${comm} (${owner})` : comm;
          slices.push({ thread, start: end - Number(run) / 1000, end });
        }
        if (!slices.length) throw new Error(`--sched: no scheduler events: ${log.trim()}`);
        return slices;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** What ran on the CPUs during [at, at + ms], by thread, most first (ms). */
function whoRan(slices: Slice[], at: number, ms: number): [string, number][] {
  const end = at + ms / 1000;
  const by = new Map<string, number>();
  for (const s of slices) {
    const overlap = Math.min(s.end, end) - Math.max(s.start, at);
    if (overlap > 0) by.set(s.thread, (by.get(s.thread) ?? 0) + overlap * 1000);
  }
  return [...by].sort((a, b) => b[1] - a[1]);
}

/** The JS heap after a full garbage collection (Chromium's precise performance.memory). */
async function heap(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const w = window as unknown as { gc?: () => void };
    for (let i = 0; i < 3; i++) {
      w.gc?.();
      await new Promise((r) => setTimeout(r, 50));
    }
    return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
  });
}

/** Journal entries the worker skipped rather than send (the page says so above the log). */
const skipped = (page: Page): Promise<number> =>
  page.evaluate(() => {
    const m = /([\d,]+) journal entr(?:y|ies) skipped/.exec(document.body.innerText);
    return m ? Number(m[1].replace(/,/g, '')) : 0;
  });

/** The number of datagrams the packet log says it holds. */
const logged = (page: Page): Promise<number> =>
  page.evaluate(() => {
    const text = document.querySelector('[data-testid="packet-count"]')?.textContent ?? '0';
    const m = /([\d,]+) packets?$/.exec(text.trim());
    return m ? Number(m[1].replace(/,/g, '')) : 0;
  });

/**
 * Observes `bench/#` and sends `publishes` NON publishes, CHUNK a round trip at RATE a second,
 * with the clock at ×100 meanwhile and paused afterwards (a pause of half a second at ×100 is 50
 * virtual seconds: the channel, and its observation, would expire). Returns the seconds it took.
 */
async function publish(page: Page, publishes: number, label: string): Promise<number> {
  await page.evaluate(async () => {
    const hook = (
      window as unknown as { __playground: { dispatch: (i: unknown) => Promise<unknown> } }
    ).__playground;
    await hook.dispatch({
      type: 'send',
      client: 'bench',
      spec: { method: 'GET', confirmable: false, path: 'ps/bench/%23', observe: 0 },
    });
    await hook.dispatch({ type: 'clock-rate', rate: 100 });
  });
  const started = Date.now();
  for (let done = 0; done < publishes; done += CHUNK) {
    const n = Math.min(CHUNK, publishes - done);
    // A fixed pace, whatever the page's speed: a faster page must not earn itself more traffic.
    const due = started + (done / RATE) * 1000;
    if (Date.now() < due) await new Promise((r) => setTimeout(r, due - Date.now()));
    const failures = await page.evaluate(async (n) => {
      const hook = (
        window as unknown as {
          __playground: {
            dispatchAll: (i: unknown[]) => Promise<{ ok: boolean; error?: string }[]>;
          };
        }
      ).__playground;
      const payload = new TextEncoder().encode('{"t":21.5}');
      const results = await hook.dispatchAll(
        Array.from({ length: n }, () => ({
          type: 'send',
          client: 'bench',
          spec: { method: 'POST', confirmable: false, path: 'ps/bench/t', payload },
        })),
      );
      return results.filter((r) => !r.ok).map((r) => r.error);
    }, n);
    if (failures.length) throw new Error(`dispatch failed: ${failures[0]}`);
    if ((done / CHUNK) % 10 === 0)
      process.stdout.write(
        `\r${label}: ${(done + n).toLocaleString('en-US')} / ${publishes.toLocaleString('en-US')} publishes, ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
  }
  await page.evaluate(async () => {
    const hook = (
      window as unknown as { __playground: { dispatch: (i: unknown) => Promise<unknown> } }
    ).__playground;
    await hook.dispatch({ type: 'clock-rate', rate: 0 });
  });
  process.stdout.write('\n');
  return (Date.now() - started) / 1000;
}

/** The packet log's capacity (the page's journal ring): it never shows more rows than this. */
const LOG_CAPACITY = PAGE_JOURNAL_CAPACITY;

/**
 * Waits (up to 30 s) for the log to show `expected` rows, or as many as it holds, then a little
 * more. (Waiting for more than it holds waited the whole 30 s, counted as filling time.)
 */
async function settle(page: Page, expected: number): Promise<number> {
  const rows = Math.min(LOG_CAPACITY, expected);
  for (let i = 0; i < 300 && (await logged(page)) < rows; i++) await page.waitForTimeout(100);
  await page.waitForTimeout(500);
  return logged(page);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** The profile's top functions by self time. */
function hottest(profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }) {
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
  );
  const byName = new Map<string, number>();
  for (const n of profile.nodes) {
    const f = n.callFrame;
    const file = f.url.split('/').pop() ?? '';
    const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`;
    byName.set(key, (byName.get(key) ?? 0) + (self.get(n.id) ?? 0));
  }
  return [...byName.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 15)
    .map(([k, us]) => `  ${(us / 1000).toFixed(0).padStart(6)} ms  ${k}`);
}

/** What a phase measured (`phase` in `main`). */
interface Measured {
  probe: Probe;
  tasks: Tasks;
  seconds: number;
  /** Chromium's layout, style, script and task times over the phase. */
  layout: string;
  /** The main thread's time on a CPU and waiting for one over the phase (Linux only). */
  sched?: Sched;
  /**
   * CPU time (ms, all CPUs) the hypervisor took over the phase, and during each of the tasks of
   * 50 ms or more (`tasks.long`, same order); Linux under a hypervisor only.
   */
  steal?: { phase: number; tasks: number[] };
  /**
   * The share of the slowdown probe's samples over the phase that ran SLOWDOWN times slower or
   * more, for each task of 50 ms or more its slowest sample during it (× the median), and how
   * often a window as long as those tasks (on average) holds a slowdown by chance.
   */
  slowdown: { phase: number; tasks: number[]; chance: number };
  /** The longest task with neither steal nor a slowdown during it: the page's own longest. */
  undisturbed?: Task;
}

/**
 * For each of the longest tasks over 30 ms: how much of it the page's main thread ran, and which
 * threads ran on the CPUs meanwhile (the kernel's trace, `--sched`).
 */
function attribute(tasks: Tasks, slices: Slice[]): string[] {
  return tasks.longest
    .filter((t) => t.wall > 30)
    .map((t) => {
      const ran = whoRan(slices, t.at, t.wall);
      if (!ran.length)
        return `    the ${ms(t.wall)} task: the scheduler's record has nothing in its time (events lost?)`;
      const own = ran.find(([thread]) => thread === PAGE_MAIN)?.[1] ?? 0;
      const others = ran
        .filter(([thread]) => thread !== PAGE_MAIN)
        .slice(0, 5)
        .map(([thread, x]) => `${thread} ${x.toFixed(1)}`);
      return `    the ${ms(t.wall)} task: the main thread ran ${ms(own)} of it; the CPUs meanwhile ran ${others.join(', ')} ms`;
    });
}

/** How many of a phase's tasks of 50 ms or more ran with no steal during them. */
const withoutSteal = (m: Measured): number => m.steal?.tasks.filter((x) => x === 0).length ?? 0;

/**
 * Whether a task ran undisturbed: no steal (ms; unknown counts as none) and no slowdown of the
 * machine (its slowest probe sample × the median) during it. Such a task is the page's own.
 */
const undisturbedBy = (steal: number | undefined, slowest: number): boolean =>
  (steal ?? 0) === 0 && slowest < SLOWDOWN;

/** How many of a phase's tasks of 50 ms or more were the page's own (see `undisturbedBy`). */
const ownLong = (m: Measured): number =>
  m.tasks.long.filter((_, i) => undisturbedBy(m.steal?.tasks[i], m.slowdown.tasks[i])).length;

/** The machine's slowdowns over the phase, and which of its long tasks ran during one. */
function slowdownLines({ tasks, slowdown, undisturbed }: Measured): string[] {
  const slowed = slowdown.tasks.filter((x) => x >= SLOWDOWN).length;
  return [
    `  longest main-thread task with neither steal nor a slowdown during it: ${undisturbed ? `${ms(undisturbed.wall)} (CPU ${ms(undisturbed.cpu)})` : 'none found'}`,
    `  machine slowdowns (fixed work ${SLOWDOWN}× its usual CPU time or more): ${(slowdown.phase * 100).toFixed(1)}% of the probe's samples` +
      (tasks.long.length
        ? `; main-thread tasks ≥ 50 ms during one: ${slowed} of ${tasks.long.length}` +
          ` (slowest sample during each: ${slowdown.tasks.map((x) => `×${x.toFixed(1)}`).join(', ')};` +
          ` a window that long holds one ${(slowdown.chance * 100).toFixed(0)}% of the time)`
        : ''),
  ];
}

/** The phase's steal, and which of its long tasks the hypervisor took CPU time during. */
function stealLines(measured: Measured): string[] {
  const { tasks, seconds, steal } = measured;
  if (!steal) return [];
  const share = steal.phase / (seconds * 1000 * availableParallelism());
  const own = withoutSteal(measured);
  return [
    `  hypervisor (steal in /proc/stat): took ${(share * 100).toFixed(0)}% of the machine's CPU time over the phase` +
      (tasks.long.length
        ? `; main-thread tasks ≥ 50 ms with no steal during them: ${own} of ${tasks.long.length}` +
          ` (steal during each: ${steal.tasks.map((x) => x.toFixed(0)).join(', ')} ms)`
        : ''),
  ];
}

/**
 * The goal, over the three phases: no main-thread task of 50 ms or more (the trace's tasks). Where
 * steal is known, tasks during which the hypervisor took CPU time or the machine ran slowly are
 * told apart: those say more about the host than about the page.
 */
function verdict(phases: Measured[]): string {
  const long = phases.flatMap((m) => m.tasks.long);
  const goal = 'goal (no main-thread task of 50 ms or more)';
  const own = Math.max(0, ...phases.map((m) => m.undisturbed?.wall ?? 0));
  const page = `; the page's longest with neither steal nor a slowdown during it: ${ms(own)}`;
  if (!long.length) return `${goal}: met${page}`;
  const tasks = `${long.length} task${long.length === 1 ? '' : 's'} of 50 ms or more`;
  if (!phases.every((m) => m.steal)) return `${goal}: not met, ${tasks}${page}`;
  const stolen = phases.reduce((n, m) => n + (m.steal?.tasks.filter((x) => x > 0).length ?? 0), 0);
  const clean = phases.reduce((n, m) => n + ownLong(m), 0);
  const slowed = long.length - stolen - clean;
  const which = [
    stolen && `${stolen} while the hypervisor took CPU time`,
    slowed && `${slowed} during a slowdown of the machine (and no steal)`,
    `${clean || 'none'} with neither`,
  ].filter(Boolean);
  return `${goal}: not met, ${tasks}: ${which.join(', ')}${page}`;
}

function summarize(name: string, measured: Measured, slices: Slice[] | undefined): string[] {
  const { probe: p, tasks, seconds, layout, sched } = measured;
  const longest = p.long.length ? Math.max(...p.long) : 0;
  // The frame still awaited counts too: its gap is at least the time since the last one.
  const gaps = [...p.gaps, p.sinceLast];
  const slow = gaps.filter((g) => g > 50);
  const worstFrame = Math.max(...gaps);
  const sorted = [...gaps].sort((a, b) => a - b);
  const p95 = sorted[Math.floor(sorted.length * 0.95)];
  return [
    `${name} (${seconds.toFixed(1)} s, ${p.gaps.length} frames, ${(p.gaps.length / seconds).toFixed(0)} fps)`,
    ...(p.sinceLast > 1000
      ? [`  STALLED: no frame drawn in the last ${(p.sinceLast / 1000).toFixed(1)} s of this phase`]
      : []),
    `  long tasks (≥ 50 ms): ${p.long.length}${p.long.length ? `, longest ${ms(longest)}` : ' (none: every task < 50 ms)'}`,
    `  frames over 50 ms:    ${slow.length} of ${gaps.length}; worst frame gap ${ms(worstFrame)}, p95 ${ms(p95)}`,
    `  main-thread tasks:    ${tasks.count.toLocaleString('en-US')}; longest ${tasks.longest.map((t) => `${ms(t.wall)} (CPU ${ms(t.cpu)})`).join(', ')}; over 30 ms: ${tasks.over(30)}, over 40 ms: ${tasks.over(40)}`,
    ...stealLines(measured),
    ...slowdownLines(measured),
    ...(slices ? attribute(tasks, slices) : []),
    ...p.frames.map((f) => `    long animation frame: ${f}`),
    layout,
    ...(sched
      ? [
          `  main thread (the kernel's account): on a CPU ${pct(sched.run, seconds)}, runnable but waiting for a CPU ${pct(sched.wait, seconds)} of the phase`,
        ]
      : []),
  ];
}

async function main(): Promise<void> {
  const preview = await startPreview();
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: !args.has('headed'),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--js-flags=--expose-gc',
      '--enable-precise-memory-info',
    ],
  });
  const report: string[] = [];
  let scheduler: Awaited<ReturnType<typeof recordScheduler>> | undefined;
  const stolen = stealSampler();
  const slowdowns = slowdownProbe();
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    // tsx (esbuild, keepNames) wraps named functions in `__name(...)`; the page has no such helper.
    await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
    // heartbeat=24h: at ×100 a half-second stall is 50 virtual seconds, past the default
    // keep-alive (45 s), and the observer's channel (with its observation) would close.
    await page.goto(`http://127.0.0.1:${PORT}/?testhooks&heartbeat=24h`);
    await page.waitForFunction(
      () => 'dispatch' in ((window as { __playground?: object }).__playground ?? {}),
    );
    // The stream starts on a page at rest: loaded (fonts and lazy chunks too) and quiet for a
    // while. Its long tasks until then are the page's start, reported apart; a flood that began
    // while the page still started made a cluster of them (up to six frames over 50 ms in the
    // first half second).
    await installProbes(page);
    await page.evaluate(() => document.fonts.ready);
    await page.waitForLoadState('networkidle');
    await page.evaluate(async () => {
      const hook = (
        window as unknown as { __playground: { dispatch: (i: unknown) => Promise<unknown> } }
      ).__playground;
      await hook.dispatch({ type: 'add-coap-client', name: 'bench' });
    });
    await page.waitForTimeout(QUIET);
    const start = await readProbes(page);
    const heapBefore = await heap(page);

    // 1. Fill the ring while the log scrolls up and down the whole time.
    const metricsSession = await page.context().newCDPSession(page);
    await metricsSession.send('Performance.enable');
    const metrics = async () => {
      const { metrics } = await metricsSession.send('Performance.getMetrics');
      return new Map(metrics.map((m) => [m.name, m.value]));
    };
    const layoutSince = (a: Map<string, number>, b: Map<string, number>, seconds: number) => {
      const d = (k: string) => (b.get(k) ?? 0) - (a.get(k) ?? 0);
      return `  layout ${ms(d('LayoutDuration') * 1000)} in ${d('LayoutCount')} passes, style ${ms(d('RecalcStyleDuration') * 1000)} in ${d('RecalcStyleCount')}, script ${ms(d('ScriptDuration') * 1000)}, tasks ${ms(d('TaskDuration') * 1000)} (${((d('TaskDuration') / seconds) * 100).toFixed(0)}% of the main thread)`;
    };
    let cdp: CDPSession | undefined;
    if (PROFILE) {
      cdp = await page.context().newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const renderer = pageRenderer();
    const schedOfMain = mainThreadSched(renderer);
    if (SCHED) scheduler = await recordScheduler();
    /**
     * One measured phase, the log scrolling throughout: the probes, Chromium's metrics and a
     * trace of the main thread's tasks around `work`. The trace is stopped after the probes are
     * read: stopping it flushes its buffers, a long task of its own.
     */
    const phase = async <T>(work: () => Promise<T>): Promise<Measured & { result: T }> => {
      await browser.startTracing(page, { categories: ['toplevel'] });
      await resetProbes(page, true);
      const t0 = Date.now();
      const m0 = monotonic();
      const before = await metrics();
      const schedBefore = schedOfMain?.();
      const result = await work();
      const m1 = monotonic();
      const probe = await readProbes(page);
      const schedAfter = schedOfMain?.();
      const seconds = (Date.now() - t0) / 1000;
      const layout = layoutSince(before, await metrics(), seconds);
      const tasks = mainThreadTasks(await browser.stopTracing());
      const sched =
        schedBefore && schedAfter
          ? { run: schedAfter.run - schedBefore.run, wait: schedAfter.wait - schedBefore.wait }
          : undefined;
      const steal = stolen && {
        phase: stolen.between(m0, m1),
        tasks: tasks.long.map((t) => stolen.between(t.at, endOf(t))),
      };
      const longMean = tasks.long.reduce((n, t) => n + t.wall, 0) / (tasks.long.length || 1);
      const slowdown = {
        phase: slowdowns.share(m0, m1),
        tasks: tasks.long.map((t) => slowdowns.slowest(t.at, endOf(t))),
        chance: slowdowns.chance(m0, m1, (longMean || 50) / 1000),
      };
      const undisturbed = tasks.ranked
        .slice(0, 1000)
        .find((t) =>
          undisturbedBy(stolen?.between(t.at, endOf(t)), slowdowns.slowest(t.at, endOf(t))),
        );
      return { result, probe, tasks, seconds, layout, sched, steal, slowdown, undisturbed };
    };

    const fill = await phase(async () => {
      const sent = await publish(page, Math.ceil(TARGET / PER_PUBLISH), 'filling the ring');
      return { sent, rows: await settle(page, Math.ceil(TARGET / PER_PUBLISH) * PER_PUBLISH + 2) };
    });
    if (cdp && PROFILE) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(PROFILE, JSON.stringify(profile));
      report.push(
        `hottest functions on the main thread while filling (${PROFILE}):`,
        ...hottest(profile as never),
      );
    }
    const full = fill.result.rows;
    const heapFull = await heap(page);

    // 2. Past the ring's capacity: old rows leave as new ones come; the log keeps scrolling.
    const past = await phase(async () => {
      await publish(page, Math.ceil(EXTRA / PER_PUBLISH), 'past capacity');
      return settle(page, full + Math.ceil(EXTRA / PER_PUBLISH) * PER_PUBLISH + 2);
    });
    const heapAfter = await heap(page);

    // 3. Scrolling alone over a full log (no traffic).
    const idle = await phase(() => page.waitForTimeout(5000));
    const slices = await scheduler?.stop(
      renderer,
      new Map([
        [String(process.pid), 'this bench'],
        [String(preview.pid), 'vite preview'],
      ]),
    );

    report.push(
      `UI journal stress: ${TARGET.toLocaleString('en-US')} datagrams (≈${(TARGET * 3).toLocaleString('en-US')} journal entries), then ${EXTRA.toLocaleString('en-US')} more; clock ×100; the packet log scrolled ${SCROLL} px (${(SCROLL / 46).toFixed(1)} rows) a frame throughout.`,
      `packet log rows: ${full.toLocaleString('en-US')} after filling, ${past.result.toLocaleString('en-US')} after ${EXTRA.toLocaleString('en-US')} more (ring capacity ${LOG_CAPACITY.toLocaleString('en-US')}); journal entries skipped by the worker: ${(await skipped(page)).toLocaleString('en-US')}`,
      `traffic: sent in ${fill.result.sent.toFixed(1)} s (${Math.round(TARGET / fill.result.sent).toLocaleString('en-US')} datagrams a second), all shown by the log after ${fill.seconds.toFixed(1)} s (${Math.round(TARGET / fill.seconds).toLocaleString('en-US')} a second)`,
      `page start (loading, then ${QUIET / 1000} s at rest; not the stream's): ${start.long.length} long tasks${start.long.length ? `, longest ${ms(Math.max(...start.long))}` : ''}`,
      ...summarize('filling', fill, slices),
      ...summarize('past capacity', past, slices),
      ...summarize('scrolling a full log, no traffic', idle, slices),
      `JS heap (after GC): ${mb(heapBefore)} empty → ${mb(heapFull)} at a full ring → ${mb(heapAfter)} after ${EXTRA.toLocaleString('en-US')} more datagrams`,
      verdict([fill, past, idle]),
    );
  } finally {
    stolen?.stop();
    slowdowns.stop();
    await scheduler?.cancel();
    await browser.close();
    preview.kill();
  }
  console.log(`\n${report.join('\n')}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
