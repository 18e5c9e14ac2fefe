import type { JournalEntry } from '../../sim';

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

interface EndpointLike {
  address: string;
  port: number;
}

const isEndpoint = (v: object): v is EndpointLike =>
  typeof (v as EndpointLike).address === 'string' && typeof (v as EndpointLike).port === 'number';

/**
 * One copy of each short string and endpoint the page's journal keeps. Every batch from the
 * worker arrives as fresh objects (structured clone copies each string), and the page keeps up
 * to 100,000 entries: without this, each of them holds its own 'datagram', 'NON', '0.02 POST',
 * client name, path and addresses, objects the garbage collector copies and marks again and
 * again (the long pauses of a full ring). The copies that arrived die young, which is free.
 */
export class Interner {
  private strings = new Map<string, string>();
  private endpoints = new Map<string, EndpointLike>();

  string(s: string, long = false): string {
    if (s.length > MAX_LENGTH && !long) return s;
    const known = this.strings.get(s);
    if (known !== undefined) return known;
    if (this.strings.size >= MAX_SIZE) this.strings = new Map();
    this.strings.set(s, s);
    return s;
  }

  endpoint<E extends EndpointLike>(e: E): E {
    const key = `${e.address}|${e.port}`;
    const known = this.endpoints.get(key);
    if (known !== undefined) return known as E;
    if (this.endpoints.size >= MAX_SIZE) this.endpoints = new Map();
    this.endpoints.set(key, e);
    return e;
  }

  /**
   * `entry` as the page keeps it: its short strings and endpoints replaced by the shared ones.
   * A datagram (most of the journal) comes back as a new object, with every field its kind may
   * have, and so does its summary: an object structured clone rebuilt keeps its first four
   * fields inline and the rest in a second object, a property store, so a kept datagram was four
   * objects for the garbage collector to trace and move, and is two.
   */
  entry(entry: JournalEntry): JournalEntry {
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
    };
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
