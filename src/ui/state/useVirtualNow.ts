import { useEffect, useState } from 'react';
import type { RefObject } from 'react';
import { usePlayground, virtualNow } from './store';

/**
 * Virtual now, re-rendered every `everyMs` of real time (for countdowns and clocks) while `live`;
 * when not live it is read once per clock change and does not tick.
 */
export function useVirtualNow(everyMs = 250, live = true): number {
  const clock = usePlayground((s) => s.clock);
  const [now, setNow] = useState(() => virtualNow(clock));
  useEffect(() => {
    setNow(virtualNow(clock));
    if (clock.rate === 0 || !live) return;
    const t = setInterval(() => setNow(virtualNow(clock)), everyMs);
    return () => clearInterval(t);
  }, [clock, everyMs, live]);
  return now;
}

/** Whether the element is in the viewport (true until the browser says otherwise). */
export function useOnScreen(ref: RefObject<Element | null>): boolean {
  const [on, setOn] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver !== 'function') return;
    const io = new IntersectionObserver((entries) => setOn(entries.some((e) => e.isIntersecting)));
    io.observe(el);
    return () => io.disconnect();
  }, [ref]);
  return on;
}
