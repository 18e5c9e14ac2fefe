import type { CloseReason } from '../../gateway';
import { keepaliveForDisplay } from '../settings/url';

/** Why a channel closed, in one line each (gateway-behaviour §1.4–§1.6), for the "Recently closed" list. */
export function explainClose(
  reason: string,
  heartbeatSeconds: number,
): {
  label: string;
  text: string;
} {
  const timing = keepaliveForDisplay(heartbeatSeconds);
  const maxIdle = timing.maxIdle / 1000;
  const check = timing.checkInterval / 1000;
  const table: Record<CloseReason, { label: string; text: string }> = {
    'keepalive-timeout': {
      label: 'keep-alive',
      text: `No datagram for ${trim(maxIdle)}–${trim(maxIdle + check)} s: keep-alive expired (1.5 × heartbeat), taking its subscriptions and token with it.`,
    },
    deleted: {
      label: 'deleted',
      text: 'DELETE /mqtt/connection closed it (2.02 Deleted); a DELETE naming its clientid from another channel does too.',
    },
    'login-failed': {
      label: 'login failed',
      text: 'POST /mqtt/connection failed (no clientid, or the authenticator said no): 4.00 Login Failed, and the channel shut down.',
    },
    discarded: {
      label: 'discarded',
      text: 'A new connect with the same clientid discarded this session (CleanStart = true).',
    },
    takenover: {
      label: 'taken over',
      text: "Another channel presented this client's token and took the session over (§1.4).",
    },
    crashed: {
      label: 'crashed',
      text: 'A bad query value (e.g. qos=abc) crashed the channel: no reply, and its subscriptions are gone.',
    },
    kicked: {
      label: 'kicked',
      text: 'Kicked through the management API (DELETE /gateways/coap/clients/:id).',
    },
  };
  return table[reason as CloseReason] ?? { label: reason, text: 'Closed by the gateway.' };
}

const trim = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));
