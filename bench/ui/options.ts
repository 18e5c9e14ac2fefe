/** bench:ui's command line: `--name=value` flags, and `--name` alone for true. */
export const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? 'true'] as const;
  }),
);
export const TARGET = Number(args.get('datagrams') ?? 100_000);
/** Datagrams sent after the ring is full, to show the heap stays flat. */
export const EXTRA = Number(args.get('extra') ?? 30_000);
export const PORT = Number(args.get('port') ?? 4310);
/**
 * Publishes per round trip, sent as one `dispatchAll` (one message, as a flood from the relay
 * arrives in the worker: the page's main thread, which is measured, never carries traffic).
 */
export const CHUNK = Number(args.get('chunk') ?? 100);
/**
 * Publishes sent a second (each is 3 datagrams and ~9 journal entries): 2,250 datagrams a second,
 * a pace that never makes the worker skip entries (unpaced, bursts did: a fifth of them in one
 * run), so every run streams the same traffic into the page.
 */
export const RATE = Number(args.get('rate') ?? 750);
/** The build to serve (default `dist`, what `vite build` writes). */
export const DIST = args.get('dist');
/** Pixels the packet log scrolls each frame: 300 ≈ 6.5 rows, a fast fling (18,000 px/s). */
export const SCROLL = Number(args.get('scroll') ?? 300);
/** Writes a main-thread CPU profile of the fill phase there and prints its hottest functions. */
export const PROFILE = args.get('profile');
/**
 * Lists each animation frame of 50 ms or more (the Long Animation Frames API) with the scripts
 * that ran in it: what a long task was made of.
 */
export const LOAF = args.has('loaf');
/**
 * Records the kernel's scheduler events for the run (`perf sched record`; Linux, root, perf
 * installed) and says, for each phase's longest tasks, which threads had the CPUs meanwhile.
 */
export const SCHED = args.has('sched');
