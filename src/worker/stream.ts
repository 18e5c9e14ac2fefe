// The journal stream: the one owner of pacing and backpressure between the world and the page.
// It sends what the journal gained in batches, spaced by FLOW (the contract) however fast entries
// come, and skips the oldest of a flood the page could never catch up with.
import type { Journal } from '../sim';
import { FLOW } from './api';
import type { ClockState, JournalBatch } from './api';
import type { HostEnvironment } from './driver';

/** What the stream sends from: the live world's journal, or an imported capture's. */
export interface StreamSource {
  journal(): Journal;
  /** An imported capture: sent whole, none skipped, in parts of at most `maxBatch`. */
  lossless(): boolean;
  /** The clock the page is given with the entries before `upTo`. */
  clock(upTo: number): ClockState;
  version(): number;
  generation(): number;
}

export interface StreamOptions {
  /** Least real ms between two batches. Default FLOW.batchInterval. */
  batchInterval?: number;
  /** Most entries in one batch. Default FLOW.maxBatch. */
  maxBatch?: number;
}

const NO_TABLE = { keys: 0, strings: 0 };

/**
 * Sends the page what the journal gained, as the journal's own records: a batch is a range of
 * sequence numbers, copied once into a buffer the page is given. What is not yet sent is the
 * range from `cursor` to the journal's end; skipping is moving the cursor.
 */
export class JournalStream {
  private listener: ((batch: JournalBatch) => void) | undefined;
  private timer: unknown;
  private lastFlush = -Infinity;
  private lastBatchSize = 0;
  /** Real peers' datagrams arrived since the last batch. */
  private realSinceFlush = false;
  /** The last batch was cut short by a flood from real peers. */
  private realFlood = false;
  private skipped = 0;
  /** The next entry to send; undefined: the oldest the journal keeps (a new generation). */
  private cursor: number | undefined;
  /** The journal's end at the last batch: what arrived since is the traffic's size. */
  private lastEnd = 0;
  /** How much of the journal's tables the page was sent. */
  private tableMark = NO_TABLE;
  private readonly batchInterval: number;
  private readonly maxBatch: number;

  constructor(
    private readonly env: HostEnvironment,
    private readonly source: StreamSource,
    options: StreamOptions = {},
  ) {
    this.batchInterval = options.batchInterval ?? FLOW.batchInterval;
    this.maxBatch = options.maxBatch ?? FLOW.maxBatch;
  }

  connect(listener: (batch: JournalBatch) => void): void {
    this.listener = listener;
    this.flush();
  }

  /** Real peers are talking: batches slow down, so the page's renders leave them the CPU. */
  realTraffic(): void {
    this.realSinceFlush = true;
  }

  /** A new world or journal for the page: it is sent from its oldest entry, tables and all. */
  restart(): void {
    this.cursor = undefined;
    this.tableMark = NO_TABLE;
  }

  /** Arranges the next batch, at the pace the traffic allows. */
  request(): void {
    if (this.timer !== undefined || !this.listener) return;
    const interval = this.realFlood
      ? FLOW.realFloodInterval
      : this.lastBatchSize > FLOW.busyBatch
        ? FLOW.busyInterval
        : this.realSinceFlush
          ? Math.max(FLOW.realInterval, this.batchInterval)
          : this.batchInterval;
    const wait = Math.max(0, this.lastFlush + interval - this.env.realNow());
    this.timer = this.env.setTimer(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  private flush(): void {
    if (!this.listener) return;
    const journal = this.source.journal();
    const end = journal.next;
    this.lastFlush = this.env.realNow();
    if (this.cursor === undefined) this.cursor = this.lastEnd = journal.oldest;
    // Entries the ring let go before they were sent.
    if (this.cursor < journal.oldest) {
      this.skipped += journal.oldest - this.cursor;
      this.cursor = journal.oldest;
    }
    if (this.source.lossless()) {
      this.send(journal, Math.min(end - this.cursor, this.maxBatch), 0);
      if (this.cursor < end) this.request();
      return;
    }
    this.realFlood = this.realSinceFlush && end - this.lastEnd > FLOW.busyBatch;
    this.lastEnd = end;
    const cap = this.realFlood ? Math.min(FLOW.realFloodBatch, this.maxBatch) : this.maxBatch;
    // A flood from real peers: only the newest (the real clients wait for the page otherwise).
    const keep = this.realFlood ? cap : cap * FLOW.backlogBatches;
    if (end - this.cursor > keep) {
      this.skipped += end - this.cursor - keep;
      this.cursor = end - keep;
    }
    const n = Math.min(end - this.cursor, cap);
    this.lastBatchSize = n;
    this.realSinceFlush = false;
    this.send(journal, n, this.skipped);
    if (this.cursor < end) this.request();
  }

  /** Sends `n` entries from the cursor in messages of at most FLOW.messageEntries: one page task each. */
  private send(journal: Journal, n: number, skipped: number): void {
    const listener = this.listener;
    if (!listener || this.cursor === undefined) return;
    const version = this.source.version();
    const generation = this.source.generation();
    // One message even for none: the page hears of the clock and version.
    let left = n;
    do {
      const part = journal.records(this.cursor, Math.min(left, FLOW.messageEntries));
      this.cursor += part.count;
      left = part.count > 0 ? left - part.count : 0;
      const table = journal.tableSince(this.tableMark);
      this.tableMark = journal.tableSize;
      const clock = this.source.clock(this.cursor);
      listener({ ...part, table, clock, version, skipped, generation });
    } while (left > 0);
  }
}
