import type { CoapMessage } from '../coap';
import type { MqttMessage, QoS } from '../broker';
import { MessageLayer } from '../messaging';
import type { Random, TransmissionParams } from '../messaging';
import { keepaliveTiming } from './config';
import type { Endpoint } from './events';

/** One observe relation (gateway-behaviour §1.9): keyed by the mounted filter, it keeps the FIRST token. */
export interface Observation {
  /** The mounted topic filter, as subscribed in the broker. */
  filter: string;
  /** The topic the client asked for, unmounted. */
  topic: string;
  token: Uint8Array;
  /** The last Observe value sent. */
  seq: number;
  qos: QoS;
  nl: boolean;
  rh: 0 | 1 | 2;
  since: number;
  notifications: number;
}

export interface QueuedNotification {
  filter: string;
  message: MqttMessage;
  queuedAt: number;
}

export type ConnState = 'idle' | 'connected' | 'closed';

/**
 * A channel (gateway-behaviour §1.1): the gateway's per-peer (connectionless) or per-clientid (connection mode)
 * process, with its session: the transport manager, the observe manager, the notification queue
 * and the keep-alive state.
 */
export class Channel {
  connState: ConnState = 'idle';
  token: string | undefined;
  username: string | undefined;
  mountpoint = '';
  readonly layer: MessageLayer;
  readonly observes = new Map<string, Observation>();
  readonly queue: QueuedNotification[] = [];
  /** Message ID of the CON notification in flight (window of 1, gateway-behaviour §1.10). */
  inflight: number | undefined;

  // Keep-alive (gateway-behaviour §1.6, emqx_keepalive): recv_pkt counts well-formed inbound datagrams.
  recvPkt = 0;
  lastRecvAt: number;
  /** The last datagram that counted, summarized only when someone asks (keep-alive events, snapshots). */
  lastRecv: CoapMessage | undefined;
  /** The host's reference for that datagram (`Gateway.receive`'s `ref`), echoed in keep-alive events. */
  lastRecvRef: number | undefined;
  private statval = 0;
  idle = 0;
  readonly checkInterval: number;
  readonly maxIdle: number;
  nextCheck: number;

  sent = 0;
  dropped = 0;
  /** When the channel connected (virtual ms): the REST API's `connected_at`. */
  connectedAt: number | undefined;

  constructor(
    readonly id: string,
    public peer: Endpoint,
    public clientId: string,
    readonly mode: 'connection' | 'connectionless',
    readonly createdAt: number,
    heartbeat: number,
    random: Random,
    params: TransmissionParams,
  ) {
    this.layer = new MessageLayer({ random, params });
    const timing = keepaliveTiming(heartbeat);
    this.checkInterval = timing.checkInterval;
    this.maxIdle = timing.maxIdle;
    this.nextCheck = createdAt + this.checkInterval;
    this.lastRecvAt = createdAt;
  }

  get subscriberId(): string {
    return `coap:${this.id}`;
  }

  /** Counts a well-formed inbound datagram for keep-alive. */
  received(now: number, message: CoapMessage, ref: number | undefined): void {
    this.recvPkt++;
    this.lastRecvAt = now;
    this.lastRecv = message;
    this.lastRecvRef = ref;
  }

  /**
   * One keep-alive check (emqx_keepalive:check/2): traffic since the last check resets the idle
   * time; otherwise idle grows by the interval, and the channel times out once idle + interval
   * reaches max_idle.
   */
  checkKeepalive(): 'reset' | 'idle' | 'timeout' {
    this.nextCheck += this.checkInterval;
    if (this.recvPkt !== this.statval) {
      this.statval = this.recvPkt;
      this.idle = 0;
      return 'reset';
    }
    if (this.idle + this.checkInterval >= this.maxIdle) return 'timeout';
    this.idle += this.checkInterval;
    return 'idle';
  }

  /**
   * When keep-alive will close this channel if nothing more arrives: the check at which
   * idle + interval reaches max_idle, counting a reset at the next check if traffic is pending.
   */
  expiresAt(): number {
    let idle = this.idle;
    let at = this.nextCheck;
    if (this.recvPkt !== this.statval) {
      // Traffic since the last check: the next check only resets the idle time.
      idle = 0;
      at += this.checkInterval;
    }
    while (idle + this.checkInterval < this.maxIdle) {
      idle += this.checkInterval;
      at += this.checkInterval;
    }
    return at;
  }

  /** The next Observe value for an observation (gateway-behaviour §1.10): max(time-based seq, previous + 1), 24 bits. */
  nextSeq(obs: Observation, now: number, profile: '6.x' | '5.x'): number {
    const seq =
      profile === '5.x'
        ? (obs.seq + 1) & 0xffffff || 1
        : Math.max(timeSeq(now), (obs.seq + 1) & 0xffffff) & 0xffffff;
    obs.seq = seq;
    return seq;
  }
}

/**
 * The reference's time-based Observe value (emqx_coap_observe_res:current_seq/0):
 * monotonic_time(µs) div 31, masked to 24 bits.
 */
export const timeSeq = (now: number): number => Math.floor((now * 1000) / 31) & 0xffffff;
