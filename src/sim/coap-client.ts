import type { CoapMessage, RequestSpec } from '../coap';
import {
  OPT,
  buildRequest,
  codeDotted,
  decodeString,
  getUintOption,
  isRequestCode,
  toHex,
} from '../coap';
import { MessageLayer, emptyReply } from '../messaging';
import type { Random } from '../messaging';
import type { Endpoint } from '../gateway';
import type { WorldEvent } from './journal';
import { DEFAULT_BEHAVIOUR, serve } from './device';
import type { DeviceBehaviour } from './device';

// The request spec and its builder live in the codec (src/coap/request.ts), shared with the page.
export type { Method, RequestSpec } from '../coap';

export type ExchangeState =
  | 'waiting'
  | 'acknowledged'
  | 'answered'
  | 'timed-out'
  | 'reset'
  /** The relay would not send it to the real server it was addressed to. */
  | 'refused';

/** One request and what became of it, as the UI lists it. */
export interface Exchange {
  id: number;
  token: string;
  messageId: number;
  summary: string;
  request: CoapMessage;
  sentAt: number;
  state: ExchangeState;
  response?: { code: string; payload: string; at: number; observe?: number };
  observing: boolean;
  notifications: number;
  /** A real CoAP server it was sent to through the relay, instead of the gateway. */
  target?: Endpoint;
  /** Why it was not sent (state `refused`). */
  error?: string;
  /** The latest notification for this observation. */
  lastNotification?: { payload: string; at: number; observe?: number; type: 'CON' | 'NON' };
}

export interface ClientOutput {
  send: CoapMessage[];
  events: WorldEvent[];
}

const EXCHANGE_HISTORY = 200;

/**
 * A simulated CoAP client, RFC 7252 style (like libcoap's coap-client): it retransmits its CON
 * requests, matches responses by token, acknowledges CON notifications, and answers a
 * notification for a token it does not know with RST (RFC 7641 §3.6). Sans-IO.
 */
export class SimCoapClient {
  readonly layer: MessageLayer;
  private readonly exchanges: Exchange[] = [];
  private nextId = 1;
  /** How it answers the gateway's requests (the management API's), as a CoAP server. */
  behaviour: DeviceBehaviour = DEFAULT_BEHAVIOUR;
  /** Separate responses waiting for their time. */
  private readonly later: Array<{ at: number; response: Omit<CoapMessage, 'messageId'> }> = [];

  constructor(
    readonly name: string,
    readonly endpoint: Endpoint,
    private readonly random: Random,
  ) {
    this.layer = new MessageLayer({ random });
  }

  request(
    spec: RequestSpec,
    now: number,
    target?: Endpoint,
  ): { ok: true; message: CoapMessage; exchange: Exchange } | { ok: false; error: string } {
    const token = spec.token ?? this.random.bytes(4);
    const built = buildRequest(spec, spec.messageId ?? this.layer.nextMessageId(), token);
    if (!built.ok) return built;
    const m = built.message;
    if (m.type === 'CON') this.layer.track(m, now);
    const path = spec.path.startsWith('/') ? spec.path : `/${spec.path}`;
    const exchange: Exchange = {
      id: this.nextId++,
      token: toHex(token),
      messageId: m.messageId,
      summary:
        m.code === 0
          ? `${m.type} ping (empty message)`
          : `${m.type} ${typeof spec.method === 'number' ? codeDotted(spec.method) : spec.method} ${path}${spec.observe !== undefined ? ` Observe=${spec.observe}` : ''}`,
      request: m,
      sentAt: now,
      state: 'waiting',
      observing: spec.observe === 0,
      notifications: 0,
      ...(target ? { target } : {}),
    };
    this.exchanges.push(exchange);
    if (this.exchanges.length > EXCHANGE_HISTORY) {
      const i = this.exchanges.findIndex((e) => !e.observing);
      this.exchanges.splice(i < 0 ? 0 : i, 1);
    }
    return { ok: true, message: m, exchange };
  }

  /** Handles a message from the gateway. */
  receive(m: CoapMessage, now: number): ClientOutput {
    const out: ClientOutput = { send: [], events: [] };
    const inbound = this.layer.receive(m, now);
    switch (inbound.kind) {
      case 'ack':
        if (m.code !== 0) this.answer(m, now, out);
        else {
          const ex = this.byMessageId(m.messageId);
          if (ex && ex.state === 'waiting') ex.state = 'acknowledged';
        }
        break;
      case 'reset': {
        const ex = this.byMessageId(m.messageId);
        if (ex) ex.state = 'reset';
        break;
      }
      case 'duplicate':
        if (inbound.replay) out.send.push(inbound.replay);
        break;
      case 'ping':
        out.send.push(inbound.reply);
        break;
      case 'new': {
        if (isRequestCode(m.code)) {
          // A request from the gateway: the device answers it as a CoAP server.
          const served = serve(this.behaviour, m);
          if (served.reply) {
            this.layer.reply(m.messageId, served.reply);
            out.send.push(served.reply);
          }
          if (served.later)
            this.later.push({ at: now + served.later.delay, response: served.later.response });
          break;
        }
        const matched = this.answer(m, now, out);
        if (!matched && m.type === 'CON') {
          // RFC 7641 §3.6: a notification for no known observation is rejected with RST.
          const rst = emptyReply('RST', m.messageId);
          this.layer.reply(m.messageId, rst);
          out.send.push(rst);
        } else if (inbound.ack) out.send.push(inbound.ack);
        break;
      }
      case 'unmatched':
        break;
    }
    return out;
  }

  /** Matches a response or notification to an exchange by token. */
  private answer(m: CoapMessage, now: number, out: ClientOutput): boolean {
    const token = toHex(m.token);
    const ex = this.byToken(token, m.type === 'ACK' ? m.messageId : undefined);
    if (!ex) return false;
    const observe = getUintOption(m, OPT.Observe);
    const payload = decodeString(m.payload);
    if (ex.state === 'answered' && ex.observing) {
      ex.notifications++;
      ex.lastNotification = { payload, at: now, observe, type: m.type === 'CON' ? 'CON' : 'NON' };
      out.events.push({
        kind: 'notification-received',
        client: this.name,
        token,
        observe,
        payload,
        duplicate: false,
      });
    } else {
      ex.state = 'answered';
      ex.response = { code: codeDotted(m.code), payload, at: now, observe };
      if (ex.observing && !(m.code === 0x45 && observe !== undefined)) ex.observing = false;
      out.events.push({
        kind: 'response-received',
        client: this.name,
        code: codeDotted(m.code),
        token,
        rtt: now - ex.sentAt,
        payload,
      });
    }
    return true;
  }

  tick(now: number): ClientOutput {
    const out: ClientOutput = { send: [], events: [] };
    for (let i = 0; i < this.later.length;) {
      if (this.later[i].at > now) {
        i++;
        continue;
      }
      const [due] = this.later.splice(i, 1);
      const m: CoapMessage = { ...due.response, messageId: this.layer.nextMessageId() };
      if (m.type === 'CON') this.layer.track(m, now);
      out.send.push(m);
    }
    for (const t of this.layer.tick(now)) {
      const ex = this.byMessageId(t.exchange.messageId);
      if (t.kind === 'retransmit') {
        out.send.push(t.exchange.message);
        out.events.push({
          kind: 'client-retransmission',
          client: this.name,
          messageId: t.exchange.messageId,
          attempt: t.transmission - 1,
        });
      } else {
        out.events.push({
          kind: 'client-gave-up',
          client: this.name,
          messageId: t.exchange.messageId,
        });
        if (ex && ex.state === 'waiting') {
          ex.state = 'timed-out';
          out.events.push({
            kind: 'request-timeout',
            client: this.name,
            token: ex.token,
            summary: ex.summary,
          });
        }
      }
    }
    return out;
  }

  nextDeadline(): number | undefined {
    let next = this.layer.nextDeadline();
    for (const l of this.later) if (next === undefined || l.at < next) next = l.at;
    return next;
  }

  /** Stops observing a token locally (notifications for it are then rejected with RST). */
  forget(token: string): void {
    for (const e of this.exchanges) if (e.token === token) e.observing = false;
  }

  /** The real server a message (by Message ID) of this client's went to; none for the gateway. */
  targetFor(messageId: number): Endpoint | undefined {
    return this.byMessageId(messageId)?.target;
  }

  /** Whether `m` from the real server `from` answers one of this client's requests to it. */
  expects(m: CoapMessage, from: Endpoint): boolean {
    const token = toHex(m.token);
    const same = (t: Endpoint | undefined) => t?.address === from.address && t.port === from.port;
    for (let i = this.exchanges.length - 1; i >= 0; i--) {
      const e = this.exchanges[i];
      if (same(e.target) && (e.messageId === m.messageId || (token && e.token === token)))
        return true;
    }
    return false;
  }

  /**
   * The relay refused to send to `to`: every open exchange addressed there ends `refused` with the
   * reason, and stops retransmitting. Returns their tokens.
   */
  refuse(to: Endpoint, reason: string): string[] {
    const tokens: string[] = [];
    for (const e of this.exchanges) {
      if (e.target?.address !== to.address || e.target.port !== to.port) continue;
      if (e.state !== 'waiting' && e.state !== 'acknowledged') continue;
      e.state = 'refused';
      e.error = reason;
      e.observing = false;
      this.layer.cancel(e.messageId);
      tokens.push(e.token);
    }
    return tokens;
  }

  history(): readonly Exchange[] {
    return this.exchanges;
  }

  private byMessageId(mid: number): Exchange | undefined {
    for (let i = this.exchanges.length - 1; i >= 0; i--)
      if (this.exchanges[i].messageId === mid) return this.exchanges[i];
    return undefined;
  }

  private byToken(token: string, ackOf: number | undefined): Exchange | undefined {
    for (let i = this.exchanges.length - 1; i >= 0; i--) {
      const e = this.exchanges[i];
      if (e.token !== token) continue;
      if (ackOf !== undefined && e.messageId !== ackOf) continue;
      if (e.state === 'waiting' || e.state === 'acknowledged' || e.observing) return e;
    }
    return undefined;
  }
}
