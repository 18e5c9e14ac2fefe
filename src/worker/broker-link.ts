// The link to a real MQTT broker in words, for the journal and the settings panel.
import type { BrokerLinkEvent } from './api';
import { msg, type Msg } from '../wire/msg';

/** One sentence per link event, for the journal and the panel, as a message. */
export function describeLinkEvent(e: BrokerLinkEvent): Msg {
  switch (e.kind) {
    case 'connected':
      return e.resubscribed
        ? msg('notices:broker.connected-resubscribed', { url: e.url, n: e.resubscribed })
        : msg('notices:broker.connected', { url: e.url });
    case 'lost':
      return msg('notices:broker.lost', {
        url: e.url,
        reason: e.reason,
        s: Math.round(e.retryIn / 1000),
      });
    case 'queued':
      return msg('notices:broker.queued', { topic: e.topic, n: e.queued });
    case 'flushed':
      return msg('notices:broker.flushed', { n: e.count });
    case 'dropped':
      return msg('notices:broker.dropped', { topic: e.topic, detail: e.detail });
    case 'subscribe-failed':
      return msg('notices:broker.subscribe-failed', {
        filter: e.filter,
        code: `0x${e.reasonCode.toString(16)}`,
      });
  }
}
