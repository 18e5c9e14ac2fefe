import { useEffect, useState } from 'react';
import { usePlayground, virtualNow } from './store';

/** Virtual now, re-rendered every `everyMs` of real time (for countdowns and clocks). */
export function useVirtualNow(everyMs = 250): number {
  const clock = usePlayground((s) => s.clock);
  const [now, setNow] = useState(() => virtualNow(clock));
  useEffect(() => {
    setNow(virtualNow(clock));
    if (clock.rate === 0) return;
    const t = setInterval(() => setNow(virtualNow(clock)), everyMs);
    return () => clearInterval(t);
  }, [clock, everyMs]);
  return now;
}
