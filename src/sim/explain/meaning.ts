import type { GatewayEvent } from '../../gateway';
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

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

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

/** A request in a few words: "connect as 123", "publish to coap/test (5 B)". */
export function describeRequest(info: RequestInfo, payloadLength = 0): string {
  switch (info.kind) {
    case 'connect':
      return info.clientId !== undefined
        ? `connect as ${info.clientId}`
        : 'connect without a clientid';
    case 'heartbeat':
      return info.clientId !== undefined ? `heartbeat from ${info.clientId}` : 'heartbeat';
    case 'disconnect':
      return info.clientId !== undefined ? `disconnect ${info.clientId}` : 'disconnect';
    case 'connection-other':
      return `${info.method} on mqtt/connection`;
    case 'mqtt-other':
      return `${info.method} /${info.segments.join('/')}: not a gateway resource`;
    case 'publish': {
      const qos = info.params.get('qos');
      const extra = [qos !== undefined ? `qos ${qos}` : '', `${payloadLength} B`].filter(Boolean);
      return `publish to ${info.topic} (${extra.join(', ')})`;
    }
    case 'subscribe':
      return `subscribe to ${info.topic}`;
    case 'unsubscribe':
      return `unsubscribe from ${info.topic}`;
    case 'observe-invalid':
      return `GET ${info.topic} without Observe 0 or 1`;
    case 'ps-other':
      return `${info.method} on ps/${info.topic}`;
    case 'ps-no-topic':
      return `${info.method} on ps without a topic`;
    case 'unknown':
      return `${info.method} /${info.segments.join('/')}: not a gateway resource`;
  }
}

/** What a response tells about its request, as a short outcome: "token issued", "subscribed". */
export function outcome(
  request: DatagramSummary,
  response: DatagramSummary,
  events: readonly GatewayEvent[],
): string {
  return outcomeOf(requestInfo(request), response, events);
}

function outcomeOf(
  info: RequestInfo | undefined,
  response: DatagramSummary,
  events: readonly GatewayEvent[],
): string {
  const code = dotted(response.code);
  if (find(events, 'login-failed')) return 'login failed';
  switch (code) {
    case '2.01':
      return info?.kind === 'connect' ? 'token issued' : '2.01 Created';
    case '2.02':
      return 'disconnected';
    case '2.04':
      if (info?.kind === 'heartbeat') return 'accepted';
      if (info?.kind === 'publish') {
        const p = find(events, 'published');
        return p
          ? `published, ${p.remote ? 'to the real broker' : plural(p.deliveries, 'delivery', 'deliveries')}`
          : 'published';
      }
      return '2.04 Changed';
    case '2.05':
      if (info?.kind === 'subscribe')
        return find(events, 'observe-kept') ? 'already observed' : 'subscribed';
      return '2.05 Content';
    case '2.07': {
      const c = find(events, 'observe-cancelled');
      return c && !c.existed ? 'nothing to cancel' : 'unsubscribed';
    }
    case '2.31':
      return 'continue';
  }
  return response.code ?? code;
}

/** The `why` of a notification event in a few words: "CON because the message was QoS 1". */
export function notificationReason(type: 'CON' | 'NON', why: string): string {
  const qos = /published message has QoS (\d)/.exec(why);
  if (qos) return `${type} because the message was QoS ${qos[1]}`;
  const forced = /notify_type=(\w+) forces/.exec(why);
  if (forced) return `${type} because notify_type=${forced[1]}`;
  if (/5\.x/.test(why)) return 'NON: 5.x sends every notification as NON';
  return type;
}

function describeResponse(
  summary: DatagramSummary,
  ctx: MeaningContext,
  events: readonly GatewayEvent[],
): string {
  const code = dotted(summary.code);
  const mid = summary.messageId;
  const replay = find(events, 'duplicate', (e) => e.messageId === mid && e.replayed);
  if (replay) return `replay of the cached ${code} for a duplicate of message ${mid}`;
  const info = ctx.request ? requestInfo(ctx.request) : undefined;
  const failed = find(events, 'login-failed');
  if (failed) return `login failed: ${failed.reason}`;
  if (ctx.payloadText?.startsWith('Login Failed: '))
    return `login failed: ${ctx.payloadText.slice('Login Failed: '.length)}`;
  switch (code) {
    case '2.01': {
      const c = find(events, 'connected');
      const token = c?.token ?? ctx.payloadText;
      const who = c?.clientId ?? info?.clientId;
      return `connected${who !== undefined ? ` as ${who}` : ''}: token ${token ?? '?'} issued`;
    }
    case '2.02':
      return 'disconnected: the channel closes';
    case '2.04':
      if (info?.kind === 'heartbeat') return 'heartbeat accepted';
      if (info?.kind === 'publish' || find(events, 'published')) {
        const p = find(events, 'published');
        return p
          ? `published to ${p.topic} (QoS ${p.qos}, ${p.remote ? 'sent to the real broker' : plural(p.deliveries, 'delivery', 'deliveries')})`
          : `published to ${info?.topic ?? '?'}`;
      }
      break;
    case '2.05': {
      const kept = find(events, 'observe-kept');
      if (kept)
        return `already observing ${kept.topic}: notifications keep the first token ${kept.token}`;
      const added = find(events, 'observe-added');
      if (added) return `subscribed to ${added.topic} (QoS ${added.qos})`;
      if (info?.kind === 'subscribe') return `subscribed to ${info.topic}`;
      if (find(events, 'block')) return 'a block of the response';
      break;
    }
    case '2.07': {
      const c = find(events, 'observe-cancelled');
      if (c)
        return c.existed
          ? `unsubscribed from ${c.topic}`
          : `nothing to unsubscribe from ${c.topic} on this channel (2.07 anyway)`;
      return `unsubscribed${info?.topic ? ` from ${info.topic}` : ''}`;
    }
    case '2.31': {
      const b = find(events, 'block');
      return b ? `block ${b.num} received: send the next` : 'continue: send the next block';
    }
  }
  // The gateway's own words (the payload the client sees) first, then why it sent them.
  const why = find(events, 'request', (e) => e.code === summary.codeValue);
  if (why && ctx.payloadText) return `${code} "${ctx.payloadText}": ${why.explanation}`;
  if (why) return `${code}: ${why.explanation}`;
  if (ctx.payloadText) return `${code}: ${ctx.payloadText}`;
  return `response ${summary.code ?? code}`;
}

function outbound(summary: DatagramSummary, ctx: MeaningContext): string {
  const events = ctx.events ?? [];
  const mid = summary.messageId;
  if (summary.type === 'RST') {
    const frame = find(events, 'frame-error', (e) => e.action === 'rst');
    if (frame) return `RST: gateway rejected a malformed CON (${frame.reason})`;
    const ignored = find(events, 'ignored');
    if (ignored && /ping/i.test(ignored.why)) return 'RST: answer to a CoAP ping';
    if (ignored) return 'RST: a response that matches no request of the gateway';
    return `RST for message ${mid}`;
  }
  const note = find(
    events,
    'notification',
    (e) => e.messageId === mid && e.token === summary.token,
  );
  if (note) return `notification on ${note.topic} (${notificationReason(note.type, note.why)})`;
  const down = find(events, 'downlink', (e) => e.what === 'sent' && e.messageId === mid);
  if (down)
    return `request to ${down.clientId} for the management API (call #${down.request}): ${down.detail}`;
  const again = find(events, 'retransmission', (e) => e.messageId === mid);
  if (again)
    return isRequestValue(summary.codeValue)
      ? `retransmission #${again.attempt} of the gateway's request ${mid}`
      : `retransmission #${again.attempt} of notification ${mid}`;

  // A CON/NON with Observe that answers no request is a notification; anything else coded is a reply.
  const notificationShaped =
    summary.type !== 'ACK' && summary.observe !== undefined && !ctx.request;
  if (notificationShaped) return `notification (Observe ${summary.observe})`;
  if (summary.codeValue !== undefined && summary.codeValue >= 0x40)
    return describeResponse(summary, ctx, events);
  return `${summary.type ?? ''} ${summary.code ?? ''}`.trim();
}

function inbound(summary: DatagramSummary, ctx: MeaningContext): string {
  const mid = summary.messageId;
  if (summary.codeValue === 0) {
    const what = ctx.answers
      ? `${ctx.answers.summary.observe !== undefined ? 'notification' : 'message'} ${mid}${ctx.answers.topic ? ` on ${ctx.answers.topic}` : ''}`
      : `message ${mid}`;
    if (summary.type === 'ACK' && ctx.answers && isRequestValue(ctx.answers.summary.codeValue))
      return `empty ACK for the gateway's request ${mid}: the device will answer separately`;
    if (summary.type === 'RST' && ctx.answers && isRequestValue(ctx.answers.summary.codeValue))
      return `RST: the device rejects the gateway's request ${mid}`;
    if (summary.type === 'ACK') return `ACK for ${what}`;
    if (summary.type === 'RST')
      return `RST: client rejects ${what}; the gateway keeps the observation`;
    if (summary.type === 'CON') return 'CoAP ping (empty CON)';
    return 'empty NON';
  }
  if (!isRequestValue(summary.codeValue))
    return ctx.answers && isRequestValue(ctx.answers.summary.codeValue)
      ? `${dotted(summary.code)} from the device: its answer to the gateway's request ${mid}`
      : `response ${summary.code} from the client`;
  const info = requestInfo(summary);
  let text = describeRequest(info, summary.payloadLength);
  if (ctx.response) text += ` → ${outcomeOf(info, ctx.response.summary, ctx.response.events)}`;
  return text;
}

/**
 * A datagram in plain words, for one line of the packet log: "connect as 123 → token issued",
 * "heartbeat accepted", "notification on t (CON because the message was QoS 1)", "ACK for
 * notification 4711", "RST: gateway rejected a malformed CON". Pure; the explainer gathers
 * the context where the datagram is journaled (explainer.ts).
 */
export function meaning(packet: PacketLike, ctx: MeaningContext = {}): string {
  const { summary } = packet;
  if (!summary.ok) return `malformed: ${summary.error ?? 'does not decode'}`;
  const text = packet.direction === 'to-gateway' ? inbound(summary, ctx) : outbound(summary, ctx);
  return ctx.retransmission ? `retransmission #${ctx.retransmission}: ${text}` : text;
}
