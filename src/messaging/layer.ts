import type { CoapMessage } from '../coap';
import { EMPTY, isRequestCode } from '../coap';
import type { Random } from './random';
import type { TransmissionParams } from './params';
import { RFC7252_PARAMS } from './params';

/** A message this side sent and still tracks: a CON until ACK, RST or give-up; a NON until RST or NON_LIFETIME. */
export interface Outgoing {
  readonly messageId: number;
  /** What goes out on each (re)transmission; a host may replace it (the gateway re-stamps Observe). */
  message: CoapMessage;
  readonly firstSentAt: number;
  /** Transmissions so far (1 after the first send). */
  transmissions: number;
  /** The current timeout, in ms (CON only). */
  timeout: number;
  /** When the next retransmission or the give-up is due (CON), or when the record lapses (NON). */
  deadline: number;
  /** Caller's tag, e.g. which observation a notification belongs to. */
  readonly tag: unknown;
}

/** What an inbound message is to the message layer (RFC 7252 §4). */
export type Inbound =
  /**
   * A new CON/NON carrying a request or a response. Answer a CON request with `reply()`; a CON
   * response is acknowledged by the layer: send `ack` (RFC 7252 §5.2.2).
   */
  | { kind: 'new'; message: CoapMessage; ack: CoapMessage | undefined }
  /**
   * The same Message ID again within its lifetime (RFC 7252 §4.5): do not process it again;
   * send `replay` when there is one (the cached reply), otherwise ignore it.
   */
  | {
      kind: 'duplicate';
      message: CoapMessage;
      replay: CoapMessage | undefined;
      firstSeenAt: number;
    }
  /** An ACK (empty, or a piggy-backed response) for one of our CONs. */
  | { kind: 'ack'; message: CoapMessage; exchange: Outgoing; roundTrip: number }
  /** An RST for one of our CONs or NONs (RFC 7252 §4.2, §4.3). */
  | { kind: 'reset'; message: CoapMessage; exchange: Outgoing }
  /** An ACK or RST matching nothing we sent (or sent too long ago): ignore it. */
  | { kind: 'unmatched'; message: CoapMessage }
  /** An Empty CON, a "CoAP ping" (RFC 7252 §4.3): answer with `reply` (an RST). */
  | { kind: 'ping'; message: CoapMessage; reply: CoapMessage };

/**
 * What `tick()` reports for tracked CONs whose deadline passed. `exchange` is the live record, and
 * one late tick may report it several times: read `at`, `transmission` and `timeout`, which are
 * as of this event, not `exchange.transmissions` or `exchange.timeout`.
 */
export type Timeout =
  | {
      kind: 'retransmit';
      exchange: Outgoing;
      /** When this retransmission was due. */
      at: number;
      /** Which transmission this is: 2 for the first retransmission, up to 1 + MAX_RETRANSMIT. */
      transmission: number;
      /** The timeout that starts with this retransmission, in ms. */
      timeout: number;
    }
  | { kind: 'give-up'; exchange: Outgoing; /** When the last timeout ran out. */ at: number };

interface Seen {
  /** Which arrival this is, so a stale queue entry never drops a newer sighting. */
  stamp: number;
  expiresAt: number;
  firstSeenAt: number;
  reply: CoapMessage | undefined;
}

export interface MessageLayerOptions {
  random: Random;
  params?: TransmissionParams;
  /** First Message ID; default random in 1..65535 (RFC 7252 §4.4 wants it hard to guess). */
  firstMessageId?: number;
  /** Most remembered inbound Message IDs; the oldest go first. Default 10,000. */
  maxRemembered?: number;
}

/** An empty ACK or RST answering `m` (RFC 7252 §4.2: same Message ID, no token, options or payload). */
export function emptyReply(type: 'ACK' | 'RST', messageId: number): CoapMessage {
  return { type, code: 0, messageId, token: EMPTY, options: [], payload: EMPTY };
}

/**
 * One endpoint's CoAP message layer toward one peer (RFC 7252 §4), sans-IO: time comes in as `now`
 * (ms), randomness from the injected source, and deadlines go out as data (`nextDeadline()`).
 * It allocates Message IDs, retransmits CONs with exponential back-off until ACK, RST or give-up,
 * matches ACK/RST by Message ID, detects duplicates within EXCHANGE_LIFETIME / NON_LIFETIME and
 * keeps each CON's reply to replay for duplicates, and answers CoAP pings with RST.
 */
export class MessageLayer {
  private readonly random: Random;
  private readonly params: TransmissionParams;
  private readonly maxRemembered: number;
  private lastMessageId: number;
  private readonly pending = new Map<number, Outgoing>();
  private readonly seen = new Map<number, Seen>();
  /**
   * Arrival order of remembered Message IDs, one FIFO per lifetime (CON 247 s, NON 145 s), so
   * both expire front to back in O(1) amortized and the bound evicts the oldest without scans.
   */
  private readonly order = { con: new Fifo(), non: new Fifo() };
  private stamp = 0;

  constructor(options: MessageLayerOptions) {
    this.random = options.random;
    this.params = options.params ?? RFC7252_PARAMS;
    this.maxRemembered = options.maxRemembered ?? 10_000;
    this.lastMessageId = (options.firstMessageId ?? this.random.int(1, 65535)) - 1;
  }

  /** The next Message ID: increments from a random start, wrapping from 65535 to 1 as the reference gateway does. */
  nextMessageId(): number {
    this.lastMessageId = this.lastMessageId >= 65535 ? 1 : this.lastMessageId + 1;
    return this.lastMessageId;
  }

  /** Classifies an inbound message and updates the layer's state. */
  receive(message: CoapMessage, now: number): Inbound {
    const { type, code, messageId } = message;
    if (type === 'ACK' || type === 'RST') {
      const exchange = this.pending.get(messageId);
      // An ACK only completes a CON; an RST may also answer a NON (RFC 7252 §4.3).
      if (!exchange || (type === 'ACK' && exchange.message.type !== 'CON')) {
        return { kind: 'unmatched', message };
      }
      this.pending.delete(messageId);
      return type === 'ACK'
        ? { kind: 'ack', message, exchange, roundTrip: now - exchange.firstSentAt }
        : { kind: 'reset', message, exchange };
    }
    if (code === 0) {
      // RFC 7252 §4.3: an Empty CON is a ping, answered with RST; an Empty NON means nothing.
      if (type === 'CON') return { kind: 'ping', message, reply: emptyReply('RST', messageId) };
      return { kind: 'unmatched', message };
    }
    this.forgetExpired(now);
    const seen = this.seen.get(messageId);
    if (seen && seen.expiresAt > now) {
      return { kind: 'duplicate', message, replay: seen.reply, firstSeenAt: seen.firstSeenAt };
    }
    const lifetime = type === 'CON' ? this.params.exchangeLifetime : this.params.nonLifetime;
    const stamp = ++this.stamp;
    this.seen.set(messageId, {
      expiresAt: now + lifetime,
      firstSeenAt: now,
      reply: undefined,
      stamp,
    });
    (type === 'CON' ? this.order.con : this.order.non).push(messageId, stamp, now + lifetime);
    // Lapsed entries went first (forgetExpired above), so the bound only evicts live ones.
    while (this.seen.size > this.maxRemembered) this.evictOldest();
    if (type === 'CON' && !isRequestCode(code)) {
      const ack = emptyReply('ACK', messageId);
      this.reply(messageId, ack);
      return { kind: 'new', message, ack };
    }
    return { kind: 'new', message, ack: undefined };
  }

  /** Records the reply to the inbound message `messageId`, so a duplicate gets it again (RFC 7252 §4.5). */
  reply(messageId: number, reply: CoapMessage): void {
    const seen = this.seen.get(messageId);
    if (seen) seen.reply = reply;
  }

  /** The reply recorded for an inbound Message ID, if any. */
  replyTo(messageId: number): CoapMessage | undefined {
    return this.seen.get(messageId)?.reply;
  }

  /**
   * Starts tracking an outgoing CON or NON (call it when it is first sent). A CON is retransmitted
   * per the params; a NON is remembered for NON_LIFETIME so that an RST can be matched to it.
   */
  track(message: CoapMessage, now: number, tag?: unknown): Outgoing {
    if (message.type !== 'CON' && message.type !== 'NON') {
      throw new Error(`only CON and NON messages are tracked, not ${message.type}`);
    }
    const timeout = message.type === 'CON' ? this.params.initialTimeout(this.random) : 0;
    const exchange: Outgoing = {
      messageId: message.messageId,
      message,
      firstSentAt: now,
      transmissions: 1,
      timeout,
      deadline: now + (message.type === 'CON' ? timeout : this.params.nonLifetime),
      tag,
    };
    this.pending.set(message.messageId, exchange);
    return exchange;
  }

  /** Stops tracking an outgoing message (its observation was cancelled, say). */
  cancel(messageId: number): Outgoing | undefined {
    const exchange = this.pending.get(messageId);
    this.pending.delete(messageId);
    return exchange;
  }

  /** Outgoing messages still tracked, oldest first. */
  outstanding(): Outgoing[] {
    return [...this.pending.values()];
  }

  /** How many CONs are waiting for an ACK. */
  get inFlight(): number {
    let n = 0;
    for (const e of this.pending.values()) if (e.message.type === 'CON') n++;
    return n;
  }

  /** The earliest time `tick` has work, or undefined when nothing is pending. */
  nextDeadline(): number | undefined {
    let next: number | undefined;
    for (const e of this.pending.values())
      if (next === undefined || e.deadline < next) next = e.deadline;
    return next;
  }

  /**
   * Fires every deadline up to `now`, in order: a CON whose timeout passed is retransmitted with a
   * doubled timeout, or given up after MAX_RETRANSMIT retransmissions (RFC 7252 §4.2); NON records
   * lapse silently.
   */
  tick(now: number): Timeout[] {
    const out: Timeout[] = [];
    for (;;) {
      let due: Outgoing | undefined;
      for (const e of this.pending.values())
        if (e.deadline <= now && (!due || e.deadline < due.deadline)) due = e;
      if (!due) break;
      if (due.message.type === 'NON') {
        this.pending.delete(due.messageId);
      } else if (due.transmissions > this.params.maxRetransmit) {
        this.pending.delete(due.messageId);
        out.push({ kind: 'give-up', exchange: due, at: due.deadline });
      } else {
        const at = due.deadline;
        due.transmissions++;
        due.timeout = this.params.nextTimeout(due.timeout);
        due.deadline += due.timeout;
        out.push({
          kind: 'retransmit',
          exchange: due,
          at,
          transmission: due.transmissions,
          timeout: due.timeout,
        });
      }
    }
    this.forgetExpired(now);
    return out;
  }

  /** Inbound Message IDs currently remembered for dedup. */
  get remembered(): number {
    return this.seen.size;
  }

  private forgetExpired(now: number): void {
    for (const q of [this.order.con, this.order.non]) {
      while (q.length > 0 && q.headExpiresAt <= now) this.drop(q.shift());
    }
  }

  private evictOldest(): void {
    const { con, non } = this.order;
    const q = non.length === 0 || (con.length > 0 && con.headStamp < non.headStamp) ? con : non;
    if (q.length === 0) return;
    this.drop(q.shift());
  }

  /** Forgets a queued Message ID unless it was seen again since (a newer stamp). */
  private drop(entry: { id: number; stamp: number }): void {
    if (this.seen.get(entry.id)?.stamp === entry.stamp) this.seen.delete(entry.id);
  }
}

/** A FIFO of (message id, stamp, expiry) in parallel arrays, compacted as its head advances. */
class Fifo {
  private ids: number[] = [];
  private stamps: number[] = [];
  private expiries: number[] = [];
  private head = 0;

  get length(): number {
    return this.ids.length - this.head;
  }
  get headStamp(): number {
    return this.stamps[this.head];
  }
  get headExpiresAt(): number {
    return this.expiries[this.head];
  }
  push(id: number, stamp: number, expiresAt: number): void {
    this.ids.push(id);
    this.stamps.push(stamp);
    this.expiries.push(expiresAt);
  }
  shift(): { id: number; stamp: number } {
    const entry = { id: this.ids[this.head], stamp: this.stamps[this.head] };
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.ids.length) {
      this.ids = this.ids.slice(this.head);
      this.stamps = this.stamps.slice(this.head);
      this.expiries = this.expiries.slice(this.head);
      this.head = 0;
    }
    return entry;
  }
}
