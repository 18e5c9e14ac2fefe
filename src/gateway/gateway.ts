import type { CoapMessage, DecodeError, DecodeResult } from '../coap';
import {
  OPT,
  decode,
  encode,
  encodeString,
  getOption,
  isRequestCode,
  toHex,
  uriQuery,
} from '../coap';
import type { BrokerPort, Delivery, QoS } from '../broker';
import { topicMatches } from '../broker';
import type { Random, TransmissionParams } from '../messaging';
import { EXCHANGE_LIFETIME, NON_LIFETIME, emptyReply } from '../messaging';
import { Channel } from './channel';
import type { Observation } from './channel';
import type { GatewayConfig } from './config';
import { makeConfig } from './config';
import type { CloseReason, Endpoint, GatewayEvent } from './events';
import { endpointKey } from './events';
import { checkFrame } from './frame';
import { parseQuery } from './query';
import type { GatewayPublish, Outcome, RequestContext } from './requests';
import { admit, handleRequest, observeOption, summarize } from './requests';
import { randomClientId } from './auth';
import { Blockwise } from './blockwise';
import { NODE_NAME, sysEventMessage, sysReasonOf } from './sys';
import { Downlink } from './downlink';
import { Notifier } from './notifier';
import { decodeReason, say, type Msg } from './words';
import { apiSubscribe, apiUnsubscribe, subscriptionsOf } from './management';
import type { ApiSubscribeOptions, ApiSubscription } from './management';
import type { DownlinkSpec, FinishedCall } from './downlink';

/** A datagram the gateway sends. */
export interface OutDatagram {
  to: Endpoint;
  bytes: Uint8Array;
  message: CoapMessage;
  channel: string | undefined;
}

/** What one call into the gateway produced. */
export interface StepResult {
  datagrams: OutDatagram[];
  events: GatewayEvent[];
  /** Broker deliveries for subscribers that are not CoAP channels (MQTT clients): the host routes them. */
  deliveries: Delivery[];
}

export interface GatewayOptions {
  config?: Partial<GatewayConfig>;
  broker: BrokerPort;
  random: Random;
  /** Wall-clock ms at virtual time 0: the timestamps of `$SYS` events. Default 0. */
  epoch?: number;
  /** The node name in `$SYS/brokers/<node>/…`. Default `emqx@127.0.0.1`. */
  node?: string;
}

export type { ApiSubscription } from './management';

export { NOTIFICATION_QUEUE_MAX } from './notifier';

/** Milliseconds as seconds to a tenth, for a sentence: 58975.69 → 59. */
const tenths = (ms: number): number => Math.round(ms / 100) / 10;

/** The reference's retransmission (gateway-behaviour §1.11): 2000 + rand(1..1000) ms, doubling; 5.x: then back-to-back. */
function transmissionParams(profile: GatewayConfig['profile']): TransmissionParams {
  return {
    maxRetransmit: 4,
    initialTimeout: (r) => 2000 + r.int(1, 1000),
    nextTimeout: profile === '5.x' ? () => 0 : (previous) => previous * 2,
    exchangeLifetime: EXCHANGE_LIFETIME,
    nonLifetime: NON_LIFETIME,
  };
}

/**
 * The EMQX CoAP gateway as a sans-IO state machine (gateway-behaviour §1). Feed it datagrams with their peer
 * and `now`; it returns datagrams to send, journal events, and its next deadline. It never throws
 * on input bytes.
 */
export class Gateway implements RequestContext {
  config: GatewayConfig;
  readonly broker: BrokerPort;
  private readonly random: Random;
  private readonly epoch: number;
  readonly node: string;
  /** The `now` of the call being handled (for events raised deep inside it). */
  private at = 0;
  private params: TransmissionParams;
  private readonly channels = new Map<string, Channel>();
  private readonly byPeer = new Map<string, Channel>();
  private readonly byClientId = new Map<string, Channel>();
  /** Connection mode: channels the proxy made for a clientid before it connected. */
  private readonly byPendingClientId = new Map<string, Channel>();
  /** Connection mode: a peer is bound to the first clientid it sent (gateway-behaviour §1.1, select_cid/3). */
  private readonly peerBinding = new Map<string, string>();
  private readonly blockwise = new Blockwise();
  private nextChannel = 1;
  /** Work that must follow the reply being sent (5.x retained deliveries after a 2.05). */
  private readonly afterReply: Array<() => void> = [];
  private out: StepResult = { datagrams: [], events: [], deliveries: [] };
  /** Counters for the UI and benchmarks. */
  readonly stats = { received: 0, sent: 0, malformed: 0, dropped: 0 };
  /** Requests down to devices for the management API (downlink.ts). */
  private readonly downlink: Downlink;
  /** Notifications to observers: the CON window and its queue (notifier.ts). */
  private readonly notifier: Notifier;

  constructor(options: GatewayOptions) {
    this.config = makeConfig(options.config);
    this.broker = options.broker;
    this.random = options.random;
    this.epoch = options.epoch ?? 0;
    this.node = options.node ?? NODE_NAME;
    this.params = transmissionParams(this.config.profile);
    this.downlink = new Downlink(
      this.random,
      (e) => this.emit(e),
      (ch, m) => this.send(ch, m),
    );
    this.notifier = new Notifier({
      config: () => this.config,
      blockwise: this.blockwise,
      blockwiseOn: () => this.blockwiseOn(),
      emit: (e) => this.emit(e),
      send: (ch, m) => this.send(ch, m),
    });
    this.downlink.config = () => ({
      enabled: this.blockwiseOn(),
      maxBlock: this.config.blockwise.max_block_size,
      maxBody: this.config.blockwise.max_body_size,
    });
  }

  /** Applies a new configuration. Live channels keep their keep-alive timing until they are recreated. */
  configure(patch: Partial<GatewayConfig>): void {
    this.config = makeConfig({
      ...this.config,
      ...patch,
      blockwise: { ...this.config.blockwise, ...patch.blockwise },
    });
    this.params = transmissionParams(this.config.profile);
  }

  // ─── inputs ──────────────────────────────────────────────────────────────

  /**
   * One datagram from a peer. `decoded` is `decode(bytes)` when the caller already has it (the
   * world summarizes real peers' datagrams for the journal first): one decode, not two. `ref` is
   * the caller's own name for the datagram (the world's journal number): the gateway does not read
   * it, only hands it back in the keep-alive reset this datagram causes.
   */
  receive(
    bytes: Uint8Array,
    peer: Endpoint,
    now: number,
    decoded: DecodeResult = decode(bytes),
    ref?: number,
  ): StepResult {
    this.begin(now);
    this.stats.received++;
    if (!decoded.ok) this.frameError(bytes, decoded.error, peer);
    else this.dispatch(decoded.message, peer, now, ref);
    return this.end();
  }

  /** Fires every deadline up to `now`: keep-alive checks, retransmissions, give-ups. */
  tick(now: number): StepResult {
    this.begin(now);
    for (const ch of [...this.channels.values()]) {
      for (const t of ch.layer.tick(now)) {
        const ex = t.exchange;
        if (t.kind === 'retransmit') {
          // The reference re-stamps Observe on each retransmission (maybe_update_observe/1).
          const filter = ex.tag as string | undefined;
          const obs = filter !== undefined ? ch.observes.get(filter) : undefined;
          if (obs && getOption(ex.message, OPT.Observe)) {
            const seq = ch.nextSeq(obs, now, this.config.profile);
            ex.message = {
              ...ex.message,
              options: ex.message.options.map((o) =>
                o.number === OPT.Observe ? observeOption(seq) : o,
              ),
            };
          }
          this.emit({
            kind: 'retransmission',
            channel: ch.id,
            messageId: ex.messageId,
            attempt: t.transmission - 1,
            nextIn: t.timeout,
          });
          this.send(ch, ex.message);
        } else {
          this.emit({
            kind: 'gave-up',
            channel: ch.id,
            messageId: ex.messageId,
            transmissions: ex.transmissions,
          });
          this.notifier.finished(ch, ex, now, 'give-up');
        }
      }
      while (ch.connState !== 'closed' && ch.nextCheck <= now) {
        const r = ch.checkKeepalive();
        if (r === 'reset') {
          this.emit({
            kind: 'keepalive-reset',
            channel: ch.id,
            cause: ch.lastRecv ? summarize(ch.lastRecv) : '',
            datagram: ch.lastRecvRef,
            expiresBy: ch.expiresAt(),
          });
        } else if (r === 'timeout') {
          this.closeChannel(
            ch,
            'keepalive-timeout',
            say('closed.keepalive', {
              idle: String(tenths(now - ch.lastRecvAt)),
              maxIdle: String(tenths(ch.maxIdle)),
            }),
          );
        } else
          this.emit({ kind: 'keepalive-idle', channel: ch.id, idle: ch.idle, maxIdle: ch.maxIdle });
      }
    }
    this.blockwise.expire(now);
    this.downlink.tick(now, this.params);
    return this.end();
  }

  /** Broker deliveries for CoAP observers (from an MQTT publish the host routed). */
  deliver(deliveries: readonly Delivery[], now: number): StepResult {
    this.begin(now);
    this.route(deliveries, now);
    return this.end();
  }

  /** The earliest time `tick` has work to do. */
  nextDeadline(): number | undefined {
    let next = this.downlink.nextDeadline();
    for (const ch of this.channels.values()) {
      const d = ch.layer.nextDeadline();
      const k = d === undefined ? ch.nextCheck : Math.min(d, ch.nextCheck);
      if (next === undefined || k < next) next = k;
    }
    return next;
  }

  /** Live channels. */
  liveChannels(): Channel[] {
    return [...this.channels.values()];
  }

  channel(id: string): Channel | undefined {
    return this.channels.get(id);
  }

  // ─── RequestContext ──────────────────────────────────────────────────────

  newToken(): string {
    return String(this.random.int(1, 4294967295));
  }

  registered(clientId: string): Channel | undefined {
    return this.byClientId.get(clientId);
  }

  register(ch: Channel): string | undefined {
    const old = this.byClientId.get(ch.clientId);
    let discarded: string | undefined;
    if (old && old !== ch) {
      discarded = old.id;
      this.closeChannel(
        old,
        'discarded',
        say('closed.discarded', { clientId: ch.clientId, channel: ch.id }),
      );
    }
    this.byClientId.set(ch.clientId, ch);
    if (this.byPendingClientId.get(ch.clientId) === ch) this.byPendingClientId.delete(ch.clientId);
    return discarded;
  }

  closeChannel(ch: Channel, reason: CloseReason, detail: Msg): void {
    if (ch.connState === 'closed') return;
    const wasConnected = ch.connState === 'connected';
    ch.connState = 'closed';
    const subscriptions = this.broker.unsubscribeAll(ch.subscriberId);
    ch.queue.length = 0;
    this.channels.delete(ch.id);
    for (const [k, c] of this.byPeer) if (c === ch) this.byPeer.delete(k);
    if (this.byClientId.get(ch.clientId) === ch) this.byClientId.delete(ch.clientId);
    if (this.byPendingClientId.get(ch.clientId) === ch) this.byPendingClientId.delete(ch.clientId);
    for (const [k, c] of this.byPendingClientId) if (c === ch) this.byPendingClientId.delete(k);
    this.blockwise.forgetPeer(endpointKey(ch.peer));
    this.downlink.channelClosed(ch);
    this.emit({
      kind: 'channel-closed',
      channel: ch.id,
      clientId: ch.clientId,
      reason,
      detail,
      subscriptions,
    });
    const sysReason = sysReasonOf(reason);
    if (wasConnected && sysReason !== undefined) this.sysEvent(ch, 'disconnected', sysReason);
  }

  takeOver(from: Channel, to: Channel, now: number): void {
    if (this.byClientId.get(to.clientId) === to) this.byClientId.delete(to.clientId);
    to.clientId = from.clientId;
    to.username = from.username;
    to.mountpoint = from.mountpoint;
    to.token = from.token;
    to.connState = 'connected';
    const subs = this.broker.subscriptionsOf(from.subscriberId);
    for (const [filter, obs] of from.observes) to.observes.set(filter, obs);
    this.closeChannel(from, 'takenover', say('closed.takenover', { channel: to.id }));
    for (const s of subs) {
      this.broker.subscribe(
        { id: to.subscriberId, clientId: to.clientId, kind: 'coap' },
        s.filter,
        s.options,
        now,
      );
    }
    this.byClientId.set(to.clientId, to);
    this.emit({ kind: 'takeover', channel: to.id, from: from.id, clientId: to.clientId });
    to.connectedAt = now;
    this.sysEvent(to, 'connected');
  }

  publish(ch: Channel, p: GatewayPublish, now: number): number {
    const { topic, payload, qos, retain, expiry, from, qosFrom } = p;
    const r = this.broker.publish(
      {
        topic,
        payload: payload.slice(),
        qos,
        retain,
        expiryInterval: expiry,
        publishedAt: now,
        from,
      },
      now,
      {
        allowWildcardName: true,
      },
    );
    if (!r.ok) return 0;
    this.emit({
      kind: 'published',
      channel: ch.id,
      clientId: from,
      topic,
      qos,
      retain,
      expiry,
      deliveries: r.deliveries.length,
      qosFrom,
      ...(this.broker.backend === 'remote' ? { remote: true as const } : {}),
    });
    this.route(r.deliveries, now);
    return r.deliveries.length;
  }

  subscribe(
    ch: Channel,
    request: CoapMessage,
    filter: string,
    qos: QoS,
    nl: boolean,
    rh: 0 | 1 | 2,
    now: number,
  ): Outcome {
    const existing = ch.observes.get(filter);
    if (existing) {
      // insert/2 keeps the existing entry: notifications keep the FIRST token (gateway-behaviour §1.9).
      const seq = ch.nextSeq(existing, now, this.config.profile);
      this.emit({
        kind: 'observe-kept',
        channel: ch.id,
        topic: filter,
        token: toHex(existing.token),
        newToken: toHex(request.token),
      });
      return {
        kind: 'reply',
        code: 0x45,
        options: [observeOption(seq)],
        explanation: say('reply.already-observing', {
          topic: filter,
          token: toHex(existing.token),
        }),
      };
    }
    const r = this.broker.subscribe(
      { id: ch.subscriberId, clientId: ch.clientId, kind: 'coap' },
      filter,
      { qos, nl, rh, rap: false },
      now,
    );
    if (!r.ok)
      return {
        kind: 'reply',
        code: 0x80,
        payload: 'invalid topic',
        explanation: say('reply.invalid-filter', { error: r.error }),
      };
    const obs: Observation = {
      filter,
      topic: filter.slice(ch.mountpoint.length),
      token: request.token.slice(),
      seq: 0,
      qos,
      nl,
      rh,
      since: now,
      notifications: 0,
    };
    const seq = this.config.profile === '5.x' ? 0 : ch.nextSeq(obs, now, '6.x');
    obs.seq = seq;
    ch.observes.set(filter, obs);
    this.emit({
      kind: 'observe-added',
      channel: ch.id,
      topic: filter,
      token: toHex(obs.token),
      qos,
      seq,
    });
    if (this.config.profile === '5.x' && rh === 0) {
      // 5.x: the retainer hooked session.subscribed, so rh=0 brought retained messages (gateway-behaviour §1.9);
      // they follow the 2.05.
      const retained = this.broker.retained(now).filter((msg) => topicMatches(filter, msg.topic));
      this.afterReply.push(() => {
        for (const msg of retained) this.notifier.notify(ch, obs, msg, now);
      });
    }
    return {
      kind: 'reply',
      code: 0x45,
      options: [observeOption(seq)],
      explanation: say('reply.subscribed', { topic: filter, qos: String(qos) }),
    };
  }

  unsubscribe(ch: Channel, filter: string): Outcome {
    const obs = ch.observes.get(filter);
    ch.observes.delete(filter);
    const existed = this.broker.unsubscribe(ch.subscriberId, filter) || obs !== undefined;
    const before = ch.queue.length;
    for (let i = ch.queue.length - 1; i >= 0; i--)
      if (ch.queue[i].filter === filter) ch.queue.splice(i, 1);
    this.emit({
      kind: 'observe-cancelled',
      channel: ch.id,
      topic: filter,
      existed,
      purged: before - ch.queue.length,
    });
    return {
      kind: 'reply',
      code: 0x47,
      explanation: existed
        ? say('reply.unsubscribed', { topic: filter })
        : say('reply.nothing-to-unsubscribe', { topic: filter }),
    };
  }

  emit(e: GatewayEvent): void {
    this.out.events.push(e);
    if (e.kind === 'connected') {
      const ch = this.channels.get(e.channel);
      if (ch) {
        ch.connectedAt = this.at;
        this.sysEvent(ch, 'connected');
      }
    }
  }

  // ─── the management API (emqx_gateway_api_clients) ──────────────────────

  /**
   * Kicks the client connected as `clientId` (emqx_coap_channel `handle_call(kick)`): its channel
   * closes with reason `kicked`, sending the device nothing. Undefined if no client has that id.
   */
  kick(clientId: string, now: number): StepResult | undefined {
    const ch = this.byClientId.get(clientId);
    if (!ch) return undefined;
    this.begin(now);
    this.closeChannel(ch, 'kicked', say('closed.kicked'));
    return this.end();
  }

  /** A connected client's subscriptions, mounted, as the API lists them; undefined: no such client. */
  subscriptionsOf(clientId: string): ApiSubscription[] | undefined {
    return subscriptionsOf(this, clientId);
  }

  /** Subscribes a connected client on its behalf (management.ts `apiSubscribe`). */
  apiSubscribe(
    clientId: string,
    topic: string,
    opts: ApiSubscribeOptions,
    now: number,
  ):
    | { ok: true; subscription: ApiSubscription; result: StepResult }
    | { ok: false; error: 'not-found' | string } {
    this.begin(now);
    const r = apiSubscribe(this, clientId, topic, opts, now);
    return r.ok ? { ...r, result: this.end() } : r;
  }

  /** Removes a connected client's subscription by its unmounted topic (management.ts). */
  apiUnsubscribe(
    clientId: string,
    topic: string,
    now: number,
  ): { ok: true; result: StepResult } | { ok: false; error: 'not-found' | 'no-subscription' } {
    this.begin(now);
    const r = apiUnsubscribe(this, clientId, topic);
    return r.ok ? { ok: true, result: this.end() } : r;
  }

  /**
   * Sends a CON request to the client connected as `clientId` (emqx_coap_api:request/2 through
   * emqx_coap_channel:send_request/2); the call's outcome comes out of `takeFinished` later (a
   * response, a timeout, a bad Block2 answer). Undefined: no such client (404 CLIENT_NOT_FOUND).
   */
  sendRequest(
    clientId: string,
    spec: DownlinkSpec,
    now: number,
  ): { id: number; result: StepResult } | undefined {
    const ch = this.byClientId.get(clientId);
    if (!ch) return undefined;
    this.begin(now);
    const id = this.downlink.start(ch, spec, this.params, now);
    return { id, result: this.end() };
  }

  /** The management API's calls that ended since the last call, in order. */
  takeFinished(): FinishedCall[] {
    return this.downlink.take();
  }

  /** Wall-clock ms for a virtual time, as the API and `$SYS` events give timestamps. */
  wallClock(at: number): number {
    return Math.round(this.epoch + at);
  }

  /**
   * The broker's `$SYS` client event (emqx_sys): `$SYS/brokers/<node>/gateway/coap/clients/<clientid>/connected`
   * or `…/disconnected`, a JSON payload with the reference's fields, QoS 0, not retained.
   */
  private sysEvent(ch: Channel, event: 'connected' | 'disconnected', reason?: string): void {
    const now = this.at;
    const { topic, payload } = sysEventMessage(ch, event, {
      node: this.node,
      now: this.wallClock(now),
      connectedAt: this.wallClock(ch.connectedAt ?? now),
      reason,
    });
    // A real broker drops a client's publish to $SYS (mosquitto silently): journaled, not sent.
    const published = this.broker.backend !== 'remote';
    const r = published
      ? this.broker.publish(
          { topic, payload, qos: 0, retain: false, publishedAt: now, from: '$SYS' },
          now,
        )
      : undefined;
    const deliveries = r?.ok ? r.deliveries : [];
    this.out.events.push({
      kind: 'sys-event',
      channel: ch.id,
      clientId: ch.clientId,
      event,
      topic,
      deliveries: deliveries.length,
      published,
    });
    this.route(deliveries, now);
  }

  // ─── internals ───────────────────────────────────────────────────────────

  private begin(now: number): void {
    this.at = now;
    this.out = { datagrams: [], events: [], deliveries: [] };
  }

  private end(): StepResult {
    return this.out;
  }

  private send(
    ch: Channel | undefined,
    message: CoapMessage,
    to: Endpoint | undefined = ch?.peer,
  ): void {
    if (!to) return;
    this.stats.sent++;
    this.out.datagrams.push({ to, bytes: encode(message), message, channel: ch?.id });
  }

  /** gateway-behaviour §1.3: format errors → RST for a CON, otherwise silence; another version → silence. */
  private frameError(bytes: Uint8Array, error: DecodeError, peer: Endpoint): void {
    this.stats.malformed++;
    const isCon = bytes.length >= 4 && (bytes[0] & 0x30) === 0;
    if (error.reason === 'unsupported-version' || this.config.profile === '5.x' || !isCon) {
      this.emit({
        kind: 'frame-error',
        peer,
        reason: decodeReason(error.reason),
        offset: error.offset,
        action: 'ignored',
      });
      return;
    }
    this.emit({
      kind: 'frame-error',
      peer,
      reason: decodeReason(error.reason),
      offset: error.offset,
      action: 'rst',
    });
    this.send(undefined, emptyReply('RST', (bytes[2] << 8) | bytes[3]), peer);
  }

  private dispatch(raw: CoapMessage, peer: Endpoint, now: number, ref?: number): void {
    const check = checkFrame(raw, this.config.profile);
    if (check.kind === 'format-error') {
      this.stats.malformed++;
      this.emit({
        kind: 'frame-error',
        peer,
        reason: check.reason,
        offset: 1,
        action: raw.type === 'CON' ? 'rst' : 'ignored',
      });
      if (raw.type === 'CON') this.send(undefined, emptyReply('RST', raw.messageId), peer);
      return;
    }
    const ch = this.channelFor(raw, peer, now);
    if (ch.peer.port !== peer.port || ch.peer.address !== peer.address) {
      // Connection mode routes other ports to the clientid's channel; it answers the latest one.
      this.emit({ kind: 'peer-moved', channel: ch.id, from: ch.peer, to: peer });
      ch.peer = peer;
    }
    // Ignored and refused frames do not count for keep-alive (gateway-behaviour §1.6: recv_pkt counts
    // well-formed datagrams the channel takes in).
    if (check.kind === 'ignore') {
      this.emit({ kind: 'ignored', channel: ch.id, peer, why: check.reason });
      return;
    }
    if (check.kind === 'request-error') {
      this.emit({
        kind: 'request',
        channel: ch.id,
        summary: summarize(raw),
        code: check.code,
        explanation: check.reason,
      });
      // A frame-level refusal is not a reply the transaction manager caches (gateway-behaviour §1.3, §1.11).
      this.piggyback(ch, raw, check.code, now, [], undefined, { cache: false, split: false });
      return;
    }
    ch.received(now, raw, ref);
    const m = check.message;
    // An answer to one of the gateway's own requests (the management API's) is its transport's.
    if (!isRequestCode(m.code) && this.downlink.claim(ch, m, this.params, now)) return;
    const inbound = ch.layer.receive(m, now);
    switch (inbound.kind) {
      case 'new':
        if (isRequestCode(m.code)) this.request(ch, m, now);
        else {
          // A response matching no transaction of ours (handle_response/2): RST.
          const rst = emptyReply('RST', m.messageId);
          if (m.type === 'CON') ch.layer.reply(m.messageId, rst);
          this.emit({
            kind: 'ignored',
            channel: ch.id,
            peer,
            why: say('ignored.unmatched-response'),
          });
          this.send(ch, rst);
        }
        return;
      case 'duplicate':
        this.emit({
          kind: 'duplicate',
          channel: ch.id,
          messageId: m.messageId,
          replayed: inbound.replay !== undefined,
        });
        if (inbound.replay) this.send(ch, inbound.replay);
        return;
      case 'ping':
        this.emit({
          kind: 'ignored',
          channel: ch.id,
          peer,
          why: say('ignored.ping'),
        });
        this.send(ch, inbound.reply);
        return;
      case 'ack':
        this.emit({
          kind: 'acked',
          channel: ch.id,
          messageId: m.messageId,
          roundTrip: inbound.roundTrip,
        });
        this.notifier.finished(ch, inbound.exchange, now, 'ack');
        return;
      case 'reset':
        this.emit({ kind: 'reset', channel: ch.id, messageId: m.messageId, kept: true });
        this.notifier.finished(ch, inbound.exchange, now, 'reset');
        return;
      case 'unmatched':
        if (m.code === 0 && (m.type === 'ACK' || m.type === 'RST')) {
          this.emit({
            kind: 'ignored',
            channel: ch.id,
            peer,
            why: say('ignored.not-in-flight', { type: m.type, mid: String(m.messageId) }),
          });
        } else {
          // handle_response/2: anything else matching no transaction is answered with RST.
          this.emit({
            kind: 'ignored',
            channel: ch.id,
            peer,
            why: say(m.code === 0 ? 'ignored.no-transaction-empty' : 'ignored.no-transaction', {
              type: m.type,
              mid: String(m.messageId),
            }),
          });
          this.send(ch, emptyReply('RST', m.messageId));
        }
        return;
    }
  }

  private request(ch: Channel, m: CoapMessage, now: number): void {
    // Gatekeeping comes first: the reference runs check_auth_state/2 before block-wise.
    const refused = admit(this, ch, m, now);
    if (refused) {
      this.conclude(ch, m, m, refused, now);
      return;
    }
    const bw = this.blockwiseOn()
      ? this.blockwise.request(this.config, ch, m, now)
      : { kind: 'pass' as const, message: m };
    if (bw.kind === 'reply') {
      for (const e of bw.events) this.emit(e);
      this.piggyback(ch, m, bw.code, now, bw.options, bw.payload, { split: false });
      // A fetched last block may release a queued large notification (drain_observe_after_blockwise/4).
      this.notifier.drain(ch, now);
      return;
    }
    this.conclude(ch, m, bw.message, handleRequest(this, ch, bw.message, now), now);
  }

  private blockwiseOn(): boolean {
    return this.config.blockwise.enable && this.config.profile === '6.x';
  }

  /** Journals a request's outcome, sends its reply and ends the channel if the outcome says so. */
  private conclude(
    ch: Channel,
    m: CoapMessage,
    full: CoapMessage,
    outcome: Outcome,
    now: number,
  ): void {
    this.emit({
      kind: 'request',
      channel: ch.id,
      summary: summarize(full),
      code: outcome.kind === 'reply' ? outcome.code : undefined,
      explanation: outcome.explanation,
    });
    if (outcome.kind === 'reply') {
      const payload = outcome.payload === undefined ? undefined : encodeString(outcome.payload);
      this.piggyback(ch, m, outcome.code, now, outcome.options, payload);
    }
    if (outcome.close) this.closeChannel(ch, outcome.close.reason, outcome.close.detail);
    for (const task of this.afterReply.splice(0)) task();
  }

  /**
   * Every response is piggy-backed (gateway-behaviour §1.2): ACK for CON; NON reusing the request's Message
   * ID for NON. A large body (or a request carrying Block2) is split per §1.12; the reply is
   * cached for duplicates unless it is a frame-level refusal.
   */
  private piggyback(
    ch: Channel,
    req: CoapMessage,
    code: number,
    now: number,
    options: CoapMessage['options'] = [],
    payload: Uint8Array = new Uint8Array(0),
    { cache = true, split = true }: { cache?: boolean; split?: boolean } = {},
  ): void {
    let reply = { code, options, payload };
    if (split && this.blockwiseOn()) {
      reply = this.blockwise.prepareReply(this.config, ch, req, code, options, payload, now);
    }
    const response: CoapMessage = {
      type: req.type === 'CON' ? 'ACK' : 'NON',
      code: reply.code,
      messageId: req.messageId,
      token: req.token,
      options: reply.options,
      payload: reply.payload,
    };
    if (cache && req.type === 'CON') ch.layer.reply(req.messageId, response);
    this.send(ch, response);
  }

  /** Finds or creates the channel a datagram belongs to (gateway-behaviour §1.1, "How a packet finds its channel"). */
  private channelFor(m: CoapMessage, peer: Endpoint, now: number): Channel {
    const key = endpointKey(peer);
    if (!this.config.connection_required)
      return this.byPeer.get(key) ?? this.open(peer, key, undefined, now);
    let cid = this.peerBinding.get(key);
    if (cid === undefined && isRequestCode(m.code)) {
      cid = parseQuery(uriQuery(m.options)).params.get('clientid');
      if (cid !== undefined) {
        this.peerBinding.set(key, cid);
        this.emit({ kind: 'peer-bound', peer, clientId: cid });
      }
    }
    if (cid === undefined) return this.byPeer.get(key) ?? this.open(peer, key, undefined, now);
    const live = this.byClientId.get(cid) ?? this.byPendingClientId.get(cid);
    if (live) return live;
    const ch = this.open(peer, undefined, cid, now);
    this.byPendingClientId.set(cid, ch);
    return ch;
  }

  private open(
    peer: Endpoint,
    peerKey: string | undefined,
    forClientId: string | undefined,
    now: number,
  ): Channel {
    const mode = this.config.connection_required ? 'connection' : 'connectionless';
    const clientId = mode === 'connectionless' ? randomClientId(() => this.random.next()) : '';
    const ch = new Channel(
      `ch${this.nextChannel++}`,
      peer,
      clientId,
      mode,
      now,
      this.config.heartbeat,
      this.random,
      this.params,
    );
    this.channels.set(ch.id, ch);
    if (peerKey !== undefined) this.byPeer.set(peerKey, ch);
    this.emit({
      kind: 'channel-opened',
      channel: ch.id,
      peer,
      clientId: forClientId ?? clientId,
      mode,
    });
    return ch;
  }

  private route(deliveries: readonly Delivery[], now: number): void {
    for (const d of deliveries) {
      if (d.subscriber.kind !== 'coap') {
        this.out.deliveries.push(d);
        continue;
      }
      const ch = this.channels.get(d.subscriber.id.slice(5));
      const obs = ch?.observes.get(d.filter);
      if (!ch || !obs) {
        this.emit({
          kind: 'notification-dropped',
          channel: d.subscriber.id,
          topic: d.filter,
          reason: 'no-observer',
        });
        continue;
      }
      this.notifier.notify(ch, obs, d.message, now);
    }
  }
}
