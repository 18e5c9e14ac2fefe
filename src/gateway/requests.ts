import type { CoapMessage, CoapOption } from '../coap';
import {
  OPT,
  codeDotted,
  codeName,
  getUintOption,
  isRequestCode,
  toHex,
  uintOption,
  uriPath,
  uriQuery,
} from '../coap';
import type { BrokerPort, QoS } from '../broker';
import type { GatewayConfig, QosMode } from './config';
import type { Channel } from './channel';
import type { CloseReason, GatewayEvent } from './events';
import { parseQuery, strictInteger } from './query';
import { authenticate, authorize, resolveMountpoint } from './auth';

/** What a request comes to: a piggy-backed reply, or silence; either may end the channel. */
export type Outcome =
  | {
      kind: 'reply';
      code: number;
      payload?: string;
      options?: CoapOption[];
      explanation: string;
      close?: Close;
    }
  | { kind: 'silent'; explanation: string; close?: Close };

interface Close {
  reason: CloseReason;
  detail: string;
}

/** A publish a request asks for, as the gateway hands it to the broker. */
export interface GatewayPublish {
  /** The topic with the mountpoint applied. */
  topic: string;
  payload: Uint8Array;
  qos: QoS;
  retain: boolean;
  /** Message expiry interval (s), or undefined for none. */
  expiry: number | undefined;
  /** The publisher's clientid. */
  from: string;
  /** Where the QoS came from, in words (the query, or `publish_qos` and the message type). */
  qosFrom: string;
}

/** What the request handlers need from the gateway. */
export interface RequestContext {
  readonly config: GatewayConfig;
  readonly broker: BrokerPort;
  /** A fresh connection token: decimal of rand:uniform(4294967295) (gateway-behaviour §1.4 item 4). */
  newToken(): string;
  /** The live, connected channel registered under a clientid. */
  registered(clientId: string): Channel | undefined;
  /** Registers a channel under its clientid, discarding any other (open_session, CleanStart=true). */
  register(ch: Channel): string | undefined;
  /** Closes another channel (DELETE with clientid casts `close` to it; takeover). */
  closeChannel(ch: Channel, reason: CloseReason, detail: string): void;
  /** Moves a session (observes and subscriptions) from one channel to another (token takeover). */
  takeOver(from: Channel, to: Channel, now: number): void;
  /** Publishes for a channel's request; returns how many subscribers it reached. */
  publish(ch: Channel, p: GatewayPublish, now: number): number;
  subscribe(
    ch: Channel,
    request: CoapMessage,
    topic: string,
    qos: QoS,
    nl: boolean,
    rh: 0 | 1 | 2,
    now: number,
  ): Outcome;
  unsubscribe(ch: Channel, topic: string): Outcome;
  emit(e: GatewayEvent): void;
}

const reply = (code: number, explanation: string, payload?: string, close?: Close): Outcome => ({
  kind: 'reply',
  code,
  payload,
  explanation,
  close,
});

const MISSING = 'Missing token or clientid in connection mode';
const INVALID = 'Invalid token or clientid in connection mode';

/** A connection-mode request the gatekeeper refuses, by what the learner got wrong. */
export type Refusal =
  'no-token' | 'no-clientid' | 'wrong-token' | 'no-session' | 'not-this-channel';

/**
 * Why the gatekeeper refused a request: one wording per situation, whichever check found it (the
 * channel itself, or a takeover asking the clientid's channel), so the packet log, the detail
 * pane and the lessons say the same thing for the same mistake. Under 5.x the payload the client
 * gets ("Missing token or clientid") is wrong about the cause: the wording says so.
 */
export function refusal(
  kind: Refusal,
  { clientId, legacy = false }: { clientId?: string; legacy?: boolean } = {},
): string {
  const missing5x = legacy
    ? ` (5.x answers 4.00 "${MISSING}" although both were given; 6.x answers 4.01)`
    : '';
  switch (kind) {
    case 'no-token':
      return legacy
        ? 'no token query: 5.x drops a request without a token in connection mode (debug log only); the client times out'
        : 'no token query: in connection mode every request but the connect needs clientid and token';
    case 'no-clientid':
      return 'a token but no clientid: in connection mode every request needs both';
    case 'wrong-token':
      return `the token is not the one the session of clientid ${clientId} was given${missing5x}`;
    case 'no-session':
      return `clientid ${clientId} has no session (it expired, disconnected or never connected), so no token is valid for it: connect again for a new one`;
    case 'not-this-channel':
      return `clientid ${clientId} is not this address's channel, and 5.x moves no session between channels${missing5x}`;
  }
}

/** Which QoS a request gets when it names none (get_publish_qos/2, type_to_qos/2). */
function defaultQos(
  key: string,
  mode: QosMode,
  type: CoapMessage['type'],
): { qos: QoS; from: string } {
  const qos = (mode === 'coap' ? (type === 'CON' ? 1 : 0) : Number(mode.slice(3))) as QoS;
  return {
    qos,
    from: mode === 'coap' ? `${type} request with ${key}=coap → QoS ${qos}` : `${key}=${mode}`,
  };
}

/** The crash of an unguarded binary_to_integer (gateway-behaviour §1.7). */
function crash(what: string): Outcome {
  return {
    kind: 'silent',
    explanation: `${what} is not an integer: the reference gateway's binary_to_integer crashes the channel, so no reply comes and its subscriptions are gone`,
    close: { reason: 'crashed', detail: `badarg in binary_to_integer(${what})` },
  };
}

/** Handles one (reassembled) request on a channel, after dedup. */
/**
 * The checks a request passes before anything else, block-wise reassembly included (the
 * reference's check_auth_state/2 and connectionless authentication): connection-mode token
 * gatekeeping with takeover (gateway-behaviour §1.4 item 2) and per-request authentication of connectionless
 * pub/sub (§1.5). Undefined when the request may go on.
 */
export function admit(
  ctx: RequestContext,
  ch: Channel,
  m: CoapMessage,
  now: number,
): Outcome | undefined {
  const { config } = ctx;
  const legacy = config.profile === '5.x';
  const path = uriPath(m.options);
  const { params } = parseQuery(uriQuery(m.options));
  if (!config.connection_required) {
    if (legacy || path[0] !== 'ps') return undefined;
    if (config.authentication.type === 'none' && config.security_profile === 'hardened') {
      return reply(
        0x81,
        'hardened security profile with no authenticator: connectionless pub/sub is refused',
      );
    }
    const result = authenticate(config, params.get('username'), params.get('password'));
    return result.ok
      ? undefined
      : reply(0x81, `connectionless authentication failed (${result.reason}) for this request`);
  }
  const isConnect =
    m.code === 0x02 && path.length === 2 && path[0] === 'mqtt' && path[1] === 'connection';

  // Connection mode gatekeeping (gateway-behaviour §1.4 item 2, check_auth_state/2, check_token/2).
  if (!isConnect) {
    const token = params.get('token');
    const clientId = params.get('clientid');
    if (token === undefined) {
      return legacy
        ? { kind: 'silent', explanation: refusal('no-token', { legacy }) }
        : reply(0x80, refusal('no-token'), MISSING);
    }
    const isDelete =
      m.code === 0x04 && path[0] === 'mqtt' && path[1] === 'connection' && path.length === 2;
    if (ch.token === undefined && isDelete) {
      return reply(
        0x42,
        'DELETE on a channel that never connected: 2.02 and the fresh channel stops',
        undefined,
        {
          reason: 'deleted',
          detail: 'DELETE mqtt/connection before connecting',
        },
      );
    }
    if (clientId !== undefined && clientId === ch.clientId && ch.connState === 'connected') {
      if (token !== ch.token) {
        return legacy
          ? reply(0x80, refusal('wrong-token', { clientId, legacy }), MISSING)
          : reply(0x81, refusal('wrong-token', { clientId }), INVALID);
      }
    } else if (clientId === undefined) {
      return reply(0x80, refusal('no-clientid'), MISSING);
    } else if (legacy) {
      return reply(0x80, refusal('not-this-channel', { clientId, legacy }), MISSING);
    } else {
      // Token takeover (try_takeover_with_token/4): ask the channel registered under clientid.
      const owner = ctx.registered(clientId);
      if (!owner || owner === ch || owner.token !== token) {
        return reply(
          0x81,
          refusal(owner && owner !== ch ? 'wrong-token' : 'no-session', { clientId }),
          INVALID,
        );
      }
      ctx.takeOver(owner, ch, now);
    }
  }
  return undefined;
}

/** Handles one admitted (and reassembled) request: routes by the first Uri-Path segment. */
export function handleRequest(
  ctx: RequestContext,
  ch: Channel,
  m: CoapMessage,
  now: number,
): Outcome {
  const path = uriPath(m.options);
  const { params } = parseQuery(uriQuery(m.options));
  if (path[0] === 'mqtt') return handleMqtt(ctx, ch, m, path, params);
  if (path[0] === 'ps') return handlePubSub(ctx, ch, m, path, params, now);
  return reply(0x80, `the first path segment must be ps or mqtt, not '${path[0] ?? ''}'`);
}

function handleMqtt(
  ctx: RequestContext,
  ch: Channel,
  m: CoapMessage,
  path: string[],
  params: Map<string, string>,
): Outcome {
  if (path.length !== 2 || path[1] !== 'connection')
    return reply(0x80, 'mqtt/ only has the resource connection');
  switch (m.code) {
    case 0x02:
      return connect(ctx, ch, params);
    case 0x03:
      return reply(
        0x44,
        'heartbeat: 2.04 Changed (the document says 2.01); any inbound datagram resets keep-alive, not only PUT',
      );
    case 0x04: {
      const cid = params.get('clientid');
      const other = cid !== undefined ? ctx.registered(cid) : undefined;
      if (other && other !== ch)
        ctx.closeChannel(
          other,
          'deleted',
          `DELETE from channel ${ch.id} cast close to clientid ${cid}`,
        );
      return reply(
        0x42,
        'disconnect: 2.02 Deleted (the document says 2.01); the channel shuts down',
        undefined,
        {
          reason: 'deleted',
          detail: 'DELETE mqtt/connection',
        },
      );
    }
    default:
      return reply(
        0x85,
        `${codeDotted(m.code)} is not allowed on mqtt/connection (POST, PUT, DELETE)`,
      );
  }
}

/** The connect pipeline (gateway-behaviour §1.4 item 3, process_connection/4). */
function connect(ctx: RequestContext, ch: Channel, params: Map<string, string>): Outcome {
  const clientId = params.get('clientid');
  if (ch.connState === 'connected') {
    if (clientId === undefined)
      return reply(0x80, 'already connected; no clientid given', 'Bad Request: invalid queries');
    if (clientId === ch.clientId)
      return reply(
        0x80,
        'this client is already connected on this channel',
        'Bad Request: client has connected',
      );
    return reply(
      0x80,
      'this channel is already connected under another clientid',
      `Bad Request: channel has registered by: ${clientId}`,
    );
  }
  const fail = (reason: string, why: string): Outcome => {
    ctx.emit({ kind: 'login-failed', channel: ch.id, reason });
    return reply(
      0x80,
      `${why}: 4.00 (the document says 4.01) and the channel shuts down`,
      `Login Failed: ${reason}`,
      {
        reason: 'login-failed',
        detail: reason,
      },
    );
  };
  if (clientId === undefined) return fail('clientid is required', 'no clientid query');
  const username = params.get('username');
  const auth = authenticate(ctx.config, username, params.get('password'));
  if (!auth.ok) return fail(auth.reason, 'authentication failed');
  ch.clientId = clientId;
  ch.username = username;
  ch.mountpoint = resolveMountpoint(ctx.config.mountpoint, clientId, username);
  ch.token = ctx.newToken();
  ch.connState = 'connected';
  const discarded = ctx.register(ch);
  ctx.emit({ kind: 'connected', channel: ch.id, clientId, username, token: ch.token, discarded });
  return reply(0x41, 'connected: 2.01 Created with the token as payload', ch.token);
}

function handlePubSub(
  ctx: RequestContext,
  ch: Channel,
  m: CoapMessage,
  path: string[],
  params: Map<string, string>,
  now: number,
): Outcome {
  const { config } = ctx;
  const legacy = config.profile === '5.x';
  let topic: string;
  try {
    topic = decodeURIComponent(path.slice(1).join('/'));
  } catch {
    topic = '';
  }
  if (path.length < 2 || topic === '')
    return reply(0x80, 'ps needs a topic after it', 'invalid topic');

  // Connectionless (6.x): the clientid query names the publisher for this request (gateway-behaviour §1.5).
  const from =
    !config.connection_required && !legacy ? (params.get('clientid') ?? ch.clientId) : ch.clientId;
  const mounted =
    (ch.connState === 'connected'
      ? ch.mountpoint
      : resolveMountpoint(config.mountpoint, from, params.get('username'))) + topic;

  if (m.code === 0x02) {
    // get_publish_opts/1 parses the numbers before validator/4 authorizes (gateway-behaviour §1.7).
    const q = params.get('qos');
    let qos: QoS;
    let qosFrom: string;
    if (q !== undefined) {
      const n = strictInteger(q);
      if (n === undefined || n < 0 || n > 2) return crash(`qos=${q}`);
      qos = n as QoS;
      qosFrom = `qos=${q} in the query`;
    } else ({ qos, from: qosFrom } = defaultQos('publish_qos', config.publish_qos, m.type));
    let expiry: number | undefined;
    const e = params.get('expiry');
    if (e !== undefined) {
      const n = strictInteger(e);
      if (n === undefined) return crash(`expiry=${e}`);
      expiry = legacy ? undefined : n > 0 ? n : undefined;
    }
    const retain = params.get('retain') === 'true';
    if (!authorize(config, 'publish', topic))
      return reply(0x81, `publishing to ${topic} is denied`);
    ctx.publish(
      ch,
      { topic: mounted, payload: m.payload, qos, retain, expiry, from, qosFrom },
      now,
    );
    return reply(0x44, 'published: 2.04 Changed');
  }
  if (m.code === 0x01) {
    const observe = getUintOption(m, OPT.Observe);
    if (observe === 0) {
      if (m.token.length === 0)
        return reply(
          0x80,
          'a subscribe needs a non-empty CoAP token (the observe token)',
          'observe without token',
        );
      const q = params.get('qos');
      let qos: QoS;
      if (q !== undefined) {
        const n = strictInteger(q);
        if (n === undefined || n < 0 || n > 2) return crash(`qos=${q}`);
        qos = n as QoS;
      } else qos = defaultQos('subscribe_qos', config.subscribe_qos, m.type).qos;
      const nlText = params.get('nl');
      const rhText = params.get('rh');
      const nl = nlText === undefined ? 0 : strictInteger(nlText);
      const rh = rhText === undefined ? 1 : strictInteger(rhText);
      if (nl === undefined) return crash(`nl=${nlText}`);
      if (rh === undefined) return crash(`rh=${rhText}`);
      if (!authorize(config, 'subscribe', topic))
        return reply(0x81, `subscribing to ${topic} is denied`);
      return ctx.subscribe(
        ch,
        m,
        mounted,
        qos,
        nl === 1,
        (rh >= 0 && rh <= 2 ? rh : 1) as 0 | 1 | 2,
        now,
      );
    }
    if (observe === 1) return ctx.unsubscribe(ch, mounted);
    return reply(
      0x80,
      observe === undefined
        ? 'GET on ps/ needs Observe 0 (subscribe) or 1 (unsubscribe)'
        : `Observe ${observe} is neither 0 nor 1`,
      'invalid observe value',
    );
  }
  return reply(0x85, `${codeDotted(m.code)} is not allowed on ps/ (POST publishes, GET observes)`);
}

/** `GET /ps/coap/test?c=1 tok=01` for the journal. */
export function summarize(m: CoapMessage): string {
  const path = uriPath(m.options).join('/');
  const q = uriQuery(m.options);
  const obs = getUintOption(m, OPT.Observe);
  const code = isRequestCode(m.code) ? codeName(m.code).slice(5) : codeName(m.code);
  return `${m.type} ${code} /${path}${q.length ? '?' + q.join('&') : ''}${obs !== undefined ? ` Observe=${obs}` : ''}${m.token.length ? ` token=${toHex(m.token)}` : ''}`;
}

export const observeOption = (seq: number): CoapOption => uintOption(OPT.Observe, seq);
