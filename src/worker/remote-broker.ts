/**
 * A real MQTT broker behind the gateway (issue 7): one MQTT 5 connection over WebSocket
 * (mqtt.js), shared by every subscriber in the world. It keeps the gateway's subscribers locally
 * and holds one real subscription per distinct topic filter, tagged with an MQTT 5 Subscription
 * Identifier (MQTT 5.0 §3.8.2.1.2), so each incoming message reaches exactly the subscribers of
 * the filter(s) it matched. The real broker is authoritative for retained messages. Publishes
 * accepted while the connection is down wait in a bounded queue and go out on reconnect.
 */
import { Buffer } from 'buffer';
import type { IPublishPacket, MqttClient } from 'mqtt';
import { checkPublishFields, checkSubscription, topicMatches, validateTopicName } from '../broker';
import type {
  BrokerPort,
  Delivery,
  MqttMessage,
  PublishResult,
  QoS,
  SubscribeResult,
  Subscriber,
  Subscription,
  SubscriptionOptions,
} from '../broker';
import type { BrokerLinkEvent, BrokerLinkState, BrokerLinkStats } from './api';
import { msg, type Msg } from '../wire/msg';

export interface RemoteBrokerOptions {
  /** `ws://` or `wss://` URL of the broker's MQTT-over-WebSocket listener. */
  url: string;
  /** MQTT client id. Defaults to `coap-playground-<8 random hex digits>`. */
  clientId?: string;
  /** Most accepted publishes kept while disconnected; the oldest go first. Defaults to 1,000. */
  maxQueued?: number;
  /** Reconnect delays: `initial` ms doubling to `max` ms. Defaults to 1,000 and 10,000. */
  backoff?: { initial: number; max: number };
  /** Real time in epoch ms (queue ages, message expiry while queued). Defaults to `Date.now`. */
  realNow?: () => number;
  onState?: (state: BrokerLinkState) => void;
  onEvent?: (event: BrokerLinkEvent) => void;
  /** A message arrived from the broker: the host routes it with `route` at the world's `now`. */
  onMessage?: (message: IncomingMessage) => void;
}

/** A PUBLISH as received from the real broker. */
export interface IncomingMessage {
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  /** Set only on messages sent from the retained store at subscribe time (Retain As Published is off). */
  retain: boolean;
  expiryInterval?: number;
  /** The Subscription Identifiers of the filters it matched; absent if the broker sends none. */
  subscriptionIds: number[];
}

interface Entry {
  subscriber: Subscriber;
  options: SubscriptionOptions;
  /** The subscription id whose retained messages this subscriber asked for (Retain Handling). */
  retainedFrom?: number;
}

interface FilterState {
  filter: string;
  /** The Subscription Identifier of the current real subscription. */
  id: number;
  /** The QoS subscribed at the broker: the highest any local subscriber asked for. */
  qos: QoS;
  entries: Map<string, Entry>;
  /** Retained messages were asked for while disconnected: ask again on reconnect. */
  retainedPending: boolean;
}

interface Queued {
  message: MqttMessage;
  acceptedAt: number;
}

/** MQTT 5.0 §2.2.2.2: a Subscription Identifier is a Variable Byte Integer from 1 to 268,435,455. */
const MAX_SUBSCRIPTION_ID = 268_435_455;

export class RemoteBroker implements BrokerPort {
  readonly backend = 'remote' as const;
  readonly url: string;
  readonly clientId: string;
  private client: MqttClient | undefined;
  private readonly filters = new Map<string, FilterState>();
  private readonly idToFilter = new Map<number, string>();
  private readonly bySubscriber = new Map<string, Set<string>>();
  private readonly retainedSeen = new Map<string, MqttMessage>();
  private queue: Queued[] = [];
  private nextSubId = 1;
  private nextMessageId = 1;
  private attempt = 0;
  /** Why the link last failed: the page's words, or mqtt.js's own (a string, as it said it). */
  private lastError: Msg | string = '';
  private stopped = false;
  private pendingSubacks = 0;
  private everConnected = false;
  private loading = false;
  private readonly maxQueued: number;
  private readonly backoff: { initial: number; max: number };
  private readonly realNow: () => number;
  state: BrokerLinkState = { state: 'connecting', attempt: 0 };
  readonly stats: BrokerLinkStats = {
    queued: 0,
    sent: 0,
    flushed: 0,
    dropped: 0,
    received: 0,
    filters: 0,
  };

  constructor(private readonly options: RemoteBrokerOptions) {
    this.url = options.url;
    this.clientId =
      options.clientId ??
      `coap-playground-${Math.floor(Math.random() * 0xffffffff)
        .toString(16)
        .padStart(8, '0')}`;
    this.maxQueued = Math.max(1, options.maxQueued ?? 1000);
    this.backoff = options.backoff ?? { initial: 1000, max: 10_000 };
    this.realNow = options.realNow ?? Date.now;
  }

  // ─── the connection ──────────────────────────────────────────────────────

  /** Opens the connection; mqtt.js reconnects by itself with our back-off until `stop`. */
  start(): void {
    if (this.loading || this.client || this.stopped) return;
    this.loading = true;
    this.setState({ state: 'connecting', attempt: 0 });
    // mqtt.js (~340 KB) is loaded only when a real broker is chosen; the built-in one needs none.
    import('mqtt').then(
      (m) => {
        this.loading = false;
        if (!this.stopped) this.open(m.default.connect);
      },
      (e: unknown) => {
        this.loading = false;
        this.lastError = msg('notices:broker.no-mqttjs', {
          error: e instanceof Error ? e.message : String(e),
        });
        this.setState({ state: 'closed', reason: this.lastError });
      },
    );
  }

  private open(connect: typeof import('mqtt').connect): void {
    const client = connect(this.url, {
      protocolVersion: 5,
      clientId: this.clientId,
      clean: true,
      keepalive: 30,
      connectTimeout: 5000,
      reconnectPeriod: this.backoff.initial,
      // We subscribe again ourselves, with our Subscription Identifiers, after each connect.
      resubscribe: false,
      // Publishes are only handed to mqtt.js while connected; our own queue holds the rest.
      queueQoSZero: false,
    });
    this.client = client;
    client.on('connect', () => this.connected());
    client.on('error', (e) => {
      this.lastError = e.message || String(e);
    });
    client.on('disconnect', (packet) => {
      const reason = packet.properties?.reasonString;
      const code = `0x${(packet.reasonCode ?? 0).toString(16)}`;
      this.lastError = reason
        ? msg('notices:broker.disconnected-why', { code, reason })
        : msg('notices:broker.disconnected', { code });
    });
    client.on('reconnect', () => this.setState({ state: 'connecting', attempt: this.attempt }));
    // Runs before mqtt.js schedules its reconnect, so the back-off applies to this attempt.
    client.prependListener('close', () => this.closed());
    client.on('message', (topic, payload, packet) => this.incoming(topic, payload, packet));
  }

  /** Closes the connection for good (a new world or another broker URL). */
  stop(): void {
    this.stopped = true;
    this.client?.end(true);
    this.setState({ state: 'closed' });
  }

  /** SUBSCRIBEs sent and not yet acknowledged by the broker. */
  get pendingSubscriptions(): number {
    return this.pendingSubacks;
  }

  get connectedNow(): boolean {
    return this.client?.connected === true;
  }

  private connected(): void {
    this.everConnected = true;
    this.attempt = 0;
    this.lastError = '';
    this.setState({ state: 'connected', since: this.realNow() });
    // SUBSCRIBEs cut off by the lost connection may never be answered; this is a new count.
    this.pendingSubacks = 0;
    let resubscribed = 0;
    for (const f of this.filters.values()) {
      this.realSubscribe(f, f.retainedPending ? 0 : 2);
      resubscribed++;
    }
    this.emit({ kind: 'connected', url: this.url, resubscribed });
    this.flush();
  }

  private closed(): void {
    if (this.stopped) return;
    const wait = Math.min(this.backoff.max, this.backoff.initial * 2 ** Math.min(this.attempt, 10));
    this.attempt++;
    if (this.client) this.client.options.reconnectPeriod = wait;
    // A browser's WebSocket says nothing about why it failed: say what to check.
    const reason =
      this.lastError ||
      (this.everConnected ? msg('notices:broker.closed') : msg('notices:broker.no-answer'));
    const wasConnected = this.state.state === 'connected';
    this.setState({ state: 'reconnecting', retryAt: this.realNow() + wait, reason });
    if (wasConnected) this.emit({ kind: 'lost', url: this.url, reason, retryIn: wait });
  }

  private setState(s: BrokerLinkState): void {
    this.state = s;
    this.options.onState?.(s);
  }

  private emit(e: BrokerLinkEvent): void {
    this.options.onEvent?.(e);
  }

  // ─── subscriptions ───────────────────────────────────────────────────────

  subscribe(
    sub: Subscriber,
    filter: string,
    options: SubscriptionOptions,
    now: number,
  ): SubscribeResult {
    void now;
    const check = checkSubscription(filter, options);
    if (!check.ok) return check;
    let f = this.filters.get(filter);
    const newFilter = !f;
    if (!f) {
      f = {
        filter,
        id: this.newSubId(filter),
        qos: options.qos,
        entries: new Map(),
        retainedPending: false,
      };
      this.filters.set(filter, f);
      this.stats.filters = this.filters.size;
    }
    const isNew = !f.entries.has(sub.id);
    const entry: Entry = { subscriber: sub, options: { ...options } };
    f.entries.set(sub.id, entry);
    let mine = this.bySubscriber.get(sub.id);
    if (!mine) this.bySubscriber.set(sub.id, (mine = new Set()));
    mine.add(filter);

    // Retained messages go to MQTT subscribers as Retain Handling says; CoAP observers never get
    // them (the 6.x retainer ignores non-MQTT protocols, gateway-behaviour §1.9). Asking again means a new
    // real SUBSCRIBE; a fresh identifier tells its retained messages apart from earlier ones.
    const wantsRetained = sub.kind === 'mqtt' && (options.rh === 0 || (options.rh === 1 && isNew));
    const higherQos = options.qos > f.qos;
    if (higherQos) f.qos = options.qos;
    if (wantsRetained) {
      if (!newFilter) f.id = this.newSubId(filter);
      entry.retainedFrom = f.id;
    }
    if (newFilter || higherQos || wantsRetained) {
      if (this.connectedNow) this.realSubscribe(f, wantsRetained ? 0 : 2);
      else if (wantsRetained) f.retainedPending = true;
    }
    return { ok: true, isNew, retained: [] };
  }

  unsubscribe(subscriberId: string, filter: string): boolean {
    const f = this.filters.get(filter);
    if (!f?.entries.delete(subscriberId)) return false;
    const mine = this.bySubscriber.get(subscriberId);
    mine?.delete(filter);
    if (mine?.size === 0) this.bySubscriber.delete(subscriberId);
    if (f.entries.size === 0) this.dropFilter(f);
    return true;
  }

  unsubscribeAll(subscriberId: string): string[] {
    const mine = [...(this.bySubscriber.get(subscriberId) ?? [])];
    for (const filter of mine) this.unsubscribe(subscriberId, filter);
    return mine;
  }

  /** Forgets every subscriber (a new world), unsubscribing at the broker; the queue stays. */
  clear(): void {
    for (const f of [...this.filters.values()]) this.dropFilter(f);
    this.bySubscriber.clear();
    this.retainedSeen.clear();
  }

  subscriptions(): Subscription[] {
    const out: Subscription[] = [];
    for (const f of this.filters.values())
      for (const e of f.entries.values())
        out.push({ subscriber: e.subscriber, filter: f.filter, options: e.options });
    return out;
  }

  subscriptionsOf(subscriberId: string): Array<{ filter: string; options: SubscriptionOptions }> {
    const out: Array<{ filter: string; options: SubscriptionOptions }> = [];
    for (const filter of this.bySubscriber.get(subscriberId) ?? []) {
      const e = this.filters.get(filter)?.entries.get(subscriberId);
      if (e) out.push({ filter, options: e.options });
    }
    return out;
  }

  private newSubId(filter: string): number {
    const id = this.nextSubId;
    this.nextSubId = this.nextSubId >= MAX_SUBSCRIPTION_ID ? 1 : this.nextSubId + 1;
    this.idToFilter.set(id, filter);
    return id;
  }

  private dropFilter(f: FilterState): void {
    this.filters.delete(f.filter);
    this.stats.filters = this.filters.size;
    for (const [id, filter] of this.idToFilter) if (filter === f.filter) this.idToFilter.delete(id);
    if (this.connectedNow) this.client?.unsubscribe(f.filter);
  }

  private realSubscribe(f: FilterState, rh: 0 | 2): void {
    f.retainedPending = false;
    this.pendingSubacks++;
    // No Local off: the gateway's own publishes come back to its CoAP observers (gateway-behaviour §1.9).
    // Retain As Published off: a set RETAIN flag then marks a message from the retained store.
    this.client?.subscribe(
      f.filter,
      { qos: f.qos, nl: false, rap: false, rh, properties: { subscriptionIdentifier: f.id } },
      (err, granted) => {
        this.pendingSubacks = Math.max(0, this.pendingSubacks - 1);
        const code = granted?.[0]?.qos;
        if (err && code === undefined) this.lastError = err.message;
        if (code !== undefined && code >= 0x80)
          this.emit({ kind: 'subscribe-failed', filter: f.filter, reasonCode: code });
      },
    );
  }

  // ─── publishing ──────────────────────────────────────────────────────────

  publish(msg: Omit<MqttMessage, 'id'>): PublishResult {
    // A real broker closes the connection on a wildcard in a topic name [MQTT-3.3.2-2], so refuse
    // it here, even though the reference gateway passes CoAP topics through (gateway-behaviour §1.8).
    const check = validateTopicName(msg.topic);
    if (!check.ok) {
      this.drop(msg.topic, 'refused', `${check.error} A real MQTT broker refuses it.`);
      return check;
    }
    const fields = checkPublishFields(msg);
    if (!fields.ok) return fields;
    const message: MqttMessage = { ...msg, id: this.nextMessageId++ };
    if (message.retain) {
      if (message.payload.length === 0) this.retainedSeen.delete(message.topic);
      else this.retainedSeen.set(message.topic, message);
    }
    const q: Queued = { message, acceptedAt: this.realNow() };
    if (this.connectedNow) this.send(q);
    else {
      this.queue.push(q);
      if (this.queue.length > this.maxQueued) {
        const old = this.queue.shift() as Queued;
        this.drop(
          old.message.topic,
          'queue-full',
          `the queue of ${this.maxQueued} publishes waiting for the broker was full; this was the oldest`,
        );
      }
      this.stats.queued = this.queue.length;
      this.emit({ kind: 'queued', topic: message.topic, queued: this.queue.length });
    }
    return { ok: true, message, deliveries: [], retain: 'none', evicted: [], expired: false };
  }

  /** Accepted publishes waiting for the connection, oldest first. */
  get queued(): readonly MqttMessage[] {
    return this.queue.map((q) => q.message);
  }

  private flush(): void {
    const waiting = this.queue;
    this.queue = [];
    let sent = 0;
    for (const q of waiting) if (this.send(q)) sent++;
    this.stats.queued = this.queue.length;
    if (sent) {
      this.stats.flushed += sent;
      this.emit({ kind: 'flushed', count: sent });
    }
  }

  /** Hands one publish to mqtt.js, with the expiry left after its wait (MQTT 5.0 §3.3.2.3.3). */
  private send(q: Queued): boolean {
    const m = q.message;
    let expiry = m.expiryInterval;
    if (expiry !== undefined) {
      const waited = Math.floor((this.realNow() - q.acceptedAt) / 1000);
      if (waited > expiry) {
        this.drop(
          m.topic,
          'expired',
          `its Message Expiry Interval of ${expiry} s ran out while the broker was unreachable`,
        );
        return false;
      }
      expiry -= waited;
    }
    this.stats.sent++;
    this.client?.publish(
      m.topic,
      Buffer.from(m.payload),
      {
        qos: m.qos,
        retain: m.retain,
        properties: expiry !== undefined ? { messageExpiryInterval: expiry } : {},
      },
      (err) => {
        // QoS 0 writes cut short by a lost connection fail here; QoS 1 and 2 stay in mqtt.js's
        // store and are sent again on reconnect. Put the QoS 0 ones back in our queue.
        if (err && m.qos === 0 && !this.stopped) {
          this.stats.sent--;
          this.queue.unshift(q);
          this.stats.queued = this.queue.length;
        }
      },
    );
    return true;
  }

  private drop(topic: string, why: 'queue-full' | 'expired' | 'refused', detail: string): void {
    this.stats.dropped++;
    this.emit({ kind: 'dropped', topic, why, detail });
  }

  // ─── receiving ───────────────────────────────────────────────────────────

  private incoming(topic: string, payload: Uint8Array, packet: IPublishPacket): void {
    this.stats.received++;
    const sid = packet.properties?.subscriptionIdentifier;
    const ids = sid === undefined ? [] : Array.isArray(sid) ? sid : [sid];
    this.options.onMessage?.({
      topic,
      payload: new Uint8Array(payload),
      qos: packet.qos,
      retain: packet.retain,
      expiryInterval: packet.properties?.messageExpiryInterval,
      subscriptionIds: ids,
    });
  }

  /**
   * The deliveries of one incoming message at `now`: one per subscriber per filter it matched,
   * found by Subscription Identifier (by matching every filter when the broker sent none). A
   * message from the retained store goes only to the subscribers that asked for it.
   */
  route(m: IncomingMessage, now: number): Delivery[] {
    const message: MqttMessage = {
      id: this.nextMessageId++,
      topic: m.topic,
      payload: m.payload,
      qos: m.qos,
      retain: m.retain,
      expiryInterval: m.expiryInterval,
      publishedAt: now,
      from: `broker ${this.url}`,
    };
    if (m.retain) {
      if (m.payload.length === 0) this.retainedSeen.delete(m.topic);
      else this.retainedSeen.set(m.topic, message);
    }
    const matched: Array<{ f: FilterState; id: number | undefined }> = [];
    if (m.subscriptionIds.length) {
      for (const id of m.subscriptionIds) {
        const f = this.filters.get(this.idToFilter.get(id) ?? '');
        if (f) matched.push({ f, id });
      }
    } else {
      for (const f of this.filters.values())
        if (topicMatches(f.filter, m.topic)) matched.push({ f, id: undefined });
    }
    const out: Delivery[] = [];
    const seen = new Set<string>();
    for (const { f, id } of matched) {
      for (const e of f.entries.values()) {
        if (m.retain && (id === undefined || e.retainedFrom !== id)) continue;
        const key = `${e.subscriber.id}\u0000${f.filter}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({
          subscriber: e.subscriber,
          filter: f.filter,
          options: e.options,
          message,
          qos: Math.min(m.qos, e.options.qos) as QoS, // [MQTT-3.8.4-8]
          retained: m.retain,
          at: now,
        });
      }
    }
    return out;
  }

  /** Retained messages seen here: our own retained publishes and those the broker sent us. */
  retained(now: number): MqttMessage[] {
    const out: MqttMessage[] = [];
    for (const [topic, m] of this.retainedSeen) {
      if (m.expiryInterval !== undefined && now - m.publishedAt > m.expiryInterval * 1000)
        this.retainedSeen.delete(topic);
      else out.push(m);
    }
    return out;
  }
}
