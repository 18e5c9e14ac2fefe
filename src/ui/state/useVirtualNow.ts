import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import type { RefObject } from 'react';
import { usePlayground, virtualNow } from './store';

/**
 * One real-time ticker per period, shared by every component that ticks at it: the clock in the
 * header and the keep-alive countdowns on screen then change in the same task, so the page draws
 * one frame per tick instead of one per component (frames are what a small machine pays for).
 */
const tickers = new Map<number, { listeners: Set<() => void>; timer: number; count: number }>();

function subscribeTicker(everyMs: number, listener: () => void): () => void {
  let t = tickers.get(everyMs);
  if (!t) {
    const ticker = { listeners: new Set<() => void>(), timer: 0, count: 0 };
    ticker.timer = window.setInterval(() => {
      ticker.count++;
      for (const l of ticker.listeners) l();
    }, everyMs);
    tickers.set(everyMs, ticker);
    t = ticker;
  }
  t.listeners.add(listener);
  return () => {
    const ticker = tickers.get(everyMs);
    if (!ticker) return;
    ticker.listeners.delete(listener);
    if (ticker.listeners.size === 0) {
      window.clearInterval(ticker.timer);
      tickers.delete(everyMs);
    }
  };
}

const noSubscription = () => () => {};

/** A number that changes every `everyMs` of real time while `live` (shared across components). */
function useTick(everyMs: number, live: boolean): number {
  // The same subscribe function from render to render: a new one would resubscribe each time,
  // restarting the shared ticker whenever this was its only listener.
  const subscribe = useCallback(
    (l: () => void) => (live ? subscribeTicker(everyMs, l) : noSubscription()),
    [everyMs, live],
  );
  return useSyncExternalStore(subscribe, () => (live ? (tickers.get(everyMs)?.count ?? 0) : -1));
}

/**
 * Virtual now, re-rendered every `everyMs` of real time (for countdowns and clocks) while `live`
 * and the clock runs; otherwise it does not tick, and moves only when the clock changes. Read at
 * render: extrapolated from the last batch to this moment.
 */
export function useVirtualNow(everyMs = 250, live = true): number {
  const clock = usePlayground((s) => s.clock);
  // Each tick renders again, and each render reads the real time again.
  useTick(everyMs, live && clock.rate !== 0);
  return virtualNow(clock);
}

/**
 * Whether the element is in the viewport, or within `margin` of it (true until the browser says
 * otherwise), and its height when it last left it, so a stand-in can keep its place.
 */
export function useOnScreen(
  ref: RefObject<Element | null>,
  margin = '0px',
): { on: boolean; height: number | undefined } {
  const [state, setState] = useState<{ on: boolean; height: number | undefined }>({
    on: true,
    height: undefined,
  });
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver !== 'function') return;
    const io = new IntersectionObserver(
      (entries) => {
        const e = entries[entries.length - 1];
        setState((s) =>
          e.isIntersecting === s.on
            ? s
            : // Leaving: remember the height it had, read from the entry (no forced layout).
              {
                on: e.isIntersecting,
                height: e.isIntersecting ? s.height : e.boundingClientRect.height,
              },
        );
      },
      { rootMargin: margin },
    );
    io.observe(el);
    return () => io.disconnect();
  }, [ref, margin]);
  return state;
}
