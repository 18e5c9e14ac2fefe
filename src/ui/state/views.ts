import { create } from 'zustand';

/** The centre column's views (App.tsx "Traffic views"). */
export type CenterView = 'packets' | 'sequence' | 'decode' | 'compare';
/** The right column's views (App.tsx "Gateway state"). */
export type SideView = 'connections' | 'topics' | 'settings' | 'lessons';

interface Views {
  center: CenterView;
  side: SideView;
  /** Something outside the log asked it to show the selected packet; the log clears it. */
  revealPending: boolean;
  revealed: () => void;
  setCenter: (id: string) => void;
  setSide: (id: string) => void;
  /**
   * Selects the datagram `seq`, switches the centre column to Packets and asks the log to bring
   * its row into view (a lesson's "Show the packet": selecting alone changed nothing visible
   * while the centre column showed another view).
   */
  showPacket: (seq: number, select: (seq: number) => void) => void;
  /** Side by side was opened to be run (the welcome's "Compare both modes"); it clears it. */
  comparePending: boolean;
  /** Opens Side by side and runs its script. */
  runCompare: () => void;
  compareStarted: () => void;
}

/**
 * Which view each column shows, kept outside the columns so that other parts of the page (a
 * lesson, the welcome) can open one.
 */
export const useViews = create<Views>()((set) => ({
  center: 'packets',
  side: 'connections',
  revealPending: false,
  revealed: () => set({ revealPending: false }),
  setCenter: (center) => set({ center: center as CenterView }),
  setSide: (side) => set({ side: side as SideView }),
  showPacket: (seq, select) => {
    select(seq);
    set({ center: 'packets', revealPending: true });
  },
  comparePending: false,
  runCompare: () => set({ center: 'compare', comparePending: true }),
  compareStarted: () => set({ comparePending: false }),
}));
