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
import { say, type Msg } from './words';

/** What a request comes to: a piggy-backed reply, or silence; either may end the channel. */
export type Outcome =
  | {
      kind: 'reply';
      code: number;
      payload?: string;
      options?: CoapOption[];
      explanation: Msg;
      close?: Close;
    }
  | { kind: 'silent'; explanation: Msg; close?: Close };

interface Close {
  reason: CloseReason;
  detail: Msg;
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
  qosFrom: Msg;
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
  closeChannel(ch: Channel, reason: CloseReason, detail: Msg): void;
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

const reply = (code: number, explanation: Msg, payload?: string, close?: Close): Outcome => ({
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
): Msg {
  // Under 5.x the payload names the wrong cause: the wording quotes it (as sent, a parameter).
  const payload = legacy ? MISSING : undefined;
  switch (kind) {
    case 'no-token':
      return legacy ? say('refusal.no-token-legacy') : say('refusal.no-token');
    case 'no-clientid':
      return say('refusal.no-clientid');
    case 'wrong-token':
      return say(legacy ? 'refusal.wrong-token-legacy' : 'refusal.wrong-token', {
        clientId,
        payload,
      });
    case 'no-session':
      return say('refusal.no-session', { clientId });
    case 'not-this-channel':
      return say(legacy ? 'refusal.not-this-channel-legacy' : 'refusal.not-this-channel', {
        clientId,
        payload,
      });
  }
}

/** Which QoS a request gets when it names none (get_publish_qos/2, type_to_qos/2). */
function defaultQos(
  key: string,
  mode: QosMode,
  type: CoapMessage['type'],
): { qos: QoS; from: Msg } {
  const qos = (mode === 'coap' ? (type === 'CON' ? 1 : 0) : Number(mode.slice(3))) as QoS;
  return {
    qos,
    from:
      mode === 'coap'
        ? say('qos.from-type', { type, key, qos: String(qos) })
        : say('qos.from-config', { setting: `${key}=${mode}` }),
  };
}

/** The crash of an unguarded binary_to_integer (gateway-behaviour §1.7). */
function crash(what: string): Outcome {
  return {
    kind: 'silent',
    explanation: say('crash.explanation', { what }),
    close: { reason: 'crashed', detail: say('crash.detail', { what }) },
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
      return reply(0x81, say('reply.hardened-no-authenticator'));
    }
    const result = authenticate(config, params.get('username'), params.get('password'));
    return result.ok
      ? undefined
      : reply(0x81, say('reply.connectionless-authn-failed', { reason: result.reason }));
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
      return reply(0x42, say('reply.delete-unconnected'), undefined, {
        reason: 'deleted',
        detail: say('closed.delete-before-connect'),
      });
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
  return reply(0x80, say('reply.bad-first-segment', { segment: `'${path[0] ?? ''}'` }));
}

function handleMqtt(
  ctx: RequestContext,
  ch: Channel,
  m: CoapMessage,
  path: string[],
  params: Map<string, string>,
): Outcome {
  if (path.length !== 2 || path[1] !== 'connection')
    return reply(0x80, say('reply.mqtt-only-connection'));
  switch (m.code) {
    case 0x02:
      return connect(ctx, ch, params);
    case 0x03:
      return reply(0x44, say('reply.heartbeat'));
    case 0x04: {
      const cid = params.get('clientid');
      const other = cid !== undefined ? ctx.registered(cid) : undefined;
      if (other && other !== ch)
        ctx.closeChannel(
          other,
          'deleted',
          say('closed.delete-cast', { channel: ch.id, clientId: cid }),
        );
      return reply(0x42, say('reply.disconnect'), undefined, {
        reason: 'deleted',
        detail: say('closed.delete'),
      });
    }
    default:
      return reply(0x85, say('reply.method-on-connection', { code: codeDotted(m.code) }));
  }
}

/** The connect pipeline (gateway-behaviour §1.4 item 3, process_connection/4). */
function connect(ctx: RequestContext, ch: Channel, params: Map<string, string>): Outcome {
  const clientId = params.get('clientid');
  if (ch.connState === 'connected') {
    if (clientId === undefined)
      return reply(0x80, say('reply.connected-no-clientid'), 'Bad Request: invalid queries');
    if (clientId === ch.clientId)
      return reply(0x80, say('reply.already-connected'), 'Bad Request: client has connected');
    return reply(
      0x80,
      say('reply.connected-other-clientid'),
      `Bad Request: channel has registered by: ${clientId}`,
    );
  }
  // `reason` is the gateway's own text, sent on the wire after "Login Failed: ": a parameter.
  const fail = (reason: string, why: 'no-clientid' | 'authn'): Outcome => {
    ctx.emit({ kind: 'login-failed', channel: ch.id, reason });
    return reply(0x80, say(`reply.login-failed.${why}`), `Login Failed: ${reason}`, {
      reason: 'login-failed',
      detail: say('closed.login-failed', { reason }),
    });
  };
  if (clientId === undefined) return fail('clientid is required', 'no-clientid');
  const username = params.get('username');
  const auth = authenticate(ctx.config, username, params.get('password'));
  if (!auth.ok) return fail(auth.reason, 'authn');
  ch.clientId = clientId;
  ch.username = username;
  ch.mountpoint = resolveMountpoint(ctx.config.mountpoint, clientId, username);
  ch.token = ctx.newToken();
  ch.connState = 'connected';
  const discarded = ctx.register(ch);
  ctx.emit({ kind: 'connected', channel: ch.id, clientId, username, token: ch.token, discarded });
  return reply(0x41, say('reply.connected'), ch.token);
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
    return reply(0x80, say('reply.ps-no-topic'), 'invalid topic');

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
    let qosFrom: Msg;
    if (q !== undefined) {
      const n = strictInteger(q);
      if (n === undefined || n < 0 || n > 2) return crash(`qos=${q}`);
      qos = n as QoS;
      qosFrom = say('qos.from-query', { qos: q });
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
      return reply(0x81, say('reply.publish-denied', { topic }));
    ctx.publish(
      ch,
      { topic: mounted, payload: m.payload, qos, retain, expiry, from, qosFrom },
      now,
    );
    return reply(0x44, say('reply.published'));
  }
  if (m.code === 0x01) {
    const observe = getUintOption(m, OPT.Observe);
    if (observe === 0) {
      if (m.token.length === 0)
        return reply(0x80, say('reply.subscribe-no-token'), 'observe without token');
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
        return reply(0x81, say('reply.subscribe-denied', { topic }));
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
        ? say('reply.get-no-observe')
        : say('reply.observe-value', { observe: String(observe) }),
      'invalid observe value',
    );
  }
  return reply(0x85, say('reply.method-on-ps', { code: codeDotted(m.code) }));
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
