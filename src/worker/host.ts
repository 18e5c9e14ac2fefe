import { Broker } from '../broker';
import { configToQuery, endpointKey, makeConfig, parseConfigQuery, summarize } from '../gateway';
import type { Endpoint, GatewayConfig } from '../gateway';
import { World, VirtualClock, CLOCK_RATES } from '../sim';
import type { ExternalDatagram, JournalEntry } from '../sim';
import type { Peer } from '../relay/frames';
import { writePcapng } from '../capture';
import type { CaptureDatagram } from '../capture';
import type {
  ChannelView,
  ClockState,
  Intent,
  IntentResult,
  JournalBatch,
  PlaygroundApi,
  WorldSnapshot,
} from './api';
import { toHex } from '../coap';

/** What the host needs from its environment: real time and timers (a Worker, or a test). */
export interface HostEnvironment {
  realNow(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export interface HostOptions {
  config?: Partial<GatewayConfig>;
  seed?: number;
  journalCapacity?: number;
  /** Minimum real ms between two journal batches. Default 16 (~60 a second). */
  batchInterval?: number;
  /** Most entries in one batch; the rest are skipped and counted (the page can fetch them). */
  maxBatch?: number;
}

const CLOSED_HISTORY = 100;
/** A batch larger than this means heavy traffic: the next one waits BUSY_INTERVAL ms. */
const BUSY_BATCH = 200;
const BUSY_INTERVAL = 100;

/**
 * The batch as the page is sent it: every datagram's bytes copied into one buffer (each entry a
 * view of its part), and one endpoint object per distinct address in the batch. Structured clone
 * (postMessage) copies a shared object once, so the page gets one ArrayBuffer per batch instead
 * of one per datagram, and one object per peer instead of two per datagram: cheaper to clone
 * here, fewer objects for the page's GC there. The journal's own entries are left as they are.
 */
export function packBatch(entries: JournalEntry[]): JournalEntry[] {
  let size = 0;
  for (const e of entries) if (e.kind === 'datagram') size += e.bytes.length;
  if (size === 0) return entries;
  const buffer = new Uint8Array(size);
  const endpoints = new Map<string, Endpoint>();
  const endpoint = (p: Endpoint): Endpoint => {
    const key = endpointKey(p);
    const known = endpoints.get(key);
    if (known) return known;
    endpoints.set(key, p);
    return p;
  };
  let offset = 0;
  const out: JournalEntry[] = new Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.kind !== 'datagram') {
      out[i] = e;
      continue;
    }
    buffer.set(e.bytes, offset);
    out[i] = {
      ...e,
      from: endpoint(e.from),
      to: endpoint(e.to),
      bytes: buffer.subarray(offset, offset + e.bytes.length),
    };
    offset += e.bytes.length;
  }
  return out;
}

/** The relay link's state, as the page shows it. */
export type RelayState =
  | { state: 'none' }
  | { state: 'connecting'; attempt: number }
  | { state: 'attached'; coap: Peer; url: string }
  | { state: 'taken-over'; by: string }
  | { state: 'unavailable'; retryIn: number; reason: string };

/**
 * Owns one world and runs it against real time through a virtual clock: it advances the world
 * to the clock's now after every intent and at every deadline, and streams the journal to the
 * page in batches, at most one per `batchInterval`, however fast entries arrive.
 */
export class PlaygroundHost implements PlaygroundApi {
  private world: World;
  private clock: VirtualClock;
  private version = 1;
  private generation = 1;
  private listener: ((batch: JournalBatch) => void) | undefined;
  private wake: unknown;
  private flushTimer: unknown;
  private lastFlush = -Infinity;
  private lastBatchSize = 0;
  private skipped = 0;
  private closed: WorldSnapshot['closed'] = [];
  private relaySink: ((datagrams: ExternalDatagram[]) => void) | undefined;
  private relayLocal: Peer | undefined;
  relay: RelayState = { state: 'none' };
  private readonly batchInterval: number;
  private readonly maxBatch: number;

  constructor(
    private readonly env: HostEnvironment,
    private options: HostOptions = {},
  ) {
    this.batchInterval = options.batchInterval ?? 16;
    this.maxBatch = options.maxBatch ?? 2000;
    this.world = this.makeWorld(options.config, options.seed);
    this.clock = new VirtualClock(env.realNow(), 1);
  }

  async connect(onBatch: (batch: JournalBatch) => void): Promise<void> {
    this.listener = onBatch;
    this.flush();
  }

  async dispatch(intent: Intent): Promise<IntentResult> {
    this.catchUp();
    let result: IntentResult;
    try {
      result = this.perform(intent);
    } catch (e) {
      result = { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    this.version++;
    this.catchUp();
    return result;
  }

  async snapshot(): Promise<WorldSnapshot> {
    this.catchUp();
    return this.buildSnapshot();
  }

  async journal(from: number, limit: number): Promise<JournalEntry[]> {
    return this.world.journal.since(from, limit);
  }

  async exportCapture(epochAtZero: number): Promise<Uint8Array> {
    const packets: CaptureDatagram[] = [];
    for (const e of this.world.journal.since(0)) {
      if (e.kind !== 'datagram') continue;
      const comment =
        e.fate === 'lost'
          ? 'lost on the virtual network: it never arrived'
          : e.fate === 'duplicated'
            ? 'duplicated by the virtual network: it arrived twice'
            : undefined;
      packets.push({
        timeMs: epochAtZero + e.at,
        src: e.from,
        dst: e.to,
        payload: e.bytes,
        comment,
      });
    }
    return writePcapng(packets);
  }

  /**
   * The relay link attached: real peers' datagrams will come in through `receiveExternal` and
   * the world's answers to them go to `sink`. Real peers live in real time, so the clock goes
   * to ×1 (the user may change it again; the page then warns).
   */
  attachRelay(sink: (datagrams: ExternalDatagram[]) => void, coap: Peer, url: string): void {
    this.relaySink = sink;
    this.relayLocal = coap;
    this.setRelayState({ state: 'attached', coap, url });
    if (this.clock.rate !== 1) {
      this.clock.setRate(1, this.env.realNow());
      this.world.journal.append({
        at: this.world.now,
        kind: 'world',
        event: {
          kind: 'note',
          text: 'a relay attached: real peers live in real time, so the clock now runs at ×1',
        },
      });
    }
    this.catchUp();
  }

  setRelayState(state: RelayState): void {
    if (state.state !== 'attached') this.relaySink = undefined;
    this.relay = state;
    this.version++;
    this.requestFlush();
  }

  /** Datagrams from real peers, through the relay. */
  receiveExternal(datagrams: ReadonlyArray<{ peer: Peer; bytes: Uint8Array }>): void {
    this.catchUp();
    for (const d of datagrams) this.world.receiveExternal(d.bytes, d.peer, this.relayLocal);
    this.version++;
    this.sendExternal();
    this.requestFlush();
  }

  private sendExternal(): void {
    const out = this.world.takeExternal();
    if (out.length && this.relaySink) this.relaySink(out);
  }

  /** For tests and the relay: the world itself. */
  get current(): World {
    return this.world;
  }

  clockState(): ClockState {
    const realAt = this.env.realNow();
    return {
      now: this.clock.now(realAt),
      rate: this.clock.rate,
      realAt,
      nextDeadline: this.world.nextDeadline(),
    };
  }

  private perform(intent: Intent): IntentResult {
    const w = this.world;
    switch (intent.type) {
      case 'add-coap-client': {
        const c = w.addCoapClient(intent.name || undefined);
        return { ok: true, detail: c.name };
      }
      case 'add-mqtt-client':
        w.addMqttClient(intent.clientId);
        return { ok: true, detail: intent.clientId };
      case 'remove-client':
        w.removeClient(intent.name);
        return { ok: true };
      case 'send': {
        const r = w.request(intent.client, intent.spec);
        return r.ok ? { ok: true, detail: r.exchange.token } : r;
      }
      case 'send-raw':
        return w.sendRaw(intent.client, intent.bytes);
      case 'mqtt-subscribe': {
        const r = w.mqttSubscribe(intent.client, intent.filter, intent.options);
        return r.ok ? { ok: true } : { ok: false, error: r.error };
      }
      case 'mqtt-unsubscribe':
        return w.mqttUnsubscribe(intent.client, intent.filter)
          ? { ok: true }
          : { ok: false, error: `${intent.client} has no subscription to ${intent.filter}` };
      case 'mqtt-publish': {
        const r = w.mqttPublish(intent.client, {
          topic: intent.topic,
          payload: intent.payload,
          qos: intent.qos,
          retain: intent.retain,
          expiryInterval: intent.expiryInterval,
        });
        return r.ok
          ? { ok: true, detail: `${r.deliveries.length} deliveries` }
          : { ok: false, error: r.error };
      }
      case 'set-link':
        w.setLink(intent.client, intent.link);
        return { ok: true };
      case 'configure':
        w.configure(intent.patch);
        this.options = { ...this.options, config: { ...this.options.config, ...intent.patch } };
        return { ok: true };
      case 'clock-rate':
        if (!CLOCK_RATES.includes(intent.rate))
          return { ok: false, error: `rate must be one of ${CLOCK_RATES.join(', ')}` };
        this.clock.setRate(intent.rate, this.env.realNow());
        return { ok: true };
      case 'clock-step': {
        const next = w.nextDeadline();
        if (next === undefined)
          return { ok: false, error: 'nothing is scheduled: no deadline to step to' };
        this.clock.jumpTo(next, this.env.realNow());
        return { ok: true, detail: `stepped to ${next} ms` };
      }
      case 'clock-advance': {
        if (!(intent.ms > 0))
          return { ok: false, error: 'advance by a positive number of milliseconds' };
        this.clock.jumpTo(this.clock.now(this.env.realNow()) + intent.ms, this.env.realNow());
        return { ok: true };
      }
      case 'load-settings': {
        const { patch, notices } = parseConfigQuery(intent.query);
        const seed = new URLSearchParams(intent.query).get('seed');
        const r = this.perform({
          type: 'reset',
          config: patch,
          seed: seed !== null && /^\d+$/.test(seed) ? Number(seed) : undefined,
        });
        return r.ok ? { ok: true, notices } : r;
      }
      case 'reset': {
        this.options = {
          ...this.options,
          config: intent.config ?? this.options.config,
          seed: intent.seed ?? this.options.seed,
        };
        this.world = this.makeWorld(this.options.config, this.options.seed);
        this.generation++;
        this.clock = new VirtualClock(this.env.realNow(), this.clock.rate);
        this.closed = [];
        return { ok: true };
      }
    }
  }

  /** Advances the world to the clock's now, then arranges the next wake-up and journal flush. */
  private catchUp(): void {
    const now = this.clock.now(this.env.realNow());
    const before = this.world.journal.next;
    this.world.advance(now);
    if (this.world.journal.next !== before) this.version++;
    this.sendExternal();
    this.schedule();
    this.requestFlush();
  }

  private schedule(): void {
    if (this.wake !== undefined) this.env.clearTimer(this.wake);
    this.wake = undefined;
    const next = this.world.nextDeadline();
    if (next === undefined) return;
    const delay = this.clock.realDelayUntil(next, this.env.realNow());
    if (delay === undefined) return;
    // Timers are coarse; never sleep longer than a second so rate changes show promptly.
    this.wake = this.env.setTimer(
      () => {
        this.wake = undefined;
        this.catchUp();
      },
      Math.min(1000, Math.max(0, delay)),
    );
  }

  private requestFlush(): void {
    if (this.flushTimer !== undefined || !this.listener) return;
    // Under heavy traffic the page gets fewer, larger batches: each batch costs it a render
    // whatever its size, and a busy page steals CPU from this worker on a small machine.
    const interval = this.lastBatchSize > BUSY_BATCH ? BUSY_INTERVAL : this.batchInterval;
    const wait = Math.max(0, this.lastFlush + interval - this.env.realNow());
    this.flushTimer = this.env.setTimer(() => {
      this.flushTimer = undefined;
      this.flush();
    }, wait);
  }

  private flush(): void {
    if (!this.listener) return;
    let entries = this.world.journal.drain();
    for (const e of entries) {
      if (e.kind === 'gateway' && e.event.kind === 'channel-closed') {
        const ev = e.event;
        this.closed.unshift({
          channel: ev.channel,
          clientId: ev.clientId,
          reason: ev.reason,
          detail: ev.detail,
          at: e.at,
        });
        if (this.closed.length > CLOSED_HISTORY) this.closed.pop();
      }
    }
    if (entries.length > this.maxBatch) {
      this.skipped += entries.length - this.maxBatch;
      entries = entries.slice(entries.length - this.maxBatch);
    }
    this.lastFlush = this.env.realNow();
    this.lastBatchSize = entries.length;
    this.listener({
      entries: packBatch(entries),
      clock: this.clockState(),
      version: this.version,
      skipped: this.skipped,
      generation: this.generation,
    });
  }

  private makeWorld(config: Partial<GatewayConfig> | undefined, seed: number | undefined): World {
    return new World({ config, seed, journalCapacity: this.options.journalCapacity });
  }

  private buildSnapshot(): WorldSnapshot {
    const w = this.world;
    const g = w.gateway;
    const simByEndpoint = new Map(
      w.listCoapClients().map((c) => [endpointKey(c.endpoint), c.name]),
    );
    const channels: ChannelView[] = g.liveChannels().map((ch) => ({
      id: ch.id,
      clientId: ch.clientId,
      peer: ch.peer,
      mode: ch.mode,
      state: ch.connState,
      token: ch.token,
      username: ch.username,
      mountpoint: ch.mountpoint,
      createdAt: ch.createdAt,
      lastRecvAt: ch.lastRecvAt,
      lastRecvSummary: ch.lastRecv ? summarize(ch.lastRecv) : '',
      expiresAt: ch.expiresAt(),
      checkInterval: ch.checkInterval,
      maxIdle: ch.maxIdle,
      observes: [...ch.observes.values()].map((o) => ({
        filter: o.filter,
        topic: o.topic,
        token: toHex(o.token),
        qos: o.qos,
        seq: o.seq,
        notifications: o.notifications,
        since: o.since,
      })),
      queued: ch.queue.length,
      inflight: ch.inflight,
      notificationsSent: ch.sent,
      dropped: ch.dropped,
      simulated: simByEndpoint.has(endpointKey(ch.peer)),
      client: simByEndpoint.get(endpointKey(ch.peer)),
    }));
    const decoder = new TextDecoder();
    return {
      version: this.version,
      now: w.now,
      config: makeConfig(g.config),
      configQuery: configToQuery(g.config),
      channels,
      closed: this.closed,
      coapClients: w.listCoapClients().map((c) => ({
        name: c.name,
        endpoint: c.endpoint,
        link: w.link(c.name),
        exchanges: c.history().slice(-50),
      })),
      mqttClients: w.listMqttClients().map((c) => ({
        clientId: c.clientId,
        subscriptions: w.broker.subscriptionsOf(c.id).map((s) => ({
          filter: s.filter,
          qos: s.options.qos,
          nl: s.options.nl,
          rh: s.options.rh,
        })),
        inbox: c.inbox.slice(-50).map((m) => ({
          topic: m.topic,
          payload: decoder.decode(m.payload),
          qos: m.qos,
          retain: m.retain,
          expiryInterval: m.expiryInterval,
          at: m.receivedAt,
        })),
        dropped: c.dropped,
      })),
      subscriptions: w.broker.subscriptions().map((s) => ({
        subscriber: s.subscriber.id,
        clientId: s.subscriber.clientId,
        kind: s.subscriber.kind,
        filter: s.filter,
        qos: s.options.qos,
      })),
      retained: w.broker.retained(w.now).map((m) => ({
        topic: m.topic,
        payload: decoder.decode(m.payload),
        qos: m.qos,
        publishedAt: m.publishedAt,
        expiresIn: Broker.remainingExpiry(m, w.now),
        from: m.from,
      })),
      stats: {
        received: g.stats.received,
        sent: g.stats.sent,
        malformed: g.stats.malformed,
        journal: w.journal.size,
        inFlight: w.network.inFlight,
      },
      relay: this.relay,
      clockRate: this.clock.rate,
    };
  }
}
