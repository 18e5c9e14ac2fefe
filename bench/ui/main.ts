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
 *
 * This file runs the phases; beside it: options.ts (the flags), preview.ts (the static server),
 * probes.ts (the probes in the page), traffic.ts (the stream), trace.ts (the main thread's tasks
 * from Chromium's trace), host-noise.ts (schedstat, steal, the slowdown probe), sched.ts
 * (`--sched`) and report.ts (the printed lines and the verdict).
 */
import { writeFileSync } from 'node:fs';
import { chromium, type CDPSession } from '@playwright/test';
import {
  mainThreadSched,
  monotonic,
  pageRenderer,
  slowdownProbe,
  stealSampler,
} from './host-noise';
import { EXTRA, PORT, PROFILE, SCHED, SCROLL, TARGET, args } from './options';
import { startPreview } from './preview';
import { heap, installProbes, readProbes, resetProbes } from './probes';
import { hottest, mb, ms, summarize, undisturbedBy, verdict, type Measured } from './report';
import { recordScheduler } from './sched';
import { endOf, mainThreadTasks } from './trace';
import { LOG_CAPACITY, PER_PUBLISH, publish, settle, skipped } from './traffic';

/** How long (ms) the loaded page is left alone before the stream starts. */
const QUIET = 2000;

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
