/**
 * The contract between the page and the worker that owns the world: typed intents in, snapshots
 * and batched journal entries out (docs/architecture.md style 6). The page imports only types from here.
 */
import type { ClientSubscribeOptions, QoS } from '../broker';
import type { Endpoint, GatewayConfig } from '../gateway';
import type { ClockRate, Exchange, JournalEntry, LinkConditions, RequestSpec } from '../sim';
import type { RelayState } from './host';
import type { Comparison } from './compare';
import type { Scenario } from './scenario';
import type { BrokerView } from './broker-link';
import type { CaptureSummary } from './capture-import';

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

export type IntentResult =
  { ok: true; detail?: string; notices?: string[] } | { ok: false; error: string };

export interface ClockState {
  /** Virtual ms at `realAt`. */
  now: number;
  rate: ClockRate;
  /** Epoch ms (timeOrigin + performance.now()) when `now` was read; the page extrapolates between batches. */
  realAt: number;
  /** The next thing that will happen, in virtual ms. */
  nextDeadline?: number;
}

export interface JournalBatch {
  entries: JournalEntry[];
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
}

export interface CoapClientView {
  name: string;
  endpoint: Endpoint;
  link: LinkConditions;
  exchanges: Exchange[];
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
  closed: Array<{ channel: string; clientId: string; reason: string; detail: string; at: number }>;
  coapClients: CoapClientView[];
  mqttClients: MqttClientView[];
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
  ): Promise<{ ok: true; summary: CaptureSummary } | { ok: false; error: string }>;
  /** Back to the live world from an imported capture. */
  closeCapture(): Promise<void>;
  /** What was done to this world since it started, as a scenario, its JSON and URL parameter. */
  shareScenario(): Promise<{ scenario: Scenario; json: string; param: string; notices: string[] }>;
  /** Rebuilds a scenario from its JSON or URL parameter; a bad one changes nothing. */
  openScenario(text: string, form: 'json' | 'param'): Promise<IntentResult>;
}
