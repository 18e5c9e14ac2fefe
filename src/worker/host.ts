// The host: the composition root of the worker. It owns one world and wires its rooms together:
// the driver (clock and wake-ups), the intents, the journal stream, the snapshot projection,
// scenarios, captures, the broker backend, and the relay's port.
import { configToQuery } from '../gateway';
import type { GatewayConfig } from '../gateway';
import { World, saidOf } from '../sim';
import type { ExternalDatagram, JournalEntry } from '../sim';
import type { Endpoint } from '../wire/endpoint';
import { msg } from '../wire/msg';
import type { Msg } from '../wire/msg';
import { decodeString } from '../coap';
import type {
  CaptureSummary,
  Comparison,
  Intent,
  IntentResult,
  OpenedScenario,
  JournalBatch,
  OperatorCall,
  PlaygroundApi,
  RelayState,
  Scenario,
  WorldSnapshot,
} from './api';
import { BrokerBackend } from './broker-backend';
import { Captures } from './captures';
import { compareModes } from './compare';
import { Driver } from './driver';
import type { HostEnvironment } from './driver';
import { perform } from './intents';
import type { IntentContext } from './intents';
import type { RelayPort } from './relay-link';
import { WORLD_GONE, operate } from './operator';
import type { ApiRequest, ApiSource } from './operator';
import type { ApiAnswer } from '../wire/api';
import { Recorder, parseScenario, replay } from './scenarios';
import { buildSnapshot } from './snapshot';
import { JournalStream } from './stream';
import type { StreamOptions } from './stream';

export type { HostEnvironment } from './driver';

export interface HostOptions extends StreamOptions {
  config?: Partial<GatewayConfig>;
  seed?: number;
  journalCapacity?: number;
}

export class PlaygroundHost implements PlaygroundApi, RelayPort {
  private world: World;
  /** Increases whenever the world's state may have changed: snapshots are stale below it. */
  private version = 1;
  /** The journal's next sequence number when the version was last raised for it. */
  private journalMark = 0;
  private generation = 1;
  /** The seed of the current world (drawn when none was given, so every world can be shared). */
  private seed = 0;
  relay: RelayState = { state: 'none' };
  private relaySink: ((datagrams: ExternalDatagram[]) => void) | undefined;
  private relayLocal: Endpoint | undefined;
  private outboundSink: ((datagrams: ExternalDatagram[]) => void) | undefined;
  private readonly driver: Driver;
  private readonly stream: JournalStream;
  private readonly captures = new Captures();
  /**
   * An opened scenario paused the clock where it ends (Share says so): a relay attaching after it
   * leaves the clock paused, rather than set it to ×1, until the user picks a speed.
   */
  private heldAtScenarioEnd = false;
  private readonly recorder = new Recorder();
  private readonly broker: BrokerBackend;
  private readonly intents: IntentContext;
  /** Management API calls waiting for a device (they end with 504 if the world is replaced). */
  private readonly waiting = new Set<(a: ApiAnswer) => void>();

  constructor(
    private readonly env: HostEnvironment,
    private options: HostOptions = {},
  ) {
    this.broker = new BrokerBackend({
      realNow: () => env.realNow(),
      changed: () => this.touch(),
      linkEvent: (text, what) => {
        this.catchUp();
        this.world.record({ kind: 'broker-link', what, text });
        this.touch();
      },
      message: (remote, m) => {
        this.catchUp();
        const deliveries = remote.route(m, this.world.now);
        const message = this.world.record({
          kind: 'broker-message',
          topic: m.topic,
          qos: m.qos,
          retain: m.retain,
          payload: decodeString(m.payload),
          deliveries: deliveries.length,
        });
        this.world.deliver(deliveries, message.seq);
        this.touch();
        this.catchUp();
      },
    });
    this.world = this.makeWorld(options.config, options.seed);
    this.driver = new Driver(
      env,
      () => this.world,
      () => this.advanced(),
    );
    this.stream = new JournalStream(
      env,
      {
        journal: () => this.captures.journal ?? this.world.journal,
        lossless: () => this.captures.journal !== undefined,
        clock: (upTo) =>
          this.captures.journal
            ? this.captures.clock(upTo, this.env.realNow())
            : this.driver.state(),
        version: () => this.version,
        generation: () => this.generation,
      },
      options,
    );
    this.intents = {
      operate: (call) => void this.api(call, 'page'),
      world: () => this.world,
      time: this.driver,
      outboundBlocked: () =>
        this.outboundSink
          ? undefined
          : this.relay.state === 'attached'
            ? msg('notices:relay.cannot-send', { command: 'npm start' })
            : msg('notices:relay.needed', { command: 'npm start' }),
      reset: (config, seed) => this.reset(config, seed),
      configured: (patch) => {
        this.options = { ...this.options, config: { ...this.options.config, ...patch } };
      },
      useBroker: (url) => this.broker.use(url),
      brokerStarted: () => this.realTimeForBroker(),
    };
  }

  // ─── the page's API ──────────────────────────────────────────────────────

  async connect(onBatch: (batch: JournalBatch) => void): Promise<void> {
    this.stream.connect(onBatch);
  }

  async dispatch(intent: Intent): Promise<IntentResult> {
    return this.apply(intent);
  }

  async dispatchAll(intents: readonly Intent[]): Promise<IntentResult[]> {
    return intents.map((intent) => this.apply(intent));
  }

  async snapshot(): Promise<WorldSnapshot> {
    this.catchUp();
    return buildSnapshot(this.world, {
      version: this.version,
      relay: this.relay,
      clockRate: this.driver.clock.rate,
      broker: this.broker.view(),
      brokerUrl: this.broker.url,
      capture: this.captures.summary,
      seed: this.seed,
    });
  }

  async journal(from: number, limit: number): Promise<JournalEntry[]> {
    return this.captures.since(from, limit) ?? this.world.journal.since(from, limit);
  }

  async exportCapture(epochAtZero: number): Promise<Uint8Array> {
    return this.captures.export(() => this.world.journal.since(0), epochAtZero);
  }

  async compareModes(scenario: Scenario): Promise<Comparison> {
    return compareModes(scenario, (env, seed) => new PlaygroundHost(env, { seed }));
  }

  async importCapture(
    bytes: Uint8Array,
    name: string,
  ): Promise<{ ok: true; summary: CaptureSummary } | { ok: false; error: Msg }> {
    const r = this.captures.load(bytes, name);
    if (r.ok) {
      this.newGeneration();
      this.touch();
    }
    return r;
  }

  async closeCapture(): Promise<void> {
    if (!this.captures.close()) return;
    this.newGeneration();
    this.touch();
    this.catchUp();
  }

  async shareScenario() {
    this.catchUp();
    return this.recorder.share(this.world.now);
  }

  async openScenario(text: string, form: 'json' | 'param'): Promise<OpenedScenario> {
    const parsed = await parseScenario(text, form);
    return parsed.ok ? this.replay(parsed.scenario) : { ok: false, error: parsed.error };
  }

  /** Rebuilds a scenario on virtual time, then pauses the clock where it ends. */
  replay(s: Scenario): OpenedScenario {
    this.captures.close();
    const r = replay(s, this.intents, this.recorder);
    this.driver.restart(0, this.world.now);
    this.heldAtScenarioEnd = true;
    this.touch();
    this.catchUp();
    return r;
  }

  /** For tests and the relay: the world itself. */
  get current(): World {
    return this.world;
  }

  // ─── the relay's port ────────────────────────────────────────────────────

  /**
   * The relay link attached: real peers' datagrams come in through `receiveExternal` and the
   * world's answers to them go to `sink`. Real peers live in real time: the clock goes to ×1.
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
    this.catchUp();
    if (takenBackFrom) this.note(msg('notices:relay.taken-back', { from: takenBackFrom }));
    if (this.heldAtScenarioEnd) this.note(msg('notices:relay.held'));
    else if (this.driver.clock.rate !== 1) {
      this.driver.clock.setRate(1, this.env.realNow());
      this.note(msg('notices:relay.real-time'));
    }
    this.catchUp();
  }

  /** The relay can also send simulated clients' requests to the real servers `allow` admits. */
  attachOutbound(sink: (datagrams: ExternalDatagram[]) => void, allow: string[]): void {
    this.outboundSink = sink;
    if (this.relay.state === 'attached') this.setRelayState({ ...this.relay, outbound: allow });
  }

  setRelayState(state: RelayState): void {
    if (state.state !== 'attached') {
      this.relaySink = undefined;
      this.outboundSink = undefined;
    }
    this.relay = state;
    this.touch();
  }

  /** Datagrams from real peers, through the relay. */
  receiveExternal(datagrams: ReadonlyArray<{ peer: Endpoint; bytes: Uint8Array }>): void {
    // Before catchUp: it may arrange the next batch, whose pace depends on this.
    if (datagrams.length) {
      this.recorder.hadExternal = true;
      this.stream.realTraffic();
    }
    this.catchUp();
    for (const d of datagrams) this.world.receiveExternal(d.bytes, d.peer, this.relayLocal);
    this.advanced();
  }

  /**
   * A management API call, through the relay (curl) or from the page's Operator view: answered
   * from the world and journaled as `operator` entries (operator.ts). A request down to a device
   * answers when the device does, or its call times out.
   */
  api(request: ApiRequest, source: ApiSource = 'http'): ApiAnswer | Promise<ApiAnswer> {
    this.catchUp();
    const answer = operate(this.world, request, source);
    this.advanced();
    this.touch();
    if (!(answer instanceof Promise)) return answer;
    return new Promise((resolve) => {
      const settle = (a: ApiAnswer) => {
        if (!this.waiting.delete(settle)) return;
        resolve(a);
      };
      this.waiting.add(settle);
      void answer.then(settle);
    });
  }

  async operate(call: OperatorCall): Promise<ApiAnswer> {
    if (this.captures.summary)
      return {
        status: 400,
        body: { code: 'BAD_REQUEST', message: 'the packet views show an imported capture' },
      };
    this.recorder.record(this.world.now, { type: 'operator-call', call });
    return this.api(call, 'page');
  }

  /** Answers from real servers, through the relay. */
  receiveFromServers(datagrams: ReadonlyArray<{ peer: Endpoint; bytes: Uint8Array }>): void {
    this.catchUp();
    for (const d of datagrams) this.world.receiveFromServer(d.bytes, d.peer);
    this.advanced();
  }

  /** The relay would not send to `dest`. */
  outboundRefused(dest: Endpoint, reason: string): void {
    this.catchUp();
    this.world.outboundRefused(dest, reason);
    this.advanced();
  }

  // ─── internals ───────────────────────────────────────────────────────────

  private apply(intent: Intent): IntentResult {
    const capture = this.captures.summary;
    if (capture && intent.type !== 'clock-rate')
      return {
        ok: false,
        error: msg('notices:capture.open', { name: capture.name }),
      };
    // The user's own choice of speed (or a new world) ends the scenario's pause.
    if (intent.type === 'clock-rate' || intent.type === 'reset' || intent.type === 'load-settings')
      this.heldAtScenarioEnd = false;
    this.catchUp();
    const at = this.world.now;
    let result: IntentResult;
    try {
      result = perform(this.intents, intent);
    } catch (e) {
      result = { ok: false, error: saidOf(e) };
    }
    if (result.ok) this.recorder.record(at, intent);
    this.touch();
    this.catchUp();
    return result;
  }

  private catchUp(): void {
    this.driver.catchUp();
  }

  /** After the world moved: a stale snapshot, real peers' answers out, the next batch arranged. */
  private advanced(): void {
    if (this.world.journal.next !== this.journalMark) {
      this.journalMark = this.world.journal.next;
      this.version++;
    }
    this.sendExternal();
    this.stream.request();
  }

  /** Something beyond the journal changed: snapshots are stale, and the page is told. */
  private touch(): void {
    this.version++;
    this.stream.request();
  }

  private sendExternal(): void {
    const out = this.world.takeExternal();
    if (out.length && this.relaySink) this.relaySink(out);
    const toServers = this.world.takeOutbound();
    if (!toServers.length) return;
    if (this.outboundSink) this.outboundSink(toServers);
    else
      for (const d of toServers)
        this.world.outboundRefused(
          d.to,
          'the relay is gone: no request leaves the page without it',
        );
  }

  private reset(config: Partial<GatewayConfig> | undefined, seed: number | undefined): void {
    this.options = {
      ...this.options,
      config: config ?? this.options.config,
      seed: seed ?? this.options.seed,
    };
    this.world = this.makeWorld(this.options.config, this.options.seed);
    for (const settle of [...this.waiting]) settle(WORLD_GONE);
    this.newGeneration();
    this.driver.restart(this.driver.clock.rate);
  }

  /** A new world or journal for the page: what was waiting for the old one is not sent. */
  private newGeneration(): void {
    this.generation++;
    this.stream.restart();
  }

  private makeWorld(config: Partial<GatewayConfig> | undefined, seed: number | undefined): World {
    // A new world starts with no subscribers: the link stays, its subscriptions go.
    this.broker.remote?.clear();
    // Always seeded, so that whatever the user does can be shared and replayed.
    this.seed = seed ?? Math.floor(Math.random() * 2 ** 32);
    const world = new World({
      config,
      seed: this.seed,
      journalCapacity: this.options.journalCapacity,
      broker: this.broker.remote,
      // Virtual time 0 is now: the API's and $SYS events' timestamps count from here.
      epoch: this.env.realNow(),
    });
    this.recorder.start(this.seed, configToQuery(world.gateway.config));
    return world;
  }

  /** A real broker's clients live in real time: the clock goes to ×1 (said in the new world). */
  private realTimeForBroker(): void {
    if (!this.broker.remote || this.driver.clock.rate === 1) return;
    this.driver.clock.setRate(1, this.env.realNow());
    this.note(msg('notices:broker.real-time'));
  }

  private note(text: Msg): void {
    this.world.record({ kind: 'note', text });
  }
}

/** What Comlink exposes: the page's API and nothing else of the host. */
export function facade(host: PlaygroundHost): PlaygroundApi {
  return {
    connect: (onBatch) => host.connect(onBatch),
    dispatch: (intent) => host.dispatch(intent),
    dispatchAll: (intents) => host.dispatchAll(intents),
    snapshot: () => host.snapshot(),
    journal: (from, limit) => host.journal(from, limit),
    exportCapture: (epoch) => host.exportCapture(epoch),
    compareModes: (scenario) => host.compareModes(scenario),
    importCapture: (bytes, name) => host.importCapture(bytes, name),
    closeCapture: () => host.closeCapture(),
    shareScenario: () => host.shareScenario(),
    openScenario: (text, form) => host.openScenario(text, form),
    operate: (call) => host.operate(call),
  };
}
