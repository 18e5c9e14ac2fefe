import type { QoS } from '../broker';
import type { Endpoint } from '../wire/endpoint';
import type { Msg } from '../wire/msg';

/** A UDP peer: the one endpoint type of src/wire, here for the gateway's users. */
export type { Endpoint };
export { endpointKey } from '../wire/endpoint';

export type CloseReason =
  | 'deleted'
  | 'keepalive-timeout'
  | 'login-failed'
  | 'discarded'
  | 'takenover'
  | 'crashed'
  | 'kicked';

/**
 * Everything the gateway does that a learner may want explained, with its cause. The host stamps
 * each with the time it came out of the gateway.
 */
export type GatewayEvent =
  | {
      kind: 'channel-opened';
      channel: string;
      peer: Endpoint;
      clientId: string;
      mode: 'connection' | 'connectionless';
    }
  | {
      kind: 'channel-closed';
      channel: string;
      clientId: string;
      reason: CloseReason;
      /** Why, in words (a `gateway:` message). */
      detail: Msg;
      subscriptions: string[];
    }
  | {
      kind: 'connected';
      channel: string;
      clientId: string;
      username?: string;
      token: string;
      discarded?: string;
    }
  | { kind: 'login-failed'; channel: string; reason: string }
  | { kind: 'takeover'; channel: string; from: string; clientId: string }
  | { kind: 'peer-bound'; peer: Endpoint; clientId: string }
  /** A datagram for this channel came from another address: notifications now go there. */
  | { kind: 'peer-moved'; channel: string; from: Endpoint; to: Endpoint }
  /**
   * Traffic since the last check reset the idle time. `cause`: the last datagram that counted;
   * `datagram`: the reference the host gave it (`Gateway.receive`'s `ref`), when it gave one.
   */
  | {
      kind: 'keepalive-reset';
      channel: string;
      cause: string;
      datagram?: number;
      expiresBy: number;
    }
  | { kind: 'keepalive-idle'; channel: string; idle: number; maxIdle: number }
  | {
      kind: 'request';
      channel: string;
      summary: string;
      code: number | undefined;
      /** What the gateway made of the request and why, in words (a `gateway:` message). */
      explanation: Msg;
    }
  | {
      kind: 'published';
      channel: string;
      clientId: string;
      topic: string;
      qos: QoS;
      retain: boolean;
      expiry?: number;
      deliveries: number;
      /** Where the QoS came from (the query, or publish_qos and the message type). */
      qosFrom: Msg;
      /** The broker is a real one (issue 7): it delivers, later; `deliveries` is then 0. */
      remote?: true;
    }
  | { kind: 'observe-added'; channel: string; topic: string; token: string; qos: QoS; seq: number }
  | { kind: 'observe-kept'; channel: string; topic: string; token: string; newToken: string }
  | { kind: 'observe-cancelled'; channel: string; topic: string; existed: boolean; purged: number }
  | {
      kind: 'notification';
      channel: string;
      topic: string;
      type: 'CON' | 'NON';
      /** Why CON or NON: `gateway:notify.qos`, `gateway:notify.forced` or `gateway:notify.legacy-non`. */
      why: Msg;
      messageId: number;
      seq: number;
      token: string;
    }
  | { kind: 'notification-queued'; channel: string; topic: string; depth: number }
  | {
      kind: 'notification-dropped';
      channel: string;
      topic: string;
      reason: 'queue-full' | 'no-observer';
    }
  | { kind: 'retransmission'; channel: string; messageId: number; attempt: number; nextIn: number }
  | { kind: 'acked'; channel: string; messageId: number; roundTrip: number }
  | { kind: 'reset'; channel: string; messageId: number; kept: boolean }
  | { kind: 'gave-up'; channel: string; messageId: number; transmissions: number }
  | { kind: 'duplicate'; channel: string; messageId: number; replayed: boolean }
  | {
      kind: 'frame-error';
      peer: Endpoint;
      /** The decode error (`gateway:decode.<code>`) or the frame check that failed, in words. */
      reason: Msg;
      offset: number;
      action: 'rst' | 'ignored' | 'dropped';
    }
  /** `why`: a `gateway:ignored.*` message (`gateway:ignored.ping` for a CoAP ping). */
  | { kind: 'ignored'; channel?: string; peer: Endpoint; why: Msg }
  /**
   * The broker's `$SYS` client event for a connect or a disconnect (emqx_sys:on_client_connected/2,
   * on_client_disconnected/3): published to `topic` with `deliveries` subscribers. Not `published`
   * on a real broker: brokers drop a client's publish to `$SYS` (EMQX publishes these itself).
   */
  | {
      kind: 'sys-event';
      channel: string;
      clientId: string;
      event: 'connected' | 'disconnected';
      topic: string;
      deliveries: number;
      published: boolean;
    }
  /**
   * A request down to a device for the management API (POST …/clients/:clientid/request, call
   * `request`): sent, acknowledged, answered, and how the call ended.
   */
  | {
      kind: 'downlink';
      channel: string;
      clientId: string;
      request: number;
      what:
        | 'sent'
        | 'not-sent'
        | 'acked'
        | 'answered'
        | 'reset'
        | 'gave-up'
        | 'too-large'
        | 'done'
        | 'timeout'
        | 'bad-response';
      /** The Message ID concerned; -1 when none. */
      messageId: number;
      detail: Msg;
    }
  | {
      kind: 'block';
      channel: string;
      direction: 'block1' | 'block2';
      num: number;
      more: boolean;
      size: number;
      total?: number;
    };

export type GatewayEventKind = GatewayEvent['kind'];
