// The snapshot projection: the world's state as the page reads it, built on request.
import { Broker } from '../broker';
import { configToQuery, endpointKey, makeConfig, summarize } from '../gateway';
import type { ClockRate, World } from '../sim';
import { toHex } from '../coap';
import type { BrokerView, CaptureSummary, ChannelView, RelayState, WorldSnapshot } from './api';

const NO_STORY = { items: [], omitted: 0 };

/** What the snapshot shows beyond the world: the host's own state. */
export interface HostFacts {
  version: number;
  relay: RelayState;
  clockRate: ClockRate;
  broker: BrokerView;
  /** The real broker's URL, for the settings query; empty for the built-in model. */
  brokerUrl: string;
  capture: CaptureSummary | undefined;
  seed: number;
}

export function buildSnapshot(w: World, host: HostFacts): WorldSnapshot {
  const g = w.gateway;
  const simByEndpoint = new Map(w.listCoapClients().map((c) => [endpointKey(c.endpoint), c.name]));
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
    connectedAt: ch.connectedAt === undefined ? undefined : g.wallClock(ch.connectedAt),
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
    story: w.story(ch.id) ?? NO_STORY,
  }));
  const decoder = new TextDecoder();
  return {
    version: host.version,
    now: w.now,
    config: makeConfig(g.config),
    configQuery: host.brokerUrl
      ? `${configToQuery(g.config)}&${new URLSearchParams({ broker: host.brokerUrl })}`
      : configToQuery(g.config),
    channels,
    closed: w.closed.slice(),
    coapClients: w.listCoapClients().map((c) => ({
      name: c.name,
      endpoint: c.endpoint,
      link: w.link(c.name),
      behaviour: c.behaviour,
      exchanges: c.history().slice(-50),
      traffic: w.trafficOf(c.name),
    })),
    realPeers: w.realPeers(),
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
    relay: host.relay,
    clockRate: host.clockRate,
    broker: host.broker,
    capture: host.capture,
    seed: host.seed,
  };
}
