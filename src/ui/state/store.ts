import { create } from 'zustand';
import { FLOW } from '../../worker/api';
import type { ClockState, JournalBatch } from '../../worker/api';
import type { JournalEntry } from '../../sim';
import { RecordCodec } from '../../wire/record';
import { PageEntries } from './entries';
import { Ring } from './ring';

/**
 * How many journal entries the page keeps (the worker's ring has the same default). A test page
 * (`?testhooks&page-ring=N`) may keep fewer, to see old rows leave without 100,000 datagrams.
 */
export const PAGE_JOURNAL_CAPACITY = pageCapacity();

function pageCapacity(): number {
  const query = new URLSearchParams(globalThis.location?.search ?? '');
  const n = Number(query.get('page-ring'));
  return query.has('testhooks') && Number.isInteger(n) && n > 0 ? n : 100_000;
}

interface PlaygroundState {
  /**
   * The journal projection: a mutable ring. It may hold entries React has not rendered yet;
   * `journalVersion` is bumped when React is to render them (at most every COMMIT_INTERVAL).
   */
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

/**
 * Called with the entries that came (oldest first, those the ring does not keep included) after
 * the kept ones joined the ring, before anything renders: the packet index (packets-store.ts)
 * ingests them there. After `clear()`, called with none.
 */
type IngestListener = (journal: Ring<JournalEntry>, fresh: readonly JournalEntry[]) => void;
const ingestListeners = new Set<IngestListener>();
const entries = new PageEntries();
export function onIngest(listener: IngestListener): () => void {
  ingestListeners.add(listener);
  return () => ingestListeners.delete(listener);
}

/**
 * World events no view reads from the ring: a simulated client's own account of a request it
 * sent and of the responses and (first) notifications it got, which its datagrams show too.
 * They are a third of a flood of publishes; the packet index reads them as they come, and the
 * ring lets them go at once, so they die young rather than be copied and marked by the garbage
 * collector until 100,000 newer entries push them out. The worker's journal keeps them all.
 */
function unread(e: JournalEntry): boolean {
  if (e.kind !== 'world') return false;
  const ev = e.event;
  return (
    ev.kind === 'request-sent' ||
    ev.kind === 'response-received' ||
    (ev.kind === 'notification-received' && !ev.duplicate)
  );
}

/**
 * Entries join the ring (and the packet index) at most this many per task, the worker's message
 * size: the first slice in the task that received the batch, the rest in tasks of their own, so
 * frames get in between.
 */
const INGEST_SLICE = FLOW.messageEntries;
/**
 * At most this often (ms) React renders what arrived: a lone batch renders in the next task,
 * the batches of a flood together, since a render costs the same whatever rows it brings.
 */
export const COMMIT_INTERVAL = FLOW.commitInterval;

/** A batch's records waiting to be read: `taken` of its `count` entries are, up to `offset`. */
interface Queued {
  records: Uint8Array;
  count: number;
  offset: number;
  taken: number;
  /** Where its datagrams' bytes go: one buffer per batch, made when its first entry is read. */
  arena: { bytes: Uint8Array; used: number } | undefined;
  bytes: number;
}

export const usePlayground = create<PlaygroundState>()((set, get) => {
  /** Batches not yet read into the ring, oldest first. */
  const queue: Queued[] = [];
  /** Entries in `queue` not yet taken. */
  let pending = 0;
  /** Reads this generation's records: it learns each batch's table delta as the batch comes. */
  let reader = new RecordCodec();
  let ingestScheduled = false;
  /** The newest batch's clock, version and skip count, and whether React has seen them. */
  let latest: Pick<JournalBatch, 'clock' | 'version' | 'skipped'> | undefined;
  let dirty = false;
  let newEntries = false;
  let commitScheduled = false;
  let lastCommit = -Infinity;

  /**
   * React renders in a task of its own, after the ones that received and ingested the entries,
   * so no one task deserializes, indexes, renders and lays out a batch (docs/performance.md).
   */
  const commit = () => {
    commitScheduled = false;
    if (!dirty || !latest) return;
    const { clock, version, skipped } = latest;
    const bump = newEntries;
    dirty = newEntries = false;
    lastCommit = performance.now();
    set((s) => ({
      journalVersion: bump ? s.journalVersion + 1 : s.journalVersion,
      clock,
      worldVersion: version,
      skipped,
    }));
  };

  const ingestSlice = () => {
    ingestScheduled = false;
    const { journal } = get();
    const fresh: JournalEntry[] = [];
    let budget = INGEST_SLICE;
    while (budget > 0 && queue.length) {
      const head = queue[0];
      const end = Math.min(head.count, head.taken + budget);
      const arena = (head.arena ??= { bytes: new Uint8Array(head.bytes), used: 0 });
      for (let i = head.taken; i < end; i++) {
        const read = reader.read(head.records, head.offset, arena) as JournalEntry;
        head.offset = reader.end;
        if (unread(read)) fresh.push(read);
        else {
          const kept = entries.entry(read);
          journal.push(kept);
          fresh.push(kept);
        }
      }
      budget -= end - head.taken;
      pending -= end - head.taken;
      head.taken = end;
      if (head.taken === head.count) queue.shift();
    }
    if (budget < INGEST_SLICE) {
      for (const listener of ingestListeners) listener(journal, fresh);
      newEntries = dirty = true;
    }
    if (queue.length) {
      ingestScheduled = true;
      setTimeout(ingestSlice, 0);
    } else if (dirty && !commitScheduled) {
      commitScheduled = true;
      setTimeout(commit, Math.max(0, lastCommit + COMMIT_INTERVAL - performance.now()));
    }
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
        reader = new RecordCodec();
        set({ generation: batch.generation });
      }
      reader.learn(batch.table);
      if (batch.count) {
        const { records, count, bytes } = batch;
        queue.push({ records, count, bytes, offset: 0, taken: 0, arena: undefined });
        pending += count;
      }
      // Messages keep coming while timers (and so ingestion) are throttled, as in a hidden tab:
      // batches whose entries the ring would evict anyway, under newer ones, are dropped unread,
      // so the queue never holds more than a ring's worth.
      while (
        queue.length > 1 &&
        pending - (queue[0].count - queue[0].taken) >= PAGE_JOURNAL_CAPACITY
      ) {
        pending -= queue[0].count - queue[0].taken;
        queue.shift();
      }
      latest = { clock: batch.clock, version: batch.version, skipped: batch.skipped };
      dirty = true;
      if (!ingestScheduled) ingestSlice();
    },
    clear: () => {
      queue.length = 0;
      pending = 0;
      get().journal.clear();
      for (const listener of ingestListeners) listener(get().journal, []);
      set((s) => ({ journalVersion: s.journalVersion + 1, selectedPacket: undefined }));
    },
  };
});

/**
 * Resolves when React next renders new journal entries, or after `ms` if none come (an intent
 * that wrote nothing): what the user did is then on screen, or never will be.
 */
export function journalRendered(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, ms);
    const unsubscribe = usePlayground.subscribe((s, prev) => {
      if (s.journalVersion !== prev.journalVersion) done();
    });
  });
}

/** Virtual now, extrapolated from the last batch at the clock's rate. */
export function virtualNow(
  clock: ClockState,
  realNow: number = performance.timeOrigin + performance.now(),
): number {
  return clock.now + Math.max(0, realNow - clock.realAt) * clock.rate;
}
