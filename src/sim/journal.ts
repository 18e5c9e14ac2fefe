import type { Endpoint, GatewayEvent } from '../gateway';
import { RecordCodec } from '../wire/record';
import type { TableDelta } from '../wire/record';
import type { DivergenceNote } from './explain/divergence';
import type { Msg } from '../wire/msg';
import type { DatagramSummary } from './summary';

export type { DatagramSummary } from './summary';

/**
 * How a datagram fared on the virtual network; `external` is a real peer's (the relay), `captured`
 * one read from an imported capture file.
 */
export type Fate = 'delivered' | 'lost' | 'duplicated' | 'external' | 'captured';

/** Something the world itself did (as opposed to the gateway). */
export type WorldEvent =
  | { kind: 'client-added'; client: string; endpoint: Endpoint; protocol: 'coap' | 'mqtt' }
  | { kind: 'client-removed'; client: string }
  | { kind: 'request-sent'; client: string; summary: string; token: string }
  | {
      kind: 'response-received';
      client: string;
      code: string;
      token: string;
      rtt: number;
      payload: string;
    }
  | { kind: 'request-timeout'; client: string; token: string; summary: string }
  /** The relay would not send a request to a real server (not on its allowlist, or a send error). */
  | { kind: 'outbound-refused'; client: string; to: Endpoint; token?: string; reason: string }
  | { kind: 'client-retransmission'; client: string; messageId: number; attempt: number }
  | { kind: 'client-gave-up'; client: string; messageId: number }
  | {
      kind: 'notification-received';
      client: string;
      token: string;
      observe?: number;
      payload: string;
      duplicate: boolean;
    }
  | {
      kind: 'mqtt-received';
      client: string;
      topic: string;
      qos: number;
      retain: boolean;
      payload: string;
    }
  | {
      kind: 'mqtt-published';
      client: string;
      topic: string;
      qos: number;
      retain: boolean;
      deliveries: number;
    }
  | { kind: 'mqtt-subscribed'; client: string; filter: string; qos: number; retained: number }
  | { kind: 'config-changed'; changes: string[] }
  | { kind: 'link-changed'; client: string; loss: number; delay: number; duplicate: number }
  | { kind: 'note'; text: Msg }
  /**
   * A management API call, from an HTTP client through the relay or from the page's Operator
   * view: answered at once (`call`, with its status), or a request down to a device (`sent`,
   * then its `answer`, whose cause names the `sent` entry, as does the gateway's datagram).
   */
  | {
      kind: 'operator';
      source: 'http' | 'page';
      phase: 'call' | 'sent' | 'answer';
      method: string;
      path: string;
      /** The HTTP status the caller got (not for `sent`: it is still waiting). */
      status?: number;
      /** What happened, in words; the API's own error message is wire data inside it. */
      text?: Msg;
    }
  /** The link to a real MQTT broker: connected, lost, queued, flushed, dropped (issue 7). */
  | { kind: 'broker-link'; what: string; text: Msg }
  /** A message from a real MQTT broker, handed to the world's subscribers. */
  | {
      kind: 'broker-message';
      topic: string;
      qos: number;
      retain: boolean;
      payload: string;
      deliveries: number;
    };

/**
 * How an entry relates to the entry its `cause` names: a reply answers that `request`; a
 * retransmission `repeat`s that transmission; an empty ACK or RST answers that `message`; a
 * notification delivers that `publish`; a request down to a device, and its answer to the
 * operator, come of that operator `call`; anything else came of that `datagram` (the gateway's
 * events and its RST for it, a client's ACK).
 */
export type CauseKind = 'request' | 'repeat' | 'message' | 'publish' | 'call' | 'datagram';

/** What every entry carries: its number, when, which step of the world, and what caused it. */
interface EntryBase {
  seq: number;
  at: number;
  /** One call into the world (an intent, a datagram, a deadline): the entries it wrote share it. */
  step: number;
  /** The entry that caused this one, when there is one. */
  cause?: number;
  causeKind?: CauseKind;
}

/**
 * A datagram in plain words, written by the world from the gateway's own decisions (explain/):
 * messages (ids and parameters), rendered by the page in its language.
 */
export interface DatagramMeaning {
  meaning: Msg;
  /** A response's outcome in a few words, which its request's line adds: "token issued". */
  outcome?: Msg;
  /** The topic of a request, a notification, or the notification an ACK answers. */
  topic?: string;
  /** The n-th retransmission of the datagram its `cause` names. */
  retransmission?: number;
  /** A response's payload as text, when short and telling (a token, an error text). */
  payloadText?: string;
  /** Where the seed document is wrong about this datagram. */
  notes?: DivergenceNote[];
}

export type JournalEntry =
  | (EntryBase &
      DatagramMeaning & {
        kind: 'datagram';
        from: Endpoint;
        to: Endpoint;
        /** Which client (or `gateway`) sent it. */
        sender: string;
        /**
         * Towards the gateway or from it; or between a simulated client and a real CoAP server
         * outside the playground (through the relay).
         */
        direction: 'to-gateway' | 'from-gateway' | 'to-server' | 'from-server';
        bytes: Uint8Array;
        fate: Fate;
        /** For delivered datagrams that take time on their link, when they arrive. */
        arrivesAt?: number;
        summary: DatagramSummary;
        channel?: string;
      })
  | (EntryBase & { kind: 'gateway'; event: GatewayEvent })
  | (EntryBase & { kind: 'world'; event: WorldEvent });

export type JournalInput = JournalEntry extends infer E
  ? E extends JournalEntry
    ? Omit<E, 'seq' | 'step'>
    : never
  : never;

/** Bytes of records a chunk holds; a larger record gets a chunk of its own. */
const CHUNK = 256 * 1024;

/** Consecutive entries of a journal as records (record.ts), in one buffer of their own. */
export interface JournalRecords {
  /** The records, one after another. */
  records: Uint8Array;
  count: number;
  /** The datagram bytes the records hold, in all: a reader's arena for them. */
  bytes: number;
}

/**
 * The journal: every datagram and every lifecycle event, in order, in a bounded ring buffer
 * (default 100,000 entries), so memory never grows without bound.
 *
 * Entries are kept as records (record.ts) in chunks of bytes, not as objects: the garbage
 * collector never walks or copies them. They leave as records too (`records`, read with a
 * `RecordCodec` that learned the journal's tables, `tableSince`) or are made again (`since`). A chunk goes
 * when the ring has let go of every entry in it.
 */
export class Journal {
  private readonly codec = new RecordCodec();
  /** Per ring slot: the number of the chunk its record is in, where it starts, its length. */
  private readonly chunkOf: Float64Array;
  private readonly offsetOf: Int32Array;
  private readonly lengthOf: Int32Array;
  /** Per ring slot: the length of a datagram's bytes (0 for other entries). */
  private readonly bytesOf: Int32Array;
  /** Chunks still holding records, oldest first; the first is chunk number `firstChunk`. */
  private chunks: Uint8Array[] = [];
  private firstChunk = 0;
  /** Bytes used in the newest chunk. */
  private used = CHUNK;
  private nextSeq = 1;
  private stepNo = 0;
  private start = 0;
  private count = 0;

  constructor(readonly capacity = 100_000) {
    this.chunkOf = new Float64Array(capacity);
    this.offsetOf = new Int32Array(capacity);
    this.lengthOf = new Int32Array(capacity);
    this.bytesOf = new Int32Array(capacity);
  }

  /** A new step of the world: the entries appended from now on share its number. */
  beginStep(): void {
    this.stepNo++;
  }

  /** Takes `e` itself (every caller passes a fresh literal), numbers it and keeps its record. */
  append(e: JournalInput): JournalEntry {
    const entry = e as JournalEntry;
    entry.seq = this.nextSeq++;
    entry.step = this.stepNo;
    this.keep(entry);
    return entry;
  }

  /** Keeps `entry` as it is numbered (an imported capture's datagrams): the next number. */
  appendNumbered(entry: JournalEntry): void {
    if (entry.seq !== this.nextSeq)
      throw new RangeError(`journal: entry ${entry.seq} where ${this.nextSeq} is next`);
    this.nextSeq++;
    this.keep(entry);
  }

  private keep(entry: JournalEntry): void {
    const record = this.codec.write(entry);
    const n = record.length;
    let chunk = this.chunks.at(-1);
    if (!chunk || this.used + n > chunk.length) {
      chunk = new Uint8Array(Math.max(CHUNK, n));
      this.chunks.push(chunk);
      this.used = 0;
    }
    chunk.set(record, this.used);
    const index = (this.start + this.count) % this.capacity;
    this.chunkOf[index] = this.firstChunk + this.chunks.length - 1;
    this.offsetOf[index] = this.used;
    this.lengthOf[index] = n;
    this.bytesOf[index] = entry.kind === 'datagram' ? entry.bytes.length : 0;
    this.used += n;
    if (this.count < this.capacity) this.count++;
    else {
      this.start = (this.start + 1) % this.capacity;
      // Chunks older than the oldest kept entry's hold nothing kept.
      const oldest = this.chunkOf[this.start];
      while (this.firstChunk < oldest) {
        this.chunks.shift();
        this.firstChunk++;
      }
    }
  }

  get size(): number {
    return this.count;
  }

  /** Bytes held by the chunks of records (what the entries take, beyond the ring's slots). */
  get bytes(): number {
    let n = 0;
    for (const c of this.chunks) n += c.length;
    return n;
  }

  /** The sequence number the next entry will get. */
  get next(): number {
    return this.nextSeq;
  }

  /** The sequence number of the oldest entry kept (`next` when there is none). */
  get oldest(): number {
    // Sequence numbers are contiguous in the ring.
    return this.nextSeq - this.count;
  }

  /**
   * Entries with seq ≥ `from`, oldest first (what is still in the ring), at most `limit`: made
   * afresh from their records, the datagrams' bytes views of one buffer.
   */
  since(from: number, limit = this.capacity): JournalEntry[] {
    const { head, n } = this.range(from, limit);
    const out: JournalEntry[] = new Array(n);
    let size = 0;
    for (let i = 0; i < n; i++) size += this.bytesOf[(head + i) % this.capacity];
    const arena = { bytes: new Uint8Array(size), used: 0 };
    for (let i = 0; i < n; i++) {
      const index = (head + i) % this.capacity;
      const chunk = this.chunks[this.chunkOf[index] - this.firstChunk];
      out[i] = this.codec.read(chunk, this.offsetOf[index], arena) as JournalEntry;
    }
    return out;
  }

  /**
   * The records of the entries with seq ≥ `from` (those still kept), at most `limit`, copied
   * into one new buffer: what the page is sent.
   */
  records(from: number, limit = this.capacity): JournalRecords {
    const { head, n } = this.range(from, limit);
    let size = 0;
    let bytes = 0;
    for (let i = 0; i < n; i++) {
      const index = (head + i) % this.capacity;
      size += this.lengthOf[index];
      bytes += this.bytesOf[index];
    }
    const records = new Uint8Array(size);
    let at = 0;
    for (let i = 0; i < n; i++) {
      const index = (head + i) % this.capacity;
      const chunk = this.chunks[this.chunkOf[index] - this.firstChunk];
      const offset = this.offsetOf[index];
      records.set(chunk.subarray(offset, offset + this.lengthOf[index]), at);
      at += this.lengthOf[index];
    }
    return { records, count: n, bytes };
  }

  /** The codec's tables' size: a mark for `tableSince`. */
  get tableSize(): { keys: number; strings: number } {
    return this.codec.tableSize;
  }

  /** What a reader must learn, beyond `mark`, to read this journal's records. */
  tableSince(mark: { keys: number; strings: number }): TableDelta {
    return this.codec.tableSince(mark);
  }

  /** The ring position of entry `from` (or the oldest kept) and how many of `limit` follow. */
  private range(from: number, limit: number): { head: number; n: number } {
    const oldest = this.oldest;
    const first = Math.max(from, oldest);
    const n = Math.max(0, Math.min(limit, this.nextSeq - first));
    return { head: this.start + (first - oldest), n };
  }

  clear(): void {
    this.chunks = [];
    this.firstChunk = 0;
    this.used = CHUNK;
    this.start = 0;
    this.count = 0;
  }
}

export type { DivergenceNote } from './explain/divergence';
