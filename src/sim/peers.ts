// Real peers (real CoAP clients through the relay), as the world saw them: where they are, which
// channel and clientid they used, and what they asked with what they were answered. Kept where the
// datagrams are journaled, so the page lists them beside the simulated clients without reading
// the journal.
import type { Endpoint } from '../gateway';
import { endpointKey } from '../gateway';
import { datagramLine } from './story';
import type { DatagramSummary } from './summary';
import type { Msg } from '../wire/msg';

export interface RealPeerRequest {
  at: number;
  /** The journal seq of its datagram. */
  packet: number;
  /** `CON POST /ps/coap/test?clientid=123…` as on the wire; an empty or malformed one in words. */
  line: string | Msg;
  /** What the world wrote it meant: `publish to coap/test (5 B)`, as a message. */
  meaning: Msg;
  /** The gateway's answer, once sent: its code, its journal seq, its outcome in a few words. */
  reply?: { code: string; packet: number; outcome?: Msg };
}

export interface RealPeer {
  peer: Endpoint;
  firstAt: number;
  lastAt: number;
  /** Datagrams it sent the gateway. */
  datagrams: number;
  /** The channel its datagrams last went to, and the clientid it named (connection mode). */
  channel?: string;
  clientId?: string;
  /** Its latest requests (and pings, ACKs), oldest first. */
  recent: RealPeerRequest[];
}

/** Most peers remembered (the least recently heard go first), and requests per peer. */
export const REAL_PEERS_KEPT = 50;
export const REAL_PEER_REQUESTS = 8;

export class RealPeers {
  /** By address:port, least recently heard first. */
  private readonly peers = new Map<string, RealPeer>();

  /** The peers, most recently heard first. */
  list(): RealPeer[] {
    return [...this.peers.values()].reverse();
  }

  /** A datagram from a real peer, journaled as `seq`. */
  heard(seq: number, at: number, from: Endpoint, summary: DatagramSummary, meaning: Msg): void {
    const key = endpointKey(from);
    const p = this.peers.get(key) ?? {
      peer: from,
      firstAt: at,
      lastAt: at,
      datagrams: 0,
      recent: [],
    };
    this.peers.delete(key);
    this.peers.set(key, p);
    p.lastAt = at;
    p.datagrams++;
    const r: RealPeerRequest = { at, packet: seq, line: datagramLine(summary), meaning };
    p.recent.push(r);
    if (p.recent.length > REAL_PEER_REQUESTS) p.recent.shift();
    if (this.peers.size > REAL_PEERS_KEPT)
      this.peers.delete(this.peers.keys().next().value as string);
  }

  /** A clientid a peer named was bound to it (connection mode). */
  bound(peer: Endpoint, clientId: string): void {
    const p = this.peers.get(endpointKey(peer));
    if (p) p.clientId = clientId;
  }

  /**
   * A datagram the gateway sent to `to`, journaled as `seq`: the channel it speaks for, and, when
   * `cause` is one of that peer's datagrams not yet answered, its reply.
   */
  answered(
    to: Endpoint,
    channel: string | undefined,
    seq: number,
    summary: DatagramSummary,
    cause: number | undefined,
    outcome: Msg | undefined,
  ): void {
    const p = this.peers.get(endpointKey(to));
    if (!p) return;
    if (channel !== undefined) p.channel = channel;
    const r = cause !== undefined ? p.recent.find((q) => q.packet === cause) : undefined;
    if (r && !r.reply) r.reply = { code: summary.code ?? summary.type ?? '', packet: seq, outcome };
  }
}
