import type { JournalEntry } from '../../sim';

/** Strings longer than this are kept as they came (payload texts, long notes). */
const MAX_LENGTH = 64;
/** The table is dropped and rebuilt past this many strings, so it stays bounded too. */
const MAX_SIZE = 20_000;
/** Fields that are (nearly) unique per entry: a table entry would cost more than it saves. */
const UNIQUE = new Set(['token', 'payload', 'text', 'detail']);

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

  string(s: string): string {
    if (s.length > MAX_LENGTH) return s;
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

  /** Replaces `entry`'s short strings and endpoints (its own, its summary's or event's) in place. */
  entry(entry: JournalEntry): JournalEntry {
    this.fields(entry as unknown as Record<string, unknown>);
    if (entry.kind === 'datagram') this.fields(entry.summary as unknown as Record<string, unknown>);
    else this.fields(entry.event as unknown as Record<string, unknown>);
    return entry;
  }

  private fields(o: Record<string, unknown>): void {
    for (const k in o) {
      const v = o[k];
      if (typeof v === 'string') {
        if (!UNIQUE.has(k)) o[k] = this.string(v);
      } else if (typeof v === 'object' && v !== null && !ArrayBuffer.isView(v) && isEndpoint(v))
        o[k] = this.endpoint(v);
    }
  }
}
