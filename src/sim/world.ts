import type { CoapMessage } from '../coap';
import { decode, decodeString, encode } from '../coap';
import { Broker, VirtualMqttClient } from '../broker';
import type { BrokerPort, ClientPublish, ClientSubscribeOptions, Delivery } from '../broker';
import { CryptoRandom, SeededRandom } from '../messaging';
import type { Random } from '../messaging';
import { Gateway, endpointKey } from '../gateway';
import type {
  DownlinkOutcome,
  DownlinkSpec,
  Endpoint,
  GatewayConfig,
  StepResult,
} from '../gateway';
import { Scribe } from './scribe';
import type { ClosedChannel, EntryCause, StepCause } from './scribe';
import type { ChannelStory } from './story';
import type { RealPeer } from './peers';
import { SimCoapClient } from './coap-client';
import type { Exchange, RequestSpec } from './coap-client';
import { Journal } from './journal';
import type { JournalEntry, WorldEvent } from './journal';
import { PERFECT_LINK, VirtualNetwork } from './network';
import type { LinkConditions } from './network';
import { summarizeBytes, summarizeDecoded, summarizeMessage } from './summary';
import { TrafficSchedules, checkPlan, describePlan } from './traffic';
import type { TrafficPlan, TrafficState } from './traffic';
import { SaidError, asWorded } from './said';
import { msg } from '../wire/msg';
import type { Msg } from '../wire/msg';

const noCoapClient = (name: string): Msg => msg('notices:client.no-coap', { quoted: `'${name}'` });
const noMqttClient = (name: string): Msg => msg('notices:client.no-mqtt', { quoted: `'${name}'` });

export interface WorldOptions {
  config?: Partial<GatewayConfig>;
  /** Seed for reproducible runs; crypto randomness when absent. */
  seed?: number;
  journalCapacity?: number;
  /** The broker the gateway and the MQTT clients use. Defaults to a new built-in `Broker`. */
  broker?: BrokerPort;
  /** Wall-clock ms at virtual time 0, for the timestamps the gateway gives out. Default 0. */
  epoch?: number;
}

/** The gateway's address on the virtual network (TEST-NET-1, RFC 5737: never routed). */
export const GATEWAY_ENDPOINT: Endpoint = { address: '192.0.2.1', port: 5683 };

/** A datagram for a real peer (through the relay). */
export interface ExternalDatagram {
  to: Endpoint;
  bytes: Uint8Array;
}

/** The sooner of two deadlines, either of which may be none. */
const earliest = (a: number | undefined, b: number | undefined): number | undefined =>
  a === undefined || (b !== undefined && b < a) ? b : a;

/**
 * When a datagram arrives, kept only when later than when it was sent: an arrival at the send
 * time says nothing, and left out it costs neither the record's 8 bytes of a fractional time nor
 * a heap number in the page's copy of the entry.
 */
const later = (arrivesAt: number | undefined, now: number): number | undefined =>
  arrivesAt !== undefined && arrivesAt !== now ? arrivesAt : undefined;

/**
 * The world: gateway, broker, virtual network, simulated CoAP clients, virtual MQTT clients and
 * the journal, advanced by a virtual clock the host owns. Sans-IO: real peers come in through
 * `receiveExternal` and go out through `takeExternal`.
 */
export class World {
  readonly random: Random;
  readonly broker: BrokerPort;
  readonly gateway: Gateway;
  readonly journal: Journal;
  readonly network: VirtualNetwork;
  now = 0;
  private readonly coapClients = new Map<string, SimCoapClient>();
  private readonly byEndpoint = new Map<string, SimCoapClient>();
  private readonly links = new Map<string, LinkConditions>();
  private readonly mqttClients = new Map<string, VirtualMqttClient>();
  /** Simulated CoAP clients that send by themselves (traffic.ts), in the order their plans were set. */
  private readonly traffic = new TrafficSchedules();
  private readonly scribe: Scribe;
  private external: ExternalDatagram[] = [];
  private outbound: ExternalDatagram[] = [];
  private nextHost = 10;
  /** The management API's requests down to devices: what to call when each ends. */
  private readonly calls = new Map<number, (outcome: DownlinkOutcome) => void>();

  constructor(options: WorldOptions = {}) {
    this.random = options.seed === undefined ? new CryptoRandom() : new SeededRandom(options.seed);
    this.broker = options.broker ?? new Broker();
    this.gateway = new Gateway({
      config: options.config,
      broker: this.broker,
      random: this.random,
      epoch: options.epoch,
    });
    this.journal = new Journal(options.journalCapacity);
    this.scribe = new Scribe(this.journal, GATEWAY_ENDPOINT);
    this.network = new VirtualNetwork(this.random);
  }

  /** Channels that closed, newest first. */
  get closed(): readonly ClosedChannel[] {
    return this.scribe.closed;
  }

  /** Real CoAP clients (through the relay), most recently heard first (peers.ts). */
  realPeers(): RealPeer[] {
    return this.scribe.realPeers.list();
  }

  /** A live or recently closed channel's life, item by item (story.ts). */
  story(channel: string): ChannelStory | undefined {
    return this.scribe.stories.of(channel);
  }

  // ─── clients ─────────────────────────────────────────────────────────────

  /** Adds a simulated CoAP client with its own address (192.0.2.x) and an ephemeral port. */
  addCoapClient(name?: string): SimCoapClient {
    this.journal.beginStep();
    const host = this.nextHost++;
    const id = name ?? `client-${host - 9}`;
    if (this.coapClients.has(id) || this.mqttClients.has(id))
      throw new SaidError(msg('notices:client.exists', { quoted: `'${id}'` }));
    const endpoint = { address: `192.0.2.${host % 250}`, port: 49152 + this.random.int(0, 16383) };
    const client = new SimCoapClient(id, endpoint, this.random);
    this.coapClients.set(id, client);
    this.byEndpoint.set(endpointKey(endpoint), client);
    this.links.set(id, { ...PERFECT_LINK });
    this.note({ kind: 'client-added', client: id, endpoint, protocol: 'coap' });
    return client;
  }

  addMqttClient(clientId: string): VirtualMqttClient {
    this.journal.beginStep();
    if (this.coapClients.has(clientId) || this.mqttClients.has(clientId))
      throw new SaidError(msg('notices:client.exists', { quoted: `'${clientId}'` }));
    const c = new VirtualMqttClient(this.broker, clientId);
    this.mqttClients.set(clientId, c);
    this.note({
      kind: 'client-added',
      client: clientId,
      endpoint: { address: 'mqtt', port: 0 },
      protocol: 'mqtt',
    });
    return c;
  }

  removeClient(name: string): void {
    this.journal.beginStep();
    const coap = this.coapClients.get(name);
    if (coap) {
      this.traffic.delete(name);
      this.coapClients.delete(name);
      this.byEndpoint.delete(endpointKey(coap.endpoint));
      this.links.delete(name);
    }
    const mqtt = this.mqttClients.get(name);
    if (mqtt) {
      mqtt.unsubscribeAll();
      this.mqttClients.delete(name);
    }
    if (coap || mqtt) this.note({ kind: 'client-removed', client: name });
  }

  coapClient(name: string): SimCoapClient | undefined {
    return this.coapClients.get(name);
  }
  mqttClient(clientId: string): VirtualMqttClient | undefined {
    return this.mqttClients.get(clientId);
  }
  listCoapClients(): SimCoapClient[] {
    return [...this.coapClients.values()];
  }
  listMqttClients(): VirtualMqttClient[] {
    return [...this.mqttClients.values()];
  }
  link(name: string): LinkConditions {
    return this.links.get(name) ?? PERFECT_LINK;
  }

  setLink(name: string, link: LinkConditions): void {
    if (!this.coapClients.has(name)) throw new SaidError(noCoapClient(name));
    this.journal.beginStep();
    const clamp = (x: number, max: number) =>
      Number.isFinite(x) ? Math.min(max, Math.max(0, x)) : 0;
    const l = {
      loss: clamp(link.loss, 1),
      delay: clamp(link.delay, 60_000),
      duplicate: clamp(link.duplicate, 1),
    };
    this.links.set(name, l);
    this.note({ kind: 'link-changed', client: name, ...l });
  }

  // ─── intents ─────────────────────────────────────────────────────────────

  /**
   * A simulated client sends a request now: to the gateway, or with `target` to a real CoAP
   * server outside the playground (it goes out through `takeOutbound`, the relay's business).
   */
  request(
    name: string,
    spec: RequestSpec,
    target?: Endpoint,
  ): { ok: true; exchange: Exchange } | { ok: false; error: Msg } {
    const client = this.coapClients.get(name);
    if (!client) return { ok: false, error: noCoapClient(name) };
    const r = client.request(spec, this.now, target);
    if (!r.ok) return { ok: false, error: asWorded(r.error) };
    this.journal.beginStep();
    this.note({
      kind: 'request-sent',
      client: name,
      summary: target
        ? `${r.exchange.summary} → coap://${endpointKey(target)}`
        : r.exchange.summary,
      token: r.exchange.token,
    });
    this.transmit(client, r.message, target);
    return { ok: true, exchange: r.exchange };
  }

  /**
   * Has a simulated client heartbeat and/or publish by itself, every so many seconds of virtual
   * time from now (an empty plan stops it). The requests go out at their deadlines, like any other.
   */
  setTraffic(name: string, plan: TrafficPlan): { ok: true } | { ok: false; error: Msg } {
    if (!this.coapClients.has(name)) return { ok: false, error: noCoapClient(name) };
    const error = checkPlan(plan);
    if (error) return { ok: false, error };
    this.journal.beginStep();
    this.traffic.set(name, plan, this.now);
    this.note({
      kind: 'note',
      text: msg('notices:traffic.set', { name, plan: describePlan(plan) }),
    });
    return { ok: true };
  }

  /** A client's periodic traffic, if it has any. */
  trafficOf(name: string): TrafficState | undefined {
    return this.traffic.of(name);
  }

  /** Sends raw bytes from a simulated client (the packet lab: malformed datagrams too). */
  sendRaw(name: string, bytes: Uint8Array): { ok: true } | { ok: false; error: Msg } {
    const client = this.coapClients.get(name);
    if (!client) return { ok: false, error: noCoapClient(name) };
    this.journal.beginStep();
    this.transmitBytes(client, bytes);
    return { ok: true };
  }

  mqttSubscribe(clientId: string, filter: string, opts: ClientSubscribeOptions) {
    const c = this.mqttClients.get(clientId);
    if (!c) return { ok: false as const, error: noMqttClient(clientId) };
    const r = c.subscribe(filter, opts, this.now);
    if (r.ok) {
      this.journal.beginStep();
      // The client already put retained messages in its inbox; the journal only tells.
      for (const d of r.retained)
        this.note({
          kind: 'mqtt-received',
          client: clientId,
          topic: d.message.topic,
          qos: d.qos,
          retain: true,
          payload: decodeString(d.message.payload),
        });
      this.note({
        kind: 'mqtt-subscribed',
        client: clientId,
        filter,
        qos: opts.qos,
        retained: r.retained.length,
      });
    }
    return r;
  }

  mqttUnsubscribe(clientId: string, filter: string): boolean {
    return this.mqttClients.get(clientId)?.unsubscribe(filter) ?? false;
  }

  mqttPublish(clientId: string, p: ClientPublish) {
    const c = this.mqttClients.get(clientId);
    if (!c) return { ok: false as const, error: noMqttClient(clientId) };
    const r = c.publish(p, this.now);
    if (!r.ok) return r;
    this.journal.beginStep();
    const published = this.note({
      kind: 'mqtt-published',
      client: clientId,
      topic: p.topic,
      qos: p.qos ?? 0,
      retain: p.retain ?? false,
      deliveries: r.deliveries.length,
    });
    this.deliverNow(r.deliveries, { seq: published.seq, kind: 'publish' });
    return r;
  }

  /**
   * Hands broker deliveries to their subscribers now: CoAP observers through the gateway (which
   * sends the notifications), virtual MQTT clients into their inboxes. A remote broker's messages
   * come in here, asynchronously, through the host.
   */
  deliver(deliveries: readonly Delivery[], publish?: number): void {
    this.journal.beginStep();
    this.deliverNow(
      deliveries,
      publish === undefined ? undefined : { seq: publish, kind: 'publish' },
    );
  }

  /** Something that happened around the world (a note, a real broker's message), as its own step. */
  record(event: WorldEvent, cause?: EntryCause): JournalEntry {
    this.journal.beginStep();
    return this.note(event, cause);
  }

  private deliverNow(deliveries: readonly Delivery[], cause: StepCause | undefined): void {
    const coap: Delivery[] = [];
    for (const d of deliveries) {
      if (d.subscriber.kind === 'coap') coap.push(d);
      else this.deliverMqtt(d, cause?.seq);
    }
    if (coap.length) this.absorb(this.gateway.deliver(coap, this.now), cause);
  }

  // ─── the management API ──────────────────────────────────────────────────

  /** Kicks a connected client (the API's DELETE …/clients/:clientid); false if there is none. */
  kick(clientId: string): boolean {
    const r = this.gateway.kick(clientId, this.now);
    if (!r) return false;
    this.journal.beginStep();
    this.absorb(r);
    return true;
  }

  /** Subscribes a connected client on its behalf (the API's POST …/subscriptions). */
  apiSubscribe(
    clientId: string,
    topic: string,
    opts: { qos: 0 | 1 | 2; nl: 0 | 1; rh: 0 | 1 | 2; rap: 0 | 1 },
  ): ReturnType<Gateway['apiSubscribe']> {
    const r = this.gateway.apiSubscribe(clientId, topic, opts, this.now);
    if (r.ok) {
      this.journal.beginStep();
      this.absorb(r.result);
    }
    return r;
  }

  /** Removes a subscription of a connected client (the API's DELETE …/subscriptions/:topic). */
  apiUnsubscribe(clientId: string, topic: string): ReturnType<Gateway['apiUnsubscribe']> {
    const r = this.gateway.apiUnsubscribe(clientId, topic, this.now);
    if (r.ok) {
      this.journal.beginStep();
      this.absorb(r.result);
    }
    return r;
  }

  /**
   * Sends the API's request down to the client connected as `clientId` (POST …/request), in the
   * step of `cause` (the operator's entry); `done` is called with the outcome when the call ends
   * (a later step). False: no such client.
   */
  sendRequest(
    clientId: string,
    spec: DownlinkSpec,
    cause: number,
    done: (outcome: DownlinkOutcome) => void,
  ): boolean {
    const r = this.gateway.sendRequest(clientId, spec, this.now);
    if (!r) return false;
    this.calls.set(r.id, done);
    this.absorb(r.result, { seq: cause, kind: 'call' });
    return true;
  }

  configure(patch: Partial<GatewayConfig>): void {
    this.journal.beginStep();
    this.gateway.configure(patch);
    this.note({
      kind: 'config-changed',
      changes: Object.entries(patch).map(([k, v]) => `${k}=${JSON.stringify(v)}`),
    });
  }

  // ─── real peers ──────────────────────────────────────────────────────────

  /** A datagram from a real peer (the relay). */
  receiveExternal(bytes: Uint8Array, from: Endpoint, to: Endpoint = GATEWAY_ENDPOINT): void {
    this.journal.beginStep();
    const decoded = decode(bytes);
    const entry = this.scribe.toGateway({
      at: this.now,
      from,
      to,
      sender: endpointKey(from),
      bytes,
      fate: 'external',
      summary: summarizeDecoded(bytes, decoded),
    });
    this.absorb(this.gateway.receive(bytes, from, this.now, decoded, entry.seq), {
      seq: entry.seq,
      kind: 'datagram',
      summary: entry.summary,
    });
  }

  /**
   * A datagram from a real CoAP server a simulated client sent to (through the relay's outbound
   * socket): it goes to the client that has an exchange with that server matching its token or
   * Message ID; one that matches none is journaled and dropped.
   */
  receiveFromServer(bytes: Uint8Array, from: Endpoint): void {
    this.journal.beginStep();
    const m = decode(bytes);
    const client = m.ok
      ? this.listCoapClients().find((c) => c.expects(m.message, from))
      : undefined;
    this.scribe.server(
      {
        at: this.now,
        from,
        to: client?.endpoint ?? { address: 'unmatched', port: 0 },
        sender: endpointKey(from),
        bytes,
        fate: 'external',
        summary: summarizeDecoded(bytes, m),
      },
      false,
      m.ok ? m.message.payload : undefined,
    );
    if (client && m.ok) this.clientOutput(client, client.receive(m.message, this.now), from);
    else
      this.note({
        kind: 'note',
        text: msg('notices:datagram.unanswered', { from: endpointKey(from) }),
      });
  }

  /** The relay refused (or failed) to send to the real server `to`: the requests to it end. */
  outboundRefused(to: Endpoint, reason: string): void {
    this.journal.beginStep();
    let told = false;
    for (const c of this.coapClients.values())
      for (const token of c.refuse(to, reason)) {
        told = true;
        this.note({ kind: 'outbound-refused', client: c.name, to, token, reason });
      }
    if (!told) this.note({ kind: 'outbound-refused', client: '', to, reason });
  }

  /** Datagrams simulated clients addressed to real servers since the last call. */
  takeOutbound(): ExternalDatagram[] {
    const out = this.outbound;
    this.outbound = [];
    return out;
  }

  /** Datagrams for real peers produced since the last call. */
  takeExternal(): ExternalDatagram[] {
    const out = this.external;
    this.external = [];
    return out;
  }

  // ─── time ────────────────────────────────────────────────────────────────

  nextDeadline(): number | undefined {
    // Called at every step: a plain loop, no closure made per call.
    let next = earliest(this.network.nextDelivery(), this.gateway.nextDeadline());
    for (const c of this.coapClients.values()) next = earliest(next, c.nextDeadline());
    return earliest(next, this.traffic.nextDeadline());
  }

  /** Runs everything due up to virtual time `to`, in time order. */
  advance(to: number): void {
    for (let guard = 0; guard < 1_000_000; guard++) {
      const next = this.nextDeadline();
      if (next === undefined || next > to) break;
      this.now = Math.max(this.now, next);
      this.step();
    }
    this.now = Math.max(this.now, to);
  }

  private step(): void {
    const now = this.now;
    this.journal.beginStep();
    for (let d = this.network.pop(now); d; d = this.network.pop(now)) {
      if (endpointKey(d.to) === endpointKey(GATEWAY_ENDPOINT))
        this.absorb(this.gateway.receive(d.bytes, d.from, now, undefined, d.seq), {
          seq: d.seq,
          kind: 'datagram',
        });
      else {
        const client = this.byEndpoint.get(endpointKey(d.to));
        const m = decode(d.bytes);
        if (client && m.ok)
          this.clientOutput(client, client.receive(m.message, now), GATEWAY_ENDPOINT);
      }
    }
    const g = this.gateway.nextDeadline();
    if (g !== undefined && g <= now) this.absorb(this.gateway.tick(now));
    for (const c of this.coapClients.values()) {
      const t = c.nextDeadline();
      if (t !== undefined && t <= now) this.clientOutput(c, c.tick(now));
    }
    this.traffic.fire(
      now,
      (name) => this.coapClients.get(name)?.history() ?? [],
      (name, spec) => void this.request(name, spec),
    );
  }

  // ─── plumbing ────────────────────────────────────────────────────────────

  /**
   * Sends what a client produced: replies (ACK, RST) go back to `replyTo`, who sent the message
   * it handled; retransmissions go where the request first went.
   */
  private clientOutput(
    client: SimCoapClient,
    out: { send: CoapMessage[]; events: WorldEvent[] },
    replyTo?: Endpoint,
  ): void {
    let attempts: Map<number, number> | undefined;
    for (const e of out.events) {
      this.note(e);
      if (e.kind === 'client-retransmission') (attempts ??= new Map()).set(e.messageId, e.attempt);
    }
    for (const m of out.send)
      this.transmit(
        client,
        m,
        replyTo ?? client.targetFor(m.messageId),
        attempts?.get(m.messageId),
      );
  }

  private transmit(client: SimCoapClient, m: CoapMessage, to?: Endpoint, attempt?: number): void {
    if (to && endpointKey(to) !== endpointKey(GATEWAY_ENDPOINT)) {
      // To a real server: no virtual network in between, the relay sends it for real.
      const bytes = encode(m);
      this.outbound.push({ to, bytes });
      this.scribe.server(
        {
          at: this.now,
          from: client.endpoint,
          to,
          sender: client.name,
          bytes,
          fate: 'external',
          summary: summarizeMessage(m),
        },
        true,
      );
      return;
    }
    this.transmitBytes(client, encode(m), attempt);
  }

  private transmitBytes(client: SimCoapClient, bytes: Uint8Array, attempt?: number): void {
    const sent = this.network.send(
      client.endpoint,
      GATEWAY_ENDPOINT,
      bytes,
      this.now,
      this.link(client.name),
      this.journal.next,
    );
    this.scribe.toGateway(
      {
        at: this.now,
        from: client.endpoint,
        to: GATEWAY_ENDPOINT,
        sender: client.name,
        bytes,
        fate: sent.fate,
        arrivesAt: later(sent.arrivesAt, this.now),
        summary: summarizeBytes(bytes),
      },
      attempt,
    );
  }

  /** Puts what one call into the gateway produced on its way, and has it journaled. */
  private absorb(r: StepResult, cause?: StepCause): void {
    this.scribe.gatewayStep(
      r,
      this.now,
      cause,
      (d) => {
        const client = this.byEndpoint.get(endpointKey(d.to));
        if (!client) {
          this.external.push({ to: d.to, bytes: d.bytes });
          return { fate: 'external' };
        }
        const link = this.link(client.name);
        const sent = this.network.send(
          GATEWAY_ENDPOINT,
          d.to,
          d.bytes,
          this.now,
          link,
          this.journal.next,
        );
        return { fate: sent.fate, arrivesAt: later(sent.arrivesAt, this.now) };
      },
      (d) => summarizeMessage(d.message),
    );
    for (const d of r.deliveries) this.deliverMqtt(d, cause?.seq);
    for (const f of this.gateway.takeFinished()) {
      const done = this.calls.get(f.id);
      this.calls.delete(f.id);
      done?.(f.outcome);
    }
  }

  private deliverMqtt(d: Delivery, publish?: number): void {
    const c = this.mqttClients.get(d.subscriber.clientId);
    if (!c) return;
    const m = c.receive(d, this.now);
    this.note(
      {
        kind: 'mqtt-received',
        client: c.clientId,
        topic: d.message.topic,
        qos: m.qos,
        retain: m.retain,
        payload: decodeString(d.message.payload),
      },
      publish === undefined ? undefined : { seq: publish, kind: 'publish' },
    );
  }

  private note(event: WorldEvent, cause?: EntryCause): JournalEntry {
    return this.scribe.note(this.now, event, cause);
  }
}
