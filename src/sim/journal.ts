import type { Endpoint, GatewayEvent } from '../gateway';
import { RecordCodec } from './record';
import type { DivergenceNote } from './explain/divergence';
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
  | { kind: 'note'; text: string }
  /** A management API call (the relay's REST routes) and the status it was answered with. */
  | { kind: 'operator'; method: string; path: string; status: number; text: string }
  /** The link to a real MQTT broker: connected, lost, queued, flushed, dropped (issue 7). */
  | { kind: 'broker-link'; what: string; text: string }
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
 * notification delivers that `publish`; anything else came of that `datagram` (the gateway's
 * events and its RST for it, a client's ACK).
 */
export type CauseKind = 'request' | 'repeat' | 'message' | 'publish' | 'datagram';

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

/** A datagram in plain words, written by the world from the gateway's own decisions (explain/). */
export interface DatagramMeaning {
  meaning: string;
  /** A response's outcome in a few words, which its request's line adds: "token issued". */
  outcome?: string;
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
/**
 * At most this many entries appended since the last drain are kept as objects too, for `drain`
 * to hand over as they are. More (no page draining them) and they are let go: drain reads them.
 */
const FRESH_MAX = 10_000;

/**
 * The journal: every datagram and every lifecycle event, in order, in a bounded ring buffer
 * (default 100,000 entries), so memory never grows without bound.
 *
 * Entries are kept as records (record.ts) in chunks of bytes, not as objects: the garbage
 * collector never walks or copies them, and reading one makes it again (`since`, `drain`). A
 * chunk goes when the ring has let go of every entry in it.
 */
export class Journal {
  private readonly codec = new RecordCodec();
  /** Per ring slot: the number of the chunk its record is in, where it starts, its length. */
  private readonly chunkOf: Float64Array;
  private readonly offsetOf: Int32Array;
  private readonly lengthOf: Int32Array;
  /** Chunks still holding records, oldest first; the first is chunk number `firstChunk`. */
  private chunks: Uint8Array[] = [];
  private firstChunk = 0;
  /** Bytes used in the newest chunk. */
  private used = CHUNK;
  private nextSeq = 1;
  private stepNo = 0;
  private start = 0;
  private count = 0;
  /** The last sequence number handed out by `drain()`. */
  private drained = 0;
  /**
   * The entries appended since the last drain, as appended, while they are at most FRESH_MAX:
   * the next drain gives them as they are rather than read them again from their records, the
   * largest cost of a drain in a flood (docs/performance.md, "Drain hands over fresh entries").
   */
  private fresh: JournalEntry[] | undefined = [];

  constructor(readonly capacity = 100_000) {
    this.chunkOf = new Float64Array(capacity);
    this.offsetOf = new Int32Array(capacity);
    this.lengthOf = new Int32Array(capacity);
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
    const record = this.codec.write(entry);
    const n = record.length;
    let chunk = this.chunks.at(-1);
    if (!chunk || this.used + n > chunk.length) {
      chunk = new Uint8Array(Math.max(CHUNK, n));
      this.chunks.push(chunk);
      this.used = 0;
    }
    chunk.set(record, this.used);
    if (this.fresh && this.fresh.push(entry) > FRESH_MAX) this.fresh = undefined;
    const index = (this.start + this.count) % this.capacity;
    this.chunkOf[index] = this.firstChunk + this.chunks.length - 1;
    this.offsetOf[index] = this.used;
    this.lengthOf[index] = n;
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
    return entry;
  }

  /**
   * Entries appended since the last drain, oldest first (those still in the ring): the objects
   * `append` returned when the drain follows them closely, else made again from their records.
   */
  drain(): JournalEntry[] {
    const fresh = this.fresh;
    const n = this.nextSeq - 1 - this.drained;
    const out =
      fresh && fresh.length === n && n <= this.count ? fresh : this.since(this.drained + 1);
    this.drained = this.nextSeq - 1;
    this.fresh = [];
    return out;
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

  /**
   * Entries with seq ≥ `from`, oldest first (what is still in the ring), at most `limit`: made
   * afresh from their records, the datagrams' bytes views of one buffer.
   */
  since(from: number, limit = this.capacity): JournalEntry[] {
    // Sequence numbers are contiguous in the ring: the oldest kept is next - count.
    const oldest = this.nextSeq - this.count;
    const first = Math.max(from, oldest);
    const n = Math.max(0, Math.min(limit, this.nextSeq - first));
    const out: JournalEntry[] = new Array(n);
    const head = this.start + (first - oldest);
    let size = 0;
    for (let i = 0; i < n; i++) size += this.lengthOf[(head + i) % this.capacity];
    // A record is longer than the bytes it holds: its entries' bytes all fit.
    const arena = { bytes: new Uint8Array(size), used: 0 };
    for (let i = 0; i < n; i++) {
      const index = (head + i) % this.capacity;
      const chunk = this.chunks[this.chunkOf[index] - this.firstChunk];
      out[i] = this.codec.read(chunk, this.offsetOf[index], arena) as JournalEntry;
    }
    return out;
  }

  /** The next drain() starts again from the oldest entry still kept (a page attaching afresh). */
  rewind(): void {
    this.drained = this.nextSeq - this.count - 1;
    this.fresh = undefined;
  }

  clear(): void {
    this.chunks = [];
    this.firstChunk = 0;
    this.used = CHUNK;
    this.start = 0;
    this.count = 0;
    this.drained = this.nextSeq - 1;
    this.fresh = [];
  }
}
export type { DivergenceNote } from './explain/divergence';
