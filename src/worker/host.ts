import { Broker } from '../broker';
import {
  configToQuery,
  endpointKey,
  makeConfig,
  parseBrokerUrl,
  parseConfigQuery,
  summarize,
} from '../gateway';
import type { Endpoint, GatewayConfig } from '../gateway';
import { World, VirtualClock, CLOCK_RATES } from '../sim';
import type { ExternalDatagram, JournalEntry } from '../sim';
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
import { compareModes } from './compare';
import type { Comparison } from './compare';
import type { Scenario } from './scenario';
import { decodeString, toHex } from '../coap';
import { RemoteBroker } from './remote-broker';
import type { IncomingMessage } from './remote-broker';
import { describeLinkEvent } from './broker-link';
import type { BrokerLinkEntry, BrokerLinkEvent, BrokerView } from './broker-link';
import { importCapture } from './capture-import';
import type { CaptureSummary, DatagramEntry } from './capture-import';
import {
  decodeScenarioParam,
  encodeScenarioParam,
  parseScenarioJson,
  scenarioToJson,
} from './scenario-codec';
import type { ScenarioParse } from './scenario-codec';

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
const BUSY_INTERVAL = 50;
/**
 * While real peers are talking (datagrams from the relay since the last batch), batches go at
 * most every REAL_INTERVAL ms: each one costs the page a render, and on a small machine that
 * render competes for the CPU with this worker and the relay, adding latency for the real
 * client. Ten updates a second still look live; the simulated world alone keeps ~60.
 */
const REAL_INTERVAL = 100;
/**
 * A flood from real peers (a busy batch while they talk): the page gets the newest
 * REAL_FLOOD_BATCH entries every REAL_FLOOD_INTERVAL ms and the rest are counted as skipped
 * (the journal keeps them; the page can fetch them). Nobody reads thousands of packets a second
 * as they pass, but the real clients would wait for every one the page had to index.
 */
const REAL_FLOOD_INTERVAL = 250;
const REAL_FLOOD_BATCH = 500;
/**
 * A burst larger than a batch (a clock jump, a script, a flood from the simulated clients) goes
 * to the page over the next batches, up to this many batches' worth; past that (a flood the page
 * could never catch up with) the oldest are skipped, so the log stays close to the world.
 */
const BACKLOG_BATCHES = 10;
/**
 * Most entries in one message to the page. A batch larger than this (a backlog, a capture) goes
 * as several messages, each a task of its own there: the page deserializes a message at once and
 * indexes up to its INGEST_SLICE (ui/state/store.ts, also 500) in the same task, and 2,000
 * entries in one message made tasks of 33–41 ms of CPU in bench:ui traces.
 */
const MESSAGE_ENTRIES = 500;

/**
 * The batch as the page is sent it: every datagram's bytes copied into one buffer (each entry a
 * view of its part), and one endpoint object per distinct address in the batch. Structured clone
 * (postMessage) copies a shared object once, so the page gets one ArrayBuffer per message instead
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
  /** `outbound`: what the relay's destination allowlist admits, when it can send to real servers. */
  | {
      state: 'attached';
      coap: Endpoint;
      url: string;
      outbound?: string[];
      /** This page took the UDP port back when that page, which had taken it over, went away. */
      takenBackFrom?: string;
    }
  /** A newer page has the UDP port; `waiting`: this page takes it back when that page goes. */
  | { state: 'taken-over'; by: string; waiting: boolean }
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
  /** When (real ms) the pending wake-up fires. */
  private wakeDue = 0;
  private flushTimer: unknown;
  private lastFlush = -Infinity;
  private lastBatchSize = 0;
  /** Real peers' datagrams arrived since the last batch. */
  private realSinceFlush = false;
  /** The last batch was cut short by a flood from real peers. */
  private realFlood = false;
  private skipped = 0;
  /** Entries drained from the journal and not yet sent (see BACKLOG_BATCHES). */
  private backlog: JournalEntry[] = [];
  private closed: WorldSnapshot['closed'] = [];
  private relaySink: ((datagrams: ExternalDatagram[]) => void) | undefined;
  private relayLocal: Endpoint | undefined;
  private outboundSink: ((datagrams: ExternalDatagram[]) => void) | undefined;
  relay: RelayState = { state: 'none' };
  private readonly batchInterval: number;
  private readonly maxBatch: number;
  /** The real MQTT broker's URL (`broker` setting); empty: the built-in broker model. */
  private brokerUrl = '';
  private remote: RemoteBroker | undefined;
  private brokerEvents: BrokerLinkEntry[] = [];
  /** The seed of the current world (drawn when none was given, so every world can be shared). */
  private seed = 0;
  /** What was done to the current world since it started: the scenario "Share" exports. */
  private recording: Scenario = { version: 1, seed: 0, settings: '', steps: [] };
  /** Real peers' datagrams reached this world: a scenario cannot replay them. */
  private hadExternal = false;
  /** An imported capture the packet views show instead of the live world's journal. */
  private imported:
    { summary: CaptureSummary; entries: DatagramEntry[]; sent: number; t0: number } | undefined;

  constructor(
    private readonly env: HostEnvironment,
    private options: HostOptions = {},
  ) {
    this.batchInterval = options.batchInterval ?? 16;
    this.maxBatch = options.maxBatch ?? 2000;
    this.world = this.makeWorld(options.config, options.seed);
    this.clock = new VirtualClock(env.realNow(), 1);
  }

  /** Opens a pcap/pcapng file: the packet views switch to its CoAP datagrams. */
  async importCapture(
    bytes: Uint8Array,
    name: string,
  ): Promise<{ ok: true; summary: CaptureSummary } | { ok: false; error: string }> {
    const r = importCapture(bytes, name);
    if (!r.ok) return r;
    this.imported = {
      summary: r.summary,
      entries: r.entries,
      sent: 0,
      t0: r.summary.startedAt ?? 0,
    };
    this.newGeneration();
    this.version++;
    this.requestFlush();
    return { ok: true, summary: r.summary };
  }

  /** Back from an imported capture to the live world, whose journal the page gets afresh. */
  async closeCapture(): Promise<void> {
    if (!this.imported) return;
    this.imported = undefined;
    this.newGeneration();
    this.version++;
    this.world.journal.rewind();
    this.catchUp();
  }

  /** The current world's scenario, as JSON and as a URL parameter value. */
  async shareScenario(): Promise<{
    scenario: Scenario;
    json: string;
    param: string;
    notices: string[];
  }> {
    this.catchUp();
    const scenario: Scenario = { ...this.recording, until: this.world.now };
    const notices = this.hadExternal
      ? [
          "real peers' datagrams (through the relay) are not part of a scenario: only what you did is",
        ]
      : [];
    return {
      scenario,
      json: scenarioToJson(scenario),
      param: await encodeScenarioParam(scenario),
      notices,
    };
  }

  /**
   * Rebuilds a shared scenario (JSON text, or a URL parameter value): a fresh world with its seed
   * and settings, every step applied at its virtual time, on to the moment it was shared; the
   * clock is then paused there. A bad
   * scenario changes nothing.
   */
  async openScenario(text: string, form: 'json' | 'param'): Promise<IntentResult> {
    const parsed: ScenarioParse =
      form === 'json' ? parseScenarioJson(text) : await decodeScenarioParam(text);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    return this.replay(parsed.scenario);
  }

  /** Replays a scenario synchronously on virtual time (see openScenario). */
  replay(s: Scenario): IntentResult {
    const { patch, notices } = parseConfigQuery(s.settings);
    this.imported = undefined;
    this.perform({ type: 'reset', config: patch, seed: s.seed });
    let failed = 0;
    for (const [i, step] of s.steps.entries()) {
      this.world.advance(step.at);
      const intent = step.intent;
      let r: IntentResult;
      try {
        if (intent.type === 'clock-step') {
          const next = this.world.nextDeadline();
          if (next !== undefined) this.world.advance(next);
          r = { ok: true };
        } else if (intent.type === 'clock-advance') {
          this.world.advance(this.world.now + Math.max(0, intent.ms));
          r = { ok: true };
        } else if (intent.type === 'clock-rate') r = { ok: true };
        else r = this.perform(intent);
      } catch (e) {
        r = { ok: false, error: e instanceof Error ? e.message : String(e) };
      }
      if (r.ok) this.record(step.at, intent);
      else if (failed++ < 5) notices.push(`step ${i + 1} (${intent.type}) failed: ${r.error}`);
    }
    if (failed > 5) notices.push(`${failed - 5} more steps failed`);
    if (s.until !== undefined) this.world.advance(s.until);
    this.clock = new VirtualClock(this.env.realNow(), 0);
    this.clock.jumpTo(this.world.now, this.env.realNow());
    this.version++;
    this.catchUp();
    return {
      ok: true,
      detail: `replayed ${s.steps.length} steps to ${this.world.now} ms; the clock is paused`,
      notices,
    };
  }

  private record(at: number, intent: Intent): void {
    if (intent.type === 'reset' || intent.type === 'load-settings') return;
    this.recording.steps.push({ at, intent });
  }

  async connect(onBatch: (batch: JournalBatch) => void): Promise<void> {
    this.listener = onBatch;
    this.flush();
  }

  async dispatch(intent: Intent): Promise<IntentResult> {
    return this.apply(intent);
  }

  /** Intents one after another, as `dispatch` each would (one message for many: a flood, a script). */
  async dispatchAll(intents: readonly Intent[]): Promise<IntentResult[]> {
    return intents.map((intent) => this.apply(intent));
  }

  private apply(intent: Intent): IntentResult {
    if (this.imported && intent.type !== 'clock-rate')
      return {
        ok: false,
        error: `the packet views show the imported capture ${this.imported.summary.name}: go back to the live world first`,
      };
    this.catchUp();
    let result: IntentResult;
    const at = this.world.now;
    try {
      result = this.perform(intent);
    } catch (e) {
      result = { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    if (result.ok) this.record(at, intent);
    this.version++;
    this.catchUp();
    return result;
  }

  async snapshot(): Promise<WorldSnapshot> {
    this.catchUp();
    return this.buildSnapshot();
  }

  async journal(from: number, limit: number): Promise<JournalEntry[]> {
    if (this.imported) return this.imported.entries.filter((e) => e.seq >= from).slice(0, limit);
    return this.world.journal.since(from, limit);
  }

  async exportCapture(epochAtZero: number): Promise<Uint8Array> {
    const packets: CaptureDatagram[] = [];
    // An imported capture exports as itself: its own times, not the page's.
    const entries = this.imported ? this.imported.entries : this.world.journal.since(0);
    if (this.imported) epochAtZero = this.imported.t0;
    for (const e of entries) {
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

  /** Side by side: `scenario` in two fresh headless worlds, connection mode and connectionless. */
  async compareModes(scenario: Scenario): Promise<Comparison> {
    return compareModes(scenario, (env, seed) => new PlaygroundHost(env, { seed }));
  }

  /**
   * The relay link attached: real peers' datagrams will come in through `receiveExternal` and
   * the world's answers to them go to `sink`. Real peers live in real time, so the clock goes
   * to ×1 (the user may change it again; the page then warns).
   */
  attachRelay(
    sink: (datagrams: ExternalDatagram[]) => void,
    coap: Endpoint,
    url: string,
    takenBackFrom?: string,
  ): void {
    this.relaySink = sink;
    this.relayLocal = coap;
    this.setRelayState({
      state: 'attached',
      coap,
      url,
      ...(takenBackFrom ? { takenBackFrom } : {}),
    });
    if (takenBackFrom) {
      this.catchUp();
      this.world.journal.append({
        at: this.world.now,
        kind: 'world',
        event: {
          kind: 'note',
          text: `the relay's UDP port is back in this page: ${takenBackFrom}, which had taken it over, went away`,
        },
      });
    }
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

  /**
   * The relay can also send simulated clients' requests to real CoAP servers (those its
   * allowlist admits, described by `allow`): they go to `sink`.
   */
  attachOutbound(sink: (datagrams: ExternalDatagram[]) => void, allow: string[]): void {
    this.outboundSink = sink;
    if (this.relay.state === 'attached') this.setRelayState({ ...this.relay, outbound: allow });
  }

  /** Answers from real servers, through the relay. */
  receiveFromServers(datagrams: ReadonlyArray<{ peer: Endpoint; bytes: Uint8Array }>): void {
    this.catchUp();
    for (const d of datagrams) this.world.receiveFromServer(d.bytes, d.peer);
    this.version++;
    this.sendExternal();
    this.requestFlush();
  }

  /** The relay would not send to `dest`. */
  outboundRefused(dest: Endpoint, reason: string): void {
    this.catchUp();
    this.world.outboundRefused(dest, reason);
    this.version++;
    this.requestFlush();
  }

  setRelayState(state: RelayState): void {
    if (state.state !== 'attached') {
      this.relaySink = undefined;
      this.outboundSink = undefined;
    }
    this.relay = state;
    this.version++;
    this.requestFlush();
  }

  /** Datagrams from real peers, through the relay. */
  receiveExternal(datagrams: ReadonlyArray<{ peer: Endpoint; bytes: Uint8Array }>): void {
    // Before catchUp: it may arrange the next batch, whose pace depends on this.
    if (datagrams.length) this.hadExternal = this.realSinceFlush = true;
    this.catchUp();
    for (const d of datagrams) this.world.receiveExternal(d.bytes, d.peer, this.relayLocal);
    this.version++;
    this.sendExternal();
    this.requestFlush();
  }

  private sendExternal(): void {
    const out = this.world.takeExternal();
    if (out.length && this.relaySink) this.relaySink(out);
    const toServers = this.world.takeOutbound();
    if (toServers.length) {
      if (this.outboundSink) this.outboundSink(toServers);
      else
        for (const d of toServers)
          this.world.outboundRefused(
            d.to,
            'the relay is gone: no request leaves the page without it',
          );
    }
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
        if (intent.target && !this.outboundSink)
          return {
            ok: false,
            error:
              this.relay.state === 'attached'
                ? 'this relay cannot send to real servers: restart it (`npm start`) from this version'
                : 'sending to a real CoAP server needs the relay: run `npm start` and open the page it serves',
          };
        const r = w.request(intent.client, intent.spec, intent.target);
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
        const broker = parseBrokerUrl(new URLSearchParams(intent.query).get('broker') ?? '');
        if (!broker.ok) notices.push(broker.error);
        this.useBroker(broker.ok ? broker.url : '');
        const r = this.perform({
          type: 'reset',
          config: patch,
          seed: seed !== null && /^\d+$/.test(seed) ? Number(seed) : undefined,
        });
        this.realTimeForBroker();
        return r.ok ? { ok: true, notices } : r;
      }
      case 'set-broker': {
        const broker = parseBrokerUrl(intent.url);
        if (!broker.ok) return { ok: false, error: broker.error };
        this.useBroker(broker.url);
        const r = this.perform({ type: 'reset' });
        this.realTimeForBroker();
        return r;
      }
      case 'reset': {
        this.options = {
          ...this.options,
          config: intent.config ?? this.options.config,
          seed: intent.seed ?? this.options.seed,
        };
        this.world = this.makeWorld(this.options.config, this.options.seed);
        this.newGeneration();
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
    const next = this.world.nextDeadline();
    const realNow = this.env.realNow();
    const delay = next === undefined ? undefined : this.clock.realDelayUntil(next, realNow);
    // Timers are coarse; never sleep longer than a second so rate changes show promptly.
    const due = delay === undefined ? Infinity : realNow + Math.min(1000, Math.max(0, delay));
    // A pending wake-up no later than needed stays: waking early only catches up and schedules
    // again, while re-arming on every datagram from a busy real peer costs two timer calls each.
    if (this.wake !== undefined && this.wakeDue <= due) return;
    if (this.wake !== undefined) this.env.clearTimer(this.wake);
    this.wake = undefined;
    if (due === Infinity) return;
    this.wakeDue = due;
    this.wake = this.env.setTimer(() => {
      this.wake = undefined;
      this.catchUp();
    }, due - realNow);
  }

  private requestFlush(): void {
    if (this.flushTimer !== undefined || !this.listener) return;
    // Under heavy traffic the page gets fewer, larger batches: each batch costs it a render
    // whatever its size, and a busy page steals CPU from this worker on a small machine.
    const interval = this.realFlood
      ? REAL_FLOOD_INTERVAL
      : this.lastBatchSize > BUSY_BATCH
        ? BUSY_INTERVAL
        : this.realSinceFlush
          ? Math.max(REAL_INTERVAL, this.batchInterval)
          : this.batchInterval;
    const wait = Math.max(0, this.lastFlush + interval - this.env.realNow());
    this.flushTimer = this.env.setTimer(() => {
      this.flushTimer = undefined;
      this.flush();
    }, wait);
  }

  private flush(): void {
    if (!this.listener) return;
    if (this.imported) {
      // An imported capture goes to the page in chunks of maxBatch, none skipped.
      const im = this.imported;
      const entries = im.entries.slice(im.sent, im.sent + this.maxBatch);
      im.sent += entries.length;
      this.lastFlush = this.env.realNow();
      this.send(entries, { now: entries.at(-1)?.at ?? 0, rate: 0, realAt: this.env.realNow() }, 0);
      if (im.sent < im.entries.length) this.requestFlush();
      return;
    }
    const drained = this.world.journal.drain();
    for (const e of drained) {
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
    this.realFlood = this.realSinceFlush && drained.length > BUSY_BATCH;
    const cap = this.realFlood ? Math.min(REAL_FLOOD_BATCH, this.maxBatch) : this.maxBatch;
    // A flood from real peers: only the newest (the real clients wait for the page otherwise).
    const keep = this.realFlood ? cap : cap * BACKLOG_BATCHES;
    let entries = this.backlog.length ? this.backlog.concat(drained) : drained;
    if (entries.length > keep) {
      this.skipped += entries.length - keep;
      entries = entries.slice(entries.length - keep);
    }
    this.backlog = entries.length > cap ? entries.slice(cap) : [];
    if (entries.length > cap) entries = entries.slice(0, cap);
    this.lastFlush = this.env.realNow();
    this.lastBatchSize = entries.length;
    this.realSinceFlush = false;
    this.send(entries, this.clockState(), this.skipped);
    if (this.backlog.length) this.requestFlush();
  }

  /** Sends a batch to the page, in messages of at most MESSAGE_ENTRIES entries. */
  private send(entries: JournalEntry[], clock: ClockState, skipped: number): void {
    const listener = this.listener;
    if (!listener) return;
    let from = 0;
    do {
      const part =
        entries.length > MESSAGE_ENTRIES ? entries.slice(from, from + MESSAGE_ENTRIES) : entries;
      from += MESSAGE_ENTRIES;
      listener({
        entries: packBatch(part),
        clock,
        version: this.version,
        skipped,
        generation: this.generation,
      });
    } while (from < entries.length);
  }

  /** A new world or journal for the page: what was waiting for the old one is not sent. */
  private newGeneration(): void {
    this.generation++;
    this.backlog = [];
  }

  private makeWorld(config: Partial<GatewayConfig> | undefined, seed: number | undefined): World {
    // A new world starts with no subscribers: the link stays, its subscriptions go.
    this.remote?.clear();
    // Always seeded, so that whatever the user does can be shared and replayed.
    this.seed = seed ?? Math.floor(Math.random() * 2 ** 32);
    this.hadExternal = false;
    const world = new World({
      config,
      seed: this.seed,
      journalCapacity: this.options.journalCapacity,
      broker: this.remote,
    });
    this.recording = {
      version: 1,
      seed: this.seed,
      settings: configToQuery(world.gateway.config),
      steps: [],
    };
    return world;
  }

  /**
   * Chooses the broker for the next world: '' is the built-in model, else a real broker's
   * WebSocket URL. The link to a real broker is kept across resets while the URL stays the same.
   * A real broker's subscribers live in real time, so the clock goes to ×1.
   */
  private useBroker(url: string): void {
    if (url === this.brokerUrl) return;
    this.remote?.stop();
    this.remote = undefined;
    this.brokerUrl = url;
    this.brokerEvents = [];
    if (!url) return;
    const remote: RemoteBroker = new RemoteBroker({
      url,
      onState: () => {
        if (this.remote !== remote) return;
        this.version++;
        this.requestFlush();
      },
      onEvent: (event) => this.brokerEvent(remote, event),
      onMessage: (m) => this.brokerMessage(remote, m),
    });
    this.remote = remote;
    remote.start();
  }

  /** A real broker's clients live in real time: the clock goes to ×1 (in the new world's journal). */
  private realTimeForBroker(): void {
    if (!this.remote || this.clock.rate === 1) return;
    this.clock.setRate(1, this.env.realNow());
    this.note(
      'a real MQTT broker is attached: its clients live in real time, so the clock now runs at ×1',
    );
  }

  private note(text: string): void {
    this.world.journal.append({ at: this.world.now, kind: 'world', event: { kind: 'note', text } });
  }

  private brokerEvent(remote: RemoteBroker, event: BrokerLinkEvent): void {
    if (this.remote !== remote) return;
    this.catchUp();
    const text = describeLinkEvent(event);
    this.brokerEvents.unshift({ at: this.env.realNow(), kind: event.kind, text });
    if (this.brokerEvents.length > 20) this.brokerEvents.pop();
    this.world.journal.append({
      at: this.world.now,
      kind: 'world',
      event: { kind: 'broker-link', what: event.kind, text },
    });
    this.version++;
    this.requestFlush();
  }

  /** A message from the real broker reaches the world's subscribers now, as a publish would. */
  private brokerMessage(remote: RemoteBroker, m: IncomingMessage): void {
    if (this.remote !== remote) return;
    this.catchUp();
    const deliveries = remote.route(m, this.world.now);
    this.world.journal.append({
      at: this.world.now,
      kind: 'world',
      event: {
        kind: 'broker-message',
        topic: m.topic,
        qos: m.qos,
        retain: m.retain,
        payload: decodeString(m.payload),
        deliveries: deliveries.length,
      },
    });
    this.world.deliver(deliveries);
    this.version++;
    this.catchUp();
  }

  private brokerView(): BrokerView {
    const r = this.remote;
    if (!r) return { backend: 'built-in' };
    return {
      backend: 'remote',
      url: r.url,
      link: r.state,
      stats: { ...r.stats },
      events: this.brokerEvents.slice(0, 10),
    };
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
      configQuery: this.brokerUrl
        ? `${configToQuery(g.config)}&${new URLSearchParams({ broker: this.brokerUrl })}`
        : configToQuery(g.config),
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
      broker: this.brokerView(),
      capture: this.imported?.summary,
      seed: this.seed,
    };
  }
}
