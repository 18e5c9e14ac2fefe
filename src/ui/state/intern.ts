import type { GatewayEvent } from '../../gateway';
import type { JournalEntry } from '../../sim';
import { endpointKey } from '../../wire/endpoint';
import type { Endpoint } from '../../wire/endpoint';

/** Strings longer than this are kept as they came (payload texts, long notes). */
const MAX_LENGTH = 64;
/** The table is dropped and rebuilt past this many strings, so it stays bounded too. */
const MAX_SIZE = 20_000;
/**
 * Fields that are (nearly) unique per entry: a table entry would cost more than it saves. Not
 * tokens: a request's token comes back in its response and in the client's events, and an
 * observation's token in every notification.
 */
const UNIQUE = new Set(['payload', 'text', 'detail']);
/**
 * Long texts the gateway writes from a handful of templates, one per publish or notification
 * (why it was CON or NON, where its QoS came from): shared however long they are.
 */
const TEMPLATED = new Set(['why', 'qosFrom']);

/**
 * Every field of `T`, its optional ones too: a rebuilt event that leaves out a field (one added
 * to the gateway's events later, say) does not compile.
 */
type Whole<T> = { [K in Extract<keyof T, string>]: T[K] };
type Of<K extends GatewayEvent['kind']> = Extract<GatewayEvent, { kind: K }>;

const isEndpoint = (v: object): v is Endpoint =>
  typeof (v as Endpoint).address === 'string' && typeof (v as Endpoint).port === 'number';

/**
 * One copy of each short string and endpoint the page's journal keeps. Every batch from the
 * worker arrives as fresh objects (structured clone copies each string), and the page keeps up
 * to 100,000 entries: without this, each of them holds its own 'datagram', 'NON', '0.02 POST',
 * client name, path and addresses, objects the garbage collector copies and marks again and
 * again (the long pauses of a full ring). The copies that arrived die young, which is free.
 */
export class Interner {
  private strings = new Map<string, string>();
  private endpoints = new Map<string, Endpoint>();

  string(s: string, long = false): string {
    if (s.length > MAX_LENGTH && !long) return s;
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    if (this.strings.size >= MAX_SIZE) this.strings = new Map();
    this.strings.set(s, s);
    return s;
  }

  endpoint<E extends Endpoint>(e: E): E {
    const key = endpointKey(e);
    const known = this.endpoints.get(key);
    if (known !== undefined) return known as E;
    if (this.endpoints.size >= MAX_SIZE) this.endpoints = new Map();
    this.endpoints.set(key, e);
    return e;
  }

  /**
   * `entry` as the page keeps it: its short strings and endpoints replaced by the shared ones.
   * A datagram (most of the journal) comes back as a new object, with every field its kind may
   * have, and so does its summary: a structured clone keeps only four fields inline and the rest
   * in a property store, so rebuilt each is one object for the collector, not two.
   */
  entry(entry: JournalEntry): JournalEntry {
    if (entry.kind === 'gateway')
      return {
        seq: entry.seq,
        at: entry.at,
        step: entry.step,
        cause: entry.cause,
        causeKind: entry.causeKind,
        kind: 'gateway',
        event: this.gatewayEvent(entry.event),
      };
    if (entry.kind !== 'datagram') {
      this.fields(entry as unknown as Record<string, unknown>);
      this.fields(entry.event as unknown as Record<string, unknown>);
      return entry;
    }
    const s = entry.summary;
    const str = this.optional;
    return {
      seq: entry.seq,
      at: entry.at,
      step: entry.step,
      cause: entry.cause,
      causeKind: entry.causeKind,
      kind: 'datagram',
      from: this.endpoint(entry.from),
      to: this.endpoint(entry.to),
      sender: this.string(entry.sender),
      direction: str(entry.direction),
      bytes: entry.bytes,
      fate: str(entry.fate),
      arrivesAt: entry.arrivesAt,
      summary: {
        ok: s.ok,
        type: str(s.type),
        code: str(s.code),
        codeValue: s.codeValue,
        messageId: s.messageId,
        token: str(s.token),
        path: str(s.path),
        observe: s.observe,
        payloadLength: s.payloadLength,
        error: s.error,
      },
      channel: str(entry.channel),
      meaning: this.string(entry.meaning, true),
      outcome: str(entry.outcome),
      topic: str(entry.topic),
      retransmission: entry.retransmission,
      payloadText: entry.payloadText,
      notes: entry.notes,
    };
  }

  /**
   * A gateway event as the page keeps it. The three that every publish writes come back as new
   * objects with all their fields inline (a cloned object with more than four fields keeps the
   * rest in a second object, its property store), made where the collector can learn to make
   * them in the old generation: the clones die young. The rest are interned in place.
   */
  private gatewayEvent(ev: GatewayEvent): GatewayEvent {
    switch (ev.kind) {
      case 'request':
        return {
          kind: 'request',
          channel: this.string(ev.channel),
          summary: this.string(ev.summary),
          code: ev.code,
          explanation: this.string(ev.explanation),
        } satisfies Whole<Of<'request'>>;
      case 'published':
        return {
          kind: 'published',
          channel: this.string(ev.channel),
          clientId: this.string(ev.clientId),
          topic: this.string(ev.topic),
          qos: ev.qos,
          retain: ev.retain,
          expiry: ev.expiry,
          deliveries: ev.deliveries,
          qosFrom: this.string(ev.qosFrom, true),
          remote: ev.remote,
        } satisfies Whole<Of<'published'>>;
      case 'notification':
        return {
          kind: 'notification',
          channel: this.string(ev.channel),
          topic: this.string(ev.topic),
          type: this.optional(ev.type),
          why: this.string(ev.why, true),
          messageId: ev.messageId,
          seq: ev.seq,
          token: this.string(ev.token),
        } satisfies Whole<Of<'notification'>>;
      default:
        this.fields(ev as unknown as Record<string, unknown>);
        return ev;
    }
  }

  /** `string` for a field that may be absent, keeping its literal type. */
  private readonly optional = <T extends string | undefined>(v: T): T =>
    (v === undefined ? v : this.string(v)) as T;

  private fields(o: Record<string, unknown>): void {
    for (const k in o) {
      const v = o[k];
      if (typeof v === 'string') {
        if (!UNIQUE.has(k)) o[k] = this.string(v, TEMPLATED.has(k));
      } else if (typeof v === 'object' && v !== null && !ArrayBuffer.isView(v) && isEndpoint(v))
        o[k] = this.endpoint(v);
    }
  }
}
