// The channels' stories: each channel's life as the world saw it (opened, connected, each
// keep-alive reset, peer moves, the close), each item naming the journal entry of the datagram it
// came of. Written where it happens, from the gateway's own events, so the page renders it and
// never rebuilds a channel's history from the journal (which may have let those entries go).
import type { CloseReason, GatewayEvent } from '../gateway';
import { endpointKey } from '../gateway';
import type { DatagramSummary } from './summary';
import { msg } from '../wire/msg';
import type { Msg, MsgParam } from '../wire/msg';
import { worded } from './said';

export type StoryKind =
  'opened' | 'connected' | 'taken-over' | 'keepalive' | 'peer-moved' | 'operator' | 'closed';

export interface StoryItem {
  kind: StoryKind;
  /** Virtual ms. */
  at: number;
  /** The journal seq of the datagram this came of (what the page links to), when there is one. */
  packet?: number;
  /** What happened, in one line (a message of the `story` namespace). */
  text: Msg;
  /** What it means (for notifications, for the session), when there is more to say. */
  detail?: Msg;
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

/**
 * A datagram in a few words: a request as on the wire (`CON PUT /mqtt/connection?clientid=dev&token=…`,
 * a string), an empty or malformed one in words (a message).
 */
export function datagramLine(s: DatagramSummary): string | Msg {
  if (!s.ok)
    return msg('story:datagram.malformed', {
      error: s.error ?? msg('story:datagram.does-not-decode'),
    });
  const type = s.type ?? '';
  if (s.codeValue === 0)
    return type === 'CON' ? msg('story:datagram.ping') : msg('story:datagram.empty', { type });
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
  lastHeard?: { packet?: number; line: MsgParam };
}

/** Topics in a sentence: `a`, `a and b`, `a, b and c` (the topics themselves as on the wire). */
const list = (xs: readonly string[]): MsgParam =>
  xs.length <= 1
    ? (xs[0] ?? '')
    : msg('story:list', { head: xs.slice(0, -1).join(', '), last: xs.at(-1) });

export class Stories {
  private readonly live = new Map<string, Live>();
  private readonly closed = new Map<string, ChannelStory>();
  private readonly lines = new Map<number, MsgParam>();
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
          text: msg('story:opened', { mode: e.mode, peer: endpointKey(e.peer) }),
          detail: by !== undefined ? msg('story:opened.by', { line: by }) : undefined,
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
          text: msg('story:connected', { clientId: e.clientId, token: e.token }),
          detail: e.discarded
            ? msg('story:connected.discarded', { clientId: e.clientId, channel: e.discarded })
            : msg('story:connected.carry'),
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
          text: msg('story:taken-over', { clientId: e.clientId, channel: e.from }),
          detail:
            by !== undefined
              ? msg('story:taken-over.by', { line: by })
              : msg('story:taken-over.anon'),
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
            text: msg('story:operator.subscribed', { topic: e.topic }),
            detail: msg('story:operator.subscribed.detail'),
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
            text: msg('story:downlink.sent', { clientId: e.clientId, request: String(e.request) }),
            detail: msg('story:downlink.detail', { detail: worded(e.detail) }),
          };
          this.add(live, item);
          this.awaitingReply.set(e.channel, item);
        } else {
          const end = DOWNLINK_ENDS[e.what];
          if (end)
            this.add(live, {
              kind: 'operator',
              at,
              packet,
              text: msg(end, { request: String(e.request) }),
              detail: msg('story:downlink.detail', { detail: worded(e.detail) }),
            });
        }
        return;
      }
      case 'observe-cancelled':
        this.live.get(e.channel)?.observes.delete(e.topic);
        return;
      case 'keepalive-reset': {
        const live = this.live.get(e.channel);
        if (!live) return;
        const line =
          (e.datagram !== undefined ? this.lines.get(e.datagram) : undefined) ??
          (e.cause ? worded(e.cause) : '');
        live.lastHeard = { packet: e.datagram, line };
        this.add(live, {
          kind: 'keepalive',
          at,
          packet: e.datagram,
          text: msg('story:keepalive', { line: line || msg('story:keepalive.a-datagram') }),
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
          text: msg('story:peer-moved', { from, to }),
          detail: msg(by !== undefined ? 'story:peer-moved.by' : 'story:peer-moved.anon', {
            line: by,
            to,
            then: topics.length
              ? msg('story:peer-moved.topics', { topics: list(topics), from, to })
              : msg('story:peer-moved.none', { to }),
          }),
        });
        return;
      }
      case 'channel-closed': {
        const live = this.live.get(e.channel);
        if (!live) return;
        const heard = e.reason === 'keepalive-timeout' ? live.lastHeard : undefined;
        const gone = e.subscriptions.length;
        this.add(live, {
          kind: 'closed',
          at,
          packet: heard ? heard.packet : packet,
          reason: e.reason,
          text: msg(CLOSED_VERB[e.reason], { detail: worded(e.detail) }),
          detail: heard
            ? msg('story:closed.heard', { line: heard.line, gone })
            : by !== undefined
              ? msg('story:closed.caused', { line: by, gone })
              : gone
                ? msg('story:closed.gone', { gone })
                : undefined,
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

/**
 * How an operator's request down to a device ended, by the gateway's `downlink` event: the
 * message (`API call {request} answered: …`) of each end.
 */
const DOWNLINK_ENDS: Partial<Record<Extract<GatewayEvent, { kind: 'downlink' }>['what'], string>> =
  {
    done: 'story:downlink.done',
    timeout: 'story:downlink.timeout',
    'bad-response': 'story:downlink.bad-response',
    'too-large': 'story:downlink.too-large',
    'not-sent': 'story:downlink.not-sent',
  };

/** A close's line by its reason: `Expired: {detail}`, the gateway's detail after the verb. */
const CLOSED_VERB: Record<CloseReason, string> = {
  'keepalive-timeout': 'story:closed.keepalive-timeout',
  deleted: 'story:closed.deleted',
  'login-failed': 'story:closed.login-failed',
  discarded: 'story:closed.discarded',
  takenover: 'story:closed.takenover',
  crashed: 'story:closed.crashed',
  kicked: 'story:closed.kicked',
};
