import { decode } from '../../coap/index';
import type { GatewayEvent } from '../../gateway';
import type { DatagramSummary, JournalEntry } from '../../sim';
import { endpointKey } from '../../wire/endpoint';
import { Ring } from '../state/ring';
import { divergence, type DivergenceNote } from './divergence';
import { meaning, type MeaningContext } from './meaning';
import { isRequestValue, requestInfo } from './request-info';

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
  /** The datagram in plain words (meaning.ts). */
  meaning: string;
  /** Where the seed document is wrong about this answer (divergence.ts). */
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

const NO_EVENTS: readonly GatewayEvent[] = Object.freeze([]);
const NO_NOTES: readonly DivergenceNote[] = Object.freeze([]);
/** EXCHANGE_LIFETIME (gateway-behaviour §1.11): a CON with the same Message ID within it is a repeat. */
const EXCHANGE_LIFETIME = 247_000;
const PAYLOAD_TEXT_MAX = 256;
const textDecoder = new TextDecoder();

/** Gateway events of one step (one call into the gateway), by channel and by peer. */
interface Step {
  at: number;
  byChannel: Map<string, GatewayEvent[]>;
  byPeer: Map<string, GatewayEvent[]>;
}

function codeClassOf(s: DatagramSummary): CodeClass {
  if (!s.ok) return 'malformed';
  const c = s.codeValue;
  if (c === undefined) return 'other';
  if (c === 0) return 'empty';
  if (isRequestValue(c)) return 'request';
  const cls = c >> 5;
  if (cls === 2) return 'success';
  if (cls === 4 || cls === 5) return 'error';
  return 'other';
}

function payloadText(entry: DatagramEntry): string | undefined {
  const s = entry.summary;
  if (!s.payloadLength || s.payloadLength > PAYLOAD_TEXT_MAX) return undefined;
  const cls = (s.codeValue ?? 0) >> 5;
  if (s.codeValue !== 0x41 && cls !== 4 && cls !== 5) return undefined;
  const r = decode(entry.bytes);
  return r.ok ? textDecoder.decode(r.message.payload) : undefined;
}

/** A real server's short text payload (a 2.05 with the time, say), for its row. */
function textOf(entry: DatagramEntry): string | undefined {
  const s = entry.summary;
  if (!s.payloadLength || s.payloadLength > PAYLOAD_TEXT_MAX) return undefined;
  const r = decode(entry.bytes);
  if (!r.ok) return undefined;
  const text = textDecoder.decode(r.message.payload);
  return /^[\x20-\x7e\u00a0-\uffff\s]*$/.test(text) ? text : undefined;
}

/**
 * Rows by peer (address:port) and Message ID, in nested maps: a `peer|mid` key string was made
 * for every request and notification and kept as long as its row.
 */
class ByPeerAndMid {
  private readonly peers = new Map<string, Map<number, PacketRow>>();

  get(peer: string, mid: number): PacketRow | undefined {
    return this.peers.get(peer)?.get(mid);
  }

  set(peer: string, mid: number, row: PacketRow): void {
    let mids = this.peers.get(peer);
    if (!mids) this.peers.set(peer, (mids = new Map()));
    mids.set(mid, row);
  }

  /** Forgets `row` if it is still the one kept for `peer` and `mid`. */
  forget(peer: string, mid: number, row: PacketRow): void {
    const mids = this.peers.get(peer);
    if (mids?.get(mid) !== row) return;
    mids.delete(mid);
    if (mids.size === 0) this.peers.delete(peer);
  }

  /** How many rows it keeps, over all peers. */
  get size(): number {
    let n = 0;
    for (const mids of this.peers.values()) n += mids.size;
    return n;
  }

  clear(): void {
    this.peers.clear();
  }
}

/**
 * The packet log's model, built incrementally from the journal: each datagram once, with O(1)
 * work (map look-ups, no scans) to pair responses with requests and ACKs with notifications and
 * to attach the gateway events of the step that sent it. Rows live in a ring as long as the
 * page's datagram ring, and every map forgets a row when it leaves the ring, so memory stays
 * bounded by the ring's capacity.
 */
export class PacketIndex {
  readonly rows: Ring<PacketRow>;
  private nextOrdinal = 0;
  /** Bumped by `clear()`; views rebuild when it changes. */
  generation = 0;
  /** endpoint → simulated client's name */
  private readonly names = new Map<string, string>();
  private readonly channels = new Map<string, 'connection' | 'connectionless'>();
  /** channel → topic → the QoS its observer subscribed with */
  private readonly subscriptions = new Map<string, Map<string, number>>();
  private closing: string[] = [];
  /** The latest request from a peer with a Message ID */
  private readonly requests = new ByPeerAndMid();
  /** Requests to real servers by server|Message ID, to pair their responses (bounded). */
  private readonly serverRequests = new Map<string, PacketRow>();
  /** The latest CON/NON notification the gateway sent to a peer with a Message ID */
  private readonly outbound = new ByPeerAndMid();
  /** client|mid → attempt, from the world's client-retransmission event just before a datagram */
  private readonly clientRetransmissions = new Map<string, number>();
  private step: Step | undefined;
  /** Rows below this position have dropped their events (`forgetEventsBefore`). */
  private eventsFrom = 0;
  /** Meanings and topics repeat (the same publish, the same ACK): one string each, not one per row. */
  private readonly meanings = new Map<string, string>();
  /** Whether the current step still takes events (no datagram of it seen yet). */
  private stepOpen = false;

  constructor(readonly capacity: number) {
    this.rows = new Ring(capacity);
  }

  clear(): void {
    this.rows.clear();
    this.names.clear();
    this.channels.clear();
    this.subscriptions.clear();
    this.requests.clear();
    this.serverRequests.clear();
    this.outbound.clear();
    this.clientRetransmissions.clear();
    this.closing = [];
    this.step = undefined;
    this.stepOpen = false;
    this.eventsFrom = 0;
    this.meanings.clear();
    this.generation++;
  }

  /** Adds journal entries, oldest first. */
  ingest(entries: Iterable<JournalEntry>): void {
    for (const e of entries) this.add(e);
  }

  add(e: JournalEntry): void {
    switch (e.kind) {
      case 'gateway':
        this.gatewayEvent(e.at, e.event);
        return;
      case 'world':
        this.step = undefined;
        this.stepOpen = false;
        if (e.event.kind === 'client-added' && e.event.protocol === 'coap')
          this.names.set(endpointKey(e.event.endpoint), e.event.client);
        else if (e.event.kind === 'client-retransmission') {
          if (this.clientRetransmissions.size > 1000) this.clientRetransmissions.clear();
          this.clientRetransmissions.set(`${e.event.client}|${e.event.messageId}`, e.event.attempt);
        }
        return;
      case 'datagram':
        if (e.direction === 'to-server' || e.direction === 'from-server') this.serverDatagram(e);
        else if (e.direction === 'to-gateway') this.inbound(e);
        else this.outboundDatagram(e);
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

  /** The row with ordinal `n`, if it is still kept. */
  byOrdinal(n: number): PacketRow | undefined {
    const first = this.rows.at(0);
    return first ? this.rows.at(n - first.ordinal) : undefined;
  }

  /** The names of the peers seen, for the client filter. */
  peers(): string[] {
    return [...new Set(this.names.values())];
  }

  // ─── internals ─────────────────────────────────────────────────────────

  private gatewayEvent(at: number, ev: GatewayEvent): void {
    if (!this.step || !this.stepOpen || this.step.at !== at) {
      for (const ch of this.closing) {
        this.channels.delete(ch);
        this.subscriptions.delete(ch);
      }
      this.closing = [];
      this.step = { at, byChannel: new Map(), byPeer: new Map() };
      this.stepOpen = true;
    }
    const step = this.step;
    const channel = 'channel' in ev ? ev.channel : undefined;
    if (channel !== undefined) {
      let list = step.byChannel.get(channel);
      if (!list) step.byChannel.set(channel, (list = []));
      list.push(ev);
    }
    if ('peer' in ev && ev.kind !== 'channel-opened') {
      const key = endpointKey(ev.peer);
      let list = step.byPeer.get(key);
      if (!list) step.byPeer.set(key, (list = []));
      list.push(ev);
    }
    switch (ev.kind) {
      case 'channel-opened':
        if (this.channels.size > 10_000) this.channels.clear();
        this.channels.set(ev.channel, ev.mode);
        break;
      case 'channel-closed':
        this.closing.push(ev.channel);
        break;
      case 'observe-added': {
        let topics = this.subscriptions.get(ev.channel);
        if (!topics) this.subscriptions.set(ev.channel, (topics = new Map()));
        topics.set(ev.topic, ev.qos);
        break;
      }
      case 'observe-cancelled':
        this.subscriptions.get(ev.channel)?.delete(ev.topic);
        break;
    }
  }

  private push(row: PacketRow): void {
    if (this.rows.length === this.rows.capacity) {
      // The oldest row leaves: forget it in the maps that may still point at it.
      const old = this.rows.at(0) as PacketRow;
      const e = old.entry;
      const mid = e.summary.messageId;
      if (mid !== undefined) {
        const peer = endpointKey(e.direction === 'to-gateway' ? e.from : e.to);
        this.requests.forget(peer, mid, old);
        this.outbound.forget(peer, mid, old);
      }
      if (this.eventsFrom > 0) this.eventsFrom--;
    }
    this.rows.push(row);
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

  private newRow(e: DatagramEntry, peer: string): PacketRow {
    // Every field from the start, even those most rows leave undefined: fields added later would
    // give each row a second object (its property store), and 100,000 rows are kept.
    return {
      ordinal: this.nextOrdinal++,
      entry: e,
      peer,
      codeClass: codeClassOf(e.summary),
      meaning: '',
      notes: NO_NOTES,
      events: NO_EVENTS,
      topic: undefined,
      retransmission: undefined,
      requestSeq: undefined,
      responseSeq: undefined,
      answersSeq: undefined,
      payloadText: undefined,
      server: undefined,
    };
  }

  private inbound(e: DatagramEntry): void {
    this.step = undefined;
    this.stepOpen = false;
    const from = endpointKey(e.from);
    if (e.fate !== 'external' && e.fate !== 'captured' && e.sender !== from)
      this.names.set(from, e.sender);
    const row = this.newRow(e, e.sender);
    const s = e.summary;
    const ctx: MeaningContext = {};
    if (s.ok && s.messageId !== undefined) {
      if (isRequestValue(s.codeValue)) {
        const info = requestInfo(s);
        row.topic = info.topic === undefined ? undefined : this.intern(info.topic);
        const retKey = `${e.sender}|${s.messageId}`;
        const attempt = this.clientRetransmissions.get(retKey);
        const prev = this.requests.get(from, s.messageId);
        if (attempt !== undefined) {
          row.retransmission = attempt;
          this.clientRetransmissions.delete(retKey);
        } else if (
          prev &&
          s.type === 'CON' &&
          prev.entry.summary.token === s.token &&
          e.at - prev.entry.at < EXCHANGE_LIFETIME
        )
          row.retransmission = (prev.retransmission ?? 0) + 1;
        ctx.retransmission = row.retransmission;
        this.requests.set(from, s.messageId, row);
      } else if (s.codeValue === 0 && (s.type === 'ACK' || s.type === 'RST')) {
        const answered = this.outbound.get(from, s.messageId);
        if (answered) {
          row.answersSeq = answered.entry.seq;
          row.topic = answered.topic;
          ctx.answers = { summary: answered.entry.summary, topic: answered.topic };
        }
      }
    }
    row.meaning = this.intern(meaning(e, ctx));
    this.push(row);
  }

  private intern(text: string): string {
    const known = this.meanings.get(text);
    if (known !== undefined) return known;
    if (this.meanings.size >= 20_000) this.meanings.clear();
    this.meanings.set(text, text);
    return text;
  }

  /** A datagram to or from a real CoAP server: no gateway semantics, just the exchange. */
  private serverDatagram(e: DatagramEntry): void {
    this.step = undefined;
    this.stepOpen = false;
    const toServer = e.direction === 'to-server';
    const server = endpointKey(toServer ? e.to : e.from);
    const local = endpointKey(toServer ? e.from : e.to);
    const row = this.newRow(e, toServer ? e.sender : (this.names.get(local) ?? local));
    row.server = server;
    const s = e.summary;
    const where = `the real server ${server}`;
    let text: string;
    if (!s.ok) text = `malformed: ${s.error ?? 'does not decode'}`;
    else if (isRequestValue(s.codeValue)) {
      text = `${s.type} ${(s.code ?? '').split(' ').slice(1).join(' ') || s.code} ${s.path ?? '/'} to ${where}`;
      if (s.messageId !== undefined) {
        if (this.serverRequests.size > 1000) this.serverRequests.clear();
        this.serverRequests.set(`${server}|${s.messageId}`, row);
      }
    } else if (s.codeValue === 0)
      text =
        s.type === 'RST'
          ? `RST ${toServer ? 'to' : 'from'} ${where}`
          : toServer
            ? `ACK to ${where}: its response arrived`
            : `empty ACK from ${where}: the request arrived, the response follows`;
    else {
      row.payloadText = payloadText(e) ?? textOf(e);
      text = `${s.code} ${toServer ? 'to' : 'from'} ${where}${row.payloadText ? `: ${row.payloadText}` : ''}`;
      const request =
        s.messageId !== undefined ? this.serverRequests.get(`${server}|${s.messageId}`) : undefined;
      if (!toServer && request && request.entry.summary.token === s.token) {
        row.requestSeq = request.entry.seq;
        if (request.responseSeq === undefined) {
          request.responseSeq = e.seq;
          request.meaning = this.intern(`${request.meaning} → ${s.code}`);
        }
      }
    }
    row.meaning = this.intern(text);
    this.push(row);
  }

  private outboundDatagram(e: DatagramEntry): void {
    const to = endpointKey(e.to);
    const row = this.newRow(e, this.names.get(to) ?? to);
    const s = e.summary;
    const step = this.step;
    this.stepOpen = false;
    const events =
      step && step.at === e.at
        ? ((e.channel !== undefined ? step.byChannel.get(e.channel) : undefined) ??
          step.byPeer.get(to) ??
          NO_EVENTS)
        : NO_EVENTS;
    row.events = events;
    const ctx: MeaningContext = { events };
    if (s.ok && s.messageId !== undefined && s.type !== 'RST') {
      const notification = events.find(
        (ev): ev is Extract<GatewayEvent, { kind: 'notification' | 'retransmission' }> =>
          s.type !== 'ACK' &&
          ((ev.kind === 'notification' && ev.token === s.token) || ev.kind === 'retransmission') &&
          ev.messageId === s.messageId,
      );
      if (notification) {
        if (notification.kind === 'notification') row.topic = notification.topic;
        else {
          row.retransmission = notification.attempt;
          row.topic = this.outbound.get(to, s.messageId)?.topic;
        }
        this.outbound.set(to, s.messageId, row);
      } else if ((s.codeValue ?? 0) >= 0x40) {
        const request = this.requests.get(to, s.messageId);
        if (request && request.entry.summary.token === s.token) {
          row.requestSeq = request.entry.seq;
          row.topic = request.topic;
          ctx.request = request.entry.summary;
        }
        row.payloadText = payloadText(e);
        ctx.payloadText = row.payloadText;
        if (request && ctx.request && request.responseSeq === undefined) {
          request.responseSeq = e.seq;
          request.meaning = this.intern(
            meaning(request.entry, {
              retransmission: request.retransmission,
              response: { summary: s, events },
            }),
          );
        }
      }
    }
    row.meaning = this.intern(
      row.retransmission !== undefined && row.topic
        ? `${meaning(e, ctx)} on ${row.topic}`
        : meaning(e, ctx),
    );
    const channel = e.channel;
    const notes = divergence({
      response: s,
      request: ctx.request,
      events,
      payloadText: row.payloadText,
      mode: channel !== undefined ? this.channels.get(channel) : undefined,
      subscriptionQos:
        row.topic !== undefined && channel !== undefined
          ? this.subscriptions.get(channel)?.get(row.topic)
          : undefined,
    });
    if (notes.length) row.notes = notes;
    this.push(row);
  }
}
