// The channels' stories: each channel's life as the world saw it (opened, connected, each
// keep-alive reset, peer moves, the close), each item naming the journal entry of the datagram it
// came of. Written where it happens, from the gateway's own events, so the page renders it and
// never rebuilds a channel's history from the journal (which may have let those entries go).
import type { CloseReason, GatewayEvent } from '../gateway';
import { endpointKey } from '../gateway';
import type { DatagramSummary } from './summary';

export type StoryKind =
  'opened' | 'connected' | 'taken-over' | 'keepalive' | 'peer-moved' | 'operator' | 'closed';

export interface StoryItem {
  kind: StoryKind;
  /** Virtual ms. */
  at: number;
  /** The journal seq of the datagram this came of (what the page links to), when there is one. */
  packet?: number;
  /** What happened, in one line. */
  text: string;
  /** What it means (for notifications, for the session), when there is more to say. */
  detail?: string;
  /** A keep-alive reset: when keep-alive closes the channel if nothing more arrives (virtual ms). */
  expiresBy?: number;
  /** A close: why. */
  reason?: CloseReason;
}

export interface ChannelStory {
  items: StoryItem[];
  /** Older keep-alive resets let go of to keep the story short. */
  omitted: number;
}

/** Most items a story keeps: past that its oldest keep-alive resets go first. */
export const STORY_MAX = 24;
/** Requests remembered by journal seq, to name the datagram an item came of. */
const LINES_KEPT = 1024;
/** Closed channels whose stories are kept (the scribe remembers as many closed channels). */
const CLOSED_KEPT = 100;

/** A datagram in a few words: `CON PUT /mqtt/connection?clientid=dev&token=…`, `CON ping`. */
export function datagramLine(s: DatagramSummary): string {
  if (!s.ok) return `malformed datagram (${s.error ?? 'does not decode'})`;
  const type = s.type ?? '';
  if (s.codeValue === 0) return type === 'CON' ? 'CON ping (empty)' : `empty ${type}`;
  const code = s.code ?? '';
  if (s.path !== undefined)
    return `${type} ${code.split(' ').slice(1).join(' ') || code} ${s.path}`;
  return `${type} ${code}`;
}

interface Live {
  story: ChannelStory;
  /** Topic filters it observes (observe-added, -cancelled, a takeover's). */
  observes: Set<string>;
  /** The last datagram keep-alive counted, as a reset named it. */
  lastHeard?: { packet?: number; line: string };
}

const list = (xs: readonly string[]): string =>
  xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`;

export class Stories {
  private readonly live = new Map<string, Live>();
  private readonly closed = new Map<string, ChannelStory>();
  private readonly lines = new Map<number, string>();
  /**
   * Items of this step waiting for the datagram that carries them: a `connected` its reply (the
   * token), an operator's request the CON it sends down.
   */
  private awaitingReply = new Map<string, StoryItem>();

  /** The story of a live or recently closed channel. */
  of(channel: string): ChannelStory | undefined {
    return this.live.get(channel)?.story ?? this.closed.get(channel);
  }

  /** A datagram to the gateway was journaled as `seq`. */
  inbound(seq: number, summary: DatagramSummary): void {
    this.lines.set(seq, datagramLine(summary));
    if (this.lines.size > LINES_KEPT) this.lines.delete(this.lines.keys().next().value as number);
  }

  /** One gateway event, with the datagram (or publish) its step answered. */
  event(e: GatewayEvent, at: number, cause: { seq: number; kind: string } | undefined): void {
    const packet = cause?.kind === 'datagram' ? cause.seq : undefined;
    const by = packet !== undefined ? this.lines.get(packet) : undefined;
    switch (e.kind) {
      case 'channel-opened': {
        const live: Live = { story: { items: [], omitted: 0 }, observes: new Set() };
        this.live.set(e.channel, live);
        this.add(live, {
          kind: 'opened',
          at,
          packet,
          text: `Opened in ${e.mode} mode for ${endpointKey(e.peer)}`,
          detail: by ? `by ${by}` : undefined,
        });
        return;
      }
      case 'connected': {
        const live = this.live.get(e.channel);
        if (!live) return;
        const item: StoryItem = {
          kind: 'connected',
          at,
          packet,
          text: `Connected as ${e.clientId}: token ${e.token} issued`,
          detail: e.discarded
            ? `The older session of ${e.clientId} (channel ${e.discarded}) was discarded: a new connect starts clean.`
            : 'Every request from now on must carry this clientid and token.',
        };
        this.add(live, item);
        this.awaitingReply.set(e.channel, item);
        return;
      }
      case 'takeover': {
        const live = this.live.get(e.channel);
        if (!live) return;
        const from = this.live.get(e.from);
        for (const t of from?.observes ?? []) live.observes.add(t);
        this.add(live, {
          kind: 'taken-over',
          at,
          packet,
          text: `Took over ${e.clientId}'s session from channel ${e.from}`,
          detail: `${by ? `${by} carried` : 'A request carried'} that session's token: its observations and subscriptions moved here.`,
        });
        return;
      }
      case 'observe-added': {
        const live = this.live.get(e.channel);
        if (!live) return;
        live.observes.add(e.topic);
        // Only the management API subscribes with an empty token (emqx_coap_channel subscribe).
        if (e.token === '')
          this.add(live, {
            kind: 'operator',
            at,
            text: `Subscribed to ${e.topic} by the operator (API)`,
            detail:
              'The subscription is an observation with an empty token: its notifications reach the device with no token.',
          });
        return;
      }
      case 'downlink': {
        const live = this.live.get(e.channel);
        if (!live) return;
        if (e.what === 'sent' && e.detail.id !== 'gateway:downlink.next-block') {
          const item: StoryItem = {
            kind: 'operator',
            at,
            text: `The operator's request went down to ${e.clientId} (API call ${e.request})`,
            detail: `${e.detail}.`,
          };
          this.add(live, item);
          this.awaitingReply.set(e.channel, item);
        } else if (DOWNLINK_ENDS[e.what])
          this.add(live, {
            kind: 'operator',
            at,
            packet,
            text: `API call ${e.request} ${DOWNLINK_ENDS[e.what]}`,
            detail: `${e.detail}.`,
          });
        return;
      }
      case 'observe-cancelled':
        this.live.get(e.channel)?.observes.delete(e.topic);
        return;
      case 'keepalive-reset': {
        const live = this.live.get(e.channel);
        if (!live) return;
        const line = (e.datagram !== undefined ? this.lines.get(e.datagram) : undefined) ?? e.cause;
        live.lastHeard = { packet: e.datagram, line };
        this.add(live, {
          kind: 'keepalive',
          at,
          packet: e.datagram,
          text: `Keep-alive reset by ${line || 'a datagram'}`,
          expiresBy: e.expiresBy,
        });
        return;
      }
      case 'peer-moved': {
        const live = this.live.get(e.channel);
        if (!live) return;
        const [from, to] = [endpointKey(e.from), endpointKey(e.to)];
        const topics = [...live.observes];
        this.add(live, {
          kind: 'peer-moved',
          at,
          packet,
          text: `Peer moved: ${from} → ${to}`,
          detail:
            `${by ? `${by} came` : 'A datagram for this channel came'} from ${to}, and the gateway follows a clientid's newest address. ` +
            (topics.length
              ? `Notifications for ${list(topics)} now go to ${to}: ${from} hears no more of them.`
              : `It observes nothing, so no notification is lost; replies go to ${to}.`),
        });
        return;
      }
      case 'channel-closed': {
        const live = this.live.get(e.channel);
        if (!live) return;
        const heard = e.reason === 'keepalive-timeout' ? live.lastHeard : undefined;
        const gone = e.subscriptions.length
          ? ` Its ${e.subscriptions.length === 1 ? 'subscription' : `${e.subscriptions.length} subscriptions`} went with it.`
          : '';
        this.add(live, {
          kind: 'closed',
          at,
          packet: heard ? heard.packet : packet,
          reason: e.reason,
          text: `${CLOSED_VERB[e.reason]}: ${e.detail}`,
          detail:
            (heard ? `The last datagram it heard: ${heard.line}.` : by ? `Caused by ${by}.` : '') +
              gone || undefined,
        });
        this.live.delete(e.channel);
        this.awaitingReply.delete(e.channel);
        this.closed.set(e.channel, live.story);
        if (this.closed.size > CLOSED_KEPT)
          this.closed.delete(this.closed.keys().next().value as string);
        return;
      }
      default:
        return;
    }
  }

  /**
   * A datagram the gateway sent, journaled as `seq`: a connect's reply carries its token, an
   * operator's call its request.
   */
  sent(seq: number, channel: string | undefined, causeKind: string | undefined): void {
    if (channel === undefined || (causeKind !== 'request' && causeKind !== 'call')) return;
    const item = this.awaitingReply.get(channel);
    if (item) {
      item.packet = seq;
      this.awaitingReply.delete(channel);
    }
  }

  /** The end of a gateway step: a connect whose reply did not go out keeps its request's link. */
  endStep(): void {
    if (this.awaitingReply.size) this.awaitingReply = new Map();
  }

  private add(live: Live, item: StoryItem): void {
    const { story } = live;
    story.items.push(item);
    if (story.items.length <= STORY_MAX) return;
    const i = story.items.findIndex((x) => x.kind === 'keepalive');
    // No reset to let go of: the oldest item after the opening goes.
    story.items.splice(i < 0 ? 1 : i, 1);
    story.omitted++;
  }
}

/** How an operator's request down to a device ended, by the gateway's `downlink` event. */
const DOWNLINK_ENDS: Partial<Record<Extract<GatewayEvent, { kind: 'downlink' }>['what'], string>> =
  {
    done: 'answered: the device responded',
    timeout: 'ended unanswered (504 CLIENT_NOT_RESPONSE)',
    'bad-response': 'ended with a bad response (502 CLIENT_BAD_RESPONSE)',
    'too-large': 'ended: the answer would pass max_body_size',
    'not-sent': 'was not sent',
  };

const CLOSED_VERB: Record<CloseReason, string> = {
  'keepalive-timeout': 'Expired',
  deleted: 'Disconnected',
  'login-failed': 'Login failed',
  discarded: 'Discarded',
  takenover: 'Taken over',
  crashed: 'Crashed',
  kicked: 'Kicked',
};
