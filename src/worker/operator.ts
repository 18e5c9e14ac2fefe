// The operator: the management API's calls (forwarded by the relay, src/wire/api.ts) answered from
// the world, as the reference's emqx_gateway_api_clients answers them: list and look up connected
// clients, kick one, list, make and remove its subscriptions. Pure functions over the world; what
// they change (a kick, a subscription) goes through the world, which journals it.
import type { Channel } from '../gateway';
import type { World } from '../sim';
import { httpError, parseApiCall } from '../wire/api';
import type { ApiAnswer, ApiCall, Json } from '../wire/api';

/** A management API call as the relay forwards it. */
export interface ApiRequest {
  method: string;
  /** Below `/api/v5`, percent-encoded as sent. */
  path: string;
  query: ReadonlyArray<readonly [string, string]>;
  body?: Json;
}

/** emqx_utils_calendar:epoch_to_rfc3339/1 (milliseconds, UTC offset written out). */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+00:00');
}

const notFound = () => httpError(404, 'Client not found');

/** The clients the API knows: connected ones (the reference's channel registry), one per clientid. */
function connectedClients(world: World): Channel[] {
  const seen = new Set<string>();
  const out: Channel[] = [];
  for (const ch of world.gateway.liveChannels()) {
    if (ch.connState !== 'connected' || seen.has(ch.clientId)) continue;
    if (world.gateway.registered(ch.clientId) !== ch) continue;
    seen.add(ch.clientId);
    out.push(ch);
  }
  return out;
}

/** One client as format_channel_info/2 writes it (the counters the playground does not keep are 0). */
export function formatClient(world: World, ch: Channel): { [key: string]: Json } {
  const g = world.gateway;
  return {
    node: g.node,
    clientid: ch.clientId,
    username: ch.username ?? null,
    mountpoint: ch.mountpoint,
    proto_name: 'CoAP',
    proto_ver: '1',
    ip_address: ch.peer.address,
    port: ch.peer.port,
    is_bridge: false,
    connected_at: rfc3339(g.wallClock(ch.connectedAt ?? ch.createdAt)),
    disconnected_at: null,
    connected: true,
    keepalive: Math.floor(ch.checkInterval / 1000),
    clean_start: true,
    expiry_interval: 0,
    created_at: rfc3339(g.wallClock(ch.createdAt)),
    subscriptions_cnt: ch.observes.size,
    subscriptions_max: 'infinity',
    inflight_cnt: ch.inflight === undefined ? 0 : 1,
    inflight_max: 1,
    mqueue_len: ch.queue.length,
    mqueue_max: 100,
    mqueue_dropped: ch.dropped,
    awaiting_rel_cnt: 0,
    awaiting_rel_max: 'infinity',
    recv_oct: 0,
    recv_cnt: ch.recvPkt,
    recv_pkt: ch.recvPkt,
    recv_msg: 0,
    send_oct: 0,
    send_cnt: ch.sent,
    send_pkt: ch.sent,
    send_msg: ch.sent,
    mailbox_len: 0,
    heap_size: 0,
    reductions: 0,
  };
}

/** Runs one validated call against the world. */
export function perform(world: World, call: ApiCall): ApiAnswer {
  const g = world.gateway;
  switch (call.op) {
    case 'list': {
      // qs2ms (exact clientid, username) and run_fuzzy_filter (like_: a substring match).
      const rows = connectedClients(world).filter(
        (ch) =>
          (call.clientid === undefined || ch.clientId === call.clientid) &&
          (call.username === undefined || ch.username === call.username) &&
          (call.likeClientid === undefined || ch.clientId.includes(call.likeClientid)) &&
          (call.likeUsername === undefined || (ch.username ?? '').includes(call.likeUsername)),
      );
      const start = (call.page - 1) * call.limit;
      const page = rows.slice(start, start + call.limit);
      return {
        status: 200,
        body: {
          data: page.map((ch) => formatClient(world, ch)),
          meta: {
            page: call.page,
            limit: call.limit,
            count: rows.length,
            hasnext: start + call.limit < rows.length,
          },
        },
      };
    }
    case 'lookup': {
      const ch = g.registered(call.clientid);
      return ch && ch.connState === 'connected'
        ? { status: 200, body: formatClient(world, ch) }
        : notFound();
    }
    case 'kick':
      return world.kick(call.clientid) ? { status: 204 } : notFound();
    case 'subscriptions': {
      const subs = g.subscriptionsOf(call.clientid);
      return subs
        ? { status: 200, body: subs.map((s) => ({ ...s })) }
        : httpError(404, 'client process not found');
    }
    case 'subscribe': {
      const { qos, nl, rh, rap } = call;
      const r = world.apiSubscribe(call.clientid, call.topic, { qos, nl, rh, rap });
      if (r.ok) return { status: 201, body: { ...r.subscription } };
      return r.error === 'not-found'
        ? httpError(404, 'client process not found')
        : httpError(400, r.error);
    }
    case 'unsubscribe': {
      const r = world.apiUnsubscribe(call.clientid, call.topic);
      return r.ok ? { status: 204 } : httpError(404, 'Resource not found');
    }
  }
}

/** Validates a forwarded call (the relay's message is checked again here) and answers it. */
export function operate(world: World, request: ApiRequest): ApiAnswer {
  const parsed = parseApiCall(request.method, request.path, request.query, request.body);
  return parsed.ok ? perform(world, parsed.call) : parsed.answer;
}
