import { useCallback, useSyncExternalStore } from 'react';

/**
 * The width from which the workbench shows its three columns side by side; below it, one view at
 * a time behind a switcher. Under ~1100 px three columns leave the packet log too narrow to read.
 */
export const WIDE_QUERY = '(min-width: 1100px)';

/** Whether a CSS media query matches now; re-renders when it starts or stops matching. */
export function useMediaQuery(query: string): boolean {
  const subscribe = useCallback(
    (onChange: () => void) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    [query],
  );
  return useSyncExternalStore(subscribe, () => window.matchMedia(query).matches);
}
