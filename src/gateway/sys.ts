// The broker's `$SYS` client events for CoAP clients (emqx_gateway_cm / emqx_sys): their topic,
// their JSON payload, and which closes send one. Pure: the gateway publishes what this builds.
import type { Channel } from './channel';
import type { CloseReason } from './events';

/** The reference's node name in the playground (`$SYS/brokers/<node>/…`, the API's `node`). */
export const NODE_NAME = 'emqx@127.0.0.1';
/** The gateway's UDP port, as `$SYS` events give it (`sockport`). */
const SOCK_PORT = 5683;

/** How a close reason reads in a `$SYS` disconnected event; none: the reference sends no event. */
const SYS_REASON: Partial<Record<CloseReason, string>> = {
  deleted: 'normal',
  'keepalive-timeout': 'keepalive_timeout',
  kicked: 'kicked',
  takenover: 'takenover',
};

export const sysReasonOf = (reason: CloseReason): string | undefined => SYS_REASON[reason];

/**
 * `$SYS/brokers/<node>/gateway/coap/clients/<clientid>/connected` or `…/disconnected` and its
 * payload with the reference's fields; times are wall-clock ms.
 */
export function sysEventMessage(
  ch: Channel,
  event: 'connected' | 'disconnected',
  at: { node: string; now: number; connectedAt: number; reason?: string },
): { topic: string; payload: Uint8Array } {
  const common = {
    clientid: ch.clientId,
    username: ch.username ?? null,
    ipaddress: ch.peer.address,
    sockport: SOCK_PORT,
    protocol: 'coap',
    proto_name: 'CoAP',
    proto_ver: '1',
    connected_at: at.connectedAt,
    ts: at.now,
  };
  const body =
    event === 'connected'
      ? {
          ...common,
          conn_props: {},
          receive_maximum: 0,
          keepalive: Math.floor(ch.checkInterval / 1000),
          clean_start: true,
          expiry_interval: 0,
          client_attrs: {},
        }
      : {
          ...common,
          disconn_props: {},
          client_attrs: {},
          reason: at.reason ?? 'normal',
          disconnected_at: at.now,
        };
  return {
    topic: `$SYS/brokers/${at.node}/gateway/coap/clients/${ch.clientId}/${event}`,
    payload: new TextEncoder().encode(JSON.stringify(body)),
  };
}
