import {
  QueryClient,
  QueryClientProvider,
  keepPreviousData,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { Intent, IntentResult, WorldSnapshot } from '../../worker/api';
import { WorkerBridge } from './bridge';
import { usePlayground } from './store';

const BridgeContext = createContext<WorkerBridge | null>(null);

interface Notices {
  notices: string[];
  dismiss: () => void;
}
const NoticeContext = createContext<Notices>({ notices: [], dismiss: () => {} });

/**
 * Starts the world's worker once, loads the settings from the page URL, and provides the
 * bridge and the snapshot query to the components below.
 */
export function PlaygroundProvider({
  children,
  bridge: given,
}: {
  children: ReactNode;
  bridge?: WorkerBridge;
}) {
  const [queryClient] = useState(
    () => new QueryClient({ defaultOptions: { queries: { staleTime: Infinity, retry: false } } }),
  );
  const [bridge] = useState(
    () => given ?? new WorkerBridge((b) => usePlayground.getState().applyBatch(b)),
  );
  const [notices, setNotices] = useState<string[]>([]);
  useEffect(() => {
    // End-to-end tests drive the world directly when the page is opened with ?testhooks.
    if (!new URLSearchParams(window.location.search).has('testhooks')) return;
    const w = window as unknown as {
      __playground?: {
        dispatch: (i: Intent) => Promise<IntentResult>;
        dispatchAll: (i: readonly Intent[]) => Promise<IntentResult[]>;
      };
    };
    // No snapshot refresh here: the batch that follows the intent bumps the world's version,
    // which refreshes it (a refresh per dispatch made long test scripts crawl).
    w.__playground = {
      dispatch: (i) => bridge.dispatch(i),
      dispatchAll: (i) => bridge.dispatchAll(i),
    };
    return () => {
      delete w.__playground;
    };
  }, [bridge, queryClient]);
  useEffect(() => {
    // `testhooks` only asks the page for its test hook (bridge.ts), and `page-ring` for a smaller
    // journal in the page (store.ts): neither is a gateway setting.
    const query = new URLSearchParams(window.location.search);
    query.delete('testhooks');
    query.delete('page-ring');
    // A shared scenario (Share) rebuilds its world; if it cannot be opened, the settings load.
    const scenario = query.get('scenario');
    query.delete('scenario');
    const load = async (): Promise<string[]> => {
      if (scenario !== null) {
        const r = await bridge.openScenario(scenario, 'param');
        if (r.ok) return r.notices ?? [];
        const s = await bridge.dispatch({ type: 'load-settings', query: `?${query}` });
        return [
          `the shared scenario was not opened: ${r.error}`,
          ...(s.ok ? (s.notices ?? []) : []),
        ];
      }
      const r = await bridge.dispatch({ type: 'load-settings', query: `?${query}` });
      return r.ok ? (r.notices ?? []) : [];
    };
    void load().then((notices) => {
      if (notices.length) setNotices(notices);
      void queryClient.invalidateQueries({ queryKey: ['snapshot'] });
    });
    return () => bridge.terminate();
  }, [bridge, queryClient]);
  return (
    <BridgeContext.Provider value={bridge}>
      <NoticeContext.Provider value={{ notices, dismiss: () => setNotices([]) }}>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </NoticeContext.Provider>
    </BridgeContext.Provider>
  );
}

export function useBridge(): WorkerBridge {
  const b = useContext(BridgeContext);
  if (!b) throw new Error('useBridge outside <PlaygroundProvider>');
  return b;
}

/** Notices about the URL's settings (unknown keys, bad values). */
export const useSettingsNotices = (): Notices => useContext(NoticeContext);

/** Sends an intent to the world; the snapshot refreshes afterwards. */
export function useDispatch(): (intent: Intent) => Promise<IntentResult> {
  const bridge = useBridge();
  const qc = useQueryClient();
  return useCallback(
    async (intent: Intent) => {
      const r = await bridge.dispatch(intent);
      await qc.invalidateQueries({ queryKey: ['snapshot'] });
      return r;
    },
    [bridge, qc],
  );
}

/** A value that follows `value` at most once per `ms`. */
function useThrottled<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  const [last, setLast] = useState(0);
  useEffect(() => {
    const wait = Math.max(0, last + ms - Date.now());
    const t = setTimeout(() => {
      setV(value);
      setLast(Date.now());
    }, wait);
    return () => clearTimeout(t);
  }, [value, ms, last]);
  return v;
}

/** The world's state, refreshed when it changes (at most ~8 times a second). */
export function useSnapshot(): WorldSnapshot | undefined {
  const bridge = useBridge();
  const version = useThrottled(
    usePlayground((s) => s.worldVersion),
    120,
  );
  return useQuery({
    queryKey: ['snapshot', version],
    queryFn: () => bridge.snapshot(),
    placeholderData: keepPreviousData,
    // A snapshot is stale as soon as the next version is asked for: keep one a second after
    // its last reader goes (a tab switch), no longer. The default kept each for five minutes, a
    // few a second under traffic, every one holding up to 200 exchanges with their decoded
    // requests: 8,500 requests after ten seconds of flood, tens of MB after a minute.
    gcTime: 1000,
  }).data;
}
