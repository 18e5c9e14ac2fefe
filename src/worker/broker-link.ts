/**
 * The state of the link to a real MQTT broker, as the page shows it. Types only, so the page and
 * the API can use them without pulling in mqtt.js.
 */

export type BrokerLinkState =
  | { state: 'connecting'; attempt: number }
  | { state: 'connected'; since: number }
  /** Lost (or never made); mqtt.js tries again at `retryAt` (epoch ms). */
  | { state: 'reconnecting'; retryAt: number; reason: string }
  /** Stopped for good; `reason` when it could not work at all. */
  | { state: 'closed'; reason?: string };

/** Something the link did, for the journal and the settings panel. */
export type BrokerLinkEvent =
  | { kind: 'connected'; url: string; resubscribed: number }
  | { kind: 'lost'; url: string; reason: string; retryIn: number }
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
  text: string;
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

/** One sentence per link event, for the journal and the panel. */
export function describeLinkEvent(e: BrokerLinkEvent): string {
  switch (e.kind) {
    case 'connected':
      return `connected to ${e.url}${e.resubscribed ? `; subscribed again to ${e.resubscribed} topic ${e.resubscribed === 1 ? 'filter' : 'filters'}` : ''}`;
    case 'lost':
      return `lost the connection to ${e.url} (${e.reason}); trying again in ${Math.round(e.retryIn / 1000)} s, accepted publishes wait in a queue`;
    case 'queued':
      return `queued a publish to ${e.topic} until the broker is back (${e.queued} waiting)`;
    case 'flushed':
      return `sent ${e.count} queued ${e.count === 1 ? 'publish' : 'publishes'} after reconnecting`;
    case 'dropped':
      return `dropped a publish to ${e.topic}: ${e.detail}`;
    case 'subscribe-failed':
      return `the broker refused the subscription to ${e.filter} (reason code 0x${e.reasonCode.toString(16)})`;
  }
}
