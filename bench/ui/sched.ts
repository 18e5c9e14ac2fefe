/** `--sched`: the kernel's scheduler events (`perf sched`), and which threads ran when. */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A thread's time on a CPU, from the scheduler's trace (seconds, CLOCK_MONOTONIC). */
export interface Slice {
  thread: string;
  start: number;
  end: number;
}

/** The page's main thread, in `Slice.thread`. */
export const PAGE_MAIN = 'pageMain';

/**
 * `perf sched record` over the whole run, with CLOCK_MONOTONIC timestamps so they line up with
 * Chromium's trace. `stop` ends it and returns every thread's slices on a CPU, named by their
 * command, and by `processes` (pid → name) for the processes named there; the renderer's
 * threads are the page's, its main thread PAGE_MAIN. `cancel` ends it and drops the record (a run that failed: perf would
 * otherwise go on recording after the bench).
 */
export async function recordScheduler(): Promise<{
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
export function whoRan(slices: Slice[], at: number, ms: number): [string, number][] {
  const end = at + ms / 1000;
  const by = new Map<string, number>();
  for (const s of slices) {
    const overlap = Math.min(s.end, end) - Math.max(s.start, at);
    if (overlap > 0) by.set(s.thread, (by.get(s.thread) ?? 0) + overlap * 1000);
  }
  return [...by].sort((a, b) => b[1] - a[1]);
}
