import type { JournalEntry } from '../../sim';
import type { Ring } from '../state/ring';
import { PAGE_JOURNAL_CAPACITY, onIngest, usePlayground } from '../state/store';
import { PacketIndex } from './packet-index';

/**
 * The page's one packet index, fed from the store's journal ring as entries join it (store.ts
 * `onIngest`, before React renders them), so the log, the detail pane and the sequence view
 * read rows that are already computed, whether or not they were on screen when the batch came.
 */
export const packetIndex = new PacketIndex(PAGE_JOURNAL_CAPACITY);

let seenTotal = 0;
let seenGeneration = 0;

function sync(journal: Ring<JournalEntry>): void {
  if (journal.generation !== seenGeneration) {
    seenGeneration = journal.generation;
    seenTotal = 0;
    packetIndex.clear();
  }
  const fresh = journal.total - seenTotal;
  if (fresh <= 0) return;
  const n = Math.min(fresh, journal.length);
  for (let i = journal.length - n; i < journal.length; i++)
    packetIndex.add(journal.at(i) as JournalEntry);
  seenTotal = journal.total;
  const oldest = journal.at(0);
  if (oldest) packetIndex.forgetEventsBefore(oldest.seq);
}

sync(usePlayground.getState().journal);
onIngest(sync);

/** Re-renders on every journal batch; read `packetIndex` during render. */
export const useJournalVersion = (): number => usePlayground((s) => s.journalVersion);
