// The operator: the management API's calls (forwarded by the relay, src/wire/api.ts) answered from
// the world, as the reference's emqx_gateway_api_clients answers them: list and look up connected
// clients, kick one, list, make and remove its subscriptions. Pure functions over the world; what
// they change (a kick, a subscription) goes through the world, which journals it.
import type { Channel, DownlinkOutcome } from '../gateway';
import { methodTerm } from '../gateway';
import type { World } from '../sim';
import { apiError, httpError, parseApiCall } from '../wire/api';
import type { ApiAnswer, ApiCall, ApiCoapRequest, Json } from '../wire/api';
import { msg, type Msg } from '../wire/msg';

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

/** Who made a call: curl (or any HTTP client) through the relay, or the page's Operator view. */
export type ApiSource = 'http' | 'page';

const METHOD_CODES = { get: 1, post: 2, put: 3, delete: 4 } as const;
const CONTENT_FORMATS = { 'text/plain': 0, 'application/json': 50, 'application/octet-stream': 42 };
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

function base64(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}
const fromBase64 = (text: string): Uint8Array =>
  Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** The API's answer for a call's outcome (emqx_coap_api:request/2, format_to_response/2). */
export function requestAnswer(outcome: DownlinkOutcome, contentType: string): ApiAnswer {
  switch (outcome.kind) {
    case 'timeout':
      return { status: 504, body: { code: 'CLIENT_NOT_RESPONSE' } };
    case 'bad-response':
      return { status: 502, body: { code: 'CLIENT_BAD_RESPONSE' } };
    case 'response':
      return {
        status: 200,
        body: {
          // The reference's too-large reply is built from the request, whose id it never set.
          id: outcome.messageId ?? 'undefined',
          token: fromUtf8.decode(outcome.token),
          method: methodTerm(outcome.code),
          payload:
            contentType === 'application/octet-stream'
              ? base64(outcome.payload)
              : fromUtf8.decode(outcome.payload),
        },
      };
  }
}

/**
 * A request's outcome in a few words, for the journal: the API's code when the device did not
 * answer (the gateway's downlink event says why), or what it answered.
 */
function outcomeText(outcome: DownlinkOutcome, answer: ApiAnswer): Msg {
  if (outcome.kind !== 'response')
    return msg('notices:operator.api-message', {
      message: outcome.kind === 'timeout' ? 'CLIENT_NOT_RESPONSE' : 'CLIENT_BAD_RESPONSE',
    });
  const body = answer.body as { method: string; payload: string };
  const payload = body.payload.length > 60 ? `${body.payload.slice(0, 60)}…` : body.payload;
  return msg(payload ? 'notices:operator.answered-payload' : 'notices:operator.answered', {
    method: body.method,
    payload: payload ? `"${payload}"` : undefined,
    blocks: outcome.blocks,
  });
}

/**
 * POST …/request: the operator's entry first (what the gateway's datagram names as its cause),
 * then the CON down to the device; the answer comes when the call ends, journaled again.
 */
function request(
  world: World,
  clientid: string,
  r: ApiCoapRequest,
  path: string,
  source: ApiSource,
): ApiAnswer | Promise<ApiAnswer> {
  const ch = world.gateway.registered(clientid);
  if (!ch || ch.connState !== 'connected')
    return { status: 404, body: { code: 'CLIENT_NOT_FOUND' } };
  const payload =
    r.contentType === 'application/octet-stream' ? fromBase64(r.payload) : utf8.encode(r.payload);
  const entry = world.record({
    kind: 'operator',
    source,
    phase: 'sent',
    method: 'POST',
    path,
    text: msg('notices:operator.sent', {
      method: r.method.toUpperCase(),
      clientid,
      token: `"${r.token}"`,
      contentType: r.contentType,
      bytes: payload.length,
      timeout: String(r.timeout),
    }),
  });
  return new Promise((resolve) => {
    world.sendRequest(
      clientid,
      {
        code: METHOD_CODES[r.method],
        token: utf8.encode(r.token),
        contentFormat: CONTENT_FORMATS[r.contentType],
        payload,
        timeout: r.timeout,
      },
      entry.seq,
      (outcome) => {
        const answer = requestAnswer(outcome, r.contentType);
        world.record(
          {
            kind: 'operator',
            source,
            phase: 'answer',
            method: 'POST',
            path,
            status: answer.status,
            text: outcomeText(outcome, answer),
          },
          { seq: entry.seq, kind: 'call' },
        );
        resolve(answer);
      },
    );
  });
}

/** Runs one validated call against the world; a request down to a device answers later. */
export function perform(
  world: World,
  call: ApiCall,
  path = '',
  source: ApiSource = 'http',
): ApiAnswer | Promise<ApiAnswer> {
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
    case 'request':
      return request(world, call.clientid, call, path, source);
  }
}

/** The error text of an answer (the API's own words, as sent), for the journal. */
function messageOf(a: ApiAnswer): Msg | undefined {
  const body = a.body && typeof a.body === 'object' && !Array.isArray(a.body) ? a.body : undefined;
  const message = body ? String(body.message ?? body.code ?? '') : '';
  return message ? msg('notices:operator.api-message', { message }) : undefined;
}

/**
 * Validates a forwarded call (the relay's message is checked again here), answers it and
 * journals it as an `operator` event (a request down to a device: when it is sent, and again
 * when it ends).
 */
export function operate(
  world: World,
  request: ApiRequest,
  source: ApiSource = 'http',
): ApiAnswer | Promise<ApiAnswer> {
  const path = `/api/v5${request.path}`;
  const parsed = parseApiCall(request.method, request.path, request.query, request.body);
  const answer = parsed.ok ? perform(world, parsed.call, path, source) : parsed.answer;
  if (answer instanceof Promise) return answer;
  world.record({
    kind: 'operator',
    source,
    phase: 'call',
    method: request.method,
    path,
    status: answer.status,
    text: messageOf(answer),
  });
  return answer;
}

/** What every call still waiting gets when the world they were made in is replaced. */
export const WORLD_GONE: ApiAnswer = apiError(
  504,
  'CLIENT_NOT_RESPONSE',
  'the playground started over before the device answered',
);
