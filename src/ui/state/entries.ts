import type { GatewayEvent } from '../../gateway';
import type { JournalEntry } from '../../sim';
import { endpointKey } from '../../wire/endpoint';
import type { Endpoint } from '../../wire/endpoint';

/** The endpoint table is dropped and rebuilt past this many peers, so it stays bounded. */
const MAX_ENDPOINTS = 20_000;

/**
 * Every field of `T`, its optional ones too: a built entry that leaves out a field (one added to
 * the journal's entries later, say) does not compile.
 */
type Whole<T> = { [K in Extract<keyof T, string>]: T[K] };
type Datagram = Extract<JournalEntry, { kind: 'datagram' }>;
type Of<K extends GatewayEvent['kind']> = Extract<GatewayEvent, { kind: K }>;

/**
 * Entries as the page keeps them (up to 100,000): a record is read into objects key by key, which
 * leaves most fields outside the object, in a second one; the kinds a flood is made of (datagrams,
 * their summaries, the gateway's request, publish and notification events) are made again here as
 * literals, every field inside, and each peer's address is one object. Half the heap of the
 * objects as read (docs/performance.md, "The journal crosses as records").
 */
export class PageEntries {
  private endpoints = new Map<string, Endpoint>();

  endpoint<E extends Endpoint>(e: E): E {
    const key = endpointKey(e);
    const known = this.endpoints.get(key);
    if (known !== undefined) return known as E;
    if (this.endpoints.size >= MAX_ENDPOINTS) this.endpoints = new Map();
    this.endpoints.set(key, e);
    return e;
  }

  entry(entry: JournalEntry): JournalEntry {
    if (entry.kind === 'gateway')
      return {
        seq: entry.seq,
        at: entry.at,
        step: entry.step,
        cause: entry.cause,
        causeKind: entry.causeKind,
        kind: 'gateway',
        event: event(entry.event),
      } satisfies Whole<Extract<JournalEntry, { kind: 'gateway' }>>;
    if (entry.kind !== 'datagram') return entry;
    const s = entry.summary;
    return {
      seq: entry.seq,
      at: entry.at,
      step: entry.step,
      cause: entry.cause,
      causeKind: entry.causeKind,
      kind: 'datagram',
      from: this.endpoint(entry.from),
      to: this.endpoint(entry.to),
      sender: entry.sender,
      direction: entry.direction,
      bytes: entry.bytes,
      fate: entry.fate,
      arrivesAt: entry.arrivesAt,
      summary: {
        ok: s.ok,
        type: s.type,
        code: s.code,
        codeValue: s.codeValue,
        messageId: s.messageId,
        token: s.token,
        path: s.path,
        observe: s.observe,
        payloadLength: s.payloadLength,
        error: s.error,
      } satisfies Whole<Datagram['summary']>,
      channel: entry.channel,
      meaning: entry.meaning,
      outcome: entry.outcome,
      topic: entry.topic,
      retransmission: entry.retransmission,
      payloadText: entry.payloadText,
      notes: entry.notes,
    } satisfies Whole<Datagram>;
  }
}

/** The three events every publish writes, as literals; the others as read. */
function event(ev: GatewayEvent): GatewayEvent {
  switch (ev.kind) {
    case 'request':
      return {
        kind: 'request',
        channel: ev.channel,
        summary: ev.summary,
        code: ev.code,
        explanation: ev.explanation,
      } satisfies Whole<Of<'request'>>;
    case 'published':
      return {
        kind: 'published',
        channel: ev.channel,
        clientId: ev.clientId,
        topic: ev.topic,
        qos: ev.qos,
        retain: ev.retain,
        expiry: ev.expiry,
        deliveries: ev.deliveries,
        qosFrom: ev.qosFrom,
        remote: ev.remote,
      } satisfies Whole<Of<'published'>>;
    case 'notification':
      return {
        kind: 'notification',
        channel: ev.channel,
        topic: ev.topic,
        type: ev.type,
        why: ev.why,
        messageId: ev.messageId,
        seq: ev.seq,
        token: ev.token,
      } satisfies Whole<Of<'notification'>>;
    default:
      return ev;
  }
}
