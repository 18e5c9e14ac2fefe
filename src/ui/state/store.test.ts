import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JournalEntry, WorldEvent } from '../../sim';
import type { JournalBatch } from '../../worker/api';
// eslint-disable-next-line @typescript-eslint/no-restricted-imports -- batches as the worker writes them
import { BatchWriter } from '../../worker/testing/batches';
import {
  COMMIT_INTERVAL,
  PAGE_JOURNAL_CAPACITY,
  journalRendered,
  onIngest,
  usePlayground,
} from './store';

const note = (seq: number): JournalEntry => ({
  seq,
  at: seq,
  step: seq,
  kind: 'world',
  event: { kind: 'note', text: { id: 'notices:as-worded', params: { text: `note ${seq}` } } },
});

const writer = new BatchWriter();
const batch = (seqs: number[], now: number, entries = seqs.map(note)): JournalBatch =>
  writer.batch(entries, { clock: { now, rate: 1, realAt: 0 }, version: now, skipped: 0 });

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
/** Long enough for the store to have rendered what it holds. */
const AFTER_COMMIT = COMMIT_INTERVAL + 50;

describe('applyBatch', () => {
  const unsubscribe: (() => void)[] = [];
  afterEach(() => unsubscribe.splice(0).forEach((u) => u()));
  // The first batch of a world clears the page's projection of the one before (at once).
  beforeAll(async () => {
    usePlayground.getState().applyBatch(batch([], 0));
    await tick(AFTER_COMMIT);
  });

  it('indexes a batch in the task that received it and renders it in a later one', async () => {
    const seen: number[] = [];
    unsubscribe.push(onIngest((journal) => seen.push(journal.total)));
    const before = usePlayground.getState().journalVersion;
    usePlayground.getState().applyBatch(batch([1, 2, 3], 10));
    // The journal and its listeners have the entries at once…
    expect(usePlayground.getState().journal.total).toBe(3);
    expect(seen.at(-1)).toBe(3);
    // …but React hears of them only in the next task.
    expect(usePlayground.getState().journalVersion).toBe(before);
    await tick(AFTER_COMMIT);
    expect(usePlayground.getState().journalVersion).toBe(before + 1);
    expect(usePlayground.getState().clock.now).toBe(10);
  });

  it('renders the batches of a flood together, at most every COMMIT_INTERVAL, with the newest clock', async () => {
    const state = () => usePlayground.getState();
    state().applyBatch(batch([4], 20));
    await tick(0);
    const first = state().journalVersion;
    // Three more batches right after a render: indexed at once, rendered together later.
    state().applyBatch(batch([5, 6], 30));
    state().applyBatch(batch([], 40));
    state().applyBatch(batch([7], 50));
    expect(state().journal.total).toBe(7);
    await tick(0);
    expect(state().journalVersion).toBe(first);
    await tick(AFTER_COMMIT);
    expect(state().journalVersion).toBe(first + 1);
    expect(state().clock.now).toBe(50);
    expect(state().worldVersion).toBe(50);
  });

  it('takes a large batch 500 entries per task, and renders it once, whole', async () => {
    const state = () => usePlayground.getState();
    await tick(AFTER_COMMIT);
    const total = state().journal.total;
    const version = state().journalVersion;
    const seqs = Array.from({ length: 1200 }, (_, i) => 100 + i);
    state().applyBatch(batch(seqs, 60));
    // The first slice in this task; frames may run before the next two.
    expect(state().journal.total).toBe(total + 500);
    await tick(AFTER_COMMIT);
    expect(state().journal.total).toBe(total + 1200);
    expect(state().journal.at(state().journal.length - 1)?.seq).toBe(1299);
    expect(state().journalVersion).toBe(version + 1);
  });

  it('never queues more than a ring of entries while ingestion waits (a hidden tab)', async () => {
    const state = () => usePlayground.getState();
    await tick(AFTER_COMMIT);
    const total = state().journal.total;
    // 60 batches of 2,000 arrive before any timer runs: 120,000 entries for a 100,000 ring.
    const first = 10_000;
    for (let b = 0; b < 60; b++)
      state().applyBatch(
        batch(
          Array.from({ length: 2000 }, (_, i) => first + b * 2000 + i),
          80,
        ),
      );
    const last = first + 60 * 2000 - 1;
    for (let i = 0; i < 100 && state().journal.at(state().journal.length - 1)?.seq !== last; i++)
      await tick(50);
    const journal = state().journal;
    expect(journal.at(journal.length - 1)?.seq).toBe(last);
    expect(journal.length).toBe(PAGE_JOURNAL_CAPACITY);
    // The newest 100,000 are all there, in order…
    expect(journal.at(0)?.seq).toBe(last - PAGE_JOURNAL_CAPACITY + 1);
    // …and the batches the ring would have evicted at once were never taken in.
    expect(journal.total - total).toBeLessThan(PAGE_JOURNAL_CAPACITY + 2 * 2000);
  });

  it('gives its listeners every entry, but keeps in the ring only those a view reads', async () => {
    await tick(AFTER_COMMIT);
    const fresh: number[] = [];
    unsubscribe.push(onIngest((_, entries) => fresh.push(...entries.map((e) => e.seq))));
    const world = (seq: number, event: WorldEvent): JournalEntry => ({
      seq,
      at: seq,
      step: seq,
      kind: 'world',
      event,
    });
    const received = { client: 'c1', token: 'cd', payload: '1' } as const;
    usePlayground
      .getState()
      .applyBatch(
        batch([], 90, [
          world(300_001, { kind: 'request-sent', client: 'c1', summary: 'POST', token: 'ab' }),
          world(300_002, { kind: 'response-received', code: '2.04', rtt: 1, ...received }),
          world(300_003, { kind: 'notification-received', duplicate: false, ...received }),
          world(300_004, { kind: 'notification-received', duplicate: true, ...received }),
          note(300_005),
        ]),
      );
    expect(fresh).toEqual([300_001, 300_002, 300_003, 300_004, 300_005]);
    // The client's own account of its exchange is left out; a duplicate it caught is kept.
    const journal = usePlayground.getState().journal;
    const kept = journal.toArray().filter((e) => e.seq > 300_000);
    expect(kept.map((e) => e.seq)).toEqual([300_004, 300_005]);
  });

  it('journalRendered resolves when new entries render, or after its timeout without them', async () => {
    await tick(AFTER_COMMIT);
    const started = performance.now();
    const rendered = journalRendered(2000);
    usePlayground.getState().applyBatch(batch([2000], 70));
    await rendered;
    // The render came in the next task, long before the timeout.
    expect(performance.now() - started).toBeLessThan(1000);
    const version = usePlayground.getState().journalVersion;
    await journalRendered(50);
    expect(usePlayground.getState().journalVersion).toBe(version);
  });
});
