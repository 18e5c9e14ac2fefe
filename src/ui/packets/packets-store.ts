import type { JournalEntry } from '../../sim';
import type { Ring } from '../state/ring';
import { PAGE_JOURNAL_CAPACITY, onIngest, usePlayground } from '../state/store';
import { PacketIndex } from './packet-index';

/**
 * The page's one packet index, fed every entry as it comes (store.ts `onIngest`, before React
 * renders them, those the ring does not keep included), so the log, the detail pane and the
 * sequence view read rows that are already computed, whether or not they were on screen when
 * the batch came.
 */
export const packetIndex = new PacketIndex(PAGE_JOURNAL_CAPACITY);

let seenGeneration = 0;

function sync(journal: Ring<JournalEntry>, fresh: readonly JournalEntry[]): void {
  if (journal.generation !== seenGeneration) {
    seenGeneration = journal.generation;
    packetIndex.clear();
  }
  for (const e of fresh) packetIndex.add(e);
  const oldest = journal.at(0);
  if (oldest) packetIndex.forgetEventsBefore(oldest.seq);
}

const journal = usePlayground.getState().journal;
sync(journal, journal.toArray());
onIngest(sync);

/** Re-renders on every journal batch; read `packetIndex` during render. */
export const useJournalVersion = (): number => usePlayground((s) => s.journalVersion);
