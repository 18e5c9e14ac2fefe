import {
  CLOSE_TOO_MANY_WAITING,
  FROM_DEST,
  FROM_PEERS,
  TO_DEST,
  TO_PEERS,
  decodeFrame,
  encodeFrames,
  parseControl,
} from '../wire/frames';
import type { ControlMessage } from '../wire/frames';
import type { Endpoint } from '../wire/endpoint';
import { msg, type Msg } from '../wire/msg';
import type { ApiAnswer } from '../wire/api';
import type { ExternalDatagram } from '../sim';
import type { RelayState } from './api';
import type { ApiRequest } from './operator';

/** What the relay link drives: the host's side of real traffic. */
export interface RelayPort {
  attachRelay(
    sink: (datagrams: ExternalDatagram[]) => void,
    coap: Endpoint,
    url: string,
    takenBackFrom?: string,
  ): void;
  attachOutbound(sink: (datagrams: ExternalDatagram[]) => void, allow: string[]): void;
  receiveExternal(datagrams: ReadonlyArray<{ peer: Endpoint; bytes: Uint8Array }>): void;
  receiveFromServers(datagrams: ReadonlyArray<{ peer: Endpoint; bytes: Uint8Array }>): void;
  outboundRefused(dest: Endpoint, reason: string): void;
  setRelayState(state: RelayState): void;
  /** A management API call the relay forwarded (its REST routes): the answer goes back to it. */
  api(request: ApiRequest): ApiAnswer | Promise<ApiAnswer>;
}

/** Reconnect delays: 1 s doubling to 30 s. */
const backoff = (attempt: number) => Math.min(30_000, 1000 * 2 ** Math.min(attempt, 5));

/**
 * The worker's side of the relay: a WebSocket to `/relay` on the page's own origin, held in the
 * worker so real traffic never waits on the page's main thread. It reconnects with back-off when
 * the socket drops. When a newer page takes the relay over, it keeps the socket open and waits:
 * the relay welcomes it again, with the UDP port, when that page goes away.
 */
export class RelayLink {
  private ws: WebSocket | undefined;
  private attempt = 0;
  private stopped = false;
  /** The page that took the UDP port over, while this one waits. */
  private takenBy: string | undefined;

  constructor(
    private readonly host: RelayPort,
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
          const send = (kind: typeof TO_PEERS | typeof TO_DEST) => (out: ExternalDatagram[]) => {
            const datagrams = out.map((d) => ({ peer: d.to, bytes: d.bytes }));
            for (const frame of encodeFrames(kind, datagrams)) ws.send(frame);
          };
          this.host.attachRelay(send(TO_PEERS), m.coap, m.http, m.takenBackFrom);
          // A relay that tells its allowlist can send to real servers (older ones cannot).
          if (m.outbound) this.host.attachOutbound(send(TO_DEST), m.outbound.allow);
        } else if (m?.type === 'refused') {
          this.host.outboundRefused(m.dest, m.reason);
        } else if (m?.type === 'api-request') {
          const fail = (e: unknown): ApiAnswer => ({
            status: 500,
            body: { code: 'UNKNOWN_ERROR', message: e instanceof Error ? e.message : String(e) },
          });
          const reply = (answer: ApiAnswer) => {
            // The socket may have gone while a device was being waited for: the relay told curl.
            if (ws.readyState !== ws.OPEN) return;
            ws.send(
              JSON.stringify({
                v: 1,
                type: 'api-response',
                id: m.id,
                status: answer.status,
                ...(answer.body === undefined ? {} : { body: answer.body }),
              } satisfies ControlMessage),
            );
          };
          let answer: ApiAnswer | Promise<ApiAnswer>;
          try {
            answer = this.host.api(m);
          } catch (e) {
            answer = fail(e);
          }
          if (answer instanceof Promise) answer.then(reply, (e: unknown) => reply(fail(e)));
          else reply(answer);
        } else if (m?.type === 'taken-over') {
          this.takenBy = m.by;
          this.host.setRelayState({ state: 'taken-over', by: m.by, waiting: true });
        }
        return;
      }
      const frame = decodeFrame(new Uint8Array(ev.data as ArrayBuffer));
      if (frame.ok && frame.kind === FROM_PEERS) this.host.receiveExternal(frame.datagrams);
      else if (frame.ok && frame.kind === FROM_DEST) this.host.receiveFromServers(frame.datagrams);
    };
    ws.onclose = (ev: CloseEvent) => {
      if (this.ws !== ws || this.stopped) return;
      if (ev.code === CLOSE_TOO_MANY_WAITING) {
        // Reconnecting would take the port from the page that has it: wait for a reload.
        this.stopped = true;
        this.host.setRelayState({
          state: 'taken-over',
          by: this.takenBy ?? 'a newer page',
          waiting: false,
        });
        return;
      }
      this.retry(
        welcomed ? msg('shell:relay.reason.dropped') : msg('shell:relay.reason.no-answer'),
      );
    };
  }

  /** Stops reconnecting and closes the socket. */
  stop(): void {
    this.stopped = true;
    this.ws?.close();
  }

  private retry(reason: Msg | string): void {
    if (this.stopped) return;
    const wait = backoff(this.attempt++);
    this.host.setRelayState({ state: 'unavailable', retryIn: wait, reason });
    setTimeout(() => this.start(), wait);
  }
}
