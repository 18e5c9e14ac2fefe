// The page's outbound traffic (kind-3 frames): datagrams a simulated client sends to a real CoAP
// server. Sent from the relay's own UDP sockets (never the CoAP server socket), only to
// destinations the allowlist admits, and only answers from a destination it sent to come back.
import { createSocket } from 'node:dgram';
import type { RemoteInfo, Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { AllowList } from './allowlist.ts';
import { MAX_BATCH, MAX_DATAGRAM } from '../wire/frames.ts';
import type { RelayDatagram } from '../wire/frames.ts';
import { endpointKey } from '../wire/endpoint.ts';
import type { Endpoint } from '../wire/endpoint.ts';

export interface OutboundStats {
  /** Datagrams sent to allowed destinations. */
  sent: number;
  /** Datagrams refused: destination not on the allowlist, or bad. */
  refused: number;
  /** Answers passed back to the page. */
  answered: number;
  /** Datagrams dropped: from a destination not sent to, too many queued, or a send error. */
  dropped: number;
}

export interface OutboundOptions {
  allow: AllowList;
  /** Answers for the page, batched. */
  deliver: (datagrams: RelayDatagram[]) => void;
  /** A destination was refused, or sending to it failed. */
  refuse: (dest: Endpoint, reason: string) => void;
  /** Whether the page can take more (its socket is not backed up). */
  ready: () => boolean;
  /** How long after the last datagram sent to a destination its answers are let in. Default 5 min. */
  answerWindow?: number;
  stats: OutboundStats;
  log?: (line: string) => void;
}

/** The most destinations remembered at once; the least recently used is forgotten beyond it. */
const MAX_DESTINATIONS = 256;
const MAX_PENDING = 4 * MAX_BATCH;

/** One page's outbound sockets (IPv4 and IPv6, opened when first needed). */
export class Outbound {
  private sockets: { udp4?: Socket; udp6?: Socket } = {};
  /** Destinations sent to, with when, least recent first. */
  private readonly sentTo = new Map<string, number>();
  private pending: RelayDatagram[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly answerWindow: number;

  constructor(private readonly o: OutboundOptions) {
    this.answerWindow = o.answerWindow ?? 300_000;
  }

  send(datagrams: readonly RelayDatagram[]): void {
    if (this.closed) return;
    for (const d of datagrams) {
      const verdict = this.o.allow.check(d.peer);
      if (!verdict.ok) {
        this.o.stats.refused++;
        this.o.refuse(d.peer, verdict.reason);
        continue;
      }
      const address = verdict.address;
      const k = endpointKey({ address, port: d.peer.port });
      this.sentTo.delete(k);
      this.sentTo.set(k, Date.now());
      if (this.sentTo.size > MAX_DESTINATIONS)
        this.sentTo.delete(this.sentTo.keys().next().value as string);
      this.o.stats.sent++;
      this.socket(isIPv6(address) ? 'udp6' : 'udp4').send(d.bytes, d.peer.port, address, (e) => {
        if (!e) return;
        this.o.stats.dropped++;
        this.o.refuse(d.peer, `could not send to ${address}:${d.peer.port}: ${e.message}`);
      });
    }
  }

  close(): void {
    this.closed = true;
    this.pending = [];
    for (const s of Object.values(this.sockets)) s?.close();
    this.sockets = {};
  }

  private socket(type: 'udp4' | 'udp6'): Socket {
    const existing = this.sockets[type];
    if (existing) return existing;
    const s = createSocket({ type });
    s.on('error', (e) => this.o.log?.(`outbound ${type} error: ${e.message}`));
    s.on('message', (msg: Buffer, rinfo: RemoteInfo) => this.answer(msg, rinfo));
    this.sockets[type] = s;
    return s;
  }

  private answer(msg: Buffer, rinfo: RemoteInfo): void {
    const address = rinfo.family === 'IPv6' ? rinfo.address.split('%')[0] : rinfo.address;
    const at = this.sentTo.get(endpointKey({ address, port: rinfo.port }));
    if (
      this.closed ||
      at === undefined ||
      Date.now() - at > this.answerWindow ||
      msg.length > MAX_DATAGRAM ||
      this.pending.length >= MAX_PENDING ||
      !this.o.ready()
    ) {
      this.o.stats.dropped++;
      return;
    }
    this.o.stats.answered++;
    this.pending.push({
      peer: { address, port: rinfo.port },
      bytes: new Uint8Array(msg.buffer, msg.byteOffset, msg.length),
    });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        const batch = this.pending;
        this.pending = [];
        for (let i = 0; i < batch.length && !this.closed; i += MAX_BATCH)
          this.o.deliver(batch.slice(i, i + MAX_BATCH));
      });
    }
  }
}
