/** The probes in the page: long tasks, animation frames, the log's scroll, and the JS heap. */
import type { Page } from '@playwright/test';
import { LOAF, SCROLL } from './options';

/** Installs the probes: long tasks, frame gaps, and a continuous scroll of the packet log. */
export async function installProbes(page: Page): Promise<void> {
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

export async function resetProbes(page: Page, scrolling: boolean): Promise<void> {
  await page.evaluate((scrolling) => {
    const b = (window as unknown as { __bench: Probes }).__bench;
    b.long = [];
    b.frames = [];
    b.gaps = [];
    b.last = performance.now();
    b.scrolling = scrolling;
  }, scrolling);
}

export interface Probe {
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

export const readProbes = (page: Page): Promise<Probe> =>
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

/** The JS heap after a full garbage collection (Chromium's precise performance.memory). */
export async function heap(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const w = window as unknown as { gc?: () => void };
    for (let i = 0; i < 3; i++) {
      w.gc?.();
      await new Promise((r) => setTimeout(r, 50));
    }
    return (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
  });
}
