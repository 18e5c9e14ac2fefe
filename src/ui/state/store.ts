import { create } from 'zustand';
import type { ClockState, JournalBatch } from '../../worker/api';
import type { JournalEntry } from '../../sim';
import { Interner } from './intern';
import { Ring } from './ring';

/** How many journal entries the page keeps (the worker's ring has the same default). */
export const PAGE_JOURNAL_CAPACITY = 100_000;

interface PlaygroundState {
  /** The journal projection: a mutable ring, with `journalVersion` bumped on every change. */
  journal: Ring<JournalEntry>;
  journalVersion: number;
  /** Only datagrams, for the packet log and the sequence view. */
  datagrams: Ring<Extract<JournalEntry, { kind: 'datagram' }>>;
  clock: ClockState;
  /** Bumped when the world changed: snapshot queries key on it. */
  worldVersion: number;
  skipped: number;
  generation: number;
  selectedPacket: number | undefined;
  selectPacket: (seq: number | undefined) => void;
  applyBatch: (batch: JournalBatch) => void;
  clear: () => void;
}

const interner = new Interner();

export const usePlayground = create<PlaygroundState>()((set, get) => ({
  journal: new Ring(PAGE_JOURNAL_CAPACITY),
  journalVersion: 0,
  datagrams: new Ring(PAGE_JOURNAL_CAPACITY),
  clock: { now: 0, rate: 1, realAt: 0 },
  worldVersion: 0,
  skipped: 0,
  generation: 0,
  selectedPacket: undefined,
  selectPacket: (seq) => set({ selectedPacket: seq }),
  applyBatch: (batch) => {
    // A new world (reset, new settings) numbers its journal afresh: drop the old projection.
    if (batch.generation !== get().generation) {
      get().clear();
      set({ generation: batch.generation });
    }
    const { journal, datagrams } = get();
    for (const e of batch.entries) {
      interner.entry(e);
      journal.push(e);
      if (e.kind === 'datagram') datagrams.push(e);
    }
    set((s) => ({
      journalVersion: batch.entries.length ? s.journalVersion + 1 : s.journalVersion,
      clock: batch.clock,
      worldVersion: batch.version,
      skipped: batch.skipped,
    }));
  },
  clear: () => {
    get().journal.clear();
    get().datagrams.clear();
    set((s) => ({ journalVersion: s.journalVersion + 1, selectedPacket: undefined }));
  },
}));

/** Virtual now, extrapolated from the last batch at the clock's rate. */
export function virtualNow(
  clock: ClockState,
  realNow: number = performance.timeOrigin + performance.now(),
): number {
  return clock.now + Math.max(0, realNow - clock.realAt) * clock.rate;
}
