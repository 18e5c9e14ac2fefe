// The journal stream: the one owner of pacing and backpressure between the world and the page.
// It sends what the journal gained in batches, spaced by FLOW (the contract) however fast entries
// come, and skips the oldest of a flood the page could never catch up with.
import { endpointKey } from '../gateway';
import type { Endpoint } from '../gateway';
import type { JournalEntry } from '../sim';
import { FLOW } from './api';
import type { ClockState, JournalBatch } from './api';
import type { HostEnvironment } from './driver';

/** What the stream sends: the journal's new entries, or the next part of an imported capture. */
export interface StreamSource {
  /**
   * Entries to send now. `lossless`: none may be skipped (an imported capture, sent in parts of
   * `max` with its own `clock`; `more` when parts remain).
   */
  take(max: number): { entries: JournalEntry[]; lossless?: { clock: ClockState; more: boolean } };
  clock(): ClockState;
  version(): number;
  generation(): number;
}

export interface StreamOptions {
  /** Least real ms between two batches. Default FLOW.batchInterval. */
  batchInterval?: number;
  /** Most entries in one batch. Default FLOW.maxBatch. */
  maxBatch?: number;
}

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
  /** Entries taken from the source and not yet sent (at most backlogBatches batches). */
  private backlog: JournalEntry[] = [];
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

  /** A new world or journal for the page: what was waiting for the old one is not sent. */
  restart(): void {
    this.backlog = [];
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
    const { entries: taken, lossless } = this.source.take(this.maxBatch);
    this.lastFlush = this.env.realNow();
    if (lossless) {
      this.send(taken, lossless.clock, 0);
      if (lossless.more) this.request();
      return;
    }
    this.realFlood = this.realSinceFlush && taken.length > FLOW.busyBatch;
    const cap = this.realFlood ? Math.min(FLOW.realFloodBatch, this.maxBatch) : this.maxBatch;
    // A flood from real peers: only the newest (the real clients wait for the page otherwise).
    const keep = this.realFlood ? cap : cap * FLOW.backlogBatches;
    let entries = this.backlog.length ? this.backlog.concat(taken) : taken;
    if (entries.length > keep) {
      this.skipped += entries.length - keep;
      entries = entries.slice(entries.length - keep);
    }
    this.backlog = entries.length > cap ? entries.slice(cap) : [];
    if (entries.length > cap) entries = entries.slice(0, cap);
    this.lastBatchSize = entries.length;
    this.realSinceFlush = false;
    this.send(entries, this.source.clock(), this.skipped);
    if (this.backlog.length) this.request();
  }

  /** Sends a batch in messages of at most FLOW.messageEntries entries: one page task each. */
  private send(entries: JournalEntry[], clock: ClockState, skipped: number): void {
    const listener = this.listener;
    if (!listener) return;
    const version = this.source.version();
    const generation = this.source.generation();
    let from = 0;
    do {
      const part =
        entries.length > FLOW.messageEntries
          ? entries.slice(from, from + FLOW.messageEntries)
          : entries;
      from += FLOW.messageEntries;
      listener({ entries: packBatch(part), clock, version, skipped, generation });
    } while (from < entries.length);
  }
}

/**
 * The batch as the page is sent it: every datagram's bytes copied into one buffer (each entry a
 * view of its part), and one endpoint object per distinct address. Structured clone copies a
 * shared object once: one ArrayBuffer per message and one object per peer for the page's GC.
 */
export function packBatch(entries: JournalEntry[]): JournalEntry[] {
  let size = 0;
  for (const e of entries) if (e.kind === 'datagram') size += e.bytes.length;
  if (size === 0) return entries;
  const buffer = new Uint8Array(size);
  const endpoints = new Map<string, Endpoint>();
  const endpoint = (p: Endpoint): Endpoint => {
    const key = endpointKey(p);
    const known = endpoints.get(key);
    if (known) return known;
    endpoints.set(key, p);
    return p;
  };
  let offset = 0;
  const out: JournalEntry[] = new Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.kind !== 'datagram') {
      out[i] = e;
      continue;
    }
    buffer.set(e.bytes, offset);
    out[i] = {
      ...e,
      from: endpoint(e.from),
      to: endpoint(e.to),
      bytes: buffer.subarray(offset, offset + e.bytes.length),
    };
    offset += e.bytes.length;
  }
  return out;
}
