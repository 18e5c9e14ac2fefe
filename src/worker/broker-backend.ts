// Which broker the world uses: the built-in model, or one link to a real MQTT broker kept across
// resets while its URL stays the same. The host journals what the link reports.
import type { BrokerLinkEntry, BrokerLinkEvent, BrokerView } from './api';
import { describeLinkEvent } from './broker-link';
import type { Msg } from '../wire/msg';
import { RemoteBroker } from './remote-broker';
import type { IncomingMessage } from './remote-broker';

/** How many link events the settings panel lists. */
const EVENTS_KEPT = 20;
const EVENTS_SHOWN = 10;

export interface BrokerHooks {
  /** Real time (epoch ms) for the link's event list. */
  realNow(): number;
  /** The link's state changed: snapshots are stale. */
  changed(): void;
  /** The link did something worth a line in the journal. */
  linkEvent(text: Msg, kind: BrokerLinkEvent['kind']): void;
  /** A message from the real broker for the world's subscribers. */
  message(remote: RemoteBroker, m: IncomingMessage): void;
}

export class BrokerBackend {
  /** The real broker's URL; empty for the built-in model. */
  url = '';
  /** The link to the real broker, when one is chosen. */
  remote: RemoteBroker | undefined;
  private events: BrokerLinkEntry[] = [];

  constructor(private readonly hooks: BrokerHooks) {}

  /** Chooses the broker for the next world; a link to the same URL stays. */
  use(url: string): void {
    if (url === this.url) return;
    this.remote?.stop();
    this.remote = undefined;
    this.url = url;
    this.events = [];
    if (!url) return;
    const remote: RemoteBroker = new RemoteBroker({
      url,
      onState: () => {
        if (this.remote === remote) this.hooks.changed();
      },
      onEvent: (event) => {
        if (this.remote !== remote) return;
        const text = describeLinkEvent(event);
        this.events.unshift({ at: this.hooks.realNow(), kind: event.kind, text });
        if (this.events.length > EVENTS_KEPT) this.events.pop();
        this.hooks.linkEvent(text, event.kind);
      },
      onMessage: (m) => {
        if (this.remote === remote) this.hooks.message(remote, m);
      },
    });
    this.remote = remote;
    remote.start();
  }

  view(): BrokerView {
    const r = this.remote;
    if (!r) return { backend: 'built-in' };
    return {
      backend: 'remote',
      url: r.url,
      link: r.state,
      stats: { ...r.stats },
      events: this.events.slice(0, EVENTS_SHOWN),
    };
  }
}
