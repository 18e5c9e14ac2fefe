// The explainer: what each datagram meant and what caused it, worked out once where it happens
// (the world, or a capture being read) from the gateway's own events, for the journal to keep.
import type { Endpoint, GatewayEvent } from '../../gateway';
import { endpointKey } from '../../gateway';
import { EXCHANGE_LIFETIME } from '../../messaging';
import type { CauseKind, DatagramMeaning } from '../journal';
import type { DatagramSummary } from '../summary';
import { divergence } from './divergence';
import { codeMsg, malformed, meaning, outcome } from './meaning';
import { msg, type Msg } from '../../wire/msg';
import type { MeaningContext } from './meaning';
import { isRequestValue, requestInfo } from './request-info';

const PAYLOAD_TEXT_MAX = 256;
/** Most messages remembered per map; the oldest go first. */
const REMEMBERED = 4096;

/** A datagram about to be journaled. */
export interface DatagramFacts {
  at: number;
  from: Endpoint;
  to: Endpoint;
  summary: DatagramSummary;
  /** The payload, when the datagram decoded. */
  payload?: Uint8Array;
}

/** What the journal keeps of an explanation: the meaning, and the entry that caused it. */
export type Explained = DatagramMeaning & { cause?: number; causeKind?: CauseKind };

interface Known {
  seq: number;
  at: number;
  summary: DatagramSummary;
  topic?: string;
  retransmission?: number;
}

/** A Map that forgets its oldest keys past REMEMBERED. */
class Recent<V> extends Map<string, V> {
  override set(key: string, value: V): this {
    this.delete(key);
    super.set(key, value);
    if (this.size > REMEMBERED) this.delete(this.keys().next().value as string);
    return this;
  }
}

/** An explanation with every field present, so all share one shape. */
const blank = (): Explained => ({
  meaning: NOTHING,
  outcome: undefined,
  topic: undefined,
  retransmission: undefined,
  payloadText: undefined,
  notes: undefined,
  cause: undefined,
  causeKind: undefined,
});

/** Replaced before an explanation leaves: every explanation has a meaning. */
const NOTHING: Msg = { id: 'meaning:code', params: { code: '' } };

const key = (peer: Endpoint, mid: number | undefined) => `${endpointKey(peer)}|${mid}`;
const textDecoder = new TextDecoder();

/** A short response payload as text, when it explains the answer (a token, an error text). */
function payloadText(s: DatagramSummary, payload: Uint8Array | undefined): string | undefined {
  if (!payload || !s.payloadLength || s.payloadLength > PAYLOAD_TEXT_MAX) return undefined;
  const cls = (s.codeValue ?? 0) >> 5;
  if (s.codeValue !== 0x41 && cls !== 4 && cls !== 5) return undefined;
  return textDecoder.decode(payload);
}

/** A real server's short text payload (a 2.05 with the time, say). */
function printable(payload: Uint8Array | undefined): string | undefined {
  if (!payload || !payload.length || payload.length > PAYLOAD_TEXT_MAX) return undefined;
  const text = textDecoder.decode(payload);
  return /^[\x20-\x7e\u00a0-\uffff\s]*$/.test(text) ? text : undefined;
}

export class Explainer {
  /** The latest request from a peer with a Message ID. */
  private readonly requests = new Recent<Known>();
  /** The gateway's latest CON/NON notification to a peer with a Message ID. */
  private readonly notifications = new Recent<Known>();
  /** Requests to real servers by server and Message ID. */
  private readonly serverRequests = new Recent<Known>();
  private readonly modes = new Recent<'connection' | 'connectionless'>();
  /** channel → topic → the QoS its observer subscribed with */
  private readonly subscriptions = new Recent<Map<string, number>>();
  /** Channels closed in the last step: their facts last until the next step's events. */
  private closing: string[] = [];

  /** The gateway's events of one step, before its datagrams: channel modes and observations. */
  events(events: readonly GatewayEvent[]): void {
    for (const ch of this.closing) {
      this.modes.delete(ch);
      this.subscriptions.delete(ch);
    }
    this.closing = [];
    for (const ev of events) {
      if (ev.kind === 'channel-opened') this.modes.set(ev.channel, ev.mode);
      else if (ev.kind === 'channel-closed') this.closing.push(ev.channel);
      else if (ev.kind === 'observe-added') {
        const topics = this.subscriptions.get(ev.channel) ?? new Map<string, number>();
        topics.set(ev.topic, ev.qos);
        this.subscriptions.set(ev.channel, topics);
      } else if (ev.kind === 'observe-cancelled')
        this.subscriptions.get(ev.channel)?.delete(ev.topic);
    }
  }

  /**
   * A datagram to the gateway: a request (a repeat of an earlier one with the same Message ID and
   * token is a retransmission), or an empty ACK/RST answering the gateway's message. `attempt`:
   * the sender said it retransmits (a simulated client).
   */
  inbound(d: DatagramFacts, attempt?: number): Explained {
    const s = d.summary;
    const ctx: MeaningContext = {};
    const out = blank();
    if (s.ok && s.messageId !== undefined) {
      if (isRequestValue(s.codeValue)) {
        out.topic = requestInfo(s).topic;
        const prev = this.requests.get(key(d.from, s.messageId));
        // A CON with the same Message ID and token within EXCHANGE_LIFETIME is a repeat.
        const repeat =
          prev &&
          s.type === 'CON' &&
          prev.summary.token === s.token &&
          d.at - prev.at < EXCHANGE_LIFETIME;
        if (attempt !== undefined || repeat) {
          out.retransmission = attempt ?? (prev?.retransmission ?? 0) + 1;
          if (prev) [out.cause, out.causeKind] = [prev.seq, 'repeat'];
        }
        ctx.retransmission = out.retransmission;
      } else if (s.type === 'ACK' || (s.codeValue === 0 && s.type === 'RST')) {
        const answered = this.notifications.get(key(d.from, s.messageId));
        if (answered) {
          // A device's piggy-backed answer to the gateway's own request names it as its request.
          const response = s.codeValue !== 0 && isRequestValue(answered.summary.codeValue);
          [out.cause, out.causeKind] = [answered.seq, response ? 'request' : 'message'];
          out.topic = answered.topic;
          ctx.answers = { summary: answered.summary, topic: answered.topic };
        }
      }
    }
    out.meaning = meaning({ direction: 'to-gateway', summary: s }, ctx);
    return out;
  }

  /** After an inbound datagram is journaled as `seq`: remember it if it is a request. */
  sentInbound(seq: number, d: DatagramFacts, e: Explained): void {
    const s = d.summary;
    if (s.ok && s.messageId !== undefined && isRequestValue(s.codeValue))
      this.requests.set(key(d.from, s.messageId), {
        seq,
        at: d.at,
        summary: s,
        topic: e.topic,
        retransmission: e.retransmission,
      });
  }

  /**
   * A datagram from the gateway, with the events of the step that sent it for its channel.
   * `cause`: the entry the step answered (the datagram it received, or the publish it delivered);
   * a reply names it as its request. Without one (a capture), the latest request from the peer
   * with the reply's Message ID and token is taken.
   */
  outbound(
    d: DatagramFacts,
    events: readonly GatewayEvent[],
    cause?: { seq: number; kind: 'datagram' | 'publish' | 'call'; summary?: DatagramSummary },
  ): Explained {
    const s = d.summary;
    const out = blank();
    const ctx: MeaningContext = { events };
    if (cause) [out.cause, out.causeKind] = [cause.seq, cause.kind];
    if (s.ok && s.messageId !== undefined && s.type !== 'RST') {
      const peerMid = key(d.to, s.messageId);
      const notification = events.find(
        (ev): ev is Extract<GatewayEvent, { kind: 'notification' | 'retransmission' }> =>
          s.type !== 'ACK' &&
          ((ev.kind === 'notification' && ev.token === s.token) || ev.kind === 'retransmission') &&
          ev.messageId === s.messageId,
      );
      if (notification) {
        const earlier = this.notifications.get(peerMid);
        if (notification.kind === 'notification') {
          out.topic = notification.topic;
          if (cause) out.causeKind = 'publish';
        } else {
          out.retransmission = notification.attempt;
          out.topic = earlier?.topic;
          if (earlier) [out.cause, out.causeKind] = [earlier.seq, 'repeat'];
        }
      } else if ((s.codeValue ?? 0) >= 0x40) {
        const request =
          cause?.kind === 'datagram' && cause.summary
            ? cause.summary.messageId === s.messageId && cause.summary.token === s.token
              ? { seq: cause.seq, summary: cause.summary }
              : undefined
            : this.requests.get(peerMid);
        if (request && request.summary.token === s.token) {
          [out.cause, out.causeKind] = [request.seq, 'request'];
          out.topic = this.requests.get(peerMid)?.topic ?? requestInfo(request.summary).topic;
          ctx.request = request.summary;
          out.outcome = outcome(request.summary, s, events);
        }
        out.payloadText = payloadText(s, d.payload);
        ctx.payloadText = out.payloadText;
      }
    }
    const text = meaning({ direction: 'from-gateway', summary: s }, ctx);
    const moved = events.find((ev) => ev.kind === 'peer-moved');
    const said =
      out.retransmission !== undefined && out.topic
        ? msg('meaning:on-topic', { text, topic: out.topic })
        : text;
    out.meaning =
      moved?.kind === 'peer-moved'
        ? msg('meaning:peer-moved', { text: said, from: endpointKey(moved.from) })
        : said;
    const channelOf = events.find((ev) => 'channel' in ev && ev.channel !== undefined);
    const channel = channelOf && 'channel' in channelOf ? channelOf.channel : undefined;
    const notes = divergence({
      response: s,
      request: ctx.request,
      events,
      payloadText: out.payloadText,
      mode: channel !== undefined ? this.modes.get(channel) : undefined,
      subscriptionQos:
        out.topic !== undefined && channel !== undefined
          ? this.subscriptions.get(channel)?.get(out.topic)
          : undefined,
    });
    if (notes.length) out.notes = notes;
    return out;
  }

  /** After an outbound datagram is journaled as `seq`: remember a CON/NON the client may ACK. */
  sentOutbound(seq: number, d: DatagramFacts, e: Explained): void {
    const s = d.summary;
    if (s.ok && s.messageId !== undefined && (s.type === 'CON' || s.type === 'NON') && !e.outcome)
      this.notifications.set(key(d.to, s.messageId), {
        seq,
        at: d.at,
        summary: s,
        topic: e.topic,
      });
  }

  /** A datagram between a simulated client and a real CoAP server: the exchange, in words. */
  server(d: DatagramFacts, toServer: boolean): Explained {
    const s = d.summary;
    const server = toServer ? d.to : d.from;
    const where = endpointKey(server);
    const out = blank();
    if (!s.ok) out.meaning = malformed(s.error);
    else if (isRequestValue(s.codeValue))
      out.meaning = msg('meaning:server.request', {
        type: s.type,
        method: (s.code ?? '').split(' ').slice(1).join(' ') || s.code,
        path: s.path ?? '/',
        server: where,
      });
    else if (s.codeValue === 0)
      out.meaning =
        s.type === 'RST'
          ? msg(toServer ? 'meaning:server.rst-to' : 'meaning:server.rst-from', { server: where })
          : toServer
            ? msg('meaning:server.ack-to', { server: where })
            : msg('meaning:server.empty-ack-from', { server: where });
    else {
      out.payloadText = payloadText(s, d.payload) ?? printable(d.payload);
      const params = { code: s.code, server: where, payload: out.payloadText };
      out.meaning = msg(
        `meaning:server.response-${toServer ? 'to' : 'from'}${out.payloadText ? '-payload' : ''}`,
        params,
      );
      const request = this.serverRequests.get(key(server, s.messageId));
      if (!toServer && request && request.summary.token === s.token) {
        [out.cause, out.causeKind] = [request.seq, 'request'];
        out.outcome = codeMsg(s.code ?? '');
      }
    }
    return out;
  }

  /** After a request to a real server is journaled as `seq`. */
  sentToServer(seq: number, d: DatagramFacts): void {
    const s = d.summary;
    if (s.ok && s.messageId !== undefined && isRequestValue(s.codeValue))
      this.serverRequests.set(key(d.to, s.messageId), { seq, at: d.at, summary: s });
  }
}
