import { isRequestCode, methodOf } from '../../coap';
import type { GatewayEvent } from '../../gateway';
import type { DatagramSummary, DivergenceNote, JournalEntry } from '../../sim';
import { endpointKey } from '../../wire/endpoint';
import { msg, type Msg } from '../../wire/msg';
import { i18n } from '../i18n/i18n';
import { Ring } from '../state/ring';

export type DatagramEntry = Extract<JournalEntry, { kind: 'datagram' }>;

/** The code filter's classes: requests, 2.xx, 4.xx–5.xx, and the rest. */
export type CodeClass = 'request' | 'success' | 'error' | 'empty' | 'malformed' | 'other';

/** One line of the packet log: a datagram and what the journal around it says about it. */
export interface PacketRow {
  /** Position among all datagrams ever indexed (increasing, never reused). */
  ordinal: number;
  entry: DatagramEntry;
  /** The client's name, or address:port for a real peer. */
  peer: string;
  codeClass: CodeClass;
  /** The datagram in plain words, as the world wrote it (a message the page renders). */
  meaning: Msg;
  /** For a request: what its first response made of it ("token issued"), once it came. */
  outcome?: Msg;
  /** Where the seed document is wrong about this answer, as the world wrote it. */
  notes: readonly DivergenceNote[];
  /** Gateway events of the step that sent it (outbound), for the detail pane. */
  events: readonly GatewayEvent[];
  /** The topic of a request, notification or the notification an ACK answers. */
  topic?: string;
  /** A repeat of an earlier datagram with the same Message ID: retransmission n. */
  retransmission?: number;
  /** For a response: the request it answers. */
  requestSeq?: number;
  /** For a request: its first response. */
  responseSeq?: number;
  /** For an empty ACK/RST from a client: the gateway message it answers. */
  answersSeq?: number;
  /** A response's payload as text (tokens and error texts), when short. */
  payloadText?: string;
  /**
   * For a datagram between a simulated client and a real CoAP server (through the relay), the
   * server's address:port: it stands where the gateway stands in the views.
   */
  server?: string;
}

/** A row in a few words: a request's method and path, another datagram's code, or `malformed`. */
export function rowWhat(row: PacketRow): string {
  const s = row.entry.summary;
  if (!s.ok) return i18n.t('packets:row.malformed');
  return row.codeClass === 'request' ? `${methodOf(s.code)} ${s.path}` : (s.code ?? '');
}

/**
 * A row's meaning as one message: a request with its outcome once its response came
 * (`meaning:with-outcome`, "connect as 123 → token issued"), otherwise the datagram's own.
 */
export const rowMeaning = (row: PacketRow): Msg =>
  row.outcome
    ? msg('meaning:with-outcome', { request: row.meaning, outcome: row.outcome })
    : row.meaning;

/** Whether a row's datagram went towards the gateway (or a real server), not from it. */
export const isInbound = (row: PacketRow): boolean =>
  row.entry.direction === 'to-gateway' || row.entry.direction === 'to-server';

const NO_EVENTS: readonly GatewayEvent[] = Object.freeze([]);
const NO_NOTES: readonly DivergenceNote[] = Object.freeze([]);

/** Gateway events of one step of the world, by channel and by peer. */
interface Step {
  step: number;
  byChannel: Map<string, GatewayEvent[]>;
  byPeer: Map<string, GatewayEvent[]>;
}

function codeClassOf(s: DatagramSummary): CodeClass {
  if (!s.ok) return 'malformed';
  const c = s.codeValue;
  if (c === undefined) return 'other';
  if (c === 0) return 'empty';
  if (isRequestCode(c)) return 'request';
  const cls = c >> 5;
  if (cls === 2) return 'success';
  if (cls === 4 || cls === 5) return 'error';
  return 'other';
}

/**
 * The packet log's model, built incrementally from the journal: a row per datagram with what the
 * world wrote of it (its meaning, notes, topic), linked to its request, response or the message
 * it answers by the causes the world recorded, and given the gateway events of the step that sent
 * it. Rows live in a ring as long as the page's datagram ring, so memory stays bounded.
 */
export class PacketIndex {
  readonly rows: Ring<PacketRow>;
  private nextOrdinal = 0;
  /** The ordinal of the current world's first datagram: packet numbers count from it. */
  private firstOrdinal = 0;
  /** Bumped by `clear()`; views rebuild when it changes. */
  generation = 0;
  /** endpoint → simulated client's name, or a real peer's own address:port */
  private readonly names = new Map<string, string>();
  /** The real peers (through the relay) among the names. */
  private readonly real = new Set<string>();
  private step: Step | undefined;
  /** Rows below this position have dropped their events (`forgetEventsBefore`). */
  private eventsFrom = 0;

  constructor(readonly capacity: number) {
    this.rows = new Ring(capacity);
  }

  clear(): void {
    this.rows.clear();
    this.firstOrdinal = this.nextOrdinal;
    this.names.clear();
    this.real.clear();
    this.step = undefined;
    this.eventsFrom = 0;
    this.generation++;
  }

  /** Adds journal entries, oldest first. */
  ingest(entries: Iterable<JournalEntry>): void {
    for (const e of entries) this.add(e);
  }

  add(e: JournalEntry): void {
    switch (e.kind) {
      case 'gateway':
        this.gatewayEvent(e.step, e.event);
        return;
      case 'world':
        if (e.event.kind === 'client-added' && e.event.protocol === 'coap')
          this.names.set(endpointKey(e.event.endpoint), e.event.client);
        return;
      case 'datagram':
        this.datagram(e);
    }
  }

  /** The row of the datagram with journal sequence number `seq`, if it is still kept. */
  bySeq(seq: number): PacketRow | undefined {
    const rows = this.rows;
    let lo = 0;
    let hi = rows.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = (rows.at(mid) as PacketRow).entry.seq;
      if (s === seq) return rows.at(mid);
      if (s < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    // Sequence numbers restart when the world is reset: fall back to a scan from the newest.
    for (let i = rows.length - 1; i >= 0; i--) {
      const r = rows.at(i) as PacketRow;
      if (r.entry.seq === seq) return r;
    }
    return undefined;
  }

  /**
   * The packet's number as the log shows it: 1 for the first datagram of this world (or capture),
   * counting every datagram, filtered out or not. Journal sequence numbers count every entry
   * (events too), so they are not shown as packet numbers.
   */
  numberOf(row: PacketRow): number {
    return row.ordinal - this.firstOrdinal + 1;
  }

  /** The row with ordinal `n`, if it is still kept. */
  byOrdinal(n: number): PacketRow | undefined {
    const first = this.rows.at(0);
    return first ? this.rows.at(n - first.ordinal) : undefined;
  }

  /** The names of the peers seen, for the client filter: simulated clients, then real peers. */
  peers(): string[] {
    return [...new Set(this.names.values())];
  }

  /** Whether a peer of `peers()` is a real one (through the relay). */
  isReal(peer: string): boolean {
    return this.real.has(peer);
  }

  /**
   * Lets rows older than journal seq `seq` drop their gateway events (the page's journal ring no
   * longer holds them): the rows keep their meaning and notes, and memory stays that of the rings.
   */
  forgetEventsBefore(seq: number): void {
    const rows = this.rows;
    while (this.eventsFrom < rows.length) {
      const r = rows.at(this.eventsFrom) as PacketRow;
      if (r.entry.seq >= seq) break;
      r.events = NO_EVENTS;
      this.eventsFrom++;
    }
  }

  // ─── internals ─────────────────────────────────────────────────────────

  private gatewayEvent(step: number, ev: GatewayEvent): void {
    if (this.step?.step !== step) this.step = { step, byChannel: new Map(), byPeer: new Map() };
    const channel = 'channel' in ev ? ev.channel : undefined;
    if (channel !== undefined) push(this.step.byChannel, channel, ev);
    if ('peer' in ev && ev.kind !== 'channel-opened')
      push(this.step.byPeer, endpointKey(ev.peer), ev);
  }

  private datagram(e: DatagramEntry): void {
    const inbound = e.direction === 'to-gateway' || e.direction === 'to-server';
    const from = endpointKey(e.from);
    if (inbound && e.fate !== 'external' && e.fate !== 'captured' && e.sender !== from)
      this.names.set(from, e.sender);
    else if (e.direction === 'to-gateway' && e.fate === 'external' && !this.names.has(from)) {
      // A real peer is known by its address: each coap-client run is a new one.
      this.names.set(from, from);
      this.real.add(from);
    }
    const to = endpointKey(e.to);
    const row: PacketRow = {
      ordinal: this.nextOrdinal++,
      entry: e,
      peer: inbound ? e.sender : (this.names.get(to) ?? to),
      codeClass: codeClassOf(e.summary),
      meaning: e.meaning,
      outcome: undefined,
      notes: e.notes ?? NO_NOTES,
      events: NO_EVENTS,
      topic: e.topic,
      retransmission: e.retransmission,
      requestSeq: undefined,
      responseSeq: undefined,
      answersSeq: undefined,
      payloadText: e.payloadText,
      server: e.direction === 'to-server' ? to : e.direction === 'from-server' ? from : undefined,
    };
    if (e.direction === 'from-gateway' && this.step?.step === e.step)
      row.events =
        (e.channel !== undefined ? this.step.byChannel.get(e.channel) : undefined) ??
        this.step.byPeer.get(to) ??
        NO_EVENTS;
    if (e.causeKind === 'message') row.answersSeq = e.cause;
    else if (e.causeKind === 'request' && e.cause !== undefined) {
      row.requestSeq = e.cause;
      const request = this.bySeq(e.cause);
      if (request && request.responseSeq === undefined) {
        request.responseSeq = e.seq;
        if (e.outcome) request.outcome = e.outcome;
      }
    }
    this.push(row);
  }

  private push(row: PacketRow): void {
    if (this.rows.length === this.rows.capacity && this.eventsFrom > 0) this.eventsFrom--;
    this.rows.push(row);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
