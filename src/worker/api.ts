/**
 * The contract between the page and the worker that owns the world: typed intents in, snapshots
 * and batched journal entries out, and every type that crosses the boundary. A leaf: it imports
 * types from the layers below only, never from the worker's implementation, so neither side's
 * code depends on the other's.
 */
import type { ClientSubscribeOptions, QoS } from '../broker';
import type { SkipReason } from '../capture';
import type { GatewayConfig } from '../gateway';
import type { Endpoint } from '../wire/endpoint';
import type { Msg } from '../wire/msg';
import type { ApiAnswer, ApiMethod } from '../wire/api';
import type {
  ChannelStory,
  ClockRate,
  DeviceBehaviour,
  ClosedChannel,
  Exchange,
  JournalEntry,
  JournalRecords,
  LinkConditions,
  RealPeer,
  RequestSpec,
  TableDelta,
  TrafficPlan,
  TrafficState,
} from '../sim';

export type Intent =
  | { type: 'add-coap-client'; name?: string }
  | { type: 'add-mqtt-client'; clientId: string }
  | { type: 'remove-client'; name: string }
  /** `target`: a real CoAP server to send to through the relay, instead of the gateway. */
  | { type: 'send'; client: string; spec: RequestSpec; target?: Endpoint }
  | { type: 'send-raw'; client: string; bytes: Uint8Array }
  | { type: 'mqtt-subscribe'; client: string; filter: string; options: ClientSubscribeOptions }
  | { type: 'mqtt-unsubscribe'; client: string; filter: string }
  | {
      type: 'mqtt-publish';
      client: string;
      topic: string;
      payload: Uint8Array;
      qos: QoS;
      retain: boolean;
      expiryInterval?: number;
    }
  | { type: 'set-link'; client: string; link: LinkConditions }
  /** How a simulated client answers the gateway's requests (the management API's), as a server. */
  | { type: 'set-device'; client: string; behaviour: DeviceBehaviour }
  /** A management API call made in the page; its answer is journaled (an `operator` entry). */
  | { type: 'operator-call'; call: OperatorCall }
  /** A simulated CoAP client heartbeats and/or publishes by itself on virtual time (empty: stops). */
  | { type: 'set-traffic'; client: string; plan: TrafficPlan }
  | { type: 'configure'; patch: Partial<GatewayConfig> }
  | { type: 'clock-rate'; rate: ClockRate }
  /** Jump to the next deadline (a retransmission, a keep-alive check, a delayed datagram). */
  | { type: 'clock-step' }
  | { type: 'clock-advance'; ms: number }
  | { type: 'reset'; config?: Partial<GatewayConfig>; seed?: number }
  /** Chooses the broker ('' the built-in model, else a ws:// or wss:// URL) and starts over. */
  | { type: 'set-broker'; url: string }
  /** Starts over with the settings of a page URL query (`?connection_required=true&heartbeat=30s…`). */
  | { type: 'load-settings'; query: string };

/** A management API call as the page makes it (the relay forwards curl's the same way). */
export interface OperatorCall {
  method: ApiMethod;
  /** Below `/api/v5`, percent-encoded: `/gateways/coap/clients/123/request`. */
  path: string;
  query: Array<[string, string]>;
  /** Flat, as every body the API takes is (a recursive JSON type is too deep for Playwright's types). */
  body?: { [key: string]: string | number | boolean | null };
}

/**
 * An intent's result. `detail`: data (a client's name, a token); `notices` and `error`: words, as
 * messages the page says in its language.
 */
export type IntentResult =
  { ok: true; detail?: string; notices?: Msg[] } | { ok: false; error: Msg };

/** What opening a shared scenario did: how far it replayed, and what did not replay. */
export type OpenedScenario =
  { ok: true; replayed: Msg; notices: Msg[] } | { ok: false; error: Msg };

export interface ClockState {
  /** Virtual ms at `realAt`. */
  now: number;
  rate: ClockRate;
  /** Epoch ms (timeOrigin + performance.now()) when `now` was read; the page extrapolates between batches. */
  realAt: number;
  /** The next thing that will happen, in virtual ms. */
  nextDeadline?: number;
}

/**
 * The flow of journal entries from the worker to the page, owned here so both sides read the
 * same numbers: the worker's stream paces and sizes batches by them, the page ingests and renders
 * by them. docs/performance.md says what each was measured against.
 */
export const FLOW = {
  /** Least real ms between two batches (about 60 a second). */
  batchInterval: 16,
  /** Most entries in a batch; more are sent in later batches or skipped (the page can fetch them). */
  maxBatch: 2000,
  /** A batch larger than this is heavy traffic: the next one waits `busyInterval` ms. */
  busyBatch: 200,
  busyInterval: 50,
  /** While real peers talk, a batch at most this often: each costs the page a render. */
  realInterval: 100,
  /** A flood from real peers: only the newest `realFloodBatch` entries every `realFloodInterval` ms. */
  realFloodInterval: 250,
  realFloodBatch: 500,
  /** A burst goes over at most this many batches; past that its oldest entries are skipped. */
  backlogBatches: 10,
  /** Most entries in one message, and in one ingest task of the page. */
  messageEntries: 500,
  /** The page renders what arrived at most this often (ms). */
  commitInterval: 250,
} as const;

/**
 * New journal entries for the page, as the journal keeps them: records (sim/record.ts) in a
 * buffer the worker transfers, read by the page's `JournalReader`. One message, one buffer.
 */
export interface JournalBatch extends JournalRecords {
  /** What the reader must learn first; the first batch of a generation starts the tables. */
  table: TableDelta;
  clock: ClockState;
  /** Increases whenever the world's state may have changed: snapshots are stale below it. */
  version: number;
  /** Entries that arrived faster than the page could be sent them and were skipped. */
  skipped: number;
  /** Which world the entries belong to: a reset starts a new one, numbered from 1 again. */
  generation: number;
}

export interface ObservationView {
  filter: string;
  topic: string;
  token: string;
  qos: QoS;
  seq: number;
  notifications: number;
  since: number;
}

export interface ChannelView {
  id: string;
  clientId: string;
  peer: Endpoint;
  mode: 'connection' | 'connectionless';
  state: 'idle' | 'connected' | 'closed';
  token?: string;
  username?: string;
  mountpoint: string;
  createdAt: number;
  /** When it connected, wall-clock ms (the API's `connected_at`). */
  connectedAt?: number;
  lastRecvAt: number;
  lastRecvSummary: string;
  /** When keep-alive will close it if nothing more arrives. */
  expiresAt: number;
  checkInterval: number;
  maxIdle: number;
  observes: ObservationView[];
  queued: number;
  inflight?: number;
  notificationsSent: number;
  dropped: number;
  /** Whether the peer is a simulated client (else a real one through the relay). */
  simulated: boolean;
  /** The simulated client's name, when it is one. */
  client?: string;
  /** Its life so far, item by item, each with the datagram it came of (sim/story.ts). */
  story: ChannelStory;
}

export interface CoapClientView {
  name: string;
  endpoint: Endpoint;
  link: LinkConditions;
  /** How it answers the gateway's requests. */
  behaviour: DeviceBehaviour;
  exchanges: Exchange[];
  /** What it sends by itself, when it has a plan: the plan, when each is next due, how many went. */
  traffic?: TrafficState;
}

export interface MqttClientView {
  clientId: string;
  subscriptions: Array<{ filter: string; qos: QoS; nl: boolean; rh: 0 | 1 | 2 }>;
  inbox: Array<{
    topic: string;
    payload: string;
    qos: QoS;
    retain: boolean;
    expiryInterval?: number;
    at: number;
  }>;
  dropped: number;
}

export interface SubscriptionView {
  subscriber: string;
  clientId: string;
  kind: 'coap' | 'mqtt';
  filter: string;
  qos: QoS;
}

export interface RetainedView {
  topic: string;
  payload: string;
  qos: QoS;
  publishedAt: number;
  expiresIn?: number;
  from: string;
}

export interface WorldSnapshot {
  version: number;
  now: number;
  config: GatewayConfig;
  /** The settings as a URL query, with the reference's key names: a link reproduces the setup. */
  configQuery: string;
  channels: ChannelView[];
  /** Channels that closed, newest first. */
  closed: ClosedChannel[];
  coapClients: CoapClientView[];
  mqttClients: MqttClientView[];
  /** Real CoAP clients (through the relay), most recently heard first: read-only. */
  realPeers: RealPeer[];
  subscriptions: SubscriptionView[];
  retained: RetainedView[];
  stats: { received: number; sent: number; malformed: number; journal: number; inFlight: number };
  relay: RelayState;
  clockRate: ClockRate;
  /** The built-in broker model, or a real broker and the state of the link to it (issue 7). */
  broker: BrokerView;
  /** An imported capture the packet views show instead of the live journal, when one is open. */
  capture?: CaptureSummary;
  /** The seed of the world's randomness (a shared scenario carries it). */
  seed: number;
}

/** What the worker exposes through Comlink. */
export interface PlaygroundApi {
  /** Starts streaming journal batches to `onBatch` (at most ~60 a second). */
  connect(onBatch: (batch: JournalBatch) => void): Promise<void>;
  dispatch(intent: Intent): Promise<IntentResult>;
  /** `intents` in order, each as `dispatch` would do it; their results in the same order. */
  dispatchAll(intents: readonly Intent[]): Promise<IntentResult[]>;
  snapshot(): Promise<WorldSnapshot>;
  /** Journal entries with seq ≥ from, oldest first, for a page that (re)attaches. */
  journal(from: number, limit: number): Promise<JournalEntry[]>;
  /**
   * Every datagram still in the journal as a pcapng file (Wireshark opens it), stamped at
   * `epochAtZero` + virtual time, so virtual 0 is a real date.
   */
  exportCapture(epochAtZero: number): Promise<Uint8Array>;
  /** Runs `scenario` against a connection-mode and a connectionless gateway, aligned by step. */
  compareModes(scenario: Scenario): Promise<Comparison>;
  /** Opens a pcap/pcapng file: the packet views switch to its CoAP datagrams (a new generation). */
  importCapture(
    bytes: Uint8Array,
    name: string,
  ): Promise<{ ok: true; summary: CaptureSummary } | { ok: false; error: Msg }>;
  /** Back to the live world from an imported capture. */
  closeCapture(): Promise<void>;
  /** What was done to this world since it started, as a scenario, its JSON and URL parameter. */
  shareScenario(): Promise<{ scenario: Scenario; json: string; param: string; notices: Msg[] }>;
  /** Rebuilds a scenario from its JSON or URL parameter; a bad one changes nothing. */
  openScenario(text: string, form: 'json' | 'param'): Promise<OpenedScenario>;
  /**
   * A management API call from the page's Operator view, answered as the relay's REST API answers
   * curl (a request down to a device resolves when the device answers or the call times out).
   */
  operate(call: OperatorCall): Promise<ApiAnswer>;
}

// ─── relay, broker link, captures ───────────────────────────────────────────

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
  /** `reason`: a message of the page's, or a socket's own error text. */
  | { state: 'unavailable'; retryIn: number; reason: Msg | string };

export type BrokerLinkState =
  | { state: 'connecting'; attempt: number }
  | { state: 'connected'; since: number }
  /** Lost (or never made); mqtt.js tries again at `retryAt` (epoch ms). */
  | { state: 'reconnecting'; retryAt: number; reason: Msg | string }
  /** Stopped for good; `reason` when it could not work at all. */
  | { state: 'closed'; reason?: Msg | string };

/** Something the link did, for the journal and the settings panel. */
export type BrokerLinkEvent =
  | { kind: 'connected'; url: string; resubscribed: number }
  | { kind: 'lost'; url: string; reason: Msg | string; retryIn: number }
  | { kind: 'queued'; topic: string; queued: number }
  | { kind: 'flushed'; count: number }
  | { kind: 'dropped'; topic: string; why: 'queue-full' | 'expired' | 'refused'; detail: string }
  | { kind: 'subscribe-failed'; filter: string; reasonCode: number };

/** Counters of the link since it was set up. */
export interface BrokerLinkStats {
  /** Accepted publishes waiting for the connection. */
  queued: number;
  /** Sent to the broker (at once or from the queue). */
  sent: number;
  /** Queued ones sent after a reconnect. */
  flushed: number;
  /** Dropped: the queue was full (oldest first), they expired waiting, or the broker refused them. */
  dropped: number;
  /** Messages received from the broker. */
  received: number;
  /** Distinct topic filters subscribed at the broker for the gateway's subscribers. */
  filters: number;
}

/** A link event as the page lists it: its real time (epoch ms), its kind and the sentence. */
export interface BrokerLinkEntry {
  at: number;
  kind: BrokerLinkEvent['kind'];
  text: Msg;
}

/** Which broker the world uses, for the snapshot. */
export type BrokerView =
  | { backend: 'built-in' }
  | {
      backend: 'remote';
      url: string;
      link: BrokerLinkState;
      stats: BrokerLinkStats;
      /** The latest link events, newest first. */
      events: BrokerLinkEntry[];
    };

/** What an import found, for the page's banner (counts, never the packets themselves). */
export interface CaptureSummary {
  name: string;
  format: 'pcap' | 'pcapng';
  /** Epoch ms of the first packet (virtual 0 of the imported journal); null if none had a time. */
  startedAt: number | null;
  /** CoAP datagrams shown in the packet views (malformed ones included, flagged as such). */
  coap: number;
  /** Of those, how many do not decode as CoAP. */
  malformed: number;
  /** UDP datagrams on other ports: not CoAP, counted and left out. */
  otherUdp: number;
  /** Frames that are not UDP over IP (or could not be read), by reason. */
  skipped: Partial<Record<SkipReason, number>>;
}

// ─── scenarios and the side-by-side comparison ─────────────────────────────

/*
 * A scenario: what a user did to a fresh world, replayable step for step. The world is seeded and
 * its clock virtual, so the same scenario gives the same journal, byte for byte. Shared by "share
 * as JSON / URL" (replay) and the side-by-side mode comparison (one script, two gateways).
 */
/** One intent, applied when the world's virtual clock reads `at` ms. */
export interface ScenarioStep {
  at: number;
  intent: Intent;
}

export interface Scenario {
  version: 1;
  /** Seeds the world's randomness (tokens, message ids, losses). */
  seed: number;
  /** Gateway settings as a page URL query (`connection_required=true&heartbeat=30s…`). */
  settings: string;
  steps: ScenarioStep[];
  /**
   * Virtual ms the world had reached when it was shared: a replay runs on to here, so it shows
   * what the sharer saw (retransmissions and expiries after the last step included).
   */
  until?: number;
}

export type GatewayModeName = 'connection' | 'connectionless';

/** What one step did in one world. */
export interface StepOutcome {
  /** The intent's own result (e.g. a refused intent). */
  result: IntentResult;
  /** The request the client sent, `CON POST /ps/coap/test?clientid=123&token=…`. */
  request?: string;
  /** The reply the client received, or what became of the request. */
  response?: { code: string; payload: string };
  timedOut: boolean;
  /** The gateway's own explanation of how it handled the request. */
  explanation?: Msg;
  /** Notifications the CoAP clients received during the step: `obs 2.05 "payload"`. */
  notifications: string[];
  /** MQTT deliveries during the step: `app ← coap/test "payload"`. */
  mqtt: string[];
  /** Channels opened or closed, connects (messages of the `compare` namespace). */
  lifecycle: Msg[];
}

export interface ComparisonRow {
  index: number;
  at: number;
  /** The step in words: `device: POST ps/coap/test?clientid=123&token={token}`. */
  step: Msg;
  connection: StepOutcome;
  connectionless: StepOutcome;
  /** Which parts differ. */
  differs: Array<'response' | 'notifications' | 'mqtt' | 'lifecycle'>;
  /** Why they differ (or, where a same result surprises, why it is the same). */
  why?: Msg;
}

export interface Comparison {
  seed: number;
  rows: ComparisonRow[];
}
