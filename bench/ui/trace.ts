/** The page's main-thread tasks, parsed from a Chromium trace. */
/** The page's main-thread tasks over a phase, from a Chromium trace ('toplevel' category). */
export interface Tasks {
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
export interface Task {
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
export function mainThreadTasks(trace: Buffer): Tasks {
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

/** When a task ended, in monotonic seconds as its start (`Task.at`). */
export const endOf = (t: Task): number => t.at + t.wall / 1000;
