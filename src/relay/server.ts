import { createSocket } from 'node:dgram';
import type { RemoteInfo, Socket } from 'node:dgram';
import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import {
  FROM_DEST,
  FROM_PEERS,
  MAX_BATCH,
  MAX_DATAGRAM,
  TO_DEST,
  TO_PEERS,
  decodeFrame,
  encodeFrame,
  parseControl,
} from './frames.ts';
import type { ControlMessage, Peer, RelayDatagram } from './frames.ts';
import { staticHandler } from './static.ts';
import { AllowList } from './allowlist.ts';
import { Outbound } from './outbound.ts';
import type { OutboundStats } from './outbound.ts';

export const RELAY_VERSION = '1';
export const RELAY_PATH = '/relay';

export interface RelayOptions {
  /** HTTP bind address. Default 127.0.0.1. */
  host?: string;
  /** HTTP port; 0 picks a free one. Default 5173. */
  port?: number;
  /** UDP (CoAP) bind address. Default: the HTTP host. */
  coapHost?: string;
  /** UDP port; 0 picks a free one. Default 5683. */
  coapPort?: number;
  /** The built app to serve; none to serve no files (Vite's dev server serves them). */
  staticDir?: string;
  /** Attach to this HTTP server (Vite's) instead of creating one. */
  server?: Server;
  /** Most bytes waiting in a page's WebSocket before datagrams are dropped. Default 4 MiB. */
  maxBuffered?: number;
  /** Peers the relay will send to: those heard from within this many ms. Default 10 minutes. */
  peerMemory?: number;
  log?: (line: string) => void;
  /** Where the page may send to (kind-3 frames). Default: loopback only. */
  allowDest?: AllowList;
}

export interface RelayStats {
  received: number;
  sent: number;
  /** Datagrams dropped: the page was too slow, a frame did not parse, or a destination was refused. */
  dropped: number;
  badFrames: number;
  refused: number;
  /** CON requests answered 5.03 because no page was attached. */
  noPage: number;
  pages: number;
  /** The page's own datagrams to real servers (kind-3 frames) and their answers. */
  outbound: OutboundStats;
}

export interface Relay {
  url: string;
  coap: Peer;
  stats: RelayStats;
  /** Whether a page is attached. */
  attached(): boolean;
  close(): Promise<void>;
}

/** RFC 7252 §4.2 piggy-backed 5.03 for a CON request when no page runs the gateway. */
export function serviceUnavailable(request: Uint8Array, text: string): Uint8Array | undefined {
  if (request.length < 4 || request[0] >> 6 !== 1) return undefined;
  const type = (request[0] >> 4) & 3;
  const tkl = request[0] & 0x0f;
  const code = request[1];
  if (type !== 0 || tkl > 8 || request.length < 4 + tkl || code < 1 || code > 31) return undefined;
  const payload = new TextEncoder().encode(text);
  const out = new Uint8Array(4 + tkl + 1 + payload.length);
  out[0] = 0x60 | tkl; // ACK, same token length
  out[1] = 0xa3; // 5.03 Service Unavailable
  out[2] = request[2];
  out[3] = request[3];
  out.set(request.subarray(4, 4 + tkl), 4);
  out[4 + tkl] = 0xff;
  out.set(payload, 5 + tkl);
  return out;
}

const peerKey = (p: Peer) => `${p.address}|${p.port}`;

/**
 * The relay: real UDP on one side, the page's worker over a WebSocket on the other, and the
 * built app over HTTP, from one Node process on one origin. One page owns the UDP port at a
 * time; a newer page takes over. Queues are bounded; nothing a peer or page sends can crash it.
 */
export async function startRelay(options: RelayOptions = {}): Promise<Relay> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const maxBuffered = options.maxBuffered ?? 4 * 1024 * 1024;
  const peerMemory = options.peerMemory ?? 600_000;
  const stats: RelayStats = {
    received: 0,
    sent: 0,
    dropped: 0,
    badFrames: 0,
    refused: 0,
    noPage: 0,
    pages: 0,
    outbound: { sent: 0, refused: 0, answered: 0, dropped: 0 },
  };
  const allowDest = options.allowDest ?? new AllowList();
  const serve = options.staticDir ? staticHandler(options.staticDir) : undefined;
  const own = !options.server;
  const server =
    options.server ??
    createServer((req, res) => {
      if (serve) void serve(req, res);
      else res.writeHead(404).end();
    });
  if (own)
    await new Promise<void>((ok, fail) =>
      server.once('error', fail).listen(options.port ?? 5173, host, () => ok()),
    );
  // An attached server (Vite's) may not be listening yet.
  if (!server.listening) await new Promise((ok) => server.once('listening', ok));
  const httpPort = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${httpPort}`;

  const coapHost = options.coapHost ?? host;
  const udp: Socket = createSocket({ type: coapHost.includes(':') ? 'udp6' : 'udp4' });
  await new Promise<void>((ok, fail) =>
    udp.once('error', fail).bind(options.coapPort ?? 5683, coapHost, () => ok()),
  );
  udp.on('error', (e) => log(`udp error: ${e.message}`));
  const coap: Peer = { address: coapHost, port: udp.address().port };

  let page: WebSocket | undefined;
  let pageName = '';
  const recentPeers = new Map<string, number>();
  let pending: RelayDatagram[] = [];
  let flushScheduled = false;

  const flush = () => {
    flushScheduled = false;
    const batch = pending;
    pending = [];
    if (!page || batch.length === 0) return;
    for (let i = 0; i < batch.length; i += MAX_BATCH)
      page.send(encodeFrame(FROM_PEERS, batch.slice(i, i + MAX_BATCH)));
  };

  udp.on('message', (msg: Buffer, rinfo: RemoteInfo) => {
    stats.received++;
    const peer = { address: rinfo.address, port: rinfo.port };
    recentPeers.set(peerKey(peer), Date.now());
    if (recentPeers.size > 10_000) recentPeers.delete(recentPeers.keys().next().value as string);
    if (msg.length > MAX_DATAGRAM) {
      stats.dropped++;
      return;
    }
    if (!page) {
      const reply = serviceUnavailable(
        msg,
        `No playground page is attached to this relay: open ${url}/ to run the gateway.`,
      );
      if (reply) {
        stats.noPage++;
        udp.send(reply, rinfo.port, rinfo.address);
      } else stats.dropped++;
      return;
    }
    if (page.bufferedAmount > maxBuffered || pending.length >= 16 * MAX_BATCH) {
      stats.dropped++;
      return;
    }
    pending.push({ peer, bytes: new Uint8Array(msg.buffer, msg.byteOffset, msg.length) });
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  });

  const sendControl = (ws: WebSocket, m: ControlMessage) => ws.send(JSON.stringify(m));

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 16 * 1024 * 1024,
    perMessageDeflate: false,
  });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== RELAY_PATH) return; // Vite's HMR socket etc.
    const origin = req.headers.origin;
    const hostHeader = req.headers.host;
    // Same-origin pages only: a page from elsewhere must not drive the UDP port.
    if (!origin || !hostHeader || new URL(origin).host !== hostHeader) {
      socket.end(
        'HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\n\r\nthe relay accepts only pages from its own origin\n',
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  };
  server.on('upgrade', onUpgrade);

  const attach = (ws: WebSocket) => {
    stats.pages++;
    const name = `page-${stats.pages}`;
    if (page) {
      sendControl(page, { v: 1, type: 'taken-over', by: name });
      page.close(4001, 'taken over by a newer page');
      log(`${pageName} taken over by ${name}`);
    }
    page = ws;
    pageName = name;
    log(`${name} attached`);
    sendControl(ws, {
      v: 1,
      type: 'welcome',
      coap,
      http: url,
      relayVersion: RELAY_VERSION,
      outbound: { allow: allowDest.describe() },
    });
    const ready = () => ws.readyState === ws.OPEN && ws.bufferedAmount <= maxBuffered;
    const outbound = new Outbound({
      allow: allowDest,
      stats: stats.outbound,
      ready,
      log,
      deliver: (datagrams) => ws.send(encodeFrame(FROM_DEST, datagrams)),
      refuse: (dest, reason) => {
        if (ready()) sendControl(ws, { v: 1, type: 'refused', dest, reason });
      },
    });
    ws.on('message', (data, isBinary) => {
      if (!isBinary) {
        parseControl(data.toString());
        return;
      }
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      const frame = decodeFrame(new Uint8Array(buf.buffer, buf.byteOffset, buf.length));
      if (frame.ok && frame.kind === TO_DEST && page === ws) {
        outbound.send(frame.datagrams);
        return;
      }
      if (!frame.ok || frame.kind !== TO_PEERS) {
        stats.badFrames++;
        return;
      }
      const now = Date.now();
      for (const d of frame.datagrams) {
        // Only answer peers that spoke to us recently: the relay is not an open UDP proxy.
        const heard = recentPeers.get(peerKey(d.peer));
        if (heard === undefined || now - heard > peerMemory) {
          stats.refused++;
          continue;
        }
        stats.sent++;
        udp.send(d.bytes, d.peer.port, d.peer.address);
      }
    });
    ws.on('close', () => {
      outbound.close();
      if (page === ws) {
        page = undefined;
        pending = [];
        log(`${name} detached`);
      }
    });
    ws.on('error', () => ws.terminate());
  };

  let closed = false;
  return {
    url,
    coap,
    stats,
    attached: () => page !== undefined,
    close: async () => {
      if (closed) return;
      closed = true;
      server.off('upgrade', onUpgrade);
      for (const c of wss.clients) c.terminate();
      wss.close();
      udp.close();
      if (own) await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
