import { createSocket } from 'node:dgram';
import type { RemoteInfo, Socket } from 'node:dgram';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { BlockList, isIPv6 } from 'node:net';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import {
  FROM_DEST,
  FROM_PEERS,
  CLOSE_TOO_MANY_WAITING,
  MAX_BATCH,
  MAX_DATAGRAM,
  MAX_FRAME_BYTES,
  TO_DEST,
  TO_PEERS,
  decodeFrame,
  encodeFrames,
} from '../wire/frames.ts';
import type { ControlMessage, RelayDatagram } from '../wire/frames.ts';
import { endpointKey } from '../wire/endpoint.ts';
import type { Endpoint } from '../wire/endpoint.ts';
import { staticHandler } from './static.ts';
import { AllowList, unmapIpv4 } from './allowlist.ts';
import { Outbound } from './outbound.ts';
import type { OutboundStats } from './outbound.ts';
import { HostAllowList, originMatches, targetPath } from './trust.ts';
import { RelayApi } from './api.ts';
import type { ApiKey } from './api.ts';

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
  /**
   * Host names the HTTP server and the WebSocket answer to besides loopback and the bound
   * address (`--allowed-host`); `.example.lan` admits every name under it.
   */
  allowedHosts?: readonly string[];
  /** Most pages kept waiting for the UDP port after a newer one took it. Default 16. */
  maxWaiting?: number;
  /**
   * Serve the management API (`/api/v5/gateways/coap/clients…`) behind HTTP Basic with this key
   * and secret. Only on the relay's own HTTP server, not on one it is attached to (Vite's).
   */
  apiKey?: ApiKey;
  /** How long the page has to answer an API call, ms. Default 5000. */
  apiTimeout?: number;
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
  /** HTTP requests and WebSocket upgrades refused: a foreign Host or Origin, a bad target. */
  refusedRequests: number;
  /** The page's own datagrams to real servers (kind-3 frames) and their answers. */
  outbound: OutboundStats;
}

export interface Relay {
  url: string;
  coap: Endpoint;
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

/** Vite's own WebSocket protocols (HMR and its ping) under `npm run dev`: Vite answers those. */
const VITE_PROTOCOLS = new Set(['vite-hmr', 'vite-ping']);

/** Logs at most `burst` lines per `per` ms, then says how many it held back. */
function limitedLog(log: (line: string) => void, burst = 10, per = 10_000) {
  let windowStart = 0;
  let shown = 0;
  let held = 0;
  return (line: string) => {
    const now = Date.now();
    if (now - windowStart > per) {
      if (held) log(`… and ${held} more refused requests`);
      windowStart = now;
      shown = held = 0;
    }
    if (shown++ < burst) log(line);
    else held++;
  };
}

/** Answers a raw socket (an upgrade the relay will not take) with `status` and closes it. */
function refuseSocket(socket: Duplex, status: 400 | 403 | 404, reason: string): void {
  const text = { 400: 'Bad Request', 403: 'Forbidden', 404: 'Not Found' }[status];
  const body = `${reason}\n`;
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nX-Content-Type-Options: nosniff\r\n\r\n${body}`,
  );
}

function refuseResponse(res: ServerResponse, status: 400 | 403 | 404, reason: string): void {
  res
    .writeHead(status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'X-Content-Type-Options': 'nosniff',
      Connection: 'close',
    })
    .end(`${reason}\n`);
}

/** Whether an address reaches this machine: loopback, the bound one, or any of ours for a wildcard bind. */
function localAddresses(bound: readonly string[]): (address: string) => boolean {
  const loopback = new BlockList();
  loopback.addSubnet('127.0.0.0', 8, 'ipv4');
  loopback.addAddress('::1', 'ipv6');
  const mine = new Set(bound.map((a) => unmapIpv4(a).toLowerCase()));
  if (bound.some((a) => a === '0.0.0.0' || a === '::'))
    for (const list of Object.values(networkInterfaces()))
      for (const i of list ?? []) mine.add(i.address.toLowerCase());
  return (address) =>
    mine.has(address.toLowerCase()) || loopback.check(address, isIPv6(address) ? 'ipv6' : 'ipv4');
}

/** One page's WebSocket: the owner of the UDP port, or a page waiting to take it back. */
interface PageLink {
  ws: WebSocket;
  name: string;
  outbound: Outbound;
}

/**
 * The relay: real UDP on one side, the page's worker over a WebSocket on the other, and the
 * built app over HTTP, from one Node process on one origin. One page owns the UDP port at a
 * time; a newer page takes it over and the older ones wait, the newest of them taking it back
 * when the owner goes. Only requests to this machine's names and the page's own origin are
 * served; queues and frames are bounded; nothing a peer or page sends can stop it.
 */
export async function startRelay(options: RelayOptions = {}): Promise<Relay> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const refusedLog = limitedLog(log);
  const maxBuffered = options.maxBuffered ?? 4 * 1024 * 1024;
  const peerMemory = options.peerMemory ?? 600_000;
  const maxWaiting = options.maxWaiting ?? 16;
  const stats: RelayStats = {
    received: 0,
    sent: 0,
    dropped: 0,
    badFrames: 0,
    refused: 0,
    noPage: 0,
    pages: 0,
    refusedRequests: 0,
    outbound: { sent: 0, refused: 0, answered: 0, dropped: 0 },
  };
  const coapHost = options.coapHost ?? host;
  const hosts = new HostAllowList([host, coapHost], options.allowedHosts);
  const refuse = (what: string, why: string) => {
    stats.refusedRequests++;
    refusedLog(`refused ${what}: ${why}`);
  };
  const serve = options.staticDir ? staticHandler(options.staticDir) : undefined;
  const own = !options.server;
  let owner: PageLink | undefined;
  let pageUrl = '';
  const api =
    own && options.apiKey
      ? new RelayApi({
          apiKey: options.apiKey,
          pageUrl: () => pageUrl,
          log,
          timeout: options.apiTimeout,
          forward: (m) => {
            if (!owner || owner.ws.readyState !== owner.ws.OPEN) return undefined;
            sendControl(owner.ws, m);
            return owner;
          },
        })
      : undefined;
  const server =
    options.server ??
    createServer({ headersTimeout: 10_000, requestTimeout: 30_000 }, (req, res) => {
      if (!hosts.allows(req.headers.host)) {
        const why = hosts.refusal(req.headers.host);
        refuse(`${req.method} from Host ${JSON.stringify(req.headers.host ?? '')}`, why);
        refuseResponse(res, req.headers.host ? 403 : 400, why);
        return;
      }
      if (api && targetPath(req.url).startsWith('/api/')) {
        api.handle(req, res);
        return;
      }
      if (!serve) {
        res.writeHead(404).end();
        return;
      }
      serve(req, res).catch((e: Error) => {
        log(`could not serve ${targetPath(req.url)}: ${e.message}`);
        if (res.headersSent) res.destroy();
        else res.writeHead(500, { 'Content-Type': 'text/plain' }).end('could not read the file');
      });
    });
  if (own) {
    // A request line or header Node cannot parse: answer 400 and close, as Node would, and say so.
    server.on('clientError', (e: NodeJS.ErrnoException, socket: Duplex) => {
      if (e.code !== 'ECONNRESET') refuse('a malformed HTTP request', e.code ?? e.message);
      if (socket.writable) refuseSocket(socket, 400, 'the request does not parse');
      else socket.destroy();
    });
    await new Promise<void>((ok, fail) =>
      server.once('error', fail).listen(options.port ?? 5173, host, () => ok()),
    );
  }
  // An attached server (Vite's) may not be listening yet.
  if (!server.listening) await new Promise((ok) => server.once('listening', ok));
  const httpPort = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${httpPort}`;
  pageUrl = `${url}/`;

  const udp: Socket = createSocket({ type: coapHost.includes(':') ? 'udp6' : 'udp4' });
  await new Promise<void>((ok, fail) =>
    udp.once('error', fail).bind(options.coapPort ?? 5683, coapHost, () => ok()),
  );
  udp.on('error', (e) => log(`udp error: ${e.message}`));
  const coap: Endpoint = { address: coapHost, port: udp.address().port };
  const allowDest = (options.allowDest ?? new AllowList()).withOwnPorts({
    ports: [
      { port: httpPort, what: 'HTTP' },
      { port: coap.port, what: 'CoAP' },
    ],
    isLocal: localAddresses([host, coapHost]),
  });

  /** Pages a newer one displaced, oldest first: the newest takes the port back when it is free. */
  const waiting: PageLink[] = [];
  const recentPeers = new Map<string, number>();
  let pending: RelayDatagram[] = [];
  let flushScheduled = false;

  const flush = () => {
    flushScheduled = false;
    const batch = pending;
    pending = [];
    if (!owner || batch.length === 0) return;
    for (const frame of encodeFrames(FROM_PEERS, batch)) owner.ws.send(frame);
  };

  udp.on('message', (msg: Buffer, rinfo: RemoteInfo) => {
    stats.received++;
    const peer = { address: rinfo.address, port: rinfo.port };
    recentPeers.set(endpointKey(peer), Date.now());
    if (recentPeers.size > 10_000) recentPeers.delete(recentPeers.keys().next().value as string);
    if (msg.length > MAX_DATAGRAM) {
      stats.dropped++;
      return;
    }
    if (!owner) {
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
    if (owner.ws.bufferedAmount > maxBuffered || pending.length >= 16 * MAX_BATCH) {
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
  const welcome = (p: PageLink, takenBackFrom?: string) =>
    sendControl(p.ws, {
      v: 1,
      type: 'welcome',
      coap,
      http: url,
      relayVersion: RELAY_VERSION,
      outbound: { allow: allowDest.describe() },
      ...(takenBackFrom ? { takenBackFrom } : {}),
    });

  const wss = new WebSocketServer({
    noServer: true,
    // The largest frame a page may legitimately send; a peer cannot make the relay buffer more.
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
  });
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node stops watching an upgraded socket: a reset before the answer must not throw.
    socket.on('error', () => socket.destroy());
    const path = targetPath(req.url);
    if (path !== RELAY_PATH) {
      if (!own && VITE_PROTOCOLS.has(String(req.headers['sec-websocket-protocol']))) return;
      refuse(`a WebSocket to ${JSON.stringify(path.slice(0, 100))}`, 'no such path');
      refuseSocket(socket, 404, `no WebSocket here: the relay's is at ${RELAY_PATH}`);
      return;
    }
    if (!hosts.allows(req.headers.host)) {
      const why = hosts.refusal(req.headers.host);
      refuse(`a WebSocket from Host ${JSON.stringify(req.headers.host ?? '')}`, why);
      refuseSocket(socket, req.headers.host ? 403 : 400, why);
      return;
    }
    const scheme = 'encrypted' in req.socket ? 'https' : 'http';
    if (!originMatches(req.headers.origin, req.headers.host, scheme)) {
      const why = `the relay accepts a WebSocket only from the page it serves (Origin ${scheme}://${req.headers.host})`;
      refuse(`a WebSocket from Origin ${JSON.stringify(req.headers.origin ?? '')}`, why);
      refuseSocket(socket, 403, why);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  };
  server.on('upgrade', onUpgrade);

  /** The newest waiting page still open takes the port; none: the relay answers 5.03 again. */
  const promote = (gone: string) => {
    for (let next = waiting.pop(); next; next = waiting.pop()) {
      if (next.ws.readyState !== next.ws.OPEN) continue;
      owner = next;
      log(`${next.name} takes the UDP port back (${gone} went away)`);
      welcome(next, gone);
      return;
    }
  };

  const attach = (ws: WebSocket) => {
    stats.pages++;
    const name = `page-${stats.pages}`;
    const ready = () => ws.readyState === ws.OPEN && ws.bufferedAmount <= maxBuffered;
    const link: PageLink = {
      ws,
      name,
      outbound: new Outbound({
        allow: allowDest,
        stats: stats.outbound,
        ready,
        log,
        deliver: (datagrams) => {
          for (const frame of encodeFrames(FROM_DEST, datagrams)) ws.send(frame);
        },
        refuse: (dest, reason) => {
          if (ready()) sendControl(ws, { v: 1, type: 'refused', dest, reason });
        },
      }),
    };
    if (owner) {
      sendControl(owner.ws, { v: 1, type: 'taken-over', by: name });
      log(`${owner.name} taken over by ${name}; it waits to take the port back`);
      waiting.push(owner);
      if (waiting.length > maxWaiting) {
        const oldest = waiting.shift();
        oldest?.ws.close(CLOSE_TOO_MANY_WAITING, 'too many pages wait for the relay');
      }
    }
    owner = link;
    log(`${name} attached`);
    welcome(link);
    ws.on('message', (data, isBinary) => {
      // Text is a control message: the relay reads only a page's answers to API calls.
      if (!isBinary) {
        if (api) {
          const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
          api.answer(link, buf.toString('utf8'));
        }
        return;
      }
      if (owner !== link) {
        stats.dropped++;
        return;
      }
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      const frame = decodeFrame(new Uint8Array(buf.buffer, buf.byteOffset, buf.length));
      if (frame.ok && frame.kind === TO_DEST) {
        link.outbound.send(frame.datagrams);
        return;
      }
      if (!frame.ok || frame.kind !== TO_PEERS) {
        stats.badFrames++;
        return;
      }
      const now = Date.now();
      for (const d of frame.datagrams) {
        // Only answer peers that spoke to us recently: the relay is not an open UDP proxy.
        const heard = recentPeers.get(endpointKey(d.peer));
        if (heard === undefined || now - heard > peerMemory) {
          stats.refused++;
          continue;
        }
        stats.sent++;
        udp.send(d.bytes, d.peer.port, d.peer.address);
      }
    });
    ws.on('close', () => {
      link.outbound.close();
      api?.detached(link);
      const i = waiting.indexOf(link);
      if (i >= 0) waiting.splice(i, 1);
      if (owner === link) {
        owner = undefined;
        pending = [];
        log(`${name} detached`);
        promote(name);
      }
    });
    // A frame the relay will not read (too big, not WebSocket): ws closes with its code (1009,
    // 1002…); a peer that does not finish the closing handshake is cut a second later.
    ws.on('error', (e) => {
      refuse(`a frame from ${name}`, e.message);
      setTimeout(() => ws.terminate(), 1000).unref();
    });
  };

  let closed = false;
  return {
    url,
    coap,
    stats,
    attached: () => owner !== undefined,
    close: async () => {
      if (closed) return;
      closed = true;
      api?.close();
      server.off('upgrade', onUpgrade);
      waiting.length = 0;
      for (const c of wss.clients) c.terminate();
      wss.close();
      udp.close();
      if (own) await new Promise<void>((ok) => server.close(() => ok()));
    },
  };
}
