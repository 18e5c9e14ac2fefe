import type { GatewayEvent } from '../../gateway';
import { decodeReason } from '../../gateway';
import { msg, type Msg } from '../../wire/msg';
import type { DatagramSummary } from '../summary';
import { dotted, isRequestValue, requestInfo, type RequestInfo } from './request-info';

/** What `meaning` needs of a datagram. */
export interface PacketLike {
  direction: 'to-gateway' | 'from-gateway' | 'to-server' | 'from-server';
  summary: DatagramSummary;
}

/** What the journal tells about a datagram beyond its own bytes (see explainer.ts). */
export interface MeaningContext {
  /** Gateway events of the step that sent an outbound datagram (same time, same channel). */
  events?: readonly GatewayEvent[];
  /** The request a response answers (same peer, same Message ID and token). */
  request?: DatagramSummary;
  /** The first response to a request, once seen, with the events of its step. */
  response?: { summary: DatagramSummary; events: readonly GatewayEvent[] };
  /** For an empty ACK or RST from a client: the gateway message it answers. */
  answers?: { summary: DatagramSummary; topic?: string };
  /** The response's payload as text, when it explains it (a token, an error text). */
  payloadText?: string;
  /** This datagram repeats an earlier one with the same Message ID: retransmission number n. */
  retransmission?: number;
}

function find<K extends GatewayEvent['kind']>(
  events: readonly GatewayEvent[] | undefined,
  kind: K,
  where: (e: Extract<GatewayEvent, { kind: K }>) => boolean = () => true,
): Extract<GatewayEvent, { kind: K }> | undefined {
  if (!events) return undefined;
  for (const e of events)
    if (e.kind === kind && where(e as Extract<GatewayEvent, { kind: K }>))
      return e as Extract<GatewayEvent, { kind: K }>;
  return undefined;
}

/** `meaning:<key>`: every message this file says is in the `meaning` namespace. */
const m = (key: string, params?: Parameters<typeof msg>[1]): Msg => msg(`meaning:${key}`, params);

/** A code or a line as it is on the wire, said as itself in every language. */
export const codeMsg = (code: string): Msg => m('code', { code });

/** A request in a few words: "connect as 123", "publish to coap/test (5 B)". */
export function describeRequest(info: RequestInfo, payloadLength = 0): Msg {
  switch (info.kind) {
    case 'connect':
      return info.clientId !== undefined
        ? m('req.connect-as', { clientId: info.clientId })
        : m('req.connect-anonymous');
    case 'heartbeat':
      return info.clientId !== undefined
        ? m('req.heartbeat-from', { clientId: info.clientId })
        : m('req.heartbeat');
    case 'disconnect':
      return info.clientId !== undefined
        ? m('req.disconnect-client', { clientId: info.clientId })
        : m('req.disconnect');
    case 'connection-other':
      return m('req.connection-other', { method: info.method });
    case 'mqtt-other':
    case 'unknown':
      return m('req.not-a-resource', { method: info.method, path: info.segments.join('/') });
    case 'publish': {
      const qos = info.params.get('qos');
      // Sizes as strings: an identifier-like count the log shows as the bytes say (no grouping).
      const bytes = String(payloadLength);
      return qos !== undefined
        ? m('req.publish-qos', { topic: info.topic, qos, bytes })
        : m('req.publish', { topic: info.topic, bytes });
    }
    case 'subscribe':
      return m('req.subscribe', { topic: info.topic });
    case 'unsubscribe':
      return m('req.unsubscribe', { topic: info.topic });
    case 'observe-invalid':
      return m('req.observe-invalid', { topic: info.topic });
    case 'ps-other':
      return m('req.ps-other', { method: info.method, topic: info.topic });
    case 'ps-no-topic':
      return m('req.ps-no-topic', { method: info.method });
  }
}

/** What a response tells about its request, as a short outcome: "token issued", "subscribed". */
export function outcome(
  request: DatagramSummary,
  response: DatagramSummary,
  events: readonly GatewayEvent[],
): Msg {
  return outcomeOf(requestInfo(request), response, events);
}

function outcomeOf(
  info: RequestInfo | undefined,
  response: DatagramSummary,
  events: readonly GatewayEvent[],
): Msg {
  const code = dotted(response.code);
  if (find(events, 'login-failed')) return m('outcome.login-failed');
  switch (code) {
    case '2.01':
      return info?.kind === 'connect' ? m('outcome.token-issued') : codeMsg('2.01 Created');
    case '2.02':
      return m('outcome.disconnected');
    case '2.04':
      if (info?.kind === 'heartbeat') return m('outcome.accepted');
      if (info?.kind === 'publish') {
        const p = find(events, 'published');
        if (!p) return m('outcome.published');
        return p.remote
          ? m('outcome.published-remote')
          : m('outcome.published-deliveries', { n: p.deliveries });
      }
      return codeMsg('2.04 Changed');
    case '2.05':
      if (info?.kind === 'subscribe')
        return find(events, 'observe-kept')
          ? m('outcome.already-observed')
          : m('outcome.subscribed');
      return codeMsg('2.05 Content');
    case '2.07': {
      const c = find(events, 'observe-cancelled');
      return c && !c.existed ? m('outcome.nothing-to-cancel') : m('outcome.unsubscribed');
    }
    case '2.31':
      return m('outcome.continue');
  }
  return codeMsg(response.code ?? code);
}

/**
 * The `why` of a notification event (gateway:notify.*) in a few words: "CON because the message
 * was QoS 1".
 */
export function notificationReason(type: 'CON' | 'NON', why: Msg): Msg {
  switch (why.id) {
    case 'gateway:notify.qos':
      return m('notify.qos', { type, qos: why.params?.qos });
    case 'gateway:notify.forced':
      return m('notify.forced', { type, notifyType: why.params?.notifyType });
    case 'gateway:notify.legacy-non':
      return m('notify.legacy-non');
  }
  return m('notify.type', { type });
}

function describeResponse(
  summary: DatagramSummary,
  ctx: MeaningContext,
  events: readonly GatewayEvent[],
): Msg {
  const code = dotted(summary.code);
  const mid = summary.messageId;
  const replay = find(events, 'duplicate', (e) => e.messageId === mid && e.replayed);
  if (replay) return m('resp.replay', { code, mid: String(mid) });
  const info = ctx.request ? requestInfo(ctx.request) : undefined;
  const failed = find(events, 'login-failed');
  if (failed) return m('resp.login-failed', { reason: failed.reason });
  if (ctx.payloadText?.startsWith('Login Failed: '))
    return m('resp.login-failed', { reason: ctx.payloadText.slice('Login Failed: '.length) });
  switch (code) {
    case '2.01': {
      const c = find(events, 'connected');
      const token = c?.token ?? ctx.payloadText ?? '?';
      const who = c?.clientId ?? info?.clientId;
      return who !== undefined
        ? m('resp.connected-as', { who, token })
        : m('resp.connected', { token });
    }
    case '2.02':
      return m('resp.disconnected');
    case '2.04':
      if (info?.kind === 'heartbeat') return m('resp.heartbeat-accepted');
      if (info?.kind === 'publish' || find(events, 'published')) {
        const p = find(events, 'published');
        if (!p) return m('resp.published', { topic: info?.topic ?? '?' });
        const qos = String(p.qos);
        return p.remote
          ? m('resp.published-remote', { topic: p.topic, qos })
          : m('resp.published-deliveries', { topic: p.topic, qos, n: p.deliveries });
      }
      break;
    case '2.05': {
      const kept = find(events, 'observe-kept');
      if (kept) return m('resp.already-observing', { topic: kept.topic, token: kept.token });
      const added = find(events, 'observe-added');
      if (added) return m('resp.subscribed-qos', { topic: added.topic, qos: String(added.qos) });
      if (info?.kind === 'subscribe') return m('resp.subscribed', { topic: info.topic });
      if (find(events, 'block')) return m('resp.block');
      break;
    }
    case '2.07': {
      const c = find(events, 'observe-cancelled');
      if (c)
        return c.existed
          ? m('resp.unsubscribed', { topic: c.topic })
          : m('resp.nothing-to-unsubscribe', { topic: c.topic });
      return info?.topic
        ? m('resp.unsubscribed', { topic: info.topic })
        : m('resp.unsubscribed-bare');
    }
    case '2.31': {
      const b = find(events, 'block');
      return b ? m('resp.block-received', { num: String(b.num) }) : m('resp.continue');
    }
  }
  // The gateway's own words (the payload the client sees) first, then why it sent them.
  const why = find(events, 'request', (e) => e.code === summary.codeValue);
  if (why && ctx.payloadText)
    return m('resp.why-payload', { code, payload: ctx.payloadText, why: why.explanation });
  if (why) return m('resp.why', { code, why: why.explanation });
  if (ctx.payloadText) return m('resp.payload', { code, payload: ctx.payloadText });
  return m('resp.code', { code: summary.code ?? code });
}

function outbound(summary: DatagramSummary, ctx: MeaningContext): Msg {
  const events = ctx.events ?? [];
  const mid = summary.messageId;
  if (summary.type === 'RST') {
    const frame = find(events, 'frame-error', (e) => e.action === 'rst');
    if (frame) return m('rst.malformed', { reason: frame.reason });
    const ignored = find(events, 'ignored');
    if (ignored && ignored.why.id === 'gateway:ignored.ping') return m('rst.ping');
    if (ignored) return m('rst.unmatched');
    return m('rst.for', { mid: String(mid) });
  }
  const note = find(
    events,
    'notification',
    (e) => e.messageId === mid && e.token === summary.token,
  );
  if (note)
    return m('notification', {
      topic: note.topic,
      reason: notificationReason(note.type, note.why),
    });
  const down = find(events, 'downlink', (e) => e.what === 'sent' && e.messageId === mid);
  if (down)
    return m('downlink', {
      clientId: down.clientId,
      call: String(down.request),
      detail: down.detail,
    });
  const again = find(events, 'retransmission', (e) => e.messageId === mid);
  if (again)
    return isRequestValue(summary.codeValue)
      ? m('retrans.request', { n: String(again.attempt), mid: String(mid) })
      : m('retrans.notification', { n: String(again.attempt), mid: String(mid) });

  // A CON/NON with Observe that answers no request is a notification; anything else coded is a reply.
  const notificationShaped =
    summary.type !== 'ACK' && summary.observe !== undefined && !ctx.request;
  if (notificationShaped) return m('notification-shaped', { observe: String(summary.observe) });
  if (summary.codeValue !== undefined && summary.codeValue >= 0x40)
    return describeResponse(summary, ctx, events);
  return codeMsg(`${summary.type ?? ''} ${summary.code ?? ''}`.trim());
}

function inbound(summary: DatagramSummary, ctx: MeaningContext): Msg {
  const mid = summary.messageId === undefined ? 'undefined' : String(summary.messageId);
  if (summary.codeValue === 0) {
    const answers = ctx.answers;
    if (summary.type === 'ACK' && answers && isRequestValue(answers.summary.codeValue))
      return m('empty.ack-request', { mid });
    if (summary.type === 'RST' && answers && isRequestValue(answers.summary.codeValue))
      return m('empty.rst-request', { mid });
    if (summary.type === 'ACK' || summary.type === 'RST') {
      const kind = answers?.summary.observe !== undefined ? 'notification' : 'message';
      const what = answers?.topic
        ? m('what.on-topic', { kind, mid, topic: answers.topic })
        : m('what', { kind: answers ? kind : 'message', mid });
      return summary.type === 'ACK' ? m('empty.ack', { what }) : m('empty.rst', { what });
    }
    if (summary.type === 'CON') return m('empty.ping');
    return m('empty.non');
  }
  if (!isRequestValue(summary.codeValue))
    return ctx.answers && isRequestValue(ctx.answers.summary.codeValue)
      ? m('device-answer', { code: dotted(summary.code), mid })
      : m('client-response', { code: summary.code ?? 'undefined' });
  const info = requestInfo(summary);
  const request = describeRequest(info, summary.payloadLength);
  if (!ctx.response) return request;
  return withOutcome(request, outcomeOf(info, ctx.response.summary, ctx.response.events));
}

/** A request's line with what came of it: "connect as 123 → token issued". */
export const withOutcome = (request: Msg, result: Msg): Msg =>
  m('with-outcome', { request, outcome: result });

/** A datagram that does not decode: its decode error (`<reason> at byte <n>`) in words. */
export function malformed(error: string | undefined): Msg {
  if (error === undefined) return m('malformed-unknown');
  const at = /^([a-z0-9-]+) at byte (\d+)$/.exec(error);
  if (at) return m('malformed-at', { reason: decodeReason(at[1]), offset: at[2] });
  return m('malformed', { error });
}

/**
 * A datagram in plain words, for one line of the packet log: "connect as 123 → token issued",
 * "heartbeat accepted", "notification on t (CON because the message was QoS 1)", "ACK for
 * notification 4711", "RST: gateway rejected a malformed CON". Pure; the explainer gathers
 * the context where the datagram is journaled (explainer.ts). A message, rendered by the page
 * in its language.
 */
export function meaning(packet: PacketLike, ctx: MeaningContext = {}): Msg {
  const { summary } = packet;
  if (!summary.ok) return malformed(summary.error);
  const text = packet.direction === 'to-gateway' ? inbound(summary, ctx) : outbound(summary, ctx);
  return ctx.retransmission ? m('retransmission', { n: String(ctx.retransmission), text }) : text;
}
