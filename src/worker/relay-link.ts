import {
  FROM_DEST,
  FROM_PEERS,
  MAX_BATCH,
  TO_DEST,
  TO_PEERS,
  decodeFrame,
  encodeFrame,
  parseControl,
} from '../relay/frames';
import type { PlaygroundHost } from './host';

/** Reconnect delays: 1 s doubling to 30 s. */
const backoff = (attempt: number) => Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));

/**
 * The worker's side of the relay: a WebSocket to `/relay` on the page's own origin, held in the
 * worker so real traffic never waits on the page's main thread. It reconnects with back-off when
 * the socket drops, and stops when a newer page takes the relay over.
 */
export class RelayLink {
  private ws: WebSocket | undefined;
  private attempt = 0;
  private stopped = false;

  constructor(
    private readonly host: PlaygroundHost,
    private readonly url: string,
    /** The WebSocket class: the browser's by default; tests in Node pass the `ws` package's. */
    private readonly Socket: typeof WebSocket = globalThis.WebSocket,
    private readonly options: { origin?: string } = {},
  ) {}

  start(): void {
    if (this.stopped) return;
    this.host.setRelayState({ state: 'connecting', attempt: this.attempt });
    let ws: WebSocket;
    try {
      // A browser sends its Origin itself; the `ws` package takes it as an option.
      ws = this.options.origin
        ? new (this.Socket as unknown as new (url: string, o: object) => WebSocket)(this.url, {
            origin: this.options.origin,
          })
        : new this.Socket(this.url);
    } catch (e) {
      this.retry(e instanceof Error ? e.message : String(e));
      return;
    }
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    let welcomed = false;
    ws.onmessage = (ev: MessageEvent) => {
      if (typeof ev.data === 'string') {
        const m = parseControl(ev.data);
        if (m?.type === 'welcome') {
          welcomed = true;
          this.attempt = 0;
          this.host.attachRelay(
            (out) => {
              for (let i = 0; i < out.length; i += MAX_BATCH) {
                ws.send(
                  encodeFrame(
                    TO_PEERS,
                    out.slice(i, i + MAX_BATCH).map((d) => ({ peer: d.to, bytes: d.bytes })),
                  ),
                );
              }
            },
            m.coap,
            m.http,
          );
          // A relay that tells its allowlist can send to real servers (older ones cannot).
          if (m.outbound)
            this.host.attachOutbound((out) => {
              for (let i = 0; i < out.length; i += MAX_BATCH)
                ws.send(
                  encodeFrame(
                    TO_DEST,
                    out.slice(i, i + MAX_BATCH).map((d) => ({ peer: d.to, bytes: d.bytes })),
                  ),
                );
            }, m.outbound.allow);
        } else if (m?.type === 'refused') {
          this.host.outboundRefused(m.dest, m.reason);
        } else if (m?.type === 'taken-over') {
          this.stopped = true;
          this.host.setRelayState({ state: 'taken-over', by: m.by });
        }
        return;
      }
      const frame = decodeFrame(new Uint8Array(ev.data as ArrayBuffer));
      if (frame.ok && frame.kind === FROM_PEERS) this.host.receiveExternal(frame.datagrams);
      else if (frame.ok && frame.kind === FROM_DEST) this.host.receiveFromServers(frame.datagrams);
    };
    ws.onclose = () => {
      if (this.ws !== ws || this.stopped) return;
      this.retry(
        welcomed
          ? 'the relay connection dropped'
          : 'no relay answered at /relay (is the page served by `npm start`?)',
      );
    };
  }

  /** Stops reconnecting and closes the socket. */
  stop(): void {
    this.stopped = true;
    this.ws?.close();
  }

  private retry(reason: string): void {
    if (this.stopped) return;
    const wait = backoff(this.attempt++);
    this.host.setRelayState({ state: 'unavailable', retryIn: wait, reason });
    setTimeout(() => this.start(), wait);
  }
}
