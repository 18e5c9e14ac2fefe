// The link to a real MQTT broker in words, for the journal and the settings panel.
import type { BrokerLinkEvent } from './api';

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
