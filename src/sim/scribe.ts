// The scribe: writes what the world did into its journal, each entry with its cause and each
// datagram with what it meant (the Explainer), and keeps the history a reader must not rebuild
// (the channels that closed).
import type { CloseReason, Endpoint, GatewayEvent, OutDatagram, StepResult } from '../gateway';
import { endpointKey } from '../gateway';
import { Explainer } from './explain/explainer';
import type { DatagramFacts, Explained } from './explain/explainer';
import type { CauseKind, Journal, JournalEntry, JournalInput, WorldEvent } from './journal';
import type { DatagramSummary } from './summary';
import { Stories } from './story';
import { RealPeers } from './peers';
import type { Msg } from '../wire/msg';
import type { ChannelStory } from './story';

/** A channel that closed, and why: what "Recently closed" lists. */
export interface ClosedChannel {
  channel: string;
  clientId: string;
  reason: CloseReason;
  /** Why, in words (a `gateway:` message). */
  detail: Msg;
  at: number;
  /** The token its session had, if it connected: a client that still sends it gets 4.01. */
  token?: string;
  /** Its life, up to the close (story.ts). */
  story?: ChannelStory;
}

/** How many closed channels the world remembers. */
const CLOSED_HISTORY = 100;

/** The entry that caused another, and how (journal.ts `CauseKind`). */
export interface EntryCause {
  seq: number;
  kind: CauseKind;
}

/**
 * What a gateway step answered: the datagram it received, the publish it delivered, or the
 * operator's call it carried out.
 */
export interface StepCause {
  seq: number;
  kind: 'datagram' | 'publish' | 'call';
  summary?: DatagramSummary;
}

type DatagramEntry = Extract<JournalEntry, { kind: 'datagram' }>;

/** A datagram as the world sent or received it, before it is explained and journaled. */
export interface DatagramDraft {
  at: number;
  from: Endpoint;
  to: Endpoint;
  sender: string;
  bytes: Uint8Array;
  fate: DatagramEntry['fate'];
  arrivesAt?: number;
  summary: DatagramSummary;
}

/** The gateway's events that concern an outbound datagram: its channel's, or its peer's. */
function eventsFor(events: readonly GatewayEvent[], d: OutDatagram): GatewayEvent[] {
  if (d.channel !== undefined) {
    const mine = events.filter((e) => 'channel' in e && e.channel === d.channel);
    if (mine.length) return mine;
  }
  const to = endpointKey(d.to);
  return events.filter(
    (e) => 'peer' in e && e.kind !== 'channel-opened' && endpointKey(e.peer) === to,
  );
}

/** What the explainer reads of a datagram; `payload` when it decoded (a short answer's text). */
const facts = (d: DatagramDraft, payload?: Uint8Array): DatagramFacts => ({
  at: d.at,
  from: d.from,
  to: d.to,
  summary: d.summary,
  payload,
});

/** A datagram's entry, built with every field in one order: one shape for the engine. */
function datagramEntry(
  d: DatagramDraft,
  direction: DatagramEntry['direction'],
  e: Explained,
  channel?: string,
): JournalInput {
  return {
    at: d.at,
    kind: 'datagram',
    from: d.from,
    to: d.to,
    sender: d.sender,
    direction,
    bytes: d.bytes,
    fate: d.fate,
    arrivesAt: d.arrivesAt,
    summary: d.summary,
    channel,
    cause: e.cause,
    causeKind: e.causeKind,
    meaning: e.meaning,
    outcome: e.outcome,
    topic: e.topic,
    retransmission: e.retransmission,
    payloadText: e.payloadText,
    notes: e.notes,
  };
}

export class Scribe {
  /** Channels that closed, newest first: kept where they close, whoever reads the journal. */
  readonly closed: ClosedChannel[] = [];
  /** The token of each live channel that connected, for its entry in `closed`. */
  private readonly tokens = new Map<string, string>();
  /** Each channel's life, item by item, with the datagrams it came of. */
  readonly stories = new Stories();
  /** Real CoAP clients (through the relay): where they are and what they did. */
  readonly realPeers = new RealPeers();
  private readonly explainer = new Explainer();

  constructor(
    private readonly journal: Journal,
    /** The gateway's own address, for the datagrams it sends. */
    private readonly gateway: Endpoint,
  ) {}

  /** A datagram to the gateway; `attempt` when its sender says it retransmits. */
  toGateway(d: DatagramDraft, attempt?: number): DatagramEntry {
    const f = facts(d);
    const explained = this.explainer.inbound(f, attempt);
    const entry = this.journal.append(datagramEntry(d, 'to-gateway', explained));
    this.explainer.sentInbound(entry.seq, f, explained);
    this.stories.inbound(entry.seq, d.summary);
    if (d.fate === 'external')
      this.realPeers.heard(entry.seq, d.at, d.from, d.summary, explained.meaning);
    return entry as DatagramEntry;
  }

  /** A datagram between a simulated client and a real CoAP server. */
  server(d: DatagramDraft, toServer: boolean, payload?: Uint8Array): JournalEntry {
    const f = facts(d, payload);
    const explained = this.explainer.server(f, toServer);
    const entry = this.journal.append(
      datagramEntry(d, toServer ? 'to-server' : 'from-server', explained),
    );
    if (toServer) this.explainer.sentToServer(entry.seq, f);
    return entry;
  }

  /**
   * What one call into the gateway produced, each entry naming its cause: the events and
   * datagrams `cause` (what the step answered), a reply its request, a retransmission what it
   * repeats. `send` puts each datagram on its way and says how it fares.
   */
  gatewayStep(
    r: StepResult,
    at: number,
    cause: StepCause | undefined,
    send: (d: OutDatagram) => Pick<DatagramDraft, 'fate' | 'arrivesAt'>,
    summarize: (d: OutDatagram) => DatagramSummary,
  ): void {
    this.explainer.events(r.events);
    for (const e of r.events) {
      this.journal.append({
        at,
        kind: 'gateway',
        event: e,
        cause: cause?.seq,
        causeKind: cause?.kind,
      });
      this.stories.event(e, at, cause);
      if (e.kind === 'peer-bound') this.realPeers.bound(e.peer, e.clientId);
      if (e.kind === 'connected') this.tokens.set(e.channel, e.token);
      else if (e.kind === 'takeover') {
        // The session moved with its token; the channel it left closed just before.
        const token = this.closed.find((c) => c.channel === e.from)?.token;
        if (token !== undefined) this.tokens.set(e.channel, token);
      } else if (e.kind === 'channel-closed') {
        const { channel, clientId, reason, detail } = e;
        const token = this.tokens.get(channel);
        this.tokens.delete(channel);
        const story = this.stories.of(channel);
        this.closed.unshift({ channel, clientId, reason, detail, at, token, story });
        if (this.closed.length > CLOSED_HISTORY) this.closed.pop();
      }
    }
    for (const d of r.datagrams) {
      const sent = send(d);
      const draft: DatagramDraft = {
        at,
        from: this.gateway,
        to: d.to,
        sender: 'gateway',
        bytes: d.bytes,
        fate: sent.fate,
        arrivesAt: sent.arrivesAt,
        summary: summarize(d),
      };
      const f = facts(draft, d.message.payload);
      const explained = this.explainer.outbound(f, eventsFor(r.events, d), cause);
      const entry = this.journal.append(datagramEntry(draft, 'from-gateway', explained, d.channel));
      this.explainer.sentOutbound(entry.seq, f, explained);
      this.stories.sent(entry.seq, d.channel, explained.causeKind);
      if (sent.fate === 'external')
        this.realPeers.answered(
          d.to,
          d.channel,
          entry.seq,
          draft.summary,
          explained.cause,
          explained.outcome,
        );
    }
    this.stories.endStep();
  }

  /** Something the world or a client did, and what caused it when something did. */
  note(at: number, event: WorldEvent, cause?: EntryCause): JournalEntry {
    return this.journal.append({
      at,
      kind: 'world',
      event,
      ...(cause === undefined ? {} : { cause: cause.seq, causeKind: cause.kind }),
    });
  }
}
