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

/**
 * Called in `applyBatch` right after a batch's entries joined the ring, before anything renders:
 * the packet index (packets-store.ts) ingests them there, in the task that received the batch.
 */
const ingestListeners = new Set<(journal: Ring<JournalEntry>) => void>();
export function onIngest(listener: (journal: Ring<JournalEntry>) => void): () => void {
  ingestListeners.add(listener);
  return () => ingestListeners.delete(listener);
}

/** What the next commit tells React (the newest batch's clock, version and skip count). */
let pending: Pick<JournalBatch, 'clock' | 'version' | 'skipped'> | undefined;
let pendingEntries = false;
/** When React last rendered a batch (performance.now()). */
let lastCommit = -Infinity;
/**
 * At most this often (ms) React renders batches. A lone batch (someone clicked Send) renders in
 * the next task; under a flood, the batches in between are indexed as they come and rendered
 * together: ten updates a second still look live, and each render costs the same whatever
 * number of rows it brings (the log draws only what is on screen).
 */
const COMMIT_INTERVAL = 100;

export const usePlayground = create<PlaygroundState>()((set, get) => {
  /**
   * React renders a batch in a task of its own, after the one that received and indexed it:
   * under a flood each of the two stays shorter than 50 ms, where together (deserializing,
   * indexing, rendering, laying out) they did not. Batches that arrive before the commit runs
   * are committed together.
   */
  const commit = () => {
    const p = pending;
    if (!p) return;
    pending = undefined;
    lastCommit = performance.now();
    const bump = pendingEntries;
    pendingEntries = false;
    set((s) => ({
      journalVersion: bump ? s.journalVersion + 1 : s.journalVersion,
      clock: p.clock,
      worldVersion: p.version,
      skipped: p.skipped,
    }));
  };
  return {
    journal: new Ring(PAGE_JOURNAL_CAPACITY),
    journalVersion: 0,
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
      const { journal } = get();
      for (const e of batch.entries) {
        interner.entry(e);
        journal.push(e);
      }
      for (const listener of ingestListeners) listener(journal);
      if (batch.entries.length) pendingEntries = true;
      if (!pending)
        setTimeout(commit, Math.max(0, lastCommit + COMMIT_INTERVAL - performance.now()));
      pending = batch;
    },
    clear: () => {
      get().journal.clear();
      for (const listener of ingestListeners) listener(get().journal);
      set((s) => ({ journalVersion: s.journalVersion + 1, selectedPacket: undefined }));
    },
  };
});

/** Virtual now, extrapolated from the last batch at the clock's rate. */
export function virtualNow(
  clock: ClockState,
  realNow: number = performance.timeOrigin + performance.now(),
): number {
  return clock.now + Math.max(0, realNow - clock.realAt) * clock.rate;
}
