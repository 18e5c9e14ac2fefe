/** The printed report: each phase's lines, the CPU profile's hottest functions, the verdict. */
import { availableParallelism } from 'node:os';
import { SLOWDOWN, type Sched } from './host-noise';
import type { Probe } from './probes';
import { PAGE_MAIN, whoRan, type Slice } from './sched';
import type { Task, Tasks } from './trace';

export const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
export const ms = (x: number) => `${x.toFixed(1)} ms`;
const pct = (msIn: number, seconds: number) => `${((msIn / (seconds * 1000)) * 100).toFixed(0)}%`;

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** The profile's top functions by self time. */
export function hottest(profile: {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}) {
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
export interface Measured {
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
export const undisturbedBy = (steal: number | undefined, slowest: number): boolean =>
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
export function verdict(phases: Measured[]): string {
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

export function summarize(name: string, measured: Measured, slices: Slice[] | undefined): string[] {
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
    // The page's own work, whatever else the machine ran: the one figure contention does not inflate.
    `  most CPU in one main-thread task: ${ms(Math.max(0, ...tasks.ranked.map((t) => t.cpu)))}; CPU of the 10 most: ${ms(
      tasks.ranked
        .map((t) => t.cpu)
        .sort((a, b) => b - a)
        .slice(0, 10)
        .reduce((a, b) => a + b, 0) / 10,
    )} on average`,
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
