import { QueryClient, QueryClientProvider, useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { Intent, IntentResult, WorldSnapshot } from '../../worker/api';
import { WorkerBridge } from './bridge';
import { usePlayground } from './store';
import { msg } from '../../wire/msg';
import type { Msg } from '../../wire/msg';

/** The query key of the world's snapshot (`useSnapshot`); invalidate it to refetch. */
export const SNAPSHOT = ['snapshot'] as const;

const BridgeContext = createContext<WorkerBridge | null>(null);

interface Notices {
  /** Messages said below the page (src/wire/msg.ts), rendered in the page's language. */
  notices: Msg[];
  dismiss: () => void;
}
const NoticeContext = createContext<Notices>({ notices: [], dismiss: () => {} });
/** Whether the page's first world (from its address) has been loaded. */
const ReadyContext = createContext(false);

/**
 * The simulated client a fresh page starts with, so that Send works at once (the lessons send
 * from a client of the same name).
 */
export const DEFAULT_CLIENT = 'device';

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
  const [notices, setNotices] = useState<Msg[]>([]);
  const [ready, setReady] = useState(false);
  // A new world version (a batch React renders) refetches the snapshot, once for all readers:
  // one fetch at a time, and one more after it if the world changed meanwhile. (A new version
  // that cancelled the fetch under way would leave the readers with none while versions come
  // faster than a busy worker answers.)
  useEffect(() => {
    let running = false;
    let again = false;
    const refresh = async () => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          await queryClient.invalidateQueries({ queryKey: SNAPSHOT }, { cancelRefetch: false });
        } while (again);
      } finally {
        running = false;
      }
    };
    return usePlayground.subscribe((s, prev) => {
      if (s.worldVersion !== prev.worldVersion) void refresh();
    });
  }, [queryClient]);
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
    // A test page drives its world from empty, through the hook.
    const driven = query.has('testhooks');
    query.delete('testhooks');
    query.delete('page-ring');
    // A shared scenario (Share) rebuilds its world; if it cannot be opened, the settings load.
    const scenario = query.get('scenario');
    query.delete('scenario');
    const load = async (): Promise<Msg[]> => {
      if (scenario !== null) {
        const r = await bridge.openScenario(scenario, 'param');
        if (r.ok) return r.notices ?? [];
        const s = await bridge.dispatch({ type: 'load-settings', query: `?${query}` });
        return [
          msg('notices:scenario.not-opened', { error: r.error }),
          ...(s.ok ? (s.notices ?? []) : []),
        ];
      }
      const r = await bridge.dispatch({ type: 'load-settings', query: `?${query}` });
      // A lesson in the address rebuilds its own world, with its own client (FirstRun).
      if (r.ok && !query.has('lesson') && !driven)
        await bridge.dispatch({ type: 'add-coap-client', name: DEFAULT_CLIENT });
      return r.ok ? (r.notices ?? []) : [];
    };
    void load().then((notices) => {
      if (notices.length) setNotices(notices);
      setReady(true);
      void queryClient.invalidateQueries({ queryKey: SNAPSHOT });
    });
    return () => bridge.terminate();
  }, [bridge, queryClient]);
  return (
    <BridgeContext.Provider value={bridge}>
      <NoticeContext.Provider value={{ notices, dismiss: () => setNotices([]) }}>
        <ReadyContext.Provider value={ready}>
          <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
        </ReadyContext.Provider>
      </NoticeContext.Provider>
    </BridgeContext.Provider>
  );
}

export function useBridge(): WorkerBridge {
  const b = useContext(BridgeContext);
  if (!b) throw new Error('useBridge outside <PlaygroundProvider>');
  return b;
}

/** Whether the world the page address describes has been loaded (lessons restore after it). */
export const useWorldReady = (): boolean => useContext(ReadyContext);

/** Notices about the URL's settings (unknown keys, bad values). */
export const useSettingsNotices = (): Notices => useContext(NoticeContext);

/** Sends an intent to the world; the snapshot refreshes afterwards. */
export function useDispatch(): (intent: Intent) => Promise<IntentResult> {
  const bridge = useBridge();
  const qc = useQueryClient();
  return useCallback(
    async (intent: Intent) => {
      const r = await bridge.dispatch(intent);
      await qc.invalidateQueries({ queryKey: SNAPSHOT });
      return r;
    },
    [bridge, qc],
  );
}

/**
 * The world's state, or the part of it `select` picks. One query for the whole page, refetched
 * when the world changes (at most every COMMIT_INTERVAL: the provider does it), and each reader
 * re-renders only when what it picked changed: TanStack Query shares the unchanged parts of a new
 * snapshot with the old one, so a picked part that is equal keeps its identity: under a flood a
 * panel that picks what does not move (the composer's clients and settings) does not render.
 */
export function useSnapshot(): WorldSnapshot | undefined;
export function useSnapshot<T>(select: (s: WorldSnapshot) => T): T | undefined;
export function useSnapshot<T>(select?: (s: WorldSnapshot) => T): T | WorldSnapshot | undefined {
  const bridge = useBridge();
  return useQuery({ queryKey: SNAPSHOT, queryFn: () => bridge.snapshot(), select }).data;
}
